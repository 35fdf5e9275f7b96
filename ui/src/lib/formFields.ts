// How a form's fields and findings are named and grouped on screen (Panel, its dialogs).

import type { Election, FieldView, Finding } from './api/types';

type Lang = 'id' | 'en';

export function fieldLabel(f: FieldView, lang: Lang): string {
  return lang === 'en' ? f.label_en : f.label_id;
}

export function findingText(f: Finding, lang: Lang): string {
  return lang === 'en' ? f.text_en : f.text_id;
}

/** A rule is an error on this form when any of its findings is one. */
export function ruleSeverity(findings: Finding[], rule: string): 'error' | 'warning' {
  return findings.some((f) => f.rule === rule && f.severity === 'error') ? 'error' : 'warning';
}

const SECTION: Record<string, [string, string]> = {
  I: ['I. Data pemilih dan pengguna hak pilih', 'I. Voters and turnout'],
  II: ['II. Penggunaan surat suara', 'II. Ballot usage'],
  III: ['III. Pemilih disabilitas', 'III. Voters with disabilities'],
  IV: ['IV. Perolehan suara', 'IV. Votes'],
  V: ['V. Suara sah dan tidak sah', 'V. Valid and invalid votes'],
};

/** The section, or for a party list the party's block (IV.3). */
export function groupOf(f: FieldView): string {
  if (f.section !== 'IV') return f.section;
  const m = /^IV\.(\d+)\.(A|B)/.exec(f.code);
  return m ? `IV.${m[1]}` : 'IV';
}

export function groupTitle(f: FieldView, contest: string | undefined, election: Election | null, lang: Lang): string {
  const g = groupOf(f);
  if (g.startsWith('IV.')) {
    const nomor = Number(g.slice(3));
    const ballot = election?.ballots.find((b) => b.contest === contest);
    if (ballot?.items.kind === 'parties') {
      const p = ballot.items.items.find((x) => x.party.nomor === nomor);
      if (p) return `IV.${nomor} ${p.party.name} (${p.party.short})`;
    }
    return g;
  }
  const t = SECTION[g];
  return t ? (lang === 'en' ? t[1] : t[0]) : g;
}

/** The newest entry of the form as shown: what a write sends back as `based_on`, so that a
 * change another panel made in between is refused (`stale_write`) instead of overwritten. */
export function formVersion(form: { fields: { entry: number | null }[] }): number {
  return form.fields.reduce((m, f) => Math.max(m, f.entry ?? 0), 0);
}
