// The projector as the hall sees it before the panel has chosen anything, and once it has.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { FakeBackend } from '../test/fake';

let fake: FakeBackend;
vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/api')>()),
  createBackend: async () => fake,
}));
import Projector from './Projector.svelte';

beforeEach(() => {
  fake = new FakeBackend();
});
afterEach(() => cleanup());

describe('Projector', () => {
  it('waits calmly, with the kecamatan and its progress, before any form is chosen', async () => {
    // What `pleno serve` answers then: an empty body, which the HTTP backend reads as {}.
    fake.answers.selection = {};
    render(Projector);
    const waiting = await screen.findByTestId('projector-waiting');
    await waitFor(() => expect(waiting.textContent).toContain('591 dari 600 formulir C.Hasil disepakati'));
    expect(waiting.textContent).toContain('SUKAMAJU');
    expect(waiting.textContent).toContain('Menunggu formulir berikutnya');
    expect(document.body.textContent).not.toMatch(/wajib|argumen|error/i);
    expect(fake.named('form')).toHaveLength(0);
  });

  it('shows the field the panel reads once it is chosen', async () => {
    fake.answers.selection = { tps: '3303192003004', contest: 'ppwp', field: 'suara_paslon_2', page: null };
    render(Projector);
    const value = await screen.findByTestId('projector-value');
    expect(value.textContent).toContain('652');
    expect(screen.queryByTestId('projector-waiting')).toBeNull();
  });
});
