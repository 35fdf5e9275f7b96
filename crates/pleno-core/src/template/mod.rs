//! Form templates: the geometry of every C.Hasil page (corner marks, AprilTag, digit boxes,
//! OMR bubbles, words lines, printed frame) as data in `assets/forms/`, shared by the reader
//! and the blank-form printer.
//!
//! - [`layout`]: the file format (one JSON file per page layout, millimetres, origin top-left);
//! - [`registry`]: the embedded files and their lookup by id;
//! - [`plan`]: which layout each page of a form uses and what sits in its slots;
//! - [`Template`]: a layout instantiated for one page of a concrete [`Catalogue`], with field
//!   keys resolved (`suara_calon_{party}_{n}` → `suara_calon_5_3`) and labels filled in.
//!
//! Page identity is the tag id: the plano page code (101–599, type × 100 + page, 99 = closing
//! page) or, for our A4 salinan sheets, [`plan::SALINAN_TAG_BASE`] + type × 100 + sheet.

pub mod geom;
pub mod guide;
mod kind;
pub mod layout;
pub mod plan;
pub mod registry;
mod resolve;
pub mod tag;
#[allow(clippy::unreadable_literal)]
pub mod tag36h10;
#[cfg(test)]
mod tests;

pub use geom::{Point, Rect};
pub use layout::{
    Align, CornerMarks, Family, FieldSpec, Fill, L_BAR, Layout, Line, MarkShape, Provenance,
    QrSpec, TAG_CELLS, TagSpec, Text,
};
pub use plan::{Group, Plan, SALINAN_TAG_BASE, plano_plans, salinan_plans};
pub use registry::{LAYOUT_IDS, layout, layouts};

use crate::ballot::Ballot;
use crate::catalogue::{Catalogue, PageCode};
use crate::field::FieldKey;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("halaman dengan kode {0} tidak ada pada formulir ini")]
    UnknownPage(u16),
    #[error("tata letak formulir '{0}' tidak ada")]
    MissingLayout(String),
    #[error("tata letak formulir '{id}' rusak: {detail}")]
    BadLayout { id: String, detail: String },
    #[error("halaman {page}: isian tata letak tidak cocok dengan katalog ({detail})")]
    Mismatch { page: u16, detail: String },
}

/// One number on an instantiated page.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateField {
    pub key: FieldKey,
    /// Digit boxes, most significant first.
    pub boxes: Vec<Rect>,
    /// `bubbles[box][digit]` where the page has OMR bubbles (PPWP page 2), else empty.
    pub bubbles: Vec<Vec<Rect>>,
    /// The "(ditulis dengan huruf)" line, for display to people.
    pub words: Option<Rect>,
    /// The boxes carry a faint dotted guide.
    pub guides: bool,
}

/// A page layout instantiated for one page of a concrete form.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// AprilTag id printed on the page.
    pub tag_id: u16,
    pub layout_id: String,
    pub family: Family,
    pub provenance: Provenance,
    /// Page width and height, mm.
    pub width: f64,
    pub height: f64,
    /// Stroke width of boxes and bubbles, mm (rectangles are stroke centre lines).
    pub box_line: f64,
    pub marks: CornerMarks,
    /// None when the page prints no tag (see [`Layout::tag`]).
    pub tag: Option<TagSpec>,
    /// The QR code that names the page, if its layout has one.
    pub qr: Option<QrSpec>,
    /// Fields in layout (paper) order; exactly the catalogue's fields for this page.
    pub fields: Vec<TemplateField>,
    pub lines: Vec<Line>,
    pub fills: Vec<Fill>,
    /// Labels with every placeholder filled in.
    pub texts: Vec<Text>,
    /// "Halaman N dari M".
    pub page_no: usize,
    pub page_count: usize,
}

