//! The four registration marks of a sample: in each quarter of the sample, the solid mark
//! nearest its corner (the four spanning at least 40 % of the sample each way). Three shapes
//! are told apart: the plano's checker (two filled squares touching at one corner: half of its
//! bounding box is ink, in two opposite quadrants), a plain filled square, and an L whose outer
//! angle points to the sample's corner (the quadrant at the angle the most inked, the two
//! beside it partly, the opposite one empty). Also used on a photo's search copy, for pages
//! an office calibrated with L marks.

use image::GrayImage;
use pleno_core::template::MarkShape;

use super::ink::{Component, Ink};

/// A registration mark found on the sample, px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoundMark {
    pub shape: MarkShape,
    /// Centre, px.
    pub x: f64,
    pub y: f64,
    /// Side of one filled square (the length of an L's bars), px.
    pub square: f64,
    /// For an L, the corner of its bounding box its outer angle is at (0 top-left, clockwise);
    /// (`x`, `y`) is then that angle.
    pub angle: Option<usize>,
}

/// A quadrant of a mark's bounding box at least this inked is filled, at most `EMPTY` empty.
const FULL: f64 = 0.7;
const EMPTY: f64 = 0.3;

/// The four marks must span at least this share of the sample's width and height (the sheet
/// may lie smaller on a scanner's glass, never a corner of it alone).
const MIN_SPAN: f64 = 0.4;

/// The marks in the order top-left, top-right, bottom-right, bottom-left, when all four are
/// found with one shape; sizes are in px and limited by `min`..`max` (the side of the mark's
/// bounding box). `slack` is how far (a share) a mark's bounding box may be from square and its
/// size from the top-left one's.
pub fn find(ink: &Ink, min: f64, max: f64, slack: f64) -> Option<[FoundMark; 4]> {
    let (w, h) = (ink.w as f64, ink.h as f64);
    let candidates: Vec<FoundMark> = ink
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let (cw, ch) = (c.w() as f64, c.h() as f64);
            (min..=max).contains(&cw) && (min..=max).contains(&ch) && (cw / ch - 1.0).abs() < slack
        })
        .filter_map(|(i, c)| classify(ink, i, c))
        .collect();
    let corners = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
    let mut out = Vec::with_capacity(4);
    for (k, (cx, cy)) in corners.into_iter().enumerate() {
        let best = candidates
            .iter()
            .filter(|m| (m.x - cx).abs() < 0.5 * w && (m.y - cy).abs() < 0.5 * h)
            // An L points out of the page: the one at the top-left opens down and right.
            .filter(|m| m.angle.is_none_or(|a| a == k))
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
        .all(|m| m.shape == first.shape && (m.square - first.square).abs() <= slack * first.square);
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
            angle: None,
        });
    }
    // The printed way up: top-left and bottom-right filled.
    if q[0] > FULL && q[2] > FULL && q[1] < EMPTY && q[3] < EMPTY {
        return Some(FoundMark {
            shape: MarkShape::Checker,
            x: cx,
            y: cy,
            square: c.w().max(c.h()) as f64 / 2.0,
            angle: None,
        });
    }
    l_mark(ink, i, c, &q)
}

/// An L's opposite quadrant holds at most this share of ink (a bar's edge, turned a little).
const L_OPEN: f64 = 0.15;
/// The quadrant at an L's angle holds less than this (bars a quarter as thick as long: 0.75).
const L_SOLID: f64 = 0.9;

/// The L whose bounding box's quadrants are inked `q` (clockwise from the top-left), if it is
/// one: its outer angle is the ink farthest out along the diagonal through its angle's quadrant,
/// which holds also when the L is turned by a few degrees.
fn l_mark(ink: &Ink, i: usize, c: &Component, q: &[f64; 4]) -> Option<FoundMark> {
    let k = (0..4).max_by(|&a, &b| q[a].total_cmp(&q[b]))?;
    let (before, after, opposite) = (q[(k + 3) % 4], q[(k + 1) % 4], q[(k + 2) % 4]);
    // Photographed aslant, the angle's quadrant held 0.56 and the bars' 0.44–0.46; a filled
    // right triangle (1.0 at its angle) is no L.
    let bar = |v: f64| v > L_OPEN && v < FULL;
    if opposite > L_OPEN || !bar(before) || !bar(after) || !(EMPTY..L_SOLID).contains(&q[k]) {
        return None;
    }
    let inked = (c.y0..=c.y1)
        .flat_map(|y| (c.x0..=c.x1).map(move |x| (x, y)))
        .filter(|&(x, y)| ink.is(x, y, i));
    let (x, y) = outermost(k, inked.map(|(x, y)| (x as u32, y as u32)))?;
    Some(FoundMark {
        shape: MarkShape::Corner,
        x,
        y,
        square: c.w().max(c.h()) as f64,
        angle: Some(k),
    })
}

/// The outer angle of L mark `m`, found on a copy `factor` times smaller than `img`, on `img`
/// itself: of the pixels darker than midway between the L's ink and the paper around it, the
/// one farthest out along the angle's diagonal, within a few search-copy pixels of where the
/// copy put it. A photo's search copy has 1 px for 2–4 of the photo's, which alone is 0.3–1 mm
/// on an A4 sheet.
pub fn refine_angle(img: &GrayImage, m: &FoundMark, factor: f64) -> (f64, f64) {
    let (x, y) = (m.x * factor, m.y * factor);
    let Some(k) = m.angle else {
        return (x, y);
    };
    let clamp = |v: f64, hi: u32| v.clamp(0.0, f64::from(hi.saturating_sub(1))) as u32;
    let (w, h) = img.dimensions();
    // Ink and paper both: the L's own extent around its angle.
    let around = m.square * factor * 0.6;
    let (mut lo, mut hi) = (u8::MAX, u8::MIN);
    for py in clamp(y - around, h)..=clamp(y + around, h) {
        for px in clamp(x - around, w)..=clamp(x + around, w) {
            let v = img.get_pixel(px, py).0[0];
            (lo, hi) = (lo.min(v), hi.max(v));
        }
    }
    if hi.saturating_sub(lo) < 40 {
        return (x, y);
    }
    let mid = u8::midpoint(lo, hi);
    let reach = 3.0 * factor;
    let (xs, ys) = (
        clamp(x - reach, w)..=clamp(x + reach, w),
        clamp(y - reach, h)..=clamp(y + reach, h),
    );
    let dark = ys
        .flat_map(|py| xs.clone().map(move |px| (px, py)))
        .filter(|&(px, py)| img.get_pixel(px, py).0[0] < mid);
    outermost(k, dark).unwrap_or((x, y))
}

/// Of `pixels`, the outer corner farthest out along the diagonal through the bounding-box
/// corner `k` (0 top-left, clockwise): an L's outer angle.
fn outermost(k: usize, pixels: impl Iterator<Item = (u32, u32)>) -> Option<(f64, f64)> {
    let (dx, dy) = (
        if matches!(k, 1 | 2) { 1.0 } else { 0.0 },
        if k >= 2 { 1.0 } else { 0.0 },
    );
    let out = |x: f64, y: f64| match k {
        0 => -(x + y),
        1 => x - y,
        2 => x + y,
        _ => y - x,
    };
    pixels
        .map(|(x, y)| (f64::from(x) + dx, f64::from(y) + dy))
        .max_by(|a, b| out(a.0, a.1).total_cmp(&out(b.0, b.1)))
}
