//! Everything the store can refuse or fail at. Messages are Indonesian (they reach users): each
//! says what happened, names the path, TPS or field, and what to do next. `code()` gives the
//! stable identifier the app layer maps to its `{code, message}` errors.

use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    // --- the workspace folder and its database ---
    #[error(
        "folder {path} bukan ruang kerja Pleno (tidak ada pleno.db); pilih folder ruang kerja yang benar atau buat ruang kerja baru"
    )]
    NotAWorkspace { path: PathBuf },
    #[error(
        "berkas {path} bukan basis data Pleno ({detail}); pilih folder ruang kerja yang benar atau pulihkan dari cadangan"
    )]
    NotPlenoDatabase { path: PathBuf, detail: String },
    #[error(
        "folder {path} sudah berisi berkas; ruang kerja baru hanya dibuat di folder kosong atau yang belum ada"
    )]
    AlreadyExists { path: PathBuf },
    #[error(
        "ruang kerja {path} memakai skema versi {found}, sedangkan Pleno ini hanya mengenal sampai versi {supported}; perbarui Pleno lalu buka lagi"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "ruang kerja {path} memakai skema lama versi {found} (kini {supported}); buka sekali dalam mode baca-tulis agar skema dinaikkan"
    )]
    OlderSchemaReadOnly {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "ruang kerja {path} sedang dibuka oleh {holder}; tutup Pleno di sana terlebih dahulu, atau buka ruang kerja dalam mode hanya-baca"
    )]
    Locked { path: PathBuf, holder: String },
    #[error(
        "basis data {path} sedang dikunci oleh program lain (mis. sqlite3); tutup program itu lalu ulangi"
    )]
    Busy { path: PathBuf },
    #[error(
        "ruang kerja {path} dibuka hanya-baca; perubahan tidak disimpan. Buka dalam mode baca-tulis untuk mengubah data"
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "disk penuh saat menulis {path}; tidak ada yang berubah. Kosongkan ruang disk lalu ulangi"
    )]
    DiskFull { path: PathBuf },
    #[error("gagal {action} {path}: {source}; periksa izin folder dan kondisi disk lalu ulangi")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "basis data {path} rusak ({detail}); jangan ubah ruang kerja ini, jalankan `pleno verify` dan pulihkan dari cadangan"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "galat basis data {path}: {source}; ulangi, dan bila berulang jalankan `pleno verify` lalu laporkan"
    )]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    // --- blobs ---
    #[error(
        "berkas asli {hash} hilang dari {path}; salin kembali dari cadangan atau impor ulang foto yang sama"
    )]
    BlobMissing { hash: String, path: PathBuf },
    #[error(
        "berkas asli {path} berubah: sidiknya {actual}, seharusnya {hash}; pulihkan berkas dari cadangan atau impor ulang foto aslinya"
    )]
    BlobCorrupt {
        hash: String,
        path: PathBuf,
        actual: String,
    },
    #[error("sidik berkas '{value}' tidak sah: harus 64 karakter heksadesimal huruf kecil")]
    BadBlobHash { value: String },

    // --- setup and reference data ---
    #[error("data awal tidak sah: {detail}; perbaiki data referensi lalu ulangi")]
    InvalidSetup { detail: String },
    #[error(
        "nama pelaku perubahan '{name}' tidak sah (kosong atau memuat karakter kendali); isi nama petugas yang bertanggung jawab"
    )]
    InvalidActor { name: String },
    #[error(
        "nilai {what} '{value}' tidak dikenal; basis data mungkin dibuat Pleno yang lebih baru"
    )]
    UnknownValue { what: &'static str, value: String },
    #[error("{what} {id} tidak ada di ruang kerja ini; periksa pilihan lalu ulangi")]
    NotFound { what: &'static str, id: String },
    #[error(
        "{operation} hanya untuk ruang kerja tingkat {needed}, sedangkan ruang kerja ini tingkat {actual}"
    )]
    WrongLevel {
        operation: &'static str,
        needed: &'static str,
        actual: &'static str,
    },

    // --- figures and their guards ---
    #[error("tidak ada angka yang dikirim; pilih minimal satu isian")]
    EmptyBatch,
    #[error(
        "isian {field} tidak ada pada formulir {contest} ruang kerja ini; periksa jenis pemilihan dan nomor urut"
    )]
    FieldNotOnForm { contest: String, field: String },
    #[error(
        "angka {value} untuk {field} (TPS {tps}, {contest}) di luar 0–{max}; tiga kotak angka hanya memuat sampai {max}. Periksa kembali angkanya"
    )]
    ValueOutOfRange {
        tps: String,
        contest: String,
        field: String,
        value: u32,
        max: u32,
    },
    #[error(
        "perubahan {field} (TPS {tps}, {contest}) dari {previous} menjadi {value} memerlukan alasan; isi alasan pembetulan atau hitung ulang"
    )]
    ReasonRequired {
        tps: String,
        contest: String,
        field: String,
        previous: String,
        value: u32,
    },
    #[error("alasan untuk {what} wajib diisi; tulis alasannya lalu ulangi")]
    EmptyReason { what: &'static str },
    #[error(
        "desa/kelurahan {desa} sudah ditutup; perubahan pada TPS {tps} hanya lewat keberatan. Catat keberatan atau kejadian khusus lalu rujuk nomornya"
    )]
    ObjectionRequired { desa: String, tps: String },
    #[error(
        "keberatan {objection} tidak dapat dipakai untuk {target}: {why}; rujuk keberatan yang sesuai"
    )]
    ObjectionNotApplicable {
        objection: i64,
        target: String,
        why: &'static str,
    },
    #[error(
        "hasil baca {reading} tidak cocok dengan isian {field} TPS {tps}: {why}; terima hasil baca yang benar atau ketik angkanya sebagai petugas"
    )]
    ReadingMismatch {
        reading: i64,
        field: String,
        tps: String,
        why: &'static str,
    },
    #[error("hasil baca isian {field} tidak sah: {why}; periksa keluaran pembaca angka")]
    InvalidReading { field: String, why: &'static str },

    // --- pages ---
    #[error(
        "halaman {page} belum dikenali (TPS/jenis pemilihan belum ditetapkan); tetapkan halamannya terlebih dahulu"
    )]
    PageNotIdentified { page: i64 },
    #[error(
        "kode halaman {page_code} bukan halaman formulir {contest} ruang kerja ini; pilih halaman yang benar"
    )]
    PageCodeNotOnForm { page_code: u16, contest: String },
    #[error(
        "letak formulir pada {target} tidak sah: {why}; tandai ulang keempat sudut formulir pada foto"
    )]
    InvalidGeometry { target: String, why: String },

    // --- panels ---
    #[error(
        "sudah ada {max} panel, batas ruang kerja ini; naikkan batas panel di pengaturan (dengan persetujuan KPU Kab/Kota) lalu ulangi"
    )]
    PanelLimit { max: u8 },
    #[error("panel bernama '{name}' sudah ada; pakai nama lain")]
    PanelNameTaken { name: String },
    #[error("jumlah panel KPPS di TPS {tps} harus 1 atau 2, tertulis {count}")]
    BadKppsPanels { tps: String, count: u8 },

    // --- sign-offs ---
    #[error(
        "formulir TPS {tps} {contest} belum lengkap: {missing} isian belum berangka (mis. {first}); lengkapi semua isian sebelum disepakati"
    )]
    FormIncomplete {
        tps: String,
        contest: String,
        missing: usize,
        first: String,
    },
    #[error(
        "desa/kelurahan {desa} belum dapat ditutup: {open} formulir belum disepakati (mis. {first}); sepakati semua formulir terlebih dahulu"
    )]
    DesaIncomplete {
        desa: String,
        open: usize,
        first: String,
    },
    #[error(
        "kecamatan belum dapat ditetapkan: {open} desa/kelurahan belum ditutup (mis. {first}); tutup semua desa terlebih dahulu"
    )]
    KecamatanIncomplete { open: usize, first: String },
    #[error(
        "formulir TPS {tps} {contest} tercatat tidak ada (catatan {signoff}); bila formulirnya ditemukan, buka kembali catatan itu lalu ulangi"
    )]
    FormRecordedAbsent {
        tps: String,
        contest: String,
        signoff: i64,
    },
    #[error(
        "formulir TPS {tps} {contest} sudah disepakati (persetujuan {signoff}); formulir yang disepakati tidak dapat dicatat tidak ada. Buka kembali persetujuannya terlebih dahulu bila formulir itu memang tidak ada"
    )]
    FormIsAgreed {
        tps: String,
        contest: String,
        signoff: i64,
    },
    #[error("{what} sudah tercatat (persetujuan {existing}); tidak perlu diulang")]
    AlreadySignedOff { what: String, existing: i64 },
    #[error("persetujuan {id} sudah dibuka kembali sebelumnya; tidak ada yang perlu dibuka")]
    AlreadyRevoked { id: i64 },
    #[error(
        "penutupan desa {desa} tidak dapat dibuka selama rekapitulasi kecamatan masih ditetapkan; buka penetapan kecamatan terlebih dahulu"
    )]
    FinalStillActive { desa: String },
    #[error(
        "keberatan {id} sudah diputuskan ({status}); keputusan tidak dapat diubah, catat keberatan baru"
    )]
    ObjectionAlreadyResolved { id: i64, status: String },

    // --- settings ---
    #[error("pengaturan tidak sah: {detail}")]
    InvalidSettings { detail: String },

    // --- devices ---
    #[error("perangkat tidak sah: {why}")]
    InvalidDevice { why: String },
}

