//! One page image → its identity and field readings: decode, quality gate, marks, identity,
//! then every field (local alignment, crops, digit model, bubbles).

use std::collections::BTreeMap;
use std::time::Instant;

use image::GrayImage;
use pleno_core::format::percent;
use pleno_core::kind::ContestKind;
use pleno_core::template::{Layout, MarkShape, Rect, Template};
use pleno_core::{Catalogue, Contest, FormValues};
use serde::Serialize;

use crate::corners::{self, Mark};
use crate::decode::{self, DEFAULT_MAX_PIXELS};
use crate::digits::{too_inked_for_empty, washed_out};
use crate::error::Rejection;
use crate::fields::{FieldReading, FieldStatus, argmax, interpret};
use crate::frame::Framing;
use crate::geom::Homography;
use crate::locate::{Search, locate_page};
use crate::model::{CLASSES, DigitModel, EMPTY, ModelError};
use crate::place::{classify, place_fields};
use crate::quality::{self, MIN_BOX_PX, Quality, QualityReason};
use crate::stages::Seen;
use crate::tagread::{self, Geometry, Identity, Located};

/// Mark square side assumed when no template is known yet (the plano's).
const PLANO_SQUARE_MM: f64 = 7.24;

/// What the caller knows about the page.
#[derive(Debug, Clone)]
pub struct ReadOptions<'a> {
    /// Forms the page may belong to (one catalogue per contest of the TPS).
    pub catalogues: &'a [Catalogue],
    /// The tag id the clerk says this is; another tag is a wrong page.
    pub expected_tag: Option<u16>,
    /// Manual corner-mark centres in photo pixels (of the upright image), page order:
    /// top-left, top-right, bottom-right, bottom-left of the printed page.
    pub corners: Option<[(f64, f64); 4]>,
    pub max_pixels: u64,
    /// Layouts calibrated by the office, by the tag id of the page they draw: used instead of
    /// the shipped layout of that page, and their marks and tag are looked for too.
    pub calibrated: &'a [(u16, Layout)],
    /// Contest kinds defined by data whose pages may be in the photo; a page of one is drawn
    /// by its layout in `calibrated`.
    pub kinds: &'a [ContestKind],
    /// The office's labelled crops, for on-site adaptation (`adapt.rs`).
    pub prototypes: Option<&'a crate::adapt::Prototypes>,
}

impl<'a> ReadOptions<'a> {
    pub fn new(catalogues: &'a [Catalogue]) -> ReadOptions<'a> {
        ReadOptions {
            catalogues,
            expected_tag: None,
            corners: None,
            max_pixels: DEFAULT_MAX_PIXELS,
            calibrated: &[],
            kinds: &[],
            prototypes: None,
        }
    }
}

/// Everything read from one page image. `rejected` set means nothing else may be trusted.
#[derive(Debug, Clone, Serialize)]
pub struct PageReading {
    /// The page's code: its tag id, or the code a tagless calibrated layout was installed for.
    pub tag_id: Option<u16>,
    /// How that code was established.
    pub identity: Option<Identity>,
    pub contest: Option<Contest>,
    /// The id of the contest kind defined by data the page belongs to (then `contest` is None).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Page number within its form (1-based).
    pub page: Option<usize>,
    pub layout: Option<String>,
    /// Clockwise quarter turn of the page in the photo.
    pub orientation: Option<u16>,
    /// How the page was placed in the photo.
    pub framing: Option<Framing>,
    /// Part of the page lies outside the photo (half a sheet, a corner cut off): `fields`
    /// holds only the fields that are on it, at least in part.
    pub partial: bool,
    /// Mark centres found (or given) in photo pixels, page order.
    pub corners: Option<[(f64, f64); 4]>,
    pub quality: Quality,
    #[serde(skip)]
    pub rejected: Option<Rejection>,
    pub fields: Vec<FieldReading>,
    pub timings_ms: BTreeMap<&'static str, f64>,
    /// Page mm → photo px (for debug images and the UI's overlay).
    #[serde(skip)]
    pub homography: Option<Homography>,
    /// Where each field's boxes were read, page mm after local alignment (same order as
    /// `fields`).
    #[serde(skip)]
    pub placed: Vec<Vec<Rect>>,
    /// Each box as cut for the model: 56 × 56 grey, the guide as printed (same order as
    /// `fields`; None where a box ran off the photo). For debug pictures and labelled crops.
    #[serde(skip)]
    pub crops: Vec<Vec<Option<Vec<u8>>>>,
    #[serde(skip)]
    pub template: Option<Template>,
    /// Marks and tags the search saw (for the debug pictures).
    #[serde(skip)]
    pub seen: Seen,
}

impl PageReading {
    /// The page's figures as the import takes them: a read field its value, an empty one 0;
    /// fields not read are left out.
    pub fn form_values(&self) -> FormValues {
        self.fields
            .iter()
            .filter_map(|f| match f.status {
                FieldStatus::Read => f.value.map(|v| (f.key, v)),
                FieldStatus::Empty => Some((f.key, 0)),
                _ => None,
            })
            .collect()
    }

