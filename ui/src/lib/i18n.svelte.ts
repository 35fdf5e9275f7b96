// Indonesian first, English switchable. Texts sit where they are used as tr('id', 'en');
// error codes (docs/api.md) get a short title here and keep the server's message, which says
// what happened and what to do.

export type Lang = 'id' | 'en';

const LANG_KEY = 'pleno.lang';

function initialLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(LANG_KEY);
    if (v === 'en' || v === 'id') return v;
  } catch {
    /* storage blocked */
  }
  return 'id';
}

export const i18n = $state<{ lang: Lang }>({ lang: initialLang() });

export function setLang(lang: Lang): void {
  i18n.lang = lang;
  try {
    globalThis.localStorage?.setItem(LANG_KEY, lang);
  } catch {
    /* storage blocked */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** The text in the current language. */
export function tr(id: string, en: string): string {
  return i18n.lang === 'en' ? en : id;
}

/** Title of each stable error code, in both languages. */
export const ERROR_TITLES: Record<string, [string, string]> = {
  unauthorized: ['Token tidak dikenal', 'Unknown token'],
  forbidden: ['Tidak diizinkan', 'Not allowed'],
  read_only: ['Hanya-baca', 'Read-only'],
  actor_required: ['Nama petugas belum diisi', 'Clerk name missing'],
  bad_request: ['Permintaan tidak valid', 'Invalid request'],
  not_found: ['Tidak ditemukan', 'Not found'],
  bad_input_file: ['Berkas tidak dapat dibaca', 'File cannot be read'],
  reason_required: ['Alasan wajib diisi', 'Reason required'],
  form_has_errors: ['Formulir masih melanggar aturan', 'Form still breaks a rule'],
  warnings_need_acknowledgement: ['Peringatan harus diakui', 'Warnings must be acknowledged'],
  no_suggestion: ['Saran sudah tidak berlaku', 'Suggestion no longer applies'],
  no_recount_ordered: ['Belum ada perintah hitung ulang', 'No recount ordered'],
  form_incomplete: ['Isian belum lengkap', 'Form incomplete'],
  not_panel_chair: ['Bukan pimpinan panel', 'Not the panel chair'],
  job_running: ['Masih ada proses berjalan', 'A job is still running'],
  not_a_workspace: ['Bukan folder ruang kerja', 'Not a workspace folder'],
  workspace_locked: ['Ruang kerja sedang dibuka', 'Workspace is in use'],
  workspace_exists: ['Ruang kerja sudah ada', 'Workspace already exists'],
  schema_newer: ['Versi Pleno terlalu lama', 'Pleno version too old'],
  disk_full: ['Disk penuh', 'Disk full'],
  objection_required: ['Perlu keberatan/kejadian khusus', 'Objection required'],
  desa_incomplete: ['Desa belum lengkap', 'Desa incomplete'],
  kecamatan_incomplete: ['Kecamatan belum lengkap', 'Kecamatan incomplete'],
  already_signed_off: ['Sudah disepakati/ditutup', 'Already signed off'],
  value_out_of_range: ['Angka di luar batas', 'Figure out of range'],
  panel_limit: ['Batas jumlah panel', 'Panel limit'],
  empty_reason: ['Alasan kosong', 'Empty reason'],
  empty_form: ['Tidak ada angka', 'No figures'],
  offline: ['Server tidak menjawab', 'Server not answering'],
  not_available: ['Belum tersedia', 'Not available'],
  no_workspace: ['Belum ada ruang kerja', 'No workspace open'],
  open_failed: ['Berkas tidak dapat dibuka', 'File could not be opened'],
  file_not_found: ['Berkas atau folder tidak ada', 'File or folder not found'],
  import_failed: ['Impor gagal', 'Import failed'],
  internal: ['Kesalahan di dalam Pleno', 'Internal error'],
};

/** Short title of an error code (falls back to a generic one). */
export function errorTitle(code: string): string {
  const t = ERROR_TITLES[code];
  if (!t) return tr('Tindakan tidak berhasil', 'Action failed');
  return i18n.lang === 'en' ? t[1] : t[0];
}

/** What to do when the server message does not say (generic codes only). */
export function errorHint(code: string): string | null {
  switch (code) {
    case 'internal':
    case 'database':
    case 'io':
      return tr(
        'Catat pesan ini, simpan cadangan ruang kerja (pleno backup), lalu hubungi petugas teknis.',
        'Note this message, back up the workspace (pleno backup), then call technical support.',
      );
    case 'unauthorized':
      return tr(
        'Buka ulang alamat yang dicetak oleh "pleno serve" (dengan ?token=…).',
        'Reopen the address printed by "pleno serve" (with ?token=…).',
      );
    default:
      return null;
  }
}
