//! Machine readings: what the digit model saw in each field of a page, with its status (read,
//! empty, unreadable, inconsistent), its per-digit classes and probabilities, the OMR bubble
//! reading where the page has one, its confidence and the model version. Never edited; a
//! person's figure is an entry that may point at the reading it accepted.

use std::collections::BTreeMap;
use std::path::Path;

use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};
use rusqlite::Row;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::audit::Tx;
use crate::clock;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::fields::Fields;
use crate::pages::load_page;
use crate::rows::Table;
use crate::store::Store;
use crate::types::{Actor, PageId, PageStatus, ReadingId, ReadingStatus};
use pleno_core::values::MAX_BOX_VALUE;

/// One digit box as the model saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DigitReading {
    /// 0–9, or `None` for an empty box.
    pub class: Option<u8>,
    /// Probabilities the model gave (its own class order, usually 0–9 then empty).
    pub probabilities: Vec<f32>,
    /// The digit the segment reader spelled in a box with the printed guide, when it spelled
    /// one (absent in readings made before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segments: Option<u8>,
    /// What on-site adaptation (the office's labelled crops) did to the box; absent when it
    /// did nothing or did not exist yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adapted: Option<BoxAdaptation>,
    /// The share of the box's side the photo's shake smears (pleno-reader
    /// `DigitReading::smear`); absent in readings made before it was measured, or where no
    /// mark could be measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smear: Option<f32>,
}

/// On-site adaptation's verdict on one box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BoxAdaptation {
    /// `raised`: the nearest labelled crops all carry the model's class, its doubt was cut;
    /// `disputed`: they agree on another class, the field goes to a person.
    pub how: String,
    /// The network's own probability of its class, before.
    pub network_p: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewReading {
    pub field: FieldKey,
    /// What the reader made of the field.
    pub status: ReadingStatus,
    /// The number read: `Some` when `status` is read, `Some(0)` or `None` when empty (as the
    /// reader decides), `None` when unreadable or inconsistent.
    pub value: Option<u32>,
    pub digits: Vec<DigitReading>,
    /// The OMR bubble reading (PPWP result page): per digit column the filled bubble 0–9 or
    /// none, with the fill scores, as the reader reports it. Any JSON but `null`.
    pub bubbles: Option<Value>,
    /// 0.0–1.0.
    pub confidence: f32,
    /// Where the boxes' crops, as the model saw them, are kept.
    pub crops: Option<CropRef>,
}

/// One field's row in a page's crop sheet: a grey PNG stored as a blob, a row of
/// [`CROP_SIDE`]-pixel squares per field, its boxes from the left, most significant first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CropRef {
    pub blob: crate::BlobHash,
    pub row: u32,
    pub boxes: u8,
}

/// The side of one box crop in a crop sheet (the reader's 56 × 56 source crop).
pub const CROP_SIDE: u32 = 56;

impl NewReading {
    /// A reading without bubbles whose status follows its value: read when there is a number,
    /// unreadable when not.
    pub fn new(
        field: FieldKey,
        value: Option<u32>,
        digits: Vec<DigitReading>,
        confidence: f32,
    ) -> NewReading {
        NewReading {
            field,
            status: if value.is_some() {
                ReadingStatus::Read
            } else {
                ReadingStatus::Unreadable
            },
            value,
            digits,
            bubbles: None,
            confidence,
            crops: None,
        }
    }

    #[must_use]
    pub fn with_status(mut self, status: ReadingStatus) -> NewReading {
        self.status = status;
        self
    }

    #[must_use]
    pub fn with_crops(mut self, crops: CropRef) -> NewReading {
        self.crops = Some(crops);
        self
    }

