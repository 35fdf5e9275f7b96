//! `pleno export`: the recap as spreadsheets (xlsx workbook or csv files).

use std::path::{Path, PathBuf};

use pleno_print::export::{Sheet, kabupaten_sheet, sheets, write_csv, write_xlsx};
use pleno_store::{Store, WorkspaceLevel};

use super::DocumentsError;
use crate::recap::{WorkspaceRecap, kabupaten_recap, workspace_recap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

/// Lines under each sheet's title: drill mark and how complete the figures are.
fn marks(drill: bool, recap: &WorkspaceRecap, contest: pleno_core::Contest) -> Vec<String> {
    let mut m = Vec::new();
    if drill {
        m.push("UJI COBA / BUKAN DOKUMEN RESMI".to_string());
    }
    if let Some(cr) = recap.contest(contest) {
        let c = &cr.kecamatan.completeness;
        let state = if c.is_complete() {
            "lengkap"
        } else {
            "SEMENTARA"
        };
        m.push(format!(
            "Kelengkapan: {} dari {} TPS disepakati ({state}); hanya angka yang disepakati dijumlahkan.",
            c.agreed, c.expected
        ));
    }
    m
}

/// The sheets of every contest: D.Hasil then TPS, contest by contest.
pub fn export_sheets(recap: &WorkspaceRecap, drill: bool) -> Vec<Sheet> {
    recap
        .contests
        .iter()
        .flat_map(|cr| {
            sheets(
                &cr.kecamatan,
                &cr.lampiran,
                &marks(drill, recap, cr.contest),
            )
        })
        .collect()
}

/// Writes the export into `out_dir` and returns the files written:
/// `rekap-<kecamatan>[-UJICOBA].xlsx`, or one csv per sheet.
pub fn export(
    store: &Store,
    format: ExportFormat,
    out_dir: &Path,
) -> Result<Vec<PathBuf>, DocumentsError> {
    let settings = store.settings()?;
    std::fs::create_dir_all(out_dir).map_err(|source| DocumentsError::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    // A kabupaten workspace holds the kecamatan totals of the PPK bundles, not forms: its
    // sheets have a column per kecamatan (the kecamatan recap of it was a table of zeros).
    let (all, place) = if store.level() == WorkspaceLevel::Kabupaten {
        let election = store.election()?;
        let mut marks = Vec::new();
        if settings.drill {
            marks.push("UJI COBA / BUKAN DOKUMEN RESMI".to_string());
        }
        let tables = kabupaten_recap(store)?;
        let sheets: Vec<Sheet> = tables
            .iter()
            .map(|t| {
                let mut m = marks.clone();
                m.push(format!(
                    "Dari paket PPK yang diterima: {} kecamatan.",
                    t.columns.len()
                ));
                kabupaten_sheet(t, &m)
            })
            .collect();
        (sheets, election.kecamatan.kabupaten.as_str().to_string())
    } else {
        let recap = workspace_recap(store)?;
        let place = recap.election.kecamatan.code.as_str().to_string();
        (export_sheets(&recap, settings.drill), place)
    };
    match format {
        ExportFormat::Xlsx => {
            let suffix = if settings.drill { "-UJICOBA" } else { "" };
            let path = out_dir.join(format!("rekap-{place}{suffix}.xlsx"));
            write_xlsx(&path, &all)?;
            Ok(vec![path])
        }
        ExportFormat::Csv => Ok(write_csv(out_dir, &all)?),
    }
}
