//! Field ids: every field of every contest's form gets a small integer id at setup (from the
//! pleno-core catalogue of the workspace's ballots). Entries and readings store the id, which
//! keeps the big tables small and lets the derived per-form values be packed tightly.

use std::collections::{BTreeMap, HashMap};

use std::path::Path;

use pleno_core::{Ballot, Catalogue, Contest, FieldKey};
use rusqlite::Connection;

use crate::error::{Result, SqlContext, StoreError};

#[derive(Debug, Default)]
pub struct Fields {
    /// Dense: index = field id. Ids are small and contiguous, and the recap looks up a
    /// million of them at once.
    by_id: Vec<Option<(Contest, FieldKey)>>,
    by_key: HashMap<(Contest, FieldKey), i64>,
    pub catalogues: BTreeMap<Contest, Catalogue>,
}

impl Fields {
    pub fn load(conn: &Connection, path: &Path) -> Result<Fields> {
        let mut fields = Fields::default();
        let mut stmt = conn
            .prepare("SELECT contest, items FROM ballot ORDER BY ord")
            .db(path)?;
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        for (contest, json) in rows {
            let contest = contest
                .parse::<Contest>()
                .map_err(|_| unknown("jenis pemilihan", &contest))?;
            let items = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("surat suara {contest} tersimpan tidak terbaca: {e}"),
            })?;
            let ballot = Ballot {
                contest,
                dapil: None,
                items,
            };
            fields.catalogues.insert(contest, Catalogue::new(&ballot));
        }
        let mut stmt = conn
            .prepare("SELECT id, contest, name FROM field")
            .db(path)?;
        let mut rows = stmt.query([]).db(path)?;
        while let Some(row) = rows.next().db(path)? {
            let id: i64 = row.get(0).db(path)?;
            let contest: String = row.get(1).db(path)?;
            let name: String = row.get(2).db(path)?;
            let contest = contest
                .parse::<Contest>()
                .map_err(|_| unknown("jenis pemilihan", &contest))?;
            let key = name
                .parse::<FieldKey>()
                .map_err(|_| unknown("kunci isian", &name))?;
            let slot = usize::try_from(id).map_err(|_| unknown("id isian", &id.to_string()))?;
            if fields.by_id.len() <= slot {
                fields.by_id.resize(slot + 1, None);
            }
            fields.by_id[slot] = Some((contest, key));
            fields.by_key.insert((contest, key), id);
        }
        Ok(fields)
    }

    pub fn id(&self, contest: Contest, key: FieldKey) -> Result<i64> {
        self.by_key
            .get(&(contest, key))
            .copied()
            .ok_or_else(|| StoreError::FieldNotOnForm {
                contest: contest.to_string(),
                field: key.to_string(),
            })
    }

    pub fn key(&self, id: i64) -> Result<(Contest, FieldKey)> {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.by_id.get(i).copied().flatten())
            .ok_or_else(|| unknown("id isian", &id.to_string()))
    }

    pub fn catalogue(&self, contest: Contest) -> Result<&Catalogue> {
        self.catalogues
            .get(&contest)
            .ok_or_else(|| StoreError::NotFound {
                what: "surat suara",
                id: contest.to_string(),
            })
    }

    pub fn contests(&self) -> impl Iterator<Item = Contest> + '_ {
        self.catalogues.keys().copied()
    }
}

fn unknown(what: &'static str, value: &str) -> StoreError {
    StoreError::UnknownValue {
        what,
        value: value.to_string(),
    }
}

/// Packs (field id, value) pairs: 4 bytes id + 2 bytes value, little-endian, sorted by id.
pub fn pack(values: &BTreeMap<i64, u32>) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len() * 6);
    for (&id, &value) in values {
        out.extend_from_slice(&(id as u32).to_le_bytes());
        out.extend_from_slice(&(value as u16).to_le_bytes());
    }
    out
}

/// The inverse of [`pack`]; a trailing partial record (impossible unless edited) is ignored
/// here and caught by `verify`, which rebuilds the packed values from the entries.
pub fn unpack(bytes: &[u8]) -> impl Iterator<Item = (i64, u32)> + '_ {
    bytes.chunks_exact(6).map(|c| {
        let id = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let value = u16::from_le_bytes([c[4], c[5]]);
        (i64::from(id), u32::from(value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_round_trips() {
        let values: BTreeMap<i64, u32> = [(1, 0), (7, 999), (70_000, 250)].into_iter().collect();
        let packed = pack(&values);
        assert_eq!(packed.len(), 18);
        let back: BTreeMap<i64, u32> = unpack(&packed).collect();
        assert_eq!(back, values);
    }
}
