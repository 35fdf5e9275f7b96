//! The picture a person names a draft from: the sample in grey with every detected field boxed
//! in colour and numbered as in the draft (`?N`), its bubbles outlined, the marks and the tag
//! framed.

use image::{Rgb, RgbImage};
use pleno_core::template::{Layout, MarkShape, Rect};

use image::GrayImage;

const FIELD: Rgb<u8> = Rgb([0, 110, 230]);
const BUBBLE: Rgb<u8> = Rgb([0, 160, 70]);
const MARK: Rgb<u8> = Rgb([220, 40, 40]);
const NUMBER: Rgb<u8> = Rgb([200, 0, 120]);

/// 3 × 5 digit glyphs, one row per `u8` (bit 2 = left column).
const GLYPHS: [[u8; 5]; 10] = [
    [7, 5, 5, 5, 7],
    [2, 6, 2, 2, 7],
    [7, 1, 7, 4, 7],
    [7, 1, 7, 1, 7],
    [5, 5, 7, 1, 1],
    [7, 4, 7, 1, 7],
    [7, 4, 7, 5, 7],
    [7, 1, 1, 1, 1],
    [7, 5, 7, 5, 7],
    [7, 5, 7, 1, 7],
];

/// The sample (upright, as detected) with `layout` drawn on it at `px_per_mm`.
pub fn render(sample: &GrayImage, layout: &Layout, px_per_mm: f64) -> RgbImage {
    let mut out = RgbImage::from_fn(sample.width(), sample.height(), |x, y| {
        // Paled so that the drawing stands out.
        let v = 128 + sample.get_pixel(x, y).0[0] / 2;
        Rgb([v, v, v])
    });
    let line = (px_per_mm * 0.6).round().max(2.0) as u32;
    for (i, c) in layout.marks.centres.iter().enumerate() {
        for sq in layout.marks.pieces(i) {
            frame(&mut out, &sq.inflate(1.0), px_per_mm, line, MARK);
        }
        // A sheet without marks is held by its rulings' corners: framed there.
        if layout.marks.shape == MarkShape::Frame {
            let side = layout.marks.shown_side();
            let r = Rect::new(c.x - side / 2.0, c.y - side / 2.0, side, side);
            frame(&mut out, &r, px_per_mm, line, MARK);
        }
    }
    if let Some(tag) = &layout.tag {
        frame(&mut out, &tag.rect.inflate(1.0), px_per_mm, line, MARK);
    }
    if let Some(qr) = &layout.qr {
        frame(&mut out, &qr.rect.inflate(1.0), px_per_mm, line, MARK);
    }
    // Large enough to read when the picture is shown a screen-column wide.
    let digit_h = (px_per_mm * 6.0)
        .max(f64::from(sample.width()) / 45.0)
        .round()
        .max(10.0) as u32;
    for (n, f) in layout.fields.iter().enumerate() {
        for b in &f.boxes {
            frame(&mut out, b, px_per_mm, line, FIELD);
        }
        for col in &f.bubbles {
            for b in col {
                frame(&mut out, b, px_per_mm, line.div_ceil(2), BUBBLE);
            }
        }
        if let Some(first) = f.boxes.first() {
            let x = ((first.x - 2.0) * px_per_mm).max(0.0) as u32;
            let y = (first.y * px_per_mm) as u32;
            number(&mut out, n + 1, x, y, digit_h);
        }
    }
    out
}

fn frame(img: &mut RgbImage, r: &Rect, ppm: f64, t: u32, colour: Rgb<u8>) {
    let (x0, y0) = ((r.x * ppm).round() as i64, (r.y * ppm).round() as i64);
    let (x1, y1) = (
        (r.right() * ppm).round() as i64,
        (r.bottom() * ppm).round() as i64,
    );
    let t = i64::from(t);
    for y in y0 - t / 2..=y1 + t / 2 {
        for x in x0 - t / 2..=x1 + t / 2 {
            let edge = (x - x0).abs() <= t / 2
                || (x - x1).abs() <= t / 2
                || (y - y0).abs() <= t / 2
                || (y - y1).abs() <= t / 2;
            if edge {
                put(img, x, y, colour);
            }
        }
    }
}

/// `n` right-aligned so that it ends at `right`, its top at `top`, digits `h` px tall.
fn number(img: &mut RgbImage, n: usize, right: u32, top: u32, h: u32) {
    let cell = (h / 5).max(2);
    let digits: Vec<usize> = n
        .to_string()
        .bytes()
        .map(|b| usize::from(b - b'0'))
        .collect();
    let width = digits.len() as u32 * 4 * cell;
    let mut x = i64::from(right) - i64::from(width);
    for d in digits {
        for (row, bits) in GLYPHS[d].iter().enumerate() {
            for col in 0..3 {
                if bits & (4 >> col) != 0 {
                    for dy in 0..cell {
                        for dx in 0..cell {
                            let px = x + i64::from(col * cell + dx);
                            let py = i64::from(top + row as u32 * cell + dy);
                            put(img, px, py, NUMBER);
                        }
                    }
                }
            }
        }
        x += i64::from(4 * cell);
    }
}

fn put(img: &mut RgbImage, x: i64, y: i64, c: Rgb<u8>) {
    if x >= 0 && y >= 0 && (x as u32) < img.width() && (y as u32) < img.height() {
        img.put_pixel(x as u32, y as u32, c);
    }
}
