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
  // Every code of docs/api.md (pleno-app's ErrorCode), then the UI's own.
  unauthorized: ['Token tidak dikenal', 'Unknown token'],
  forbidden: ['Tidak diizinkan', 'Not allowed'],
  read_only: ['Hanya-baca', 'Read-only'],
  actor_required: ['Nama petugas belum diisi', 'Clerk name missing'],
  not_panel_chair: ['Bukan pimpinan panel', 'Not the panel chair'],
  no_workspace: ['Belum ada ruang kerja', 'No workspace open'],
  bad_request: ['Permintaan tidak valid', 'Invalid request'],
  bad_input_file: ['Berkas tidak dapat dibaca', 'File cannot be read'],
  request_timeout: ['Permintaan tidak selesai dikirim', 'Request not sent in time'],
  request_too_large: ['Permintaan terlalu besar', 'Request too large'],
  bad_bundle: ['Paket data ditolak', 'Bundle refused'],
  not_found: ['Tidak ditemukan', 'Not found'],
  file_not_found: ['Berkas atau folder tidak ada', 'File or folder not found'],
  image_unreadable: ['Foto tidak dapat dibuka', 'Photo cannot be opened'],
  calibration_failed: ['Tata letak tidak terdeteksi', 'Layout not detected'],
  model_refused: ['Model angka ditolak', 'Digit model refused'],
  page_refused: ['Halaman belum terbaca', 'Page not read'],
  empty_form: ['Tidak ada angka', 'No figures'],
  reason_required: ['Alasan wajib diisi', 'Reason required'],
  empty_reason: ['Alasan kosong', 'Empty reason'],
  form_has_errors: ['Formulir masih melanggar aturan', 'Form still breaks a rule'],
  warnings_need_acknowledgement: ['Peringatan harus diakui', 'Warnings must be acknowledged'],
  form_incomplete: ['Isian belum lengkap', 'Form incomplete'],
  no_suggestion: ['Saran sudah tidak berlaku', 'Suggestion no longer applies'],
  no_recount_ordered: ['Belum ada perintah hitung ulang', 'No recount ordered'],
  key_not_enrolled: ['Kunci PPK belum terdaftar', 'PPK key not enrolled'],
  key_not_trusted: ['Kunci paket bukan kunci PPK yang terdaftar', 'Bundle key is not the enrolled PPK key'],
  fingerprint_mismatch: ['Sidik kunci tidak cocok', 'Fingerprint does not match'],
  key_missing: ['Kunci tanda tangan tidak ada', 'Signing key missing'],
  key_exists: ['Kunci tanda tangan sudah ada', 'Signing key exists'],
  key_corrupt: ['Kunci tanda tangan rusak', 'Signing key damaged'],
  key_locked: ['Kunci tanda tangan masih terkunci', 'Signing key is locked'],
  passphrase_wrong: ['Frasa sandi salah', 'Wrong passphrase'],
  passphrase_weak: ['Frasa sandi belum memadai', 'Passphrase not acceptable'],
  reader_unavailable: ['Pembaca angka tidak tersedia', 'Digit reader unavailable'],
  template: ['Tata letak formulir tidak cocok', 'Form layout mismatch'],
  demo_data: ['Data demo tidak lengkap', 'Demo data incomplete'],
  open_failed: ['Berkas tidak dapat dibuka', 'File could not be opened'],
  print_failed: ['Dokumen gagal dibuat', 'Document could not be made'],
  recap_incomplete: ['Angka belum disepakati semua', 'Figures not all agreed'],
  not_a_pleno_document: ['Bukan dokumen Pleno', 'Not a Pleno document'],
  io: ['Berkas gagal dibaca atau ditulis', 'File read/write failed'],
  internal: ['Kesalahan di dalam Pleno', 'Internal error'],
  not_a_workspace: ['Bukan folder ruang kerja', 'Not a workspace folder'],
  not_pleno_database: ['Bukan basis data Pleno', 'Not a Pleno database'],
  workspace_exists: ['Ruang kerja sudah ada', 'Workspace already exists'],
  schema_newer: ['Versi Pleno terlalu lama', 'Pleno version too old'],
  schema_older_read_only: ['Ruang kerja versi lama', 'Older workspace'],
  workspace_locked: ['Ruang kerja sedang dibuka', 'Workspace is in use'],
  database_busy: ['Basis data sibuk', 'Database busy'],
  disk_full: ['Disk penuh', 'Disk full'],
  database_corrupt: ['Basis data rusak', 'Database damaged'],
  database: ['Kesalahan basis data', 'Database error'],
  blob_missing: ['Berkas asli hilang', 'Original file missing'],
  blob_corrupt: ['Berkas asli berubah', 'Original file changed'],
  bad_blob_hash: ['Sidik berkas tidak sah', 'Invalid file hash'],
  invalid_setup: ['Data persiapan tidak sah', 'Invalid setup data'],
  invalid_actor: ['Nama petugas tidak sah', 'Invalid clerk name'],
  unknown_value: ['Nilai tidak dikenal', 'Unknown value'],
  wrong_level: ['Tingkat ruang kerja salah', 'Wrong workspace level'],
  empty_batch: ['Tidak ada yang dicatat', 'Nothing to record'],
  field_not_on_form: ['Isian tidak ada di formulir', 'Field not on the form'],
  value_out_of_range: ['Angka di luar batas', 'Figure out of range'],
  objection_required: ['Perlu keberatan/kejadian khusus', 'Objection required'],
  objection_not_applicable: ['Keberatan untuk tempat lain', 'Objection is about another place'],
  reading_mismatch: ['Bacaan bukan untuk isian ini', 'Reading is for another field'],
  invalid_reading: ['Bacaan tidak sah', 'Invalid reading'],
  page_not_identified: ['Halaman belum dikenali', 'Page not identified'],
  page_code_not_on_form: ['Kode halaman tidak ada di formulir', 'Page code not on the form'],
  invalid_geometry: ['Letak sudut tidak sah', 'Invalid corners'],
  panel_limit: ['Batas jumlah panel', 'Panel limit'],
  panel_name_taken: ['Nama panel sudah dipakai', 'Panel name taken'],
  bad_kpps_panels: ['Jumlah panel KPPS tidak sah', 'Invalid KPPS panel count'],
  desa_incomplete: ['Desa belum lengkap', 'Desa incomplete'],
  kecamatan_incomplete: ['Kecamatan belum lengkap', 'Kecamatan incomplete'],
  form_recorded_absent: ['Formulir dicatat tidak ada', 'Form recorded absent'],
  form_is_agreed: ['Formulir sudah disepakati', 'Form already agreed'],
  already_signed_off: ['Sudah disepakati/ditutup', 'Already signed off'],
  already_revoked: ['Sudah dibuka kembali', 'Already reopened'],
  final_still_active: ['Rekap kecamatan masih ditetapkan', 'Kecamatan still final'],
  objection_already_resolved: ['Keberatan sudah diputuskan', 'Objection already decided'],
  invalid_settings: ['Pengaturan tidak sah', 'Invalid settings'],
  invalid_device: ['Perangkat tidak sah', 'Invalid device'],
  pairing_refused: ['Kode pasangan ditolak', 'Pairing code refused'],
  too_many_attempts: ['Terlalu banyak kode salah', 'Too many wrong codes'],
  stale_write: ['Formulir sudah diubah panel lain', 'Another panel changed the form'],
  server_path_refused: ['Folder komputer utama tidak dapat dipakai', "The workstation's folders are not available"],
  offline: ['Server tidak menjawab', 'Server not answering'],
  not_available: ['Belum tersedia', 'Not available'],
  import_failed: ['Impor gagal', 'Import failed'],
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
