// Installing the digit model a KPU Kab/Kota retrained: a model is checked before it can be
// installed, one that fails its check offers no install at all, and the installed one can be
// taken back to the shipped model with a reason.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ModelInstall from './ModelInstall.svelte';
import { app } from '../lib/app.svelte';
import { FakeBackend } from '../test/fake';
import summary from '../test/fixtures/summary.json';
import type { Summary } from '../lib/api/types';

let fake: FakeBackend;
const shipped = { version: 'digits.onnx 2026-12-03', installed: false, name: null, sha256: null, reason: null, installed_at: null, installed_by: null, check: null, card: false, sources: [] };
const installed = {
  ...shipped, version: 'Kab 2026-12 (dipasang)', installed: true, name: 'Kab 2026-12', sha256: 'ab'.repeat(32), reason: 'surat 12',
  installed_at: '2026-12-07T01:00:00Z', installed_by: 'Sekretariat PPK', card: true,
  sources: [{ kecamatan: 'SUKAMAJU', kecamatan_code: '330319', bundle_sha256: 'cd'.repeat(32), train: 480, held_out: 126 }],
};
const score = (right: number, accepted: number, wrong: number) => ({ right, accepted, accepted_wrong: wrong });

beforeEach(() => {
  fake = new FakeBackend();
  fake.setWho({ actor: 'Sekretariat PPK', panel: null });
  app.backend = fake;
  app.summary = summary as unknown as Summary;
  app.who = { actor: 'Sekretariat PPK', panel: null };
  app.device = null;
  app.messages = [];
});
afterEach(cleanup);

async function checkFile(path: string) {
  await fireEvent.input(screen.getByTestId('model-path'), { target: { value: path } });
  await fireEvent.click(screen.getByTestId('model-check'));
}

describe('ModelInstall', () => {
  it('offers no install for a model that passes wrong digits, and says why', async () => {
    fake.answers.model_in_use = shipped;
    fake.answers.check_model = {
      sha256: 'cd'.repeat(32), gate: 0.98, in_use: shipped.version, embedding: true,
      sets: [{ name: 'sintetis', boxes: 331, in_use: score(325, 300, 0), candidate: score(33, 331, 298) }],
      problems: ['pada 331 kotak sintetis model ini meloloskan 298 angka salah'],
    };
    render(ModelInstall);
    expect((await screen.findByTestId('model-in-use')).textContent).toContain('model bawaan Pleno');
    await checkFile('/kirim/buruk.onnx');
    expect(await screen.findByTestId('model-refused')).toBeTruthy();
    expect(screen.getByTestId('model-check-table').textContent).toContain('0 / 298');
    expect(screen.queryByTestId('model-install')).toBeNull();
    expect(fake.calls.some((c) => c.command === 'install_model')).toBe(false);
  });

  it('installs a model that passed, with its name and reason, then goes back to the shipped one', async () => {
    fake.answers.model_in_use = shipped;
    const passed = {
      sha256: 'ab'.repeat(32), gate: 0.98, in_use: shipped.version, embedding: true,
      sets: [
        { name: 'sintetis', boxes: 331, in_use: score(325, 300, 0), candidate: score(327, 305, 0) },
        { name: 'kantor', boxes: 420, in_use: score(400, 380, 1), candidate: score(410, 395, 1) },
      ],
      problems: [],
    };
    fake.answers.check_model = passed;
    fake.answers.install_model = passed;
    render(ModelInstall);
    await screen.findByTestId('model-in-use');
    await checkFile('/kirim/digits-kab.onnx');
    const install = await screen.findByTestId('model-install');
    expect((install as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('model-name'), { target: { value: 'Kab 2026-12' } });
    await fireEvent.input(screen.getByTestId('model-reason'), { target: { value: 'surat 12' } });
    await fireEvent.input(screen.getByTestId('model-card-path'), { target: { value: '/kirim/training.json' } });
    fake.answers.model_in_use = installed;
    await fireEvent.click(install);
    await waitFor(() => expect(screen.getByTestId('model-in-use').textContent).toContain('Kab 2026-12'));
    expect(fake.calls.find((c) => c.command === 'install_model')?.args).toEqual({ path: '/kirim/digits-kab.onnx', name: 'Kab 2026-12', reason: 'surat 12', card: '/kirim/training.json' });
    expect(screen.getByTestId('model-source').textContent).toBe('Dilatih dengan potongan Kecamatan SUKAMAJU (330319): 480 kotak');

    fake.answers.remove_model = shipped;
    await fireEvent.input(screen.getByTestId('model-remove-reason'), { target: { value: 'ditarik KPU' } });
    await fireEvent.click(screen.getByTestId('model-remove'));
    await waitFor(() => expect(screen.getByTestId('model-in-use').textContent).toContain('model bawaan Pleno'));
    expect(fake.calls.find((c) => c.command === 'remove_model')?.args).toEqual({ reason: 'ditarik KPU' });
  });
});
