//! Sign-offs: a form agreed in the plenary (one or a batch), a form recorded absent under a
//! kejadian khusus, a desa closed, the kecamatan final; and their re-opening. A form agreement
//! covers the form exactly as it stood (its last entry): any later entry leaves the form
//! un-agreed until it is agreed again. After a desa is closed, figures change only through an
//! objection.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pleno_core::Contest;
use pleno_core::wilayah::{DesaCode, TpsCode};
use rusqlite::{Connection, OptionalExtension, Row};
use schemars::JsonSchema;
use serde::Serialize;

use crate::clock;
use crate::codes;
use crate::entries::{agreed_signoff, check_objection_applies, objection_scope};
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::fields::Fields;
use crate::panels::{not_found, reason_text, require_desa, require_panel, require_tps};
use crate::rows::Table;
use crate::store::Store;
use crate::types::{
    Actor, EntryId, ObjectionId, ObjectionKind, ObjectionStatus, PanelId, SignOffId, SignOffKind,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Revocation {
    pub objection: Option<ObjectionId>,
    pub reason: String,
    pub actor: Actor,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SignOff {
    pub id: SignOffId,
    pub kind: SignOffKind,
    pub tps: Option<TpsCode>,
    pub contest: Option<Contest>,
    pub desa: Option<DesaCode>,
    /// Form agreed: the last entry of the form when agreed. Form absent: its last entry when
    /// recorded, if it had figures. Desa/kecamatan: none.
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

/// The active form_absent sign-off of one form, if any.
pub(crate) fn absent_signoff(
    conn: &Connection,
    path: &Path,
    tps: &str,
    contest: Contest,
) -> Result<Option<SignOffId>> {
    conn.prepare_cached(
        "SELECT s.id FROM signoff s WHERE s.kind = 'form_absent' AND s.tps = ?1 AND s.contest = ?2 \
         AND NOT EXISTS (SELECT 1 FROM signoff_revocation v WHERE v.signoff = s.id) ORDER BY s.id DESC LIMIT 1",
    )
    .db(path)?
    .query_row((tps, contest.slug()), |r| r.get(0))
    .optional()
    .db(path)
}

/// The last entry of a form (from its current values), if it has figures.
fn form_last_entry(
    conn: &Connection,
    path: &Path,
    tps: &str,
    contest: Contest,
) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT last_entry FROM form_current WHERE tps = ?1 AND contest = ?2")
        .db(path)?
        .query_row((tps, contest.slug()), |r| r.get(0))
        .optional()
        .db(path)
}

/// The checks of agreeing one form as it stands: the TPS exists, the contest is on this
/// workspace, every field has a figure, the form is neither agreed as it stands nor recorded
/// absent, and in a closed desa (`closed`) an objection that applies is cited. Returns the
/// form's last entry.
fn check_agreeable(
    conn: &Connection,
    path: &Path,
    fields: &Fields,
    tps: &TpsCode,
    contest: Contest,
    objection: Option<ObjectionId>,
    closed: bool,
) -> Result<i64> {
    require_tps(conn, path, tps)?;
    let cat = fields.catalogue(contest)?;
    let last = form_last_entry(conn, path, tps.as_str(), contest)?;
    let current: HashSet<i64> = {
        let mut stmt = conn
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
            fields
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
    if let Some(existing) = agreed_signoff(conn, path, tps.as_str(), contest, last)? {
        return Err(StoreError::AlreadySignedOff {
            what: format!("persetujuan formulir TPS {tps} {contest}"),
            existing: existing.0,
        });
    }
    if let Some(absent) = absent_signoff(conn, path, tps.as_str(), contest)? {
        return Err(StoreError::FormRecordedAbsent {
            tps: tps.to_string(),
            contest: contest.to_string(),
            signoff: absent.0,
        });
    }
    match objection {
        Some(o) => check_objection_applies(conn, path, o, tps, Some(contest))?,
        None if closed => {
            return Err(StoreError::ObjectionRequired {
                desa: tps.desa().to_string(),
                tps: tps.to_string(),
            });
        }
        None => {}
    }
    Ok(last)
}

/// Inserts a form-level sign-off row; returns its id.
#[allow(clippy::too_many_arguments)] // one row's columns
fn insert_form_signoff(
    conn: &Connection,
    path: &Path,
    kind: SignOffKind,
    tps: &TpsCode,
    contest: Contest,
    last: Option<i64>,
    objection: Option<ObjectionId>,
    note: Option<&str>,
    actor: &Actor,
    panel: Option<PanelId>,
    at: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO signoff (kind, tps, contest, desa, last_entry, objection, note, actor, role, panel, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .db(path)?
    .execute((
        kind,
        tps.as_str(),
        contest.slug(),
        tps.desa().as_str(),
        last,
        objection,
        note,
        &actor.name,
        actor.role.as_deref(),
        panel,
        at,
    ))
    .db(path)?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// The plenary agrees one form as it stands now, and so labels the box crops of its
    /// photographed pages with the agreed figures (`crops.rs`). Every field must have a value. In a
    /// closed desa this needs an objection that applies to the TPS. A form recorded absent
    /// cannot be agreed until that record is revoked.
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
        let closed = desa_closed(&tx.sql, path, tps.desa().as_str())?.is_some()
            || kecamatan_final_active(&tx.sql, path)?;
        let last = check_agreeable(&tx.sql, path, &ctx.fields, tps, contest, objection, closed)?;
        let note = clean_note(note);
        let now = clock::now();
        let id = insert_form_signoff(
            &tx.sql,
            path,
            SignOffKind::FormAgreed,
            tps,
            contest,
            Some(last),
            objection,
            note.as_deref(),
            actor,
            panel,
            &now,
        )?;
        tx.record(Table::SignOff, id);
        let labels = crate::crops::label_form(&mut tx, tps, contest, id, &now)?;
        let detail = serde_json::json!({ "signoff": id, "tps": tps.as_str(), "contest": contest.slug(), "last_entry": last, "objection": objection, "crop_labels": labels });
        tx.commit(actor, EventKind::FormAgreed, detail)?;
        Ok(SignOffId(id))
    }

    /// Agrees many forms at once (the acceptance policy agreeing every form that passes its
    /// rules): one transaction and one `form_agreed` event listing every sign-off. Unlike a
    /// person's [`Store::agree_form`], it labels no crops: nobody compared them with the paper,
    /// and the model's own readings would teach it nothing it did not already believe. Each form
    /// gets the checks of [`Store::agree_form`]; a batch cites no objection, so a form in a
    /// closed desa (or after the kecamatan final) is refused. All or nothing: the first
    /// refused form refuses the batch. Ids are returned in the order of `forms`.
    pub fn agree_forms(
        &mut self,
        actor: &Actor,
        panel: Option<PanelId>,
        forms: &[(TpsCode, Contest)],
        note: Option<&str>,
    ) -> Result<Vec<SignOffId>> {
        actor.check()?;
        if forms.is_empty() {
            return Err(StoreError::EmptyBatch);
        }
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        if let Some(p) = panel {
            require_panel(&tx.sql, path, p)?;
        }
        let final_active = kecamatan_final_active(&tx.sql, path)?;
        let mut closed: HashMap<String, bool> = HashMap::new();
        let note = clean_note(note);
        let now = clock::now();
        let mut ids = Vec::with_capacity(forms.len());
        let mut listed = Vec::with_capacity(forms.len());
        for (tps, contest) in forms {
            let desa = tps.desa();
            let desa_is_closed = if let Some(c) = closed.get(desa.as_str()) {
                *c
            } else {
                let c = desa_closed(&tx.sql, path, desa.as_str())?.is_some();
                closed.insert(desa.as_str().to_string(), c);
                c
            };
            let last = check_agreeable(
                &tx.sql,
                path,
                &ctx.fields,
                tps,
                *contest,
                None,
                desa_is_closed || final_active,
            )?;
            let id = insert_form_signoff(
                &tx.sql,
                path,
                SignOffKind::FormAgreed,
                tps,
                *contest,
                Some(last),
                None,
                note.as_deref(),
                actor,
                panel,
                &now,
            )?;
            ids.push(SignOffId(id));
            listed.push(serde_json::json!({ "signoff": id, "tps": tps.as_str(), "contest": contest.slug(), "last_entry": last }));
        }
        for id in &ids {
            tx.record(Table::SignOff, id.0);
        }
        let detail = serde_json::json!({ "count": ids.len(), "panel": panel, "forms": listed });
        tx.commit(actor, EventKind::FormAgreed, detail)?;
        Ok(ids)
    }

    /// Records that a TPS form is absent (e.g. its ballot box was lost), under a kejadian
    /// khusus that names that TPS and contest. The form then counts as settled for closing the
    /// desa, while the recap keeps showing it as missing (its state stays un-agreed). An agreed
    /// form cannot be recorded absent; revoke the agreement first. Revocable like any sign-off.
    pub fn record_absent_form(
        &mut self,
        actor: &Actor,
        panel: Option<PanelId>,
        tps: &TpsCode,
        contest: Contest,
        objection: ObjectionId,
        note: Option<&str>,
    ) -> Result<SignOffId> {
        actor.check()?;
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        require_tps(&tx.sql, path, tps)?;
        if let Some(p) = panel {
            require_panel(&tx.sql, path, p)?;
        }
        ctx.fields.catalogue(contest)?;
        if let Some(existing) = absent_signoff(&tx.sql, path, tps.as_str(), contest)? {
            return Err(StoreError::AlreadySignedOff {
                what: format!("catatan formulir TPS {tps} {contest} tidak ada"),
                existing: existing.0,
            });
        }
        let last = form_last_entry(&tx.sql, path, tps.as_str(), contest)?;
        if let Some(l) = last
            && let Some(agreed) = agreed_signoff(&tx.sql, path, tps.as_str(), contest, l)?
        {
            return Err(StoreError::FormIsAgreed {
                tps: tps.to_string(),
                contest: contest.to_string(),
                signoff: agreed.0,
            });
        }
        let scope = objection_scope(&tx.sql, path, objection)?;
        let fail = |why| {
            Err(StoreError::ObjectionNotApplicable {
                objection: objection.0,
                target: format!("formulir TPS {tps} {contest} yang tidak ada"),
                why,
            })
        };
        if scope.kind != ObjectionKind::KejadianKhusus {
            return fail("formulir yang tidak ada dicatat lewat kejadian khusus, bukan keberatan");
        }
        if scope.status == ObjectionStatus::Rejected {
            return fail("kejadian khusus itu ditolak");
        }
        if scope.tps.as_deref() != Some(tps.as_str()) {
            return fail("kejadian khusus itu tidak menyebut TPS ini");
        }
        if scope.contest.as_deref() != Some(contest.slug()) {
            return fail("kejadian khusus itu tidak menyebut jenis pemilihan ini");
        }
        let note = clean_note(note);
        let id = insert_form_signoff(
            &tx.sql,
            path,
            SignOffKind::FormAbsent,
            tps,
            contest,
            last,
            Some(objection),
            note.as_deref(),
            actor,
            panel,
            &clock::now(),
        )?;
        tx.record(Table::SignOff, id);
        let detail = serde_json::json!({ "signoff": id, "tps": tps.as_str(), "contest": contest.slug(), "objection": objection, "last_entry": last });
        tx.commit(actor, EventKind::FormAbsentRecorded, detail)?;
        Ok(SignOffId(id))
    }

    /// Every form recorded absent and not revoked, in TPS and contest order.
    pub fn absent_forms(&self) -> Result<Vec<(TpsCode, Contest, SignOffId)>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.tps, s.contest, s.id FROM signoff s WHERE s.kind = 'form_absent' \
                 AND NOT EXISTS (SELECT 1 FROM signoff_revocation v WHERE v.signoff = s.id)",
            )
            .db(path)?;
        let rows: Vec<(String, String, SignOffId)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        let mut out = rows
            .into_iter()
            .map(|(t, c, id)| Ok((codes::tps(path, &t)?, codes::contest(path, &c)?, id)))
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
        Ok(out)
    }

    /// Closes a desa: every form of every TPS in it, for every contest, must be agreed or
    /// recorded absent.
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
                if !agreed && absent_signoff(&tx.sql, path, t, contest)?.is_none() {
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
        if !kind.is_form_level() && objection.is_none() {
            return Err(StoreError::ObjectionRequired {
                desa: desa_text,
                tps: "-".to_string(),
            });
        }
        if kind == SignOffKind::DesaClosed && kecamatan_final_active(&tx.sql, path)? {
            return Err(StoreError::FinalStillActive { desa: desa_text });
        }
        if kind.is_form_level() {
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
