//! Kabupaten-level workspaces (KPU Kab/Kota): kecamatan totals per contest imported from the
//! PPK bundles, kept as imported rows of their own. A re-import supersedes the previous one.

use std::collections::BTreeMap;

use pleno_core::Contest;
use pleno_core::recap::{Completeness, KecamatanTotals, Totals};
use pleno_core::wilayah::KecamatanCode;
use rusqlite::OptionalExtension;

use crate::blob::BlobHash;
use crate::clock;
use crate::codes;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::panels::not_found;
use crate::rows::Table;
use crate::store::Store;
use crate::types::{Actor, EventSeq, ImportId, WorkspaceLevel};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KecamatanImport {
    pub kecamatan: KecamatanCode,
    pub name: String,
    pub contest: Contest,
    /// Where the figures came from (bundle file name, PPK workspace id).
    pub source: String,
    /// The imported bundle itself, when stored as a blob.
    pub blob: Option<BlobHash>,
    pub totals: Totals,
    pub completeness: Completeness,
    /// The PPK workspace and its audit chain's head the bundle carried: a later bundle of the
    /// same workspace must extend that chain (`last_imported_head`).
    pub audit_head: Option<(String, crate::ChainHead)>,
}

/// A PPK key the KPU Kab/Kota trusts for one kecamatan's bundles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BundleKey {
    pub id: i64,
    pub kecamatan: String,
    pub name: String,
    /// Hex ed25519 public key.
    pub public_key: String,
    /// How the operator established it ("sidik kunci dicocokkan dengan D.Hasil bertanda tangan").
    pub how: String,
    pub supersedes: Option<i64>,
    pub actor: String,
    pub at: String,
}

/// A key to enrol together with an import (the first bundle of a kecamatan, or a replacement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBundleKey {
    pub kecamatan: KecamatanCode,
    pub name: String,
    pub public_key: String,
    pub how: String,
}

impl Store {
    /// One contest's totals of one kecamatan, in a transaction of its own.
    pub fn import_kecamatan_totals(
        &mut self,
        actor: &Actor,
        import: &KecamatanImport,
    ) -> Result<ImportId> {
        let ids = self.import_kecamatan(actor, None, std::slice::from_ref(import))?;
        ids.into_iter()
            .next()
            .ok_or_else(|| StoreError::InvalidSetup {
                detail: "tidak ada yang diimpor".into(),
            })
    }

