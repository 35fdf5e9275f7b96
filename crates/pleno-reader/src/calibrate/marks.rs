//! The four registration marks of a sample: in each quarter of the sample, the solid mark
//! nearest its corner (the four spanning at least 40 % of the sample each way). Two shapes are told apart: the plano's checker (two filled
//! squares touching at one corner: half of its bounding box is ink, in two opposite quadrants)
//! and a plain filled square.

use pleno_core::template::MarkShape;

use super::ink::{Component, Ink};

/// A registration mark found on the sample, px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoundMark {
    pub shape: MarkShape,
    /// Centre, px.
    pub x: f64,
    pub y: f64,
    /// Side of one filled square, px.
    pub square: f64,
}

/// A quadrant of a mark's bounding box at least this inked is filled, at most `EMPTY` empty.
const FULL: f64 = 0.7;
const EMPTY: f64 = 0.3;

/// The four marks must span at least this share of the sample's width and height (the sheet
/// may lie smaller on a scanner's glass, never a corner of it alone).
const MIN_SPAN: f64 = 0.4;

/// The marks in the order top-left, top-right, bottom-right, bottom-left, when all four are
/// found with one shape and one size; sizes are in px and limited by `min`..`max` (the side
/// of the mark's bounding box).
pub fn find(ink: &Ink, min: f64, max: f64) -> Option<[FoundMark; 4]> {
    let (w, h) = (ink.w as f64, ink.h as f64);
    let candidates: Vec<FoundMark> = ink
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let (cw, ch) = (c.w() as f64, c.h() as f64);
            (min..=max).contains(&cw) && (min..=max).contains(&ch) && (cw / ch - 1.0).abs() < 0.2
        })
        .filter_map(|(i, c)| classify(ink, i, c))
        .collect();
    let corners = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
    let mut out = Vec::with_capacity(4);
    for (cx, cy) in corners {
        let best = candidates
            .iter()
            .filter(|m| (m.x - cx).abs() < 0.5 * w && (m.y - cy).abs() < 0.5 * h)
            .min_by(|a, b| {
                let da = (a.x - cx).hypot(a.y - cy);
                let db = (b.x - cx).hypot(b.y - cy);
                da.total_cmp(&db)
            })?;
        out.push(*best);
    }
    let span_x = f64::midpoint(out[1].x - out[0].x, out[2].x - out[3].x);
    let span_y = f64::midpoint(out[3].y - out[0].y, out[2].y - out[1].y);
    if span_x < MIN_SPAN * w || span_y < MIN_SPAN * h {
        return None;
    }
    let first = out[0];
    let alike = out
        .iter()
        .all(|m| m.shape == first.shape && (m.square - first.square).abs() <= 0.2 * first.square);
    alike.then(|| [out[0], out[1], out[2], out[3]])
}

fn classify(ink: &Ink, i: usize, c: &Component) -> Option<FoundMark> {
    let (mx, my) = ((c.x0 + c.x1).div_ceil(2), (c.y0 + c.y1).div_ceil(2));
    let quadrant = |xs: std::ops::Range<usize>, ys: std::ops::Range<usize>| {
        let n = xs.len() * ys.len();
        let k = ys
            .flat_map(|y| xs.clone().map(move |x| (x, y)))
            .filter(|&(x, y)| ink.is(x, y, i))
            .count();
        k as f64 / n.max(1) as f64
    };
    let q = [
        quadrant(c.x0..mx, c.y0..my),
        quadrant(mx..c.x1 + 1, c.y0..my),
        quadrant(mx..c.x1 + 1, my..c.y1 + 1),
        quadrant(c.x0..mx, my..c.y1 + 1),
    ];
    let (cx, cy) = c.centre();
    // Loose enough for a mark turned by the most tilt a sample may have (5°), so that such a
    // sample is straightened, and one beyond it is refused as tilted rather than as markless.
    if q.iter().all(|&v| v > FULL) {
        return Some(FoundMark {
            shape: MarkShape::Square,
            x: cx,
            y: cy,
            square: c.w().max(c.h()) as f64,
        });
    }
    // The printed way up: top-left and bottom-right filled.
    if q[0] > FULL && q[2] > FULL && q[1] < EMPTY && q[3] < EMPTY {
        return Some(FoundMark {
            shape: MarkShape::Checker,
            x: cx,
            y: cy,
            square: c.w().max(c.h()) as f64 / 2.0,
        });
    }
    None
}
