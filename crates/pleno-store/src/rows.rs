//! The tables whose rows the audit log covers, with their columns, declared once.
//!
//! Every mutation copies the rows it wrote (as they stand after the write) into its audit
//! event. `verify` recomputes the same canonical form from the tables and compares, so an edit
//! made behind Pleno's back — an `UPDATE` in the sqlite3 shell — is found and named, not only
//! an edit of the log itself.

use std::io::Write as _;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Settings,
    Wilayah,
    Desa,
    Tps,
    Ballot,
    Field,
    Member,
    Saksi,
    Panel,
    PanelDesa,
    Blob,
    Page,
    Reading,
    Objection,
    Entry,
    SignOff,
    SignOffRevocation,
    KecamatanImport,
    KecamatanTotal,
    BundleKey,
    RecountOrder,
    Device,
    ReadingCrop,
    CropLabel,
}

impl Table {
    pub const ALL: &'static [Table] = &[
        Table::Settings,
        Table::Wilayah,
        Table::Desa,
        Table::Tps,
        Table::Ballot,
        Table::Field,
        Table::Member,
        Table::Saksi,
        Table::Panel,
        Table::PanelDesa,
        Table::Blob,
        Table::Page,
        Table::Reading,
        Table::Objection,
        Table::Entry,
        Table::SignOff,
        Table::SignOffRevocation,
        Table::KecamatanImport,
        Table::KecamatanTotal,
        Table::BundleKey,
        Table::RecountOrder,
        Table::Device,
        Table::ReadingCrop,
        Table::CropLabel,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Table::Settings => "settings",
            Table::Wilayah => "wilayah",
            Table::Desa => "desa",
            Table::Tps => "tps",
            Table::Ballot => "ballot",
            Table::Field => "field",
            Table::Member => "member",
            Table::Saksi => "saksi",
            Table::Panel => "panel",
            Table::PanelDesa => "panel_desa",
            Table::Blob => "blob",
            Table::Page => "page",
            Table::Reading => "reading",
            Table::Objection => "objection",
            Table::Entry => "entry",
            Table::SignOff => "signoff",
            Table::SignOffRevocation => "signoff_revocation",
            Table::KecamatanImport => "kecamatan_import",
            Table::KecamatanTotal => "kecamatan_total",
            Table::BundleKey => "bundle_key",
            Table::RecountOrder => "recount_order",
            Table::Device => "device",
            Table::ReadingCrop => "reading_crop",
            Table::CropLabel => "crop_label",
        }
    }

    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// Every column, primary key first.
    pub const fn columns(self) -> &'static str {
        match self {
            Table::Settings => {
                "id, workspace_id, level, drill, max_panels, thresholds, created_at, created_by"
            }
            Table::Wilayah => {
                "id, provinsi, provinsi_name, kabupaten, kabupaten_name, kecamatan, kecamatan_name"
            }
            Table::Desa => "code, name, ord",
            Table::Tps => "code, desa, dpt_l, dpt_p, ord, kpps_panels, panel",
            Table::Ballot => "contest, ord, dapil_code, dapil_name, items",
            Table::Field => "id, contest, name, ord",
            Table::Member => "id, name, role",
            Table::Saksi => "id, contest, participant, name",
            Table::Panel => "id, name, chair, created_at",
            Table::PanelDesa => "desa, panel",
            Table::Blob => "hash, size, stored_at",
            Table::Page => {
                "id, blob, source_path, tps, contest, page_code, status, reason, added_at, geometry, reason_code"
            }
            Table::Reading => {
                "id, page, field, value, status, digits, bubbles, confidence, model_version, at"
            }
            Table::Objection => {
                "id, kind, raised_by, saksi, desa, tps, contest, fields, text, status, resolution, \
                 resolved_by, resolved_at, actor, role, panel, at"
            }
            Table::Entry => {
                "id, tps, contest, field, value, source, reason, reading, objection, actor, role, \
                 panel, at, supersedes"
            }
            Table::SignOff => {
                "id, kind, tps, contest, desa, last_entry, objection, note, actor, role, panel, at"
            }
            Table::SignOffRevocation => "id, signoff, objection, reason, actor, role, at",
            Table::KecamatanImport => {
                "id, kecamatan, name, contest, source, blob, completeness, supersedes, actor, role, at"
            }
            Table::KecamatanTotal => "id, import, field, value",
            Table::BundleKey => "id, kecamatan, name, public_key, how, supersedes, actor, role, at",
            Table::RecountOrder => "objection, tps, contest",
            Table::Device => {
                "id, name, person, role, panel, code_sha256, code_expires, token_sha256, \
                 created_by, created_at, paired_at, revoked_at, revoked_by"
            }
            Table::ReadingCrop => "reading, blob, row, boxes",
            Table::CropLabel => "id, reading, box, label, entry, signoff, at",
        }
    }

    /// Name of the primary-key column (the first column).
    pub fn pk(self) -> &'static str {
        self.columns().split(',').next().unwrap_or("id").trim()
    }
}

