//! PDF back end (printpdf 0.12): one page per scene, true size or fitted, Noto Sans embedded
//! as a subset.

use pleno_core::template::{Align, Point};
use printpdf::{
    Color, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point as PdfPoint, Polygon, PolygonRing, Pt, TextItem,
    TextMatrix, WindingOrder,
};

use super::FormError;
use super::font::{BOLD, REGULAR, text_width};
use super::scene::{Placement, Scene, Shape};

const PT_PER_MM: f64 = 72.0 / 25.4;

struct Out {
    place: Placement,
    ops: Vec<Op>,
}

impl Out {
    fn pt(&self, p: Point) -> PdfPoint {
        let q = self.place.point(p);
        PdfPoint {
            x: Pt((q.x * PT_PER_MM) as f32),
            y: Pt(((self.place.sheet_h - q.y) * PT_PER_MM) as f32),
        }
    }
    fn len(&self, mm: f64) -> f32 {
        (mm * self.place.scale * PT_PER_MM) as f32
    }
}

fn grey(g: u8) -> Color {
    Color::Greyscale(Greyscale::new(f32::from(g) / 255.0, None))
}

fn lp(p: PdfPoint) -> LinePoint {
    LinePoint { p, bezier: false }
}

fn fill(out: &mut Out, pts: Vec<PdfPoint>, g: u8) {
    out.ops.push(Op::SetFillColor { col: grey(g) });
    out.ops.push(Op::DrawPolygon {
        polygon: Polygon {
            rings: vec![PolygonRing {
                points: pts.into_iter().map(lp).collect(),
            }],
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        },
    });
}

/// Pages of one PDF document. Each scene becomes one page on its placement's sheet.
pub fn document(title: &str, pages: &[(Scene, Placement)]) -> Result<Vec<u8>, FormError> {
    let mut doc = PdfDocument::new(title);
    let mut warnings = Vec::new();
    let regular = ParsedFont::from_bytes(REGULAR, 0, &mut warnings).ok_or(FormError::Font)?;
    let bold = ParsedFont::from_bytes(BOLD, 0, &mut warnings).ok_or(FormError::Font)?;
    let regular = doc.add_font(&regular);
    let bold = doc.add_font(&bold);
    let mut out_pages = Vec::new();
    for (scene, place) in pages {
        let mut out = Out {
            place: *place,
            ops: Vec::new(),
        };
        for s in &scene.shapes {
            match s {
                Shape::Fill { rect, grey: g } => {
                    let pts = rect.corners().map(|c| out.pt(c)).to_vec();
                    fill(&mut out, pts, *g);
                }
                Shape::Line {
                    a,
                    b,
                    width,
                    grey: g,
                    dash,
                } => {
                    out.ops.push(Op::SaveGraphicsState);
                    out.ops.push(Op::SetOutlineColor { col: grey(*g) });
                    out.ops.push(Op::SetOutlineThickness {
                        pt: Pt(out.len(*width)),
                    });
                    if let Some([on, off]) = dash {
                        out.ops.push(Op::SetLineDashPattern {
                            dash: LineDashPattern::new(0.0, &[out.len(*on), out.len(*off)]),
                        });
                    }
                    let line = Line {
                        points: vec![lp(out.pt(*a)), lp(out.pt(*b))],
                        is_closed: false,
                    };
                    out.ops.push(Op::DrawLine { line });
                    out.ops.push(Op::RestoreGraphicsState);
                }
                Shape::Ring {
                    centre,
                    r,
                    width,
                    grey: g,
                } => {
                    out.ops.push(Op::SaveGraphicsState);
                    out.ops.push(Op::SetOutlineColor { col: grey(*g) });
                    out.ops.push(Op::SetOutlineThickness {
                        pt: Pt(out.len(*width)),
                    });
                    // A 48-gon is indistinguishable from a circle at bubble size.
                    let pts = (0..48)
                        .map(|k| {
                            let a = f64::from(k) / 48.0 * std::f64::consts::TAU;
                            lp(out.pt(Point::new(centre.x + r * a.cos(), centre.y + r * a.sin())))
                        })
                        .collect();
                    out.ops.push(Op::DrawLine {
                        line: Line {
                            points: pts,
                            is_closed: true,
                        },
                    });
                    out.ops.push(Op::RestoreGraphicsState);
                }
                Shape::Text {
                    at,
                    size,
                    text,
                    bold: is_bold,
                    align,
                    vertical,
                    grey: g,
                } => {
                    let w = text_width(text, *size, *is_bold);
                    let shift = match align {
                        Align::Left => 0.0,
                        Align::Centre => w / 2.0,
                        Align::Right => w,
                    };
                    let start = if *vertical {
                        Point::new(at.x, at.y + shift)
                    } else {
                        Point::new(at.x - shift, at.y)
                    };
                    let p = out.pt(start);
                    let font = if *is_bold {
                        bold.clone()
                    } else {
                        regular.clone()
                    };
                    out.ops.extend([
                        Op::StartTextSection,
                        Op::SetFillColor { col: grey(*g) },
                        Op::SetFont {
                            font: PdfFontHandle::External(font),
                            size: Pt(out.len(*size)),
                        },
                        Op::SetTextMatrix {
                            matrix: if *vertical {
                                TextMatrix::TranslateRotate(p.x, p.y, 90.0)
                            } else {
                                TextMatrix::Translate(p.x, p.y)
                            },
                        },
                        Op::ShowText {
                            items: vec![TextItem::Text(text.clone())],
                        },
                        Op::EndTextSection,
                    ]);
                }
            }
        }
        out_pages.push(PdfPage::new(
            Mm(place.sheet_w as f32),
            Mm(place.sheet_h as f32),
            out.ops,
        ));
    }
    let bytes = doc
        .with_pages(out_pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new());
    Ok(bytes)
}
