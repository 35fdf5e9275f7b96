//! Spreadsheet export of the recap (issue #6): one sheet per contest in the D.Hasil shape
//! (a column per desa plus JUMLAH) and one per contest with a column per TPS; numbers as
//! numbers, header rows and label columns frozen. CSV writes the same sheets as files.

mod csv_out;
mod sheet;
mod xlsx;

pub use csv_out::write_csv;
pub use sheet::{Sheet, kabupaten_sheet, sheets};
pub use xlsx::write_xlsx;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("tidak dapat menulis {path}: {detail}")]
    Write { path: String, detail: String },
}
