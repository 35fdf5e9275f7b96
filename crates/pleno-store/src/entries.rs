//! Entries: the figures people and processes put on a field. Nothing is updated in place: each
//! entry supersedes the previous one of its field, the current value is the latest entry, and
//! the whole history of a number is one query.
//!
//! Guards: value 0–999; the field must be on the contest's form; a change of value (and every
//! recount) needs a reason; after a desa is closed (or the kecamatan final) an entry needs an
//! objection that applies to it; an OCR-accepted entry must match the reading it accepts.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use pleno_core::recap::FormState;
use pleno_core::values::MAX_BOX_VALUE;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey, FormValues};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::clock;
use crate::codes;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::fields::{self, Fields};
use crate::panels::{not_found, require_panel};
use crate::rows::Table;
use crate::signoffs::{desa_closed, kecamatan_final_active};
use crate::store::Store;
use crate::types::{
    Actor, EntryId, ObjectionId, ObjectionStatus, PanelId, ReadingId, SignOffId, Source,
};

/// A figure to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub tps: TpsCode,
    pub contest: Contest,
    pub field: FieldKey,
    pub value: u32,
    pub source: Source,
    pub reason: Option<String>,
    /// The machine reading this entry accepts or confirms.
    pub reading: Option<ReadingId>,
    /// The keberatan/kejadian khusus under which the figure changes (needed after a desa closes).
    pub objection: Option<ObjectionId>,
}

impl NewEntry {
    pub fn new(
        tps: &TpsCode,
        contest: Contest,
        field: FieldKey,
        value: u32,
        source: Source,
    ) -> NewEntry {
        NewEntry {
            tps: tps.clone(),
            contest,
            field,
            value,
            source,
            reason: None,
            reading: None,
            objection: None,
        }
    }

    /// A clerk's figure typed from the C.Hasil.
    pub fn clerk(tps: &TpsCode, contest: Contest, field: FieldKey, value: u32) -> NewEntry {
        NewEntry::new(tps, contest, field, value, Source::Clerk)
    }

    /// A machine reading accepted as it stands.
    pub fn ocr_accepted(
        tps: &TpsCode,
        contest: Contest,
        field: FieldKey,
        value: u32,
        reading: ReadingId,
    ) -> NewEntry {
        NewEntry {
            reading: Some(reading),
            ..NewEntry::new(tps, contest, field, value, Source::OcrAccepted)
        }
    }

    #[must_use]
    pub fn with_reason(mut self, reason: impl Into<String>) -> NewEntry {
        self.reason = Some(reason.into());
        self
    }

    #[must_use]
    pub fn with_objection(mut self, objection: ObjectionId) -> NewEntry {
        self.objection = Some(objection);
        self
    }

    #[must_use]
    pub fn with_reading(mut self, reading: ReadingId) -> NewEntry {
        self.reading = Some(reading);
        self
    }
}

/// A recorded figure with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: EntryId,
    pub tps: TpsCode,
    pub contest: Contest,
    pub field: FieldKey,
    pub value: u32,
    pub source: Source,
    pub reason: Option<String>,
    pub reading: Option<ReadingId>,
    pub objection: Option<ObjectionId>,
    pub actor: Actor,
    pub panel: Option<PanelId>,
    pub at: String,
    /// The entry this one replaced as the field's current value.
    pub supersedes: Option<EntryId>,
}

/// One form now: its values, the entry behind each, and whether it stands agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormCurrent {
    pub tps: TpsCode,
    pub contest: Contest,
    pub values: FormValues,
    pub entries: BTreeMap<FieldKey, Entry>,
    pub state: FormState,
    /// The sign-off that agreed exactly these values, if any.
    pub agreed: Option<SignOffId>,
}

/// One form's current values for the recap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormSnapshot {
    pub tps: TpsCode,
    pub contest: Contest,
    pub values: FormValues,
    pub last_entry: EntryId,
    pub state: FormState,
}

pub(crate) const ENTRY_COLUMNS: &str = "e.id, e.tps, e.contest, e.field, e.value, e.source, e.reason, e.reading, e.objection, e.actor, e.role, e.panel, e.at, e.supersedes";

