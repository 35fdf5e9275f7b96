//! Handwritten digits from the MNIST test split (assets/handwriting, CC BY-SA 3.0): glyphs the
//! digit model never trained on, so results on synthetic photos are honest held-out results.

use std::sync::OnceLock;

use image::GrayImage;
use serde::Deserialize;

const PNG: &[u8] = include_bytes!("../../../assets/handwriting/mnist-test-3000.png");
const JSON: &str = include_str!("../../../assets/handwriting/mnist-test-3000.json");

#[derive(Deserialize)]
struct Meta {
    cell: u32,
    columns: u32,
    labels: Vec<u8>,
}

pub struct Atlas {
    img: GrayImage,
    cell: u32,
    columns: u32,
    /// Cell indices of each digit class.
    by_digit: [Vec<u32>; 10],
}

/// A glyph: ink darkness 0..1, tightly cropped.
pub struct Glyph {
    pub w: usize,
    pub h: usize,
    pub ink: Vec<f32>,
}

impl Glyph {
    /// Bilinear ink at glyph coordinates (pixel centres at +0.5), 0 outside.
    pub fn sample(&self, x: f64, y: f64) -> f32 {
        let (x, y) = (x - 0.5, y - 0.5);
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = ((x - x0) as f32, (y - y0) as f32);
        let at = |xi: f64, yi: f64| -> f32 {
            if xi < 0.0 || yi < 0.0 || xi >= self.w as f64 || yi >= self.h as f64 {
                0.0
            } else {
                self.ink[yi as usize * self.w + xi as usize]
            }
        };
        let a = at(x0, y0) * (1.0 - fx) + at(x0 + 1.0, y0) * fx;
        let b = at(x0, y0 + 1.0) * (1.0 - fx) + at(x0 + 1.0, y0 + 1.0) * fx;
        a * (1.0 - fy) + b * fy
    }
}

static ATLAS: OnceLock<Result<Atlas, String>> = OnceLock::new();

pub fn atlas() -> Result<&'static Atlas, String> {
    ATLAS
        .get_or_init(|| {
            let meta: Meta = serde_json::from_str(JSON).map_err(|e| e.to_string())?;
            let img = image::load_from_memory(PNG)
                .map_err(|e| e.to_string())?
                .into_luma8();
            let mut by_digit: [Vec<u32>; 10] = Default::default();
            for (i, &d) in meta.labels.iter().enumerate() {
                if let Some(v) = by_digit.get_mut(usize::from(d)) {
                    v.push(i as u32);
                }
            }
            if by_digit.iter().any(Vec::is_empty) {
                return Err("handwriting atlas lacks a digit class".into());
            }
            Ok(Atlas {
                img,
                cell: meta.cell,
                columns: meta.columns,
                by_digit,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl Atlas {
    /// Number of samples of `digit`.
    pub fn count(&self, digit: u8) -> usize {
        self.by_digit[usize::from(digit % 10)].len()
    }

    /// Sample `k` of `digit`, cropped to its ink.
    pub fn glyph(&self, digit: u8, k: usize) -> Glyph {
        let cells = &self.by_digit[usize::from(digit % 10)];
        let idx = cells[k % cells.len()];
        let (cx, cy) = (
            (idx % self.columns) * self.cell,
            (idx / self.columns) * self.cell,
        );
        let c = self.cell as usize;
        let ink: Vec<f32> = (0..c * c)
            .map(|i| {
                let p = self
                    .img
                    .get_pixel(cx + (i % c) as u32, cy + (i / c) as u32)
                    .0[0];
                (255.0 - f32::from(p)) / 255.0
            })
            .collect();
        let on = |x: usize, y: usize| ink[y * c + x] > 0.15;
        let xs: Vec<usize> = (0..c).filter(|&x| (0..c).any(|y| on(x, y))).collect();
        let ys: Vec<usize> = (0..c).filter(|&y| (0..c).any(|x| on(x, y))).collect();
        let (x0, x1) = (*xs.first().unwrap_or(&0), *xs.last().unwrap_or(&(c - 1)));
        let (y0, y1) = (*ys.first().unwrap_or(&0), *ys.last().unwrap_or(&(c - 1)));
        let (w, h) = (x1 - x0 + 1, y1 - y0 + 1);
        let mut out = Vec::with_capacity(w * h);
        for y in y0..=y1 {
            for x in x0..=x1 {
                out.push(ink[y * c + x]);
            }
        }
        Glyph { w, h, ink: out }
    }
}
