//! Per-stage debug pictures of one read (in the manner of VxSuite's image debug writer): what
//! the reader decoded, which marks and tags it saw, where it put the page, where it cut the
//! boxes and what it made of each crop. Also when it failed: the pictures up to the failing
//! stage show what was found. `pleno read --debug DIR` writes them, one PNG per stage.

use std::fmt::Write as _;

use image::{GrayImage, Rgb, RgbImage};
use pleno_core::template::{Point, Template};

use crate::corners::Mark;
use crate::debug::{self, BLUE, GREEN, ORANGE, RED};
use crate::fields::FieldReading;
use crate::geom::{Homography, sample};
use crate::model::{EMPTY, MARK};
use crate::page::PageReading;
use crate::tagfind::FoundTag;

/// What the search saw before the page was placed (kept only for the debug pictures).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    pub marks: Vec<Mark>,
    pub tags: Vec<FoundTag>,
}

/// Long side of the overview pictures, px.
const SIDE: u32 = 1600;

/// The pictures of every stage the read reached, named `1-decode` … `5-crops`.
pub fn pictures(
    grey: &GrayImage,
    reading: &PageReading,
    colour: impl Fn(usize, &FieldReading) -> [u8; 3],
) -> Vec<(&'static str, RgbImage)> {
    let mut out = vec![("1-decode", overview(grey).0)];
    out.push(("2-marks", marks(grey, reading)));
    if let (Some(h), Some(t)) = (reading.homography, reading.template.as_ref()) {
        out.push(("3-page", page(grey, &h, t)));
    }
    if let Some(img) = debug::render(grey, reading, &colour) {
        out.push(("4-boxes", img));
    }
    if !reading.crops.is_empty() {
        out.push(("5-crops", crops(reading, &colour)));
    }
    out
}

/// The photo shrunk to at most [`SIDE`] px, and the factor it was shrunk by.
fn overview(grey: &GrayImage) -> (RgbImage, f64) {
    let f = grey.width().max(grey.height()).div_ceil(SIDE).max(1);
    let small = crate::decode::downscale(grey, f);
    let img = RgbImage::from_fn(small.width(), small.height(), |x, y| {
        let v = small.get_pixel(x, y).0[0];
        Rgb([v, v, v])
    });
    (img, f64::from(f))
}

/// Every mark candidate (orange; the four corners used, green) and every tag seen (blue).
fn marks(grey: &GrayImage, r: &PageReading) -> RgbImage {
    let (mut img, f) = overview(grey);
    for m in &r.seen.marks {
        let s = (m.size / f / 2.0).max(3.0);
        square(&mut img, (m.x / f, m.y / f), s, ORANGE, 2);
    }
    for t in &r.seen.tags {
        let q = t.corners.map(|(x, y)| (x / f, y / f));
        for i in 0..4 {
            line(&mut img, q[i], q[(i + 1) % 4], BLUE, 3);
        }
    }
    if let Some(c) = r.corners {
        for p in c {
            square(&mut img, (p.0 / f, p.1 / f), 12.0, GREEN, 3);
        }
    }
    img
}

/// The photo warped onto the page with the template's rulings, boxes, marks and tag drawn
/// over it in red: where they do not sit on the print, the page was placed wrong.
fn page(grey: &GrayImage, h: &Homography, t: &Template) -> RgbImage {
    let s = f64::from(SIDE) / t.width.max(t.height);
    let (w, hh) = ((t.width * s) as u32, (t.height * s) as u32);
    let mut img = RgbImage::from_fn(w, hh, |x, y| {
        let (px, py) = h.apply((f64::from(x) + 0.5) / s, (f64::from(y) + 0.5) / s);
        let v = sample(grey, px, py).map_or(40, |v| v as u8);
        Rgb([v, v, v])
    });
    let at = |p: Point| (p.x * s, p.y * s);
    for l in &t.lines {
        line(&mut img, at(l.a), at(l.b), RED, 1);
    }
    for f in &t.fields {
        for b in &f.boxes {
            let c = b.corners();
            for i in 0..4 {
                line(&mut img, at(c[i]), at(c[(i + 1) % 4]), RED, 1);
            }
        }
    }
    for c in t.marks.centres {
        square(&mut img, at(c), t.marks.shown_side() * s, RED, 1);
    }
    if let Some(tag) = &t.tag {
        let c = tag.rect.corners();
        for i in 0..4 {
            line(&mut img, at(c[i]), at(c[(i + 1) % 4]), RED, 1);
        }
    }
    img
}

