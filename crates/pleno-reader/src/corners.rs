//! Finding the four checker corner marks on a small box-filtered copy of the photo, then
//! refining each centre on the full-resolution image.
//!
//! A mark is two filled squares touching at one corner. Whatever quarter turn the photo has,
//! its dark component is about square, about half filled, with two opposite quadrants dark
//! and the other two light: no printed text or box outline looks like that.

use image::GrayImage;
use pleno_core::template::MarkShape;

use crate::decode::downscale;

/// Long side of the image the marks are searched on.
const SEARCH_SIDE: u32 = 1200;

/// A mark candidate, in full-resolution pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    pub x: f64,
    pub y: f64,
    /// Side of the mark's bounding box, px.
    pub size: f64,
    /// 0..1, how checker-like.
    pub score: f64,
    /// Which diagonal of the checker is dark in the photo: +1 top-left and bottom-right (the
    /// printed way up, or turned half round), −1 the other (turned a quarter), 0 unknown.
    pub diagonal: i8,
}

/// Integer factor that brings the long side near [`SEARCH_SIDE`].
pub fn search_factor(img: &GrayImage) -> u32 {
    img.width().max(img.height()).div_ceil(SEARCH_SIDE).max(1)
}

/// Mark candidates, best first.
pub fn find_marks(full: &GrayImage) -> Vec<Mark> {
    let f = search_factor(full);
    find_marks_on(full, &downscale(full, f), f)
}

/// As [`find_marks`], with the search image already made (`small` = `full` box-filtered by
/// `factor`): the quality gate needs the same copy.
pub fn find_marks_on(full: &GrayImage, small: &GrayImage, factor: u32) -> Vec<Mark> {
    find_on(full, small, factor, MarkShape::Checker)
}

/// Filled-square marks (a sheet calibrated from a sample printed with them), best first: the
/// same search with another shape test.
pub fn find_squares_on(full: &GrayImage, small: &GrayImage, factor: u32) -> Vec<Mark> {
    find_on(full, small, factor, MarkShape::Square)
}

fn find_on(full: &GrayImage, small: &GrayImage, factor: u32, shape: MarkShape) -> Vec<Mark> {
    // A mark touching the frame's edge: around the photo lies paper, so that the mark's
    // neighbourhood (the local mean) and its outline are whole.
    let margin = (small.width().max(small.height()) / 40).max(4);
    let mut marks = candidates(&padded(small, margin, paper_level(small)), shape);
    for m in &mut marks {
        m.x -= f64::from(margin);
        m.y -= f64::from(margin);
    }
    // Refining reads the full image around each candidate: only the best are worth it.
    marks.sort_by(|a, b| b.score.total_cmp(&a.score));
    marks.truncate(16);
    let s = f64::from(factor);
    marks
        .into_iter()
        .map(|m| {
            refine(
                full,
                Mark {
                    x: m.x * s,
                    y: m.y * s,
                    size: m.size * s,
                    ..m
                },
            )
        })
        .collect()
}

/// The photo's paper level: its 95th percentile grey (the search copy's serves the full
/// photo too, counted at a fraction of the pixels).
pub(crate) fn paper_level(img: &GrayImage) -> u8 {
    let mut hist = [0usize; 256];
    for p in img.as_raw() {
        hist[usize::from(*p)] += 1;
    }
    let target = img.as_raw().len() * 95 / 100;
    let mut acc = 0;
    hist.iter()
        .position(|n| {
            acc += n;
            acc > target
        })
        .unwrap_or(255) as u8
}

/// `img` inside a border of `margin` px of grey `paper`.
pub(crate) fn padded(img: &GrayImage, margin: u32, paper: u8) -> GrayImage {
    let (w, h) = (img.width(), img.height());
    let mut out = GrayImage::from_pixel(w + 2 * margin, h + 2 * margin, image::Luma([paper]));
    image::imageops::replace(&mut out, img, i64::from(margin), i64::from(margin));
    out
}

/// Pixel states in the mask [`dark_mask`] returns.
const LIGHT: u8 = 0;
const DARK: u8 = 1;
const VISITED: u8 = 2;

