//! The audit log: one event per mutation, written in the mutation's own transaction, each
//! event chained to the previous one by SHA-256.
//!
//! hash(n) = SHA-256 over a length-prefixed encoding of (seq, at, actor, role, kind, payload,
//! hash(n-1)); the first event chains to 64 zeros. Length prefixes make the encoding
//! unambiguous whatever characters a name or payload holds.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::clock;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::rows::{self, Key, Table};
use crate::types::{Actor, EventSeq};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One event as stored.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AuditEvent {
    pub seq: EventSeq,
    pub at: String,
    pub actor: Actor,
    pub kind: EventKind,
    /// `{"detail": {...}, "rows": {"table": [[column, ...], ...]}}`.
    pub payload: Value,
    pub prev_hash: String,
    pub hash: String,
}

/// Which events to list: by kind and/or actor, a page at a time (`after` = last seq seen, or
/// newest first with `before` = last seq seen).
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub kind: Option<EventKind>,
    pub actor: Option<String>,
    pub after: Option<EventSeq>,
    /// Newest first (the Audit screen: what just happened is what a clerk looks for).
    pub newest_first: bool,
    /// With `newest_first`: only events before this one.
    pub before: Option<EventSeq>,
    /// At most this many events; 0 means 100.
    pub limit: u32,
}

pub fn event_hash(
    seq: i64,
    at: &str,
    actor: &str,
    role: Option<&str>,
    kind: &str,
    payload: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(b"pleno-audit-v1\n");
    let seq = seq.to_string();
    for part in [
        seq.as_str(),
        at,
        actor,
        role.unwrap_or(""),
        kind,
        payload,
        prev_hash,
    ] {
        h.update(part.len().to_string().as_bytes());
        h.update(b":");
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    rows::hex(&h.finalize())
}

/// A write transaction that ends in exactly one audit event.
pub struct Tx<'c> {
    pub sql: Transaction<'c>,
    pub path: &'c Path,
    rows: Vec<(Table, Key)>,
}

impl<'c> Tx<'c> {
    /// Starts an IMMEDIATE transaction: the write lock is taken now, so a use case never fails
    /// half-way for want of it.
    pub fn begin(conn: &'c mut Connection, path: &'c Path) -> Result<Tx<'c>> {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .db(path)?;
        Ok(Tx {
            sql: tx,
            path,
            rows: Vec::new(),
        })
    }

    /// Marks a row written by this transaction; its final state goes into the event.
    pub fn record(&mut self, table: Table, key: impl Into<Key>) {
        self.rows.push((table, key.into()));
    }

    /// Writes the event and commits. Nothing is visible to others before this returns Ok.
    #[allow(clippy::needless_pass_by_value)] // every use case builds its detail inline
    pub fn commit(self, actor: &Actor, kind: EventKind, detail: Value) -> Result<EventSeq> {
        let Tx {
            sql: tx,
            path,
            rows,
        } = self;
        let payload = payload(&tx, &rows, &detail).db(path)?;
        let seq = append(&tx, actor, kind, &payload).db(path)?;
        crate::failpoint::step("commit")
            .map_err(|e| crate::error::StoreError::io("menyimpan", path, e))?;
        tx.commit().db(path)?;
        Ok(seq)
    }
}

/// The event payload: `{"detail": …, "rows": {"table": [[column, …], …], …}}` with every row
/// the transaction wrote, as it ends up, read back from the tables. Written straight into one
/// buffer (the text is exactly what serialising the equivalent `Value` gives); rows whose
/// integer keys follow each other are read with one range scan.
fn payload(conn: &Connection, rows: &[(Table, Key)], detail: &Value) -> rusqlite::Result<String> {
    // The last mention wins: a row touched twice is recorded once, as it ends up, in the order
    // of the last mentions.
    let mut seen: HashSet<(Table, &Key)> = HashSet::with_capacity(rows.len());
    let mut by_table: BTreeMap<&'static str, (Table, Vec<&Key>)> = BTreeMap::new();
    for (table, key) in rows.iter().rev() {
        if seen.insert((*table, key)) {
            by_table
                .entry(table.name())
                .or_insert_with(|| (*table, Vec::new()))
                .1
                .push(key);
        }
    }
    let mut out: Vec<u8> = Vec::with_capacity(256 + rows.len() * 192);
    out.extend_from_slice(b"{\"detail\":");
    serde_json::to_writer(&mut out, detail)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    out.extend_from_slice(b",\"rows\":{");
    let mut tables = 0;
    for (name, (table, mut keys)) in by_table {
        keys.reverse();
        let start = out.len();
        if tables > 0 {
            out.push(b',');
        }
        rows::write_json_str(&mut out, name);
        out.extend_from_slice(b":[");
        let mut any = false;
        let mut sep = |out: &mut Vec<u8>| {
            if any {
                out.push(b',');
            }
            any = true;
        };
        let mut i = 0;
        while i < keys.len() {
            let mut run = 1;
            if let Key::Int(first) = *keys[i] {
                while keys.get(i + run).is_some_and(|k| {
                    first.checked_add(run as i64).map(Key::Int).as_ref() == Some(*k)
                }) {
                    run += 1;
                }
                if run > 1 {
                    let last = first + run as i64 - 1;
                    rows::write_row_range(conn, table, first, last, &mut out, &mut sep)?;
                    i += run;
                    continue;
                }
            }
            rows::write_row(conn, table, keys[i], &mut out, &mut sep)?;
            i += 1;
        }
        if any {
            out.push(b']');
            tables += 1;
        } else {
            out.truncate(start);
        }
    }
    out.extend_from_slice(b"}}");
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn append(
    conn: &Connection,
    actor: &Actor,
    kind: EventKind,
    payload: &str,
) -> rusqlite::Result<EventSeq> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (prev_seq, prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
    let seq = prev_seq + 1;
    let at = clock::now();
    let hash = event_hash(
        seq,
        &at,
        &actor.name,
        actor.role.as_deref(),
        kind.kind(),
        payload,
        &prev_hash,
    );
    conn.prepare_cached(
        "INSERT INTO audit_event (seq, at, actor, role, kind, payload, prev_hash, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((
        seq,
        &at,
        &actor.name,
        actor.role.as_deref(),
        kind.kind(),
        payload,
        &prev_hash,
        &hash,
    ))?;
    Ok(EventSeq(seq))
}

