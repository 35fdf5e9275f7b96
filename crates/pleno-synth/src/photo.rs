//! Turning the filled page raster into a photograph: warp through the camera, background,
//! uneven light and shadow, blur, motion blur, glare, a thumb over a corner, sensor noise.

use image::RgbImage;
use pleno_core::template::Point;

use crate::camera::Camera;
use crate::rng::Rng;
use crate::style::Style;

/// Runs `f(y, row)` over the rows of `buf` on all cores.
fn par_rows<F: Fn(usize, &mut [u8]) + Sync>(buf: &mut [u8], row_len: usize, f: F) {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let rows = buf.len() / row_len;
    let per = rows.div_ceil(threads).max(1);
    std::thread::scope(|s| {
        for (i, chunk) in buf.chunks_mut(per * row_len).enumerate() {
            let f = &f;
            s.spawn(move || {
                for (k, row) in chunk.chunks_mut(row_len).enumerate() {
                    f(i * per + k, row);
                }
            });
        }
    });
}

/// What was done to the photo, for the truth file.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Effects {
    pub blur_sigma: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motion_blur_px: Option<f64>,
    pub noise_sigma: f64,
    pub shadow: bool,
    pub glare: bool,
    /// Corner (0 TL, 1 TR, 2 BR, 3 BL) partly covered by a thumb.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occluded_corner: Option<usize>,
    pub background: String,
}

struct Light {
    exposure: f64,
    gx: f64,
    gy: f64,
    vignette: f64,
    tint: [f64; 3],
    shadow: Option<(f64, f64, f64, f64, f64)>,
}

impl Light {
    fn at(&self, x: f64, y: f64) -> [f64; 3] {
        let mut m = self.exposure * (1.0 + self.gx * (x - 0.5) + self.gy * (y - 0.5));
        let r2 = (x - 0.5).powi(2) + (y - 0.5).powi(2);
        m *= 1.0 - self.vignette * r2;
        if let Some((nx, ny, c, soft, depth)) = self.shadow {
            let d = nx * x + ny * y - c;
            let t = (d / soft).clamp(-1.0, 1.0) * 0.5 + 0.5;
            m *= 1.0 - depth * t * t * (3.0 - 2.0 * t);
        }
        [m * self.tint[0], m * self.tint[1], m * self.tint[2]]
    }
}

#[derive(Clone, Copy)]
enum Background {
    Wood([f64; 3], f64, f64),
    Wall([f64; 3]),
}

impl Background {
    fn name(self) -> &'static str {
        match self {
            Background::Wood(..) => "table",
            Background::Wall(_) => "wall",
        }
    }
    fn at(self, x: f64, y: f64, coarse: f64) -> [f64; 3] {
        match self {
            Background::Wood(c, freq, phase) => {
                let s = 0.85 + 0.15 * ((y * freq + phase + 6.0 * coarse).sin());
                [c[0] * s, c[1] * s, c[2] * s]
            }
            Background::Wall(c) => {
                let s = 0.92 + 0.16 * coarse + 0.0 * x;
                [c[0] * s, c[1] * s, c[2] * s]
            }
        }
    }
}