pub(crate) fn entry_from_row(path: &Path, fields: &Fields, r: &Row<'_>) -> Result<Entry> {
    let tps: String = r.get(1).db(path)?;
    let (contest, field) = fields.key(r.get(3).db(path)?)?;
    Ok(Entry {
        id: r.get(0).db(path)?,
        tps: codes::tps(path, &tps)?,
        contest,
        field,
        value: r.get(4).db(path)?,
        source: r.get(5).db(path)?,
        reason: r.get(6).db(path)?,
        reading: r.get(7).db(path)?,
        objection: r.get(8).db(path)?,
        actor: Actor {
            name: r.get(9).db(path)?,
            role: r.get(10).db(path)?,
        },
        panel: r.get(11).db(path)?,
        at: r.get(12).db(path)?,
        supersedes: r.get(13).db(path)?,
    })
}

fn query_entries(
    conn: &Connection,
    path: &Path,
    fields: &Fields,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(sql).db(path)?;
    let mut rows = stmt.query(params).db(path)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().db(path)? {
        out.push(entry_from_row(path, fields, r)?);
    }
    Ok(out)
}

/// (field id, value, entry id) written to one form in a batch.
type FieldWrite = (i64, u32, i64);

/// What the guards need to know about an objection.
struct ObjectionScope {
    status: ObjectionStatus,
    desa: Option<String>,
    tps: Option<String>,
    contest: Option<String>,
}

fn objection_scope(conn: &Connection, path: &Path, id: ObjectionId) -> Result<ObjectionScope> {
    conn.prepare_cached("SELECT status, desa, tps, contest FROM objection WHERE id = ?1")
        .db(path)?
        .query_row([id], |r| {
            Ok(ObjectionScope {
                status: r.get(0)?,
                desa: r.get(1)?,
                tps: r.get(2)?,
                contest: r.get(3)?,
            })
        })
        .optional()
        .db(path)?
        .ok_or_else(|| not_found("keberatan", id))
}

/// Checks that objection `id` may carry a change to `tps`/`contest`.
pub(crate) fn check_objection_applies(
    conn: &Connection,
    path: &Path,
    id: ObjectionId,
    tps: &TpsCode,
    contest: Option<Contest>,
) -> Result<()> {
    let scope = objection_scope(conn, path, id)?;
    let fail = |why| {
        Err(StoreError::ObjectionNotApplicable {
            objection: id.0,
            target: format!("TPS {tps}"),
            why,
        })
    };
    if scope.status == ObjectionStatus::Rejected {
        return fail("keberatan itu ditolak");
    }
    if scope.tps.as_deref().is_some_and(|t| t != tps.as_str()) {
        return fail("keberatan itu mengenai TPS lain");
    }
    if scope
        .desa
        .as_deref()
        .is_some_and(|d| d != tps.desa().as_str())
    {
        return fail("keberatan itu mengenai desa lain");
    }
    if let (Some(c), Some(want)) = (scope.contest.as_deref(), contest)
        && c != want.slug()
    {
        return fail("keberatan itu mengenai jenis pemilihan lain");
    }
    Ok(())
}

fn tps_desa(conn: &Connection, path: &Path, tps: &TpsCode) -> Result<String> {
    conn.prepare_cached("SELECT desa FROM tps WHERE code = ?1")
        .db(path)?
        .query_row([tps.as_str()], |r| r.get(0))
        .optional()
        .db(path)?
        .ok_or_else(|| not_found("TPS", tps))
}