pub(crate) const EVENT_COLUMNS: &str = "seq, at, actor, role, kind, payload, prev_hash, hash";

pub(crate) fn event_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEventRaw> {
    Ok(AuditEventRaw {
        seq: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        role: row.get(3)?,
        kind: row.get(4)?,
        payload: row.get(5)?,
        prev_hash: row.get(6)?,
        hash: row.get(7)?,
    })
}

/// An event exactly as stored, before any parsing: what `verify` hashes.
#[derive(Debug, Clone)]
pub(crate) struct AuditEventRaw {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub role: Option<String>,
    pub kind: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEventRaw {
    pub fn recomputed_hash(&self) -> String {
        event_hash(
            self.seq,
            &self.at,
            &self.actor,
            self.role.as_deref(),
            &self.kind,
            &self.payload,
            &self.prev_hash,
        )
    }

    pub fn parse(self, path: &Path) -> Result<AuditEvent> {
        let kind = self
            .kind
            .parse::<EventKind>()
            .map_err(|_| StoreError::UnknownValue {
                what: "jenis peristiwa audit",
                value: self.kind.clone(),
            })?;
        let payload = serde_json::from_str(&self.payload).map_err(|e| StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!("isi peristiwa audit {} bukan JSON: {e}", self.seq),
        })?;
        Ok(AuditEvent {
            seq: EventSeq(self.seq),
            at: self.at,
            actor: Actor {
                name: self.actor,
                role: self.role,
            },
            kind,
            payload,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

/// Lists events matching `filter`, oldest first.
pub fn events(conn: &Connection, path: &Path, filter: &EventFilter) -> Result<Vec<AuditEvent>> {
    let limit = if filter.limit == 0 { 100 } else { filter.limit };
    let (bound, order, from) = if filter.newest_first {
        ("<", "DESC", filter.before.map_or(i64::MAX, |s| s.0))
    } else {
        (">", "ASC", filter.after.map_or(0, |s| s.0))
    };
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM audit_event WHERE seq {bound} ?1 \
         AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR actor = ?3) ORDER BY seq {order} LIMIT ?4"
    );
    let mut stmt = conn.prepare_cached(&sql).db(path)?;
    let raws = stmt
        .query_map(
            (
                from,
                filter.kind.map(EventKind::kind),
                filter.actor.as_deref(),
                limit,
            ),
            event_from_row,
        )
        .db(path)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .db(path)?;
    raws.into_iter().map(|r| r.parse(path)).collect()
}

/// Calls `f` for every event in order, without holding them all in memory.
pub fn for_each_event(
    conn: &Connection,
    path: &Path,
    mut f: impl FnMut(AuditEvent) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_event ORDER BY seq"
        ))
        .db(path)?;
    let mut rows = stmt.query([]).db(path)?;
    while let Some(row) = rows.next().db(path)? {
        let raw = event_from_row(row).db(path)?;
        f(raw.parse(path)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_depends_on_every_part() {
        let base = event_hash(1, "t", "a", None, "k", "{}", GENESIS);
        assert_eq!(base.len(), 64);
        assert_ne!(base, event_hash(2, "t", "a", None, "k", "{}", GENESIS));
        assert_ne!(base, event_hash(1, "t", "a", Some("r"), "k", "{}", GENESIS));
        assert_ne!(base, event_hash(1, "t", "a", None, "k", "{ }", GENESIS));
        // Moving a character between parts changes the hash (length prefixes).
        assert_ne!(
            event_hash(1, "t", "ab", None, "k", "{}", GENESIS),
            event_hash(1, "ta", "b", None, "k", "{}", GENESIS)
        );
    }
}
