// The recap's footer as the plenary reads it: each TPS not yet counted named by its desa, and a
// form waiting for the panel never called missing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, waitFor } from '@testing-library/svelte';
import Rekap from './Rekap.svelte';
import { app } from '../lib/app.svelte';
import { FakeBackend } from '../test/fake';
import election from '../test/fixtures/election.json';
import type { Election } from '../lib/api/types';

let fake: FakeBackend;

function completeness(expected: number, agreed: number, missing: string[], unagreed: string[]) {
  return { expected, agreed, missing, unagreed, absent: [] };
}

beforeEach(() => {
  fake = new FakeBackend();
  app.backend = fake;
  app.election = election as unknown as Election;
  const karangjati = { code: '3303192001', name: 'KARANGJATI', totals: {}, completeness: completeness(10, 9, [], ['3303192001002']) };
  const banjarsari = { code: '3303192005', name: 'BANJARSARI', totals: {}, completeness: completeness(6, 5, ['3303192005006'], []) };
  const kecamatan = {
    contest: 'ppwp',
    column_level: 'desa',
    place_code: '330319',
    place_name: 'SUKAMAJU',
    rows: [],
    columns: [karangjati, banjarsari],
    total: {},
    completeness: completeness(16, 14, ['3303192005006'], ['3303192001002']),
  };
  fake.answers.recap = { contests: [{ contest: 'ppwp', kecamatan, lampiran: [] }] };
  fake.answers.signoffs = [];
});
afterEach(() => cleanup());

describe('Rekap', () => {
  it('names the desa of every TPS not yet counted, and a form not received as such', async () => {
    render(Rekap);
    await waitFor(() => expect(document.body.textContent).toContain('KARANGJATI · TPS 002'));
    expect(document.body.textContent).toContain('BANJARSARI · TPS 006 belum diterima');
    expect(document.body.textContent).not.toContain('tidak ada');
    // The desa tile keeps the whole name.
    expect(document.querySelector('[data-desa="3303192001"]')?.textContent).toContain('KARANGJATI');
  });
});
