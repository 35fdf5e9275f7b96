// Numbers, dates, codes and durations the way the PPK writes them: 1.234 (dot thousands),
// "29 Februari 2024 14.05" (local time, dot in the time), TPS 004, DPRD KAB/KOTA.

import type { Contest, Source } from './api/types';

/** 1234 → "1.234"; null/undefined → "–". Figures always use the Indonesian grouping. */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const sign = n < 0 ? '-' : '';
  const [int, frac] = Math.abs(n).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${sign}${grouped},${frac}` : `${sign}${grouped}`;
}

/** 0.973 → "97%" ; with digits=1 → "97,3%". */
export function formatPercent(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return `${(x * 100).toFixed(digits).replace('.', ',')}%`;
}

/** Parses what a clerk types: "1.234", "1234", " 12 " → number; anything else → null. */
export function parseFigure(text: string): number | null {
  const t = text.trim().replace(/\./g, '');
  if (!/^\d{1,6}$/.test(t)) return null;
  return Number(t);
}

const MONTHS_ID = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
];
const MONTHS_EN = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const pad = (n: number) => String(n).padStart(2, '0');

function parts(iso: string, timeZone?: string) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  if (!timeZone) {
    return { y: d.getFullYear(), m: d.getMonth(), day: d.getDate(), h: d.getHours(), min: d.getMinutes(), s: d.getSeconds() };
  }
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: +p.year, m: +p.month - 1, day: +p.day, h: +p.hour, min: +p.minute, s: +p.second };
}

/** "2024-02-29T07:05:00Z" → "29 Februari 2024" (local date). */
export function formatDate(iso: string, lang: 'id' | 'en' = 'id', timeZone?: string): string {
  const p = parts(iso, timeZone);
  if (!p) return iso;
  const months = lang === 'en' ? MONTHS_EN : MONTHS_ID;
  return `${p.day} ${months[p.m]} ${p.y}`;
}

/** "2024-02-29T07:05:00Z" → "29 Februari 2024 14.05" in WIB; English uses a colon. */
export function formatDateTime(iso: string, lang: 'id' | 'en' = 'id', timeZone?: string): string {
  const p = parts(iso, timeZone);
  if (!p) return iso;
  const sep = lang === 'en' ? ':' : '.';
  return `${formatDate(iso, lang, timeZone)} ${pad(p.h)}${sep}${pad(p.min)}`;
}

/** Time of day with seconds: "14.05.09". */
export function formatTime(iso: string, lang: 'id' | 'en' = 'id', timeZone?: string): string {
  const p = parts(iso, timeZone);
  if (!p) return iso;
  const sep = lang === 'en' ? ':' : '.';
  return `${pad(p.h)}${sep}${pad(p.min)}${sep}${pad(p.s)}`;
}

/** Seconds → "45 detik", "3 menit", "1 jam 5 menit". */
export function formatDuration(seconds: number | null | undefined, lang: 'id' | 'en' = 'id'): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const w = lang === 'en' ? { s: 'sec', m: 'min', h: 'h' } : { s: 'detik', m: 'menit', h: 'jam' };
  if (s < 60) return `${s} ${w.s}`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} ${w.m}`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? `${h} ${w.h} ${rest} ${w.m}` : `${h} ${w.h}`;
}

/** "3303192003004" → "TPS 004". */
export function tpsLabel(code: string | null | undefined): string {
  if (!code) return '–';
  return `TPS ${code.slice(-3)}`;
}

const CONTEST_LABEL: Record<Contest, string> = {
  ppwp: 'PPWP',
  dpr: 'DPR',
  dpd: 'DPD',
  dprd_prov: 'DPRD Provinsi',
  dprd_kab: 'DPRD Kab/Kota',
};

/** "dprd_kab" (or "dprd-kab") → "DPRD Kab/Kota". */
/** A field's code as the paper prints it, with its column: "I.B.1 (L)", "IV.2". */
export function fieldCode(f: { code: string; col?: 'L' | 'P' | 'J' | null }): string {
  return f.col ? `${f.code} (${f.col})` : f.code;
}

export function contestLabel(c: string | null | undefined): string {
  if (!c) return 'semua jenis';
  const key = c.replace(/-/g, '_') as Contest;
  return CONTEST_LABEL[key] ?? c.toUpperCase();
}

/** Where a figure came from, for the field list and history. */
export function sourceLabel(s: Source | null | undefined, lang: 'id' | 'en' = 'id'): string {
  const id: Record<string, string> = {
    ocr_accepted: 'bacaan mesin diterima',
    clerk: 'petugas',
    recount: 'hitung ulang',
    import: 'impor berkas',
  };
  const en: Record<string, string> = {
    ocr_accepted: 'machine reading accepted',
    clerk: 'clerk',
    recount: 'recount',
    import: 'file import',
  };
  if (!s) return lang === 'en' ? 'machine reading' : 'bacaan mesin';
  return (lang === 'en' ? en : id)[s] ?? s;
}

/**
 * How much of a box's side the photo's shake smeared, the worst of the field's boxes, when it
 * is beyond the policy's bar (`max_smear`); null otherwise. The model can be sure of an 8 a shake
 * turned into a 0, so such a field is doubted whatever its confidence (docs/reader.md).
 */
export function smearBeyond(digits: readonly { smear?: number | null }[] | null | undefined, max = 0.04): number | null {
  const worst = Math.max(-1, ...(digits ?? []).map((d) => d.smear ?? -1));
  return worst > max ? worst : null;
}

/** Confidence band for the colour of a field: ok ≥ policy, doubt ≥ 0.8, low below. */
export function confidenceBand(confidence: number | null | undefined, min = 0.97): 'ok' | 'doubt' | 'low' | 'none' {
  if (confidence === null || confidence === undefined) return 'none';
  if (confidence >= min) return 'ok';
  if (confidence >= 0.8) return 'doubt';
  return 'low';
}
