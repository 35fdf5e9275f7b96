//! Keberatan (witness objections) and kejadian khusus (special incidents): the items of
//! Model D.Kejadian Khusus dan/atau Keberatan, their resolution, and the entries made under them.

use std::path::Path;

use pleno_core::wilayah::{DesaCode, TpsCode};
use pleno_core::{Contest, FieldKey};
use rusqlite::{Connection, Row};
use schemars::JsonSchema;
use serde::Serialize;

use crate::clock;
use crate::codes;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::panels::{not_found, reason_text, require_desa, require_panel, require_tps};
use crate::rows::Table;
use crate::store::Store;
use crate::types::{Actor, EntryId, ObjectionId, ObjectionKind, ObjectionStatus, PanelId, SaksiId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewObjection {
    pub kind: ObjectionKind,
    /// Who raised it as they sign: "Saksi Partai X – Nama", "Panwaslu Kecamatan".
    pub raised_by: String,
    pub saksi: Option<SaksiId>,
    /// Where it applies; a TPS implies its desa. All `None`: the whole kecamatan.
    pub desa: Option<DesaCode>,
    pub tps: Option<TpsCode>,
    pub contest: Option<Contest>,
    pub fields: Vec<FieldKey>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Objection {
    pub id: ObjectionId,
    pub kind: ObjectionKind,
    pub raised_by: String,
    pub saksi: Option<SaksiId>,
    pub desa: Option<DesaCode>,
    pub tps: Option<TpsCode>,
    pub contest: Option<Contest>,
    pub fields: Vec<FieldKey>,
    pub text: String,
    pub status: ObjectionStatus,
    pub resolution: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
    /// Who recorded it.
    pub actor: Actor,
    pub panel: Option<PanelId>,
    pub at: String,
    /// Entries made under this objection.
    pub entries: Vec<EntryId>,
    /// A kejadian khusus that orders penghitungan suara ulang of its TPS and contest
    /// ([`Store::order_recount`]).
    pub recount: bool,
}

const OBJECTION_COLUMNS: &str = "id, kind, raised_by, saksi, desa, tps, contest, fields, text, status, resolution, resolved_by, resolved_at, actor, role, panel, at, \
     EXISTS (SELECT 1 FROM recount_order r WHERE r.objection = objection.id)";

fn objection_from_row(path: &Path, r: &Row<'_>) -> Result<Objection> {
    let desa: Option<String> = r.get(4).db(path)?;
    let tps: Option<String> = r.get(5).db(path)?;
    let contest: Option<String> = r.get(6).db(path)?;
    let fields: String = r.get(7).db(path)?;
    let names: Vec<String> = serde_json::from_str(&fields).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("daftar isian keberatan tidak terbaca: {e}"),
    })?;
    Ok(Objection {
        id: r.get(0).db(path)?,
        kind: r.get(1).db(path)?,
        raised_by: r.get(2).db(path)?,
        saksi: r.get(3).db(path)?,
        desa: codes::opt(path, desa.as_deref(), codes::desa)?,
        tps: codes::opt(path, tps.as_deref(), codes::tps)?,
        contest: codes::opt(path, contest.as_deref(), codes::contest)?,
        fields: names
            .iter()
            .map(|n| codes::field(path, n))
            .collect::<Result<_>>()?,
        text: r.get(8).db(path)?,
        status: r.get(9).db(path)?,
        resolution: r.get(10).db(path)?,
        resolved_by: r.get(11).db(path)?,
        resolved_at: r.get(12).db(path)?,
        actor: Actor {
            name: r.get(13).db(path)?,
            role: r.get(14).db(path)?,
        },
        panel: r.get(15).db(path)?,
        at: r.get(16).db(path)?,
        entries: Vec::new(),
        recount: r.get(17).db(path)?,
    })
}

fn load(
    conn: &Connection,
    path: &Path,
    sql_where: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<Objection>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {OBJECTION_COLUMNS} FROM objection {sql_where} ORDER BY id"
        ))
        .db(path)?;
    let mut rows = stmt.query(params).db(path)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().db(path)? {
        out.push(objection_from_row(path, r)?);
    }
    let mut stmt = conn
        .prepare_cached("SELECT id FROM entry WHERE objection = ?1 ORDER BY id")
        .db(path)?;
    for o in &mut out {
        o.entries = stmt
            .query_map([o.id], |r| r.get(0))
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
    }
    Ok(out)
}

impl Store {
    pub fn raise_objection(
        &mut self,
        actor: &Actor,
        panel: Option<PanelId>,
        new: &NewObjection,
    ) -> Result<ObjectionId> {
        self.raise(actor, panel, new, false)
    }

    /// Records a kejadian khusus that orders penghitungan suara ulang of `new.tps` and
    /// `new.contest` (both required): the incident and the order in one event.
    pub fn order_recount(
        &mut self,
        actor: &Actor,
        panel: Option<PanelId>,
        new: &NewObjection,
    ) -> Result<ObjectionId> {
        if new.kind != ObjectionKind::KejadianKhusus || new.tps.is_none() || new.contest.is_none() {
            return Err(StoreError::InvalidSetup {
                detail: "perintah hitung ulang adalah kejadian khusus untuk satu TPS dan satu jenis pemilihan".into(),
            });
        }
        self.raise(actor, panel, new, true)
    }

