// The words a clerk reads, kept in one place so that the Panel, the projector, Unggah and
// Audit say the same thing: how a finding is graded, why a photo was refused, what the
// details of an audit event mean. Codes stay in tooltips for the auditor; the screen shows
// words (Indonesian first; English behind the EN switch).

import { contestLabel, formatNumber } from './format';

type Lang = 'id' | 'en';
const pick = (pair: readonly [string, string], lang: Lang) => (lang === 'en' ? pair[1] : pair[0]);

/** A finding's grade, the same pair on the Panel and the projector. */
export const SEVERITY = {
  error: ['TIDAK COCOK', 'MISMATCH'],
  warning: ['PERIKSA', 'CHECK'],
} as const;

export function severityLabel(severity: 'error' | 'warning' | string, lang: Lang): string {
  return pick(severity === 'error' ? SEVERITY.error : SEVERITY.warning, lang);
}

/** Why a page could not be used, by the reader's (or the import's) refusal code. */
export const REFUSALS: Record<string, readonly [string, string]> = {
  decode_error: ['Berkas gambar rusak', 'Image file damaged'],
  unsupported_format: ['Jenis berkas tidak didukung', 'File type not supported'],
  pdf_document: ['PDF perlu dipecah', 'PDF must be split'],
  pdf_tool_missing: ['PDF tidak dapat dibuka', 'PDF cannot be opened'],
  pdf_too_many_pages: ['PDF terlalu banyak halaman', 'PDF has too many pages'],
  pdf_too_slow: ['PDF terlalu lama digambar', 'PDF takes too long to render'],
  pixel_limit: ['Gambar terlalu besar', 'Image too large'],
  too_small: ['Resolusi terlalu kecil', 'Resolution too low'],
  boxes_too_small: ['Kotak angka terlalu kecil', 'Digit boxes too small'],
  too_dark: ['Foto terlalu gelap', 'Photo too dark'],
  too_bright: ['Foto terlalu terang', 'Photo too bright'],
  blurred: ['Foto buram', 'Photo blurred'],
  corner_not_found: ['Tanda sudut tidak terlihat', 'Corner mark not visible'],
  corners_not_found: ['Tanda sudut tidak terlihat', 'Corner marks not visible'],
  tag_not_decoded: ['Kode halaman tidak terbaca', 'Page code unreadable'],
  page_not_placed: ['Halaman tidak dapat ditempatkan', 'Page could not be placed'],
  unknown_page: ['Halaman tidak dikenal', 'Unknown page'],
  wrong_page: ['Halaman salah', 'Wrong page'],
  structure_unmatched: ['Susunan kotak tidak cocok', 'Box layout does not match'],
  structure_ambiguous: ['Halaman tanpa kode tidak pasti', 'Untagged page uncertain'],
  page_unknown: ['Halaman tidak dikenal', 'Unknown page'],
  file_unreadable: ['Berkas tidak dapat dibaca', 'File cannot be read'],
  reader_failed: ['Pembaca gagal', 'Reader failed'],
  duplicate_page: ['Halaman ganda', 'Duplicate page'],
  duplicate_file: ['Berkas ganda', 'Duplicate file'],
};

/** A refusal as the store keeps it (the reader's code apart from the message that says what
 * to do) as a title and that message. A code the UI does not know yet is shown as it is. */
export function refusal(
  code: string | null | undefined,
  message: string | null | undefined,
  lang: Lang,
): { code: string | null; title: string; message: string } {
  const text = (message ?? '').trim();
  if (!code) return { code: null, title: '', message: text };
  const pair = REFUSALS[code];
  return { code, title: pair ? pick(pair, lang) : code, message: text };
}

/** A refusal on one line: "Title: what to do". */
export function refusalText(code: string | null | undefined, message: string | null | undefined, lang: Lang): string {
  const r = refusal(code, message, lang);
  return r.title ? `${r.title}: ${r.message}` : r.message;
}

/** How the reader knew which page a photo is, when it was not by the page's AprilTag (a page's
 * geometry `identity`): a clerk checking a page should know the code was not printed on it. */
export function identityNote(geometry: unknown, lang: Lang): string | null {
  const identity = (geometry as { identity?: unknown } | null)?.identity;
  if (identity === 'structure') {
    return pick(['Dikenali dari susunan kotaknya (lembar tanpa AprilTag)', 'Recognised by its boxes (sheet without an AprilTag)'], lang);
  }
  if (identity === 'qr') {
    return pick(['Dikenali dari kode QR-nya (lembar tanpa AprilTag)', 'Recognised by its QR code (sheet without an AprilTag)'], lang);
  }
  if (identity === 'named') {
    return pick(
      ['Halaman sesuai yang ditetapkan petugas atau separuh lembar lainnya (AprilTag tidak terbaca)', 'Page as named by the clerk or the other half of the sheet (AprilTag not read)'],
      lang,
    );
  }
  return null;
}

