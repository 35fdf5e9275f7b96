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
    let p = Patch::around(img, h, rects, search)?;
    let xs: Vec<f64> = rects.iter().flat_map(|r| [r.x, r.right()]).collect();
    let ys: Vec<f64> = rects.iter().flat_map(|r| [r.y, r.bottom()]).collect();
    let (x0, x1) = span(rects.iter().map(|r| (r.x, r.right())));
    let (y0, y1) = span(rects.iter().map(|r| (r.y, r.bottom())));
    let dx = best_shift(&p.cols(y0, y1), &xs, p.x0, search, near_per_mm)?;
    let dy = best_shift(&p.rows(x0, x1), &ys, p.y0, search, near_per_mm)?;
    Some((dx, dy))
}

/// Smallest and largest of a set of intervals.
fn span(it: impl Iterator<Item = (f64, f64)>) -> (f64, f64) {
    it.fold((f64::INFINITY, f64::NEG_INFINITY), |a, (lo, hi)| {
        (a.0.min(lo), a.1.max(hi))
    })
}

/// Darkness sampled on a page-mm grid around some outlines, [`RES`] samples per mm.
struct Patch {
    dark: Vec<f32>,
    nx: usize,
    ny: usize,
    /// Page mm of the patch's top-left sample edge.
    x0: f64,
    y0: f64,
}

impl Patch {
    /// The outlines' bounding box widened by `search` + 1 mm; None when a tenth of it is off
    /// the photo.
    fn around(img: &GrayImage, h: &Homography, rects: &[Rect], search: f64) -> Option<Patch> {
        if rects.is_empty() {
            return None;
        }
        let (x0, x1) = span(rects.iter().map(|r| (r.x, r.right())));
        let (y0, y1) = span(rects.iter().map(|r| (r.y, r.bottom())));
        let m = search + 1.0;
        let (px0, py0) = (x0 - m, y0 - m);
        let nx = ((x1 - x0 + 2.0 * m) * RES).ceil() as usize;
        let ny = ((y1 - y0 + 2.0 * m) * RES).ceil() as usize;
        // A checkerboard of samples: every row and every column of the patch is still seen
        // (at half density, the same for all, so the profiles keep their shape) for half the
        // cost.
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
        Some(Patch {
            dark,
            nx,
            ny,
            x0: px0,
            y0: py0,
        })
    }

    /// Sample index range of page mm `lo..hi` from `origin`, clipped to `n`.
    fn range(lo: f64, hi: f64, origin: f64, n: usize) -> std::ops::Range<usize> {
        let a = ((lo - origin) * RES).max(0.0) as usize;
        let b = ((hi - origin) * RES).max(0.0) as usize;
        a.min(n)..b.min(n)
    }

    /// Column sums over the rows of page mm `y0..y1` (vertical edges).
    fn cols(&self, y0: f64, y1: f64) -> Vec<f32> {
        let mut cols = vec![0f32; self.nx];
        for j in Self::range(y0, y1, self.y0, self.ny) {
            for (c, d) in cols
                .iter_mut()
                .zip(&self.dark[j * self.nx..(j + 1) * self.nx])
            {
                *c += d;
            }
        }
        cols
    }

    /// Row sums over the columns of page mm `x0..x1` (horizontal edges).
    fn rows(&self, x0: f64, x1: f64) -> Vec<f32> {
        let cols = Self::range(x0, x1, self.x0, self.nx);
        (0..self.ny)
            .map(|j| {
                self.dark[j * self.nx + cols.start..j * self.nx + cols.end]
                    .iter()
                    .sum()
            })
            .collect()
    }
}

/// The profile around sample position `pos`: a 3-sample window, as the printed stroke is
/// ~1 mm and the estimate sub-mm.
fn window(profile: &[f32], pos: f64) -> f32 {
    let idx = pos.floor() as i64;
    (idx - 1..=idx + 1)
        .filter_map(|k| usize::try_from(k).ok().and_then(|k| profile.get(k)))
        .sum()
}

/// How a row of boxes lies on the photo against where a shift alone puts it: a shift plus a
/// lean, the extra shift per mm along the row, in x (the map's scale) and in y (its turn).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lean {
    pub dx: f64,
    pub dy: f64,
    /// Extra x shift per mm of x from `centre`.
    pub x_per_mm: f64,
    /// Extra y shift per mm of x from `centre`.
    pub y_per_mm: f64,
    pub centre: f64,
}

