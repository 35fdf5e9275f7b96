//! Where the page lies in the photo and which page it is: on marks the caller placed, on the
//! four corner marks and the tag, on the square marks, L marks or rulings and the boxes of a
//! page printed without a tag (named by its QR code where the boxes fit two such pages), or
//! else by the recovery paths of [`crate::frame`].

use std::time::Instant;

use image::GrayImage;
use pleno_core::template::{MarkShape, Template};

use crate::calibrate::ink::Ink;
use crate::calibrate::marks;
use crate::corners;
use crate::error::Rejection;
use crate::frame::{self, Framing};
use crate::page::{PageReading, ReadOptions, blur_instead, ms, template_for};
use crate::qr;
use crate::rulings;
use crate::tagread::{self, Geometry, Identity, Located};
use crate::untagged::{self, Quads};

/// How far a photo's L marks may be from square, and from each other's size (a share): the near
/// corner of a phone photo's page is larger and its marks foreshortened; measured on 4 MP
/// photos, sizes up to 27 % apart and a bounding box 27 % wider than high.
const PHOTO_SLACK: f64 = 0.45;

/// The photo, and its search copy (`grey` box-filtered by `factor`).
pub(crate) struct Search<'a> {
    pub grey: &'a GrayImage,
    pub small: &'a GrayImage,
    pub factor: u32,
}

/// Locates the page; what the search saw and how long it took go into `out`.
pub(crate) fn locate_page(
    s: &Search<'_>,
    geoms: &[Geometry],
    opts: &ReadOptions<'_>,
    out: &mut PageReading,
) -> Result<(Located, Framing), Rejection> {
    let t = Instant::now();
    let Search {
        grey,
        small,
        factor,
    } = *s;
    let tagless = tagless_templates(opts);
    let pages: Vec<untagged::Page<'_>> = tagless
        .iter()
        .map(|(code, template)| untagged::Page {
            code: *code,
            template,
        })
        .collect();
    // A page named to the reader that no tagless layout draws is not looked for among them.
    let pages = if opts
        .expected_tag
        .is_none_or(|e| pages.iter().any(|p| p.code == e))
    {
        pages
    } else {
        Vec::new()
    };
    // The QR codes on the photo, read once and only when boxes fit two pages alike.
    let mut codes = None;
    if let Some(c) = opts.corners {
        return match tagread::locate_fixed(grey, c, geoms) {
            Some(l) => Ok((l, Framing::Manual)),
            None if !pages.is_empty() => {
                let quads = [c];
                let at = Tagless::new(grey, &quads, &pages, Quads::Placed);
                at.locate(opts.expected_tag, &mut codes, out)
                    .map(|l| (l, Framing::Manual))
            }
            None => Err(Rejection::TagNotDecoded),
        };
    }
    // Square marks are looked at first where the office has tagless pages: on such a page the
    // tag search below finds no tag and, among its text, tries many false checkers.
    let mut squares_failed = None;
    if pages.iter().any(|p| {
        matches!(
            p.template.marks.shape,
            MarkShape::Square | MarkShape::Checker
        )
    }) {
        let squares = corners::find_squares_on(grey, small, factor);
        out.seen.marks.extend(squares.iter().copied());
        let quads = untagged::quads(&squares);
        if !quads.is_empty() {
            let at = Tagless::new(grey, &quads, &pages, Quads::Marks);
            match at.locate(opts.expected_tag, &mut codes, out) {
                Ok(l) => {
                    out.timings_ms.insert("tagless", ms(t));
                    return Ok((l, Framing::Marks));
                }
                Err(r) => squares_failed = Some(r),
            }
        }
        out.timings_ms.insert("tagless", ms(t));
    }
    let shaped = |shape: MarkShape| -> Vec<untagged::Page<'_>> {
        pages
            .iter()
            .filter(|p| p.template.marks.shape == shape)
            .copied()
            .collect()
    };
    // The L marks and the rulings are found on the search copy: they stay whole there, at a
    // fraction of the cost.
    let (angled, unmarked) = (shaped(MarkShape::Corner), shaped(MarkShape::Frame));
    let side = f64::from(small.width().min(small.height()));
    let ink = (!angled.is_empty() || !unmarked.is_empty())
        .then(|| Ink::of(small, (side / 40.0) as usize));
    let f = f64::from(factor);
    // A page that prints an L at each corner is held by their outer angles.
    if let (false, Some(ink)) = (angled.is_empty(), &ink) {
        let found = marks::find(ink, side / 150.0, side / 5.0, PHOTO_SLACK)
            .filter(|m| m[0].shape == MarkShape::Corner)
            .map(|m| m.map(|m| marks::refine_angle(grey, &m, f)));
        out.timings_ms.insert("l_marks", ms(t));
        if let Some(quad) = found {
            let quads = [quad];
            let at = Tagless::new(grey, &quads, &angled, Quads::Marks);
            match at.locate(opts.expected_tag, &mut codes, out) {
                Ok(l) => return Ok((l, Framing::Marks)),
                Err(r) => squares_failed = squares_failed.or(Some(r)),
            }
        }
    }
    // A page that prints no marks is held by the corners of its rulings.
    let mut rulings_failed = None;
    if let (false, Some(ink)) = (unmarked.is_empty(), &ink) {
        let found = rulings::corners(ink, small).map(|c| c.map(|(x, y)| (x * f, y * f)));
        out.timings_ms.insert("rulings", ms(t));
        if let Some(quad) = found {
            let quads = [quad];
            let at = Tagless::new(grey, &quads, &unmarked, Quads::Rulings);
            match at.locate(opts.expected_tag, &mut codes, out) {
                Ok(l) => return Ok((l, Framing::Rulings)),
                Err(r) => rulings_failed = Some(r),
            }
        }
    }
    let marks = corners::find_marks_on(grey, small, factor);
    out.timings_ms.insert("marks", ms(t));
    out.seen.marks.extend(marks.iter().copied());
    let failed = match tagread::locate(grey, &marks, geoms) {
        Ok(l) => return Ok((l, Framing::Marks)),
        Err(failed) => failed,
    };
    // A tagless sheet may print checkers too.
    let mut ambiguous = None;
    if !pages.is_empty() {
        let quads = untagged::quads(&marks);
        if !quads.is_empty() {
            let at = Tagless::new(grey, &quads, &pages, Quads::Marks);
            match at.locate(opts.expected_tag, &mut codes, out) {
                Ok(l) => return Ok((l, Framing::Marks)),
                // Boxes that fit two installed pages say more than a tag that is not there;
                // a mismatch says less (the photo may be a tagged page with its tag unread).
                Err(r @ Rejection::StructureAmbiguous { .. }) => ambiguous = Some(r),
                Err(_) => {}
            }
        }
    }
    let template_of = |id: u16| template_for(id, opts).map(|t| t.0);
    let search = frame::Search {
        grey,
        small,
        factor,
        marks: &marks,
    };
    let recovered = frame::recover(
        &search,
        opts.expected_tag,
        &template_of,
        failed,
        &mut out.seen,
    );
    out.timings_ms.insert("recover", ms(t));
    recovered.map(|r| (r.located, r.framing)).map_err(|r| {
        match (squares_failed.or(ambiguous), rulings_failed) {
            // Four square or L marks at the corners (no plano has them), or checkers around
            // boxes that fit two tagless pages: the tagless pages' own reason says more than
            // the tag search's.
            (Some(u), _) => u,
            // No mark at all but rulings (every form has those): likewise for a sheet printed
            // without marks.
            (None, Some(u)) if marks.is_empty() => u,
            _ => blur_instead(grey, &marks, &mut out.quality).unwrap_or(r),
        }
    })
}