    fn new() -> PageReading {
        PageReading {
            tag_id: None,
            identity: None,
            contest: None,
            kind: None,
            page: None,
            layout: None,
            orientation: None,
            framing: None,
            partial: false,
            corners: None,
            quality: Quality::default(),
            rejected: None,
            fields: Vec::new(),
            timings_ms: BTreeMap::new(),
            homography: None,
            placed: Vec::new(),
            crops: Vec::new(),
            template: None,
            seen: Seen::default(),
        }
    }

    fn reject(mut self, r: Rejection) -> PageReading {
        self.quality.ok = false;
        self.rejected = Some(r);
        self
    }
}

/// The reader: the digit model and the layouts' geometry, loaded once.
#[derive(Debug, Clone)]
pub struct Reader {
    model: DigitModel,
    geoms: Vec<Geometry>,
}

pub(crate) fn ms(t: Instant) -> f64 {
    (t.elapsed().as_secs_f64() * 1e4).round() / 10.0
}

impl Reader {
    /// A reader with the shipped model.
    pub fn new() -> Result<Reader, ModelError> {
        Ok(Reader::with_model(DigitModel::embedded()?))
    }

    pub fn with_model(model: DigitModel) -> Reader {
        Reader {
            model,
            geoms: tagread::geometries(),
        }
    }

    pub fn model(&self) -> &DigitModel {
        &self.model
    }

    /// Reads one image file's bytes (JPEG, PNG, TIFF). Never panics on user data: every
    /// failure is a `rejected` reason.
    pub fn read(&self, bytes: &[u8], opts: &ReadOptions<'_>) -> PageReading {
        self.read_keeping_image(bytes, opts).0
    }

    /// As [`Reader::read`], also returning the decoded grey image (for debug pictures and
    /// the UI's corner editor).
    pub fn read_keeping_image(
        &self,
        bytes: &[u8],
        opts: &ReadOptions<'_>,
    ) -> (PageReading, Option<GrayImage>) {
        let t0 = Instant::now();
        let grey = match decode::decode_grey(bytes, opts.max_pixels) {
            Ok(g) => g,
            Err(r) => return (PageReading::new().reject(r), None),
        };
        let decode_ms = ms(t0);
        let mut out = self.read_grey(&grey, opts);
        out.timings_ms.insert("decode", decode_ms);
        out.timings_ms.insert("total", ms(t0));
        (out, Some(grey))
    }

