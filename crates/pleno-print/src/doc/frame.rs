//! The furniture of every page: model box, title, the UJI COBA and SEMENTARA marks, the
//! wilayah header, and the footer with workspace id, time of printing, the SHA-256 of the data,
//! the QR code and "Halaman x dari y".

use super::canvas::{Align, Canvas, Style};
use super::qr::Qr;
use super::{DocError, DocSetup, Marker, Orientation};

pub const MARGIN_X: f64 = 12.0;
const MARGIN_TOP: f64 = 9.0;
const MARGIN_BOTTOM: f64 = 8.0;
const FOOTER_H: f64 = 19.0;
/// The QR code's side: big enough to scan from a phone held over the paper.
const QR_MM: f64 = 18.0;

pub const DRILL_TEXT: &str = "UJI COBA / BUKAN DOKUMEN RESMI";
pub const PROVISIONAL_TEXT: &str = "SEMENTARA — ANGKA BELUM SELURUHNYA DISEPAKATI";

pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub orientation: Orientation,
    /// "MODEL D.HASIL KECAMATAN-PPWP".
    pub model: String,
    /// Title lines of a section's first page.
    pub title: Vec<String>,
    /// One line on continuation pages.
    pub short_title: String,
    drill: bool,
    provisional: bool,
    workspace_id: String,
    key_fingerprint: Option<String>,
    printed_at: String,
    pub marker: Marker,
    qr: Qr,
}

/// Header fields (label, value) shown under the title.
pub type Fields = Vec<(String, String)>;

impl Frame {
    pub fn new(
        setup: &DocSetup,
        orientation: Orientation,
        model: String,
        title: &[String],
        short_title: String,
        marker: Marker,
    ) -> Result<Frame, DocError> {
        let (w, h) = setup.paper.size_mm();
        let (width, height) = match orientation {
            Orientation::Portrait => (w, h),
            Orientation::Landscape => (h, w),
        };
        // Long titles wrap to the body width rather than run off the page.
        let title = title
            .iter()
            .flat_map(|t| super::font::wrap(t, 10.0, true, width - 2.0 * MARGIN_X))
            .collect();
        Ok(Frame {
            width,
            height,
            orientation,
            model,
            title,
            short_title,
            drill: setup.drill,
            provisional: setup.provisional,
            workspace_id: setup.workspace_id.clone(),
            key_fingerprint: setup.key_fingerprint.clone(),
            printed_at: setup.printed_at.clone(),
            qr: Qr::new(&marker.encode())?,
            marker,
        })
    }

    pub fn left(&self) -> f64 {
        self.width - self.right()
    }

    pub fn right(&self) -> f64 {
        self.width - MARGIN_X
    }

    pub fn body_width(&self) -> f64 {
        self.right() - self.left()
    }

    /// Lowest y the body may use.
    pub fn bottom(&self) -> f64 {
        self.height - MARGIN_BOTTOM - FOOTER_H - 2.0
    }

