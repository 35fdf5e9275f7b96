//! Sign-offs: a form agreed in the plenary, a desa closed, the kecamatan final; and their
//! re-opening. A form agreement covers the form exactly as it stood (its last entry): any
//! later entry leaves the form un-agreed until it is agreed again. After a desa is closed,
//! figures change only through an objection.

use std::path::Path;

use pleno_core::Contest;
use pleno_core::wilayah::{DesaCode, TpsCode};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::clock;
use crate::codes;
use crate::entries::{agreed_signoff, check_objection_applies};
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::panels::{not_found, reason_text, require_desa, require_panel, require_tps};
use crate::rows::Table;
use crate::store::Store;
use crate::types::{Actor, EntryId, ObjectionId, PanelId, SignOffId, SignOffKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revocation {
    pub objection: Option<ObjectionId>,
    pub reason: String,
    pub actor: Actor,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOff {
    pub id: SignOffId,
    pub kind: SignOffKind,
    pub tps: Option<TpsCode>,
    pub contest: Option<Contest>,
    pub desa: Option<DesaCode>,
    /// Form: the last entry of the form when agreed. Desa/kecamatan: none.
    pub last_entry: Option<EntryId>,
    pub objection: Option<ObjectionId>,
    pub note: Option<String>,
    pub actor: Actor,
    pub panel: Option<PanelId>,
    pub at: String,
    pub revoked: Option<Revocation>,
}

pub(crate) fn desa_closed(conn: &Connection, path: &Path, desa: &str) -> Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT s.id FROM signoff s WHERE s.kind = 'desa_closed' AND s.desa = ?1 \
         AND NOT EXISTS (SELECT 1 FROM signoff_revocation v WHERE v.signoff = s.id) LIMIT 1",
    )
    .db(path)?
    .query_row([desa], |r| r.get(0))
    .optional()
    .db(path)
}

fn kecamatan_final(conn: &Connection, path: &Path) -> Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT s.id FROM signoff s WHERE s.kind = 'kecamatan_final' \
         AND NOT EXISTS (SELECT 1 FROM signoff_revocation v WHERE v.signoff = s.id) LIMIT 1",
    )
    .db(path)?
    .query_row([], |r| r.get(0))
    .optional()
    .db(path)
}

pub(crate) fn kecamatan_final_active(conn: &Connection, path: &Path) -> Result<bool> {
    Ok(kecamatan_final(conn, path)?.is_some())
}

const SIGNOFF_COLUMNS: &str = "s.id, s.kind, s.tps, s.contest, s.desa, s.last_entry, s.objection, s.note, s.actor, s.role, s.panel, s.at, \
     v.objection, v.reason, v.actor, v.role, v.at";

fn signoff_from_row(path: &Path, r: &Row<'_>) -> Result<SignOff> {
    let tps: Option<String> = r.get(2).db(path)?;
    let contest: Option<String> = r.get(3).db(path)?;
    let desa: Option<String> = r.get(4).db(path)?;
    let reason: Option<String> = r.get(13).db(path)?;
    let revoked = match reason {
        Some(reason) => Some(Revocation {
            objection: r.get(12).db(path)?,
            reason,
            actor: Actor {
                name: r.get(14).db(path)?,
                role: r.get(15).db(path)?,
            },
            at: r.get(16).db(path)?,
        }),
        None => None,
    };
    Ok(SignOff {
        id: r.get(0).db(path)?,
        kind: r.get(1).db(path)?,
        tps: codes::opt(path, tps.as_deref(), codes::tps)?,
        contest: codes::opt(path, contest.as_deref(), codes::contest)?,
        desa: codes::opt(path, desa.as_deref(), codes::desa)?,
        last_entry: r.get(5).db(path)?,
        objection: r.get(6).db(path)?,
        note: r.get(7).db(path)?,
        actor: Actor {
            name: r.get(8).db(path)?,
            role: r.get(9).db(path)?,
        },
        panel: r.get(10).db(path)?,
        at: r.get(11).db(path)?,
        revoked,
    })
}

