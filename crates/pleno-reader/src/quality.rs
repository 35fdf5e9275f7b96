//! The quality gate: numbers the UI can show, and which of them stop the read.
//!
//! Exposure is judged on the small search image; blur on the corner marks, whose edges are
//! known steps from black ink to white paper: for a Gaussian-blurred step the steepest gradient
//! is contrast / (σ √(2π)), so σ follows from the two.

use image::GrayImage;
use serde::Serialize;

use crate::corners::Mark;
use crate::error::Rejection;

/// Shortest image side below which no form page can be read at all (a thumbnail). Whether a
/// page is sharp enough is judged on its digit boxes once it is placed ([`MIN_BOX_PX`]):
/// SIREKAP's 900 × 1600 uploads hold a whole plano with ~30 px boxes, readable by eye.
pub const MIN_SIDE: u32 = 360;
/// Fewest pixels along the shorter side of the page's digit boxes, once the page is placed.
/// Measured on synthetic phone photos (`examples/framing_cases.rs`, docs/reader.md): at
/// 720 × 1280 the boxes are 13–18 px and readable by eye; 1,856 of 2,203 fields were read
/// right and 1 of the 1,025 the gate let through was wrong (0.1 %, as at full size); at
/// 600 × 1066 (11–15 px) 70 % were read right and none let through was wrong. Below 12 px a
/// stroke is a pixel wide and the marks themselves are hardly found.
pub const MIN_BOX_PX: f32 = 12.0;
/// Blur σ (mm on the page, as estimated at the marks) above which a photo is refused. Sharp
/// phone photos measure 0.3–0.7 mm here (the estimate includes the pixel size); the digit
/// model's own confidence handles the range below.
pub const MAX_BLUR_MM: f32 = 1.0;
/// The same limit in photo pixels: on a small photo (SIREKAP's 900 × 1600, 1.5 px per mm)
/// a sharp page measures over a millimetre because each pixel is 0.7 mm; what the model sees
/// is blur in pixels of the box, so there the limit is two pixels.
pub const MAX_BLUR_PX: f32 = 2.0;

/// How much of a box's side a shake smears (`DigitReading::smear`) above which the box's
/// reading goes to a person however sure the model is: on blurred held-out pages the model
/// read traced 8s and 6s as 0 at p ≥ 0.9998. Chosen on a development set of synthetic PPWP
/// page 2 photos and measured on held-out ones (`heldout_crops`, docs/reader.md "A shaken
/// photo").
pub const MAX_SMEAR: f32 = 0.04;
/// What a sharp photo measures at the marks (σ, photo px) whatever its size: the pixel,
/// demosaicing and JPEG. Synthetic clean photos measure 0.80–0.89 px, phone photos 0.84–1.42,
/// shaken ones 1.7–3.9; the model reads a 25 px box of a sharp 900 × 1600 photo as well as a
/// 60 px one, so only what a shake adds to this counts.
pub const SHARP_PX: f32 = 1.2;

/// The share of a box's side (`side_px`) that a photo's shake smears, from the shake measured
/// at the marks (σ, px): what it adds to a sharp photo's own blur (in quadrature).
pub fn smear(shake_px: f32, side_px: f32) -> f32 {
    (shake_px * shake_px - SHARP_PX * SHARP_PX).max(0.0).sqrt() / side_px.max(1.0)
}

/// The blur limit (mm on the page) for a photo at `ppm` px per mm.
pub fn blur_limit_mm(ppm: f64) -> f32 {
    MAX_BLUR_MM.max(MAX_BLUR_PX / ppm.max(1e-6) as f32)
}
const MIN_PAPER: f32 = 80.0;
const MAX_DARK: f32 = 200.0;
/// Share of saturated pixels reported as glare.
const GLARE_SHARE: f32 = 0.02;

/// One measured quality figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityReason {
    pub code: String,
    pub message: String,
    pub value: f32,
    pub limit: f32,
    /// Whether this reason stopped the read.
    pub fatal: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Quality {
    pub ok: bool,
    pub reasons: Vec<QualityReason>,
    /// Estimated blur σ on the page, mm (when marks were found).
    pub blur_mm: Option<f32>,
    /// Paper brightness (95th percentile of the photo), 0–255.
    pub paper: f32,
    /// Shorter side of the smallest digit box on the photo, px (once the page is placed).
    pub box_px: Option<f32>,
    /// Blur σ in photo pixels along whichever of the page's two axes the marks are more
    /// blurred along (a shake smears one way), median over the marks.
    pub shake_px: Option<f32>,
}

