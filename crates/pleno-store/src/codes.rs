//! Parsing codes read back from the database; a bad one means the file was edited by hand.

use std::path::Path;

use pleno_core::catalogue::PageCode;
use pleno_core::wilayah::{DesaCode, TpsCode};
use pleno_core::{Contest, FieldKey};

use crate::error::{Result, StoreError};

fn corrupt(path: &Path, what: &str, value: &str) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("{what} tersimpan '{value}' tidak sah"),
    }
}

pub fn tps(path: &Path, s: &str) -> Result<TpsCode> {
    TpsCode::parse(s).map_err(|_| corrupt(path, "kode TPS", s))
}

pub fn desa(path: &Path, s: &str) -> Result<DesaCode> {
    DesaCode::parse(s).map_err(|_| corrupt(path, "kode desa", s))
}

pub fn contest(path: &Path, s: &str) -> Result<Contest> {
    s.parse().map_err(|_| corrupt(path, "jenis pemilihan", s))
}

pub fn field(path: &Path, s: &str) -> Result<FieldKey> {
    s.parse().map_err(|_| corrupt(path, "kunci isian", s))
}

pub fn page_code(n: u16) -> PageCode {
    PageCode(n)
}

pub fn opt<T>(path: &Path, s: Option<&str>, f: fn(&Path, &str) -> Result<T>) -> Result<Option<T>> {
    s.map(|s| f(path, s)).transpose()
}
