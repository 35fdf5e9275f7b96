//! What a printed document certifies: the recap data it shows as canonical JSON, its SHA-256,
//! and the marker that carries both the hash and the document's identity inside the PDF (the
//! Keywords of the document information, and the QR code in every footer), so that
//! `pleno verify-doc` can later recompute the hash from the workspace and compare.

use std::fmt::Write as _;

use pleno_core::recap::RecapTable;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::Incident;

/// Prefix of the marker; the version lets a later Pleno change the canonical form.
pub const MARKER_PREFIX: &str = "pleno-doc/1";

/// The identity and hash a document carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// `d-hasil`, `lampiran` or `d-kejadian`.
    pub doc: String,
    /// Contest slug, absent for D.Kejadian (it covers every contest).
    pub contest: Option<String>,
    pub workspace_id: String,
    /// Hex SHA-256 of the canonical JSON.
    pub sha256: String,
    /// The workspace's audit chain head when printed, `SEQ:HEX16`: the paper anchors the
    /// chain, so a chain rewritten later no longer passes through it.
    pub head: Option<String>,
}

impl Marker {
    /// `pleno-doc/1;doc=d-hasil;contest=ppwp;ws=…;sha256=…;head=…` — short enough for a small
    /// QR code. A reader that knows no `head` skips it.
    pub fn encode(&self) -> String {
        let mut s = format!("{MARKER_PREFIX};doc={}", self.doc);
        if let Some(c) = &self.contest {
            let _ = write!(s, ";contest={c}");
        }
        let _ = write!(s, ";ws={};sha256={}", self.workspace_id, self.sha256);
        if let Some(h) = &self.head {
            let _ = write!(s, ";head={h}");
        }
        s
    }

    pub fn decode(text: &str) -> Option<Marker> {
        let mut parts = text.trim().split(';');
        if parts.next()? != MARKER_PREFIX {
            return None;
        }
        let (mut doc, mut contest, mut ws, mut sha, mut head) = (None, None, None, None, None);
        for p in parts {
            let (k, v) = p.split_once('=')?;
            match k {
                "doc" => doc = Some(v.to_string()),
                "contest" => contest = Some(v.to_string()),
                "ws" => ws = Some(v.to_string()),
                "sha256" => sha = Some(v.to_string()),
                "head" => head = Some(v.to_string()),
                _ => {}
            }
        }
        Some(Marker {
            doc: doc?,
            contest,
            workspace_id: ws?,
            sha256: sha.filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))?,
            head,
        })
    }
}

/// JSON with object keys sorted and no whitespace, so the same data always hashes the same
/// whatever serde_json features other crates switch on.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(*k) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[derive(Serialize)]
struct ColumnData<'a> {
    code: &'a str,
    name: &'a str,
    /// Row values in row order (the `rows` list says which field each is).
    values: Vec<u64>,
}

#[derive(Serialize)]
struct TableData<'a> {
    contest: String,
    place_code: &'a str,
    place_name: &'a str,
    rows: Vec<String>,
    columns: Vec<ColumnData<'a>>,
    total: Vec<u64>,
}

fn table_data(t: &RecapTable) -> TableData<'_> {
    TableData {
        contest: t.contest.slug().to_string(),
        place_code: &t.place_code,
        place_name: &t.place_name,
        rows: t.rows.iter().map(|r| r.key.to_string()).collect(),
        columns: t
            .columns
            .iter()
            .map(|c| ColumnData {
                code: &c.code,
                name: &c.name,
                values: t.rows.iter().map(|r| c.totals.value(r.key)).collect(),
            })
            .collect(),
        total: t.rows.iter().map(|r| t.total.value(r.key)).collect(),
    }
}

#[derive(Serialize)]
struct Document<'a, T: Serialize> {
    doc: &'a str,
    data: T,
}

/// Canonical JSON of what one document shows. Serialising these plain structs cannot fail;
/// if it ever did, `null` would hash stably and verification would report a mismatch.
fn canonical<T: Serialize>(doc: &str, data: T) -> String {
    let value = serde_json::to_value(Document { doc, data }).unwrap_or(Value::Null);
    canonical_json(&value)
}

/// Canonical JSON of a D.Hasil Kecamatan table: the figures per desa and the totals.
pub fn d_hasil_json(table: &RecapTable) -> String {
    canonical("d-hasil", table_data(table))
}

pub fn d_hasil_sha256(table: &RecapTable) -> String {
    sha256_hex(d_hasil_json(table).as_bytes())
}

/// Canonical JSON of a lampiran: every desa table of the contest, in print order.
pub fn lampiran_json(tables: &[RecapTable]) -> String {
    canonical(
        "lampiran",
        tables.iter().map(table_data).collect::<Vec<_>>(),
    )
}

pub fn lampiran_sha256(tables: &[RecapTable]) -> String {
    sha256_hex(lampiran_json(tables).as_bytes())
}

/// Canonical JSON of D.Kejadian Khusus dan/atau Keberatan: every item as printed.
pub fn d_kejadian_json(items: &[Incident]) -> String {
    canonical("d-kejadian", items)
}

pub fn d_kejadian_sha256(items: &[Incident]) -> String {
    sha256_hex(d_kejadian_json(items).as_bytes())
}

/// Finds the marker in the raw bytes of a PDF Pleno wrote: the Keywords entry of the
/// document information dictionary (printpdf writes it as a UTF-16BE hex string), so no PDF
/// parser and no QR decoder is needed to check a file.
pub fn find_marker(pdf: &[u8]) -> Option<Marker> {
    let key = b"/Keywords";
    let mut from = 0;
    while let Some(pos) = find(&pdf[from..], key) {
        let start = from + pos + key.len();
        from = start;
        let rest = &pdf[start..];
        let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let rest = &rest[skip..];
        let text = match rest.first() {
            Some(b'<') => {
                let end = rest.iter().position(|&b| b == b'>')?;
                decode_hex_text(&rest[1..end])
            }
            Some(b'(') => {
                let end = rest.iter().position(|&b| b == b')')?;
                Some(String::from_utf8_lossy(&rest[1..end]).into_owned())
            }
            _ => None,
        };
        if let Some(text) = text {
            for part in text.split(',') {
                if let Some(m) = Marker::decode(part) {
                    return Some(m);
                }
            }
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn decode_hex_text(hex: &[u8]) -> Option<String> {
    let digits: Vec<u8> = hex
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()?;
    let bytes: Vec<u8> = digits
        .chunks(2)
        .map(|c| c[0] << 4 | c.get(1).copied().unwrap_or(0))
        .collect();
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from(c[0]) << 8 | u16::from(c.get(1).copied().unwrap_or(0)))
            .collect();
        String::from_utf16(&units).ok()
    } else {
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}
