//! `pleno verify`: re-checks a workspace end to end, read-only.
//!
//! 1. SQLite's own `integrity_check` and `foreign_key_check`;
//! 2. the schema (tables, indexes, triggers) against the one this build creates;
//! 3. the audit chain: sequence without gaps, each `prev_hash`, each recomputed hash;
//! 4. every audited row against the last event that recorded it (catches edits, inserts and
//!    deletes made outside Pleno, e.g. with the sqlite3 shell);
//! 5. the derived per-form current values against the entries;
//! 6. every blob file against its SHA-256 and size.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit::{AuditEventRaw, EVENT_COLUMNS, GENESIS, event_from_row};
use crate::blob::{BlobHash, Blobs, hash_file};
use crate::error::{Result, SqlContext};
use crate::fields;
use crate::rows::{self, Key, Table};
use crate::schema;
use crate::store::Store;
use crate::types::Mode;

/// Stop listing after this many problems; the first ones are what a person acts on.
const MAX_PROBLEMS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    Integrity {
        detail: String,
    },
    ForeignKey {
        table: String,
        rowid: i64,
        parent: String,
    },
    Schema {
        name: String,
        detail: String,
    },
    Chain {
        seq: i64,
        detail: String,
    },
    RowChanged {
        table: String,
        key: String,
        seq: i64,
    },
    RowNotLogged {
        table: String,
        key: String,
    },
    RowMissing {
        table: String,
        key: String,
        seq: i64,
    },
    Derived {
        detail: String,
    },
    BlobMissing {
        hash: String,
        path: PathBuf,
    },
    BlobCorrupt {
        hash: String,
        path: PathBuf,
        actual: String,
    },
    BlobSize {
        hash: String,
        path: PathBuf,
        expected: u64,
        actual: u64,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Integrity { detail } => {
                write!(f, "pemeriksaan integritas SQLite gagal: {detail}")
            }
            Problem::ForeignKey {
                table,
                rowid,
                parent,
            } => {
                write!(
                    f,
                    "baris {table} rowid {rowid} merujuk {parent} yang tidak ada"
                )
            }
            Problem::Schema { name, detail } => {
                write!(f, "skema basis data berubah pada '{name}': {detail}")
            }
            Problem::Chain { seq, detail } => write!(f, "peristiwa audit {seq}: {detail}"),
            Problem::RowChanged { table, key, seq } => write!(
                f,
                "baris {table} {key} berbeda dari isi yang dicatat peristiwa audit {seq} (diubah di luar Pleno)"
            ),
            Problem::RowNotLogged { table, key } => {
                write!(
                    f,
                    "baris {table} {key} tidak tercatat di log audit (ditambahkan di luar Pleno)"
                )
            }
            Problem::RowMissing { table, key, seq } => write!(
                f,
                "baris {table} {key} yang dicatat peristiwa audit {seq} tidak ada lagi (dihapus di luar Pleno)"
            ),
            Problem::Derived { detail } => {
                write!(f, "nilai terkini tidak sesuai dengan entri: {detail}")
            }
            Problem::BlobMissing { hash, path } => {
                write!(f, "berkas asli {hash} hilang: {}", path.display())
            }
            Problem::BlobCorrupt { hash, path, actual } => {
                write!(
                    f,
                    "berkas asli {} berubah: sidik {actual}, seharusnya {hash}",
                    path.display()
                )
            }
            Problem::BlobSize {
                hash,
                path,
                expected,
                actual,
            } => write!(
                f,
                "berkas asli {hash} ({}) berukuran {actual} bait, seharusnya {expected}",
                path.display()
            ),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct VerifyReport {
    pub events: u64,
    pub rows: u64,
    pub blobs: u64,
    pub blob_bytes: u64,
    /// The first problems found, in check order; empty when the workspace is intact.
    pub problems: Vec<Problem>,
    /// How many problems there were in all (the list stops at 200).
    pub problem_count: u64,
    /// Findings that do not break the workspace (files no row refers to, left by a crash).
    pub notes: Vec<String>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.problem_count == 0
    }

    pub fn first_problem(&self) -> Option<&Problem> {
        self.problems.first()
    }

    pub fn push(&mut self, p: Problem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        }
    }
}

/// Verifies the workspace in `dir`, opening it read-only (it may be open elsewhere).
pub fn verify(dir: &Path) -> Result<VerifyReport> {
    Store::open(dir, Mode::ReadOnly)?.verify()
}

impl Store {
    pub fn verify(&self) -> Result<VerifyReport> {
        let path = &self.ctx.db_path;
        // One read transaction: every check sees the same snapshot, even while a writer works.
        let tx = self.conn.unchecked_transaction().db(path)?;
        let mut report = VerifyReport::default();
        check_integrity(&tx, path, &mut report)?;
        check_schema(&tx, path, &mut report)?;
        let logged = check_chain(&tx, path, &mut report)?;
        check_rows(&tx, path, logged, &mut report)?;
        check_derived(&tx, path, &mut report)?;
        check_blobs(&tx, path, &self.ctx.blobs, &mut report)?;
        drop(tx);
        Ok(report)
    }
}

