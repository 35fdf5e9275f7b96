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

/// Whitens the faint dotted guide printed in plano result boxes (pleno_core's
/// `template::guide`: an "8" with a centre stroke) where nothing darker covers it. The guide
/// prints at grey ~201 (a fifth of the paper's brightness below it); handwriting is far darker,
/// so only guide dots and their blur go, and ink traced along the guide stays.
pub fn erase_guide(crop: &mut [u8]) {
    if crop.len() < CROP * CROP {
        return;
    }
    let to_crop = |f: f64| (f - INSET) / (1.0 - 2.0 * INSET) * CROP as f64;
    let cols = GUIDE_X.map(to_crop);
    let rows = GUIDE_Y.map(to_crop);
    let reach = 2.5;
    let mut sorted = crop.to_vec();
    sorted.sort_unstable();
    let paper = f64::from(sorted[sorted.len() / 2]);
    let faint = paper * 0.33;
    for j in 0..CROP {
        for i in 0..CROP {
            let (x, y) = (i as f64 + 0.5, j as f64 + 0.5);
            let within_x = x > cols[0] - reach && x < cols[2] + reach;
            let within_y = y > rows[0] - reach && y < rows[2] + reach;
            let on_vertical = within_y && cols.iter().any(|c| (x - c).abs() < reach);
            let on_horizontal = within_x && rows.iter().any(|r| (y - r).abs() < reach);
            let v = &mut crop[j * CROP + i];
            if (on_vertical || on_horizontal) && paper - f64::from(*v) < faint {
                *v = paper as u8;
            }
        }
    }
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
}