/// A primary key value: an integer id or a text code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Int(i64),
    Text(String),
}

impl Key {
    pub fn from_json(v: &Value) -> Option<Key> {
        match v {
            Value::Number(n) => n.as_i64().map(Key::Int),
            Value::String(s) => Some(Key::Text(s.clone())),
            _ => None,
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Int(i) => write!(f, "{i}"),
            Key::Text(s) => f.write_str(s),
        }
    }
}

impl From<i64> for Key {
    fn from(v: i64) -> Key {
        Key::Int(v)
    }
}

impl From<&str> for Key {
    fn from(v: &str) -> Key {
        Key::Text(v.to_string())
    }
}

impl From<String> for Key {
    fn from(v: String) -> Key {
        Key::Text(v)
    }
}

/// The canonical JSON form of one row: an array of its columns. REAL columns become strings
/// (Rust's shortest round-trip text) so the form survives a JSON round trip bit for bit.
pub fn row_json(row: &Row<'_>, n: usize) -> rusqlite::Result<Value> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(match row.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(v) => Value::from(v),
            ValueRef::Real(v) => Value::String(format!("{v:?}")),
            ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::String(hex(b)),
        });
    }
    Ok(Value::Array(out))
}

/// Appends the canonical JSON form of one row to `out`, byte for byte what
/// `row_json(row, n)?.to_string()` gives, without building a `Value` (the audit payload of a
/// big batch holds a hundred thousand rows).
pub fn write_row_json(row: &Row<'_>, n: usize, out: &mut Vec<u8>) -> rusqlite::Result<()> {
    out.push(b'[');
    for i in 0..n {
        if i > 0 {
            out.push(b',');
        }
        match row.get_ref(i)? {
            ValueRef::Null => out.extend_from_slice(b"null"),
            ValueRef::Integer(v) => {
                let _ = write!(out, "{v}");
            }
            ValueRef::Real(v) => write_json_str(out, &format!("{v:?}")),
            ValueRef::Text(t) => write_json_str(out, &String::from_utf8_lossy(t)),
            ValueRef::Blob(b) => write_json_str(out, &hex(b)),
        }
    }
    out.push(b']');
    Ok(())
}

/// A JSON string literal, escaped exactly as serde_json escapes it.
pub fn write_json_str(out: &mut Vec<u8>, s: &str) {
    // Writing into a Vec cannot fail, and a str always serialises.
    let _ = serde_json::to_writer(&mut *out, s);
}

pub fn column_count(table: Table) -> usize {
    table.columns().split(',').count()
}

/// Reads the rows of `table` whose integer keys run from `first` to `last`, in key order, and
/// appends each in canonical form (one range scan instead of a lookup per row).
pub fn write_row_range(
    conn: &Connection,
    table: Table,
    first: i64,
    last: i64,
    out: &mut Vec<u8>,
    mut sep: impl FnMut(&mut Vec<u8>),
) -> rusqlite::Result<usize> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {pk} BETWEEN ?1 AND ?2 ORDER BY {pk}",
        table.columns(),
        table.name(),
        pk = table.pk()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let n = column_count(table);
    let mut rows = stmt.query([first, last])?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        sep(out);
        write_row_json(row, n, out)?;
        count += 1;
    }
    Ok(count)
}

/// Reads one row and appends it in canonical form; `false` when it does not exist.
pub fn write_row(
    conn: &Connection,
    table: Table,
    key: &Key,
    out: &mut Vec<u8>,
    mut sep: impl FnMut(&mut Vec<u8>),
) -> rusqlite::Result<bool> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = ?1",
        table.columns(),
        table.name(),
        table.pk()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let n = column_count(table);
    let mut rows = match key {
        Key::Int(i) => stmt.query([i])?,
        Key::Text(s) => stmt.query([s])?,
    };
    match rows.next()? {
        Some(row) => {
            sep(out);
            write_row_json(row, n, out)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The payload writer must give exactly the text of the `Value` that verify recomputes.
    #[test]
    fn written_rows_match_their_value_form() {
        let conn = Connection::open_in_memory().unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT 1, -42, NULL, 0.1, 1e300, 'plain', 'quote \" back \\ nl \n tab \t ctl ' || char(1) || ' é ✓', x'00ff10'",
            )
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        let mut out = Vec::new();
        write_row_json(row, 8, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            row_json(row, 8).unwrap().to_string()
        );
    }
}
