// An import that cannot start, or stops on an error, is shown as a failure in Indonesian —
// never as a green "Impor selesai" with a card stuck at 0 / 0.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Unggah from './Unggah.svelte';
import { app } from '../lib/app.svelte';
import { BackendError } from '../lib/api/backend';
import { FakeBackend } from '../test/fake';
import election from '../test/fixtures/election.json';
import type { Election } from '../lib/api/types';

let fake: FakeBackend;

beforeEach(() => {
  fake = new FakeBackend();
  fake.setWho({ actor: 'Siti Aminah', panel: null });
  app.backend = fake;
  app.election = election as unknown as Election;
  app.who = { actor: 'Siti Aminah', panel: null };
  app.messages = [];
});
afterEach(() => cleanup());

async function importPath(path: string) {
  render(Unggah);
  await fireEvent.input(screen.getByTestId('photo-path'), { target: { value: path } });
  await fireEvent.click(screen.getByRole('button', { name: 'Impor foto' }));
}

describe('Unggah', () => {
  it('a folder that is not there is refused with its name, and no job card appears', async () => {
    fake.answers.import_photos = new BackendError(
      'file_not_found',
      '/media/usb/Desa Karangjati tidak dapat dibuka (tidak ada); periksa nama dan letaknya',
      422,
    );
    await importPath('/media/usb/Desa Karangjati');
    await waitFor(() => expect(app.messages.map((m) => m.code)).toEqual(['file_not_found']));
    expect(app.messages[0].kind).toBe('error');
    expect(app.messages[0].text).toContain('Desa Karangjati');
    expect(screen.queryByTestId('job')).toBeNull();
  });

  it('an import that stops on an error ends red, with the reason, not "selesai"', async () => {
    fake.answers.import_photos = { job: 7 };
    await importPath('/media/usb/foto');
    await screen.findByTestId('job');
    const summary = 'Impor gagal: folder /media/usb/foto/TPS 003 tidak dapat dibaca (tidak ada izin membaca); periksa nama dan izinnya. Halaman yang sudah masuk tetap tersimpan.';
    fake.emit({ type: 'job_finished', job: 7, cancelled: false, failed: true, summary });
    const end = await screen.findByTestId('job-end');
    expect(end.textContent).toContain('gagal');
    expect(end.textContent).not.toContain('selesai');
    expect(end.querySelector('.chip')?.className).toContain('error');
    expect(screen.queryByRole('button', { name: 'Batalkan' })).toBeNull();
    expect(app.messages.some((m) => m.kind === 'error' && m.code === 'import_failed')).toBe(true);
    expect(app.messages.some((m) => m.title === 'Impor selesai')).toBe(false);
  });
});
