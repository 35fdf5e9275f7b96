//! The crop contract shared with training (tools/digits/simulate.py): the box rectangle on the
//! aligned page shrunk by 6 % per side, resampled to 56 × 56 grey, 2 × 2 block mean to 28 × 28,
//! then `x = clamp((median − g) / max(median − min, 60), 0, 1)`.

use image::GrayImage;
use pleno_core::template::Rect;
use pleno_core::template::guide::{GUIDE_X, GUIDE_Y};

use crate::geom::{Homography, sample};

pub const CROP: usize = 56;
pub const INSET: f64 = 0.06;

/// Samples the box (page mm) as a 56 × 56 crop: each output pixel is the mean of 3 × 3
/// bilinear samples, close to an area resize at the photo resolutions seen in practice.
/// None when the box runs off the image.
pub fn crop56(img: &GrayImage, h: &Homography, r: Rect) -> Option<Vec<u8>> {
    const SUB: usize = 3;
    const N: usize = CROP * SUB;
    let x0 = r.x + r.w * INSET;
    let y0 = r.y + r.h * INSET;
    let (w, hh) = (r.w * (1.0 - 2.0 * INSET), r.h * (1.0 - 2.0 * INSET));
    // Sub-sample k of an output row sits at u = (k + 0.5) / N: output pixel k / SUB.
    let xs: Vec<f64> = (0..N)
        .map(|k| x0 + (k as f64 + 0.5) / N as f64 * w)
        .collect();
    let mut out = Vec::with_capacity(CROP * CROP);
    let mut acc = [0f32; CROP];
    for j in 0..CROP {
        acc.fill(0.0);
        for sy in 0..SUB {
            let row = h.row(y0 + ((j * SUB + sy) as f64 + 0.5) / N as f64 * hh);
            for (k, &x) in xs.iter().enumerate() {
                let (px, py) = row.apply(x);
                acc[k / SUB] += sample(img, px, py)?;
            }
        }
        // The mean is within 0..=255: adding 0.5 and truncating rounds it (the cast saturates)
        // without a libm call per pixel.
        out.extend(acc.iter().map(|a| (a / 9.0 + 0.5) as u8));
    }
    Some(out)
}

/// 56 × 56 u8 → the model's normalised 28 × 28 input.
pub fn normalise(grey56: &[u8]) -> [f32; 784] {
    let mut g = [0f32; 784];
    if grey56.len() < CROP * CROP {
        return g;
    }
    for y in 0..28 {
        for x in 0..28 {
            let p = |dx: usize, dy: usize| f32::from(grey56[(2 * y + dy) * CROP + 2 * x + dx]);
            g[y * 28 + x] = (p(0, 0) + p(1, 0) + p(0, 1) + p(1, 1)) / 4.0;
        }
    }
    let mut sorted = g;
    sorted.sort_by(f32::total_cmp);
    let bg = f32::midpoint(sorted[391], sorted[392]);
    let dark = sorted[0];
    let den = (bg - dark).max(60.0);
    g.map(|v| ((bg - v) / den).clamp(0.0, 1.0))
}

/// Whether the crop holds too much ink for an empty box (a quarter of it under 55 % of the
/// paper's brightness, the paper being its brightest twentieth). [`normalise`] takes the
/// median as the paper, so a box more than about half inked (a marker's blot, a digit gone
/// over many times) reaches the model nearly blank and comes back EMPTY with full confidence:
/// such an EMPTY is not believed.
pub fn too_inked_for_empty(grey56: &[u8]) -> bool {
    if grey56.len() < CROP * CROP {
        return false;
    }
    let mut sorted = grey56.to_vec();
    sorted.sort_unstable();
    let paper = f32::from(sorted[sorted.len() * 19 / 20]);
    let ink = grey56
        .iter()
        .filter(|&&v| f32::from(v) < paper * 0.55)
        .count();
    ink * 4 > grey56.len()
}

/// Where a place on the box (a share of its width or height, as `template::guide` gives the
/// guide) lands on the 56 × 56 crop, which leaves out `INSET` at each side.
pub(crate) fn to_crop(f: f64) -> f64 {
    (f - INSET) / (1.0 - 2.0 * INSET) * CROP as f64
}

