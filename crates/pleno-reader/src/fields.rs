//! From box classes to a field's value: leading empty boxes, marks ("X", "-") and zeros mean
//! nothing; an empty box or a mark after the first significant digit makes the field
//! inconsistent rather than guessed.

use pleno_core::FieldKey;
use pleno_core::boxes::BoxClass;
use serde::Serialize;

use crate::adapt::Adaptation;

use crate::model::{CLASSES, EMPTY, MARK};
use crate::omr::BubbleReading;
use crate::segments::SegmentReading;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldStatus {
    Read,
    Empty,
    Unreadable,
    Inconsistent,
}

impl FieldStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldStatus::Read => "read",
            FieldStatus::Empty => "empty",
            FieldStatus::Unreadable => "unreadable",
            FieldStatus::Inconsistent => "inconsistent",
        }
    }
}

/// One classified box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigitReading {
    /// 0–9, 10 = empty, 11 = mark.
    pub class: usize,
    pub p: [f32; CLASSES],
    /// What the segment reader saw (boxes with the printed guide).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<SegmentReading>,
    /// What the office's labelled crops did to `p` (on-site adaptation), with the network's
    /// own probability of `class` before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adapted: Option<(Adaptation, f32)>,
    /// The share of this box's shorter side that the photo's shake smears (`quality::smear`),
    /// where the page's marks could be measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smear: Option<f32>,
}

/// One field of the page as the reader saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldReading {
    pub key: FieldKey,
    pub value: Option<u32>,
    /// Product over the boxes of the probability of what each box means for the value.
    pub confidence: f32,
    /// The lowest of those per-box probabilities.
    pub min_digit_p: f32,
    pub status: FieldStatus,
    /// One per box read, most significant first. A box that could not be read (off the
    /// photo, a blot) leaves the field `Unreadable` and this list shorter than its boxes:
    /// then it cannot be matched to them by position.
    pub digits: Vec<DigitReading>,
    pub bubbles: Option<BubbleReading>,
    /// The segment reader's verdict on the value: `Some(true)` when it spelled every written
    /// digit as the model read it, `Some(false)` when it spelled any box otherwise, `None`
    /// when it had no clean opinion on some digit (ordinary handwriting, no guide).
    pub segments_agree: Option<bool>,
}

impl FieldReading {
    /// Whether the office's labelled crops near one of its boxes carry another class than the
    /// model read there: a person must look.
    pub fn neighbours_dispute(&self) -> bool {
        self.digits
            .iter()
            .any(|d| matches!(d.adapted, Some((Adaptation::Disputed, _))))
    }

    /// Whether boxes and bubbles (where the page has them) spell the same number.
    pub fn omr_agrees(&self) -> Option<bool> {
        self.bubbles
            .as_ref()
            .map(|b| b.readable && b.value == self.value)
    }
}

/// The most probable class (ties to the lower class; `EMPTY` for no probabilities).
pub fn argmax(p: &[f32; CLASSES]) -> usize {
    (0..CLASSES)
        .max_by(|&a, &b| p[a].total_cmp(&p[b]))
        .unwrap_or(EMPTY)
}