    fn raise(
        &mut self,
        actor: &Actor,
        panel: Option<PanelId>,
        new: &NewObjection,
        recount: bool,
    ) -> Result<ObjectionId> {
        actor.check()?;
        let text = reason_text(&new.text, "isi keberatan/kejadian khusus")?;
        let raised_by = reason_text(&new.raised_by, "nama pengaju keberatan")?;
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        if let Some(p) = panel {
            require_panel(&tx.sql, path, p)?;
        }
        let desa = match (&new.tps, &new.desa) {
            (Some(t), Some(d)) if t.desa() != *d => {
                return Err(StoreError::InvalidSetup {
                    detail: format!("TPS {t} tidak berada di desa {d}"),
                });
            }
            (Some(t), _) => Some(t.desa()),
            (None, d) => d.clone(),
        };
        if let Some(t) = &new.tps {
            require_tps(&tx.sql, path, t)?;
        }
        if let Some(d) = &desa {
            require_desa(&tx.sql, path, d)?;
        }
        if let Some(c) = new.contest {
            ctx.fields.catalogue(c)?;
            for f in &new.fields {
                ctx.fields.id(c, *f)?;
            }
        }
        if let Some(s) = new.saksi {
            let exists: bool = tx
                .sql
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM saksi WHERE id = ?1)",
                    [s],
                    |r| r.get(0),
                )
                .db(path)?;
            if !exists {
                return Err(not_found("saksi", s));
            }
        }
        let fields = serde_json::Value::from(
            new.fields
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        )
        .to_string();
        tx.sql
            .execute(
                "INSERT INTO objection (kind, raised_by, saksi, desa, tps, contest, fields, text, status, actor, role, panel, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9, ?10, ?11, ?12)",
                (
                    new.kind,
                    &raised_by,
                    new.saksi,
                    desa.as_ref().map(DesaCode::as_str),
                    new.tps.as_ref().map(TpsCode::as_str),
                    new.contest.map(Contest::slug),
                    fields,
                    &text,
                    &actor.name,
                    actor.role.as_deref(),
                    panel,
                    clock::now(),
                ),
            )
            .db(path)?;
        let id = tx.sql.last_insert_rowid();
        tx.record(Table::Objection, id);
        if recount {
            tx.sql
                .execute(
                    "INSERT INTO recount_order (objection, tps, contest) VALUES (?1, ?2, ?3)",
                    (
                        id,
                        new.tps.as_ref().map(TpsCode::as_str),
                        new.contest.map(Contest::slug),
                    ),
                )
                .db(path)?;
            tx.record(Table::RecountOrder, id);
        }
        let detail = serde_json::json!({
            "objection": id,
            "recount": recount,
            "kind": new.kind,
            "tps": new.tps.as_ref().map(TpsCode::as_str),
            "desa": desa.as_ref().map(DesaCode::as_str),
            "contest": new.contest.map(Contest::slug),
        });
        tx.commit(actor, EventKind::ObjectionRaised, detail)?;
        Ok(ObjectionId(id))
    }

    /// Decides an open objection: accepted (the correction or recount follows as entries that
    /// cite it) or rejected. A decision is final.
    pub fn resolve_objection(
        &mut self,
        actor: &Actor,
        id: ObjectionId,
        status: ObjectionStatus,
        resolution: &str,
    ) -> Result<()> {
        actor.check()?;
        let resolution = reason_text(resolution, "keputusan keberatan")?;
        if status == ObjectionStatus::Open {
            return Err(StoreError::EmptyReason {
                what: "keputusan keberatan (diterima atau ditolak)",
            });
        }
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        let current: ObjectionStatus = tx
            .sql
            .query_row("SELECT status FROM objection WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => not_found("keberatan", id),
                e => StoreError::sqlite(path, e),
            })?;
        if current != ObjectionStatus::Open {
            return Err(StoreError::ObjectionAlreadyResolved {
                id: id.0,
                status: current.to_string(),
            });
        }
        tx.sql
            .execute(
                "UPDATE objection SET status = ?1, resolution = ?2, resolved_by = ?3, resolved_at = ?4 WHERE id = ?5",
                (status, &resolution, &actor.name, clock::now(), id),
            )
            .db(path)?;
        tx.record(Table::Objection, id.0);
        let detail =
            serde_json::json!({ "objection": id, "status": status, "resolution": resolution });
        tx.commit(actor, EventKind::ObjectionResolved, detail)?;
        Ok(())
    }

    pub fn objection(&self, id: ObjectionId) -> Result<Objection> {
        load(&self.conn, &self.ctx.db_path, "WHERE id = ?1", &[&id])?
            .pop()
            .ok_or_else(|| not_found("keberatan", id))
    }

    /// All objections, oldest first (for D.Kejadian Khusus and export).
    pub fn objections(&self) -> Result<Vec<Objection>> {
        load(&self.conn, &self.ctx.db_path, "", &[])
    }

    /// The objections touching one TPS (its own, its desa's, and kecamatan-wide ones).
    pub fn objections_for_tps(&self, tps: &TpsCode) -> Result<Vec<Objection>> {
        load(
            &self.conn,
            &self.ctx.db_path,
            "WHERE (tps = ?1) OR (tps IS NULL AND desa = ?2) OR (tps IS NULL AND desa IS NULL)",
            &[&tps.as_str(), &tps.desa().as_str()],
        )
    }
}
