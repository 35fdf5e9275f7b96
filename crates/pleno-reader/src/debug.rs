//! A debug picture of a read page: the photo warped back to the flat page, every digit box
//! outlined where it was read, in a colour the caller picks per field (e.g. by status).

use image::{GrayImage, Rgb, RgbImage};
use pleno_core::template::Rect;

use crate::fields::{FieldReading, FieldStatus};
use crate::geom::sample;
use crate::page::PageReading;

/// Long side of the debug picture, px.
const SIDE: f64 = 1800.0;

pub const GREEN: [u8; 3] = [0, 170, 0];
pub const ORANGE: [u8; 3] = [240, 140, 0];
pub const RED: [u8; 3] = [220, 0, 0];
pub const BLUE: [u8; 3] = [0, 90, 220];

/// Colour by the reader's own status: read green, empty blue, otherwise red.
pub fn status_colour(f: &FieldReading) -> [u8; 3] {
    match f.status {
        FieldStatus::Read => GREEN,
        FieldStatus::Empty => BLUE,
        FieldStatus::Unreadable | FieldStatus::Inconsistent => RED,
    }
}

/// None when the page was not located.
pub fn render(
    grey: &GrayImage,
    reading: &PageReading,
    colour: impl Fn(usize, &FieldReading) -> [u8; 3],
) -> Option<RgbImage> {
    let h = reading.homography?;
    let t = reading.template.as_ref()?;
    let s = SIDE / t.width.max(t.height);
    let (w, hh) = ((t.width * s) as u32, (t.height * s) as u32);
    let mut img = RgbImage::new(w, hh);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (px, py) = h.apply((f64::from(x) + 0.5) / s, (f64::from(y) + 0.5) / s);
        let v = sample(grey, px, py).map_or(0, |v| v as u8);
        *p = Rgb([v, v, v]);
    }
    for (i, (f, boxes)) in reading.fields.iter().zip(&reading.placed).enumerate() {
        let c = colour(i, f);
        for r in boxes {
            outline(&mut img, *r, s, c, 3);
        }
        if let (Some(b), Some(tf)) = (&f.bubbles, t.fields.get(i)) {
            for (col, rects) in b.columns.iter().zip(&tf.bubbles) {
                if let Some(r) = col.digit.and_then(|d| rects.get(usize::from(d))) {
                    outline(&mut img, *r, s, c, 2);
                }
            }
        }
    }
    Some(img)
}

fn outline(img: &mut RgbImage, r: Rect, s: f64, c: [u8; 3], width: i64) {
    let (x0, y0) = ((r.x * s) as i64, (r.y * s) as i64);
    let (x1, y1) = ((r.right() * s) as i64, (r.bottom() * s) as i64);
    let (w, h) = (i64::from(img.width()), i64::from(img.height()));
    let mut put = |x: i64, y: i64| {
        if x >= 0 && y >= 0 && x < w && y < h {
            img.put_pixel(x as u32, y as u32, Rgb(c));
        }
    };
    for k in 0..width {
        for x in x0..=x1 {
            put(x, y0 + k);
            put(x, y1 - k);
        }
        for y in y0..=y1 {
            put(x0 + k, y);
            put(x1 - k, y);
        }
    }
}
