//! The documents of the plenary (issue #6): Model D.HASIL KECAMATAN and its lampiran per
//! contest, Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN, the spreadsheet export, and the check
//! of a printed PDF against the workspace. Gathers from the store, refuses what is not agreed
//! (unless provisional printing is asked for), calls pleno-print, writes the files.
//!
//! Files: `gather` what the store holds, as document inputs; `render` the PDFs in memory;
//! `export` xlsx/csv; `verify` a PDF against the workspace; `naming` file names and dates.

mod export;
mod gather;
mod kabupaten;
mod naming;
mod render;
mod use_case;
mod verify;

use std::path::{Path, PathBuf};

use pleno_core::Contest;
use pleno_print::doc::DocError;
use pleno_print::export::ExportError;
use pleno_store::{Store, StoreError};
use schemars::JsonSchema;

use crate::error::{AppError, ErrorCode};

pub use export::{ExportFormat, export, export_sheets};
pub use gather::{Inputs, gather};
pub use pleno_print::doc::{Paper, Signer};
pub use render::{Rendered, render};
pub use use_case::{DocChoice, PaperChoice, PrintedFile};
pub use verify::{DocCheck, verify_doc};

/// The documents `pleno print` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema)]
pub enum DocKind {
    /// Model D.HASIL KECAMATAN-<contest>.
    DHasil,
    /// Its lampiran: per desa, a column per TPS.
    Lampiran,
    /// Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN.
    DKejadian,
}

impl DocKind {
    pub const ALL: [DocKind; 3] = [DocKind::DHasil, DocKind::Lampiran, DocKind::DKejadian];

    pub const fn slug(self) -> &'static str {
        match self {
            DocKind::DHasil => "d-hasil",
            DocKind::Lampiran => "lampiran",
            DocKind::DKejadian => "d-kejadian",
        }
    }
}

/// What to print and how.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    pub docs: Vec<DocKind>,
    /// Only this contest (D.Hasil and lampiran); `None`: every contest of the workspace.
    pub contest: Option<Contest>,
    pub paper: Paper,
    pub out_dir: PathBuf,
    /// Print although figures are not all agreed, marked SEMENTARA on every page.
    pub provisional: bool,
    /// "Ditetapkan di …": default the kecamatan's name.
    pub tempat: Option<String>,
    /// "… tanggal …": default the date of printing.
    pub tanggal: Option<String>,
    /// Time of printing in the footer: default now (UTC).
    pub printed_at: Option<String>,
    /// Names and roles of the PPK signature block: default the members of the workspace.
    pub ppk: Option<Vec<Signer>>,
}

impl PrintOptions {
    /// Every document of every contest on A4 into `out_dir`.
    pub fn all(out_dir: impl Into<PathBuf>) -> PrintOptions {
        PrintOptions {
            docs: DocKind::ALL.to_vec(),
            contest: None,
            paper: Paper::A4,
            out_dir: out_dir.into(),
            provisional: false,
            tempat: None,
            tanggal: None,
            printed_at: None,
            ppk: None,
        }
    }
}

/// A document written to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedDoc {
    pub kind: DocKind,
    pub contest: Option<Contest>,
    pub path: PathBuf,
    pub pages: usize,
    /// SHA-256 of the recap data it shows (also in its QR code and PDF keywords).
    pub sha256: String,
    pub drill: bool,
    pub provisional: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Doc(#[from] DocError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("tidak dapat menulis {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("ruang kerja ini tidak memuat pemilihan {0}")]
    NoContest(Contest),
    #[error(
        "dokumen belum dapat dicetak; yang belum lengkap ({}):\n  {}\nSelesaikan dulu, atau cetak SEMENTARA dengan --sementara.",
        .missing.len(),
        .missing.join("\n  ")
    )]
    Incomplete { missing: Vec<String> },
    #[error("{path} bukan dokumen yang dicetak Pleno (tidak ada penanda pleno-doc)")]
    NotPlenoDocument { path: PathBuf },
}

impl DocumentsError {
    /// Stable code for the UI (docs/api.md style).
    pub fn code(&self) -> ErrorCode {
        match self {
            DocumentsError::Store(e) => ErrorCode::from(e),
            DocumentsError::Doc(_) => ErrorCode::PrintFailed,
            DocumentsError::Export(_) | DocumentsError::Io { .. } => ErrorCode::Io,
            DocumentsError::NoContest(_) => ErrorCode::NotFound,
            DocumentsError::Incomplete { .. } => ErrorCode::RecapIncomplete,
            DocumentsError::NotPlenoDocument { .. } => ErrorCode::NotAPlenoDocument,
        }
    }
}

impl From<DocumentsError> for AppError {
    fn from(e: DocumentsError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

/// Prints the documents `opts` asks for from the workspace in `store` and writes them into
/// `opts.out_dir`. Refuses, writing nothing, when a document would show unagreed figures and
/// `opts.provisional` is not set.
pub fn print_all(store: &Store, opts: &PrintOptions) -> Result<Vec<PrintedDoc>, DocumentsError> {
    // A kabupaten workspace has no forms: its document is D.Hasil Kabupaten/Kota, a column per
    // kecamatan from the bundles (it printed a kecamatan table of zeros).
    if store.level() == pleno_store::WorkspaceLevel::Kabupaten {
        let rendered = kabupaten::render_kabupaten(store, opts)?;
        return write_all(&rendered, &opts.out_dir);
    }
    let inputs = gather(store)?;
    let rendered = render(&inputs, opts)?;
    write_all(&rendered, &opts.out_dir)
}

/// Writes rendered documents (each file complete before it takes its name).
pub fn write_all(rendered: &[Rendered], out_dir: &Path) -> Result<Vec<PrintedDoc>, DocumentsError> {
    std::fs::create_dir_all(out_dir).map_err(|source| DocumentsError::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for r in rendered {
        let path = out_dir.join(&r.file_name);
        let tmp = out_dir.join(format!(".{}.tmp", r.file_name));
        std::fs::write(&tmp, &r.pdf.bytes)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|source| DocumentsError::Io {
                path: path.clone(),
                source,
            })?;
        out.push(PrintedDoc {
            kind: r.kind,
            contest: r.contest,
            path,
            pages: r.pdf.pages,
            sha256: r.pdf.marker.sha256.clone(),
            drill: r.drill,
            provisional: r.provisional,
        });
    }
    Ok(out)
}