impl Lean {
    /// The shift at page x.
    pub fn at(&self, x: f64) -> (f64, f64) {
        let d = x - self.centre;
        (self.dx + self.x_per_mm * d, self.dy + self.y_per_mm * d)
    }
}

/// The lean of a row of two or more boxes `rects` (already shifted), searched within
/// ±`max_lean` mm per mm and ±`search` mm of further shift. A lean's score gives up the share
/// `near_per_mm` per mm it moves the row's end boxes (and per mm of shift), so the row only
/// leans where its own outlines say so clearly. An axis whose profile shows no edge keeps
/// its shift and takes no lean.
pub fn refine_lean(
    img: &GrayImage,
    h: &Homography,
    rects: &[Rect],
    search: f64,
    max_lean: f64,
    near_per_mm: f64,
) -> Option<Lean> {
    if rects.len() < 2 {
        return None;
    }
    let centres: Vec<f64> = rects.iter().map(|r| r.centre().x).collect();
    let centre = centres.iter().sum::<f64>() / centres.len() as f64;
    let half = rects
        .iter()
        .map(|r| (r.centre().x - centre).abs() + r.w / 2.0)
        .fold(0.0, f64::max);
    let p = Patch::around(img, h, rects, search + max_lean * half)?;
    let (y0, y1) = span(rects.iter().map(|r| (r.y, r.bottom())));
    let cols = vec![p.cols(y0, y1)];
    let rows: Vec<Vec<f32>> = rects.iter().map(|r| p.rows(r.x, r.right())).collect();
    // Vertical edges lean by their own x; a box's horizontal edges by its centre's.
    let x_edges: Vec<Edge> = rects
        .iter()
        .flat_map(|r| [r.x, r.right()])
        .map(|e| Edge {
            profile: 0,
            at: (e - p.x0) * RES,
            along: e - centre,
        })
        .collect();
    let y_edges: Vec<Edge> = rects
        .iter()
        .enumerate()
        .flat_map(|(b, r)| {
            [r.y, r.bottom()].map(|e| Edge {
                profile: b,
                at: (e - p.y0) * RES,
                along: centres[b] - centre,
            })
        })
        .collect();
    // Lean steps that move the end boxes by half a sample.
    let n = (max_lean * half * RES * 2.0).ceil().max(1.0) as i64;
    let leans: Vec<f64> = (-n..=n).map(|i| max_lean * i as f64 / n as f64).collect();
    let steps = (search * RES) as i64;
    let x = best_lean(&cols, &x_edges, &leans, steps, half, near_per_mm);
    let y = best_lean(&rows, &y_edges, &leans, steps, half, near_per_mm);
    if x.is_none() && y.is_none() {
        return None;
    }
    let (x_per_mm, dx) = x.unwrap_or((0.0, 0.0));
    let (y_per_mm, dy) = y.unwrap_or((0.0, 0.0));
    Some(Lean {
        dx,
        dy,
        x_per_mm,
        y_per_mm,
        centre,
    })
}

/// A printed edge for the lean search: which profile shows it, its sample position there and
/// how far along the row (mm from its centre) it lies.
#[derive(Debug, Clone, Copy)]
struct Edge {
    profile: usize,
    at: f64,
    along: f64,
}

