//! Typed C.Hasil figures (source `import`): one sheet per contest, a row per TPS, a column per
//! field key. Used when photographs are missing and for the demo kecamatan.

use std::path::Path;

use pleno_core::reference::Election;
use pleno_core::values::MAX_BOX_VALUE;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Catalogue, Contest, FieldKey, FormValues};

use super::table::{ImportError, Source};

/// One typed form: the figures of one TPS for one contest, with the row it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedForm {
    pub tps: TpsCode,
    pub contest: Contest,
    pub values: FormValues,
    pub row: usize,
}

/// Reads every contest sheet present. Each column header must be a field key of that contest's
/// form; each TPS must be in the election's master list and appear once per contest.
pub fn load_figures(path: &Path, election: &Election) -> Result<Vec<TypedForm>, ImportError> {
    let source = Source::detect(path)?;
    let names: Vec<&str> = Contest::ALL.iter().map(|c| c.slug()).collect();
    let tables = source.tables(&names)?;
    let mut out = Vec::new();
    for (contest, table) in Contest::ALL.into_iter().zip(tables) {
        let Some(t) = table else { continue };
        let Some(ballot) = election.ballot(contest) else {
            continue;
        };
        let cat = Catalogue::new(ballot);
        let c_tps = t.column("kode_tps")?;
        let mut columns: Vec<(usize, FieldKey)> = Vec::new();
        for (i, h) in t.header.iter().enumerate() {
            if i == c_tps || h.is_empty() {
                continue;
            }
            let key: FieldKey = h.parse().map_err(|_| {
                ImportError::at(
                    t.place(Some(1), Some(h)),
                    format!(
                        "'{h}' bukan kunci isian formulir {}; lihat docs/reference-files.md",
                        contest.form_suffix()
                    ),
                )
            })?;
            if !cat.contains(key) {
                return Err(ImportError::at(
                    t.place(Some(1), Some(h)),
                    format!(
                        "isian {key} tidak ada pada formulir {} kecamatan ini",
                        contest.form_suffix()
                    ),
                ));
            }
            columns.push((i, key));
        }
        let mut seen: Vec<TpsCode> = Vec::new();
        for (row, cells) in &t.rows {
            let raw = t.text(*row, cells, c_tps)?;
            let tps = TpsCode::parse(&raw).map_err(|e| {
                ImportError::at(t.place(Some(*row), Some("kode_tps")), e.to_string())
            })?;
            if election.kecamatan.find_tps(&tps).is_none() {
                return Err(ImportError::at(
                    t.place(Some(*row), Some("kode_tps")),
                    format!("TPS {tps} tidak ada dalam daftar TPS kecamatan ini"),
                ));
            }
            if seen.contains(&tps) {
                return Err(ImportError::at(
                    t.place(Some(*row), Some("kode_tps")),
                    format!("TPS {tps} muncul dua kali di lembar ini"),
                ));
            }
            seen.push(tps.clone());
            let mut values = FormValues::new();
            for (col, key) in &columns {
                if let Some(v) = t.number(*row, cells, *col, MAX_BOX_VALUE)? {
                    values.set(*key, v);
                }
            }
            out.push(TypedForm {
                tps,
                contest,
                values,
                row: *row,
            });
        }
    }
    if out.is_empty() {
        return Err(ImportError::file(
            path,
            "tidak ada lembar ppwp, dpr, dpd, dprd-prov atau dprd-kab berisi data",
        ));
    }
    Ok(out)
}
