//! Labelled crops: when the plenary agrees a form, every box crop the model saw on that form's
//! photographed pages is labelled with the digit the agreed figure puts in that box. These
//! labels are the office's own handwriting, verified by reading aloud; a later agreement
//! after a re-opening labels again, and a revoked agreement's labels no longer count.

use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};
use rusqlite::Connection;
use schemars::JsonSchema;
use serde::Serialize;

use crate::audit::Tx;
use crate::blob::BlobHash;
use crate::error::{Result, SqlContext, StoreError};
use crate::fields::Fields;
use crate::readings::{CropRef, DigitReading};
use crate::rows::Table;
use crate::store::Store;
use crate::types::{EntryId, PageId, ReadingId, SignOffId};

/// The model's classes past the digits (pleno-reader's order).
const EMPTY: usize = 10;
const MARK: usize = 11;

/// What one box holds under an agreed figure, from its boxes and the model's reading.
///
/// A box inside the figure's digits holds that digit. A box before them (a leading box) holds
/// no significant digit: KPPS leave it empty, cross it out or write a 0, and the figure cannot
/// say which. It is `empty` or `mark` when the model read it so, else `lead` (the model read a
/// digit there: a 0 fits the figure, 1–9 do not). A figure with more digits than boxes labels
/// nothing.
pub fn box_labels(value: u32, digits: &[DigitReading]) -> Option<Vec<&'static str>> {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    // 0 has no significant digit: every box of an empty field is a leading box.
    let written: Vec<usize> = if value == 0 {
        Vec::new()
    } else {
        value
            .to_string()
            .bytes()
            .map(|b| usize::from(b - b'0'))
            .collect()
    };
    let n = digits.len();
    if written.len() > n || n == 0 {
        return None;
    }
    let lead = n - written.len();
    Some(
        digits
            .iter()
            .enumerate()
            .map(|(i, d)| {
                if i >= lead {
                    return DIGITS[written[i - lead]];
                }
                match model_class(d) {
                    Some(EMPTY) => "empty",
                    Some(MARK) => "mark",
                    _ => "lead",
                }
            })
            .collect(),
    )
}

/// The class the model gave the box (0–9, 10 empty, 11 mark), from its probabilities.
pub fn model_class(d: &DigitReading) -> Option<usize> {
    d.probabilities
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i)
}

