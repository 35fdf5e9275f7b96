//! The workspace: a folder with `pleno.db` and `blobs/`. Creating, opening (read-write with
//! the lock, or read-only), and the connection settings every use case relies on.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::audit::Tx;
use crate::blob::{self, Blobs};
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::fields::Fields;
use crate::lock::WorkspaceLock;
use crate::schema::{self, APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use crate::setup::{self, Setup};
use crate::types::{Actor, Mode, WorkspaceLevel};

pub const DB_FILE: &str = "pleno.db";
const CREATING_FILE: &str = "pleno.db.creating";

/// An open workspace. Writes take `&mut self`: one use case, one transaction, one audit event.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) ctx: Ctx,
}

/// Everything but the connection, so a use case can hold a transaction and still read these.
pub(crate) struct Ctx {
    pub dir: PathBuf,
    pub db_path: PathBuf,
    pub mode: Mode,
    pub blobs: Blobs,
    pub fields: Fields,
    pub level: WorkspaceLevel,
    _lock: Option<WorkspaceLock>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.ctx.dir)
            .field("mode", &self.ctx.mode)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates a workspace in `dir` (absent or empty) and opens it read-write.
    ///
    /// The database is built under a temporary name and renamed into place only when
    /// complete, so a failure leaves the folder as it was.
    pub fn create(dir: &Path, setup: &Setup) -> Result<Store> {
        setup::validate(setup)?;
        let existed = dir.exists();
        if existed {
            let mut listing =
                fs::read_dir(dir).map_err(|e| StoreError::io("membaca folder", dir, e))?;
            if listing.next().is_some() {
                return Err(StoreError::AlreadyExists {
                    path: dir.to_path_buf(),
                });
            }
        }
        let result = build(dir, setup);
        if result.is_err() {
            // Put the folder back as it was found.
            if existed {
                let _ = fs::remove_dir_all(dir.join(blob::BLOB_DIR));
                let _ = fs::remove_file(dir.join(CREATING_FILE));
                let _ = fs::remove_file(dir.join(format!("{CREATING_FILE}-journal")));
            } else {
                let _ = fs::remove_dir_all(dir);
            }
        }
        result?;
        Store::open(dir, Mode::ReadWrite)
    }

    /// Opens an existing workspace.
    pub fn open(dir: &Path, mode: Mode) -> Result<Store> {
        let db_path = dir.join(DB_FILE);
        if !dir.is_dir() || !db_path.is_file() {
            return Err(StoreError::NotAWorkspace {
                path: dir.to_path_buf(),
            });
        }
        let lock = match mode {
            Mode::ReadWrite => Some(WorkspaceLock::acquire(dir)?),
            Mode::ReadOnly => None,
        };
        let flags = match mode {
            Mode::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            Mode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        };
        let mut conn = Connection::open_with_flags(&db_path, flags).db(&db_path)?;
        conn.busy_timeout(Duration::from_secs(5)).db(&db_path)?;
        check_identity(&conn, &db_path)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .db(&db_path)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .db(&db_path)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: db_path,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        match mode {
            Mode::ReadWrite => {
                // WAL: readers (projector, verify, backup) never block the writer.
                // synchronous=FULL: a committed entry survives a power cut, not only a crash.
                conn.pragma_update(None, "journal_mode", "WAL")
                    .db(&db_path)?;
                conn.pragma_update(None, "synchronous", "FULL")
                    .db(&db_path)?;
                if version < SCHEMA_VERSION {
                    migrate(&mut conn, &db_path, version)?;
                }
            }
            Mode::ReadOnly => {
                if version < SCHEMA_VERSION {
                    return Err(StoreError::OlderSchemaReadOnly {
                        path: db_path,
                        found: version,
                        supported: SCHEMA_VERSION,
                    });
                }
                conn.pragma_update(None, "query_only", "ON").db(&db_path)?;
            }
        }
        let fields = Fields::load(&conn, &db_path)?;
        let level: WorkspaceLevel = conn
            .query_row("SELECT level FROM settings WHERE id = 1", [], |r| r.get(0))
            .db(&db_path)?;
        let blobs = Blobs::new(dir);
        if mode == Mode::ReadWrite {
            blobs.clean_tmp();
        }
        Ok(Store {
            conn,
            ctx: Ctx {
                dir: dir.to_path_buf(),
                db_path,
                mode,
                blobs,
                fields,
                level,
                _lock: lock,
            },
        })
    }

    pub fn dir(&self) -> &Path {
        &self.ctx.dir
    }

    pub fn mode(&self) -> Mode {
        self.ctx.mode
    }

    pub fn level(&self) -> WorkspaceLevel {
        self.ctx.level
    }

    /// Starts a write transaction, refusing in read-only mode.
    pub(crate) fn begin(&mut self) -> Result<(Tx<'_>, &Ctx)> {
        if self.ctx.mode == Mode::ReadOnly {
            return Err(StoreError::ReadOnly {
                path: self.ctx.dir.clone(),
            });
        }
        let tx = Tx::begin(&mut self.conn, &self.ctx.db_path)?;
        Ok((tx, &self.ctx))
    }

    /// `PRAGMA integrity_check`: "ok" or SQLite's list of problems.
    pub fn integrity_check(&self) -> Result<String> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .db(&self.ctx.db_path)?;
        let lines: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .db(&self.ctx.db_path)?
            .collect::<rusqlite::Result<_>>()
            .db(&self.ctx.db_path)?;
        Ok(lines.join("\n"))
    }

    /// Read access for tests and tools in this crate family (benchmarks, verify).
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn build(dir: &Path, setup: &Setup) -> Result<()> {
    fs::create_dir_all(dir.join(blob::BLOB_DIR))
        .map_err(|e| StoreError::io("membuat folder", dir, e))?;
    let tmp = dir.join(CREATING_FILE);
    let _ = fs::remove_file(&tmp);
    {
        let mut conn = Connection::open(&tmp).db(&tmp)?;
        conn.pragma_update(None, "foreign_keys", "ON").db(&tmp)?;
        conn.pragma_update(None, "synchronous", "FULL").db(&tmp)?;
        let mut tx = Tx::begin(&mut conn, &tmp)?;
        schema::create(&tx.sql).db(&tmp)?;
        setup::insert(&mut tx, setup)?;
        let detail = serde_json::json!({
            "workspace_id": setup.workspace_id,
            "level": setup.level,
            "drill": setup.drill,
            "kecamatan": setup.election.kecamatan.code.as_str(),
            "desa": setup.election.kecamatan.desa.len(),
            "tps": setup.election.kecamatan.tps_count(),
            "schema_version": SCHEMA_VERSION,
        });
        tx.commit(&setup.actor, EventKind::WorkspaceCreated, detail)?;
        conn.close().map_err(|(_, e)| StoreError::sqlite(&tmp, e))?;
    }
    let file = fs::File::open(&tmp).map_err(|e| StoreError::io("membuka", &tmp, e))?;
    file.sync_all()
        .map_err(|e| StoreError::io("menyimpan", &tmp, e))?;
    let db = dir.join(DB_FILE);
    fs::rename(&tmp, &db).map_err(|e| StoreError::io("memindahkan ke", &db, e))?;
    blob::sync_dir(dir).map_err(|e| StoreError::io("menyimpan folder", dir, e))?;
    Ok(())
}

