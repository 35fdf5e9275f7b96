//! The recap documents the plenary signs (issue #6): Model D.HASIL KECAMATAN per contest, its
//! lampiran per desa, and Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN. Pure layout: the caller
//! gathers the figures, names and options; this module returns PDF bytes.
//!
//! Modules: `font` faces and metrics; `canvas` one page in mm; `frame` the furniture of every
//! page (model box, title, UJI COBA / SEMENTARA marks, header, footer with QR and "x dari y");
//! `rows` the D.Hasil rows from the catalogue; `table` column blocks and pagination;
//! `signature` the signature blocks; `kejadian` the incident list; `digest` the hash a
//! document certifies; `qr` the QR code.

// Page geometry reads best as x, y, w, h, l, r, as on a drawing.
#![allow(clippy::many_single_char_names)]

mod canvas;
pub mod digest;
mod flow;
mod font;
mod frame;
mod kejadian;
mod qr;
mod rows;
mod signature;
mod table;
mod writer;

use pleno_core::Ballot;
use pleno_core::recap::RecapTable;
use pleno_core::reference::Saksi;
use serde::Serialize;

pub use digest::{Marker, find_marker};
pub use qr::Qr;
pub use signature::saksi_slots;

/// Paper the office prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    /// Folio, 215 × 330 mm, common in Indonesian offices.
    F4,
}

impl Paper {
    /// Portrait width and height in mm.
    pub const fn size_mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::F4 => (215.0, 330.0),
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::F4 => "F4",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A PPK member's slot in the signature block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signer {
    /// "Ketua", "Anggota".
    pub role: String,
    /// Empty: a dotted line to write the name by hand.
    pub name: String,
}

/// A saksi's slot: the participant (pair, party or DPD candidate) and the mandated name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaksiSlot {
    /// "01", "1", "12": the ballot number as the form prints it.
    pub nomor: String,
    pub participant: String,
    /// Empty: a dotted line.
    pub name: String,
}

/// One item of D.Kejadian Khusus dan/atau Keberatan, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incident {
    pub number: usize,
    /// "Keberatan" or "Kejadian khusus".
    pub kind: String,
    /// "Desa X, TPS 003", "Desa X" or "Seluruh kecamatan".
    pub place: String,
    /// "PPWP", "DPR" …, or "Semua".
    pub contest: String,
    pub raised_by: String,
    pub text: String,
    /// How it was settled: pembetulan, penghitungan ulang, ditolak, rekomendasi Panwaslu
    /// Kecamatan, with the decision text.
    pub resolution: String,
    /// "Diterima", "Ditolak", "Belum diputuskan".
    pub status: String,
    /// When it was raised, as printed.
    pub at: String,
}

/// Whose recap a document is: a PPK's (columns per desa) or a KPU Kabupaten/Kota's (columns
/// per kecamatan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocLevel {
    #[default]
    Kecamatan,
    Kabupaten,
}

/// What every document of a workspace shares.
#[derive(Debug, Clone)]
pub struct DocSetup {
    pub level: DocLevel,
    pub paper: Paper,
    /// Header values as printed, e.g. "JAWA TENGAH (33)".
    pub provinsi: String,
    pub kabupaten: String,
    pub kecamatan: String,
    /// The bare name of the place the recap is of, for titles and the signing body: the
    /// kecamatan, or the kabupaten/kota at that level.
    pub kecamatan_name: String,
    /// Place and date of "Ditetapkan di … tanggal …".
    pub tempat: String,
    pub tanggal: String,
    pub workspace_id: String,
    /// Fingerprint of the key that signs this workspace's bundles ("5577-DB28-91AC-0F3E").
    pub key_fingerprint: Option<String>,
    /// The audit chain's head when printing (`SEQ:HEX16`), printed in the footer and marker.
    pub audit_head: Option<String>,
    /// Time of printing as shown in the footer.
    pub printed_at: String,
    /// Uji coba (drill) workspace: "UJI COBA / BUKAN DOKUMEN RESMI" on every page.
    pub drill: bool,
    /// Figures not all agreed, printed on request: "SEMENTARA" on every page.
    pub provisional: bool,
    /// Ketua and anggota PPK, in order.
    pub ppk: Vec<Signer>,
}

impl DocSetup {
    /// "Kecamatan SUKAMAJU" or "Kabupaten/Kota PURBALINGGA".
    pub fn place(&self) -> String {
        match self.level {
            DocLevel::Kecamatan => format!("Kecamatan {}", self.kecamatan_name),
            DocLevel::Kabupaten => format!("Kabupaten/Kota {}", self.kecamatan_name),
        }
    }

    /// The body that signs, as the signature block heads it.
    pub fn body(&self) -> String {
        let name = self.kecamatan_name.to_uppercase();
        match self.level {
            DocLevel::Kecamatan => format!("PANITIA PEMILIHAN KECAMATAN {name}"),
            DocLevel::Kabupaten => format!("KOMISI PEMILIHAN UMUM KABUPATEN/KOTA {name}"),
        }
    }
}

/// A finished PDF.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub orientation: Orientation,
    pub marker: Marker,
    /// Text boxes that run outside the printable page (x0, y0, x1, y1 in mm, page index);
    /// empty for a good layout. Tests assert it.
    pub overflow: Vec<(usize, [f64; 4])>,
}

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("huruf Noto Sans yang disertakan tidak dapat dibaca")]
    Font,
    #[error("kode QR tidak dapat dibuat: {0}")]
    Qr(String),
}

/// Model D.HASIL KECAMATAN-<contest>, one column per desa plus the total; or, when
/// `setup.level` is `Kabupaten`, Model D.HASIL KABUPATEN/KOTA-<contest>, one column per
/// kecamatan (the totals its PPK's bundle carried).
pub fn d_hasil(
    setup: &DocSetup,
    table: &RecapTable,
    ballot: &Ballot,
    saksi: &[Saksi],
) -> Result<Pdf, DocError> {
    let kind = match setup.level {
        DocLevel::Kecamatan => writer::RecapKind::DHasil,
        DocLevel::Kabupaten => writer::RecapKind::DHasilKabupaten,
    };
    writer::recap_document(setup, kind, std::slice::from_ref(table), ballot, saksi)
}

/// Lampiran Model D.HASIL KECAMATAN-<contest>: per desa, one column per TPS, split into
/// blocks ending in JUMLAH PINDAHAN and finally JUMLAH AKHIR when the TPS do not fit.
pub fn lampiran(
    setup: &DocSetup,
    tables: &[RecapTable],
    ballot: &Ballot,
    saksi: &[Saksi],
) -> Result<Pdf, DocError> {
    writer::recap_document(setup, writer::RecapKind::Lampiran, tables, ballot, saksi)
}

/// Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN; `raisers` sign beside the Ketua PPK.
pub fn d_kejadian(
    setup: &DocSetup,
    items: &[Incident],
    raisers: &[String],
) -> Result<Pdf, DocError> {
    kejadian::document(setup, items, raisers)
}
