//! Local alignment of a group of printed outlines (a field's digit boxes, or its bubble grid).
//! The corner homography leaves the page's curl: a plano bowed by 1 % moves its middle by
//! several mm, a third of a box. Long straight printed edges are found again near their
//! predicted place from dark-pixel profiles along x and y.

use image::GrayImage;
use pleno_core::template::Rect;

use crate::geom::{Homography, sample};

/// Samples per mm of the search patch.
const RES: f64 = 3.0;

/// Offset (mm) to add to `rects` so that their outlines sit on the printed ones, searched
/// within ±`search` mm; None when the patch leaves the photo or no edge stands out. Each
/// shift's score gives up the share `near_per_mm` per mm it lies from zero, so that of two
/// nearly equal peaks the one nearer where the map puts the edges wins.
pub fn refine_offset(
    img: &GrayImage,
    h: &Homography,
    rects: &[Rect],
    search: f64,
    near_per_mm: f64,
) -> Option<(f64, f64)> {
    let first = rects.first()?;
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.right(), first.bottom());
    for r in rects {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.right());
        y1 = y1.max(r.bottom());
    }
    let m = search + 1.0;
    let (px0, py0) = (x0 - m, y0 - m);
    let nx = ((x1 - x0 + 2.0 * m) * RES).ceil() as usize;
    let ny = ((y1 - y0 + 2.0 * m) * RES).ceil() as usize;
    // A checkerboard of samples: every row and every column of the patch is still seen (at
    // half density, the same for all, so the profiles keep their shape) for half the cost.
    let mut dark = vec![0f32; nx * ny];
    let (mut missing, mut taken) = (0usize, 0usize);
    for j in 0..ny {
        let row = h.row(py0 + (j as f64 + 0.5) / RES);
        for i in (j % 2..nx).step_by(2) {
            let (sx, sy) = row.apply(px0 + (i as f64 + 0.5) / RES);
            taken += 1;
            match sample(img, sx, sy) {
                Some(g) => dark[j * nx + i] = 255.0 - g,
                None => missing += 1,
            }
        }
    }
    if missing * 10 > taken {
        return None;
    }
    // Columns summed over the rows the boxes span (vertical edges), rows over their columns.
    let row_range = (((y0 - py0) * RES) as usize, ((y1 - py0) * RES) as usize);
    let col_range = (((x0 - px0) * RES) as usize, ((x1 - px0) * RES) as usize);
    let mut cols = vec![0f32; nx];
    for j in row_range.0..row_range.1.min(ny) {
        for i in 0..nx {
            cols[i] += dark[j * nx + i];
        }
    }
    let mut rows = vec![0f32; ny];
    for j in 0..ny {
        for i in col_range.0..col_range.1.min(nx) {
            rows[j] += dark[j * nx + i];
        }
    }
    let xs: Vec<f64> = rects.iter().flat_map(|r| [r.x, r.right()]).collect();
    let ys: Vec<f64> = rects.iter().flat_map(|r| [r.y, r.bottom()]).collect();
    let dx = best_shift(&cols, &xs, px0, search, near_per_mm)?;
    let dy = best_shift(&rows, &ys, py0, search, near_per_mm)?;
    Some((dx, dy))
}

/// The shift maximising the profile summed at the expected edge positions, weighed by
/// nearness (`near_per_mm`, see [`refine_offset`]).
fn best_shift(
    profile: &[f32],
    edges: &[f64],
    origin: f64,
    search: f64,
    near_per_mm: f64,
) -> Option<f64> {
    let steps = (search * RES) as i64;
    let mut scores = Vec::with_capacity((2 * steps + 1) as usize);
    for s in -steps..=steps {
        let mut score = 0.0;
        for e in edges {
            let idx = ((e - origin) * RES + s as f64).floor() as i64;
            // A 3-sample window: the printed stroke is ~1 mm, the estimate sub-mm.
            for k in idx - 1..=idx + 1 {
                if k >= 0 && (k as usize) < profile.len() {
                    score += profile[k as usize];
                }
            }
        }
        scores.push((s, score));
    }
    let weighted = |s: i64, score: f32| score * (1.0 - near_per_mm * s.abs() as f64 / RES) as f32;
    let (mut k, _) = scores
        .iter()
        .copied()
        .enumerate()
        .max_by(|a, b| weighted(a.1.0, a.1.1).total_cmp(&weighted(b.1.0, b.1.1)))?;
    // The weight picks the peak; the peak's top is its own (the weight would tilt it inwards).
    while k + 1 < scores.len() && scores[k + 1].1 > scores[k].1 {
        k += 1;
    }
    while k > 0 && scores[k - 1].1 > scores[k].1 {
        k -= 1;
    }
    let best = scores[k];
    let mut sorted: Vec<f32> = scores.iter().map(|s| s.1).collect();
    sorted.sort_by(f32::total_cmp);
    let median = sorted[sorted.len() / 2];
    if best.1 <= median * 1.05 {
        return None;
    }
    // Between samples: the vertex of a parabola through the peak and its neighbours.
    let frac = match (
        k.checked_sub(1).map(|i| scores[i].1),
        scores.get(k + 1).map(|s| s.1),
    ) {
        (Some(l), Some(r)) => {
            let d = l - 2.0 * best.1 + r;
            if d < 0.0 {
                f64::from(((l - r) / (2.0 * d)).clamp(-0.5, 0.5))
            } else {
                0.0
            }
        }
        _ => 0.0,
    };
    Some((best.0 as f64 + frac) / RES)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A profile over −6..+6 mm (3 samples per mm, origin −6) with a stroke where the edges
    /// sit after `shift` mm: (shift, strength, share of it lost per sample on either side).
    fn profile(peaks: &[(f64, f32, f32)]) -> Vec<f32> {
        let mut p = vec![1.0f32; 12 * 3 + 1];
        for &(shift, strength, falloff) in peaks {
            let i = ((shift + 6.0) * RES).round() as i64;
            for (j, v) in p.iter_mut().enumerate() {
                let d = (j as i64 - i).abs() as f32;
                *v += strength * (1.0 - falloff * d).max(0.0);
            }
        }
        p
    }

    #[test]
    fn of_two_nearly_equal_peaks_the_nearer_wins_only_when_asked() {
        // One edge at page 0; a peak 5 mm off 3 % above the true one 1 mm off.
        let p = profile(&[(-5.0, 103.0, 0.5), (1.0, 100.0, 0.5)]);
        let far = best_shift(&p, &[0.0], -6.0, 5.5, 0.0).unwrap();
        let near = best_shift(&p, &[0.0], -6.0, 5.5, 0.02).unwrap();
        assert!((far + 5.0).abs() < 0.2, "{far}");
        assert!((near - 1.0).abs() < 0.2, "{near}");
    }

    #[test]
    fn a_clear_peak_farther_off_still_wins() {
        let p = profile(&[(-5.0, 150.0, 0.5), (1.0, 100.0, 0.5)]);
        let clear = best_shift(&p, &[0.0], -6.0, 5.5, 0.02).unwrap();
        assert!((clear + 5.0).abs() < 0.02, "{clear}");
    }

    #[test]
    fn a_broad_peak_is_taken_at_its_own_top() {
        // The weight alone would slide down its inner slope.
        let p = profile(&[(-5.0, 150.0, 0.005)]);
        let top = best_shift(&p, &[0.0], -6.0, 5.5, 0.02).unwrap();
        assert!((top + 5.0).abs() < 0.02, "{top}");
    }
}
