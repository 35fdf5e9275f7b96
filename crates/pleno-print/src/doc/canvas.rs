//! One page being drawn, in millimetres from the top-left corner (the way forms are measured),
//! turned into printpdf operations. Consecutive text shares one text section and font changes
//! are only written when the font changes: a lampiran of a large kecamatan has hundreds of
//! thousands of cells, and the size of the content streams is what printing time depends on.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point,
    Pt, Rect, TextItem, TextMatrix, WindingOrder,
};

use super::font::{MM_PER_PT, width_mm};

const PT_PER_MM: f64 = 72.0 / 25.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// The two embedded faces of one document.
#[derive(Debug, Clone)]
pub struct Fonts {
    pub regular: FontId,
    pub bold: FontId,
}

/// A text run to draw: size in points, position in mm (baseline).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f64,
    pub bold: bool,
    /// 0 = black, 1 = white.
    pub grey: f32,
}

impl Style {
    pub const fn new(size: f64, bold: bool) -> Style {
        Style {
            size,
            bold,
            grey: 0.0,
        }
    }
}

pub struct Canvas {
    pub width: f64,
    pub height: f64,
    fonts: Fonts,
    ops: Vec<Op>,
    in_text: bool,
    font: Option<(bool, u32)>,
    fill: Option<u32>,
    /// Every text box drawn (x0, y0, x1, y1 in mm), for the tests that check nothing runs off
    /// the page.
    pub extents: Vec<[f64; 4]>,
}

fn grey(g: f32) -> Color {
    Color::Greyscale(Greyscale::new(g, None))
}

impl Canvas {
    pub fn new(width: f64, height: f64, fonts: Fonts) -> Canvas {
        Canvas {
            width,
            height,
            fonts,
            ops: Vec::with_capacity(4096),
            in_text: false,
            font: None,
            fill: None,
            extents: Vec::new(),
        }
    }

    fn pt(&self, x: f64, y: f64) -> Point {
        Point {
            x: Pt((x * PT_PER_MM) as f32),
            y: Pt(((self.height - y) * PT_PER_MM) as f32),
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
            // A font set inside a text section does not outlive it in every viewer.
            self.font = None;
        }
    }

    fn set_fill(&mut self, g: f32) {
        let key = (g * 1000.0) as u32;
        if self.fill != Some(key) {
            self.ops.push(Op::SetFillColor { col: grey(g) });
            self.fill = Some(key);
        }
    }

    /// Draws `text` with its baseline at `y`; `x` is the left edge, centre or right edge.
    pub fn text(&mut self, x: f64, y: f64, align: Align, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        let w = width_mm(text, style.size, style.bold);
        let left = match align {
            Align::Left => x,
            Align::Centre => x - w / 2.0,
            Align::Right => x - w,
        };
        let ascent = style.size * MM_PER_PT * 0.75;
        self.extents.push([left, y - ascent, left + w, y]);
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
        self.set_fill(style.grey);
        let key = (style.bold, (style.size * 100.0) as u32);
        if self.font != Some(key) {
            let id = if style.bold {
                self.fonts.bold.clone()
            } else {
                self.fonts.regular.clone()
            };
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(style.size as f32),
            });
            self.font = Some(key);
        }
        let p = self.pt(left, y);
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(p.x, p.y),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
    }

    /// A filled rectangle (x, y = top-left).
    pub fn fill_rect(&mut self, x: f64, y: f64, w: f64, h: f64, g: f32) {
        self.end_text();
        self.set_fill(g);
        let p = self.pt(x, y + h);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: p.x,
                y: p.y,
                width: Pt((w * PT_PER_MM) as f32),
                height: Pt((h * PT_PER_MM) as f32),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// A stroked rectangle outline.
    pub fn stroke_rect(&mut self, x: f64, y: f64, w: f64, h: f64, width_mm: f64) {
        self.end_text();
        self.ops.push(Op::SetOutlineThickness {
            pt: Pt((width_mm * PT_PER_MM) as f32),
        });
        let p = self.pt(x, y + h);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: p.x,
                y: p.y,
                width: Pt((w * PT_PER_MM) as f32),
                height: Pt((h * PT_PER_MM) as f32),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    /// A straight line; `width_mm` is its thickness.
    pub fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, width_mm: f64) {
        self.end_text();
        self.ops.push(Op::SetOutlineThickness {
            pt: Pt((width_mm * PT_PER_MM) as f32),
        });
        let a = self.pt(x0, y0);
        let b = self.pt(x1, y1);
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: a,
                        bezier: false,
                    },
                    LinePoint {
                        p: b,
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// A dotted line for handwriting (names, signatures, notes).
    pub fn dotted(&mut self, x0: f64, y: f64, x1: f64) {
        self.end_text();
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetLineDashPattern {
            dash: printpdf::LineDashPattern::new(0.0, &[0.6, 1.4]),
        });
        self.line(x0, y, x1, y, 0.15);
        self.ops.push(Op::RestoreGraphicsState);
    }

    pub fn finish(mut self) -> (PdfPage, Vec<[f64; 4]>) {
        self.end_text();
        let page = PdfPage::new(Mm(self.width as f32), Mm(self.height as f32), self.ops);
        (page, self.extents)
    }
}
