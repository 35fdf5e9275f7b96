//! The files Pleno writes for people to take away: printed documents (`dokumen/`) and exports
//! and bundles (`ekspor/`). A LAN laptop gets them as downloads (`GET /api/files/{folder}/
//! {name}`); it can neither name another place on the workstation nor write elsewhere.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::Serialize;

use crate::error::{AppError, AppResult, ErrorCode, not_found};
use crate::workspace::Workspace;

/// The folders, inside the workspace, that print, export and bundle export write into.
pub const OUTPUT_FOLDERS: &[&str] = &["dokumen", "ekspor"];

/// A file to send: where it is and what a browser should call it.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub name: String,
    pub content_type: &'static str,
}

/// A file in an output folder, as the Cetak screen lists it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OutputEntry {
    /// `dokumen` or `ekspor`.
    pub folder: String,
    pub name: String,
    /// Where it is on the workstation (the desktop opens it from there).
    pub path: String,
    pub bytes: u64,
    /// When it was written, UTC, as the audit log writes times.
    pub written: String,
}

impl Workspace {
    /// Every file printed or exported so far, newest first.
    pub fn outputs(&self) -> AppResult<Vec<OutputEntry>> {
        let mut out = Vec::new();
        for folder in OUTPUT_FOLDERS {
            let Ok(entries) = std::fs::read_dir(self.dir().join(folder)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let Ok(meta) = entry.metadata() else { continue };
                // Hidden names are files being written (`.name.tmp`).
                if !meta.file_type().is_file() || name.starts_with('.') {
                    continue;
                }
                let written = meta
                    .modified()
                    .map(pleno_store::of_system)
                    .unwrap_or_default();
                out.push(OutputEntry {
                    folder: (*folder).to_string(),
                    path: entry.path().display().to_string(),
                    name,
                    bytes: meta.len(),
                    written,
                });
            }
        }
        out.sort_by(|a, b| b.written.cmp(&a.written).then(a.name.cmp(&b.name)));
        Ok(out)
    }

    /// The written file `name` in the output folder `folder`, refusing anything else.
    pub fn output_file(&self, folder: &str, name: &str) -> AppResult<OutputFile> {
        if !OUTPUT_FOLDERS.contains(&folder) {
            return Err(AppError::new(
                ErrorCode::ServerPathRefused,
                format!(
                    "hanya berkas di folder {} yang dapat diunduh",
                    OUTPUT_FOLDERS.join(" dan ")
                ),
            ));
        }
        let plain = !name.is_empty()
            && !name.starts_with('.')
            && !name.contains(['/', '\\', '\0'])
            && name.len() <= 255;
        let path = self.dir().join(folder).join(name);
        // Not a link: a link placed in the folder could lead anywhere on the disk.
        let is_file =
            plain && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if !is_file {
            return Err(not_found(format!(
                "{folder}/{name} tidak ada; buat dokumennya dulu di Cetak & Ekspor"
            )));
        }
        Ok(OutputFile {
            content_type: content_type(name),
            name: name.to_string(),
            path,
        })
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn downloads_say_what_they_are() {
        assert_eq!(content_type("D-Hasil-ppwp.pdf"), "application/pdf");
        assert_eq!(content_type("paket-x.pleno"), "application/octet-stream");
        assert!(content_type("rekap.csv").starts_with("text/csv"));
    }
}