    /// A bundle's contests (and, when given, the key it is trusted by) in one transaction:
    /// all of it is kept or none.
    pub fn import_kecamatan(
        &mut self,
        actor: &Actor,
        enrol: Option<&NewBundleKey>,
        imports: &[KecamatanImport],
    ) -> Result<Vec<ImportId>> {
        actor.check()?;
        if self.ctx.level != WorkspaceLevel::Kabupaten {
            return Err(StoreError::WrongLevel {
                operation: "impor jumlah kecamatan",
                needed: WorkspaceLevel::Kabupaten.as_str(),
                actual: self.ctx.level.as_str(),
            });
        }
        let previous_key = match enrol {
            Some(k) => self.bundle_key(&k.kecamatan)?.map(|k| k.id),
            None => None,
        };
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        let kabupaten: String = tx
            .sql
            .query_row("SELECT kabupaten FROM wilayah", [], |r| r.get(0))
            .db(path)?;
        let mut ids = Vec::with_capacity(imports.len());
        let mut details = Vec::with_capacity(imports.len());
        for import in imports {
            ctx.fields.catalogue(import.contest)?;
            if import.kecamatan.kabupaten().as_str() != kabupaten {
                return Err(StoreError::InvalidSetup {
                    detail: format!(
                        "kecamatan {} tidak berada di kabupaten/kota {kabupaten}",
                        import.kecamatan
                    ),
                });
            }
            if let Some(b) = &import.blob {
                let known: bool = tx
                    .sql
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM blob WHERE hash = ?1)",
                        [b.as_str()],
                        |r| r.get(0),
                    )
                    .db(path)?;
                if !known {
                    return Err(not_found("berkas asli", b));
                }
            }
            let previous: Option<i64> = tx
                .sql
                .query_row(
                    "SELECT id FROM kecamatan_import i WHERE kecamatan = ?1 AND contest = ?2 \
                     AND NOT EXISTS (SELECT 1 FROM kecamatan_import n WHERE n.supersedes = i.id)",
                    (import.kecamatan.as_str(), import.contest.slug()),
                    |r| r.get(0),
                )
                .optional()
                .db(path)?;
            let completeness = serde_json::to_string(&import.completeness).map_err(|e| {
                StoreError::InvalidSetup {
                    detail: e.to_string(),
                }
            })?;
            tx.sql
                .execute(
                    "INSERT INTO kecamatan_import (kecamatan, name, contest, source, blob, completeness, supersedes, actor, role, at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    (
                        import.kecamatan.as_str(),
                        &import.name,
                        import.contest.slug(),
                        &import.source,
                        import.blob.as_ref().map(BlobHash::as_str),
                        completeness,
                        previous,
                        &actor.name,
                        actor.role.as_deref(),
                        clock::now(),
                    ),
                )
                .db(path)?;
            let id = tx.sql.last_insert_rowid();
            tx.record(Table::KecamatanImport, id);
            for (key, value) in import.totals.iter() {
                let value = i64::try_from(value).map_err(|_| StoreError::InvalidSetup {
                    detail: format!(
                        "{} kecamatan {}: {value} terlalu besar",
                        key, import.kecamatan
                    ),
                })?;
                tx.sql
                    .prepare_cached(
                        "INSERT INTO kecamatan_total (import, field, value) VALUES (?1, ?2, ?3)",
                    )
                    .db(path)?
                    .execute((id, key.to_string(), value))
                    .db(path)?;
                tx.record(Table::KecamatanTotal, tx.sql.last_insert_rowid());
            }
            ids.push(ImportId(id));
            let mut detail = serde_json::json!({
                "import": id, "kecamatan": import.kecamatan.as_str(), "contest": import.contest.slug(),
                "source": import.source, "supersedes": previous,
            });
            if let Some((workspace, head)) = &import.audit_head {
                detail["audit_head"] = serde_json::json!({
                    "workspace": workspace, "seq": head.seq, "hash": head.hash,
                });
            }
            details.push(detail);
        }
        let mut key_detail = serde_json::Value::Null;
        if let Some(k) = enrol {
            tx.sql
                .execute(
                    "INSERT INTO bundle_key (kecamatan, name, public_key, how, supersedes, actor, role, at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    (
                        k.kecamatan.as_str(),
                        &k.name,
                        &k.public_key,
                        &k.how,
                        previous_key,
                        &actor.name,
                        actor.role.as_deref(),
                        clock::now(),
                    ),
                )
                .db(path)?;
            let id = tx.sql.last_insert_rowid();
            tx.record(Table::BundleKey, id);
            key_detail = serde_json::json!({
                "bundle_key": id, "kecamatan": k.kecamatan.as_str(), "public_key": k.public_key,
                "supersedes": previous_key,
            });
        }
        let (kind, detail) = match (imports, enrol) {
            ([_], None) => (EventKind::KecamatanTotalsImported, details.remove(0)),
            (_, None) => (
                EventKind::KecamatanTotalsImported,
                serde_json::json!({ "imports": details }),
            ),
            (_, Some(_)) => (
                EventKind::BundleKeyEnrolled,
                serde_json::json!({ "key": key_detail, "imports": details }),
            ),
        };
        tx.commit(actor, kind, detail)?;
        Ok(ids)
    }

    /// Records the KPU Kabupaten/Kota's own list of its kecamatan and desa (the event is the
    /// record: its detail holds the list, and the newest one counts).
    pub fn record_kabupaten_reference(
        &mut self,
        actor: &Actor,
        reference: &serde_json::Value,
    ) -> Result<EventSeq> {
        actor.check()?;
        if self.ctx.level != WorkspaceLevel::Kabupaten {
            return Err(StoreError::WrongLevel {
                operation: "menetapkan data wilayah kabupaten/kota",
                needed: WorkspaceLevel::Kabupaten.as_str(),
                actual: self.ctx.level.as_str(),
            });
        }
        let (tx, _) = self.begin()?;
        tx.commit(actor, EventKind::KabupatenReferenceSet, reference.clone())
    }

    /// The newest list recorded by [`Store::record_kabupaten_reference`], if any.
    pub fn kabupaten_reference(&self) -> Result<Option<serde_json::Value>> {
        let path = &self.ctx.db_path;
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT json_extract(payload, '$.detail') FROM audit_event \
                 WHERE kind = ?1 ORDER BY seq DESC LIMIT 1",
                [EventKind::KabupatenReferenceSet.kind()],
                |r| r.get(0),
            )
            .optional()
            .db(path)?;
        text.map(|t| {
            serde_json::from_str(&t).map_err(|e| StoreError::Corrupt {
                path: path.clone(),
                detail: format!("data wilayah kabupaten/kota: {e}"),
            })
        })
        .transpose()
    }

    /// The PPK workspace and chain head of the newest bundle imported for `kecamatan` that
    /// carried one, as the import events recorded them.
    pub fn last_imported_head(
        &self,
        kecamatan: &KecamatanCode,
    ) -> Result<Option<(String, crate::ChainHead)>> {
        let path = &self.ctx.db_path;
        self.conn
            .query_row(
                "SELECT json_extract(i.value, '$.audit_head.workspace'), \
                        json_extract(i.value, '$.audit_head.seq'), \
                        json_extract(i.value, '$.audit_head.hash') \
                 FROM audit_event e, json_each(CASE \
                     WHEN json_type(e.payload, '$.detail.imports') = 'array' \
                     THEN json_extract(e.payload, '$.detail.imports') \
                     ELSE json_array(json_extract(e.payload, '$.detail')) END) i \
                 WHERE e.kind IN (?1, ?2) AND json_extract(i.value, '$.kecamatan') = ?3 \
                   AND json_extract(i.value, '$.audit_head.seq') IS NOT NULL \
                 ORDER BY e.seq DESC LIMIT 1",
                (
                    EventKind::KecamatanTotalsImported.kind(),
                    EventKind::BundleKeyEnrolled.kind(),
                    kecamatan.as_str(),
                ),
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        crate::ChainHead {
                            seq: r.get(1)?,
                            hash: r.get(2)?,
                        },
                    ))
                },
            )
            .optional()
            .db(path)
    }

    /// The key currently trusted for `kecamatan`'s bundles, if one was enrolled.
    pub fn bundle_key(&self, kecamatan: &KecamatanCode) -> Result<Option<BundleKey>> {
        Ok(self
            .bundle_keys()?
            .into_iter()
            .find(|k| k.kecamatan == kecamatan.as_str()))
    }

    /// Every kecamatan's current key, ordered by kecamatan code.
    pub fn bundle_keys(&self) -> Result<Vec<BundleKey>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, kecamatan, name, public_key, how, supersedes, actor, at FROM bundle_key k \
                 WHERE NOT EXISTS (SELECT 1 FROM bundle_key n WHERE n.supersedes = k.id) ORDER BY kecamatan",
            )
            .db(path)?;
        stmt.query_map([], |r| {
            Ok(BundleKey {
                id: r.get(0)?,
                kecamatan: r.get(1)?,
                name: r.get(2)?,
                public_key: r.get(3)?,
                how: r.get(4)?,
                supersedes: r.get(5)?,
                actor: r.get(6)?,
                at: r.get(7)?,
            })
        })
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)
    }

    /// The latest imported totals of every kecamatan for one contest, ordered by code.
    pub fn kecamatan_totals(&self, contest: Contest) -> Result<Vec<KecamatanTotals>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT i.id, i.kecamatan, i.name, i.completeness FROM kecamatan_import i WHERE i.contest = ?1 \
                 AND NOT EXISTS (SELECT 1 FROM kecamatan_import n WHERE n.supersedes = i.id) ORDER BY i.kecamatan",
            )
            .db(path)?;
        let imports: Vec<(i64, String, String, String)> = stmt
            .query_map([contest.slug()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT field, value FROM kecamatan_total WHERE import = ?1")
            .db(path)?;
        let mut out = Vec::with_capacity(imports.len());
        for (id, code, name, completeness) in imports {
            let rows: Vec<(String, i64)> = stmt
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .db(path)?
                .collect::<rusqlite::Result<_>>()
                .db(path)?;
            let mut totals = BTreeMap::new();
            for (field, value) in rows {
                totals.insert(codes::field(path, &field)?, value as u64);
            }
            out.push(KecamatanTotals {
                code,
                name,
                totals: totals.into_iter().collect(),
                completeness: serde_json::from_str(&completeness).map_err(|e| {
                    StoreError::Corrupt {
                        path: path.clone(),
                        detail: format!("kelengkapan impor {id} tidak terbaca: {e}"),
                    }
                })?,
            });
        }
        Ok(out)
    }
}