/// Gaussian blur, separable, on an RGB buffer.
fn blur(img: &mut RgbImage, sigma: f64) {
    if sigma < 0.2 {
        return;
    }
    let r = (sigma * 2.5).ceil() as i64;
    let k: Vec<f64> = (-r..=r)
        .map(|i| (-(i * i) as f64 / (2.0 * sigma * sigma)).exp())
        .collect();
    let sum: f64 = k.iter().sum();
    let k: Vec<f32> = k.iter().map(|v| (v / sum) as f32).collect();
    let (w, h) = (img.width() as usize, img.height() as usize);
    let src = img.as_raw().clone();
    let row = w * 3;
    par_rows(img.as_mut(), row, |y, out| {
        for x in 0..w {
            for c in 0..3 {
                let mut acc = 0.0f32;
                for (i, kv) in k.iter().enumerate() {
                    let xx = (x as i64 + i as i64 - r).clamp(0, w as i64 - 1) as usize;
                    acc += kv * f32::from(src[y * row + xx * 3 + c]);
                }
                out[x * 3 + c] = acc.round() as u8;
            }
        }
    });
    let src = img.as_raw().clone();
    par_rows(img.as_mut(), row, |y, out| {
        let mut acc = vec![0.0f32; row];
        for (i, kv) in k.iter().enumerate() {
            let yy = (y as i64 + i as i64 - r).clamp(0, h as i64 - 1) as usize;
            for (a, s) in acc.iter_mut().zip(&src[yy * row..yy * row + row]) {
                *a += kv * f32::from(*s);
            }
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o = a.round() as u8;
        }
    });
}

/// Camera shake: the average of copies shifted along a line of `len` pixels.
pub(crate) fn motion_blur(img: &mut RgbImage, len: f64, angle: f64) {
    let taps = len.ceil().max(2.0) as i64;
    let (dx, dy) = (angle.cos(), angle.sin());
    let offsets: Vec<(i64, i64)> = (0..taps)
        .map(|i| {
            let t = i as f64 - (taps - 1) as f64 / 2.0;
            ((t * dx).round() as i64, (t * dy).round() as i64)
        })
        .collect();
    let (w, h) = (img.width() as i64, img.height() as i64);
    let src = img.as_raw().clone();
    let row = (w * 3) as usize;
    par_rows(img.as_mut(), row, |y, out| {
        for x in 0..w {
            let mut acc = [0u32; 3];
            for (ox, oy) in &offsets {
                let xx = (x + ox).clamp(0, w - 1) as usize;
                let yy = (y as i64 + oy).clamp(0, h - 1) as usize;
                let p = yy * row + xx * 3;
                for c in 0..3 {
                    acc[c] += u32::from(src[p + c]);
                }
            }
            for c in 0..3 {
                out[x as usize * 3 + c] = (acc[c] / taps as u32) as u8;
            }
        }
    });
}

/// Value noise in [0, 1] on a coarse grid, bilinear.
struct Coarse {
    n: usize,
    v: Vec<f64>,
}

impl Coarse {
    fn new(n: usize, rng: &mut Rng) -> Coarse {
        Coarse {
            n,
            v: (0..(n + 1) * (n + 1)).map(|_| rng.unit()).collect(),
        }
    }
    fn at(&self, x: f64, y: f64) -> f64 {
        let (fx, fy) = (
            x.clamp(0.0, 1.0) * self.n as f64,
            y.clamp(0.0, 1.0) * self.n as f64,
        );
        let (ix, iy) = ((fx as usize).min(self.n - 1), (fy as usize).min(self.n - 1));
        let (tx, ty) = (fx - ix as f64, fy - iy as f64);
        let g = |i: usize, j: usize| self.v[j * (self.n + 1) + i];
        let a = g(ix, iy) * (1.0 - tx) + g(ix + 1, iy) * tx;
        let b = g(ix, iy + 1) * (1.0 - tx) + g(ix + 1, iy + 1) * tx;
        a * (1.0 - ty) + b * ty
    }
}