impl StoreError {
    /// Stable identifier for the app layer's `{code, message}`.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotAWorkspace { .. } => "not_a_workspace",
            StoreError::NotPlenoDatabase { .. } => "not_pleno_database",
            StoreError::AlreadyExists { .. } => "workspace_exists",
            StoreError::NewerSchema { .. } => "schema_newer",
            StoreError::OlderSchemaReadOnly { .. } => "schema_older_read_only",
            StoreError::Locked { .. } => "workspace_locked",
            StoreError::Busy { .. } => "database_busy",
            StoreError::ReadOnly { .. } => "read_only",
            StoreError::DiskFull { .. } => "disk_full",
            StoreError::Io { .. } => "io",
            StoreError::Corrupt { .. } => "database_corrupt",
            StoreError::Sqlite { .. } => "database",
            StoreError::BlobMissing { .. } => "blob_missing",
            StoreError::BlobCorrupt { .. } => "blob_corrupt",
            StoreError::BadBlobHash { .. } => "bad_blob_hash",
            StoreError::InvalidSetup { .. } => "invalid_setup",
            StoreError::InvalidActor { .. } => "invalid_actor",
            StoreError::UnknownValue { .. } => "unknown_value",
            StoreError::NotFound { .. } => "not_found",
            StoreError::WrongLevel { .. } => "wrong_level",
            StoreError::EmptyBatch => "empty_batch",
            StoreError::FieldNotOnForm { .. } => "field_not_on_form",
            StoreError::ValueOutOfRange { .. } => "value_out_of_range",
            StoreError::ReasonRequired { .. } => "reason_required",
            StoreError::EmptyReason { .. } => "empty_reason",
            StoreError::ObjectionRequired { .. } => "objection_required",
            StoreError::ObjectionNotApplicable { .. } => "objection_not_applicable",
            StoreError::ReadingMismatch { .. } => "reading_mismatch",
            StoreError::InvalidReading { .. } => "invalid_reading",
            StoreError::PageNotIdentified { .. } => "page_not_identified",
            StoreError::PageCodeNotOnForm { .. } => "page_code_not_on_form",
            StoreError::InvalidGeometry { .. } => "invalid_geometry",
            StoreError::PanelLimit { .. } => "panel_limit",
            StoreError::PanelNameTaken { .. } => "panel_name_taken",
            StoreError::BadKppsPanels { .. } => "bad_kpps_panels",
            StoreError::FormIncomplete { .. } => "form_incomplete",
            StoreError::DesaIncomplete { .. } => "desa_incomplete",
            StoreError::KecamatanIncomplete { .. } => "kecamatan_incomplete",
            StoreError::FormRecordedAbsent { .. } => "form_recorded_absent",
            StoreError::FormIsAgreed { .. } => "form_is_agreed",
            StoreError::AlreadySignedOff { .. } => "already_signed_off",
            StoreError::AlreadyRevoked { .. } => "already_revoked",
            StoreError::FinalStillActive { .. } => "final_still_active",
            StoreError::ObjectionAlreadyResolved { .. } => "objection_already_resolved",
            StoreError::InvalidSettings { .. } => "invalid_settings",
            StoreError::InvalidDevice { .. } => "invalid_device",
        }
    }

    pub(crate) fn io(action: &'static str, path: &Path, source: io::Error) -> StoreError {
        if is_disk_full(&source) {
            StoreError::DiskFull {
                path: path.to_path_buf(),
            }
        } else {
            StoreError::Io {
                action,
                path: path.to_path_buf(),
                source,
            }
        }
    }

    /// Classifies an SQLite error so that the user gets the actionable variant.
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
            Some(ErrorCode::NotADatabase) => StoreError::NotPlenoDatabase {
                path,
                detail: "bukan berkas SQLite".to_string(),
            },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path,
                detail: source.to_string(),
            },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
            _ => StoreError::Sqlite { path, source },
        }
    }
}

/// ENOSPC and EDQUOT both mean "no room": tell the user to free space, not to debug.
fn is_disk_full(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    ) || matches!(err.raw_os_error(), Some(28 | 122))
}

/// Attaches the database path to rusqlite errors.
pub(crate) trait SqlContext<T> {
    fn db(self, path: &Path) -> Result<T>;
}

impl<T> SqlContext<T> for rusqlite::Result<T> {
    fn db(self, path: &Path) -> Result<T> {
        self.map_err(|e| StoreError::sqlite(path, e))
    }
}