/// Refuses SQLite files that are not Pleno workspaces before anything is changed in them.
fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .db(path)?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotPlenoDatabase {
            path: path.to_path_buf(),
            detail: format!("application_id {app_id:#x}, bukan Pleno"),
        });
    }
    Ok(())
}

fn migrate(conn: &mut Connection, path: &Path, from: i64) -> Result<()> {
    let mut tx = Tx::begin(conn, path)?;
    let steps: Vec<_> = MIGRATIONS.iter().filter(|m| m.from >= from).collect();
    for step in &steps {
        tx.sql.execute_batch(step.sql).db(path)?;
    }
    schema::sync_event_kinds(&tx.sql).db(path)?;
    // Rows the steps added or changed go into the event as they end up.
    for (table, ids) in steps.iter().filter_map(|m| m.logs) {
        let keys: Vec<i64> = tx
            .sql
            .prepare(ids)
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .db(path)?;
        for key in keys {
            tx.record(table, key);
        }
    }
    tx.sql
        .pragma_update(None, "user_version", SCHEMA_VERSION)
        .db(path)?;
    let detail = serde_json::json!({ "from": from, "to": SCHEMA_VERSION });
    tx.commit(&Actor::new("pleno"), EventKind::SchemaMigrated, detail)?;
    Ok(())
}
