//! What a phone "scanner" app (CamScanner and the like) makes of a plano: the sheet is
//! photographed filling the screen (its corner marks at or past the frame's edge), the app
//! takes the frame — its guess of the paper — for the sheet, warps it onto an A4 page,
//! whitens the paper and boosts the contrast (faint print fades, ink goes black), and saves
//! the result as a JPEG in an A4 PDF. Planos travel folded, so the sheet carries creases.

use image::{Rgb, RgbImage};
use pleno_core::template::Point;

use crate::geom::Homography;
use crate::rng::Rng;

/// Creases of a sheet folded in four for the trip to the PPK: a thin shadow along each fold
/// and a slightly darker side, on the page raster (`ppm` px per mm).
pub fn fold(page: &mut RgbImage, ppm: f64, rng: &mut Rng) {
    let (w, h) = (f64::from(page.width()), f64::from(page.height()));
    let x = w / 2.0 + rng.range(-20.0, 20.0) * ppm;
    let y = h / 2.0 + rng.range(-20.0, 20.0) * ppm;
    let (dark_x, dark_y) = (rng.range(0.1, 0.25), rng.range(0.1, 0.25));
    let (side_x, side_y) = (rng.range(0.02, 0.08), rng.range(0.02, 0.08));
    let crease = 0.8 * ppm;
    for (px, py, p) in page.enumerate_pixels_mut() {
        let (fx, fy) = (f64::from(px) - x, f64::from(py) - y);
        let mut m = 1.0;
        m *= 1.0 - dark_x * (-(fx / crease).powi(2)).exp();
        m *= 1.0 - dark_y * (-(fy / crease).powi(2)).exp();
        if fx > 0.0 {
            m *= 1.0 - side_x;
        }
        if fy > 0.0 {
            m *= 1.0 - side_y;
        }
        for c in &mut p.0 {
            *c = (f64::from(*c) * m) as u8;
        }
    }
}

/// The app's page: the photo's frame (its corners nudged a little, as the app's edge finder
/// does) warped onto A4 at 200–300 dpi, whitened and contrast-boosted. Returns the page and
/// the map photo px → page px.
pub fn scan(photo: &RgbImage, rng: &mut Rng) -> (RgbImage, Homography) {
    let (pw, ph) = (f64::from(photo.width()), f64::from(photo.height()));
    let landscape = pw > ph;
    let short = rng.range(1654.0, 2480.0).round();
    let long = (short * std::f64::consts::SQRT_2).round();
    let (ow, oh) = if landscape {
        (long, short)
    } else {
        (short, long)
    };
    let mut inset = || rng.range(-0.005, 0.02);
    let quad = [
        Point::new(pw * inset(), ph * inset()),
        Point::new(pw * (1.0 - inset()), ph * inset()),
        Point::new(pw * (1.0 - inset()), ph * (1.0 - inset())),
        Point::new(pw * inset(), ph * (1.0 - inset())),
    ];
    let out_rect = [
        Point::new(0.0, 0.0),
        Point::new(ow, 0.0),
        Point::new(ow, oh),
        Point::new(0.0, oh),
    ];
    let fallback = Homography([ow / pw, 0.0, 0.0, 0.0, oh / ph, 0.0, 0.0, 0.0, 1.0]);
    let to_page = Homography::from_points(&quad, &out_rect).unwrap_or(fallback);
    let to_photo = to_page.inverse().unwrap_or(fallback);
    let (ow, oh) = (ow as u32, oh as u32);
    let mut page = RgbImage::new(ow, oh);
    let src = photo.as_raw();
    let row = photo.width() as usize * 3;
    for (x, y, p) in page.enumerate_pixels_mut() {
        let q = to_photo.apply(Point::new(f64::from(x) + 0.5, f64::from(y) + 0.5));
        let (sx, sy) = (q.x - 0.5, q.y - 0.5);
        if sx < 0.0 || sy < 0.0 || sx >= pw - 1.0 || sy >= ph - 1.0 {
            *p = Rgb([255, 255, 255]);
            continue;
        }
        let (x0, y0) = (sx as usize, sy as usize);
        let (fx, fy) = (sx - x0 as f64, sy - y0 as f64);
        for k in 0..3 {
            let at = |xx: usize, yy: usize| f64::from(src[yy * row + xx * 3 + k]);
            let v = (at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx) * (1.0 - fy)
                + (at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
            p.0[k] = v as u8;
        }
    }
    whiten(&mut page, rng);
    (page, to_page)
}

/// The apps' "magic" filter: divide by the local paper brightness (shadows and light fall-off
/// go), then stretch the levels so paper is white and ink near black.
fn whiten(img: &mut RgbImage, rng: &mut Rng) {
    const CELL: u32 = 48;
    let (w, h) = (img.width(), img.height());
    let (cw, ch) = (w.div_ceil(CELL), h.div_ceil(CELL));
    let mut bg = vec![255f32; (cw * ch) as usize];
    for cy in 0..ch {
        for cx in 0..cw {
            let mut v: Vec<u8> = Vec::new();
            for y in (cy * CELL..((cy + 1) * CELL).min(h)).step_by(3) {
                for x in (cx * CELL..((cx + 1) * CELL).min(w)).step_by(3) {
                    let p = img.get_pixel(x, y).0;
                    v.push(p[0].max(p[1]).max(p[2]));
                }
            }
            if !v.is_empty() {
                let k = v.len() * 9 / 10;
                v.select_nth_unstable(k);
                bg[(cy * cw + cx) as usize] = f32::from(v[k]).max(60.0);
            }
        }
    }
    let lo = rng.range(40.0, 90.0) as f32;
    let gamma = rng.range(1.0, 1.4) as f32;
    let at = |x: f32, y: f32| -> f32 {
        // Bilinear between cell centres.
        let gx = (x / CELL as f32 - 0.5).clamp(0.0, (cw - 1) as f32);
        let gy = (y / CELL as f32 - 0.5).clamp(0.0, (ch - 1) as f32);
        let (x0, y0) = (gx as u32, gy as u32);
        let (x1, y1) = ((x0 + 1).min(cw - 1), (y0 + 1).min(ch - 1));
        let (tx, ty) = (gx - x0 as f32, gy - y0 as f32);
        let b = |xx: u32, yy: u32| bg[(yy * cw + xx) as usize];
        (b(x0, y0) * (1.0 - tx) + b(x1, y0) * tx) * (1.0 - ty)
            + (b(x0, y1) * (1.0 - tx) + b(x1, y1) * tx) * ty
    };
    for (x, y, p) in img.enumerate_pixels_mut() {
        let b = at(x as f32, y as f32);
        for c in &mut p.0 {
            let v = (f32::from(*c) / b * 255.0).min(255.0);
            let t = ((v - lo) / (255.0 - lo)).clamp(0.0, 1.0).powf(gamma);
            *c = (t * 255.0) as u8;
        }
    }
}
