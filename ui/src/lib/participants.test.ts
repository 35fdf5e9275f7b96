import { describe, expect, it } from 'vitest';

import type { Election } from './api/types';
import { participantName } from './participants';

const election = {
  kecamatan: { provinsi_name: '', kabupaten_name: '', code: '330319', name: 'SUKAMAJU', desa: [] },
  ballots: [
    { contest: 'ppwp', items: { kind: 'pairs', items: [{ nomor: 2, presiden: 'H. Prabowo Subianto', wakil: 'Gibran Rakabuming Raka' }] } },
    {
      contest: 'dpr',
      items: { kind: 'parties', items: [{ party: { nomor: 3, name: 'Partai Contoh', short: 'PC' }, candidates: [{ nomor: 5, name: 'Siti Rahma' }] }] },
    },
    { contest: 'dpd', items: { kind: 'candidates', items: [{ nomor: 7, name: 'Budi Santoso' }] } },
  ],
  members: [],
  saksi: [],
} as unknown as Election;

describe('participantName', () => {
  it('names pairs, parties, party candidates and DPD candidates', () => {
    expect(participantName('suara_paslon_2', 'ppwp', election)).toBe('02 · H. Prabowo Subianto – Gibran Rakabuming Raka');
    expect(participantName('suara_partai_3', 'dpr', election)).toBe('03 · Partai Contoh');
    expect(participantName('jumlah_suara_partai_3', 'dpr', election)).toBe('03 · Partai Contoh');
    expect(participantName('suara_calon_3_5', 'dpr', election)).toBe('PC 5 · Siti Rahma');
    expect(participantName('suara_calon_7', 'dpd', election)).toBe('07 · Budi Santoso');
  });

  it('leaves other rows and unknown numbers alone', () => {
    expect(participantName('suara_sah', 'ppwp', election)).toBeNull();
    expect(participantName('suara_paslon_9', 'ppwp', election)).toBeNull();
    expect(participantName('suara_paslon_2', 'dpr', election)).toBeNull();
    expect(participantName('suara_paslon_2', 'ppwp', null)).toBeNull();
  });
});