/// Whether a guide box the model read EMPTY is washed out (glare): near-white and its printed
/// guide not seen. The guide prints a fifth below the paper and survives blur at every size
/// the reader accepts, so where it is gone the ink may be too: such an EMPTY is not believed.
/// On held-out traced pages this caught 4 of the 10 digits read EMPTY and 1 of 239 blank boxes.
pub fn washed_out(grey56: &[u8]) -> bool {
    if grey56.len() < CROP * CROP {
        return false;
    }
    let mut sorted = grey56.to_vec();
    sorted.sort_unstable();
    let paper = f32::from(sorted[sorted.len() / 2]);
    paper >= 245.0 && guide_contrast(grey56) < 0.01
}

/// How much darker the guide's lines are than the paper between them, as a share of the paper
/// (medians of each, so ink over a few dots does not decide).
fn guide_contrast(grey56: &[u8]) -> f32 {
    let cols = GUIDE_X.map(to_crop);
    let rows = GUIDE_Y.map(to_crop);
    let (mut on, mut off) = (Vec::new(), Vec::new());
    for j in 0..CROP {
        for i in 0..CROP {
            let (x, y) = (i as f64 + 0.5, j as f64 + 0.5);
            let in_x = x > cols[0] - 1.0 && x < cols[2] + 1.0;
            let in_y = y > rows[0] - 1.0 && y < rows[2] + 1.0;
            let v = grey56[j * CROP + i];
            if (in_y && cols.iter().any(|c| (x - c).abs() < 1.5))
                || (in_x && rows.iter().any(|r| (y - r).abs() < 1.5))
            {
                on.push(v);
                continue;
            }
            // Well inside one of the four cells the guide draws.
            let cell = |g: &[f64; 3], t: f64| {
                (0..2).any(|k| {
                    (t - f64::midpoint(g[k], g[k + 1])).abs() < (g[k + 1] - g[k]) / 2.0 - 4.0
                })
            };
            if cell(&cols, x) && cell(&rows, y) {
                off.push(v);
            }
        }
    }
    let median = |v: &mut Vec<u8>| {
        v.sort_unstable();
        f32::from(v.get(v.len() / 2).copied().unwrap_or(0))
    };
    let paper = median(&mut off);
    (paper - median(&mut on)) / paper.max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crop_with(dark_rows: usize) -> Vec<u8> {
        (0..CROP * CROP)
            .map(|k| if k / CROP < dark_rows { 30 } else { 200 })
            .collect()
    }

    #[test]
    fn a_blot_is_not_an_empty_box_and_a_stroke_may_be_one() {
        assert!(!too_inked_for_empty(&crop_with(0)));
        assert!(!too_inked_for_empty(&crop_with(CROP / 6)));
        assert!(too_inked_for_empty(&crop_with(CROP * 3 / 5)));
        // What the model would be given for the blot: nearly nothing, i.e. "empty".
        let n = normalise(&crop_with(CROP * 3 / 5));
        assert!(n.iter().filter(|&&v| v > 0.5).count() < 784 / 2);
    }

    /// A white box with the guide printed at its grey, or washed to white.
    fn guide_box(paper: u8, guide: u8) -> Vec<u8> {
        let (cols, rows) = (GUIDE_X.map(to_crop), GUIDE_Y.map(to_crop));
        (0..CROP * CROP)
            .map(|k| {
                let (x, y) = ((k % CROP) as f64 + 0.5, (k / CROP) as f64 + 0.5);
                let line = cols.iter().any(|c| (x - c).abs() < 0.8) && y > rows[0] && y < rows[2]
                    || rows.iter().any(|r| (y - r).abs() < 0.8) && x > cols[0] && x < cols[2];
                if line { guide } else { paper }
            })
            .collect()
    }

    #[test]
    fn an_empty_box_shows_its_guide_and_glare_hides_it() {
        assert!(!washed_out(&guide_box(252, 205)));
        assert!(washed_out(&guide_box(253, 252)));
        // A grey photo's blank box without a visible guide is not glare.
        assert!(!washed_out(&guide_box(200, 200)));
    }
}