/// Dark pixels: darker than 75 % of the local mean over a window larger than a mark, so that
/// shadows and light gradients across the page do not matter. The mask has a one-pixel light
/// border (row stride `w + 2`, returned) so that the flood fill needs no bounds checks.
fn dark_mask(img: &GrayImage) -> (Vec<u8>, usize) {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let stride = w + 2;
    let mut out = vec![LIGHT; stride * (h + 2)];
    let raw = img.as_raw();
    let r = (w.max(h) / 24).max(8);
    if w == 0 || h == 0 || (w * h) as u64 * 255 > u64::from(u32::MAX) {
        // The search copy is at most SEARCH_SIDE long; sums of anything larger would not fit
        // the u32s below. Finding no marks refuses the photo by name rather than misplace one.
        return (out, stride);
    }
    // Bands of rows, one per core, each sliding its own window down.
    let inner = crate::par::map(&crate::par::bands(h), |b| {
        dark_band(raw, w, h, r, b.clone())
    });
    out.truncate(stride);
    for band in inner {
        out.extend(band);
    }
    out.resize(stride * (h + 2), LIGHT);
    (out, stride)
}

/// Rows `ys` of the mask (each `w + 2` wide with its light border) for an image of `w` × `h`
/// with window radius `r`.
fn dark_band(raw: &[u8], w: usize, h: usize, r: usize, ys: std::ops::Range<usize>) -> Vec<u8> {
    let stride = w + 2;
    let mut out = vec![LIGHT; stride * ys.len()];
    // Sliding window: column sums over the window's rows, updated one row at a time, then
    // their running sum along the row. No sum exceeds the whole image's, which fits (checked
    // by the caller), so the adds are unchecked: that keeps the loops vectorised in test
    // builds too.
    let mut cols = vec![0u32; w];
    let mut pre = vec![0u32; w + 1];
    for y in ys.start.saturating_sub(r)..(ys.start + r + 1).min(h) {
        add_row(&mut cols, &raw[y * w..(y + 1) * w]);
    }
    // v·4·n and sum·3 stay below 2^42: no u64 product can wrap.
    let is_dark = |v: u8, sum: u32, n: u64| {
        u8::from(u64::from(v).wrapping_mul(4 * n) < u64::from(sum).wrapping_mul(3))
    };
    for y in ys.clone() {
        if y > ys.start {
            if y + r < h {
                add_row(&mut cols, &raw[(y + r) * w..(y + r + 1) * w]);
            }
            if y > r {
                let old = &raw[(y - r - 1) * w..(y - r) * w];
                for (c, &v) in cols.iter_mut().zip(old) {
                    *c = c.wrapping_sub(u32::from(v));
                }
            }
        }
        let rows = ((y + r + 1).min(h) - y.saturating_sub(r)) as u64;
        for x in 0..w {
            pre[x + 1] = pre[x].wrapping_add(cols[x]);
        }
        let line = &raw[y * w..(y + 1) * w];
        let at = (y - ys.start) * stride + 1;
        let dst = &mut out[at..at + w];
        // Windows clipped by the left or right edge.
        let left = r.min(w);
        for x in (0..left).chain(w.saturating_sub(r).max(left)..w) {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = pre[x1].wrapping_sub(pre[x0]);
            dst[x] = is_dark(line[x], sum, rows * (x1 - x0) as u64);
        }
        // Whole windows: x − r ..= x + r.
        if w > 2 * r {
            let n = rows * (2 * r + 1) as u64;
            let (hi, lo) = (&pre[2 * r + 1..=w], &pre[..w - 2 * r]);
            for (((o, &v), &a), &b) in dst[r..w - r]
                .iter_mut()
                .zip(&line[r..w - r])
                .zip(hi)
                .zip(lo)
            {
                *o = is_dark(v, a.wrapping_sub(b), n);
            }
        }
    }
    out
}

fn add_row(cols: &mut [u32], row: &[u8]) {
    for (c, &v) in cols.iter_mut().zip(row) {
        *c = c.wrapping_add(u32::from(v));
    }
}