/// Renders the photo of `page` (raster at `ppm` px per mm) seen by `cam`.
pub fn shoot(
    page: &RgbImage,
    ppm: f64,
    cam: &Camera,
    marks_mm: &[Point; 4],
    style: Style,
    rng: &mut Rng,
) -> (RgbImage, Effects) {
    let p = style.params();
    let (w, h) = (cam.width as usize, cam.height as usize);
    let mut fx = Effects::default();
    let bg = if rng.chance(0.6) {
        Background::Wood(
            [
                rng.range(90.0, 160.0),
                rng.range(60.0, 110.0),
                rng.range(35.0, 70.0),
            ],
            rng.range(0.02, 0.08),
            rng.range(0.0, 6.0),
        )
    } else {
        let g = rng.range(120.0, 200.0);
        Background::Wall([g, g * rng.range(0.95, 1.02), g * rng.range(0.88, 1.0)])
    };
    fx.background = bg.name().to_string();
    let coarse = Coarse::new(6, rng);
    let shadow = rng.chance(p.shadow);
    fx.shadow = shadow;
    let warm = rng.range(-1.0, 1.0) * p.light * 0.3;
    let light = Light {
        exposure: if style == Style::Clean {
            1.0
        } else {
            rng.range(0.82, 1.05)
        },
        gx: rng.range(-1.0, 1.0) * p.light,
        gy: rng.range(-1.0, 1.0) * p.light,
        vignette: rng.range(0.0, 1.0) * p.light,
        tint: [1.0 + warm * 0.5, 1.0, 1.0 - warm],
        shadow: shadow.then(|| {
            let a = rng.range(0.0, std::f64::consts::TAU);
            (
                a.cos(),
                a.sin(),
                rng.range(-0.2, 0.2) + 0.5 * (a.cos() + a.sin()),
                rng.range(0.03, 0.15),
                rng.range(0.2, 0.45),
            )
        }),
    };
    // Page coordinates of a coarse grid of photo pixels; pixels in between are interpolated
    // (the camera map is smooth, and inverting the curl per pixel would be slow).
    const G: usize = 16;
    let (gw, gh) = (w / G + 2, h / G + 2);
    let inv = cam.h.inverse();
    let mut grid = vec![(f64::NAN, f64::NAN); gw * gh];
    if let Some(inv) = inv {
        for j in 0..gh {
            for i in 0..gw {
                let r = inv.apply(Point::new((i * G) as f64, (j * G) as f64));
                let q = cam.curl.undo(r);
                grid[j * gw + i] = (q.x * ppm, q.y * ppm);
            }
        }
    }
    let (pw, ph) = (page.width() as f64, page.height() as f64);
    let src = page.as_raw();
    let prow = page.width() as usize * 3;
    let mut out = RgbImage::new(cam.width, cam.height);
    par_rows(out.as_mut(), w * 3, |y, row| {
        let gj = y / G;
        let ty = (y % G) as f64 / G as f64;
        for x in 0..w {
            let gi = x / G;
            let tx = (x % G) as f64 / G as f64;
            let n = |i: usize, j: usize| grid[j * gw + i];
            let (a, b, c, d) = (n(gi, gj), n(gi + 1, gj), n(gi, gj + 1), n(gi + 1, gj + 1));
            let sx =
                (a.0 * (1.0 - tx) + b.0 * tx) * (1.0 - ty) + (c.0 * (1.0 - tx) + d.0 * tx) * ty;
            let sy =
                (a.1 * (1.0 - tx) + b.1 * tx) * (1.0 - ty) + (c.1 * (1.0 - tx) + d.1 * tx) * ty;
            let (nx, ny) = (x as f64 / w as f64, y as f64 / h as f64);
            let col = if sx >= 0.0 && sy >= 0.0 && sx < pw - 1.0 && sy < ph - 1.0 {
                let (x0, y0) = (sx as usize, sy as usize);
                let (fx, fy) = (sx - x0 as f64, sy - y0 as f64);
                let mut v = [0.0; 3];
                for (k, vk) in v.iter_mut().enumerate() {
                    let at = |xx: usize, yy: usize| f64::from(src[yy * prow + xx * 3 + k]);
                    *vk = (at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx) * (1.0 - fy)
                        + (at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
                }
                v
            } else {
                bg.at(nx, y as f64, coarse.at(nx, ny))
            };
            let l = light.at(nx, ny);
            for k in 0..3 {
                row[x * 3 + k] = (col[k] * l[k]).clamp(0.0, 255.0) as u8;
            }
        }
    });

    if p.occlude {
        // A thumb over a corner: a skin-coloured ellipse over the mark, sometimes fully.
        let k = rng.below(4);
        let m = cam.forward(marks_mm[k]);
        let centre = cam.forward(Point::new(cam.curl.width / 2.0, cam.curl.height / 2.0));
        let scale = f64::from(cam.width.max(cam.height)) / 40.0;
        let (rx, ry) = (scale * rng.range(1.2, 2.0), scale * rng.range(2.2, 3.5));
        let toward = rng.range(0.0, 0.8);
        let cx = m.x + (m.x - centre.x).signum() * rx * toward;
        let cy = m.y + (m.y - centre.y).signum() * ry * toward * 0.5;
        let ang = rng.range(0.0, std::f64::consts::PI);
        let skin = [
            rng.range(170.0, 215.0),
            rng.range(120.0, 160.0),
            rng.range(95.0, 130.0),
        ];
        let (s, c) = ang.sin_cos();
        let r = rx.max(ry) + 2.0;
        for y in (cy - r).max(0.0) as usize..((cy + r) as usize).min(h) {
            for x in (cx - r).max(0.0) as usize..((cx + r) as usize).min(w) {
                let (dx, dy) = (x as f64 - cx, y as f64 - cy);
                let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
                let d = (u / rx).powi(2) + (v / ry).powi(2);
                if d < 1.0 {
                    let a = ((1.0 - d) * 8.0).min(1.0);
                    let shade = 1.0 - 0.25 * d;
                    let px = out.get_pixel_mut(x as u32, y as u32);
                    for k in 0..3 {
                        px.0[k] = (f64::from(px.0[k]) * (1.0 - a) + skin[k] * shade * a) as u8;
                    }
                }
            }
        }
        fx.occluded_corner = Some(k);
    }

    fx.blur_sigma = rng.range(p.blur.0, p.blur.1);
    blur(&mut out, fx.blur_sigma);
    if p.motion {
        let len = rng.range(4.0, 12.0);
        motion_blur(&mut out, len, rng.range(0.0, std::f64::consts::PI));
        fx.motion_blur_px = Some(len);
    }
    if p.glare {
        let (gx, gy) = (
            rng.range(0.2, 0.8) * w as f64,
            rng.range(0.2, 0.8) * h as f64,
        );
        let (rx, ry) = (
            rng.range(0.05, 0.15) * w as f64,
            rng.range(0.05, 0.15) * h as f64,
        );
        let strength = rng.range(120.0, 220.0);
        par_rows(out.as_mut(), w * 3, |y, row| {
            let dy = (y as f64 - gy) / ry;
            if dy.abs() > 3.0 {
                return;
            }
            for x in 0..w {
                let dx = (x as f64 - gx) / rx;
                let g = strength * (-(dx * dx + dy * dy)).exp();
                for k in 0..3 {
                    row[x * 3 + k] = (f64::from(row[x * 3 + k]) + g).min(255.0) as u8;
                }
            }
        });
        fx.glare = true;
    }
    fx.noise_sigma = rng.range(p.noise.0, p.noise.1);
    let sigma = fx.noise_sigma;
    let seed = rng.next_u64();
    par_rows(out.as_mut(), w * 3, |y, row| {
        let mut r = Rng::new(seed ^ (y as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        for chunk in row.chunks_mut(3) {
            let bits = r.next_u64();
            // Luminance noise plus a little chroma noise, triangular distribution.
            let tri = |b: u64| ((b & 0xFF) as f64 + ((b >> 8) & 0xFF) as f64) / 255.0 - 1.0;
            let l = tri(bits) * sigma * 1.2;
            for (k, v) in chunk.iter_mut().enumerate() {
                let c = tri(bits >> (16 + 16 * k)) * sigma * 0.5;
                *v = (f64::from(*v) + l + c).clamp(0.0, 255.0) as u8;
            }
        }
    });
    (out, fx)
}