    #[must_use]
    pub fn with_bubbles(mut self, bubbles: Value) -> NewReading {
        self.bubbles = Some(bubbles);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Reading {
    pub id: ReadingId,
    pub page: PageId,
    pub contest: Contest,
    pub field: FieldKey,
    pub status: ReadingStatus,
    pub value: Option<u32>,
    pub digits: Vec<DigitReading>,
    pub bubbles: Option<Value>,
    pub confidence: f64,
    pub model_version: String,
    pub at: String,
}

const READING_COLUMNS: &str = "r.id, r.page, r.field, r.value, r.status, r.digits, r.bubbles, r.confidence, r.model_version, r.at";

fn reading_from_row(path: &Path, fields: &Fields, r: &Row<'_>) -> Result<Reading> {
    let (contest, field) = fields.key(r.get(2).db(path)?)?;
    let corrupt = |what: &str, e: serde_json::Error| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("{what} hasil baca tidak terbaca: {e}"),
    };
    let digits: String = r.get(5).db(path)?;
    let bubbles: Option<String> = r.get(6).db(path)?;
    Ok(Reading {
        id: r.get(0).db(path)?,
        page: r.get(1).db(path)?,
        contest,
        field,
        value: r.get(3).db(path)?,
        status: r.get(4).db(path)?,
        digits: serde_json::from_str(&digits).map_err(|e| corrupt("digit", e))?,
        bubbles: bubbles
            .map(|b| serde_json::from_str(&b))
            .transpose()
            .map_err(|e| corrupt("gelembung", e))?,
        confidence: r.get(7).db(path)?,
        model_version: r.get(8).db(path)?,
        at: r.get(9).db(path)?,
    })
}

/// Checks one reading before it is stored: what it says must be consistent.
fn check_reading(r: &NewReading) -> Result<()> {
    let bad = |why| StoreError::InvalidReading {
        field: r.field.to_string(),
        why,
    };
    if !(r.confidence.is_finite() && (0.0..=1.0).contains(&r.confidence)) {
        return Err(bad("keyakinan harus antara 0 dan 1"));
    }
    if r.value.is_some_and(|v| v > MAX_BOX_VALUE) {
        return Err(bad("angka melebihi 999"));
    }
    match (r.status, r.value) {
        (ReadingStatus::Read, None) => {
            return Err(bad("status terbaca (read) harus disertai angka"));
        }
        (ReadingStatus::Unreadable | ReadingStatus::Inconsistent, Some(_)) => {
            return Err(bad(
                "status tidak terbaca/tidak konsisten tidak boleh disertai angka",
            ));
        }
        _ => {}
    }
    if r.digits
        .iter()
        .any(|d| d.class.is_some_and(|c| c > 9) || d.probabilities.iter().any(|p| !p.is_finite()))
    {
        return Err(bad(
            "kelas digit harus 0–9 dan peluang harus bilangan terhingga",
        ));
    }
    if r.digits.iter().filter_map(|d| d.adapted.as_ref()).any(|a| {
        !(matches!(a.how.as_str(), "raised" | "disputed")
            && a.network_p.is_finite()
            && (0.0..=1.0).contains(&a.network_p))
    }) {
        return Err(bad(
            "adaptasi kotak harus raised/disputed dengan peluang antara 0 dan 1",
        ));
    }
    if r.crops
        .as_ref()
        .is_some_and(|c| !(1..=4).contains(&c.boxes) || usize::from(c.boxes) != r.digits.len())
    {
        return Err(bad("potongan kotak harus 1–4, sebanyak digitnya"));
    }
    if r.bubbles.as_ref().is_some_and(Value::is_null) {
        return Err(bad(
            "bacaan gelembung kosong ditulis sebagai tidak ada, bukan null",
        ));
    }
    Ok(())
}

/// Inserts the readings of one identified page inside the caller's transaction; returns their
/// ids and how many there are of each status.
pub(crate) fn insert_readings(
    tx: &mut Tx<'_>,
    fields: &Fields,
    page: PageId,
    contest: Contest,
    model_version: &str,
    readings: &[NewReading],
) -> Result<(Vec<ReadingId>, BTreeMap<&'static str, usize>)> {
    let path = tx.path;
    let now = clock::now();
    let mut ids = Vec::with_capacity(readings.len());
    let mut statuses: BTreeMap<&'static str, usize> = BTreeMap::new();
    for r in readings {
        let field_id = fields.id(contest, r.field)?;
        check_reading(r)?;
        let digits = serde_json::to_string(&r.digits).map_err(|_| StoreError::InvalidReading {
            field: r.field.to_string(),
            why: "digit tidak dapat disimpan",
        })?;
        tx.sql
            .prepare_cached(
                "INSERT INTO reading (page, field, value, status, digits, bubbles, confidence, model_version, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .db(path)?
            .execute((
                page,
                field_id,
                r.value,
                r.status,
                digits,
                r.bubbles.as_ref().map(Value::to_string),
                f64::from(r.confidence),
                model_version,
                &now,
            ))
            .db(path)?;
        let id = tx.sql.last_insert_rowid();
        tx.record(Table::Reading, id);
        if let Some(c) = &r.crops {
            tx.sql
                .prepare_cached(
                    "INSERT INTO reading_crop (reading, blob, row, boxes) VALUES (?1, ?2, ?3, ?4)",
                )
                .db(path)?
                .execute((id, c.blob.as_str(), c.row, c.boxes))
                .db(path)?;
            tx.record(Table::ReadingCrop, id);
        }
        ids.push(ReadingId(id));
        *statuses.entry(r.status.as_str()).or_default() += 1;
    }
    Ok((ids, statuses))
}

impl Store {
    /// Adds the readings of one page in one transaction and one event.
    pub fn add_readings(
        &mut self,
        actor: &Actor,
        page: PageId,
        model_version: &str,
        readings: &[NewReading],
    ) -> Result<Vec<ReadingId>> {
        actor.check()?;
        if readings.is_empty() {
            return Err(StoreError::EmptyBatch);
        }
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        let p = load_page(&tx.sql, path, page)?;
        let (Some(contest), PageStatus::Identified) = (p.contest, p.status) else {
            return Err(StoreError::PageNotIdentified { page: page.0 });
        };
        let (ids, statuses) =
            insert_readings(&mut tx, &ctx.fields, page, contest, model_version, readings)?;
        let detail = serde_json::json!({
            "page": page,
            "tps": p.tps.as_ref().map(TpsCode::as_str),
            "contest": contest.slug(),
            "model_version": model_version,
            "count": ids.len(),
            "statuses": statuses,
        });
        tx.commit(actor, EventKind::ReadingsAdded, detail)?;
        Ok(ids)
    }

    /// The readings of one page, in the order they were added.
    pub fn readings(&self, page: PageId) -> Result<Vec<Reading>> {
        self.query_readings(
            &format!("SELECT {READING_COLUMNS} FROM reading r WHERE r.page = ?1 ORDER BY r.id"),
            &[&page],
        )
    }

    /// All readings of one form (every page of that TPS and contest), oldest first.
    pub fn form_readings(&self, tps: &TpsCode, contest: Contest) -> Result<Vec<Reading>> {
        self.query_readings(
            &format!(
                "SELECT {READING_COLUMNS} FROM reading r JOIN page p ON p.id = r.page \
                 WHERE p.tps = ?1 AND p.contest = ?2 ORDER BY r.id"
            ),
            &[&tps.as_str(), &contest.slug()],
        )
    }

    pub fn reading(&self, id: ReadingId) -> Result<Reading> {
        self.query_readings(
            &format!("SELECT {READING_COLUMNS} FROM reading r WHERE r.id = ?1"),
            &[&id],
        )?
        .pop()
        .ok_or_else(|| crate::panels::not_found("hasil baca", id))
    }

    fn query_readings(&self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<Reading>> {
        let path = &self.ctx.db_path;
        let mut stmt = self.conn.prepare_cached(sql).db(path)?;
        let mut rows = stmt.query(params).db(path)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().db(path)? {
            out.push(reading_from_row(path, &self.ctx.fields, r)?);
        }
        Ok(out)
    }
}