/** The detail keys of audit events, as the Audit screen names them. */
const DETAIL_KEYS: Record<string, readonly [string, string]> = {
  blob: ['berkas', 'file'],
  contest: ['jenis', 'contest'],
  count: ['jumlah', 'count'],
  desa: ['desa', 'desa'],
  drill: ['uji coba', 'drill'],
  fingerprint: ['sidik kunci', 'key fingerprint'],
  forms: ['formulir', 'forms'],
  from: ['dari', 'from'],
  geometry: ['letak formulir', 'page geometry'],
  hash: ['sidik', 'hash'],
  kecamatan: ['kecamatan', 'kecamatan'],
  kind: ['jenis', 'kind'],
  last_entry: ['angka terakhir no.', 'last entry no.'],
  level: ['tingkat', 'level'],
  model_version: ['model', 'model'],
  name: ['nama', 'name'],
  objection: ['catatan no.', 'record no.'],
  page: ['halaman no.', 'page no.'],
  page_code: ['kode halaman', 'page code'],
  layout_id: ['tata letak', 'layout'],
  public_key: ['kunci', 'key'],
  panel: ['panel', 'panel'],
  reason: ['alasan', 'reason'],
  reason_code: ['ditolak karena', 'refused for'],
  resolution: ['putusan', 'decision'],
  schema_version: ['versi skema', 'schema version'],
  seq: ['peristiwa no.', 'event no.'],
  signoff: ['persetujuan no.', 'sign-off no.'],
  signature: ['tanda tangan', 'signature'],
  size: ['ukuran (bait)', 'size (bytes)'],
  status: ['status', 'status'],
  tps: ['TPS', 'TPS'],
  workspace_id: ['ID ruang kerja', 'workspace ID'],
};

const VALUE_WORDS: Record<string, readonly [string, string]> = {
  identified: ['dikenali', 'identified'],
  unidentified: ['tidak dikenali', 'unidentified'],
  rejected: ['ditolak', 'rejected'],
  accepted: ['diterima', 'accepted'],
  open: ['terbuka', 'open'],
  keberatan: ['keberatan', 'objection'],
  kejadian_khusus: ['kejadian khusus', 'special incident'],
  kecamatan: ['kecamatan', 'kecamatan'],
  kabupaten: ['kabupaten/kota', 'kabupaten/kota'],
};

const ID_KEYS = new Set(['kecamatan', 'page_code', 'page', 'signoff', 'objection', 'last_entry', 'schema_version', 'seq']);

function detailValue(key: string, v: unknown, lang: Lang): string {
  if (typeof v === 'boolean') return lang === 'en' ? (v ? 'yes' : 'no') : v ? 'ya' : 'tidak';
  // Record numbers and codes are names, not quantities: no thousands separator.
  if (typeof v === 'number') return ID_KEYS.has(key) ? String(v) : formatNumber(v);
  const s = String(v);
  if (key === 'contest') return contestLabel(s);
  if (key === 'hash' || key === 'blob') return s.slice(0, 12);
  // A key and a signature are checked by pleno verify, not read: their first digits name them.
  if (key === 'public_key' || key === 'signature') return `${s.slice(0, 12)}…`;
  if (key === 'reason_code') return REFUSALS[s] ? pick(REFUSALS[s], lang) : s;
  const word = VALUE_WORDS[s];
  return word ? pick(word, lang) : s;
}

/** A one-line summary of an audit event's detail (payload rows are not shown: they can be
 * huge). Lists are counted, nested objects left out. */
export function auditDetail(payload: unknown, lang: Lang): string {
  const p = payload as { detail?: Record<string, unknown> } | null;
  const d = p && typeof p === 'object' && 'detail' in p ? p.detail : p;
  if (!d || typeof d !== 'object') return '';
  return Object.entries(d as Record<string, unknown>)
    .filter(([k, v]) => v !== null && (typeof v !== 'object' || (Array.isArray(v) && k === 'forms')))
    .map(([k, v]) => {
      const label = DETAIL_KEYS[k] ? pick(DETAIL_KEYS[k], lang) : k.replace(/_/g, ' ');
      const value = Array.isArray(v) ? formatNumber(v.length) : detailValue(k, v, lang);
      return `${label}: ${value}`;
    })
    .join(' · ')
    .slice(0, 240);
}
