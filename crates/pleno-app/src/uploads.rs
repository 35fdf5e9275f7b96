//! Photos and scans sent from a browser on the LAN, which cannot name a path on the
//! workstation: each file arrives on its own (`PUT /api/uploads/{batch}?path=…`) into
//! `masuk/<batch>/<its folder path>`, and the batch is then imported like a folder from a USB
//! stick, so the folder names still say which desa and TPS a photo belongs to.
//!
//! A file is written to a temporary name and moved into place only once it is whole (and its
//! SHA-256 matches, when the browser sent one): a dropped connection leaves nothing behind and
//! the browser sends that file again. The same file sent twice is stored once.

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult, ErrorCode, bad_request};
use crate::workspace::Workspace;

/// The folder of the workspace that uploads go to.
pub const INBOX: &str = "masuk";
/// The largest file taken: a 50-megapixel JPEG or a multi-page scan PDF stays well below it.
pub const MAX_FILE: u64 = 64 << 20;

/// One file received.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Uploaded {
    /// Where it went, under `masuk/<batch>/`.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    /// The same file had already arrived under that name: nothing new was stored.
    pub duplicate: bool,
}

fn batch_ok(batch: &str) -> AppResult<()> {
    let ok = (8..=64).contains(&batch.len())
        && batch
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(bad_request(format!(
            "nama kiriman '{batch}' tidak sah (8–64 huruf kecil, angka atau '-')"
        )))
    }
}

/// The file's folder path as the browser gave it, kept to plain names: no `..`, no root, no
/// drive, nothing hidden, at most 8 levels.
fn relative(path: &str) -> AppResult<PathBuf> {
    let bad = || {
        bad_request(format!(
            "nama berkas '{path}' tidak dapat dipakai; ganti namanya lalu unggah lagi"
        ))
    };
    let mut out = PathBuf::new();
    for part in path.split(['/', '\\']).filter(|p| !p.is_empty()) {
        let plain = matches!(
            Path::new(part).components().next(),
            Some(Component::Normal(_))
        ) && Path::new(part).components().count() == 1;
        if !plain || part.starts_with('.') || part.len() > 200 || part.chars().any(char::is_control)
        {
            return Err(bad());
        }
        out.push(part);
    }
    if out.as_os_str().is_empty() || out.components().count() > 8 {
        return Err(bad());
    }
    Ok(out)
}

/// A file being received. Dropped before [`Upload::finish`], it removes what it wrote.
pub struct Upload {
    tmp: PathBuf,
    target: PathBuf,
    shown: String,
    file: Option<File>,
    hasher: Sha256,
    bytes: u64,
}

impl Upload {
    pub fn write(&mut self, chunk: &[u8]) -> AppResult<()> {
        self.bytes += chunk.len() as u64;
        if self.bytes > MAX_FILE {
            return Err(AppError::new(
                ErrorCode::RequestTooLarge,
                format!(
                    "{} lebih dari {} MB; perkecil fotonya atau pindai dengan resolusi lebih rendah",
                    self.shown,
                    MAX_FILE >> 20
                ),
            ));
        }
        self.hasher.update(chunk);
        let file = self
            .file
            .as_mut()
            .ok_or_else(|| io_error(&self.tmp, "sudah ditutup"))?;
        file.write_all(chunk)
            .map_err(|e| io_error(&self.tmp, &e.to_string()))
    }