fn percentile(hist: &[u64; 256], total: u64, q: f64) -> f32 {
    let target = (total as f64 * q) as u64;
    let mut acc = 0;
    for (v, n) in hist.iter().enumerate() {
        acc += n;
        if acc > target {
            return v as f32;
        }
    }
    255.0
}

/// Size and exposure, before looking for marks.
pub fn pre_check(full: &GrayImage, small: &GrayImage, q: &mut Quality) -> Result<(), Rejection> {
    let (w, h) = (full.width(), full.height());
    if w.min(h) < MIN_SIDE {
        return Err(Rejection::TooSmall {
            width: w,
            height: h,
            min: MIN_SIDE,
        });
    }
    let mut hist = [0u64; 256];
    for p in small.as_raw() {
        hist[usize::from(*p)] += 1;
    }
    let total = small.as_raw().len() as u64;
    let paper = percentile(&hist, total, 0.95);
    let dark = percentile(&hist, total, 0.02);
    q.paper = paper;
    if paper < MIN_PAPER {
        return Err(Rejection::TooDark {
            value: paper,
            limit: MIN_PAPER,
        });
    }
    if dark > MAX_DARK {
        return Err(Rejection::TooBright {
            value: dark,
            limit: MAX_DARK,
        });
    }
    let saturated = hist[250..].iter().sum::<u64>() as f32 / total.max(1) as f32;
    if saturated > GLARE_SHARE {
        q.reasons.push(QualityReason {
            code: "glare".into(),
            message: format!(
                "pantulan cahaya pada {:.0} % foto; periksa angka di area terang",
                saturated * 100.0
            ),
            value: saturated,
            limit: GLARE_SHARE,
            fatal: false,
        });
    }
    Ok(())
}

/// Blur σ in pixels at one mark: contrast over the steepest gradients of its edges.
pub fn blur_sigma_px(full: &GrayImage, m: &Mark) -> Option<f64> {
    blur_sigmas_px(full, m, 0.0).map(|s| s.any)
}

/// Blur at one mark, over all its edges and across each of the page's two edge directions.
#[derive(Debug, Clone, Copy)]
pub struct MarkBlur {
    /// From the steepest edges in any direction (a shake leaves the edges along it sharp).
    pub any: f64,
    /// Along the page's x axis (across the mark's vertical edges) and along its y axis.
    pub x: f64,
    pub y: f64,
}

/// [`blur_sigma_px`] and its two directions, the page's x axis running at `axis` radians in
/// the photo: measured along the photo's own axes, a sharp mark tilted 30° reads 15 % more
/// blur, as a shake would.
pub fn blur_sigmas_px(full: &GrayImage, m: &Mark, axis: f64) -> Option<MarkBlur> {
    let (sin, cos) = axis.sin_cos();
    let (w, h) = (i64::from(full.width()), i64::from(full.height()));
    let r = (m.size * 0.6).ceil() as i64;
    let (x0, x1) = ((m.x as i64 - r).max(1), (m.x as i64 + r).min(w - 2));
    let (y0, y1) = ((m.y as i64 - r).max(1), (m.y as i64 + r).min(h - 2));
    if x1 - x0 < 8 || y1 - y0 < 8 {
        return None;
    }
    let px = |x: i64, y: i64| f64::from(full.get_pixel(x as u32, y as u32).0[0]);
    let mut values = Vec::new();
    let mut grads = Vec::new();
    let (mut gxs, mut gys) = (Vec::new(), Vec::new());
    for y in y0..=y1 {
        for x in x0..=x1 {
            values.push(px(x, y));
            // Central differences over a 2-pixel baseline average out sensor noise a little.
            let gx = (px(x + 1, y) + px(x + 1, y + 1) - px(x - 1, y) - px(x - 1, y + 1)) / 4.0;
            let gy = (px(x, y + 1) + px(x + 1, y + 1) - px(x, y - 1) - px(x + 1, y - 1)) / 4.0;
            grads.push(gx.hypot(gy));
            gxs.push((gx * cos + gy * sin).abs());
            gys.push((gy * cos - gx * sin).abs());
        }
    }
    // Percentiles by selection: only three ranks are needed, not a whole sorted patch.
    let n = values.len();
    let hi = *values
        .select_nth_unstable_by(n * 95 / 100, f64::total_cmp)
        .1;
    let lo = *values.select_nth_unstable_by(n * 5 / 100, f64::total_cmp).1;
    let contrast = hi - lo;
    if contrast < 30.0 {
        return None;
    }
    let sigma = |g: f64| contrast / (g * (2.0 * std::f64::consts::PI).sqrt());
    let (g, gx, gy) = (crest(&mut grads), crest(&mut gxs), crest(&mut gys));
    if g <= 0.0 || gx <= 0.0 || gy <= 0.0 {
        return None;
    }
    Some(MarkBlur {
        any: sigma(g),
        x: sigma(gx),
        y: sigma(gy),
    })
}

