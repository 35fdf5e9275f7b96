//! Pages filled top to bottom: starts pages with their furniture, knows how much room is
//! left, and adds the footers ("Halaman x dari y") once the page count is known.

use printpdf::PdfPage;

use super::canvas::{Canvas, Fonts};
use super::frame::{Fields, Frame};

pub struct Flow<'a> {
    pub frame: &'a Frame,
    fonts: Fonts,
    pub pages: Vec<Canvas>,
    pub y: f64,
    /// Header fields of the current section (desa for a lampiran).
    pub fields: Fields,
    /// Reminder line on continuation pages.
    pub cont: String,
}

impl<'a> Flow<'a> {
    pub fn new(frame: &'a Frame, fonts: Fonts, fields: Fields) -> Flow<'a> {
        Flow {
            frame,
            fonts,
            pages: Vec::new(),
            y: 0.0,
            fields,
            cont: String::new(),
        }
    }

    pub fn page(&mut self) -> &mut Canvas {
        if self.pages.is_empty() {
            self.new_page(true);
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a page: `first` = the full title and header fields.
    pub fn new_page(&mut self, first: bool) {
        let mut c = Canvas::new(self.frame.width, self.frame.height, self.fonts.clone());
        self.y = self
            .frame
            .begin_page(&mut c, first, &self.fields, &self.cont);
        self.pages.push(c);
    }

    pub fn room(&self) -> f64 {
        self.frame.bottom() - self.y
    }

    /// Room on a fresh continuation page (to decide whether a unit is worth moving).
    pub fn fresh_room(&self) -> f64 {
        let mut scratch = Canvas::new(self.frame.width, self.frame.height, self.fonts.clone());
        self.frame.bottom()
            - self
                .frame
                .begin_page(&mut scratch, false, &self.fields, &self.cont)
    }

    /// Ensures `h` mm are free, starting a continuation page if not. Returns whether a page
    /// was started.
    pub fn ensure(&mut self, h: f64) -> bool {
        if self.pages.is_empty() || self.room() < h {
            self.new_page(self.pages.is_empty());
            true
        } else {
            false
        }
    }

    /// Footers on every page, then the pages and every text box that leaves the page area.
    pub fn finish(self) -> (Vec<PdfPage>, Vec<(usize, [f64; 4])>) {
        let total = self.pages.len();
        let mut out = Vec::with_capacity(total);
        let mut overflow = Vec::new();
        for (i, mut c) in self.pages.into_iter().enumerate() {
            self.frame.footer(&mut c, i + 1, total);
            let (w, h) = (c.width, c.height);
            let (page, extents) = c.finish();
            for e in extents {
                // Office printers leave about 4 mm unprinted at every edge.
                if e[0] < 4.0 || e[1] < 4.0 || e[2] > w - 4.0 || e[3] > h - 4.0 {
                    overflow.push((i, e));
                }
            }
            out.push(page);
        }
        (out, overflow)
    }
}
