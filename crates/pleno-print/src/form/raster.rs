//! Pure-Rust rasteriser of a [`Scene`]: anti-aliased axis-aligned rules and fills, rings and
//! text (ab_glyph), onto an 8-bit grey page. Fast enough for 12 MP synthetic photos.

use ab_glyph::{Font, Glyph, ScaleFont, point};
use image::GrayImage;
use pleno_core::template::{Align, Point};

use super::font::{faces, text_width};
use super::scene::{Placement, Scene, Shape};

/// A grey canvas with page → pixel mapping.
pub struct Canvas {
    pub img: GrayImage,
    /// Output pixels per sheet mm.
    px_per_mm: f64,
    place: Placement,
}

impl Canvas {
    fn blend(&mut self, x: i64, y: i64, grey: u8, cov: f64) {
        if cov <= 0.0
            || x < 0
            || y < 0
            || x >= i64::from(self.img.width())
            || y >= i64::from(self.img.height())
        {
            return;
        }
        let p = self.img.get_pixel_mut(x as u32, y as u32);
        let c = cov.min(1.0);
        let v = f64::from(p.0[0]) * (1.0 - c) + f64::from(grey) * c;
        p.0[0] = v.round() as u8;
    }

    fn px(&self, p: Point) -> (f64, f64) {
        let q = self.place.point(p);
        (q.x * self.px_per_mm, q.y * self.px_per_mm)
    }

    fn len(&self, mm: f64) -> f64 {
        mm * self.place.scale * self.px_per_mm
    }

    /// Fills [x0, x1) × [y0, y1) in pixel coordinates with exact area coverage at the edges.
    fn fill_px(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, grey: u8) {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        for py in y0.floor() as i64..y1.ceil() as i64 {
            let cy = (y1.min(py as f64 + 1.0) - y0.max(py as f64)).max(0.0);
            for px in x0.floor() as i64..x1.ceil() as i64 {
                let cx = (x1.min(px as f64 + 1.0) - x0.max(px as f64)).max(0.0);
                self.blend(px, py, grey, cx * cy);
            }
        }
    }

    fn line(&mut self, a: Point, b: Point, width: f64, grey: u8, dash: Option<[f64; 2]>) {
        let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
        if len <= 0.0 {
            return;
        }
        let segments: Vec<(f64, f64)> = match dash {
            Some([on, off]) if on > 0.0 => {
                let mut v = Vec::new();
                let mut t = 0.0;
                while t < len {
                    v.push((t, (t + on).min(len)));
                    t += on + off;
                }
                v
            }
            _ => vec![(0.0, len)],
        };
        let (ux, uy) = ((b.x - a.x) / len, (b.y - a.y) / len);
        let axis = ux.abs() < 1e-9 || uy.abs() < 1e-9;
        for (s, e) in segments {
            let p = Point::new(a.x + ux * s, a.y + uy * s);
            let q = Point::new(a.x + ux * e, a.y + uy * e);
            if axis {
                let h = width / 2.0;
                let (p0, p1) = if uy.abs() < 1e-9 {
                    (
                        Point::new(p.x.min(q.x), p.y - h),
                        Point::new(p.x.max(q.x), p.y + h),
                    )
                } else {
                    (
                        Point::new(p.x - h, p.y.min(q.y)),
                        Point::new(p.x + h, p.y.max(q.y)),
                    )
                };
                let (x0, y0) = self.px(p0);
                let (x1, y1) = self.px(p1);
                self.fill_px(x0, y0, x1, y1, grey);
            } else {
                // Slanted rules are rare (none on the forms): stamp small squares.
                let steps = (self.len(e - s) * 2.0).ceil().max(1.0) as usize;
                let w = self.len(width).max(1.0) / 2.0;
                for k in 0..=steps {
                    let t = k as f64 / steps as f64;
                    let (x, y) = self.px(Point::new(p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t));
                    self.fill_px(x - w, y - w, x + w, y + w, grey);
                }
            }
        }
    }

    fn ring(&mut self, c: Point, r: f64, width: f64, grey: u8) {
        let (cx, cy) = self.px(c);
        let (r, hw) = (self.len(r), self.len(width) / 2.0);
        let outer = r + hw + 1.0;
        for py in (cy - outer).floor() as i64..=(cy + outer).ceil() as i64 {
            for px in (cx - outer).floor() as i64..=(cx + outer).ceil() as i64 {
                let d = ((px as f64 + 0.5 - cx).powi(2) + (py as f64 + 0.5 - cy).powi(2)).sqrt();
                let cov = (hw + 0.5 - (d - r).abs()).clamp(0.0, 1.0);
                self.blend(px, py, grey, cov);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        at: Point,
        size: f64,
        text: &str,
        bold: bool,
        align: Align,
        vertical: bool,
        grey: u8,
    ) {
        let Some(f) = faces() else { return };
        let font = f.face(bold);
        let px_size = self.len(size) as f32;
        if px_size < 1.0 {
            return;
        }
        let scaled = font.as_scaled(px_size);
        let width = self.len(text_width(text, size, bold));
        let shift = match align {
            Align::Left => 0.0,
            Align::Centre => width / 2.0,
            Align::Right => width,
        };
        let (ox, oy) = self.px(at);
        // Lay glyphs out along the baseline in a local frame (u along the text, v down), then
        // map to pixels: horizontal (x = ox + u, y = oy + v) or upward (x = ox + v, y = oy − u).
        let mut caret = -shift as f32;
        let mut prev = None;
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            let glyph: Glyph = id.with_scale_and_position(px_size, point(caret, 0.0));
            caret += scaled.h_advance(id);
            prev = Some(id);
            let Some(outlined) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outlined.px_bounds();
            let mut hits = Vec::new();
            outlined.draw(|gx, gy, c| {
                let u = f64::from(bounds.min.x) + f64::from(gx);
                let v = f64::from(bounds.min.y) + f64::from(gy);
                hits.push((u, v, f64::from(c)));
            });
            for (u, v, c) in hits {
                let (x, y) = if vertical {
                    (ox + v, oy - u - 1.0)
                } else {
                    (ox + u, oy + v)
                };
                self.blend(x.floor() as i64, y.floor() as i64, grey, c);
            }
        }
    }
}

/// Renders `scene` placed on its sheet at `px_per_mm` output pixels per sheet millimetre.
pub fn render(scene: &Scene, place: Placement, px_per_mm: f64) -> GrayImage {
    let w = (place.sheet_w * px_per_mm).round().max(1.0) as u32;
    let h = (place.sheet_h * px_per_mm).round().max(1.0) as u32;
    let mut c = Canvas {
        img: GrayImage::from_pixel(w, h, image::Luma([255])),
        px_per_mm,
        place,
    };
    for s in &scene.shapes {
        match s {
            Shape::Fill { rect, grey } => {
                let (x0, y0) = c.px(Point::new(rect.x, rect.y));
                let (x1, y1) = c.px(Point::new(rect.right(), rect.bottom()));
                c.fill_px(x0, y0, x1, y1, *grey);
            }
            Shape::Line {
                a,
                b,
                width,
                grey,
                dash,
            } => c.line(*a, *b, *width, *grey, *dash),
            Shape::Ring {
                centre,
                r,
                width,
                grey,
            } => c.ring(*centre, *r, *width, *grey),
            Shape::Text {
                at,
                size,
                text,
                bold,
                align,
                vertical,
                grey,
            } => c.text(*at, *size, text, *bold, *align, *vertical, *grey),
        }
    }
    c.img
}
