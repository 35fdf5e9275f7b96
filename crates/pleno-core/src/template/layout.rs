//! The layout files of `assets/forms/`: one JSON file per page layout, in millimetres with the
//! origin at the top-left of the page. A layout may be shared by many pages (every party page of
//! a DPR form uses `party-10`); its keys and texts then hold placeholders that
//! [`super::Template::for_page`] fills from the catalogue and ballot.

use serde::{Deserialize, Serialize};

use super::geom::{Point, Rect};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// The large Model C.Hasil sheet (600 × 900 mm) photographed at the TPS.
    Plano,
    /// Our A4 "salinan"-style copy for scanners. The official salinan carries no marks or tag:
    /// the marks and tag ids of this family are Pleno's own (see `TagSpec`).
    Salinan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Measured from the official PKPU 25/2023 form by `tools/forms`.
    Measured,
    /// Drawn by us in the visual language of the measured pages (no official sheet available).
    Reconstructed,
    /// Detected by `pleno layout detect` from a sample scan of the sheet, then named by a
    /// person.
    Calibrated,
}

/// Shape of the four corner marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkShape {
    /// Two filled squares of side `square` touching at one corner: one up-left and one
    /// down-right of the centre point (a 2 × 2 checkerboard with two black cells). All four
    /// marks of the official plano have this same orientation.
    Checker,
    /// One filled square of side `square` centred on the point.
    Square,
    /// An L at each corner: two bars `square` long and [`L_BAR`] of that thick, running from
    /// the point (the L's outer angle) along the page's two edges towards the other corners.
    Corner,
    /// No marks are printed (the official A4 salinan has none): the points are the outer
    /// corners of the page's rulings — the ink of its long printed lines farthest towards each
    /// corner of the page — and `square` is 0.
    Frame,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CornerMarks {
    pub shape: MarkShape,
    /// Side of one black square, mm.
    pub square: f64,
    /// Centres in the order top-left, top-right, bottom-right, bottom-left.
    pub centres: [Point; 4],
}

impl CornerMarks {
    /// Side (mm) of the square that shows where a mark is in pictures for people: the mark's
    /// own square, or 6 mm around a rulings' corner (which prints nothing).
    pub fn shown_side(&self) -> f64 {
        match self.shape {
            MarkShape::Frame => 6.0,
            _ => self.square,
        }
    }

    /// The filled rectangles of the mark at corner `corner` (0 top-left, clockwise).
    pub fn pieces(&self, corner: usize) -> Vec<Rect> {
        let (c, s) = (self.centres[corner % 4], self.square);
        match self.shape {
            MarkShape::Checker => {
                vec![Rect::new(c.x - s, c.y - s, s, s), Rect::new(c.x, c.y, s, s)]
            }
            MarkShape::Square => vec![Rect::new(c.x - s / 2.0, c.y - s / 2.0, s, s)],
            MarkShape::Corner => {
                let t = s * L_BAR;
                let (right, down) = (matches!(corner % 4, 0 | 3), corner % 4 < 2);
                let x = |len: f64| if right { c.x } else { c.x - len };
                let y = |len: f64| if down { c.y } else { c.y - len };
                vec![Rect::new(x(s), y(t), s, t), Rect::new(x(t), y(s), t, s)]
            }
            MarkShape::Frame => Vec::new(),
        }
    }
}

/// Thickness of an L mark's bars, as a share of their length.
pub const L_BAR: f64 = 0.25;

/// The AprilTag of a page. The id is not stored: it is the page's tag id
/// ([`super::Template::tag_id`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagSpec {
    /// Tag family name; always `tag36h10` (as on the official plano).
    pub family: String,
    /// The black square of the tag: its 8 × 8 cells, border ring included. A white quiet zone of
    /// one cell around it must stay free of ink.
    pub rect: Rect,
    /// Clockwise rotation, in degrees (0, 90, 180, 270), of the tag image as the AprilTag
    /// library draws it (`apriltag_to_image`, row 0 on top) relative to the page.
    pub rotation: u16,
    /// Where the human-readable id is printed, if it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// A QR code printed on the page. A photo whose QR code's text begins with `text` shows this
/// page: an office may shorten the text a sample carried to the part every sheet of the page
/// shares (a QR that also names the TPS differs from sheet to sheet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QrSpec {
    /// The code's modules, quiet zone not included; page mm.
    pub rect: Rect,
    pub text: String,
}

impl QrSpec {
    /// Longest text a layout's code may hold: any QR version prints it.
    pub const MAX_TEXT: usize = 512;

