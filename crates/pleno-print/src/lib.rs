//! PDF documents: D.Hasil, lampiran, D.Kejadian Khusus, blank forms.

pub mod form;