fn clean_note(note: Option<&str>) -> Option<String> {
    note.map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

impl Store {
    /// The plenary agrees one form as it stands now. Every field must have a value. In a
    /// closed desa this needs an objection that applies to the TPS.
    pub fn agree_form(
        &mut self,
        actor: &Actor,
        panel: Option<PanelId>,
        tps: &TpsCode,
        contest: Contest,
        objection: Option<ObjectionId>,
        note: Option<&str>,
    ) -> Result<SignOffId> {
        actor.check()?;
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        require_tps(&tx.sql, path, tps)?;
        if let Some(p) = panel {
            require_panel(&tx.sql, path, p)?;
        }
        let cat = ctx.fields.catalogue(contest)?;
        let last: Option<i64> = tx
            .sql
            .query_row(
                "SELECT last_entry FROM form_current WHERE tps = ?1 AND contest = ?2",
                (tps.as_str(), contest.slug()),
                |r| r.get(0),
            )
            .optional()
            .db(path)?;
        let current: std::collections::HashSet<i64> = {
            let mut stmt = tx
                .sql
                .prepare_cached("SELECT DISTINCT field FROM entry WHERE tps = ?1 AND contest = ?2")
                .db(path)?;
            stmt.query_map((tps.as_str(), contest.slug()), |r| r.get(0))
                .db(path)?
                .collect::<rusqlite::Result<_>>()
                .db(path)?
        };
        let missing: Vec<String> = cat
            .keys()
            .filter(|k| {
                ctx.fields
                    .id(contest, *k)
                    .map_or(true, |id| !current.contains(&id))
            })
            .map(|k| k.to_string())
            .collect();
        let Some(last) = last.filter(|_| missing.is_empty()) else {
            return Err(StoreError::FormIncomplete {
                tps: tps.to_string(),
                contest: contest.to_string(),
                missing: missing.len(),
                first: missing.first().cloned().unwrap_or_default(),
            });
        };
        if let Some(existing) = agreed_signoff(&tx.sql, path, tps.as_str(), contest, last)? {
            return Err(StoreError::AlreadySignedOff {
                what: format!("persetujuan formulir TPS {tps} {contest}"),
                existing: existing.0,
            });
        }
        let desa = tps.desa();
        let closed = desa_closed(&tx.sql, path, desa.as_str())?.is_some()
            || kecamatan_final_active(&tx.sql, path)?;
        match objection {
            Some(o) => check_objection_applies(&tx.sql, path, o, tps, Some(contest))?,
            None if closed => {
                return Err(StoreError::ObjectionRequired {
                    desa: desa.to_string(),
                    tps: tps.to_string(),
                });
            }
            None => {}
        }
        tx.sql
            .execute(
                "INSERT INTO signoff (kind, tps, contest, desa, last_entry, objection, note, actor, role, panel, at) \
                 VALUES ('form_agreed', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                (tps.as_str(), contest.slug(), desa.as_str(), last, objection, clean_note(note), &actor.name, actor.role.as_deref(), panel, clock::now()),
            )
            .db(path)?;
        let id = tx.sql.last_insert_rowid();
        tx.record(Table::SignOff, id);
        let detail = serde_json::json!({ "signoff": id, "tps": tps.as_str(), "contest": contest.slug(), "last_entry": last, "objection": objection });
        tx.commit(actor, EventKind::FormAgreed, detail)?;
        Ok(SignOffId(id))
    }

    /// Closes a desa: every form of every TPS in it, for every contest, must be agreed.
    pub fn close_desa(
        &mut self,
        actor: &Actor,
        panel: Option<PanelId>,
        desa: &DesaCode,
        note: Option<&str>,
    ) -> Result<SignOffId> {
        actor.check()?;
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        require_desa(&tx.sql, path, desa)?;
        if let Some(p) = panel {
            require_panel(&tx.sql, path, p)?;
        }
        if let Some(existing) = desa_closed(&tx.sql, path, desa.as_str())? {
            return Err(StoreError::AlreadySignedOff {
                what: format!("penutupan desa {desa}"),
                existing,
            });
        }
        let tps_codes: Vec<String> = {
            let mut stmt = tx
                .sql
                .prepare_cached("SELECT code FROM tps WHERE desa = ?1 ORDER BY ord")
                .db(path)?;
            stmt.query_map([desa.as_str()], |r| r.get(0))
                .db(path)?
                .collect::<rusqlite::Result<_>>()
                .db(path)?
        };
        let mut open = Vec::new();
        for t in &tps_codes {
            for contest in ctx.fields.contests() {
                let last: Option<i64> = tx
                    .sql
                    .prepare_cached(
                        "SELECT last_entry FROM form_current WHERE tps = ?1 AND contest = ?2",
                    )
                    .db(path)?
                    .query_row((t, contest.slug()), |r| r.get(0))
                    .optional()
                    .db(path)?;
                let agreed = match last {
                    Some(l) => agreed_signoff(&tx.sql, path, t, contest, l)?.is_some(),
                    None => false,
                };
                if !agreed {
                    open.push(format!("TPS {t} {contest}"));
                }
            }
        }
        if !open.is_empty() {
            return Err(StoreError::DesaIncomplete {
                desa: desa.to_string(),
                open: open.len(),
                first: open[0].clone(),
            });
        }
        tx.sql
            .execute(
                "INSERT INTO signoff (kind, desa, note, actor, role, panel, at) VALUES ('desa_closed', ?1, ?2, ?3, ?4, ?5, ?6)",
                (desa.as_str(), clean_note(note), &actor.name, actor.role.as_deref(), panel, clock::now()),
            )
            .db(path)?;
        let id = tx.sql.last_insert_rowid();
        tx.record(Table::SignOff, id);
        let detail = serde_json::json!({ "signoff": id, "desa": desa.as_str(), "forms": tps_codes.len() * ctx.fields.contests().count() });
        tx.commit(actor, EventKind::DesaClosed, detail)?;
        Ok(SignOffId(id))
    }

    /// Sets the kecamatan recap final: every desa must be closed.
    pub fn finalize_kecamatan(&mut self, actor: &Actor, note: Option<&str>) -> Result<SignOffId> {
        actor.check()?;
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        if let Some(existing) = kecamatan_final(&tx.sql, path)? {
            return Err(StoreError::AlreadySignedOff {
                what: "penetapan kecamatan".to_string(),
                existing,
            });
        }
        let open: Vec<String> = {
            let mut stmt = tx
                .sql
                .prepare_cached(
                    "SELECT d.code FROM desa d WHERE NOT EXISTS (SELECT 1 FROM signoff s WHERE s.kind = 'desa_closed' AND s.desa = d.code \
                     AND NOT EXISTS (SELECT 1 FROM signoff_revocation v WHERE v.signoff = s.id)) ORDER BY d.ord",
                )
                .db(path)?;
            stmt.query_map([], |r| r.get(0))
                .db(path)?
                .collect::<rusqlite::Result<_>>()
                .db(path)?
        };
        if let Some(first) = open.first() {
            return Err(StoreError::KecamatanIncomplete {
                open: open.len(),
                first: first.clone(),
            });
        }
        tx.sql
            .execute(
                "INSERT INTO signoff (kind, note, actor, role, at) VALUES ('kecamatan_final', ?1, ?2, ?3, ?4)",
                (clean_note(note), &actor.name, actor.role.as_deref(), clock::now()),
            )
            .db(path)?;
        let id = tx.sql.last_insert_rowid();
        tx.record(Table::SignOff, id);
        tx.commit(
            actor,
            EventKind::KecamatanFinal,
            serde_json::json!({ "signoff": id }),
        )?;
        Ok(SignOffId(id))
    }

    /// Re-opens a sign-off with a reason. A closed desa or the kecamatan final re-opens only
    /// under an objection; a desa cannot re-open while the kecamatan final stands.
    pub fn revoke_signoff(
        &mut self,
        actor: &Actor,
        id: SignOffId,
        objection: Option<ObjectionId>,
        reason: &str,
    ) -> Result<()> {
        actor.check()?;
        let reason = reason_text(reason, "membuka kembali persetujuan")?;
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        let row: Option<(SignOffKind, Option<String>, Option<String>, bool)> = tx
            .sql
            .query_row(
                "SELECT kind, desa, tps, EXISTS (SELECT 1 FROM signoff_revocation v WHERE v.signoff = s.id) FROM signoff s WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .db(path)?;
        let Some((kind, desa, tps, revoked)) = row else {
            return Err(not_found("persetujuan", id));
        };
        if revoked {
            return Err(StoreError::AlreadyRevoked { id: id.0 });
        }
        let desa_text = desa.clone().unwrap_or_default();
        if kind != SignOffKind::FormAgreed && objection.is_none() {
            return Err(StoreError::ObjectionRequired {
                desa: desa_text,
                tps: "-".to_string(),
            });
        }
        if kind == SignOffKind::DesaClosed && kecamatan_final_active(&tx.sql, path)? {
            return Err(StoreError::FinalStillActive { desa: desa_text });
        }
        if kind == SignOffKind::FormAgreed {
            let closed = desa
                .as_deref()
                .map(|d| desa_closed(&tx.sql, path, d))
                .transpose()?
                .flatten()
                .is_some();
            if closed && objection.is_none() {
                return Err(StoreError::ObjectionRequired {
                    desa: desa_text,
                    tps: tps.clone().unwrap_or_default(),
                });
            }
        }
        if let Some(o) = objection {
            if let Some(t) = tps.as_deref().map(|t| codes::tps(path, t)).transpose()? {
                check_objection_applies(&tx.sql, path, o, &t, None)?;
            } else {
                {
                    let exists: bool = tx
                        .sql
                        .query_row(
                            "SELECT EXISTS (SELECT 1 FROM objection WHERE id = ?1)",
                            [o],
                            |r| r.get(0),
                        )
                        .db(path)?;
                    if !exists {
                        return Err(not_found("keberatan", o));
                    }
                }
            }
        }
        tx.sql
            .execute(
                "INSERT INTO signoff_revocation (signoff, objection, reason, actor, role, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                (id, objection, &reason, &actor.name, actor.role.as_deref(), clock::now()),
            )
            .db(path)?;
        tx.record(Table::SignOffRevocation, tx.sql.last_insert_rowid());
        let detail = serde_json::json!({ "signoff": id, "kind": kind, "objection": objection, "reason": reason });
        tx.commit(actor, EventKind::SignOffRevoked, detail)?;
        Ok(())
    }

    /// All sign-offs, oldest first, with their revocation if any.
    pub fn signoffs(&self) -> Result<Vec<SignOff>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {SIGNOFF_COLUMNS} FROM signoff s LEFT JOIN signoff_revocation v ON v.signoff = s.id ORDER BY s.id"))
            .db(path)?;
        let mut rows = stmt.query([]).db(path)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().db(path)? {
            out.push(signoff_from_row(path, r)?);
        }
        Ok(out)
    }

    pub fn is_desa_closed(&self, desa: &DesaCode) -> Result<bool> {
        Ok(desa_closed(&self.conn, &self.ctx.db_path, desa.as_str())?.is_some())
    }

    pub fn is_kecamatan_final(&self) -> Result<bool> {
        kecamatan_final_active(&self.conn, &self.ctx.db_path)
    }
}