impl Store {
    /// Records a batch of figures (e.g. a whole form auto-accepted) as one transaction and one
    /// audit event. All or nothing: the first refused figure refuses the batch.
    pub fn add_entries(
        &mut self,
        actor: &Actor,
        panel: Option<PanelId>,
        entries: &[NewEntry],
    ) -> Result<Vec<EntryId>> {
        actor.check()?;
        if entries.is_empty() {
            return Err(StoreError::EmptyBatch);
        }
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        if let Some(p) = panel {
            require_panel(&tx.sql, path, p)?;
        }
        let final_active = kecamatan_final_active(&tx.sql, path)?;
        let mut closed_cache: HashMap<String, bool> = HashMap::new();
        let mut forms: BTreeMap<(String, Contest), Vec<FieldWrite>> = BTreeMap::new();
        let mut sources = HashSet::new();
        let now = clock::now();
        let mut ids = Vec::with_capacity(entries.len());
        for e in entries {
            let field_id = ctx.fields.id(e.contest, e.field)?;
            if e.value > MAX_BOX_VALUE {
                return Err(StoreError::ValueOutOfRange {
                    tps: e.tps.to_string(),
                    contest: e.contest.to_string(),
                    field: e.field.to_string(),
                    value: e.value,
                    max: MAX_BOX_VALUE,
                });
            }
            let desa = tps_desa(&tx.sql, path, &e.tps)?;
            let reason = e.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
            let current: Option<(i64, u32)> = tx
                .sql
                .prepare_cached("SELECT id, value FROM entry WHERE tps = ?1 AND contest = ?2 AND field = ?3 ORDER BY id DESC LIMIT 1")
                .db(path)?
                .query_row((e.tps.as_str(), e.contest.slug(), field_id), |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
                .db(path)?;
            let changes = current.is_some_and(|(_, v)| v != e.value);
            if reason.is_none() && (changes || e.source == Source::Recount) {
                return Err(StoreError::ReasonRequired {
                    tps: e.tps.to_string(),
                    contest: e.contest.to_string(),
                    field: e.field.to_string(),
                    previous: current.map_or_else(|| "kosong".to_string(), |(_, v)| v.to_string()),
                    value: e.value,
                });
            }
            let closed = if let Some(c) = closed_cache.get(&desa) {
                *c
            } else {
                let c = desa_closed(&tx.sql, path, &desa)?.is_some();
                closed_cache.insert(desa.clone(), c);
                c
            };
            match e.objection {
                Some(o) => check_objection_applies(&tx.sql, path, o, &e.tps, Some(e.contest))?,
                None if closed || final_active => {
                    return Err(StoreError::ObjectionRequired {
                        desa,
                        tps: e.tps.to_string(),
                    });
                }
                None => {}
            }
            if e.source == Source::OcrAccepted || e.reading.is_some() {
                check_reading(&tx.sql, path, e, field_id)?;
            }
            tx.sql
                .prepare_cached(
                    "INSERT INTO entry (tps, contest, field, value, source, reason, reading, objection, actor, role, panel, at, supersedes) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                .db(path)?
                .execute((
                    e.tps.as_str(),
                    e.contest.slug(),
                    field_id,
                    e.value,
                    e.source,
                    reason,
                    e.reading,
                    e.objection,
                    &actor.name,
                    actor.role.as_deref(),
                    panel,
                    &now,
                    current.map(|(id, _)| id),
                ))
                .db(path)?;
            let id = tx.sql.last_insert_rowid();
            tx.record(Table::Entry, id);
            ids.push(EntryId(id));
            sources.insert(e.source.as_str());
            forms
                .entry((e.tps.as_str().to_string(), e.contest))
                .or_default()
                .push((field_id, e.value, id));
        }
        for ((tps, contest), values) in &forms {
            update_form_current(&tx.sql, path, tps, *contest, values)?;
        }
        let mut sources: Vec<&str> = sources.into_iter().collect();
        sources.sort_unstable();
        let detail = serde_json::json!({
            "count": ids.len(),
            "sources": sources,
            "panel": panel,
            "forms": forms.iter().map(|((tps, c), v)| serde_json::json!({"tps": tps, "contest": c.slug(), "fields": v.len()})).collect::<Vec<_>>(),
        });
        tx.commit(actor, EventKind::EntriesAdded, detail)?;
        Ok(ids)
    }

    /// The current values of one form with the entry behind each value.
    pub fn current_values(&self, tps: &TpsCode, contest: Contest) -> Result<FormCurrent> {
        let path = &self.ctx.db_path;
        let list = query_entries(
            &self.conn,
            path,
            &self.ctx.fields,
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM entry e WHERE e.tps = ?1 AND e.contest = ?2 \
                 AND NOT EXISTS (SELECT 1 FROM entry s WHERE s.supersedes = e.id) ORDER BY e.id"
            ),
            &[&tps.as_str(), &contest.slug()],
        )?;
        let mut values = FormValues::new();
        let mut entries = BTreeMap::new();
        let mut last = None;
        for e in list {
            values.set(e.field, e.value);
            last = Some(last.map_or(e.id, |l: EntryId| l.max(e.id)));
            entries.insert(e.field, e);
        }
        let agreed = match last {
            Some(last) => agreed_signoff(&self.conn, path, tps.as_str(), contest, last.0)?,
            None => None,
        };
        Ok(FormCurrent {
            tps: tps.clone(),
            contest,
            values,
            entries,
            state: if agreed.is_some() {
                FormState::Agreed
            } else {
                FormState::Unagreed
            },
            agreed,
        })
    }

    /// Every form that has figures, with its current values and state: what the recap needs.
    /// Reads the packed per-form values, not the entries (one row per form).
    pub fn all_current_values(&self) -> Result<Vec<FormSnapshot>> {
        let path = &self.ctx.db_path;
        let mut agreed: HashSet<(String, String, i64)> = HashSet::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT s.tps, s.contest, s.last_entry FROM signoff s WHERE s.kind = 'form_agreed' \
                     AND NOT EXISTS (SELECT 1 FROM signoff_revocation v WHERE v.signoff = s.id)",
                )
                .db(path)?;
            let mut rows = stmt.query([]).db(path)?;
            while let Some(r) = rows.next().db(path)? {
                agreed.insert((r.get(0).db(path)?, r.get(1).db(path)?, r.get(2).db(path)?));
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT fc.tps, fc.contest, fc.packed, fc.last_entry FROM form_current fc \
                 JOIN tps t ON t.code = fc.tps ORDER BY t.ord, fc.contest",
            )
            .db(path)?;
        let mut rows = stmt.query([]).db(path)?;
        let mut out = Vec::new();
        let mut contests: HashMap<String, Contest> = HashMap::new();
        while let Some(r) = rows.next().db(path)? {
            let tps_text = r.get_ref(0).and_then(|v| Ok(v.as_str()?)).db(path)?;
            let contest_text = r.get_ref(1).and_then(|v| Ok(v.as_str()?)).db(path)?;
            let contest = if let Some(c) = contests.get(contest_text) {
                *c
            } else {
                let c = codes::contest(path, contest_text)?;
                contests.insert(contest_text.to_string(), c);
                c
            };
            let last_entry: i64 = r.get(3).db(path)?;
            let state =
                if agreed.contains(&(tps_text.to_string(), contest_text.to_string(), last_entry)) {
                    FormState::Agreed
                } else {
                    FormState::Unagreed
                };
            let tps = codes::tps(path, tps_text)?;
            let packed = r.get_ref(2).and_then(|v| Ok(v.as_blob()?)).db(path)?;
            let mut pairs = Vec::with_capacity(packed.len() / 6);
            for (id, value) in fields::unpack(packed) {
                pairs.push((self.ctx.fields.key(id)?.1, value));
            }
            out.push(FormSnapshot {
                tps,
                contest,
                values: pairs.into_iter().collect(),
                last_entry: EntryId(last_entry),
                state,
            });
        }
        Ok(out)
    }

