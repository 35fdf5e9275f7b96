//! The footer QR code: the document marker (kind, contest, workspace, SHA-256) so a phone can
//! read what a signed paper claims without Pleno.

use qrcode::{Color, EcLevel, QrCode};

use super::DocError;
use super::canvas::Canvas;

/// Dark modules of the code, row by row.
pub struct Qr {
    width: usize,
    dark: Vec<bool>,
}

impl Qr {
    pub fn new(text: &str) -> Result<Qr, DocError> {
        // Level M survives a fold or a stamp across the corner of the code.
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|e| DocError::Qr(e.to_string()))?;
        Ok(Qr {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Draws the code in a `size` mm square at (x, y), with its quiet zone inside the square.
    pub fn draw(&self, c: &mut Canvas, x: f64, y: f64, size: f64) {
        let quiet = 2.0;
        let module = size / (self.width as f64 + 2.0 * quiet);
        let x0 = x + quiet * module;
        let y0 = y + quiet * module;
        for row in 0..self.width {
            let mut col = 0;
            while col < self.width {
                if !self.dark[row * self.width + col] {
                    col += 1;
                    continue;
                }
                // One rectangle per run of dark modules keeps the page stream small.
                let start = col;
                while col < self.width && self.dark[row * self.width + col] {
                    col += 1;
                }
                c.fill_rect(
                    x0 + start as f64 * module,
                    y0 + row as f64 * module,
                    (col - start) as f64 * module + 0.01,
                    module + 0.01,
                    0.0,
                );
            }
        }
    }
}
