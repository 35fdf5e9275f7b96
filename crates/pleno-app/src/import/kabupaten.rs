//! The KPU Kabupaten/Kota's own wilayah list (`wilayah-kabupaten.xlsx`, or a folder of CSV
//! files): every kecamatan and desa of the kabupaten/kota, from its master data, not from the
//! PPK bundles. A bundle whose kecamatan is not on it, or whose desa differ from it, is then
//! refused however it is signed (docs/reference-files.md).

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use pleno_core::wilayah::{DesaCode, KecamatanCode};

use super::table::{ImportError, Source, Table};

pub const SHEETS: [&str; 2] = ["kecamatan", "desa"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RefKecamatan {
    pub code: String,
    pub name: String,
    /// (code, name) of each desa/kelurahan, in the list's order.
    pub desa: Vec<(String, String)>,
}

/// Every kecamatan of one kabupaten/kota with its desa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KabupatenReference {
    pub kabupaten: String,
    pub kecamatan: Vec<RefKecamatan>,
}

impl KabupatenReference {
    pub fn find(&self, code: &str) -> Option<&RefKecamatan> {
        self.kecamatan.iter().find(|k| k.code == code)
    }
}

fn required<'a>(t: Option<&'a Table>, name: &str, path: &Path) -> Result<&'a Table, ImportError> {
    t.ok_or_else(|| {
        ImportError::file(
            path,
            format!("lembar/berkas '{name}' tidak ada; data wilayah kabupaten/kota memerlukan lembar kecamatan dan desa"),
        )
    })
}

/// Reads the list; nothing is written.
pub fn load_kabupaten_reference(path: &Path) -> Result<KabupatenReference, ImportError> {
    let source = Source::detect(path)?;
    let tables = source.tables(&SHEETS)?;
    let [kecamatan, desa] = &tables[..] else {
        return Err(ImportError::file(path, "jumlah lembar tidak sesuai"));
    };
    let k = required(kecamatan.as_ref(), "kecamatan", path)?;
    let (c_code, c_name) = (k.column("kode_kecamatan")?, k.column("nama_kecamatan")?);
    let mut list: Vec<RefKecamatan> = Vec::new();
    let mut kabupaten: Option<String> = None;
    for (row, cells) in &k.rows {
        let at = |col: &str| k.place(Some(*row), Some(col));
        let code = KecamatanCode::parse(&k.text(*row, cells, c_code)?)
            .map_err(|e| ImportError::at(at("kode_kecamatan"), e.to_string()))?;
        let kab = code.kabupaten().as_str().to_string();
        if kabupaten.get_or_insert_with(|| kab.clone()) != &kab {
            return Err(ImportError::at(
                at("kode_kecamatan"),
                format!("kecamatan {code} tidak berada di kabupaten/kota baris pertama"),
            ));
        }
        if list.iter().any(|x| x.code == code.as_str()) {
            return Err(ImportError::at(
                at("kode_kecamatan"),
                format!("kode kecamatan {code} sudah ada di baris sebelumnya"),
            ));
        }
        list.push(RefKecamatan {
            code: code.as_str().to_string(),
            name: k.text(*row, cells, c_name)?,
            desa: Vec::new(),
        });
    }
    let d = required(desa.as_ref(), "desa", path)?;
    let (c_dcode, c_dname) = (d.column("kode_desa")?, d.column("nama_desa")?);
    for (row, cells) in &d.rows {
        let at = || d.place(Some(*row), Some("kode_desa"));
        let code = DesaCode::parse(&d.text(*row, cells, c_dcode)?)
            .map_err(|e| ImportError::at(at(), e.to_string()))?;
        let kec = code.kecamatan();
        let Some(owner) = list.iter_mut().find(|x| x.code == kec.as_str()) else {
            return Err(ImportError::at(
                at(),
                format!("desa {code}: kecamatan {kec} tidak ada di lembar kecamatan"),
            ));
        };
        if owner.desa.iter().any(|(c, _)| c == code.as_str()) {
            return Err(ImportError::at(
                at(),
                format!("kode desa {code} sudah ada di baris sebelumnya"),
            ));
        }
        owner
            .desa
            .push((code.as_str().to_string(), d.text(*row, cells, c_dname)?));
    }
    if let Some(empty) = list.iter().find(|x| x.desa.is_empty()) {
        return Err(ImportError::at(
            d.place(None, Some("kode_desa")),
            format!(
                "kecamatan {} ({}) tidak punya desa di lembar desa",
                empty.name, empty.code
            ),
        ));
    }
    let kabupaten =
        kabupaten.ok_or_else(|| ImportError::at(k.place(None, None), "lembar kecamatan kosong"))?;
    Ok(KabupatenReference {
        kabupaten,
        kecamatan: list,
    })
}