    /// Whether `text` can name a page: not blank, at most [`QrSpec::MAX_TEXT`] bytes.
    pub fn text_ok(text: &str) -> bool {
        !text.trim().is_empty() && text.len() <= Self::MAX_TEXT
    }
}

/// Cells along one side of the black square of a tag36h10 tag (border ring included).
pub const TAG_CELLS: usize = 8;

impl TagSpec {
    pub fn cell_size(&self) -> f64 {
        self.rect.w / TAG_CELLS as f64
    }

    /// The page rectangle of canonical cell (`u` column, `v` row) of the 8 × 8 black square as
    /// the AprilTag library lays it out, after this tag's rotation.
    pub fn page_cell(&self, u: usize, v: usize) -> Rect {
        let n = TAG_CELLS - 1;
        let (col, row) = match self.rotation {
            90 => (n - v, u),
            180 => (n - u, n - v),
            270 => (v, n - u),
            _ => (u, v),
        };
        let s = self.cell_size();
        Rect::new(
            self.rect.x + col as f64 * s,
            self.rect.y + row as f64 * s,
            s,
            s,
        )
    }
}

/// One number on the page: its digit boxes and, where printed, its OMR bubbles and words line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSpec {
    /// Field key as in the catalogue, possibly with placeholders: `{party}` (the party of a
    /// party page) and `{n}` (the number of the pair/candidate in `slot`).
    pub key: String,
    /// Position (1-based) of the pair or candidate on this page, for keys with `{n}`. A slot
    /// with no candidate on the ballot is left out of the instantiated page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<u8>,
    /// Which group of slots (1-based; a salinan sheet holds two parties) `slot` and `{party}`
    /// refer to. Absent means group 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<u8>,
    /// Digit boxes from the most significant digit.
    pub boxes: Vec<Rect>,
    /// OMR bubbles under each box: `bubbles[box][digit]`, digits 0–9.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bubbles: Vec<Vec<Rect>>,
    /// The "(ditulis dengan huruf)" line where the number is written in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<Rect>,
    /// The boxes carry a faint dotted guide (the PPWP result page does).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub guides: bool,
}

/// A straight rule of the printed frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub a: Point,
    pub b: Point,
    /// Stroke width, mm.
    pub width: f64,
    /// 0 = black … 255 = white.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub grey: u8,
    /// Dash and gap lengths, mm, for dotted lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dash: Option<[f64; 2]>,
}

/// A filled rectangle of the printed frame (black bands, emblem placeholder).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fill {
    pub rect: Rect,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub grey: u8,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Left,
    Centre,
    Right,
}

/// A printed label. Placeholders in braces are filled per page (see `Template::for_page`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    /// Baseline point: left end, centre or right end depending on `align`.
    pub at: Point,
    /// Font size (em), mm.
    pub size: f64,
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    #[serde(default, skip_serializing_if = "is_left")]
    pub align: Align,
    /// Runs upwards (rotated 90° counter-clockwise), as the tag id on the plano.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub vertical: bool,
    /// Printed only when this slot holds a pair/candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<u8>,
    /// Group of `slot` and `{party}`, as for fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<u8>,
}

/// One page layout file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    pub id: String,
    pub family: Family,
    pub provenance: Provenance,
    /// Where the geometry comes from, in words.
    pub source: String,
    /// Page width and height, mm.
    pub width: f64,
    pub height: f64,
    /// Stroke width of digit boxes and bubbles, mm. Field rectangles are stroke centre lines:
    /// the writable inside of a box is `rect.inflate(-box_line / 2.0)`.
    pub box_line: f64,
    pub marks: CornerMarks,
    /// None on a sheet printed without an AprilTag (a layout calibrated from such a sample):
    /// its pages are told apart by their printed structure or by the clerk's choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagSpec>,
    /// A QR code the sheet prints that names the page (a layout calibrated from a sample
    /// that carries one): the identity of a sheet without a tag whose boxes are those of
    /// another page too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr: Option<QrSpec>,
    pub fields: Vec<FieldSpec>,
    #[serde(default)]
    pub lines: Vec<Line>,
    #[serde(default)]
    pub fills: Vec<Fill>,
    #[serde(default)]
    pub texts: Vec<Text>,
}

// serde's skip_serializing_if takes references.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(v: &u8) -> bool {
    *v == 0
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_left(a: &Align) -> bool {
    *a == Align::Left
}
