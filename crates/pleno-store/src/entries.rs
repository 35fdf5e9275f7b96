//! Entries: the figures people and processes put on a field. Nothing is updated in place: each
//! entry supersedes the previous one of its field, the current value is the latest entry, and
//! the whole history of a number is one query.
//!
//! Guards: value 0–999; the field must be on the contest's form; a change of value (and every
//! recount) needs a reason; after a desa is closed (or the kecamatan final) an entry needs an
//! objection that applies to it; an OCR-accepted entry must match the reading it accepts.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use pleno_core::recap::FormState;
use pleno_core::values::MAX_BOX_VALUE;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey, FormValues};
use rusqlite::{Connection, OptionalExtension, Row};
use schemars::JsonSchema;
use serde::Serialize;

use crate::clock;
use crate::codes;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::fields::{self, Fields};
use crate::panels::{not_found, require_panel};
use crate::rows::Table;
use crate::signoffs::{absent_signoff, desa_closed, kecamatan_final_active};
use crate::store::Store;
use crate::types::{
    Actor, EntryId, ObjectionId, ObjectionKind, ObjectionStatus, PanelId, ReadingId, SignOffId,
    Source,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
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
    /// The sign-off recording the form absent (e.g. a lost ballot box), if any: the form is
    /// settled for closing its desa but stays un-agreed, shown as missing in the recap.
    pub absent: Option<SignOffId>,
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

/// What the guards need to know about an objection.
pub(crate) struct ObjectionScope {
    pub kind: ObjectionKind,
    pub status: ObjectionStatus,
    pub desa: Option<String>,
    pub tps: Option<String>,
    pub contest: Option<String>,
}

pub(crate) fn objection_scope(
    conn: &Connection,
    path: &Path,
    id: ObjectionId,
) -> Result<ObjectionScope> {
    conn.prepare_cached("SELECT kind, status, desa, tps, contest FROM objection WHERE id = ?1")
        .db(path)?
        .query_row([id], |r| {
            Ok(ObjectionScope {
                kind: r.get(0)?,
                status: r.get(1)?,
                desa: r.get(2)?,
                tps: r.get(3)?,
                contest: r.get(4)?,
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
    objection_applies(&objection_scope(conn, path, id)?, id, tps, contest)
}

/// [`check_objection_applies`] on a scope already read.
fn objection_applies(
    scope: &ObjectionScope,
    id: ObjectionId,
    tps: &TpsCode,
    contest: Option<Contest>,
) -> Result<()> {
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

/// From this many figures for one form in a batch on, the form's current entries are read in
/// one scan; below it each field is looked up on its own, so a clerk's single correction costs
/// the same however long the form's history.
const WHOLE_FORM_FROM: usize = 16;

/// One form touched by a batch: the current entry of its fields, read from `entry` (the
/// source of truth) and kept up to date as the batch writes.
struct TouchedForm<'a> {
    tps: &'a str,
    contest: Contest,
    /// field id → (entry id, value) of the field's current entry, `None` when it has none.
    /// Every field with figures when `whole`, else the fields looked up so far.
    current: BTreeMap<i64, Option<(i64, u32)>>,
    whole: bool,
    /// Entries this batch wrote to the form.
    written: usize,
    last: i64,
}

impl<'a> TouchedForm<'a> {
    fn load(
        conn: &Connection,
        path: &Path,
        tps: &'a str,
        contest: Contest,
        batch_figures: usize,
    ) -> Result<TouchedForm<'a>> {
        let whole = batch_figures >= WHOLE_FORM_FROM;
        let mut current = BTreeMap::new();
        if whole {
            // SQLite takes the bare `value` from the row holding max(id).
            let mut stmt = conn
                .prepare_cached(
                    "SELECT field, max(id), value FROM entry WHERE tps = ?1 AND contest = ?2 GROUP BY field",
                )
                .db(path)?;
            let mut rows = stmt.query((tps, contest.slug())).db(path)?;
            while let Some(r) = rows.next().db(path)? {
                current.insert(
                    r.get(0).db(path)?,
                    Some((r.get(1).db(path)?, r.get(2).db(path)?)),
                );
            }
        }
        Ok(TouchedForm {
            tps,
            contest,
            current,
            whole,
            written: 0,
            last: 0,
        })
    }

    /// The current entry of one field.
    fn current(
        &mut self,
        conn: &Connection,
        path: &Path,
        field: i64,
    ) -> Result<Option<(i64, u32)>> {
        if let Some(c) = self.current.get(&field) {
            return Ok(*c);
        }
        if self.whole {
            return Ok(None);
        }
        let c = conn
            .prepare_cached(
                "SELECT id, value FROM entry WHERE tps = ?1 AND contest = ?2 AND field = ?3 ORDER BY id DESC LIMIT 1",
            )
            .db(path)?
            .query_row((self.tps, self.contest.slug(), field), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .db(path)?;
        self.current.insert(field, c);
        Ok(c)
    }

    fn wrote(&mut self, field: i64, id: i64, value: u32) {
        self.current.insert(field, Some((id, value)));
        self.written += 1;
        self.last = id;
    }

    /// The form's packed current values after the batch: from what was read when `whole`,
    /// else the stored values with this batch's figures folded in.
    fn packed(&self, conn: &Connection, path: &Path) -> Result<Vec<u8>> {
        let mut values: BTreeMap<i64, u32> = BTreeMap::new();
        if !self.whole {
            let stored: Option<Vec<u8>> = conn
                .prepare_cached("SELECT packed FROM form_current WHERE tps = ?1 AND contest = ?2")
                .db(path)?
                .query_row((self.tps, self.contest.slug()), |r| r.get(0))
                .optional()
                .db(path)?;
            values.extend(stored.as_deref().map(fields::unpack).into_iter().flatten());
        }
        values.extend(
            self.current
                .iter()
                .filter_map(|(field, c)| c.map(|(_, v)| (*field, v))),
        );
        Ok(fields::pack(&values))
    }
}

/// What a batch knows about one TPS: its desa, and whether figures there need an objection.
struct TpsInfo {
    desa: String,
    closed: bool,
}

impl Store {
    /// Records a batch of figures (e.g. a whole form auto-accepted) as one transaction and one
    /// audit event. All or nothing: the first refused figure refuses the batch.
    ///
    /// Built for big batches (a whole kecamatan's typed figures) as much as for one figure:
    /// each TPS, desa and objection is looked up once, a form with many figures in the batch
    /// has its current entries read in one scan (a few figures are looked up one by one), each
    /// touched `form_current` row is rebuilt once, and the event payload is read back in range
    /// scans.
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
        let mut tps_info: HashMap<&str, TpsInfo> = HashMap::new();
        let mut closed_desa: HashMap<String, bool> = HashMap::new();
        let mut scopes: HashMap<ObjectionId, ObjectionScope> = HashMap::new();
        let mut form_index: HashMap<(&str, Contest), usize> = HashMap::new();
        let mut per_form: HashMap<(&str, Contest), usize> = HashMap::new();
        for e in entries {
            *per_form.entry((e.tps.as_str(), e.contest)).or_default() += 1;
        }
        let mut forms: Vec<TouchedForm<'_>> = Vec::new();
        let mut sources = BTreeSet::new();
        let now = clock::now();
        let mut ids = Vec::with_capacity(entries.len());
        let mut insert = tx
            .sql
            .prepare_cached(
                "INSERT INTO entry (tps, contest, field, value, source, reason, reading, objection, actor, role, panel, at, supersedes) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .db(path)?;
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
            let info = match tps_info.entry(e.tps.as_str()) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    let desa = tps_desa(&tx.sql, path, &e.tps)?;
                    let closed = if let Some(c) = closed_desa.get(&desa) {
                        *c
                    } else {
                        let c = desa_closed(&tx.sql, path, &desa)?.is_some();
                        closed_desa.insert(desa.clone(), c);
                        c
                    };
                    v.insert(TpsInfo { desa, closed })
                }
            };
            let slot = match form_index.entry((e.tps.as_str(), e.contest)) {
                std::collections::hash_map::Entry::Occupied(o) => *o.get(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    let n = per_form.get(&(e.tps.as_str(), e.contest)).copied();
                    forms.push(TouchedForm::load(
                        &tx.sql,
                        path,
                        e.tps.as_str(),
                        e.contest,
                        n.unwrap_or(1),
                    )?);
                    *v.insert(forms.len() - 1)
                }
            };
            let form = &mut forms[slot];
            let reason = e.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
            let current = form.current(&tx.sql, path, field_id)?;
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
            match e.objection {
                Some(o) => {
                    let scope = match scopes.entry(o) {
                        std::collections::hash_map::Entry::Occupied(s) => s.into_mut(),
                        std::collections::hash_map::Entry::Vacant(v) => {
                            v.insert(objection_scope(&tx.sql, path, o)?)
                        }
                    };
                    objection_applies(scope, o, &e.tps, Some(e.contest))?;
                }
                None if info.closed || final_active => {
                    return Err(StoreError::ObjectionRequired {
                        desa: info.desa.clone(),
                        tps: e.tps.to_string(),
                    });
                }
                None => {}
            }
            if e.source == Source::OcrAccepted || e.reading.is_some() {
                check_reading(&tx.sql, path, e, field_id)?;
            }
            insert
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
            ids.push(EntryId(id));
            sources.insert(e.source.as_str());
            form.wrote(field_id, id, e.value);
        }
        drop(insert);
        for id in &ids {
            tx.record(Table::Entry, id.0);
        }
        let mut upsert = tx
            .sql
            .prepare_cached(
                "INSERT INTO form_current (tps, contest, packed, last_entry) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (tps, contest) DO UPDATE SET packed = excluded.packed, last_entry = excluded.last_entry",
            )
            .db(path)?;
        for f in &forms {
            let packed = f.packed(&tx.sql, path)?;
            upsert
                .execute((f.tps, f.contest.slug(), packed, f.last))
                .db(path)?;
        }
        drop(upsert);
        forms.sort_unstable_by(|a, b| (a.tps, a.contest).cmp(&(b.tps, b.contest)));
        let detail = serde_json::json!({
            "count": ids.len(),
            "sources": sources,
            "panel": panel,
            "forms": forms.iter().map(|f| serde_json::json!({"tps": f.tps, "contest": f.contest.slug(), "fields": f.written})).collect::<Vec<_>>(),
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
        let absent = absent_signoff(&self.conn, path, tps.as_str(), contest)?;
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
            absent,
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
        // Master-list order is applied in Rust: an SQL ORDER BY would copy every packed row
        // through SQLite's sorter, which costs more than all the decoding.
        let order: HashMap<String, i64> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT code, ord FROM tps")
                .db(path)?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .db(path)?
                .collect::<rusqlite::Result<_>>()
                .db(path)?
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT tps, contest, packed, last_entry FROM form_current")
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
            let rank = order.get(tps.as_str()).copied().unwrap_or(i64::MAX);
            out.push((
                rank,
                FormSnapshot {
                    tps,
                    contest,
                    values: pairs.into_iter().collect(),
                    last_entry: EntryId(last_entry),
                    state,
                },
            ));
        }
        out.sort_unstable_by_key(|(rank, f)| (*rank, f.contest));
        Ok(out.into_iter().map(|(_, f)| f).collect())
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
