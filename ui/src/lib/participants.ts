// Who a vote field counts for, by name: the projector reads "02 · Prabowo – Gibran" aloud,
// not "nomor urut 2". Field keys are pleno-core's (`suara_paslon_2`, `suara_partai_3`,
// `suara_calon_3_5`, `jumlah_suara_partai_3`, DPD `suara_calon_7`).

import type { Contest, Election } from './api/types';

const two = (n: number) => String(n).padStart(2, '0');

/** The participant a field's votes belong to, or null for a field that is not a vote row. */
export function participantName(key: string, contest: Contest, election: Election | null): string | null {
  const ballot = election?.ballots.find((b) => b.contest === contest);
  if (!ballot) return null;
  const items = ballot.items;
  let m = /^suara_paslon_(\d+)$/.exec(key);
  if (m && items.kind === 'pairs') {
    const p = items.items.find((x) => x.nomor === Number(m![1]));
    return p ? `${two(p.nomor)} · ${p.presiden} – ${p.wakil}` : null;
  }
  m = /^(?:jumlah_)?suara_partai_(\d+)$/.exec(key);
  if (m && items.kind === 'parties') {
    const p = items.items.find((x) => x.party.nomor === Number(m![1]))?.party;
    return p ? `${two(p.nomor)} · ${p.name}` : null;
  }
  m = /^suara_calon_(\d+)_(\d+)$/.exec(key);
  if (m && items.kind === 'parties') {
    const group = items.items.find((x) => x.party.nomor === Number(m![1]));
    const c = group?.candidates.find((x) => x.nomor === Number(m![2]));
    return group && c ? `${group.party.short} ${c.nomor} · ${c.name}` : null;
  }
  m = /^suara_calon_(\d+)$/.exec(key);
  if (m && items.kind === 'candidates') {
    const c = items.items.find((x) => x.nomor === Number(m![1]));
    return c ? `${two(c.nomor)} · ${c.name}` : null;
  }
  return null;
}
