//! Blank C.Hasil forms from the templates of pleno-core: printable PDFs (true-size plano, or
//! fitted on A4/F4 for bimtek training sheets) and grey rasters of the same drawing.
//!
//! The corner marks and the AprilTag are drawn exactly where the template says, so a printed
//! or rendered blank is readable by Pleno's own reader (see the round-trip tests).

pub mod font;
#[cfg(test)]
mod overlay_tests;
pub mod pdf;
pub mod raster;
pub mod scene;
#[cfg(test)]
mod tests;

use image::GrayImage;
use pleno_core::template::Template;

pub use scene::{Fit, Placement, Scene, Shape, scene};

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("huruf (font) bawaan tidak dapat dibaca")]
    Font,
}

/// A printable PDF of the given pages (one PDF page each).
pub fn blank_pdf(pages: &[Template], fit: Fit) -> Result<Vec<u8>, FormError> {
    let placed: Vec<(Scene, Placement)> = pages
        .iter()
        .map(|t| {
            let s = scene(t);
            let p = Placement::new(&s, fit);
            (s, p)
        })
        .collect();
    let title = pages.first().map_or_else(String::new, |t| {
        format!("Formulir kosong {} (halaman {})", t.layout_id, t.tag_id)
    });
    pdf::document(&title, &placed)
}

/// The page drawn on a grey raster at `px_per_mm` pixels per sheet millimetre.
pub fn blank_raster(page: &Template, fit: Fit, px_per_mm: f64) -> GrayImage {
    let s = scene(page);
    let p = Placement::new(&s, fit);
    raster::render(&s, p, px_per_mm)
}
