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
use crate::types::{Actor, ImportId, WorkspaceLevel};

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
}

impl Store {
    pub fn import_kecamatan_totals(
        &mut self,
        actor: &Actor,
        import: &KecamatanImport,
    ) -> Result<ImportId> {
        actor.check()?;
        if self.ctx.level != WorkspaceLevel::Kabupaten {
            return Err(StoreError::WrongLevel {
                operation: "impor jumlah kecamatan",
                needed: WorkspaceLevel::Kabupaten.as_str(),
                actual: self.ctx.level.as_str(),
            });
        }
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        ctx.fields.catalogue(import.contest)?;
        let kabupaten: String = tx
            .sql
            .query_row("SELECT kabupaten FROM wilayah", [], |r| r.get(0))
            .db(path)?;
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
        let completeness =
            serde_json::to_string(&import.completeness).map_err(|e| StoreError::InvalidSetup {
                detail: e.to_string(),
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
            tx.sql
                .prepare_cached(
                    "INSERT INTO kecamatan_total (import, field, value) VALUES (?1, ?2, ?3)",
                )
                .db(path)?
                .execute((
                    id,
                    key.to_string(),
                    i64::try_from(value).unwrap_or(i64::MAX),
                ))
                .db(path)?;
            tx.record(Table::KecamatanTotal, tx.sql.last_insert_rowid());
        }
        let detail = serde_json::json!({
            "import": id, "kecamatan": import.kecamatan.as_str(), "contest": import.contest.slug(),
            "source": import.source, "supersedes": previous,
        });
        tx.commit(actor, EventKind::KecamatanTotalsImported, detail)?;
        Ok(ImportId(id))
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
