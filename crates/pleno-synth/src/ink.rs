//! Pen marks on the page raster: handwritten digits (MNIST glyphs), "X" and "-" in empty
//! leading boxes, filled bubbles and scribbled words. Coordinates are page millimetres.

use image::RgbImage;
use pleno_core::template::{Point, Rect};

use crate::atlas::{Atlas, Glyph};
use crate::rng::Rng;

/// The pen of one page: every mark on a form is written with the same pen.
#[derive(Debug, Clone, Copy)]
pub struct Pen {
    pub rgb: [f32; 3],
    /// Stroke width of drawn lines (X, dash, words, bubbles), mm.
    pub width: f64,
    /// Extra thickness of digit strokes, in glyph pixels (0 = MNIST's own).
    pub thicken: f64,
    pub name: &'static str,
}

impl Pen {
    pub fn random(rng: &mut Rng) -> Pen {
        if rng.chance(0.65) {
            Pen {
                rgb: [
                    rng.range(15.0, 40.0) as f32,
                    rng.range(35.0, 70.0) as f32,
                    rng.range(120.0, 170.0) as f32,
                ],
                width: rng.range(0.7, 1.4),
                thicken: rng.range(0.0, 0.9),
                name: "blue",
            }
        } else {
            let k = rng.range(15.0, 40.0) as f32;
            Pen {
                rgb: [k, k, k + 5.0],
                width: rng.range(0.7, 1.4),
                thicken: rng.range(0.0, 0.9),
                name: "black",
            }
        }
    }
}

/// The page raster with its scale.
pub struct Sheet<'a> {
    pub img: &'a mut RgbImage,
    pub ppm: f64,
}