/// Fills the dark component of the mask that contains `start` (marking it visited) and
/// returns its pixels as mask indices.
fn flood(mask: &mut [u8], s: usize, start: usize, stack: &mut Vec<usize>, out: &mut Vec<usize>) {
    out.clear();
    mask[start] = VISITED;
    stack.push(start);
    while let Some(p) = stack.pop() {
        out.push(p);
        // Only dark pixels are pushed and the border is light: all 8 neighbours exist.
        for q in [
            p - s - 1,
            p - s,
            p - s + 1,
            p - 1,
            p + 1,
            p + s - 1,
            p + s,
            p + s + 1,
        ] {
            if mask[q] == DARK {
                mask[q] = VISITED;
                stack.push(q);
            }
        }
    }
}

/// Bounding box (x0, y0, x1, y1 inclusive, image px) of mask pixels.
fn bbox(pixels: &[usize], s: usize) -> (usize, usize, usize, usize) {
    pixels
        .iter()
        .fold((usize::MAX, usize::MAX, 0, 0), |(x0, y0, x1, y1), &p| {
            let (x, y) = (p % s - 1, p / s - 1);
            (x0.min(x), y0.min(y), x1.max(x), y1.max(y))
        })
}

/// Bounding box of a component: x0, y0, x1, y1 inclusive, image px.
type Bbox = (usize, usize, usize, usize);

/// Calls `f` on every dark component of the search copy whose bounding box is between
/// `min_side` and `max_side` px on both axes, with the mask as its flood left it, the mask's
/// stride, the component's mask indices and its bounding box.
fn components(
    img: &GrayImage,
    min_side: usize,
    max_side: usize,
    mut f: impl FnMut(&[u8], usize, &[usize], Bbox),
) {
    let h = img.height() as usize;
    let (mut mask, s) = dark_mask(img);
    let (mut stack, mut pixels) = (Vec::new(), Vec::new());
    for start in s + 1..s * (h + 1) {
        if mask[start] != DARK {
            continue;
        }
        flood(&mut mask, s, start, &mut stack, &mut pixels);
        let (x0, y0, x1, y1) = bbox(&pixels, s);
        let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
        if bw < min_side || bh < min_side || bw > max_side || bh > max_side {
            continue;
        }
        f(&mask, s, &pixels, (x0, y0, x1, y1));
    }
}

fn candidates(img: &GrayImage, shape: MarkShape) -> Vec<Mark> {
    let max_side = img.width().max(img.height()) as usize / 6;
    let mut out = Vec::new();
    components(img, 6, max_side, |mask, s, pixels, (x0, y0, x1, y1)| {
        let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
        let count = pixels.len();
        let fill = count as f64 / (bw * bh) as f64;
        if shape == MarkShape::Square {
            if let Some(m) = filled_square(pixels, s, bw.max(bh)) {
                out.push(m);
            }
            return;
        }
        if bw.max(bh) as f64 / bw.min(bh) as f64 > 2.2 {
            return;
        }
        if !(0.28..=0.72).contains(&fill) {
            return;
        }
        let n = count as f64;
        let (sum_x, sum_y) = pixels.iter().fold((0usize, 0usize), |(a, b), &p| {
            (a + p % s - 1, b + p / s - 1)
        });
        let cx = sum_x as f64 / n;
        let cy = sum_y as f64 / n;
        // Dark share of each quadrant of the bounding box around the centroid.
        let mut dark_q = [0f64; 4];
        let mut all_q = [0f64; 4];
        for y in y0..=y1 {
            for x in x0..=x1 {
                let q = usize::from(x as f64 >= cx) + 2 * usize::from(y as f64 >= cy);
                all_q[q] += 1.0;
                if mask[(y + 1) * s + x + 1] != LIGHT {
                    dark_q[q] += 1.0;
                }
            }
        }
        let share: Vec<f64> = (0..4).map(|i| dark_q[i] / all_q[i].max(1.0)).collect();
        // Quadrants 0 TL, 1 TR, 2 BL, 3 BR.
        let main = f64::midpoint(share[0], share[3]);
        let anti = f64::midpoint(share[1], share[2]);
        let score = (main - anti).abs();
        if score < 0.45 {
            return;
        }
        out.push(Mark {
            x: cx + 0.5,
            y: cy + 0.5,
            size: bw.max(bh) as f64,
            score,
            diagonal: if main > anti { 1 } else { -1 },
        });
    });
    out
}