/// Labels the crops of one form's identified pages by the form's current figures, inside the
/// agreement's transaction. Returns how many boxes were labelled.
///
/// Only a figure that says what the paper in the photo says labels: one accepted from the
/// reading, or set by a clerk with the photo beside it. A recount's figure, or one changed under
/// an objection, is what the ballots or the plenary found, not what the KPPS wrote in those
/// boxes. A figure typed elsewhere (`import`) labels only where the photo's reading equals it:
/// where they differ, the model may have misread, or the photo may be of another sheet.
pub(crate) fn label_form(
    tx: &mut Tx<'_>,
    tps: &TpsCode,
    contest: Contest,
    signoff: i64,
    at: &str,
) -> Result<usize> {
    let path = tx.path;
    let rows: Vec<(i64, String, i64, u32)> = {
        let mut stmt = tx
            .sql
            .prepare_cached(
                "WITH cur AS (SELECT field, MAX(id) AS id FROM entry \
                              WHERE tps = ?1 AND contest = ?2 GROUP BY field) \
                 SELECT r.id, r.digits, e.id, e.value FROM reading r \
                 JOIN page p ON p.id = r.page \
                 JOIN reading_crop c ON c.reading = r.id \
                 JOIN cur ON cur.field = r.field \
                 JOIN entry e ON e.id = cur.id \
                 WHERE p.tps = ?1 AND p.contest = ?2 AND p.status = 'identified' \
                   AND e.objection IS NULL \
                   AND (e.source IN ('ocr_accepted', 'clerk') \
                        OR (e.source = 'import' AND e.value = r.value)) \
                 ORDER BY r.id",
            )
            .db(path)?;
        stmt.query_map((tps.as_str(), contest.slug()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)?
    };
    let mut n = 0;
    for (reading, digits, entry, value) in rows {
        let digits: Vec<DigitReading> =
            serde_json::from_str(&digits).map_err(|e| StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("digit hasil baca #{reading} tidak terbaca: {e}"),
            })?;
        let Some(labels) = box_labels(value, &digits) else {
            continue;
        };
        for (i, label) in labels.into_iter().enumerate() {
            tx.sql
                .prepare_cached(
                    "INSERT INTO crop_label (reading, box, label, entry, signoff, at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .db(path)?
                .execute((reading, i as i64, label, entry, signoff, at))
                .db(path)?;
            let id = tx.sql.last_insert_rowid();
            tx.record(Table::CropLabel, id);
            n += 1;
        }
    }
    Ok(n)
}

/// One labelled box crop with what the model made of it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LabelledCrop {
    pub reading: ReadingId,
    /// 0 = the field's leftmost box.
    #[serde(rename = "box")]
    pub box_index: u8,
    /// `0`–`9`, `empty`, `mark`, or `lead` (a leading box the model read as a digit: empty,
    /// crossed or 0, the figure cannot say which).
    pub label: String,
    pub entry: EntryId,
    pub signoff: SignOffId,
    pub labelled_at: String,
    pub tps: TpsCode,
    pub contest: Contest,
    pub field: FieldKey,
    pub page: PageId,
    /// The printed page number (101 = PPWP page 1), when the page is identified.
    pub page_code: Option<u16>,
    /// SHA-256 of the page's original photo.
    pub page_sha256: String,
    /// The model's class for the box: 0–9, 10 empty, 11 mark.
    pub model_class: Option<u8>,
    /// The probability the model gave that class.
    pub model_p: f32,
    /// The field's confidence as read.
    pub confidence: f64,
    pub model_version: String,
    #[serde(skip)]
    pub crop: CropRef,
}

impl LabelledCrop {
    /// Whether the model's class is the label (`lead` is right when the model read 0, which
    /// the figure allows there).
    pub fn model_right(&self) -> bool {
        let class = self.model_class.map(usize::from);
        match self.label.as_str() {
            "empty" => class == Some(EMPTY),
            "mark" => class == Some(MARK),
            "lead" => class == Some(0),
            d => d.parse::<usize>().ok() == class,
        }
    }
}

fn query_labels(
    conn: &Connection,
    path: &std::path::Path,
    fields: &Fields,
) -> Result<Vec<LabelledCrop>> {
    // Newest label first within each box: a later agreement of the same form labels its
    // boxes again, and the last label counts.
    let mut stmt = conn
        .prepare(
            "SELECT l.reading, l.box, l.label, l.entry, l.signoff, l.at, s.tps, r.field, r.page, \
                    p.blob, r.digits, r.confidence, r.model_version, c.blob, c.row, c.boxes, p.page_code \
             FROM crop_label l \
             JOIN signoff s ON s.id = l.signoff \
             JOIN reading r ON r.id = l.reading \
             JOIN reading_crop c ON c.reading = l.reading \
             JOIN page p ON p.id = r.page \
             WHERE NOT EXISTS (SELECT 1 FROM signoff_revocation v WHERE v.signoff = l.signoff) \
             ORDER BY l.reading, l.box, l.id DESC",
        )
        .db(path)?;
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let mut out: Vec<LabelledCrop> = Vec::new();
    // A reading's boxes come together: its digits are parsed once.
    let mut digits: (i64, Vec<DigitReading>) = (0, Vec::new());
    let mut rows = stmt.query([]).db(path)?;
    while let Some(r) = rows.next().db(path)? {
        let reading: i64 = r.get(0).db(path)?;
        let bx: u8 = r.get(1).db(path)?;
        if out
            .last()
            .is_some_and(|l| l.reading.0 == reading && l.box_index == bx)
        {
            continue;
        }
        if digits.0 != reading {
            let text: String = r.get(10).db(path)?;
            digits = (
                reading,
                serde_json::from_str(&text).map_err(|e| {
                    corrupt(format!("digit hasil baca #{reading} tidak terbaca: {e}"))
                })?,
            );
        }
        let d = digits
            .1
            .get(usize::from(bx))
            .ok_or_else(|| corrupt(format!("label potongan #{reading} kotak {bx} tanpa digit")))?;
        let class = model_class(d);
        let (contest, field) = fields.key(r.get(7).db(path)?)?;
        let tps: String = r.get(6).db(path)?;
        let blob: String = r.get(13).db(path)?;
        out.push(LabelledCrop {
            reading: ReadingId(reading),
            box_index: bx,
            label: r.get(2).db(path)?,
            entry: EntryId(r.get(3).db(path)?),
            signoff: SignOffId(r.get(4).db(path)?),
            labelled_at: r.get(5).db(path)?,
            tps: TpsCode::parse(&tps).map_err(|e| corrupt(format!("TPS {tps}: {e}")))?,
            contest,
            field,
            page: PageId(r.get(8).db(path)?),
            page_code: r.get(16).db(path)?,
            page_sha256: r.get(9).db(path)?,
            model_class: class.and_then(|c| u8::try_from(c).ok()),
            model_p: class
                .and_then(|c| d.probabilities.get(c))
                .copied()
                .unwrap_or(0.0),
            confidence: r.get(11).db(path)?,
            model_version: r.get(12).db(path)?,
            crop: CropRef {
                blob: BlobHash::parse(&blob)?,
                row: r.get(14).db(path)?,
                boxes: r.get(15).db(path)?,
            },
        });
    }
    Ok(out)
}

