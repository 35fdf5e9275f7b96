//! Printed documents, exports, bundles and the audit check.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use pleno_core::Contest;
use pleno_store::VerifyReport;

use super::{NoArgs, Ws};
use crate::backup::BackupMade;
use crate::bundle::{BundleImportReport, BundleReport, ExportOptions, KeyTrust};
use crate::documents::{DocChoice, ExportFormat, Paper, PaperChoice, PrintedFile};
use crate::error::AppResult;
use crate::workspace::Who;

#[derive(Deserialize, JsonSchema)]
pub struct Print {
    doc: DocChoice,
    contest: Option<Contest>,
    #[serde(default)]
    paper: Option<PaperChoice>,
    #[serde(default)]
    provisional: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct Printed {
    files: Vec<PrintedFile>,
}

pub fn print(w: &Ws, _who: &Who, a: Print) -> AppResult<Printed> {
    let paper = a.paper.map_or(Paper::A4, |p| p.0);
    let files = w.print_documents(a.doc, a.contest, paper, a.provisional)?;
    Ok(Printed { files })
}

#[derive(Deserialize, JsonSchema)]
pub struct Export {
    format: ExportFormat,
}

#[derive(Serialize, JsonSchema)]
pub struct Exported {
    files: Vec<PathBuf>,
}

pub fn export(w: &Ws, _who: &Who, a: Export) -> AppResult<Exported> {
    w.export_recap(a.format).map(|files| Exported { files })
}

#[derive(Deserialize, JsonSchema)]
pub struct BundleExport {
    dest: Option<PathBuf>,
    /// Carry the labelled box crops for retraining at the KPU Kab/Kota.
    #[serde(default)]
    with_crops: bool,
}

pub fn bundle_export(w: &Ws, _who: &Who, a: BundleExport) -> AppResult<BundleReport> {
    w.export_bundle(&ExportOptions {
        dest: a.dest,
        without_images: false,
        with_crops: a.with_crops,
    })
}

#[derive(Deserialize, JsonSchema)]
pub struct BundleImport {
    path: PathBuf,
    #[serde(flatten)]
    trust: KeyTrust,
}

pub fn bundle_import(w: &Ws, who: &Who, a: BundleImport) -> AppResult<BundleImportReport> {
    w.import_bundle(who, &a.path, &a.trust)
}

#[derive(Deserialize, JsonSchema)]
pub struct Backup {
    /// The folder (a USB stick) the new backup folder is made in.
    folder: PathBuf,
}

pub fn backup(w: &Ws, who: &Who, a: Backup) -> AppResult<BackupMade> {
    w.backup_verified(who, &a.folder)
}

pub fn verify_audit(w: &Ws, _: NoArgs) -> AppResult<VerifyReport> {
    w.verify_audit()
}