    /// Checks the whole file and moves it into place.
    pub fn finish(mut self, expected_sha256: Option<&str>) -> AppResult<Uploaded> {
        let sha256 = pleno_store::hex(&std::mem::take(&mut self.hasher).finalize());
        if let Some(want) = expected_sha256
            && !want.eq_ignore_ascii_case(&sha256)
        {
            return Err(bad_request(format!(
                "{} tiba tidak utuh (SHA-256 berbeda); unggah lagi",
                self.shown
            )));
        }
        if self.bytes == 0 {
            return Err(bad_request(format!("{} kosong (0 bita)", self.shown)));
        }
        let file = self
            .file
            .take()
            .ok_or_else(|| io_error(&self.tmp, "sudah ditutup"))?;
        file.sync_all()
            .map_err(|e| io_error(&self.tmp, &e.to_string()))?;
        drop(file);
        let uploaded = |duplicate| Uploaded {
            path: self.shown.clone(),
            bytes: self.bytes,
            sha256: sha256.clone(),
            duplicate,
        };
        if self.target.exists() {
            let same = fs::read(&self.target)
                .is_ok_and(|b| pleno_store::hex(&Sha256::digest(&b)) == sha256);
            if same {
                return Ok(uploaded(true));
            }
            return Err(bad_request(format!(
                "berkas lain bernama {} sudah diunggah dalam kiriman ini; ganti namanya lalu unggah lagi",
                self.shown
            )));
        }
        fs::rename(&self.tmp, &self.target).map_err(|e| io_error(&self.target, &e.to_string()))?;
        if let Some(dir) = self.target.parent() {
            // The rename is durable only once its folder is written.
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(uploaded(false))
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        // Unfinished, failed or a duplicate: the temporary file goes.
        let _ = fs::remove_file(&self.tmp);
    }
}

fn io_error(path: &Path, why: &str) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!(
            "berkas unggahan {} tidak dapat ditulis ({why}); periksa ruang disk komputer utama",
            path.display()
        ),
    )
}

impl Workspace {
    /// The folder of one batch of uploads.
    pub fn upload_batch_dir(&self, batch: &str) -> AppResult<PathBuf> {
        batch_ok(batch)?;
        Ok(self.dir().join(INBOX).join(batch))
    }

    /// A file already received in `batch` under `path` (a figures workbook sent from a
    /// laptop), as a path on this machine.
    pub fn uploaded_file(&self, batch: &str, path: &str) -> AppResult<PathBuf> {
        let file = self.upload_batch_dir(batch)?.join(relative(path)?);
        if !fs::symlink_metadata(&file).is_ok_and(|m| m.file_type().is_file()) {
            return Err(AppError::new(
                ErrorCode::FileNotFound,
                format!("{path} belum diunggah dalam kiriman {batch}; kirim berkasnya lagi"),
            ));
        }
        Ok(file)
    }

    /// Starts receiving `path` (the file's folder path as the browser knows it) into `batch`.
    pub fn begin_upload(&self, batch: &str, path: &str) -> AppResult<Upload> {
        if self.is_read_only() {
            // `pleno serve --read-only` beside the desktop app: nothing is written, files neither.
            return Err(AppError::new(
                ErrorCode::ReadOnly,
                "ruang kerja ini dilayani hanya-baca; foto dikirim ke komputer utama saat ruang kerjanya dibuka untuk diubah",
            ));
        }
        let rel = relative(path)?;
        let target = self.upload_batch_dir(batch)?.join(&rel);
        let dir = target.parent().unwrap_or(self.dir());
        fs::create_dir_all(dir).map_err(|e| io_error(dir, &e.to_string()))?;
        let nonce = pleno_store::hex(&crate::devices::random_bytes::<6>()?);
        let tmp = dir.join(format!(".unggah-{nonce}.tmp"));
        let file = File::create(&tmp).map_err(|e| io_error(&tmp, &e.to_string()))?;
        Ok(Upload {
            tmp,
            target,
            shown: rel.display().to_string(),
            file: Some(file),
            hasher: Sha256::new(),
            bytes: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_names_are_taken() {
        assert_eq!(
            relative("Desa Karangjati/TPS 001/IMG_1.jpg").unwrap(),
            PathBuf::from("Desa Karangjati/TPS 001/IMG_1.jpg")
        );
        assert_eq!(relative("a\\b.jpg").unwrap(), PathBuf::from("a/b.jpg"));
        for bad in ["", "../x.jpg", "a/../../x", "/", ".ssh/id", "a/\u{7}.jpg"] {
            assert!(relative(bad).is_err(), "{bad:?}");
        }
        assert!(batch_ok("k1-20261205").is_ok());
        for bad in ["short", "../../etc/x", "UPPER-CASE-1"] {
            assert!(batch_ok(bad).is_err(), "{bad}");
        }
    }
}