    /// Draws the top of a page and returns the y where the body starts. `first` pages of a
    /// section carry the full title and header; continuation pages a one-line reminder.
    pub fn begin_page(&self, c: &mut Canvas, first: bool, fields: &Fields, cont: &str) -> f64 {
        let (l, r) = (self.left(), self.right());
        let mut y = MARGIN_TOP;
        // Model box, top right, as on every KPU form.
        let model = Style::new(8.5, true);
        let mw = super::font::width_mm(&self.model, model.size, true) + 5.0;
        c.stroke_rect(r - mw, y, mw, 6.5, 0.3);
        c.text(r - mw / 2.0, y + 4.6, Align::Centre, model, &self.model);
        c.text(
            l,
            y + 4.6,
            Align::Left,
            Style::new(8.0, true),
            "PEMILIHAN UMUM TAHUN 2024",
        );
        y += 8.5;
        let marks: Vec<&str> = [
            (self.drill, DRILL_TEXT),
            (self.provisional, PROVISIONAL_TEXT),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, t)| *t)
        .collect();
        if !marks.is_empty() {
            // A dark band with white capitals: unmistakable on a photocopy too.
            let h = 6.5;
            c.fill_rect(l, y, r - l, h, 0.15);
            let style = Style {
                size: 11.0,
                bold: true,
                grey: 1.0,
            };
            c.text(
                f64::midpoint(l, r),
                y + 4.7,
                Align::Centre,
                style,
                &marks.join("   ·   "),
            );
            y += h + 2.0;
        }
        if first {
            for line in &self.title {
                y += 4.6;
                c.text(
                    f64::midpoint(l, r),
                    y,
                    Align::Centre,
                    Style::new(10.0, true),
                    line,
                );
            }
            y += 3.0;
            y = draw_fields(c, l, r, y, fields);
        } else {
            y += 4.2;
            c.text(
                f64::midpoint(l, r),
                y,
                Align::Centre,
                Style::new(9.0, true),
                &self.short_title,
            );
            y += 4.0;
            c.text(
                f64::midpoint(l, r),
                y,
                Align::Centre,
                Style::new(7.5, false),
                cont,
            );
            y += 1.0;
        }
        y + 2.5
    }

    /// Draws the footer once the page count is known.
    pub fn footer(&self, c: &mut Canvas, page: usize, total: usize) {
        let (l, r) = (self.left(), self.right());
        let top = self.height - MARGIN_BOTTOM - FOOTER_H;
        c.line(l, top, r, top, 0.3);
        self.qr.draw(c, l - 1.0, top + 0.8, QR_MM);
        let x = l + QR_MM + 1.5;
        let small = Style::new(6.5, false);
        c.text(
            x,
            top + 5.0,
            Align::Left,
            small,
            &format!(
                "Dicetak dengan Pleno dari ruang kerja {} pada {}.",
                self.workspace_id, self.printed_at
            ),
        );
        c.text(
            x,
            top + 8.6,
            Align::Left,
            small,
            &format!("SHA-256 data rekapitulasi: {}", self.marker.sha256),
        );
        c.text(
            x,
            top + 12.2,
            Align::Left,
            Style {
                grey: 0.3,
                ..small
            },
            "Periksa keaslian: pleno verify-doc <folder ruang kerja> <berkas PDF>, atau pindai kode QR.",
        );
        c.text(
            r,
            top + 5.0,
            Align::Right,
            Style::new(8.5, true),
            &format!("Halaman {page} dari {total}"),
        );
        // The chain head on paper: `pleno verify --anchor` proves the workspace's chain still
        // passes through it, which a chain rewritten after printing cannot.
        if let Some(head) = &self.marker.head {
            c.text(
                r,
                top + 8.6,
                Align::Right,
                small,
                &format!("Rantai audit: {head}"),
            );
        }
        // Under the page number, where the long lines on the left never reach on A4 portrait:
        // the KPU Kab/Kota compares it with the key of the bundle it receives.
        if let Some(fp) = &self.key_fingerprint {
            c.text(
                r,
                top + 12.2,
                Align::Right,
                small,
                &format!("Sidik kunci paket: {fp}"),
            );
        }
    }
}

/// Header fields in two columns (label : value), returning the y below them.
fn draw_fields(c: &mut Canvas, l: f64, r: f64, mut y: f64, fields: &Fields) -> f64 {
    let rows = fields.len().div_ceil(2);
    let half = (r - l) / 2.0;
    let label_w = fields
        .iter()
        .map(|(k, _)| super::font::width_mm(k, 8.0, false))
        .fold(0.0, f64::max)
        + 2.0;
    let style = Style::new(8.0, false);
    let bold = Style::new(8.0, true);
    for (i, (k, v)) in fields.iter().enumerate() {
        let col = i / rows;
        let row = i % rows;
        let x = l + col as f64 * half;
        let yy = y + 4.2 * (row as f64 + 1.0);
        c.text(x, yy, Align::Left, style, k);
        c.text(x + label_w, yy, Align::Left, style, ":");
        let value = super::font::fit(v, 8.0, true, half - label_w - 5.0);
        c.text(x + label_w + 2.0, yy, Align::Left, bold, &value);
    }
    y += 4.2 * rows as f64 + 1.5;
    y
}