fn check_integrity(conn: &Connection, path: &Path, report: &mut VerifyReport) -> Result<()> {
    let lines: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .db(path)?
        .query_map([], |r| r.get(0))
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)?;
    if lines != ["ok"] {
        report.push(Problem::Integrity {
            detail: lines.join("; "),
        });
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").db(path)?;
    let mut rows = stmt.query([]).db(path)?;
    while let Some(r) = rows.next().db(path)? {
        report.push(Problem::ForeignKey {
            table: r.get(0).db(path)?,
            rowid: r.get::<_, Option<i64>>(1).db(path)?.unwrap_or(0),
            parent: r.get(2).db(path)?,
        });
    }
    Ok(())
}

fn schema_objects(conn: &Connection) -> rusqlite::Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare(
        "SELECT type || ' ' || name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

fn check_schema(conn: &Connection, path: &Path, report: &mut VerifyReport) -> Result<()> {
    let reference = Connection::open_in_memory().db(path)?;
    schema::create(&reference).db(path)?;
    let want = schema_objects(&reference).db(path)?;
    let have = schema_objects(conn).db(path)?;
    for (name, sql) in &want {
        match have.get(name) {
            None => report.push(Problem::Schema {
                name: name.clone(),
                detail: "hilang".to_string(),
            }),
            Some(s) if s != sql => report.push(Problem::Schema {
                name: name.clone(),
                detail: "definisinya diubah".to_string(),
            }),
            Some(_) => {}
        }
    }
    for name in have.keys().filter(|n| !want.contains_key(*n)) {
        report.push(Problem::Schema {
            name: name.clone(),
            detail: "ditambahkan di luar Pleno".to_string(),
        });
    }
    Ok(())
}

type Digest32 = [u8; 32];

fn digest(v: &serde_json::Value) -> Digest32 {
    Sha256::digest(v.to_string().as_bytes()).into()
}

/// Walks the chain; returns, for every audited row, the digest and seq of its last record.
fn check_chain(
    conn: &Connection,
    path: &Path,
    report: &mut VerifyReport,
) -> Result<HashMap<(Table, Key), (Digest32, i64)>> {
    let mut logged = HashMap::new();
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_event ORDER BY seq"
        ))
        .db(path)?;
    let mut rows = stmt.query([]).db(path)?;
    let mut prev_seq = 0i64;
    let mut prev_hash = GENESIS.to_string();
    while let Some(r) = rows.next().db(path)? {
        let ev: AuditEventRaw = event_from_row(r).db(path)?;
        report.events += 1;
        let seq = ev.seq;
        if seq != prev_seq + 1 {
            report.push(Problem::Chain {
                seq,
                detail: format!("nomor urut melompat dari {prev_seq} (ada peristiwa yang dihapus)"),
            });
        }
        if ev.prev_hash != prev_hash {
            report.push(Problem::Chain {
                seq,
                detail: "sidik peristiwa sebelumnya tidak cocok (rantai terputus)".to_string(),
            });
        }
        if ev.recomputed_hash() != ev.hash {
            report.push(Problem::Chain {
                seq,
                detail: "isi peristiwa tidak cocok dengan sidiknya (diubah di luar Pleno)"
                    .to_string(),
            });
        }
        if ev.kind.parse::<crate::event::EventKind>().is_err() {
            report.push(Problem::Chain {
                seq,
                detail: format!("jenis peristiwa '{}' tidak dikenal", ev.kind),
            });
        }
        match serde_json::from_str::<serde_json::Value>(&ev.payload) {
            Ok(payload) => {
                if let Some(tables) = payload.get("rows").and_then(serde_json::Value::as_object) {
                    for (name, list) in tables {
                        let Some(table) = Table::from_name(name) else {
                            report.push(Problem::Chain {
                                seq,
                                detail: format!("tabel '{name}' tidak dikenal"),
                            });
                            continue;
                        };
                        for row in list.as_array().into_iter().flatten() {
                            match row.get(0).and_then(Key::from_json) {
                                Some(key) => {
                                    logged.insert((table, key), (digest(row), seq));
                                }
                                None => report.push(Problem::Chain {
                                    seq,
                                    detail: format!("baris {name} tanpa kunci"),
                                }),
                            }
                        }
                    }
                }
            }
            Err(e) => report.push(Problem::Chain {
                seq,
                detail: format!("isi bukan JSON: {e}"),
            }),
        }
        prev_seq = seq;
        prev_hash = ev.hash;
    }
    Ok(logged)
}