impl Sheet<'_> {
    fn blend(&mut self, x: i64, y: i64, rgb: [f32; 3], a: f32) {
        if a <= 0.0
            || x < 0
            || y < 0
            || x >= i64::from(self.img.width())
            || y >= i64::from(self.img.height())
        {
            return;
        }
        let p = self.img.get_pixel_mut(x as u32, y as u32);
        let a = a.min(1.0);
        for c in 0..3 {
            // Ink darkens (a pen never lightens paper).
            let v = f32::from(p.0[c]);
            let t = v * (1.0 - a) + rgb[c].min(v) * a;
            p.0[c] = t.round() as u8;
        }
    }

    /// A handwritten `digit` inside `inner` (the writable inside of a box).
    pub fn digit(&mut self, atlas: &Atlas, digit: u8, inner: Rect, rng: &mut Rng, pen: Pen) {
        let g = atlas.glyph(digit, rng.below(atlas.count(digit)));
        let th = inner.h * rng.range(0.45, 0.9);
        let aspect = g.w as f64 / g.h as f64 * rng.range(0.85, 1.15);
        let tw = (th * aspect).min(inner.w * 0.9);
        let cx = inner.centre().x + rng.range(-0.5, 0.5) * (inner.w - tw).max(0.0) * 0.6;
        let cy = inner.centre().y + rng.range(-0.5, 0.5) * (inner.h - th).max(0.0) * 0.6;
        self.glyph(&g, Point::new(cx, cy), tw, th, rng, pen);
    }

    /// A handwritten `digit` written across the whole box `b`, running into or over its
    /// border, as people do who ignore the box.
    pub fn digit_large(&mut self, atlas: &Atlas, digit: u8, b: Rect, rng: &mut Rng, pen: Pen) {
        let g = atlas.glyph(digit, rng.below(atlas.count(digit)));
        let th = b.h * rng.range(0.92, 1.12);
        let tw = (th * g.w as f64 / g.h as f64 * rng.range(0.9, 1.3)).min(b.w * 1.05);
        let c = b.centre();
        let at = Point::new(
            c.x + rng.range(-0.12, 0.12) * b.w,
            c.y + rng.range(-0.08, 0.08) * b.h,
        );
        let pen = Pen {
            thicken: pen.thicken + rng.range(0.3, 1.0),
            ..pen
        };
        self.glyph(&g, at, tw, th, rng, pen);
    }

    /// A small handwritten `digit` tucked into a corner of `inner`.
    pub fn digit_small(&mut self, atlas: &Atlas, digit: u8, inner: Rect, rng: &mut Rng, pen: Pen) {
        let g = atlas.glyph(digit, rng.below(atlas.count(digit)));
        let th = inner.h * rng.range(0.28, 0.42);
        let tw = (th * g.w as f64 / g.h as f64).min(inner.w * 0.4);
        let left = rng.chance(0.5);
        let top = rng.chance(0.5);
        let at = Point::new(
            if left {
                inner.x + tw / 2.0 + 0.4
            } else {
                inner.right() - tw / 2.0 - 0.4
            },
            if top {
                inner.y + th / 2.0 + 0.4
            } else {
                inner.bottom() - th / 2.0 - 0.4
            },
        );
        self.glyph(&g, at, tw, th, rng, pen);
    }

    /// Glyph `g` drawn `tw` × `th` mm around `centre`, slightly turned and sheared.
    fn glyph(&mut self, g: &Glyph, centre: Point, tw: f64, th: f64, rng: &mut Rng, pen: Pen) {
        let angle = rng.range(-8.0, 8.0).to_radians();
        let shear = rng.range(-0.15, 0.15);
        let (sin, cos) = angle.sin_cos();
        let ppm = self.ppm;
        let r = (tw.max(th) * 0.75) * ppm;
        let (pcx, pcy) = (centre.x * ppm, centre.y * ppm);
        let t = pen.thicken;
        let opacity = rng.range(0.8, 1.0) as f32;
        for py in (pcy - r).floor() as i64..=(pcy + r).ceil() as i64 {
            for px in (pcx - r).floor() as i64..=(pcx + r).ceil() as i64 {
                // Pixel → glyph: undo rotation, then shear, then scale.
                let (dx, dy) = ((px as f64 + 0.5 - pcx) / ppm, (py as f64 + 0.5 - pcy) / ppm);
                let (u, v) = (dx * cos + dy * sin, -dx * sin + dy * cos);
                let u = u - shear * v;
                let gx = (u / tw + 0.5) * g.w as f64;
                let gy = (v / th + 0.5) * g.h as f64;
                if gx < -2.0 || gy < -2.0 || gx > g.w as f64 + 2.0 || gy > g.h as f64 + 2.0 {
                    continue;
                }
                let mut ink = g.sample(gx, gy);
                if t > 0.0 {
                    for (ox, oy) in [(t, 0.0), (-t, 0.0), (0.0, t), (0.0, -t)] {
                        ink = ink.max(g.sample(gx + ox, gy + oy));
                    }
                }
                let a = (ink * 1.3).min(1.0) * opacity;
                self.blend(px, py, pen.rgb, a);
            }
        }
    }

    /// A pen stroke along `pts` (mm), anti-aliased discs stamped along the path.
    pub fn stroke(&mut self, pts: &[Point], width: f64, pen: Pen) {
        let ppm = self.ppm;
        let rad = (width * ppm / 2.0).max(0.7);
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt() * ppm;
            let steps = (len / (rad * 0.5).max(0.5)).ceil().max(1.0) as usize;
            for k in 0..=steps {
                let f = k as f64 / steps as f64;
                let (x, y) = ((a.x + (b.x - a.x) * f) * ppm, (a.y + (b.y - a.y) * f) * ppm);
                for py in (y - rad - 1.0).floor() as i64..=(y + rad + 1.0).ceil() as i64 {
                    for px in (x - rad - 1.0).floor() as i64..=(x + rad + 1.0).ceil() as i64 {
                        let d =
                            ((px as f64 + 0.5 - x).powi(2) + (py as f64 + 0.5 - y).powi(2)).sqrt();
                        let a = (rad + 0.5 - d).clamp(0.0, 1.0) as f32;
                        self.blend(px, py, pen.rgb, a * 0.92);
                    }
                }
            }
        }
    }

    /// A slightly wobbly straight stroke from `a` to `b`.
    fn wobbly(&mut self, a: Point, b: Point, rng: &mut Rng, pen: Pen) {
        let bend = rng.range(-0.06, 0.06);
        let (nx, ny) = (-(b.y - a.y), b.x - a.x);
        let pts: Vec<Point> = (0..=8)
            .map(|k| {
                let t = f64::from(k) / 8.0;
                let s = bend * 4.0 * t * (1.0 - t);
                Point::new(
                    a.x + (b.x - a.x) * t + nx * s,
                    a.y + (b.y - a.y) * t + ny * s,
                )
            })
            .collect();
        self.stroke(&pts, pen.width, pen);
    }

    /// "X" in an empty leading box.
    pub fn cross(&mut self, inner: Rect, rng: &mut Rng, pen: Pen) {
        let m = |rng: &mut Rng, lo: f64, hi: f64| rng.range(lo, hi);
        let (x0, x1) = (
            inner.x + inner.w * m(rng, 0.15, 0.3),
            inner.x + inner.w * m(rng, 0.7, 0.85),
        );
        let (y0, y1) = (
            inner.y + inner.h * m(rng, 0.15, 0.3),
            inner.y + inner.h * m(rng, 0.7, 0.85),
        );
        self.wobbly(Point::new(x0, y0), Point::new(x1, y1), rng, pen);
        self.wobbly(Point::new(x1, y0), Point::new(x0, y1), rng, pen);
    }

    /// A box-wide "X" from corner to corner of box `b` (line centres), into the border: how
    /// most KPPS cross out unused leading boxes on real planos.
    pub fn cross_box(&mut self, b: Rect, rng: &mut Rng, pen: Pen) {
        let o = |rng: &mut Rng| rng.range(-1.2, 1.5);
        let (x0, y0) = (b.x - o(rng), b.y - o(rng));
        let (x1, y1) = (b.right() + o(rng), b.bottom() + o(rng));
        let (x2, y2) = (b.right() + o(rng), b.y - o(rng));
        let (x3, y3) = (b.x - o(rng), b.bottom() + o(rng));
        self.wobbly(Point::new(x0, y0), Point::new(x1, y1), rng, pen);
        self.wobbly(Point::new(x2, y2), Point::new(x3, y3), rng, pen);
    }

    /// "-" in an empty leading box.
    pub fn dash(&mut self, inner: Rect, rng: &mut Rng, pen: Pen) {
        let y = inner.y + inner.h * rng.range(0.42, 0.58);
        let a = Point::new(inner.x + inner.w * rng.range(0.2, 0.35), y);
        let b = Point::new(
            inner.x + inner.w * rng.range(0.65, 0.8),
            y + rng.range(-0.5, 0.5),
        );
        self.wobbly(a, b, rng, pen);
    }

    /// A bubble blackened by pen: dense zigzag strokes inside the circle.
    pub fn fill_bubble(&mut self, r: Rect, rng: &mut Rng, pen: Pen) {
        let c = r.centre();
        let rad = r.w.min(r.h) / 2.0 * rng.range(0.75, 0.95);
        let step = pen.width * 0.7;
        let mut pts = Vec::new();
        let mut y = -rad;
        let mut left = true;
        while y <= rad {
            let half = (rad * rad - y * y).max(0.0).sqrt();
            let x = if left { -half } else { half };
            pts.push(Point::new(c.x + x + rng.range(-0.3, 0.3), c.y + y));
            left = !left;
            y += step;
        }
        self.stroke(&pts, pen.width, pen);
    }

    /// Cursive-looking scribble for the number in words, across `r`.
    pub fn words(&mut self, r: Rect, rng: &mut Rng, pen: Pen) {
        let h = (r.h * 0.35).min(9.0);
        let base = r.y + r.h * rng.range(0.55, 0.7);
        let mut x = r.x + rng.range(2.0, 8.0);
        let end = r.x + r.w * rng.range(0.55, 0.95);
        while x < end - 10.0 {
            let len = rng.range(12.0, 40.0).min(end - x);
            let n = (len * 3.0) as usize;
            let freq = rng.range(0.9, 1.6);
            let pts: Vec<Point> = (0..=n)
                .map(|k| {
                    let t = k as f64 / n as f64 * len;
                    let amp = h * (0.5 + 0.5 * (t * 0.37).sin().abs());
                    Point::new(
                        x + t + 0.8 * (t * freq * 2.0).sin(),
                        base - amp * (t * freq).sin().abs(),
                    )
                })
                .collect();
            self.stroke(&pts, pen.width * 0.8, pen);
            x += len + rng.range(4.0, 9.0);
        }
    }
}
