//! The sample's AprilTag: where its black square lies on the upright page and how it is turned.

use image::GrayImage;
use pleno_core::template::TAG_CELLS;
use pleno_core::template::tag;

use crate::corners::search_factor;
use crate::decode::downscale;
use crate::geom::{bounds, sample};
use crate::tagfind::find_tags;

pub struct SampleTag {
    pub id: u16,
    /// The black square, px: x, y, w, h.
    pub rect_px: (f64, f64, f64, f64),
    /// Clockwise turn of the canonical tag on the page (`TagSpec::rotation`).
    pub rotation: u16,
}

/// The first tag decoded on the sample. Its rotation is read again on the cells sampled in the
/// page's own orientation (row 0 on top), so that it means what `TagSpec::rotation` means.
pub fn find(img: &GrayImage) -> Option<SampleTag> {
    let f = search_factor(img);
    let found = find_tags(img, &downscale(img, f), f);
    let t = found.first()?;
    let (x0, y0, w, h) = bounds(&t.corners);
    let cell = (w / TAG_CELLS as f64, h / TAG_CELLS as f64);
    let mut values = [[0f32; TAG_CELLS]; TAG_CELLS];
    for (r, row) in values.iter_mut().enumerate() {
        for (c, v) in row.iter_mut().enumerate() {
            let x = x0 + (c as f64 + 0.5) * cell.0;
            let y = y0 + (r as f64 + 0.5) * cell.1;
            *v = sample(img, x, y)?;
        }
    }
    let lo = values.iter().flatten().copied().fold(f32::MAX, f32::min);
    let hi = values.iter().flatten().copied().fold(f32::MIN, f32::max);
    let mid = f32::midpoint(lo, hi);
    let grid = values.map(|row| row.map(|v| v < mid));
    let decoded = tag::decode(&grid, 2)?;
    Some(SampleTag {
        id: decoded.id,
        rect_px: (x0, y0, w, h),
        rotation: decoded.rotation,
    })
}