fn check_rows(
    conn: &Connection,
    path: &Path,
    mut logged: HashMap<(Table, Key), (Digest32, i64)>,
    report: &mut VerifyReport,
) -> Result<()> {
    for &table in Table::ALL {
        let n = rows::column_count(table);
        let mut stmt = conn
            .prepare(&format!("SELECT {} FROM {}", table.columns(), table.name()))
            .db(path)?;
        let mut rows = stmt.query([]).db(path)?;
        while let Some(r) = rows.next().db(path)? {
            report.rows += 1;
            let row = rows::row_json(r, n).db(path)?;
            let Some(key) = row.get(0).and_then(Key::from_json) else {
                continue;
            };
            match logged.remove(&(table, key.clone())) {
                None => report.push(Problem::RowNotLogged {
                    table: table.name().to_string(),
                    key: key.to_string(),
                }),
                Some((d, seq)) if d != digest(&row) => {
                    report.push(Problem::RowChanged {
                        table: table.name().to_string(),
                        key: key.to_string(),
                        seq,
                    });
                }
                Some(_) => {}
            }
        }
    }
    let mut gone: Vec<_> = logged.into_iter().collect();
    gone.sort_by_key(|(_, (_, seq))| *seq);
    for ((table, key), (_, seq)) in gone {
        report.push(Problem::RowMissing {
            table: table.name().to_string(),
            key: key.to_string(),
            seq,
        });
    }
    Ok(())
}

fn check_derived(conn: &Connection, path: &Path, report: &mut VerifyReport) -> Result<()> {
    // Rebuild the current values of every form from the entries.
    let mut rebuilt: HashMap<(String, String), (BTreeMap<i64, u32>, i64)> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT tps, contest, field, value, id FROM entry ORDER BY id")
        .db(path)?;
    let mut rows = stmt.query([]).db(path)?;
    while let Some(r) = rows.next().db(path)? {
        let form = (r.get(0).db(path)?, r.get(1).db(path)?);
        let (values, last) = rebuilt.entry(form).or_default();
        values.insert(r.get(2).db(path)?, r.get(3).db(path)?);
        *last = r.get(4).db(path)?;
    }
    let mut stmt = conn
        .prepare("SELECT tps, contest, packed, last_entry FROM form_current")
        .db(path)?;
    let mut rows = stmt.query([]).db(path)?;
    let mut seen = HashSet::new();
    while let Some(r) = rows.next().db(path)? {
        let form: (String, String) = (r.get(0).db(path)?, r.get(1).db(path)?);
        let packed: Vec<u8> = r.get(2).db(path)?;
        let last: i64 = r.get(3).db(path)?;
        let stored: BTreeMap<i64, u32> = fields::unpack(&packed).collect();
        let ok = rebuilt
            .get(&form)
            .is_some_and(|(v, l)| *v == stored && *l == last && packed.len().is_multiple_of(6));
        if !ok {
            report.push(Problem::Derived {
                detail: format!("TPS {} {}", form.0, form.1),
            });
        }
        seen.insert(form);
    }
    let mut missing: Vec<_> = rebuilt.keys().filter(|f| !seen.contains(*f)).collect();
    missing.sort();
    for form in missing {
        report.push(Problem::Derived {
            detail: format!("TPS {} {} tidak punya nilai terkini", form.0, form.1),
        });
    }
    // Each entry's field belongs to its contest, and supersedes the same field's entry.
    let bad: Option<i64> = conn
        .query_row(
            "SELECT e.id FROM entry e JOIN field f ON f.id = e.field LEFT JOIN entry p ON p.id = e.supersedes \
             WHERE f.contest <> e.contest OR (e.supersedes IS NOT NULL AND (p.tps <> e.tps OR p.contest <> e.contest OR p.field <> e.field)) \
             LIMIT 1",
            [],
            |r| r.get(0),
        )
        .map_or_else(|e| if matches!(e, rusqlite::Error::QueryReturnedNoRows) { Ok(None) } else { Err(e) }, |id| Ok(Some(id)))
        .db(path)?;
    if let Some(id) = bad {
        report.push(Problem::Derived {
            detail: format!("entri {id} tidak konsisten dengan isian atau riwayatnya"),
        });
    }
    Ok(())
}

fn check_blobs(
    conn: &Connection,
    path: &Path,
    blobs: &Blobs,
    report: &mut VerifyReport,
) -> Result<()> {
    let mut stmt = conn
        .prepare("SELECT hash, size FROM blob ORDER BY hash")
        .db(path)?;
    let rows: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)?;
    let mut known = HashSet::new();
    for (hash_text, size) in rows {
        report.blobs += 1;
        known.insert(hash_text.clone());
        let Ok(hash) = BlobHash::parse(&hash_text) else {
            continue; // the CHECK constraint and the row check report this
        };
        let file = blobs.path(&hash);
        match hash_file(&file) {
            Err(_) => report.push(Problem::BlobMissing {
                hash: hash_text,
                path: file,
            }),
            Ok((actual, _)) if actual != hash => {
                report.push(Problem::BlobCorrupt {
                    hash: hash_text,
                    path: file,
                    actual: actual.to_string(),
                });
            }
            Ok((_, actual)) if actual != size as u64 => {
                report.push(Problem::BlobSize {
                    hash: hash_text,
                    path: file,
                    expected: size as u64,
                    actual,
                });
            }
            Ok((_, actual)) => report.blob_bytes += actual,
        }
    }
    let orphans = blobs
        .files_on_disk()
        .into_iter()
        .filter(|(name, _)| !known.contains(name))
        .count();
    if orphans > 0 {
        report.notes.push(format!(
            "{orphans} berkas di {} tidak dirujuk basis data (sisa impor yang terputus); aman dibiarkan",
            blobs.root().display()
        ));
    }
    Ok(())
}