    /// Every entry ever made on one field, oldest first: the number's full history.
    pub fn field_history(
        &self,
        tps: &TpsCode,
        contest: Contest,
        field: FieldKey,
    ) -> Result<Vec<Entry>> {
        let field_id = self.ctx.fields.id(contest, field)?;
        query_entries(
            &self.conn,
            &self.ctx.db_path,
            &self.ctx.fields,
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM entry e WHERE e.tps = ?1 AND e.contest = ?2 AND e.field = ?3 ORDER BY e.id"
            ),
            &[&tps.as_str(), &contest.slug(), &field_id],
        )
    }

    /// Every entry of one form, oldest first.
    pub fn form_history(&self, tps: &TpsCode, contest: Contest) -> Result<Vec<Entry>> {
        query_entries(
            &self.conn,
            &self.ctx.db_path,
            &self.ctx.fields,
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM entry e WHERE e.tps = ?1 AND e.contest = ?2 ORDER BY e.id"
            ),
            &[&tps.as_str(), &contest.slug()],
        )
    }

    /// The entries made under one objection.
    pub fn objection_entries(&self, objection: ObjectionId) -> Result<Vec<Entry>> {
        query_entries(
            &self.conn,
            &self.ctx.db_path,
            &self.ctx.fields,
            &format!("SELECT {ENTRY_COLUMNS} FROM entry e WHERE e.objection = ?1 ORDER BY e.id"),
            &[&objection],
        )
    }

    pub fn entry(&self, id: EntryId) -> Result<Entry> {
        query_entries(
            &self.conn,
            &self.ctx.db_path,
            &self.ctx.fields,
            &format!("SELECT {ENTRY_COLUMNS} FROM entry e WHERE e.id = ?1"),
            &[&id],
        )?
        .pop()
        .ok_or_else(|| not_found("angka isian", id))
    }

    /// Calls `f` for every entry in id order (export), without loading them all.
    pub fn for_each_entry(&self, mut f: impl FnMut(&Entry) -> Result<()>) -> Result<()> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {ENTRY_COLUMNS} FROM entry e ORDER BY e.id"
            ))
            .db(path)?;
        let mut rows = stmt.query([]).db(path)?;
        while let Some(r) = rows.next().db(path)? {
            f(&entry_from_row(path, &self.ctx.fields, r)?)?;
        }
        Ok(())
    }
}

