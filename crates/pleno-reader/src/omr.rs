//! OMR bubble columns of the PPWP result page: per column, which printed bubble (digits 0–9,
//! each with its printed numeral inside) was blackened.

use image::GrayImage;
use pleno_core::template::Rect;
use serde::Serialize;

use crate::geom::{Homography, sample};

/// One bubble column under a digit box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BubbleColumn {
    /// The blackened digit; None when none is (or when two are, see `ambiguous`).
    pub digit: Option<u8>,
    /// Ink cover of each bubble's inside, 0–1.
    pub fill: [f32; 10],
    pub ambiguous: bool,
}

/// The bubble reading of one field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BubbleReading {
    pub columns: Vec<BubbleColumn>,
    /// The number the bubbles spell (unmarked leading columns count as 0); None when nothing
    /// is marked or the columns do not spell a number.
    pub value: Option<u32>,
    /// False when a column is ambiguous or an unmarked column follows a significant digit.
    pub readable: bool,
}

/// Disc-interior ink cover of every bubble of a column.
fn column(
    img: &GrayImage,
    h: &Homography,
    bubbles: &[Rect],
    off: (f64, f64),
) -> Option<BubbleColumn> {
    let mut samples: Vec<Vec<f32>> = Vec::with_capacity(10);
    for b in bubbles.iter().take(10) {
        let c = b.centre();
        let rad = b.w.min(b.h) * 0.3;
        let mut s = Vec::new();
        for j in -4i32..=4 {
            for i in -4i32..=4 {
                let (dx, dy) = (f64::from(i) / 4.0 * rad, f64::from(j) / 4.0 * rad);
                if dx.hypot(dy) > rad {
                    continue;
                }
                let (px, py) = h.apply(c.x + off.0 + dx, c.y + off.1 + dy);
                s.push(sample(img, px, py)?);
            }
        }
        samples.push(s);
    }
    let mut all: Vec<f32> = samples.iter().flatten().copied().collect();
    if all.is_empty() {
        return None;
    }
    all.sort_by(f32::total_cmp);
    let paper = all[all.len() * 95 / 100].max(1.0);
    let mut fill = [0f32; 10];
    for (k, s) in samples.iter().enumerate() {
        let ink = s
            .iter()
            .map(|v| ((paper - v) / (paper * 0.6)).clamp(0.0, 1.0))
            .sum::<f32>();
        fill[k] = ink / s.len().max(1) as f32;
    }
    let mut sorted = fill;
    sorted.sort_by(f32::total_cmp);
    let median = f32::midpoint(sorted[4], sorted[5]);
    let (top, second) = (sorted[9] - median, sorted[8] - median);
    let argmax = (0..10)
        .max_by(|&a, &b| fill[a].total_cmp(&fill[b]))
        .unwrap_or(0);
    let (digit, ambiguous) = if top < 0.15 {
        (None, false)
    } else if second > top * 0.5 || top < 0.25 {
        (None, true)
    } else {
        (Some(argmax as u8), false)
    };
    Some(BubbleColumn {
        digit,
        fill,
        ambiguous,
    })
}

pub fn read_bubbles(
    img: &GrayImage,
    h: &Homography,
    grid: &[Vec<Rect>],
    off: (f64, f64),
) -> Option<BubbleReading> {
    let columns: Vec<BubbleColumn> = grid
        .iter()
        .map(|c| column(img, h, c, off))
        .collect::<Option<_>>()?;
    let (value, readable) = spell(&columns);
    Some(BubbleReading {
        columns,
        value,
        readable,
    })
}

/// The number the columns spell, and whether they spell one.
fn spell(columns: &[BubbleColumn]) -> (Option<u32>, bool) {
    let mut readable = columns.iter().all(|c| !c.ambiguous);
    let mut value: Option<u32> = None;
    // Before the first non-zero digit a column may hold 0 or nothing: both are leading zeros.
    let mut started = false;
    for c in columns {
        match c.digit {
            Some(d) => {
                started |= d != 0;
                value = Some(value.unwrap_or(0) * 10 + u32::from(d));
            }
            None if started => readable = false,
            None => {}
        }
    }
    (if readable { value } else { None }, readable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell_digits(digits: &[Option<u8>]) -> (Option<u32>, bool) {
        let columns: Vec<BubbleColumn> = digits
            .iter()
            .map(|d| BubbleColumn {
                digit: *d,
                fill: [0.0; 10],
                ambiguous: false,
            })
            .collect();
        spell(&columns)
    }

    #[test]
    fn leading_columns_may_hold_zero_or_nothing() {
        assert_eq!(spell_digits(&[Some(0), None, Some(7)]), (Some(7), true));
        assert_eq!(spell_digits(&[None, Some(0), Some(7)]), (Some(7), true));
        assert_eq!(spell_digits(&[None, None, None]), (None, true));
        assert_eq!(spell_digits(&[Some(1), None, Some(7)]), (None, false));
    }
}