/// Pages without a tag and the quadrilaterals they are looked for on.
struct Tagless<'a> {
    grey: &'a GrayImage,
    quads: &'a [[(f64, f64); 4]],
    pages: &'a [untagged::Page<'a>],
    source: Quads,
}

impl<'a> Tagless<'a> {
    fn new(
        grey: &'a GrayImage,
        quads: &'a [[(f64, f64); 4]],
        pages: &'a [untagged::Page<'a>],
        source: Quads,
    ) -> Self {
        Tagless {
            grey,
            quads,
            pages,
            source,
        }
    }

    /// The page the boxes show; when they fit two pages alike (the same table printed on
    /// both), the page a QR code on the photo names, held to its boxes. The photo's codes are
    /// read into `codes` at most once: reading them costs more than the rest of the search.
    fn locate(
        &self,
        expected: Option<u16>,
        codes: &mut Option<Vec<qr::Found>>,
        out: &mut PageReading,
    ) -> Result<Located, Rejection> {
        let at = |page| untagged::locate(self.grey, self.quads, self.pages, page, self.source);
        let ambiguous = match at(expected) {
            Err(e @ Rejection::StructureAmbiguous { .. }) => e,
            other => return other,
        };
        if expected.is_some() || self.pages.iter().all(|p| p.template.qr.is_none()) {
            return Err(ambiguous);
        }
        let found = codes.get_or_insert_with(|| {
            let t = Instant::now();
            // Where each coded page would print its code first (a few hundred pixels to
            // search instead of the whole photo); the whole photo only when no such place
            // holds one (marks placed too far off for the redrawn code).
            let mut found: Vec<qr::Found> = self
                .pages
                .iter()
                .filter_map(|p| p.template.qr.as_ref().map(|q| (p.template, q.rect)))
                .flat_map(|(t, rect)| {
                    untagged::maps(self.quads, t)
                        .into_iter()
                        .flat_map(move |h| qr::find_at(self.grey, &h, rect))
                })
                .collect();
            if found.is_empty() {
                found = qr::find(self.grey);
            }
            out.timings_ms.insert("qr", ms(t));
            found
        });
        match qr::page_named(found, self.pages).map(|page| at(Some(page))) {
            Some(Ok(l)) => Ok(Located {
                identity: Identity::Qr,
                ..l
            }),
            // A code that names no page, or a page the boxes do not show: the clerk decides.
            _ => Err(ambiguous),
        }
    }
}

/// The pages the office calibrated from samples printed without a tag, by page code (a layout
/// that holds none of the catalogues' pages is left out).
fn tagless_templates(opts: &ReadOptions<'_>) -> Vec<(u16, Template)> {
    opts.calibrated
        .iter()
        .filter(|(_, l)| l.tag.is_none())
        .filter_map(|(code, _)| template_for(*code, opts).map(|(t, _)| (*code, t)))
        .collect()
}