/// Interprets the boxes of one field, most significant first. `None` entries are boxes that
/// could not be cropped (off the photo). `segments` holds the segment reader's view of each
/// box, where the box has a guide (empty otherwise).
pub fn interpret(
    key: FieldKey,
    probs: &[Option<[f32; CLASSES]>],
    segments: &[Option<SegmentReading>],
    bubbles: Option<BubbleReading>,
) -> FieldReading {
    let digits: Vec<DigitReading> = probs
        .iter()
        .zip(segments.iter().copied().chain(std::iter::repeat(None)))
        .filter_map(|(p, s)| p.map(|p| (p, s)))
        .map(|(p, s)| DigitReading {
            class: argmax(&p),
            p,
            segments: s,
            adapted: None,
            smear: None,
        })
        .collect();
    if digits.len() != probs.len() || digits.is_empty() {
        return FieldReading {
            key,
            value: None,
            confidence: 0.0,
            min_digit_p: 0.0,
            status: FieldStatus::Unreadable,
            digits,
            bubbles,
            segments_agree: None,
        };
    }
    let mut value: Option<u32> = None;
    let mut status = FieldStatus::Read;
    let mut confidence = 1.0f32;
    let mut min_p = 1.0f32;
    let last = digits.len() - 1;
    for (i, d) in digits.iter().enumerate() {
        let leading = value.is_none();
        let blank = d.class == EMPTY || d.class == MARK;
        let q = if leading && (blank || d.class == 0) && i < last {
            // Still in the leading part: empty, mark and 0 all mean "no digit here".
            d.p[EMPTY] + d.p[MARK] + d.p[0]
        } else if leading && i == last && blank {
            d.p[EMPTY] + d.p[MARK]
        } else {
            d.p[d.class]
        };
        confidence *= q;
        min_p = min_p.min(q);
        if blank {
            if !leading {
                status = FieldStatus::Inconsistent;
            }
        } else if !(leading && d.class == 0 && i < last) {
            value = Some(value.unwrap_or(0) * 10 + d.class as u32);
        }
    }
    if status == FieldStatus::Read && value.is_none() {
        let any_zero = digits.iter().any(|d| d.class == 0);
        status = if any_zero {
            FieldStatus::Inconsistent
        } else {
            FieldStatus::Empty
        };
    }
    if status == FieldStatus::Inconsistent {
        value = None;
    }
    let segments_agree = segments_verdict(&digits);
    FieldReading {
        key,
        value,
        confidence,
        min_digit_p: min_p,
        status,
        digits,
        bubbles,
        segments_agree,
    }
}

/// The segment reader's verdict on the model's reading (pleno_core `boxes`).
fn segments_verdict(digits: &[DigitReading]) -> Option<bool> {
    pleno_core::boxes::segments_verdict(digits.iter().map(|d| {
        let class = match d.class {
            c @ 0..=9 => BoxClass::Digit(c as u8),
            _ => BoxClass::Nothing,
        };
        (class, d.segments.and_then(|s| s.digit))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unnecessary_wraps)] // shaped like the boxes `interpret` takes
    fn one(class: usize) -> Option<[f32; CLASSES]> {
        let mut p = [0.0; CLASSES];
        p[class] = 1.0;
        Some(p)
    }

    #[test]
    fn leading_blanks_marks_and_zeros_are_nothing() {
        let k = FieldKey::Paslon(1);
        assert_eq!(
            interpret(k, &[one(EMPTY), one(4), one(2)], &[], None).value,
            Some(42)
        );
        assert_eq!(
            interpret(k, &[one(MARK), one(0), one(7)], &[], None).value,
            Some(7)
        );
        assert_eq!(
            interpret(k, &[one(0), one(0), one(0)], &[], None).value,
            Some(0)
        );
        assert_eq!(
            interpret(k, &[one(1), one(0), one(5)], &[], None).value,
            Some(105)
        );
        let e = interpret(k, &[one(EMPTY), one(EMPTY), one(EMPTY)], &[], None);
        assert_eq!((e.value, e.status), (None, FieldStatus::Empty));
    }

    #[test]
    fn a_blank_after_a_digit_is_inconsistent() {
        let r = interpret(
            FieldKey::Paslon(1),
            &[one(1), one(EMPTY), one(5)],
            &[],
            None,
        );
        assert_eq!((r.value, r.status), (None, FieldStatus::Inconsistent));
        let r = interpret(
            FieldKey::Paslon(1),
            &[one(EMPTY), one(3), one(MARK)],
            &[],
            None,
        );
        assert_eq!(r.status, FieldStatus::Inconsistent);
    }

    #[test]
    fn missing_box_is_unreadable() {
        let r = interpret(FieldKey::Paslon(1), &[one(1), None, one(5)], &[], None);
        assert_eq!(r.status, FieldStatus::Unreadable);
    }

    fn seg(digit: Option<u8>) -> SegmentReading {
        SegmentReading {
            digit,
            coverage: [0.0; 9],
        }
    }

    #[test]
    fn the_fields_verdict_comes_from_its_boxes() {
        let k = FieldKey::Paslon(1);
        let probs = [one(EMPTY), one(8), one(7)];
        let r = interpret(
            k,
            &probs,
            &[Some(seg(None)), Some(seg(Some(8))), Some(seg(Some(7)))],
            None,
        );
        assert_eq!(r.segments_agree, Some(true));
        let r = interpret(
            k,
            &probs,
            &[Some(seg(None)), Some(seg(Some(8))), Some(seg(Some(3)))],
            None,
        );
        assert_eq!(r.segments_agree, Some(false));
        assert_eq!(interpret(k, &probs, &[], None).segments_agree, None);
    }
}
