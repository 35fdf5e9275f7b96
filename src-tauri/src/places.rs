//! Where an office's things live by default: workspaces under the user's documents folder
//! (`Dokumen/Pleno`), the demo beside them, the log in the XDG state folder.

use std::path::PathBuf;

use serde::Serialize;
use tauri::{AppHandle, Manager};

#[derive(Debug, Clone, Serialize)]
pub struct Places {
    /// The folder new workspaces are proposed in.
    pub workspaces: String,
    /// Where "Coba dengan data contoh" makes (or finds) the demo.
    pub demo: String,
    pub log_file: Option<String>,
}

/// The user's documents folder: the XDG user dir when set, else `~/Documents`, else home.
fn documents(app: &AppHandle) -> PathBuf {
    app.path()
        .document_dir()
        .ok()
        .or_else(|| app.path().home_dir().ok().map(|h| h.join("Documents")))
        .unwrap_or_else(std::env::temp_dir)
}

pub fn workspaces(app: &AppHandle) -> PathBuf {
    documents(app).join("Pleno")
}

pub fn demo(app: &AppHandle) -> PathBuf {
    workspaces(app).join("Contoh")
}

pub fn places(app: &AppHandle) -> Places {
    Places {
        workspaces: workspaces(app).display().to_string(),
        demo: demo(app).display().to_string(),
        log_file: crate::log::file().map(|p| p.display().to_string()),
    }
}