/// A filled square in any turn, from its pixels (mask indices, row stride `s`): its second
/// moments are equal in every direction and, for its area, those of a solid square (1/6 of
/// the area squared; a ring or a letter spreads further), and its farthest pixel lies half a
/// diagonal from the centre (a disc, which passes the first two, only 0.56 of the side).
fn filled_square(pixels: &[usize], s: usize, side: usize) -> Option<Mark> {
    let n = pixels.len() as f64;
    let xy = |p: usize| ((p % s - 1) as f64 + 0.5, (p / s - 1) as f64 + 0.5);
    let (sx, sy) = pixels.iter().fold((0.0, 0.0), |(a, b), &p| {
        let (x, y) = xy(p);
        (a + x, b + y)
    });
    let (cx, cy) = (sx / n, sy / n);
    let (mut xx, mut yy, mut xy_sum, mut far) = (0.0, 0.0, 0.0, 0f64);
    for &p in pixels {
        let (x, y) = xy(p);
        let (dx, dy) = (x - cx, y - cy);
        xx += dx * dx;
        yy += dy * dy;
        xy_sum += dx * dy;
        far = far.max(dx * dx + dy * dy);
    }
    // Eigenvalues of the second-moment matrix.
    let (mean, diff) = (
        f64::midpoint(xx, yy),
        ((xx - yy).powi(2) / 4.0 + xy_sum.powi(2)).sqrt(),
    );
    // A square seen at a slant is foreshortened up to about 0.7 one way (moments 0.49).
    let isotropic = mean - diff >= 0.45 * (mean + diff);
    let compact = (xx + yy) / (n * n);
    let reach = (far.sqrt() + 0.5) / n.sqrt();
    (isotropic && (0.15..=0.19).contains(&compact) && (0.64..=0.82).contains(&reach)).then_some(
        Mark {
            x: cx,
            y: cy,
            size: side as f64,
            score: 1.0 - (compact - 1.0 / 6.0).abs() * 10.0,
            diagonal: 0,
        },
    )
}

/// A dark component of the search copy: its pixel count and the corners of its boundary
/// pixels (search-copy px).
#[derive(Debug, Clone, PartialEq)]
pub struct Blob {
    pub count: usize,
    pub boundary: Vec<(f64, f64)>,
}

/// Dark components whose bounding box is between `min_side` and `max_side` px on both axes
/// (the tag finder's candidates).
pub fn dark_blobs(img: &GrayImage, min_side: usize, max_side: usize) -> Vec<Blob> {
    let mut out = Vec::new();
    components(img, min_side, max_side, |mask, s, pixels, _| {
        let mut boundary = Vec::new();
        for &p in pixels {
            let edge = [p - 1, p + 1, p - s, p + s]
                .iter()
                .any(|&q| mask[q] == LIGHT);
            if edge {
                let (x, y) = ((p % s - 1) as f64, (p / s - 1) as f64);
                boundary.extend([(x, y), (x + 1.0, y), (x, y + 1.0), (x + 1.0, y + 1.0)]);
            }
        }
        out.push(Blob {
            count: pixels.len(),
            boundary,
        });
    });
    out
}