    /// Reads an already decoded, upright grey image.
    pub fn read_grey(&self, grey: &GrayImage, opts: &ReadOptions<'_>) -> PageReading {
        let mut out = PageReading::new();
        let t = Instant::now();
        let factor = corners::search_factor(grey);
        let small = decode::downscale(grey, factor);
        if let Err(r) = quality::pre_check(grey, &small, &mut out.quality) {
            return out.reject(r);
        }
        out.timings_ms.insert("quality", ms(t));

        let t = Instant::now();
        let search = Search {
            grey,
            small: &small,
            factor,
        };
        let located = locate_page(&search, &self.geometries(opts), opts, &mut out);
        out.timings_ms.insert("locate", ms(t));
        let (located, framing) = match located {
            Ok(l) => l,
            Err(r) => return out.reject(r),
        };
        out.framing = Some(framing);
        out.corners = Some(located.corners);
        // Part of the page lies outside the photo (half a sheet, a cut corner): another photo
        // of it may hold the rest.
        let (w, h) = (f64::from(grey.width()), f64::from(grey.height()));
        out.partial = located
            .corners
            .iter()
            .any(|&(x, y)| x < 0.0 || y < 0.0 || x >= w || y >= h);
        out.orientation = Some(located.orientation);
        out.tag_id = Some(located.page);
        out.identity = Some(located.identity);
        out.homography = Some(located.h);

        let Some((template, form)) = template_for(located.page, opts) else {
            return out.reject(Rejection::UnknownPage { tag: located.page });
        };
        match form {
            Form::Contest(c) => out.contest = Some(c),
            Form::Kind(id) => out.kind = Some(id),
        }
        out.page = Some(template.page_no);
        out.layout = Some(template.layout_id.clone());
        if let Some(expected) = opts.expected_tag
            && expected != located.page
        {
            return out.reject(Rejection::WrongPage {
                expected,
                found: located.page,
            });
        }
        let box_px = smallest_box_px(grey, &located.h, &template);
        out.quality.box_px = box_px;
        if let Some(px) = box_px
            && px < MIN_BOX_PX
        {
            return out.reject(Rejection::BoxesTooSmall {
                px,
                min: MIN_BOX_PX,
            });
        }
        if let Some(r) = check_blur(grey, &located, &template, &mut out.quality) {
            return out.reject(r);
        }
        if let (Some(shake), Some(px)) = (out.quality.shake_px, box_px) {
            let smear = quality::smear(shake, px);
            if smear > quality::MAX_SMEAR {
                out.quality.reasons.push(smear_reason(smear));
            }
        }
        out.quality.ok = out.quality.reasons.iter().all(|r| !r.fatal);

        let t = Instant::now();
        let placed = place_fields(grey, &located.h, &template.fields);
        let mut probs = classify(&self.model, &placed).map(Vec::into_iter).ok();
        for (f, p) in template.fields.iter().zip(placed) {
            // A field wholly off the photo (half a sheet, a scan's crop) is not on this photo:
            // it is left out, for another photo of the page to give; one partly off is
            // unreadable.
            if p.crops.iter().all(Option::is_none) {
                out.partial = true;
                continue;
            }
            // An EMPTY over a blot, or over a guide box glare has washed white, is the model
            // seeing nothing, not a blank box: not read, so the field goes to a person.
            let mut adapted = Vec::new();
            let field_probs: Vec<Option<[f32; CLASSES]>> = p
                .inputs
                .iter()
                .zip(&p.crops)
                .zip(&p.boxes)
                .map(|((i, c), b)| {
                    let (pr, embedding) =
                        i.and_then(|_| probs.as_mut().and_then(Iterator::next))?;
                    let blot = argmax(&pr) == EMPTY
                        && c.as_deref()
                            .is_some_and(|c| too_inked_for_empty(c) || (f.guides && washed_out(c)));
                    if blot {
                        return None;
                    }
                    // The office's own crops may cut the doubt or dispute the class; the
                    // class itself stays the network's.
                    let before = pr[argmax(&pr)];
                    let (pr, how) = match opts.prototypes {
                        Some(protos) => protos.adapt(&pr, &embedding),
                        None => (pr, None),
                    };
                    adapted.push((how.map(|h| (h, before)), b));
                    Some(pr)
                })
                .collect();
            let mut field = interpret(f.key, &field_probs, &p.segments, p.bubbles);
            if field.digits.len() == adapted.len() {
                for (d, (a, b)) in field.digits.iter_mut().zip(adapted) {
                    d.adapted = a;
                    d.smear = out.quality.shake_px.map(|s| smear(s, b, &located.h));
                }
            }
            out.fields.push(field);
            out.placed.push(p.boxes);
            out.crops.push(p.crops);
        }
        out.timings_ms.insert("fields", ms(t));
        out.template = Some(template);
        out
    }