/// The mean of the top 1 % of gradients: the edge crests, not single noisy pixels.
fn crest(grads: &mut [f64]) -> f64 {
    let k = grads.len() * 99 / 100;
    grads.select_nth_unstable_by(k, f64::total_cmp);
    let top = &grads[k..];
    top.iter().sum::<f64>() / top.len().max(1) as f64
}

/// Median blur σ (mm) over the marks, given their scale (px per mm).
pub fn blur_mm(full: &GrayImage, marks: &[(Mark, f64)]) -> Option<f32> {
    median(
        marks
            .iter()
            .filter_map(|(m, ppm)| blur_sigma_px(full, m).map(|s| s / ppm.max(1e-6)))
            .collect(),
    )
}

/// [`blur_mm`] and the shake: the median over the marks of the blur σ (photo px) along
/// whichever of the page's axes each is more blurred along. Each mark comes with its scale
/// (px per mm) and the angle (radians) its page's x axis runs at; one pass over each mark's
/// patch gives both.
pub fn blur_and_shake(full: &GrayImage, marks: &[(Mark, f64, f64)]) -> (Option<f32>, Option<f32>) {
    let blurs: Vec<(MarkBlur, f64)> = marks
        .iter()
        .filter_map(|&(m, ppm, axis)| blur_sigmas_px(full, &m, axis).map(|b| (b, ppm)))
        .collect();
    (
        median(blurs.iter().map(|(b, ppm)| b.any / ppm.max(1e-6)).collect()),
        median(blurs.iter().map(|(b, _)| b.x.max(b.y)).collect()),
    )
}

fn median(mut v: Vec<f64>) -> Option<f32> {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).map(|&m| m as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sharp checker mark (two dark squares of `side` px) turned `deg` degrees, edges
    /// anti-aliased by 4 × 4 supersampling, on white paper.
    fn mark(side: f64, deg: f64) -> (GrayImage, Mark) {
        let n = (side * 4.0) as u32;
        let c = f64::from(n) / 2.0;
        let (sin, cos) = deg.to_radians().sin_cos();
        let img = GrayImage::from_fn(n, n, |x, y| {
            let mut ink = 0.0;
            for (sx, sy) in (0..16).map(|k| (f64::from(k % 4), f64::from(k / 4))) {
                let (px, py) = (
                    f64::from(x) + (sx + 0.5) / 4.0 - c,
                    f64::from(y) + (sy + 0.5) / 4.0 - c,
                );
                // Back into the mark's own frame.
                let (u, v) = (px * cos + py * sin, -px * sin + py * cos);
                let inside = u.abs() < side && v.abs() < side;
                ink += f64::from(u8::from(inside && (u < 0.0) == (v < 0.0)));
            }
            image::Luma([(235.0 - 215.0 * ink / 16.0) as u8])
        });
        let m = Mark {
            x: c,
            y: c,
            size: 2.0 * side,
            score: 1.0,
            diagonal: 0,
        };
        (img, m)
    }

    #[test]
    fn a_tilted_sharp_mark_is_not_taken_for_a_shaken_one() {
        let (img, m) = mark(20.0, 30.0);
        let b = blur_sigmas_px(&img, &m, 30f64.to_radians()).unwrap();
        let photo_axes = blur_sigmas_px(&img, &m, 0.0).unwrap();
        // Along the page's axes both directions read the mark's own sharpness...
        assert!(b.x.max(b.y) < 1.1 * b.any, "{b:?}");
        // ...along the photo's, the tilt reads as blur (1/cos 30° = 1.15).
        assert!(
            photo_axes.x.max(photo_axes.y) > 1.1 * b.any,
            "{photo_axes:?}"
        );
    }
}