#[allow(clippy::type_complexity)] // one row of a join, read once
fn check_reading(conn: &Connection, path: &Path, e: &NewEntry, field_id: i64) -> Result<()> {
    let mismatch = |why| StoreError::ReadingMismatch {
        reading: e.reading.map_or(0, |r| r.0),
        field: e.field.to_string(),
        tps: e.tps.to_string(),
        why,
    };
    let Some(reading) = e.reading else {
        return Err(mismatch("entri OCR diterima harus merujuk hasil baca"));
    };
    let row: Option<(i64, Option<u32>, Option<String>, Option<String>)> = conn
        .prepare_cached("SELECT r.field, r.value, p.tps, p.contest FROM reading r JOIN page p ON p.id = r.page WHERE r.id = ?1")
        .db(path)?
        .query_row([reading], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()
        .db(path)?;
    let Some((field, value, tps, contest)) = row else {
        return Err(not_found("hasil baca", reading));
    };
    if tps.as_deref() != Some(e.tps.as_str()) || contest.as_deref() != Some(e.contest.slug()) {
        return Err(mismatch("halamannya milik TPS atau jenis pemilihan lain"));
    }
    if field != field_id {
        return Err(mismatch("hasil baca itu untuk isian lain"));
    }
    if e.source == Source::OcrAccepted && value != Some(e.value) {
        return Err(mismatch("angkanya berbeda dari hasil baca"));
    }
    Ok(())
}

/// Folds new values into the packed current values of one form.
fn update_form_current(
    conn: &Connection,
    path: &Path,
    tps: &str,
    contest: Contest,
    values: &[(i64, u32, i64)],
) -> Result<()> {
    let existing: Option<Vec<u8>> = conn
        .prepare_cached("SELECT packed FROM form_current WHERE tps = ?1 AND contest = ?2")
        .db(path)?
        .query_row((tps, contest.slug()), |r| r.get(0))
        .optional()
        .db(path)?;
    let mut map: BTreeMap<i64, u32> = existing
        .as_deref()
        .map(|b| fields::unpack(b).collect())
        .unwrap_or_default();
    let mut last = 0;
    for &(field, value, id) in values {
        map.insert(field, value);
        last = last.max(id);
    }
    conn.prepare_cached(
        "INSERT INTO form_current (tps, contest, packed, last_entry) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (tps, contest) DO UPDATE SET packed = excluded.packed, last_entry = excluded.last_entry",
    )
    .db(path)?
    .execute((tps, contest.slug(), fields::pack(&map), last))
    .db(path)?;
    Ok(())
}

/// The active form_agreed sign-off that agreed the form as it stands (last entry `last`).
pub(crate) fn agreed_signoff(
    conn: &Connection,
    path: &Path,
    tps: &str,
    contest: Contest,
    last: i64,
) -> Result<Option<SignOffId>> {
    conn.prepare_cached(
        "SELECT s.id FROM signoff s WHERE s.kind = 'form_agreed' AND s.tps = ?1 AND s.contest = ?2 AND s.last_entry = ?3 \
         AND NOT EXISTS (SELECT 1 FROM signoff_revocation v WHERE v.signoff = s.id) ORDER BY s.id DESC LIMIT 1",
    )
    .db(path)?
    .query_row((tps, contest.slug(), last), |r| r.get(0))
    .optional()
    .db(path)
}
