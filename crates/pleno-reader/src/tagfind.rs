//! Finding the page's AprilTag anywhere in the photo, without the corner marks: dark blobs of
//! the search copy shaped like a quadrilateral, their corners refined on the full image, the
//! 8 × 8 cells sampled and decoded. Used when the marks cannot place the page (cut off by the
//! frame or a scanner's crop): the tag then gives the page's identity and a first local map.

use image::GrayImage;
use pleno_core::template::tag::{self, Decoded};

use crate::corners;
use crate::geom::{Homography, sample};

/// Bits a sampled tag may differ from its code word.
const MAX_HAMMING: u32 = 2;

/// A tag seen in the photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoundTag {
    pub decoded: Decoded,
    /// Corners of the black square in full-image px, in the order of the sampled grid (its
    /// row 0 runs from corner 0 to corner 1), clockwise.
    pub corners: [(f64, f64); 4],
}

/// Every tag decoded in the photo. `small` is `full` box-filtered by `factor` (the marks'
/// search copy).
pub fn find_tags(full: &GrayImage, small: &GrayImage, factor: u32) -> Vec<FoundTag> {
    // A tag the frame's edge cuts through its border row: around the photo lies paper, so the
    // blob closes along the edge and the cells and quiet zone can be sampled (a page cropped
    // at its top-left mark had the top 3–7 px of its tag's 114 outside the frame).
    let margin = (small.width().max(small.height()) / 40).max(4);
    let full_margin = margin * factor;
    let paper = corners::paper_level(small);
    let (small, full) = (
        corners::padded(small, margin, paper),
        corners::padded(full, full_margin, paper),
    );
    let s = f64::from(factor);
    let back = f64::from(full_margin);
    let mut out: Vec<FoundTag> = Vec::new();
    for blob in corners::dark_blobs(&small, 8, small.width().max(small.height()) as usize / 4) {
        let Some(quad) = quad_of(&blob) else {
            continue;
        };
        let quad = quad.map(|(x, y)| (x * s, y * s));
        let quad = refine_quad(&full, quad).unwrap_or(quad);
        if let Some(d) = decode_quad(&full, &quad)
            && !out.iter().any(|o| o.decoded.id == d.id)
        {
            out.push(FoundTag {
                decoded: d,
                corners: quad.map(|(x, y)| (x - back, y - back)),
            });
        }
    }
    out
}

/// The four corners (clockwise, image y down) of a blob that is a convex quadrilateral:
/// the two hull points farthest apart, then the farthest from their line on each side.
/// None when the blob is not quadrilateral enough.
fn quad_of(blob: &corners::Blob) -> Option<[(f64, f64); 4]> {
    let hull = convex_hull(&blob.boundary);
    if hull.len() < 4 {
        return None;
    }
    let (mut ia, mut ic, mut best) = (0, 0, 0.0);
    for i in 0..hull.len() {
        for j in i + 1..hull.len() {
            let d = dist2(hull[i], hull[j]);
            if d > best {
                (ia, ic, best) = (i, j, d);
            }
        }
    }
    let (a, c) = (hull[ia], hull[ic]);
    let side = |p: (f64, f64)| (c.0 - a.0) * (p.1 - a.1) - (c.1 - a.1) * (p.0 - a.0);
    let b = *hull.iter().max_by(|p, q| side(**p).total_cmp(&side(**q)))?;
    let d = *hull.iter().min_by(|p, q| side(**p).total_cmp(&side(**q)))?;
    if side(b) <= 0.0 || side(d) >= 0.0 {
        return None;
    }
    // Clockwise as seen (image y down): a positive shoelace sum. The other way round the
    // sampled grid would be the tag's mirror image, which decodes as nothing.
    let signed: f64 = (0..4)
        .map(|i| {
            let (p, q) = ([a, b, c, d][i], [a, b, c, d][(i + 1) % 4]);
            p.0 * q.1 - q.0 * p.1
        })
        .sum();
    let quad = if signed > 0.0 {
        [a, b, c, d]
    } else {
        [a, d, c, b]
    };
    // A tag fills its quadrilateral: its hull must not be much larger, nor its pixels much
    // fewer (a blob of text is neither square nor full).
    let area = quad_area(&quad);
    let hull_area = polygon_area(&hull);
    if area < 64.0 || hull_area > area * 1.15 || (blob.count as f64) < area * 0.45 {
        return None;
    }
    let sides: Vec<f64> = (0..4)
        .map(|i| dist2(quad[i], quad[(i + 1) % 4]).sqrt())
        .collect();
    let (lo, hi) = sides
        .iter()
        .fold((f64::MAX, 0f64), |(l, h), s| (l.min(*s), h.max(*s)));
    (hi < lo * 2.5).then_some(quad)
}

fn dist2(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
}

fn quad_area(q: &[(f64, f64); 4]) -> f64 {
    polygon_area(q)
}

fn polygon_area(p: &[(f64, f64)]) -> f64 {
    let n = p.len();
    (0..n)
        .map(|i| p[i].0 * p[(i + 1) % n].1 - p[(i + 1) % n].0 * p[i].1)
        .sum::<f64>()
        .abs()
        / 2.0
}

