//! The read-write lock of a workspace: an advisory `flock` on `pleno.lock`, released by the
//! kernel when the holder exits or is killed, so a crash never leaves a stale lock behind.
//! The holder writes who it is into the file, for the error message of the next one.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::clock;
use crate::error::{Result, StoreError};

pub const LOCK_FILE: &str = "pleno.lock";

#[derive(Debug)]
pub struct WorkspaceLock {
    _file: File,
}

impl WorkspaceLock {
    pub fn acquire(dir: &Path) -> Result<WorkspaceLock> {
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io("membuka kunci", &path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(StoreError::Locked {
                    path: dir.to_path_buf(),
                    holder: if holder.is_empty() {
                        "program Pleno lain".to_string()
                    } else {
                        holder.to_string()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(StoreError::io("mengunci", &path, e)),
        }
        let who = holder_description();
        let written = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(who.as_bytes()))
            .and_then(|()| file.flush());
        // The description is a courtesy; the lock itself is what protects the workspace.
        if let Err(e) = written {
            return Err(StoreError::io("menulis kunci", &path, e));
        }
        Ok(WorkspaceLock { _file: file })
    }
}

fn holder_description() -> String {
    let program = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "pleno".to_string());
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "komputer ini".to_string());
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "?".to_string());
    format!(
        "{program} (pid {}, pengguna {user}, di {host}, sejak {})",
        std::process::id(),
        clock::now()
    )
}