/// Every box as cut for the model (two crops a row per field, enlarged), with the class read
/// under it in the field's colour; the segment reader's digit, where it had one, beside it.
fn crops(r: &PageReading, colour: &impl Fn(usize, &FieldReading) -> [u8; 3]) -> RgbImage {
    const CELL: u32 = 112;
    const LABEL: u32 = 26;
    let cols = r.crops.iter().map(Vec::len).max().unwrap_or(1).max(1) as u32;
    let rows = r.crops.len() as u32;
    let mut img = RgbImage::from_pixel(
        cols * (CELL + 6) + 6,
        rows * (CELL + LABEL + 6) + 6,
        Rgb([255; 3]),
    );
    for (i, (f, boxes)) in r.fields.iter().zip(&r.crops).enumerate() {
        let c = colour(i, f);
        for (j, crop) in boxes.iter().enumerate() {
            let (x0, y0) = (6 + j as u32 * (CELL + 6), 6 + i as u32 * (CELL + LABEL + 6));
            if let Some(crop) = crop {
                for y in 0..CELL {
                    for x in 0..CELL {
                        let v = crop[(y / 2 * 56 + x / 2) as usize];
                        img.put_pixel(x0 + x, y0 + y, Rgb([v, v, v]));
                    }
                }
            }
            // A field with a box not read (cut off, or a blot) holds fewer readings than
            // boxes: no label rather than another box's.
            let Some(d) = f.digits.get(j).filter(|_| f.digits.len() == boxes.len()) else {
                write(&mut img, x0, y0 + CELL + 4, "?", c);
                continue;
            };
            let label = match d.class {
                EMPTY => "E".to_string(),
                MARK => "X".to_string(),
                k => k.to_string(),
            };
            let p = (d.p[d.class] * 100.0).round() as u32;
            let mut text = format!("{label} {p}");
            if let Some(s) = d.segments.and_then(|s| s.digit) {
                let _ = write!(text, " S{s}");
            }
            write(&mut img, x0, y0 + CELL + 4, &text, c);
        }
    }
    img
}

fn put(img: &mut RgbImage, x: i64, y: i64, c: [u8; 3]) {
    if x >= 0 && y >= 0 && x < i64::from(img.width()) && y < i64::from(img.height()) {
        img.put_pixel(x as u32, y as u32, Rgb(c));
    }
}

fn line(img: &mut RgbImage, a: (f64, f64), b: (f64, f64), c: [u8; 3], width: i64) {
    let n = ((b.0 - a.0).abs().max((b.1 - a.1).abs()).ceil() as usize).max(1);
    for k in 0..=n {
        let t = k as f64 / n as f64;
        let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        for dy in 0..width {
            for dx in 0..width {
                put(img, x as i64 + dx - width / 2, y as i64 + dy - width / 2, c);
            }
        }
    }
}

fn square(img: &mut RgbImage, c: (f64, f64), half: f64, col: [u8; 3], width: i64) {
    let (x0, y0, x1, y1) = (c.0 - half, c.1 - half, c.0 + half, c.1 + half);
    line(img, (x0, y0), (x1, y0), col, width);
    line(img, (x1, y0), (x1, y1), col, width);
    line(img, (x1, y1), (x0, y1), col, width);
    line(img, (x0, y1), (x0, y0), col, width);
}

/// 3 × 5 pixel glyphs of the few characters the labels use, drawn 4× large.
fn glyph(ch: char) -> [u8; 5] {
    match ch {
        '0' => [7, 5, 5, 5, 7],
        '1' => [2, 6, 2, 2, 7],
        '2' => [7, 1, 7, 4, 7],
        '3' => [7, 1, 7, 1, 7],
        '4' => [5, 5, 7, 1, 1],
        '5' => [7, 4, 7, 1, 7],
        '6' => [7, 4, 7, 5, 7],
        '7' => [7, 1, 1, 1, 1],
        '8' => [7, 5, 7, 5, 7],
        '9' => [7, 5, 7, 1, 7],
        'E' => [7, 4, 7, 4, 7],
        'X' => [5, 5, 2, 5, 5],
        'S' => [7, 4, 2, 1, 7],
        '?' => [7, 1, 2, 0, 2],
        _ => [0; 5],
    }
}

fn write(img: &mut RgbImage, x0: u32, y0: u32, text: &str, c: [u8; 3]) {
    const S: i64 = 4;
    for (k, ch) in text.chars().enumerate() {
        let rows = glyph(ch);
        for (j, bits) in rows.iter().enumerate() {
            for i in 0..3 {
                if bits >> (2 - i) & 1 == 1 {
                    for dy in 0..S {
                        for dx in 0..S {
                            put(
                                img,
                                i64::from(x0) + k as i64 * 4 * S + i64::from(i) * S + dx,
                                i64::from(y0) + j as i64 * S + dy,
                                c,
                            );
                        }
                    }
                }
            }
        }
    }
}
