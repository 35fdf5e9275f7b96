//! The footer QR code: the document marker (kind, contest, workspace, SHA-256) so a phone can
//! read what a signed paper claims without Pleno.

use std::fmt::Write as _;

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

    /// Modules along one side, quiet zone not included.
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// Every run of dark modules, row by row, as (row, first column, length): one rectangle
    /// per run keeps a page stream or an SVG path small.
    pub(crate) fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for row in 0..self.width {
            let mut col = 0;
            while col < self.width {
                if !self.dark[row * self.width + col] {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < self.width && self.dark[row * self.width + col] {
                    col += 1;
                }
                runs.push((row, start, col - start));
            }
        }
        runs
    }

    /// The code as an SVG picture (one path of dark runs, a 2-module quiet zone), for a
    /// screen: the desktop app's LAN address and pairing codes.
    pub fn svg(&self) -> String {
        let side = self.width + 4;
        let mut path = String::new();
        for (row, start, run) in self.dark_runs() {
            let _ = write!(path, "M{} {}h{run}v1h-{run}z", start + 2, row + 2);
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
        )
    }

    /// Draws the code in a `size` mm square at (x, y), with its quiet zone inside the square.
    pub fn draw(&self, c: &mut Canvas, x: f64, y: f64, size: f64) {
        let quiet = 2.0;
        let module = size / (self.width as f64 + 2.0 * quiet);
        let x0 = x + quiet * module;
        let y0 = y + quiet * module;
        for (row, start, run) in self.dark_runs() {
            c.fill_rect(
                x0 + start as f64 * module,
                y0 + row as f64 * module,
                run as f64 * module + 0.01,
                module + 0.01,
                0.0,
            );
        }
    }
}
