//! PDF documents: D.Hasil, lampiran, D.Kejadian Khusus, blank forms.

pub mod doc;
pub mod export;
pub mod form;
