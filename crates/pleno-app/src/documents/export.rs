//! `pleno export`: the recap as spreadsheets (xlsx workbook or csv files).

use std::path::{Path, PathBuf};

use pleno_print::export::{Sheet, sheets, write_csv, write_xlsx};
use pleno_store::Store;

use super::DocumentsError;
use crate::recap::{WorkspaceRecap, workspace_recap};

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
    let recap = workspace_recap(store)?;
    std::fs::create_dir_all(out_dir).map_err(|source| DocumentsError::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let all = export_sheets(&recap, settings.drill);
    match format {
        ExportFormat::Xlsx => {
            let suffix = if settings.drill { "-UJICOBA" } else { "" };
            let path = out_dir.join(format!(
                "rekap-{}{suffix}.xlsx",
                recap.election.kecamatan.code.as_str()
            ));
            write_xlsx(&path, &all)?;
            Ok(vec![path])
        }
        ExportFormat::Csv => Ok(write_csv(out_dir, &all)?),
    }
}