/// Monotone-chain hull of pixel corners, clockwise in image coordinates.
fn convex_hull(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut p = points.to_vec();
    p.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    p.dedup();
    if p.len() < 3 {
        return p;
    }
    let cross = |o: (f64, f64), a: (f64, f64), b: (f64, f64)| {
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    };
    let mut lower: Vec<(f64, f64)> = Vec::new();
    for &q in &p {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], q) <= 0.0 {
            lower.pop();
        }
        lower.push(q);
    }
    let mut upper: Vec<(f64, f64)> = Vec::new();
    for &q in p.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], q) <= 0.0 {
            upper.pop();
        }
        upper.push(q);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

/// Each side of the quadrilateral moved onto the strongest dark-to-light edge near it (full
/// resolution), the corners then the intersections of the fitted lines.
fn refine_quad(img: &GrayImage, q: [(f64, f64); 4]) -> Option<[(f64, f64); 4]> {
    let centre = (
        q.iter().map(|p| p.0).sum::<f64>() / 4.0,
        q.iter().map(|p| p.1).sum::<f64>() / 4.0,
    );
    let size = dist2(q[0], q[2]).sqrt();
    let reach = (size * 0.06).clamp(2.0, 12.0);
    let mut lines = Vec::with_capacity(4);
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let len = dist2(a, b).sqrt();
        let (tx, ty) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
        // Normal pointing out of the quadrilateral.
        let (mut nx, mut ny) = (-ty, tx);
        let mid = (f64::midpoint(a.0, b.0), f64::midpoint(a.1, b.1));
        if (mid.0 - centre.0) * nx + (mid.1 - centre.1) * ny < 0.0 {
            (nx, ny) = (-nx, -ny);
        }
        let mut pts = Vec::new();
        for k in 1..20 {
            let t = f64::from(k) / 20.0;
            let (px, py) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            // Strongest rise in brightness going outwards.
            let mut best = (0.0f32, 0.0f64);
            let mut o = -reach;
            while o <= reach {
                let inner = sample(img, px + nx * (o - 1.0), py + ny * (o - 1.0));
                let outer = sample(img, px + nx * (o + 1.0), py + ny * (o + 1.0));
                if let (Some(i), Some(u)) = (inner, outer)
                    && u - i > best.0
                {
                    best = (u - i, o);
                }
                o += 0.5;
            }
            if best.0 > 20.0 {
                pts.push((px + nx * best.1, py + ny * best.1));
            }
        }
        if pts.len() < 6 {
            return None;
        }
        lines.push(fit_line(&pts)?);
    }
    let mut out = [(0.0, 0.0); 4];
    for i in 0..4 {
        // Corner i joins side i − 1 and side i.
        out[i] = intersect(lines[(i + 3) % 4], lines[i])?;
        if dist2(out[i], q[i]).sqrt() > reach * 2.0 {
            return None;
        }
    }
    Some(out)
}

/// A line through points as (point, unit direction), by the principal axis.
fn fit_line(pts: &[(f64, f64)]) -> Option<((f64, f64), (f64, f64))> {
    let n = pts.len() as f64;
    let (mx, my) = pts
        .iter()
        .fold((0.0, 0.0), |a, p| (a.0 + p.0 / n, a.1 + p.1 / n));
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for p in pts {
        let (dx, dy) = (p.0 - mx, p.1 - my);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    let d = (angle.cos(), angle.sin());
    d.0.is_finite().then_some(((mx, my), d))
}

fn intersect(a: ((f64, f64), (f64, f64)), b: ((f64, f64), (f64, f64))) -> Option<(f64, f64)> {
    let ((p, d), (q, e)) = (a, b);
    let den = d.0 * e.1 - d.1 * e.0;
    if den.abs() < 1e-9 {
        return None;
    }
    let t = ((q.0 - p.0) * e.1 - (q.1 - p.1) * e.0) / den;
    Some((p.0 + d.0 * t, p.1 + d.1 * t))
}

/// Samples the 8 × 8 cells inside the quadrilateral and decodes them. Cell (row, column) of
/// the grid runs from corner 0 along corner 1.
fn decode_quad(img: &GrayImage, q: &[(f64, f64); 4]) -> Option<Decoded> {
    let unit = [(0.0, 0.0), (8.0, 0.0), (8.0, 8.0), (0.0, 8.0)];
    let h = Homography::from_points(&unit, q)?;
    let cell = |row: i32, col: i32| -> Option<f32> {
        let mut acc = 0.0;
        for dy in [-0.2, 0.0, 0.2] {
            for dx in [-0.2, 0.0, 0.2] {
                let (x, y) = h.apply(f64::from(col) + 0.5 + dx, f64::from(row) + 0.5 + dy);
                acc += sample(img, x, y)?;
            }
        }
        Some(acc / 9.0)
    };
    let mut grid = [[0f32; 8]; 8];
    let (mut quiet, mut ring) = (Vec::new(), Vec::new());
    for row in -1..=8 {
        for col in -1..=8 {
            let v = cell(row, col)?;
            if (0..8).contains(&row) && (0..8).contains(&col) {
                grid[row as usize][col as usize] = v;
                if row == 0 || row == 7 || col == 0 || col == 7 {
                    ring.push(v);
                }
            } else {
                quiet.push(v);
            }
        }
    }
    let (white, black) = (median(&mut quiet), median(&mut ring));
    if white - black < 25.0 {
        return None;
    }
    let thr = f32::midpoint(white, black);
    let d = tag::decode(&grid.map(|r| r.map(|v| v < thr)), MAX_HAMMING)?;
    (d.border_errors <= 2).then_some(d)
}

fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}