impl Template {
    /// The plano page `code` of `catalogue`'s form. Names of pairs/candidates print as the
    /// official blank does ("NAMA CALON …"); use [`Template::for_page_with_ballot`] for names.
    pub fn for_page(code: PageCode, catalogue: &Catalogue) -> Result<Template, TemplateError> {
        Template::for_tag(code.0, catalogue, None)
    }

    /// As [`Template::for_page`], with pair, party and candidate names from `ballot`.
    pub fn for_page_with_ballot(
        code: PageCode,
        catalogue: &Catalogue,
        ballot: &Ballot,
    ) -> Result<Template, TemplateError> {
        Template::for_tag(code.0, catalogue, Some(ballot))
    }

    /// Any page by its tag id: a plano page code or a salinan sheet id.
    pub fn for_tag(
        tag_id: u16,
        catalogue: &Catalogue,
        ballot: Option<&Ballot>,
    ) -> Result<Template, TemplateError> {
        let plan = Template::plan(tag_id, catalogue)?;
        Template::with_layout(registry::layout(plan.layout)?, &plan, catalogue, ballot)
    }

    /// Page `tag_id` drawn by `layout` instead of the shipped one (a layout calibrated by the
    /// office from a sample of its sheet). It must hold exactly the page's fields.
    pub fn for_tag_in(
        layout: &Layout,
        tag_id: u16,
        catalogue: &Catalogue,
        ballot: Option<&Ballot>,
    ) -> Result<Template, TemplateError> {
        Template::with_layout(
            layout,
            &Template::plan(tag_id, catalogue)?,
            catalogue,
            ballot,
        )
    }

    /// Page `tag_id` as an office reads it: drawn by its layout in `calibrated` (by page code)
    /// where it has one, else by the shipped layout.
    pub fn in_force(
        tag_id: u16,
        catalogue: &Catalogue,
        calibrated: &[(u16, Layout)],
    ) -> Result<Template, TemplateError> {
        match calibrated.iter().find(|(t, _)| *t == tag_id) {
            Some((_, layout)) => Template::for_tag_in(layout, tag_id, catalogue, None),
            None => Template::for_tag(tag_id, catalogue, None),
        }
    }

    fn plan(tag_id: u16, catalogue: &Catalogue) -> Result<Plan, TemplateError> {
        Template::plans(catalogue)
            .into_iter()
            .find(|p| p.tag_id == tag_id)
            .ok_or(TemplateError::UnknownPage(tag_id))
    }

    fn with_layout(
        layout: &Layout,
        plan: &Plan,
        catalogue: &Catalogue,
        ballot: Option<&Ballot>,
    ) -> Result<Template, TemplateError> {
        let t = resolve::instantiate(layout, plan, catalogue, ballot)?;
        resolve::check_fields(&t, plan, catalogue)?;
        Ok(t)
    }

    /// Every page of the form, plano then salinan, with its tag id and layout.
    pub fn plans(catalogue: &Catalogue) -> Vec<Plan> {
        let mut all = plano_plans(catalogue);
        all.extend(salinan_plans(catalogue));
        all
    }

    /// Corner-mark centres, top-left, top-right, bottom-right, bottom-left (mm).
    pub fn corner_centres(&self) -> [Point; 4] {
        self.marks.centres
    }

    /// The black square of the AprilTag (mm), if the page prints one.
    pub fn tag_square(&self) -> Option<Rect> {
        self.tag.as_ref().map(|t| t.rect)
    }

    pub fn field(&self, key: FieldKey) -> Option<&TemplateField> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn keys(&self) -> impl Iterator<Item = FieldKey> + '_ {
        self.fields.iter().map(|f| f.key)
    }

    /// Every digit box of the page with its field and position (0 = most significant).
    pub fn digit_boxes(&self) -> impl Iterator<Item = (FieldKey, usize, Rect)> + '_ {
        self.fields
            .iter()
            .flat_map(|f| f.boxes.iter().enumerate().map(move |(i, r)| (f.key, i, *r)))
    }
}
