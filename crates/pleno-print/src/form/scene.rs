//! A template as a list of simple shapes in page millimetres, drawn identically by the PDF and
//! the raster back ends (so a raster render is a faithful preview of the printed sheet).

use pleno_core::template::guide::{self, GUIDE_DOT_MM, GUIDE_GREY};
use pleno_core::template::{Align, Point, Rect, Template, tag};

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Fill {
        rect: Rect,
        grey: u8,
    },
    Line {
        a: Point,
        b: Point,
        width: f64,
        grey: u8,
        dash: Option<[f64; 2]>,
    },
    /// A circle outline: `r` is the radius of the stroke's centre line.
    Ring {
        centre: Point,
        r: f64,
        width: f64,
        grey: u8,
    },
    Text {
        at: Point,
        size: f64,
        text: String,
        bold: bool,
        align: Align,
        vertical: bool,
        grey: u8,
    },
}

/// Everything printed on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub shapes: Vec<Shape>,
}

fn outline(r: Rect, width: f64, grey: u8, dash: Option<[f64; 2]>, out: &mut Vec<Shape>) {
    let c = r.corners();
    // Extend horizontal edges by half a stroke so the corners close.
    let h = width / 2.0;
    for (a, b) in [
        (
            Point::new(c[0].x - h, c[0].y),
            Point::new(c[1].x + h, c[1].y),
        ),
        (c[1], c[2]),
        (
            Point::new(c[2].x + h, c[2].y),
            Point::new(c[3].x - h, c[3].y),
        ),
        (c[3], c[0]),
    ] {
        out.push(Shape::Line {
            a,
            b,
            width,
            grey,
            dash,
        });
    }
}

/// The tag's black cells, in page mm (none on a page printed without a tag).
pub fn tag_cells(t: &Template) -> Vec<Rect> {
    let (Some(spec), Some(cells)) = (&t.tag, tag::cells(t.tag_id)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (v, row) in cells.iter().enumerate() {
        for (u, black) in row.iter().enumerate() {
            if *black {
                out.push(spec.page_cell(u, v));
            }
        }
    }
    out
}

/// The dark modules of the page's QR code, in page mm (none when its layout prints none).
pub fn qr_cells(t: &Template) -> Vec<Rect> {
    let Some(spec) = &t.qr else {
        return Vec::new();
    };
    // The layout's check keeps the text short enough for any code.
    let Ok(code) = crate::doc::Qr::new(&spec.text) else {
        return Vec::new();
    };
    let m = spec.rect.w.min(spec.rect.h) / code.width() as f64;
    code.dark_runs()
        .into_iter()
        .map(|(row, col, run)| {
            Rect::new(
                spec.rect.x + col as f64 * m,
                spec.rect.y + row as f64 * m,
                run as f64 * m,
                m,
            )
        })
        .collect()
}

pub fn scene(t: &Template) -> Scene {
    let mut s = Vec::new();
    for f in &t.fills {
        s.push(Shape::Fill {
            rect: f.rect,
            grey: f.grey,
        });
    }
    for l in &t.lines {
        s.push(Shape::Line {
            a: l.a,
            b: l.b,
            width: l.width,
            grey: l.grey,
            dash: l.dash,
        });
    }
    for i in 0..4 {
        for rect in t.marks.pieces(i) {
            s.push(Shape::Fill { rect, grey: 0 });
        }
    }
    for rect in tag_cells(t).into_iter().chain(qr_cells(t)) {
        s.push(Shape::Fill { rect, grey: 0 });
    }
    let texts = t
        .texts
        .iter()
        .chain(t.tag.iter().flat_map(|g| g.label.iter()));
    for f in &t.fields {
        for b in &f.boxes {
            outline(*b, t.box_line, 0, None, &mut s);
            if f.guides {
                // The official dotted "8" with its centre stroke (pleno_core::template::guide):
                // it helps people write digits of even size, and many trace it.
                let half = GUIDE_DOT_MM / 2.0;
                for c in guide::dots(*b) {
                    s.push(Shape::Fill {
                        rect: Rect::new(c.x - half, c.y - half, GUIDE_DOT_MM, GUIDE_DOT_MM),
                        grey: GUIDE_GREY,
                    });
                }
            }
        }
        for column in &f.bubbles {
            for (digit, b) in column.iter().enumerate() {
                s.push(Shape::Ring {
                    centre: b.centre(),
                    r: b.w.min(b.h) / 2.0,
                    width: t.box_line * 0.75,
                    grey: 0,
                });
                s.push(Shape::Text {
                    at: Point::new(b.centre().x, b.centre().y + b.h * 0.22),
                    size: b.h * 0.62,
                    text: digit.to_string(),
                    bold: false,
                    align: Align::Centre,
                    vertical: false,
                    grey: 0,
                });
            }
        }
    }
    for x in texts {
        s.push(Shape::Text {
            at: x.at,
            size: x.size,
            text: x.text.clone(),
            bold: x.bold,
            align: x.align,
            vertical: x.vertical,
            grey: 0,
        });
    }
    Scene {
        width: t.width,
        height: t.height,
        shapes: s,
    }
}

/// Where a page sits on the output sheet: a plano at true size, or shrunk onto A4/F4 for
/// training sheets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Output sheet width and height, mm.
    pub sheet_w: f64,
    pub sheet_h: f64,
    /// Page mm → sheet mm: `sheet = page × scale + offset`.
    pub scale: f64,
    pub dx: f64,
    pub dy: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// True size (plano 600 × 900 mm).
    Actual,
    A4,
    /// Folio, 215 × 330 mm, common in Indonesian offices.
    F4,
}

impl Placement {
    pub fn new(scene: &Scene, fit: Fit) -> Placement {
        let (sw, sh) = match fit {
            Fit::Actual => {
                return Placement {
                    sheet_w: scene.width,
                    sheet_h: scene.height,
                    scale: 1.0,
                    dx: 0.0,
                    dy: 0.0,
                };
            }
            Fit::A4 => (210.0, 297.0),
            Fit::F4 => (215.0, 330.0),
        };
        // The plano's own margin holds the corner marks, so a small sheet margin suffices.
        let margin = 4.0;
        let scale = ((sw - 2.0 * margin) / scene.width).min((sh - 2.0 * margin) / scene.height);
        Placement {
            sheet_w: sw,
            sheet_h: sh,
            scale,
            dx: (sw - scene.width * scale) / 2.0,
            dy: (sh - scene.height * scale) / 2.0,
        }
    }

    pub fn point(&self, p: Point) -> Point {
        Point::new(p.x * self.scale + self.dx, p.y * self.scale + self.dy)
    }
}