/// The centroid of the mark's dark pixels on the full image: the checker is point-symmetric,
/// so its centroid is its centre.
fn refine(full: &GrayImage, m: Mark) -> Mark {
    let (w, h) = (i64::from(full.width()), i64::from(full.height()));
    let r = (m.size * 0.62).ceil() as i64 + 2;
    let (cx, cy) = (m.x as i64, m.y as i64);
    let (x0, x1) = ((cx - r).max(0), (cx + r).min(w - 1));
    let (y0, y1) = ((cy - r).max(0), (cy + r).min(h - 1));
    if x1 <= x0 || y1 <= y0 {
        return m;
    }
    let mut lo = 255u8;
    let mut hi = 0u8;
    for y in y0..=y1 {
        for x in x0..=x1 {
            let v = full.get_pixel(x as u32, y as u32).0[0];
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    let mid = f64::midpoint(f64::from(lo), f64::from(hi));
    let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let v = f64::from(full.get_pixel(x as u32, y as u32).0[0]);
            if v < mid {
                let wgt = (mid - v) / (mid - f64::from(lo)).max(1.0);
                sx += wgt * (x as f64 + 0.5);
                sy += wgt * (y as f64 + 0.5);
                sw += wgt;
            }
        }
    }
    if sw <= 0.0 {
        return m;
    }
    Mark {
        x: sx / sw,
        y: sy / sw,
        ..m
    }
}

/// Fewest full-photo px per mark the local search samples a mark at.
const NEAR_SAMPLES: f64 = 16.0;
/// Share of the window's paper-to-ink contrast by which each quadrant of a checker's dark
/// diagonal must be darker than each of its light one.
const NEAR_CONTRAST: f64 = 0.3;