    /// The calibrated layouts' marks + tag geometries first (a page they draw is then located
    /// on the marks its own layout names), then the shipped ones.
    fn geometries(&self, opts: &ReadOptions<'_>) -> std::borrow::Cow<'_, [Geometry]> {
        if opts.calibrated.is_empty() {
            return std::borrow::Cow::Borrowed(&self.geoms);
        }
        let mut all: Vec<Geometry> = Vec::new();
        let calibrated = opts.calibrated.iter().filter_map(|(_, l)| {
            Some(Geometry {
                centres: l.marks.centres,
                tag: l.tag.clone()?,
            })
        });
        for g in calibrated.chain(self.geoms.iter().cloned()) {
            if !all.contains(&g) {
                all.push(g);
            }
        }
        std::borrow::Cow::Owned(all)
    }
}

/// Which form a page belongs to.
pub(crate) enum Form {
    Contest(Contest),
    /// A contest kind defined by data, by id.
    Kind(String),
}

/// The page's template in whichever catalogue has that tag, drawn by its calibrated layout if
/// the office has one; else the page of a kind, drawn by its calibrated layout.
pub(crate) fn template_for(tag: u16, opts: &ReadOptions<'_>) -> Option<(Template, Form)> {
    let shipped = opts.catalogues.iter().find_map(|c| {
        Template::in_force(tag, c, opts.calibrated)
            .ok()
            .map(|t| (t, Form::Contest(c.contest)))
    });
    shipped.or_else(|| {
        let (_, layout) = opts.calibrated.iter().find(|(t, _)| *t == tag)?;
        opts.kinds.iter().find_map(|k| {
            Template::for_kind(layout, tag, k)
                .ok()
                .map(|t| (t, Form::Kind(k.id().to_string())))
        })
    })
}

fn blur_reason(sigma: f32, limit: f32, fatal: bool) -> QualityReason {
    QualityReason {
        code: "blurred".into(),
        message: format!("foto buram: kekaburan {sigma:.2} mm (batas {limit:.2} mm)"),
        value: sigma,
        limit,
        fatal,
    }
}

fn smear_reason(smear: f32) -> QualityReason {
    QualityReason {
        code: "smeared".into(),
        message: format!(
            "foto bergoyang: kekaburan {} dari sisi kotak terkecil (batas {}), \
             angka di kotak sekecil itu perlu diperiksa orang",
            percent(f64::from(smear)),
            percent(f64::from(quality::MAX_SMEAR))
        ),
        value: smear,
        limit: quality::MAX_SMEAR,
        fatal: false,
    }
}

/// The share of box `b` (page mm) that the shake smears, at its size where the map puts it.
fn smear(shake_px: f32, b: &Rect, h: &Homography) -> f32 {
    let c = b.centre();
    quality::smear(shake_px, (b.w.min(b.h) * h.scale_at(c.x, c.y)) as f32)
}

/// The shorter side (px) of the smallest digit box that lies on the photo.
fn smallest_box_px(grey: &GrayImage, h: &Homography, t: &Template) -> Option<f32> {
    let (w, hh) = (f64::from(grey.width()), f64::from(grey.height()));
    t.fields
        .iter()
        .flat_map(|f| f.boxes.iter())
        .filter_map(|b| {
            let c = b.centre();
            let (x, y) = h.apply(c.x, c.y);
            ((0.0..w).contains(&x) && (0.0..hh).contains(&y))
                .then(|| (b.w.min(b.h) * h.scale_at(c.x, c.y)) as f32)
        })
        .min_by(f32::total_cmp)
}

/// Blur at the located marks, on the page's own scale.
fn check_blur(
    grey: &GrayImage,
    located: &Located,
    t: &Template,
    q: &mut Quality,
) -> Option<Rejection> {
    let c = t.corner_centres();
    let (w, hh) = (f64::from(grey.width()), f64::from(grey.height()));
    // Each mark with its scale (px per mm) and the angle its page's x axis runs at.
    let marks: Vec<(Mark, f64, f64)> = located
        .corners
        .iter()
        .zip(c.iter())
        // A page that prints no marks has none to measure blur on; an L's point is its angle,
        // not the middle of a square the measure expects.
        .filter(|_| matches!(t.marks.shape, MarkShape::Checker | MarkShape::Square))
        .filter(|&(&(x, y), p)| {
            // Only marks wholly in the photo: a cut mark's edge is the frame, not the print.
            let r = 2.0 * t.marks.square * located.h.scale_at(p.x, p.y);
            x - r >= 0.0 && y - r >= 0.0 && x + r < w && y + r < hh
        })
        .map(|(&(x, y), p)| {
            let ppm = located.h.scale_at(p.x, p.y);
            let size = 2.0 * t.marks.square * ppm;
            let ((x0, y0), (x1, y1)) = (located.h.apply(p.x, p.y), located.h.apply(p.x + 1.0, p.y));
            let mark = Mark {
                x,
                y,
                size,
                score: 1.0,
                diagonal: 0,
            };
            (mark, ppm, (y1 - y0).atan2(x1 - x0))
        })
        .collect();
    let (blur, shake) = quality::blur_and_shake(grey, &marks);
    q.shake_px = shake;
    let sigma = blur?;
    q.blur_mm = Some(sigma);
    // The photo's scale where the tag is (top right), or mid-page on a page without one.
    let c = t.tag.as_ref().map_or(
        pleno_core::template::Point {
            x: t.width / 2.0,
            y: t.height / 2.0,
        },
        |g| g.rect.centre(),
    );
    let limit = quality::blur_limit_mm(located.h.scale_at(c.x, c.y));
    if sigma > limit {
        q.reasons.push(blur_reason(sigma, limit, true));
        return Some(Rejection::Blurred {
            value: sigma,
            limit,
        });
    }
    None
}

/// When the page could not be located, a blurred photo is the likelier cause to report.
pub(crate) fn blur_instead(grey: &GrayImage, marks: &[Mark], q: &mut Quality) -> Option<Rejection> {
    let with_scale: Vec<(Mark, f64)> = marks
        .iter()
        .take(4)
        .map(|m| (*m, m.size / (2.0 * PLANO_SQUARE_MM)))
        .collect();
    let sigma = quality::blur_mm(grey, &with_scale)?;
    q.blur_mm = Some(sigma);
    let ppm = with_scale.first().map_or(1.0, |m| m.1);
    let limit = quality::blur_limit_mm(ppm);
    (sigma > limit).then(|| {
        q.reasons.push(blur_reason(sigma, limit, true));
        Rejection::Blurred {
            value: sigma,
            limit,
        }
    })
}
