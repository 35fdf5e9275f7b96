//! "Cadangkan sekarang": a copy of the workspace in a new folder inside one the office chose
//! (a USB stick), checked by opening the copy and verifying it the way `pleno verify` does,
//! then recorded in the audit log so the first screen can say when the last one was made.

use std::path::{Path, PathBuf};

use pleno_store::{Mode, Store};
use schemars::JsonSchema;
use serde::Serialize;

use crate::bundle::KEY_FILE;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::workspace::{Who, Workspace};

/// What a backup made and checked.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BackupMade {
    /// The new folder holding the copy.
    pub dest: PathBuf,
    pub events: u64,
    pub blobs: u64,
    pub blob_bytes: u64,
    /// Whether the workstation's signing key was copied too (a PPK workspace has one).
    pub key_copied: bool,
}

/// The new folder's name: which kecamatan, when (UTC), so copies never overwrite each other.
fn folder_name(kecamatan_code: &str, now: &str) -> String {
    let stamp: String = now.chars().filter(char::is_ascii_digit).take(14).collect();
    let (date, time) = stamp.split_at(stamp.len().min(8));
    format!("pleno-cadangan-{kecamatan_code}-{date}-{time}")
}

impl Workspace {
    /// Copies the workspace into a new folder inside `folder`, verifies the copy and records
    /// the backup. A copy that fails verification is removed and reported, never left behind
    /// looking like a backup.
    pub fn backup_verified(&self, who: &Who, folder: &Path) -> AppResult<BackupMade> {
        if !folder.is_dir() {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!(
                    "folder cadangan {} tidak ada; pasang flashdisk atau pilih folder lain",
                    folder.display()
                ),
            ));
        }
        let code = self.election()?.kecamatan.code.to_string();
        let name = folder_name(&code, &pleno_store::now());
        // Two backups in one second get "-2", "-3": a copy never lands in another's folder.
        let mut dest = folder.join(&name);
        let mut n = 1;
        while dest.exists() {
            n += 1;
            dest = folder.join(format!("{name}-{n}"));
        }
        // Refused in a read-only window before anything is copied; the copy itself reads
        // through its own read-only connection (the same as `pleno backup`), so the panels are
        // not held up while every photo is copied.
        drop(self.writable()?);
        let report = pleno_store::backup(self.dir(), &dest)?;
        let key_copied = match copy_key(self.dir(), &dest) {
            Ok(copied) => copied,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dest);
                return Err(e);
            }
        };
        let check = Store::open(&dest, Mode::ReadOnly).and_then(|s| s.verify());
        let problem = match &check {
            Ok(r) if r.problems.is_empty() => None,
            Ok(r) => Some(format!("{} masalah", r.problem_count)),
            Err(e) => Some(e.to_string()),
        };
        if let Some(problem) = problem {
            let _ = std::fs::remove_dir_all(&dest);
            return Err(AppError::new(
                ErrorCode::Io,
                format!(
                    "salinan di {} tidak lolos pemeriksaan ({problem}) dan dihapus; coba folder atau flashdisk lain",
                    dest.display()
                ),
            ));
        }
        self.writable()?.record_backup(&who.actor, &report)?;
        Ok(BackupMade {
            dest,
            events: report.events,
            blobs: report.blobs,
            blob_bytes: report.blob_bytes,
            key_copied,
        })
    }
}

/// The signing key goes with the copy: a workspace restored without it could not sign
/// bundles with the key the KPU Kab/Kota enrolled.
fn copy_key(dir: &Path, dest: &Path) -> AppResult<bool> {
    let from = dir.join(KEY_FILE);
    if !from.exists() {
        return Ok(false);
    }
    let to = dest.join(KEY_FILE);
    let io = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("kunci tidak dapat disalin ke {}: {e}", to.display()),
        )
    };
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::copy(&from, &to).map_err(io)?;
    std::fs::File::open(&to)
        .and_then(|f| f.sync_all())
        .map_err(io)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::folder_name;

    #[test]
    fn folder_names_carry_the_kecamatan_and_the_time() {
        assert_eq!(
            folder_name("33.03.19", "2026-12-04T23:59:01.123Z"),
            "pleno-cadangan-33.03.19-20261204-235901"
        );
    }
}
