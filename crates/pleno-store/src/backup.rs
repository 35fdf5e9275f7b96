//! `pleno backup`: a consistent copy of a workspace while it is in use. The database is
//! copied with SQLite's online backup in a single step (one read snapshot), then every blob
//! that snapshot refers to is copied and checked. The copy becomes a workspace only at the
//! end, when its `pleno.db` is renamed into place.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::backup::Backup;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::blob::{self, BlobHash, Blobs};
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::store::{DB_FILE, Store};
use crate::types::{Actor, EventSeq, Mode};

const PARTIAL: &str = "pleno.db.backup-partial";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupReport {
    pub dest: PathBuf,
    pub events: u64,
    pub blobs: u64,
    pub blob_bytes: u64,
}

/// The newest backup recorded in the audit log: when, by whom, where to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LastBackup {
    pub at: String,
    pub actor: String,
    pub dest: String,
}

/// Backs up the workspace in `dir` to `dest` (absent or empty), opening it read-only.
pub fn backup(dir: &Path, dest: &Path) -> Result<BackupReport> {
    Store::open(dir, Mode::ReadOnly)?.backup_to(dest)
}

impl Store {
    pub fn backup_to(&self, dest: &Path) -> Result<BackupReport> {
        if dest.exists() {
            let mut listing =
                fs::read_dir(dest).map_err(|e| StoreError::io("membaca folder", dest, e))?;
            if listing.next().is_some() {
                return Err(StoreError::AlreadyExists {
                    path: dest.to_path_buf(),
                });
            }
        }
        let created = !dest.exists();
        let result = self.copy_into(dest);
        if result.is_err() {
            if created {
                let _ = fs::remove_dir_all(dest);
            } else {
                let _ = fs::remove_dir_all(dest.join(blob::BLOB_DIR));
                let _ = fs::remove_file(dest.join(PARTIAL));
            }
        }
        result
    }

    fn copy_into(&self, dest: &Path) -> Result<BackupReport> {
        fs::create_dir_all(dest.join(blob::BLOB_DIR))
            .map_err(|e| StoreError::io("membuat folder", dest, e))?;
        let partial = dest.join(PARTIAL);
        let mut out = Connection::open(&partial).db(&partial)?;
        {
            let backup = Backup::new(&self.conn, &mut out).db(&partial)?;
            // -1: all pages in one step, under one read lock: a consistent snapshot even while
            // another process writes.
            backup.step(-1).db(&partial)?;
        }
        let hashes: Vec<(String, i64)> = out
            .prepare("SELECT hash, size FROM blob ORDER BY hash")
            .db(&partial)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .db(&partial)?
            .collect::<rusqlite::Result<_>>()
            .db(&partial)?;
        let events: i64 = out
            .query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0))
            .db(&partial)?;
        out.close()
            .map_err(|(_, e)| StoreError::sqlite(&partial, e))?;
        let target = Blobs::new(dest);
        let mut bytes = 0u64;
        for (hash, _) in &hashes {
            let hash = BlobHash::parse(hash)?;
            let data = self.ctx.blobs.read(&hash)?;
            target.write(&hash, &data)?;
            bytes += data.len() as u64;
        }
        let file = fs::File::open(&partial).map_err(|e| StoreError::io("membuka", &partial, e))?;
        file.sync_all()
            .map_err(|e| StoreError::io("menyimpan", &partial, e))?;
        let db = dest.join(DB_FILE);
        fs::rename(&partial, &db).map_err(|e| StoreError::io("memindahkan ke", &db, e))?;
        blob::sync_dir(dest).map_err(|e| StoreError::io("menyimpan folder", dest, e))?;
        Ok(BackupReport {
            dest: dest.to_path_buf(),
            events: events as u64,
            blobs: hashes.len() as u64,
            blob_bytes: bytes,
        })
    }

    /// Records a backup that was made and checked (an event only; no table changes), so the
    /// office and an auditor see when a verified copy last left the machine.
    pub fn record_backup(&mut self, actor: &Actor, report: &BackupReport) -> Result<EventSeq> {
        let (tx, _) = self.begin()?;
        let detail = serde_json::json!({
            "dest": report.dest.display().to_string(),
            "events": report.events,
            "blobs": report.blobs,
            "blob_bytes": report.blob_bytes,
            "verified": true,
        });
        tx.commit(actor, EventKind::BackupMade, detail)
    }

    /// The newest recorded backup, if any.
    pub fn last_backup(&self) -> Result<Option<LastBackup>> {
        let path = &self.ctx.db_path;
        self.conn
            .query_row(
                "SELECT at, actor, json_extract(payload, '$.detail.dest') FROM audit_event \
                 WHERE kind = ?1 ORDER BY seq DESC LIMIT 1",
                [EventKind::BackupMade.kind()],
                |r| {
                    Ok(LastBackup {
                        at: r.get(0)?,
                        actor: r.get(1)?,
                        dest: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    })
                },
            )
            .optional()
            .db(path)
    }
}