/// The checker mark of about `size` px nearest `at` (full px), within `reach` px, where a
/// page's map puts a corner the photo-wide search passed over: on a tilted, motion-blurred
/// photo the far mark is small and its two squares smear into one blob that fails the shape
/// test (`framing_cases --case 8`, seed 56). Here the mark is the place where each quadrant
/// of one diagonal is darker than each of the other by the most, at least [`NEAR_CONTRAST`]
/// of the window's contrast, its quiet zone around it paper-light.
pub(crate) fn checker_near(
    full: &GrayImage,
    at: (f64, f64),
    size: f64,
    reach: f64,
) -> Option<Mark> {
    let (w, h) = (f64::from(full.width()), f64::from(full.height()));
    // A map bent out of shape puts a corner nowhere, or a mark larger than the photo.
    let finite = at.0.is_finite() && at.1.is_finite() && reach.is_finite() && reach >= 0.0;
    if !(finite && size > 1.0 && size < w.min(h) / 4.0) {
        return None;
    }
    let f = ((size / NEAR_SAMPLES).floor() as u32).max(1);
    let pad = reach.min(w.max(h)) + size;
    let (x0, y0) = ((at.0 - pad).max(0.0).floor(), (at.1 - pad).max(0.0).floor());
    let (x1, y1) = ((at.0 + pad).min(w).ceil(), (at.1 + pad).min(h).ceil());
    if x1 - x0 < 2.0 * size || y1 - y0 < 2.0 * size {
        return None;
    }
    let win = image::imageops::crop_imm(
        full,
        x0 as u32,
        y0 as u32,
        (x1 - x0) as u32,
        (y1 - y0) as u32,
    )
    .to_image();
    let small = downscale(&win, f);
    let (sw, sh) = (small.width() as usize, small.height() as usize);
    // Summed-area table, one row and column of zeros in front.
    let mut sat = vec![0u64; (sw + 1) * (sh + 1)];
    for y in 0..sh {
        let mut row = 0u64;
        for x in 0..sw {
            row += u64::from(small.get_pixel(x as u32, y as u32).0[0]);
            sat[(y + 1) * (sw + 1) + x + 1] = sat[y * (sw + 1) + x + 1] + row;
        }
    }
    let mean = |xa: usize, ya: usize, xb: usize, yb: usize| -> f64 {
        let s = sat[yb * (sw + 1) + xb] + sat[ya * (sw + 1) + xa]
            - sat[ya * (sw + 1) + xb]
            - sat[yb * (sw + 1) + xa];
        s as f64 / ((xb - xa) * (yb - ya)).max(1) as f64
    };
    let paper = f64::from(paper_level(&small));
    let ink = small
        .as_raw()
        .iter()
        .copied()
        .min()
        .map_or(paper, f64::from);
    let contrast = paper - ink;
    if contrast < 40.0 {
        return None;
    }
    let fs = f64::from(f);
    let a = ((size / 2.0 / fs).round() as usize).max(2);
    let ring = a + a / 2;
    let (cx, cy) = ((at.0 - x0) / fs, (at.1 - y0) / fs);
    let r = reach / fs;
    // The quiet zone: the band around the mark is paper, not more print.
    let quiet = |x: usize, y: usize| {
        let outer = mean(x - ring, y - ring, x + ring, y + ring) * ((2 * ring) * (2 * ring)) as f64;
        let inner = mean(x - a, y - a, x + a, y + a) * ((2 * a) * (2 * a)) as f64;
        let band = (outer - inner) / ((2 * ring) * (2 * ring) - (2 * a) * (2 * a)).max(1) as f64;
        band >= paper - 0.25 * contrast
    };
    let mut best: Option<(f64, usize, usize)> = None;
    for y in ring..sh.saturating_sub(ring) {
        for x in ring..sw.saturating_sub(ring) {
            if (x as f64 - cx).hypot(y as f64 - cy) > r {
                continue;
            }
            let tl = mean(x - a, y - a, x, y);
            let br = mean(x, y, x + a, y + a);
            let tr = mean(x, y - a, x + a, y);
            let bl = mean(x - a, y, x, y + a);
            // Each square of a diagonal darker than each of the other: one dark quadrant
            // alone (the corner of a shadow, of the background past the paper) is no mark.
            let main = tr.min(bl) - tl.max(br);
            let anti = tl.min(br) - tr.max(bl);
            let d = if main >= anti { main } else { -anti };
            if d.abs() >= NEAR_CONTRAST * contrast
                && best.is_none_or(|b| d.abs() > b.0.abs())
                && quiet(x, y)
            {
                best = Some((d, x, y));
            }
        }
    }
    let (d, x, y) = best?;
    Some(Mark {
        x: x0 + x as f64 * fs,
        y: y0 + y as f64 * fs,
        size,
        score: d.abs() / contrast,
        diagonal: if d > 0.0 { 1 } else { -1 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window mean straight from its definition, pixel by pixel.
    fn dark_mask_by_definition(img: &GrayImage) -> Vec<bool> {
        let (w, h) = (img.width() as usize, img.height() as usize);
        let r = (w.max(h) / 24).max(8);
        let mut out = vec![false; w * h];
        for y in 0..h {
            for x in 0..w {
                let (mut sum, mut n) = (0u64, 0u64);
                for yy in y.saturating_sub(r)..(y + r + 1).min(h) {
                    for xx in x.saturating_sub(r)..(x + r + 1).min(w) {
                        sum += u64::from(img.get_pixel(xx as u32, yy as u32).0[0]);
                        n += 1;
                    }
                }
                out[y * w + x] =
                    u64::from(img.get_pixel(x as u32, y as u32).0[0]) * 4 * n < sum * 3;
            }
        }
        out
    }

    /// A paper image with `ink` pixels black.
    fn drawn(ink: impl Fn(f64, f64) -> bool) -> GrayImage {
        GrayImage::from_fn(400, 300, |x, y| {
            image::Luma([if ink(f64::from(x), f64::from(y)) {
                20
            } else {
                230
            }])
        })
    }

    #[test]
    fn a_filled_square_is_found_in_any_turn_and_a_disc_ring_or_checker_is_not() {
        for deg in [0.0_f64, 10.0, 30.0, 45.0] {
            let (c, s) = (deg.to_radians().cos(), deg.to_radians().sin());
            let img = drawn(|x, y| {
                let (dx, dy) = (x - 200.0, y - 150.0);
                (dx * c + dy * s).abs() < 15.0 && (-dx * s + dy * c).abs() < 15.0
            });
            let found = candidates(&img, MarkShape::Square);
            assert_eq!(found.len(), 1, "{deg}°");
            assert!((found[0].x - 200.5).abs() < 1.0 && (found[0].y - 150.5).abs() < 1.0);
        }
        let disc = drawn(|x, y| (x - 200.0).hypot(y - 150.0) < 17.0);
        let ring = drawn(|x, y| ((x - 200.0).abs().max((y - 150.0).abs()) - 14.0).abs() < 2.0);
        let checker = drawn(|x, y| {
            let (dx, dy) = (x - 200.0, y - 150.0);
            dx.abs() < 15.0 && dy.abs() < 15.0 && (dx < 0.0) == (dy < 0.0)
        });
        for (what, img) in [("disc", disc), ("ring", ring), ("checker", checker)] {
            assert!(candidates(&img, MarkShape::Square).is_empty(), "{what}");
        }
    }

    #[test]
    fn sliding_dark_mask_equals_its_definition() {
        // Text-like strokes on a lighting gradient; sizes that are not multiples of the
        // window, and one narrower than a whole window.
        for (w, h) in [(61, 47), (13, 30)] {
            let img = GrayImage::from_fn(w, h, |x, y| {
                let light = 150 + ((x + 2 * y) % 100) as u8;
                let ink = (x * 7 + y * 13) % 11 < 3 || (x / 5 + y / 4) % 6 == 0;
                image::Luma([if ink { light / 3 } else { light }])
            });
            let (mask, stride) = dark_mask(&img);
            let (w, h) = (w as usize, h as usize);
            assert_eq!(stride, w + 2);
            let inner: Vec<bool> = (0..w * h)
                .map(|i| mask[(i / w + 1) * stride + i % w + 1] == DARK)
                .collect();
            assert_eq!(inner, dark_mask_by_definition(&img), "{w} × {h}");
            // However the rows are split into bands (one per core), the mask is the same.
            let r = (w.max(h) / 24).max(8);
            let whole = dark_band(img.as_raw(), w, h, r, 0..h);
            let split = [0..5, 5..6, 6..h]
                .into_iter()
                .flat_map(|b| dark_band(img.as_raw(), w, h, r, b))
                .collect::<Vec<u8>>();
            assert_eq!(whole, split);
            assert_eq!(whole, mask[stride..stride * (h + 1)]);
            let border = (0..stride).chain((h + 1) * stride..(h + 2) * stride);
            assert!(
                border
                    .chain((0..h + 2).flat_map(|y| [y * stride, y * stride + w + 1]))
                    .all(|i| mask[i] == LIGHT)
            );
        }
    }

    /// A checker of two 20 px squares meeting at (270, 160), blurred by a gaussian.
    fn blurred_checker(text: bool) -> GrayImage {
        let sharp = drawn(|x, y| {
            let (dx, dy) = (x - 270.0, y - 160.0);
            let mark = (-20.0..0.0).contains(&dx) && (-20.0..0.0).contains(&dy)
                || (0.0..20.0).contains(&dx) && (0.0..20.0).contains(&dy);
            // A line of print far from the mark.
            let line = text && (40.0..44.0).contains(&y) && (20.0..380.0).contains(&x);
            mark || line
        });
        image::imageops::blur(&sharp, 4.0)
    }

    #[test]
    fn a_blurred_checker_is_found_where_the_map_puts_it_roughly() {
        let img = blurred_checker(true);
        // The map puts it 36 px off; the mark is 40 px across.
        let m = checker_near(&img, (240.0, 180.0), 40.0, 60.0).expect("found");
        assert!(
            (m.x - 270.0).abs() <= 2.0 && (m.y - 160.0).abs() <= 2.0,
            "{m:?}"
        );
        assert_eq!(m.diagonal, 1);
        // Beyond its reach, or on a page with only print, there is none.
        assert_eq!(checker_near(&img, (120.0, 150.0), 40.0, 60.0), None);
        let print =
            drawn(|x, y| (y as u32 / 8).is_multiple_of(2) && !(x as u32 / 6).is_multiple_of(3));
        assert_eq!(checker_near(&print, (200.0, 150.0), 40.0, 80.0), None);
        // Nor anywhere a bent map puts it.
        assert_eq!(checker_near(&img, (f64::NAN, 150.0), 40.0, 60.0), None);
        assert_eq!(checker_near(&img, (240.0, 180.0), 400.0, 60.0), None);
        // Nor at the corner of a dark area (a shadow, the background past a cut corner).
        let shadow = image::imageops::blur(&drawn(|x, y| x > 250.0 && y > 140.0), 4.0);
        assert_eq!(checker_near(&shadow, (240.0, 130.0), 40.0, 60.0), None);
    }
}
