//! Content-addressed blob files: `blobs/ab/cd/<sha256>`. Original photos and scans are stored
//! exactly as received and never altered.
//!
//! Writing order (crash safety): temp file in `blobs/tmp/` → write → fsync → rename into place
//! → fsync the directory → only then the database row. A crash can leave an unreferenced file
//! (harmless, reported by verify as a note) but never a row without its file.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};
use crate::rows::hex;

pub const BLOB_DIR: &str = "blobs";
const TMP_DIR: &str = "tmp";

/// SHA-256 of a blob's bytes, 64 lowercase hex digits.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(try_from = "String", into = "String")]
pub struct BlobHash(String);

impl BlobHash {
    pub fn parse(value: &str) -> Result<BlobHash> {
        if value.len() == 64
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            Ok(BlobHash(value.to_string()))
        } else {
            Err(StoreError::BadBlobHash {
                value: value.to_string(),
            })
        }
    }

    pub fn of(bytes: &[u8]) -> BlobHash {
        BlobHash(hex(&Sha256::digest(bytes)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BlobHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for BlobHash {
    type Error = StoreError;
    fn try_from(s: String) -> Result<BlobHash> {
        BlobHash::parse(&s)
    }
}

impl From<BlobHash> for String {
    fn from(h: BlobHash) -> String {
        h.0
    }
}

/// What `put_blob` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PutBlob {
    pub hash: BlobHash,
    pub size: u64,
    /// The same bytes were already stored; nothing was written and no event logged.
    pub already_stored: bool,
}

/// A stored blob, for export and verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlobInfo {
    pub hash: BlobHash,
    pub size: u64,
    pub path: PathBuf,
    pub stored_at: String,
}

/// The blob directory of one workspace.
#[derive(Debug, Clone)]
pub struct Blobs {
    root: PathBuf,
}

impl Blobs {
    pub fn new(workspace: &Path) -> Blobs {
        Blobs {
            root: workspace.join(BLOB_DIR),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, hash: &BlobHash) -> PathBuf {
        let h = hash.as_str();
        self.root.join(&h[0..2]).join(&h[2..4]).join(h)
    }

    /// True when the file exists and holds exactly these bytes' hash.
    pub fn is_intact(&self, hash: &BlobHash) -> bool {
        matches!(hash_file(&self.path(hash)), Ok((h, _)) if h == *hash)
    }

    /// Writes `bytes` under `hash` (temp, fsync, rename, fsync dir).
    pub fn write(&self, hash: &BlobHash, bytes: &[u8]) -> Result<()> {
        let final_path = self.path(hash);
        let dir = final_path
            .parent()
            .map_or_else(|| self.root.clone(), Path::to_path_buf);
        let tmp_dir = self.root.join(TMP_DIR);
        for d in [&tmp_dir, &dir] {
            fs::create_dir_all(d).map_err(|e| StoreError::io("membuat folder", d, e))?;
        }
        let tmp = tmp_dir.join(format!("{}.{}.part", hash.as_str(), std::process::id()));
        let written = write_synced(&tmp, bytes);
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(StoreError::io("menulis berkas", &tmp, e));
        }
        if let Err(e) = crate::failpoint::step("memindahkan berkas")
            .and_then(|()| fs::rename(&tmp, &final_path))
        {
            let _ = fs::remove_file(&tmp);
            return Err(StoreError::io("memindahkan berkas ke", &final_path, e));
        }
        crate::failpoint::step("fsync folder")
            .and_then(|()| sync_dir(&dir))
            .map_err(|e| StoreError::io("menyimpan folder", &dir, e))?;
        if let Some(parent) = dir.parent() {
            crate::failpoint::step("fsync folder induk")
                .and_then(|()| sync_dir(parent))
                .map_err(|e| StoreError::io("menyimpan folder", parent, e))?;
        }
        Ok(())
    }

    /// Reads a blob and checks its hash.
    pub fn read(&self, hash: &BlobHash) -> Result<Vec<u8>> {
        let path = self.path(hash);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(StoreError::BlobMissing {
                    hash: hash.to_string(),
                    path,
                });
            }
            Err(e) => return Err(StoreError::io("membaca berkas", &path, e)),
        };
        let actual = BlobHash::of(&bytes);
        if actual != *hash {
            return Err(StoreError::BlobCorrupt {
                hash: hash.to_string(),
                path,
                actual: actual.to_string(),
            });
        }
        Ok(bytes)
    }

    /// Removes temp files left by a writer that was killed mid-write.
    pub fn clean_tmp(&self) {
        if let Ok(dir) = fs::read_dir(self.root.join(TMP_DIR)) {
            for entry in dir.flatten() {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Every blob file on disk (hash-named files in the fan-out folders).
    pub fn files_on_disk(&self) -> Vec<(String, PathBuf)> {
        let mut out = Vec::new();
        let Ok(level1) = fs::read_dir(&self.root) else {
            return out;
        };
        for a in level1.flatten() {
            if a.file_name() == TMP_DIR || !a.path().is_dir() {
                continue;
            }
            let Ok(level2) = fs::read_dir(a.path()) else {
                continue;
            };
            for b in level2.flatten() {
                let Ok(files) = fs::read_dir(b.path()) else {
                    continue;
                };
                for f in files.flatten() {
                    out.push((f.file_name().to_string_lossy().into_owned(), f.path()));
                }
            }
        }
        out.sort();
        out
    }
}

/// Hash and size of a file, streaming.
pub fn hash_file(path: &Path) -> io::Result<(BlobHash, u64)> {
    let mut file = File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        size += n as u64;
    }
    Ok((BlobHash(hex(&h.finalize())), size))
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    fault::check()?;
    crate::failpoint::step("menulis berkas")?;
    file.write_all(bytes)?;
    crate::failpoint::step("fsync berkas")?;
    file.sync_all()
}

/// Makes a rename durable: fsync of the directory that holds the new name.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Write-error injection for tests (a full disk on demand, where CI cannot mount a tmpfs).
#[cfg(test)]
pub mod fault {
    use std::cell::Cell;
    use std::io;

    thread_local! {
        static FAIL: Cell<bool> = const { Cell::new(false) };
    }

    pub fn fail_writes(on: bool) {
        FAIL.with(|f| f.set(on));
    }

    pub fn check() -> io::Result<()> {
        if FAIL.with(Cell::get) {
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "injected: no space left",
            ))
        } else {
            Ok(())
        }
    }
}

#[cfg(not(test))]
mod fault {
    #[inline]
    #[allow(clippy::unnecessary_wraps)] // same signature as the test build's injector
    pub fn check() -> std::io::Result<()> {
        Ok(())
    }
}
