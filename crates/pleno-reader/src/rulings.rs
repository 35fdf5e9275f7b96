//! The corners of a page that prints no marks (the official A4 salinan): the ink of its long
//! printed lines — table frames, the signature rule — farthest towards each corner of the
//! image. On a sheet whose rules run along its sides these are the frame's outer corners, found
//! alike on the calibration sample and, within a few degrees of turn and some perspective, on a
//! photo; the boxes then settle which page it is, which way up (`crate::untagged`), and where
//! every box lies.

use image::GrayImage;

use crate::calibrate::ink::Ink;

/// A component is a ruling when its longer side spans at least this share of the image's
/// shorter side…
const MIN_SPAN: f64 = 0.25;
/// …and it is a line (at most this share of the image's shorter side thick) or a
/// grid (it inks at most `MAX_FILL` of its bounding box), not a filled dark patch; a component
/// touching the image's edge is the desk or the paper's edge, never a ruling.
const MAX_THICK: f64 = 0.012;
const MAX_FILL: f64 = 0.12;
/// Grey levels by which paper beside a printed line is lighter than the line.
const PAPER_STEP: i32 = 35;

/// The outer corners of the rulings, top-left, top-right, bottom-right, bottom-left of the
/// image (pixel centres), when there are rulings spanning the image both ways.
pub(crate) fn corners(ink: &Ink, img: &GrayImage) -> Option<[(f64, f64); 4]> {
    let short = ink.w.min(ink.h) as f64;
    let candidates: Vec<bool> = ink
        .components
        .iter()
        .map(|c| {
            let inside = c.x0 > 0 && c.y0 > 0 && c.x1 + 1 < ink.w && c.y1 + 1 < ink.h;
            let long = c.w().max(c.h()) as f64;
            // Ink per unit of length is a line's thickness, also when the line runs aslant.
            let thin = c.count as f64 / long <= MAX_THICK * short || c.fill() <= MAX_FILL;
            inside && thin && long >= MIN_SPAN * short
        })
        .collect();
    let seen = survey(ink, img, &candidates);
    // The corners of the rulings' hull along the diagonals, over the candidates printed on
    // paper.
    let mut best = [(f64::INFINITY, (0.0, 0.0)); 4];
    let mut any = false;
    for (i, c) in seen.iter().enumerate() {
        if !candidates[i] || c.pixels == 0 || c.on_paper * 10 < c.pixels * 6 {
            continue;
        }
        any = true;
        for (b, e) in best.iter_mut().zip(c.extremes) {
            if e.0 < b.0 {
                *b = e;
            }
        }
    }
    if !any {
        return None;
    }
    let c = best.map(|b| b.1);
    // Both ways the rulings must reach across a good part of the image.
    let across = (c[1].0 - c[0].0).min(c[2].0 - c[3].0);
    let down = (c[3].1 - c[0].1).min(c[2].1 - c[1].1);
    (across >= MIN_SPAN * ink.w as f64 && down >= MIN_SPAN * ink.h as f64).then_some(c)
}

/// What one pass over a candidate component's pixels tells.
#[derive(Clone, Copy)]
struct Seen {
    pixels: usize,
    /// Pixels with paper clearly lighter than themselves on both sides, across or along. The
    /// dark strip the threshold leaves beside the paper's edge (the background next to bright
    /// paper) has paper on one side only.
    on_paper: usize,
    /// Smallest x + y, y − x, −(x + y), x − y, and where.
    extremes: [(f64, (f64, f64)); 4],
}

fn survey(ink: &Ink, img: &GrayImage, candidates: &[bool]) -> Vec<Seen> {
    let (w, h) = (ink.w, ink.h);
    let k = (w.min(h) / 200).max(3);
    let raw = img.as_raw();
    let mut out = vec![
        Seen {
            pixels: 0,
            on_paper: 0,
            extremes: [(f64::INFINITY, (0.0, 0.0)); 4],
        };
        candidates.len()
    ];
    for y in 0..h {
        for x in 0..w {
            let l = ink.label[y * w + x] as usize;
            if l == 0 || !candidates[l - 1] {
                continue;
            }
            let s = &mut out[l - 1];
            let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
            let keys = [fx + fy, fy - fx, -(fx + fy), fx - fy];
            for (e, key) in s.extremes.iter_mut().zip(keys) {
                if key < e.0 {
                    *e = (key, (fx, fy));
                }
            }
            if x < k || y < k || x + k >= w || y + k >= h {
                continue;
            }
            let v = i32::from(raw[y * w + x]);
            let lighter = |i: usize| i32::from(raw[i]) >= v + PAPER_STEP;
            let across = lighter((y - k) * w + x) && lighter((y + k) * w + x);
            let along = lighter(y * w + x - k) && lighter(y * w + x + k);
            s.on_paper += usize::from(across || along);
            s.pixels += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// A sheet of paper (grey 225) on a darker wall (110), its frame ruled from (100, 150) to
    /// (500, 650), and a signature rule below: the corners are the rulings', not the paper's.
    #[test]
    fn the_rulings_corners_not_the_papers_edge() {
        let mut img = GrayImage::from_pixel(600, 800, Luma([110]));
        for y in 40..760 {
            for x in 40..560 {
                img.put_pixel(x, y, Luma([225]));
            }
        }
        let mut rule = |x0: u32, y0: u32, x1: u32, y1: u32| {
            for y in y0..=y1 {
                for x in x0..=x1 {
                    img.put_pixel(x, y, Luma([30]));
                }
            }
        };
        rule(100, 150, 500, 151);
        rule(100, 400, 500, 401);
        rule(100, 150, 101, 401);
        rule(499, 150, 500, 401);
        rule(100, 649, 500, 650);
        let ink = Ink::of(&img, 15);
        let c = corners(&ink, &img).expect("corners");
        let want = [
            (100.5, 150.5),
            (500.5, 150.5),
            (500.5, 650.5),
            (100.5, 650.5),
        ];
        for (got, w) in c.iter().zip(want) {
            assert!(
                (got.0 - w.0).abs() <= 1.0 && (got.1 - w.1).abs() <= 1.0,
                "{c:?}"
            );
        }
        // Without the printed lines only the paper's edge is left: no corners.
        let blank = {
            let mut b = GrayImage::from_pixel(600, 800, Luma([110]));
            for y in 40..760 {
                for x in 40..560 {
                    b.put_pixel(x, y, Luma([225]));
                }
            }
            b
        };
        assert_eq!(corners(&Ink::of(&blank, 15), &blank), None);
    }
}
