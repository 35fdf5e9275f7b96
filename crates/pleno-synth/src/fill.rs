//! Writing a form's values into its boxes the way KPPS members do: digits right-aligned,
//! leading boxes empty (or "X", "-", sometimes "0"), the matching bubbles blackened on the PPWP
//! result page, and the number scribbled in words.

use std::collections::BTreeMap;

use pleno_core::template::{Rect, Template};
use pleno_core::{FieldKey, FormValues};
use serde::{Deserialize, Serialize};

use crate::atlas::Atlas;
use crate::ink::{Pen, Sheet};
use crate::rng::Rng;
use crate::traced::TraceHand;
use crate::{Hand, SynthError};

/// What was written in one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    pub value: Option<u32>,
    /// Per box, most significant first: "" (empty), "X", "-" or a digit.
    pub boxes: Vec<String>,
    /// Per box, the blackened bubble (PPWP page 2 only; empty elsewhere).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bubbles: Vec<Option<u8>>,
}

/// How this page's writer fills empty leading boxes.
#[derive(Debug, Clone, Copy)]
enum Lead {
    Blank,
    Cross,
    /// An X from corner to corner of the box, into its border.
    BoxCross,
    Dash,
    Zero,
}

/// How this page's writer writes digits.
#[derive(Debug, Clone, Copy)]
enum Writer {
    /// MNIST handwriting, placed inside the box.
    Mnist,
    /// MNIST handwriting, now and then large across the border or small in a corner.
    Loose,
    Traced(TraceHand),
}

#[allow(clippy::too_many_arguments)] // the page's parts, each its own
pub fn fill(
    sheet: &mut Sheet<'_>,
    atlas: &Atlas,
    t: &Template,
    values: &FormValues,
    rng: &mut Rng,
    pen: Pen,
    hand: Hand,
    bubble_values: Option<&FormValues>,
) -> Result<BTreeMap<FieldKey, Written>, SynthError> {
    let mut lead = match rng.below(10) {
        0..=4 => Lead::Blank,
        5 | 6 => Lead::Cross,
        7 | 8 => Lead::Dash,
        _ => Lead::Zero,
    };
    // The writer's own stream: the MNIST hand draws nothing from it, so the pages it writes
    // stay the same as before the other hands existed.
    let writer = match hand {
        Hand::Mnist => Writer::Mnist,
        Hand::Traced => Writer::Traced(TraceHand::random(&mut rng.fork(71))),
        Hand::Kpps => {
            let mut w = rng.fork(72);
            // Real planos: leading boxes mostly crossed out corner to corner.
            lead = match w.below(10) {
                0..=6 => Lead::BoxCross,
                7 => Lead::Dash,
                _ => Lead::Blank,
            };
            if w.chance(0.5) {
                Writer::Traced(TraceHand::random(&mut w))
            } else {
                Writer::Loose
            }
        }
    };
    let mut out = BTreeMap::new();
    for f in &t.fields {
        let n = f.boxes.len();
        let Some(v) = values.get(f.key) else {
            out.insert(
                f.key,
                Written {
                    value: None,
                    boxes: vec![String::new(); n],
                    bubbles: if f.bubbles.is_empty() {
                        Vec::new()
                    } else {
                        vec![None; n]
                    },
                },
            );
            continue;
        };
        let digits = v.to_string();
        if digits.len() > n {
            return Err(SynthError::TooLarge {
                key: f.key,
                value: v,
            });
        }
        let lead_n = n - digits.len();
        let mut boxes = Vec::with_capacity(n);
        let mut bubbles = Vec::new();
        for (i, b) in f.boxes.iter().enumerate() {
            let inner = b.inflate(-t.box_line / 2.0 - 0.3);
            let mut field_rng = rng.fork(i as u64);
            let (written, digit) = if i < lead_n {
                // Writers are not perfectly consistent: now and then a box is left blank anyway.
                let style = if rng.chance(0.15) { Lead::Blank } else { lead };
                match style {
                    Lead::Blank => (String::new(), None),
                    Lead::Cross => {
                        sheet.cross(inner, &mut field_rng, pen);
                        ("X".to_string(), None)
                    }
                    Lead::BoxCross => {
                        sheet.cross_box(*b, &mut field_rng, pen);
                        ("X".to_string(), None)
                    }
                    Lead::Dash => {
                        sheet.dash(inner, &mut field_rng, pen);
                        ("-".to_string(), None)
                    }
                    Lead::Zero => {
                        write(sheet, atlas, writer, 0, *b, inner, &mut field_rng, pen);
                        ("0".to_string(), Some(0))
                    }
                }
            } else {
                let d = digits.as_bytes()[i - lead_n] - b'0';
                write(sheet, atlas, writer, d, *b, inner, &mut field_rng, pen);
                (d.to_string(), Some(d))
            };
            if let Some(column) = f.bubbles.get(i) {
                // The bubbles of a writer who blackened another number than they wrote (a
                // slip, or boxes the reader misreads): that number's digit in this column.
                let other = bubble_values.and_then(|o| o.get(f.key)).map(|v| {
                    let s = format!("{v:0n$}");
                    s.as_bytes().get(i).map_or(0, |c| c - b'0')
                });
                // Under an empty leading box people blacken 0, or nothing.
                let mark = match (other, digit) {
                    (Some(d), _) | (None, Some(d)) => Some(d),
                    (None, None) if rng.chance(0.5) => Some(0),
                    (None, None) => None,
                };
                if let Some(d) = mark
                    && let Some(r) = column.get(usize::from(d))
                {
                    sheet.fill_bubble(*r, &mut field_rng, pen);
                }
                bubbles.push(mark);
            }
            boxes.push(written);
        }
        if let Some(w) = f.words {
            sheet.words(w, &mut rng.fork(99), pen);
        }
        out.insert(
            f.key,
            Written {
                value: Some(v),
                boxes,
                bubbles,
            },
        );
    }
    Ok(out)
}

/// One digit in box `b` (line centres; `inner` its writable inside) in the writer's hand.
#[allow(clippy::too_many_arguments)]
fn write(
    sheet: &mut Sheet<'_>,
    atlas: &Atlas,
    writer: Writer,
    d: u8,
    b: Rect,
    inner: Rect,
    rng: &mut Rng,
    pen: Pen,
) {
    match writer {
        Writer::Mnist => sheet.digit(atlas, d, inner, rng, pen),
        Writer::Traced(hand) => sheet.traced(d, b, &hand, rng, pen),
        Writer::Loose => {
            let u = rng.unit();
            if u < 0.12 {
                sheet.digit_large(atlas, d, b, rng, pen);
            } else if u < 0.15 {
                sheet.digit_small(atlas, d, inner, rng, pen);
            } else {
                sheet.digit(atlas, d, inner, rng, pen);
            }
        }
    }
}
