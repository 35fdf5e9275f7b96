//! Printing and exporting as the desktop and `pleno serve` offer it: the documents go to
//! `<workspace>/dokumen`, the exports to `<workspace>/ekspor`.

use std::path::PathBuf;

use serde::Serialize;

use pleno_core::Contest;
use pleno_print::doc::Paper;

use super::{DocKind, ExportFormat, PrintOptions, export, print_all};
use crate::error::{AppResult, bad_request};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PrintedFile {
    pub path: String,
    pub pages: usize,
}

/// What `doc` names: d-hasil, lampiran, d-kejadian or all.
pub fn doc_kinds(doc: &str) -> AppResult<Vec<DocKind>> {
    Ok(match doc {
        "all" => DocKind::ALL.to_vec(),
        other => vec![
            DocKind::ALL
                .into_iter()
                .find(|k| k.slug() == other)
                .ok_or_else(|| {
                    bad_request(format!(
                        "dokumen '{other}' tidak dikenal (d-hasil, lampiran, d-kejadian, all)"
                    ))
                })?,
        ],
    })
}

pub fn paper(name: Option<&str>) -> AppResult<Paper> {
    match name {
        None | Some("a4") => Ok(Paper::A4),
        Some("f4") => Ok(Paper::F4),
        Some(other) => Err(bad_request(format!(
            "kertas '{other}' tidak dikenal (a4, f4)"
        ))),
    }
}

impl Workspace {
    /// Prints documents into `<workspace>/dokumen`. Refused (code `figures_unagreed`, with the
    /// list) while figures are unagreed, unless `provisional` (SEMENTARA on every page).
    pub fn print_documents(
        &self,
        doc: &str,
        contest: Option<Contest>,
        paper_name: Option<&str>,
        provisional: bool,
    ) -> AppResult<Vec<PrintedFile>> {
        let opts = PrintOptions {
            docs: doc_kinds(doc)?,
            contest,
            paper: paper(paper_name)?,
            provisional,
            ..PrintOptions::all(self.dir().join("dokumen"))
        };
        let printed = print_all(&self.store(), &opts)?;
        Ok(printed
            .iter()
            .map(|d| PrintedFile {
                path: d.path.display().to_string(),
                pages: d.pages,
            })
            .collect())
    }

    /// Exports the recap (xlsx or csv) into `<workspace>/ekspor`.
    pub fn export_recap(&self, format: &str) -> AppResult<Vec<PathBuf>> {
        let format = match format {
            "xlsx" => ExportFormat::Xlsx,
            "csv" => ExportFormat::Csv,
            other => {
                return Err(bad_request(format!(
                    "format '{other}' tidak dikenal (xlsx, csv)"
                )));
            }
        };
        Ok(export(&self.store(), format, &self.dir().join("ekspor"))?)
    }
}