/// The (lean, shift mm) maximising the profiles summed at the edges; None when no score
/// stands above the rest.
fn best_lean(
    profiles: &[Vec<f32>],
    edges: &[Edge],
    leans: &[f64],
    steps: i64,
    half: f64,
    near_per_mm: f64,
) -> Option<(f64, f64)> {
    let mut all = Vec::with_capacity(leans.len() * (2 * steps + 1) as usize);
    let mut best: Option<(f32, usize, i64)> = None;
    let mut rows: Vec<Vec<f32>> = Vec::with_capacity(leans.len());
    for (li, lean) in leans.iter().enumerate() {
        let row: Vec<f32> = (-steps..=steps)
            .map(|s| {
                edges
                    .iter()
                    .map(|e| window(&profiles[e.profile], e.at + lean * e.along * RES + s as f64))
                    .sum()
            })
            .collect();
        for (si, &score) in row.iter().enumerate() {
            let s = si as i64 - steps;
            let moved = lean.abs() * half + s.abs() as f64 / RES;
            let w = score * (1.0 - near_per_mm * moved) as f32;
            if best.is_none_or(|b| w > b.0) {
                best = Some((w, li, s));
            }
            all.push(score);
        }
        rows.push(row);
    }
    let (_, mut li, s) = best?;
    let mut k = (s + steps) as usize;
    // The weight picks the peak; its top is the unweighted one (as in `best_shift`).
    loop {
        let here = rows[li][k];
        let up = [(0, 1), (2, 1), (1, 0), (1, 2)]
            .into_iter()
            .filter_map(|(a, b)| {
                let l = (li + a).checked_sub(1)?;
                let kk = (k + b).checked_sub(1)?;
                Some((l, kk, *rows.get(l)?.get(kk)?))
            })
            .filter(|c| c.2 > here)
            .max_by(|a, b| a.2.total_cmp(&b.2));
        match up {
            Some((l, kk, _)) => (li, k) = (l, kk),
            None => break,
        }
    }
    let row = &rows[li];
    if !stands_out(row[k], &mut all) {
        return None;
    }
    let s = k as i64 - steps;
    Some((leans[li], (s as f64 + between_samples(row, k)) / RES))
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
        let score = edges
            .iter()
            .map(|e| window(profile, (e - origin) * RES + s as f64))
            .sum();
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
    let row: Vec<f32> = scores.iter().map(|s| s.1).collect();
    let mut sorted = row.clone();
    if !stands_out(row[k], &mut sorted) {
        return None;
    }
    Some((scores[k].0 as f64 + between_samples(&row, k)) / RES)
}

/// Whether a peak's score stands above the median of all scores (5 %): a patch with no
/// printed edge scores alike everywhere.
fn stands_out(top: f32, all: &mut [f32]) -> bool {
    all.sort_by(f32::total_cmp);
    top > all[all.len() / 2] * 1.05
}

/// Where between samples the peak at `k` of `row` lies: the vertex of a parabola through it
/// and its neighbours, within ±0.5.
fn between_samples(row: &[f32], k: usize) -> f64 {
    match (k.checked_sub(1).map(|i| row[i]), row.get(k + 1)) {
        (Some(l), Some(&r)) => {
            let d = l - 2.0 * row[k] + r;
            if d < 0.0 {
                f64::from(((l - r) / (2.0 * d)).clamp(-0.5, 0.5))
            } else {
                0.0
            }
        }
        _ => 0.0,
    }
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

    /// Row profiles of three boxes 23.5 mm apart whose top and bottom edges (at 10 and 30 mm
    /// from the profile's origin) sit `lean` mm lower per mm to the right, over `bump`.
    fn leaning_rows(lean: f64, bump: f32) -> (Vec<Vec<f32>>, Vec<Edge>) {
        let along = [-23.5, 0.0, 23.5];
        let mut profiles = Vec::new();
        let mut edges = Vec::new();
        for (b, a) in along.iter().enumerate() {
            let mut p = vec![1.0f32; 45 * 3];
            for e in [10.0, 30.0] {
                let at = ((e + lean * a) * RES).round() as usize;
                p[at] += bump;
                p[at + 1] += bump / 2.0;
                p[at - 1] += bump / 2.0;
                edges.push(Edge {
                    profile: b,
                    at: e * RES,
                    along: *a,
                });
            }
            profiles.push(p);
        }
        (profiles, edges)
    }

    fn leans(max: f64, n: i64) -> Vec<f64> {
        (-n..=n).map(|i| max * i as f64 / n as f64).collect()
    }

    #[test]
    fn a_leaning_row_is_found_with_its_lean() {
        let (p, e) = leaning_rows(0.04, 50.0);
        let (lean, shift) = best_lean(&p, &e, &leans(0.06, 12), 3, 35.0, 0.02).unwrap();
        // Within a sample at the end boxes.
        assert!((lean - 0.04).abs() * 23.5 <= 1.0 / RES, "{lean}");
        assert!(shift.abs() < 0.2, "{shift}");
    }

    #[test]
    fn a_level_row_takes_no_lean() {
        let (p, e) = leaning_rows(0.0, 50.0);
        let (lean, shift) = best_lean(&p, &e, &leans(0.06, 12), 3, 35.0, 0.02).unwrap();
        assert!(lean.abs() < 1e-9, "{lean}");
        assert!(shift.abs() < 0.2, "{shift}");
    }

    #[test]
    fn a_row_without_edges_takes_nothing() {
        let (p, e) = leaning_rows(0.03, 0.0);
        assert_eq!(best_lean(&p, &e, &leans(0.06, 12), 3, 35.0, 0.02), None);
    }
}
