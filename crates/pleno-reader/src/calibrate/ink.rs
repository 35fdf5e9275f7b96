//! The sample's ink as a mask and its 8-connected components, on the full-resolution image.
//!
//! A scan's light is rarely even (the lid's shadow, a phone scanner's vignette), so a pixel is
//! ink when it is clearly darker than its neighbourhood, or black outright. The neighbourhood is
//! wider than any mark or box, so a filled square stays filled to its centre.

use image::GrayImage;

/// One dark component: its bounding box (inclusive pixel bounds) and its pixel count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Component {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
    pub count: usize,
}

impl Component {
    pub fn w(&self) -> usize {
        self.x1 - self.x0 + 1
    }
    pub fn h(&self) -> usize {
        self.y1 - self.y0 + 1
    }
    pub fn centre(&self) -> (f64, f64) {
        (
            (self.x0 + self.x1 + 1) as f64 / 2.0,
            (self.y0 + self.y1 + 1) as f64 / 2.0,
        )
    }
    /// Share of the bounding box that is this component's ink.
    pub fn fill(&self) -> f64 {
        self.count as f64 / (self.w() * self.h()) as f64
    }
}

/// The labelled ink of a sample: `label[y * w + x]` is 0 for paper, else the component's index
/// + 1 in `components`.
pub struct Ink {
    pub w: usize,
    pub h: usize,
    pub label: Vec<u32>,
    pub components: Vec<Component>,
}

/// Below this grey a pixel is ink whatever its neighbourhood.
const BLACK: u32 = 90;
/// Above this grey a pixel is paper whatever its neighbourhood (a faint printed guide is not
/// part of any box's outline).
const PAPER: u32 = 200;

impl Ink {
    /// Thresholds `img` against its local mean over a window of `2 r + 1` px and labels the
    /// result.
    pub fn of(img: &GrayImage, r: usize) -> Ink {
        let (w, h) = (img.width() as usize, img.height() as usize);
        let raw = img.as_raw();
        let integral = integral(raw, w, h);
        let mut dark = vec![false; w * h];
        for y in 0..h {
            let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(h));
            for x in 0..w {
                let v = u32::from(raw[y * w + x]);
                if v >= PAPER {
                    continue;
                }
                let (xa, xb) = (x.saturating_sub(r), (x + r + 1).min(w));
                let sum = integral[yb * (w + 1) + xb] + integral[ya * (w + 1) + xa]
                    - integral[ya * (w + 1) + xb]
                    - integral[yb * (w + 1) + xa];
                let n = ((yb - ya) * (xb - xa)) as u64;
                dark[y * w + x] = v < BLACK || u64::from(v) * 4 * n < sum * 3;
            }
        }
        let (label, components) = label(&dark, w, h);
        Ink {
            w,
            h,
            label,
            components,
        }
    }

    /// Whether pixel (x, y) belongs to component `c` (0-based).
    pub fn is(&self, x: usize, y: usize, c: usize) -> bool {
        self.label[y * self.w + x] as usize == c + 1
    }

    /// Whether pixel (x, y) is ink of any component.
    pub fn dark(&self, x: usize, y: usize) -> bool {
        self.label[y * self.w + x] != 0
    }
}

fn integral(raw: &[u8], w: usize, h: usize) -> Vec<u64> {
    let mut out = vec![0u64; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += u64::from(raw[y * w + x]);
            out[(y + 1) * (w + 1) + x + 1] = out[y * (w + 1) + x + 1] + row;
        }
    }
    out
}

fn label(dark: &[bool], w: usize, h: usize) -> (Vec<u32>, Vec<Component>) {
    let mut label = vec![0u32; w * h];
    let mut comps = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if !dark[start] || label[start] != 0 {
            continue;
        }
        let id = comps.len() as u32 + 1;
        let (sx, sy) = (start % w, start / w);
        let mut c = Component {
            x0: sx,
            y0: sy,
            x1: sx,
            y1: sy,
            count: 0,
        };
        label[start] = id;
        stack.push(start);
        while let Some(p) = stack.pop() {
            let (x, y) = (p % w, p / w);
            c.count += 1;
            c.x0 = c.x0.min(x);
            c.x1 = c.x1.max(x);
            c.y0 = c.y0.min(y);
            c.y1 = c.y1.max(y);
            for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    let q = ny * w + nx;
                    if dark[q] && label[q] == 0 {
                        label[q] = id;
                        stack.push(q);
                    }
                }
            }
        }
        comps.push(c);
    }
    (label, comps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ring_and_a_dot_are_two_components_with_their_boxes() {
        let mut img = GrayImage::from_pixel(60, 40, image::Luma([250]));
        for i in 10..30 {
            for (x, y) in [(i, 10), (i, 29), (10, i), (29, i)] {
                img.put_pixel(x, y, image::Luma([0]));
            }
        }
        img.put_pixel(45, 20, image::Luma([0]));
        let ink = Ink::of(&img, 15);
        assert_eq!(ink.components.len(), 2);
        let ring = ink.components[0];
        assert_eq!((ring.x0, ring.y0, ring.x1, ring.y1), (10, 10, 29, 29));
        assert_eq!(ring.count, 76);
        assert!(ink.is(10, 15, 0) && !ink.is(15, 15, 0) && ink.dark(45, 20));
    }
}
