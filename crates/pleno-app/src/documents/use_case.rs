//! Printing and exporting as the desktop and `pleno serve` offer it: the documents go to
//! `<workspace>/dokumen`, the exports to `<workspace>/ekspor`.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use pleno_core::Contest;
use pleno_print::doc::Paper;

use super::{DocKind, ExportFormat, PrintOptions, export, print_all};
use crate::error::AppResult;
use crate::workspace::Workspace;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, JsonSchema)]
pub struct PrintedFile {
    pub path: String,
    pub pages: usize,
}

/// Which documents to print, as the UI and `pleno serve` name them: d-hasil, lampiran,
/// d-kejadian or all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum DocChoice {
    One(DocKind),
    All,
}

impl DocChoice {
    pub fn kinds(self) -> Vec<DocKind> {
        match self {
            DocChoice::One(k) => vec![k],
            DocChoice::All => DocKind::ALL.to_vec(),
        }
    }
}

impl TryFrom<String> for DocChoice {
    type Error = String;
    fn try_from(name: String) -> Result<Self, String> {
        if name == "all" {
            return Ok(DocChoice::All);
        }
        DocKind::ALL
            .into_iter()
            .find(|k| k.slug() == name)
            .map(DocChoice::One)
            .ok_or_else(|| {
                format!("dokumen '{name}' tidak dikenal (d-hasil, lampiran, d-kejadian, all)")
            })
    }
}

/// The paper, as the UI names it: a4 or f4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct PaperChoice(pub Paper);

impl TryFrom<String> for PaperChoice {
    type Error = String;
    fn try_from(name: String) -> Result<Self, String> {
        match name.as_str() {
            "a4" => Ok(PaperChoice(Paper::A4)),
            "f4" => Ok(PaperChoice(Paper::F4)),
            other => Err(format!("kertas '{other}' tidak dikenal (a4, f4)")),
        }
    }
}

impl TryFrom<String> for ExportFormat {
    type Error = String;
    fn try_from(name: String) -> Result<Self, String> {
        match name.as_str() {
            "xlsx" => Ok(ExportFormat::Xlsx),
            "csv" => Ok(ExportFormat::Csv),
            other => Err(format!("format '{other}' tidak dikenal (xlsx, csv)")),
        }
    }
}

/// A choice that travels as one of a few names: the UI's type lists exactly those names.
macro_rules! spelled_as {
    ($ty:ident, $names:expr) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let names: Vec<&str> = $names;
                schemars::json_schema!({ "type": "string", "enum": names })
            }
        }
    };
}

spelled_as!(DocChoice, {
    let mut names: Vec<&str> = DocKind::ALL.iter().map(|k| k.slug()).collect();
    names.push("all");
    names
});
spelled_as!(PaperChoice, vec!["a4", "f4"]);
spelled_as!(ExportFormat, vec!["xlsx", "csv"]);

impl Workspace {
    /// Prints documents into `<workspace>/dokumen`. Refused (code `recap_incomplete`, with the
    /// list) while figures are unagreed, unless `provisional` (SEMENTARA on every page).
    pub fn print_documents(
        &self,
        docs: DocChoice,
        contest: Option<Contest>,
        paper: Paper,
        provisional: bool,
    ) -> AppResult<Vec<PrintedFile>> {
        let opts = PrintOptions {
            docs: docs.kinds(),
            contest,
            paper,
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
    pub fn export_recap(&self, format: ExportFormat) -> AppResult<Vec<PathBuf>> {
        Ok(export(&self.store(), format, &self.dir().join("ekspor"))?)
    }
}
