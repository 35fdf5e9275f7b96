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
    /// False when a column is ambiguous or an unmarked column follows a marked one.
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
    let median = (sorted[4] + sorted[5]) / 2.0;
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
    let mut readable = columns.iter().all(|c| !c.ambiguous);
    let mut value: Option<u32> = None;
    for c in &columns {
        match (c.digit, value) {
            (Some(d), v) => value = Some(v.unwrap_or(0) * 10 + u32::from(d)),
            (None, Some(_)) => readable = false,
            (None, None) => {}
        }
    }
    if !readable {
        value = None;
    }
    Some(BubbleReading {
        columns,
        value,
        readable,
    })
}
