//! Reading the files an office brings: reference data (wilayah, TPS, DPT, candidates, PPK,
//! saksi) and typed C.Hasil figures, from .xlsx or .csv.

pub mod figures;
pub mod kabupaten;
pub mod reference;
pub mod table;

pub use figures::{TypedForm, load_figures};
pub use kabupaten::{KabupatenReference, load_kabupaten_reference};
pub use reference::load_reference;
pub use table::{ImportError, Place};
