// Messages leave: news after a moment, errors after long enough to read, and "clerk name
// missing" the moment the name is given.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MESSAGE_MS, app, notify, setWho } from './app.svelte';

beforeEach(() => {
  vi.useFakeTimers();
  app.messages = [];
});
afterEach(() => vi.useRealTimers());

describe('messages', () => {
  it('leave by themselves, errors later than news', () => {
    notify('ok', 'Impor selesai');
    notify('error', '', 'Server menjawab 500', 'internal');
    expect(app.messages).toHaveLength(2);
    vi.advanceTimersByTime(MESSAGE_MS.news + 1);
    expect(app.messages.map((m) => m.code)).toEqual(['internal']);
    vi.advanceTimersByTime(MESSAGE_MS.error);
    expect(app.messages).toHaveLength(0);
  });

  it('the same message twice shows once', () => {
    notify('error', '', 'Nama petugas belum diisi', 'actor_required');
    notify('error', '', 'Nama petugas belum diisi', 'actor_required');
    expect(app.messages).toHaveLength(1);
  });

  it('"clerk name missing" goes when the name is set', () => {
    notify('error', '', 'Isi nama petugas dulu', 'actor_required');
    notify('error', '', 'Server menjawab 500', 'internal');
    setWho({ actor: 'Siti Aminah', panel: null });
    expect(app.messages.map((m) => m.code)).toEqual(['internal']);
  });
});