impl Store {
    /// Every labelled crop whose agreement stands, one per box (its latest label), in reading
    /// and box order.
    pub fn labelled_crops(&self) -> Result<Vec<LabelledCrop>> {
        query_labels(&self.conn, &self.ctx.db_path, &self.ctx.fields)
    }

    /// Fields of identified pages the machine read (each TPS form's field once, however many
    /// photos), and how many of them hold a figure accepted from a reading without a person.
    pub fn machine_acceptance(&self) -> Result<(usize, usize)> {
        let path = &self.ctx.db_path;
        let read: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM (SELECT DISTINCT p.tps, p.contest, r.field FROM reading r \
                 JOIN page p ON p.id = r.page WHERE p.status = 'identified')",
                [],
                |r| r.get(0),
            )
            .db(path)?;
        let accepted: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM entry e WHERE e.source = 'ocr_accepted' \
                 AND NOT EXISTS (SELECT 1 FROM entry s WHERE s.supersedes = e.id)",
                [],
                |r| r.get(0),
            )
            .db(path)?;
        Ok((
            usize::try_from(read).unwrap_or(0),
            usize::try_from(accepted).unwrap_or(0),
        ))
    }

    /// How many readings keep their crops (labelled or not).
    pub fn readings_with_crops(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM reading_crop", [], |r| r.get(0))
            .db(&self.ctx.db_path)?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(class: usize) -> DigitReading {
        let mut p = vec![0.0; 12];
        p[class] = 1.0;
        DigitReading {
            class: (class <= 9).then_some(class as u8),
            probabilities: p,
            segments: None,
            adapted: None,
            smear: None,
        }
    }

    #[test]
    fn boxes_take_the_agreed_digits_and_leading_boxes_what_the_model_saw_if_it_fits() {
        let boxes = [read(EMPTY), read(7), read(3)];
        assert_eq!(box_labels(152, &boxes), Some(vec!["1", "5", "2"]));
        assert_eq!(box_labels(52, &boxes), Some(vec!["empty", "5", "2"]));
        assert_eq!(box_labels(2, &boxes), Some(vec!["empty", "lead", "2"]));
        let crossed = [read(MARK), read(0), read(EMPTY)];
        assert_eq!(box_labels(0, &crossed), Some(vec!["mark", "lead", "empty"]));
        assert_eq!(box_labels(1000, &boxes), None);
        assert_eq!(box_labels(5, &[]), None);
    }
}
