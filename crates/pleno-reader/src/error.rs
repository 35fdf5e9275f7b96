//! Why a page was not read: typed reasons with stable codes (the app maps them for the UI) and
//! Indonesian messages a clerk can act on.

use serde::Serialize;

/// A page the reader refused to read, rather than guess.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Rejection {
    #[error("berkas gambar tidak dapat dibaca: {0}")]
    Decode(String),
    #[error("format berkas tidak didukung (gunakan JPEG, PNG, TIFF atau PDF)")]
    UnsupportedFormat,
    /// A PDF given where one image is expected: its pages are read one by one.
    #[error("berkas PDF: halamannya dibaca satu per satu (impor atau `pleno read` memecahnya)")]
    PdfDocument,
    #[error("PDF tidak dapat dibaca: {0}")]
    PdfTool(String),
    #[error("PDF berisi {pages} halaman, lebih dari {limit}; pisahkan per TPS")]
    TooManyPages { pages: usize, limit: usize },
    /// A PDF poppler could not render in time (a crafted or broken file must not hold the
    /// import forever).
    #[error(
        "PDF tidak selesai digambar dalam {seconds} detik; pindai ulang halamannya sebagai JPEG atau PNG"
    )]
    PdfTooSlow { seconds: u64 },
    #[error("gambar terlalu besar: {width} × {height} piksel melebihi batas {limit} piksel")]
    PixelLimit { width: u64, height: u64, limit: u64 },
    #[error("resolusi terlalu kecil: {width} × {height} piksel (minimal {min} piksel sisi pendek)")]
    TooSmall { width: u32, height: u32, min: u32 },
    #[error(
        "kotak angka hanya {px:.0} piksel pada foto (minimal {min:.0}); foto lebih dekat atau dengan resolusi lebih tinggi"
    )]
    BoxesTooSmall { px: f32, min: f32 },
    #[error(
        "foto terlalu gelap (kecerahan {value:.0}, minimal {limit:.0}); ulangi dengan cahaya cukup"
    )]
    TooDark { value: f32, limit: f32 },
    #[error("foto terlalu terang (kecerahan {value:.0}); kurangi cahaya atau pantulan")]
    TooBright { value: f32, limit: f32 },
    #[error("foto buram (kekaburan {value:.2} mm, batas {limit:.2} mm); ulangi dengan kamera diam")]
    Blurred { value: f32, limit: f32 },
    #[error(
        "tanda sudut {corner} tidak ditemukan dan halaman tidak dapat ditempatkan tanpanya; foto ulang dengan keempat sudut formulir terlihat"
    )]
    CornerNotFound {
        /// 1 top-left, 2 top-right, 3 bottom-right, 4 bottom-left of the printed page.
        corner: u8,
    },
    #[error(
        "tanda sudut tidak ditemukan (hanya {found} dari 4 terlihat); foto seluruh halaman, atau bila ini separuh lembar, unggah juga separuh yang memuat kode halaman di folder TPS yang sama atau tetapkan halamannya"
    )]
    CornersNotFound { found: u8 },
    #[error(
        "kode halaman (AprilTag) tidak terbaca; foto ulang dengan kotak kode di kanan atas terlihat jelas, atau tetapkan halamannya"
    )]
    TagNotDecoded,
    /// The page's tag was read, but too little of its print agreed with any map from what the
    /// photo shows (glare, blur, a thumb or a curled sheet) to place its fields.
    #[error(
        "kode halaman {page} terbaca, tetapi hanya {percent} % cetakan halaman cocok di tempatnya (silau, buram, jari atau kertas melengkung); foto ulang seluruh halaman dengan cahaya rata dan kamera diam"
    )]
    PageNotPlaced { page: u16, percent: u8 },
    #[error("kode halaman {tag} tidak dikenal untuk formulir yang dimuat")]
    UnknownPage { tag: u16 },
    #[error("halaman salah: diharapkan kode {expected}, terbaca kode {found}")]
    WrongPage { expected: u16, found: u16 },
    /// A page without a tag whose printed boxes match no tagless calibrated layout (or not the
    /// one the clerk named) where its square marks put them.
    #[error("{}", unmatched(*page, *percent))]
    StructureUnmatched { page: Option<u16>, percent: u8 },
    /// A page without a tag whose boxes match two pages (or one page in two turns) about
    /// equally.
    #[error(
        "halaman tanpa kode halaman cocok dengan halaman {first} maupun {second} (atau terbalik): tetapkan halamannya saat impor"
    )]
    StructureAmbiguous { first: u16, second: u16 },
}

fn unmatched(page: Option<u16>, percent: u8) -> String {
    match page {
        Some(p) => format!(
            "susunan kotak pada foto tidak cocok dengan halaman {p} (hanya {percent} % sisi kotak pada tempatnya): periksa halaman yang dipilih atau foto ulang seluruh halaman"
        ),
        None => format!(
            "halaman tanpa kode halaman: susunan kotaknya tidak cocok dengan tata letak terkalibrasi mana pun (paling cocok {percent} % sisi kotak); foto ulang seluruh halaman dengan keempat sudutnya (tanda sudut atau ujung garis tabel) terlihat, atau tetapkan halamannya"
        ),
    }
}

impl Rejection {
    /// Stable code, shared with the UI and `pleno read --json`.
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::Decode(_) => "decode_error",
            Rejection::UnsupportedFormat => "unsupported_format",
            Rejection::PdfDocument => "pdf_document",
            Rejection::PdfTool(_) => "pdf_tool_missing",
            Rejection::TooManyPages { .. } => "pdf_too_many_pages",
            Rejection::PdfTooSlow { .. } => "pdf_too_slow",
            Rejection::PixelLimit { .. } => "pixel_limit",
            Rejection::TooSmall { .. } => "too_small",
            Rejection::BoxesTooSmall { .. } => "boxes_too_small",
            Rejection::TooDark { .. } => "too_dark",
            Rejection::TooBright { .. } => "too_bright",
            Rejection::Blurred { .. } => "blurred",
            Rejection::CornerNotFound { .. } => "corner_not_found",
            Rejection::CornersNotFound { .. } => "corners_not_found",
            Rejection::TagNotDecoded => "tag_not_decoded",
            Rejection::PageNotPlaced { .. } => "page_not_placed",
            Rejection::UnknownPage { .. } => "unknown_page",
            Rejection::WrongPage { .. } => "wrong_page",
            Rejection::StructureUnmatched { .. } => "structure_unmatched",
            Rejection::StructureAmbiguous { .. } => "structure_ambiguous",
        }
    }

    pub fn to_code_message(&self) -> CodeMessage {
        CodeMessage {
            code: self.code().to_string(),
            message: self.to_string(),
        }
    }
}

/// `{code, message}` as errors cross crate boundaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeMessage {
    pub code: String,
    pub message: String,
}
