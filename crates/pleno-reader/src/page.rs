//! One page image → its identity and field readings: decode, quality gate, marks, identity,
//! then every field (local alignment, crops, digit model, bubbles).

use std::collections::BTreeMap;
use std::time::Instant;

use image::GrayImage;
use pleno_core::template::{Rect, Template};
use pleno_core::{Catalogue, Contest, FormValues};
use serde::Serialize;

use crate::corners::{self, Mark};
use crate::decode::{self, DEFAULT_MAX_PIXELS};
use crate::error::Rejection;
use crate::fields::{FieldReading, FieldStatus, interpret};
use crate::geom::Homography;
use crate::model::{CLASSES, DigitModel, ModelError};
use crate::place::{classify, place_fields};
use crate::quality::{self, MAX_BLUR_MM, Quality, QualityReason};
use crate::tagread::{self, Geometry, Located};

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
}

impl<'a> ReadOptions<'a> {
    pub fn new(catalogues: &'a [Catalogue]) -> ReadOptions<'a> {
        ReadOptions {
            catalogues,
            expected_tag: None,
            corners: None,
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}

/// Everything read from one page image. `rejected` set means nothing else may be trusted.
#[derive(Debug, Clone, Serialize)]
pub struct PageReading {
    pub tag_id: Option<u16>,
    pub contest: Option<Contest>,
    /// Page number within its form (1-based).
    pub page: Option<usize>,
    pub layout: Option<String>,
    /// Clockwise quarter turn of the page in the photo.
    pub orientation: Option<u16>,
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
    #[serde(skip)]
    pub template: Option<Template>,
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
            contest: None,
            page: None,
            layout: None,
            orientation: None,
            corners: None,
            quality: Quality::default(),
            rejected: None,
            fields: Vec::new(),
            timings_ms: BTreeMap::new(),
            homography: None,
            placed: Vec::new(),
            template: None,
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

fn ms(t: Instant) -> f64 {
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
        let located = if let Some(c) = opts.corners {
            tagread::locate_fixed(grey, c, &self.geoms).ok_or(Rejection::TagNotDecoded)
        } else {
            let marks = corners::find_marks_on(grey, &small, factor);
            out.timings_ms.insert("marks", ms(t));
            tagread::locate(grey, &marks, &self.geoms)
                .map_err(|r| blur_instead(grey, &marks, &mut out.quality).unwrap_or(r))
        };
        out.timings_ms.insert("locate", ms(t));
        let located = match located {
            Ok(l) => l,
            Err(r) => return out.reject(r),
        };
        out.corners = Some(located.corners);
        out.orientation = Some(located.orientation);
        out.tag_id = Some(located.tag.id);
        out.homography = Some(located.h);

        let Some((template, contest)) = template_for(located.tag.id, opts.catalogues) else {
            return out.reject(Rejection::UnknownPage {
                tag: located.tag.id,
            });
        };
        out.contest = Some(contest);
        out.page = Some(template.page_no);
        out.layout = Some(template.layout_id.clone());
        if let Some(expected) = opts.expected_tag
            && expected != located.tag.id
        {
            return out.reject(Rejection::WrongPage {
                expected,
                found: located.tag.id,
            });
        }
        if let Some(r) = check_blur(grey, &located, &template, &mut out.quality) {
            return out.reject(r);
        }
        out.quality.ok = out.quality.reasons.iter().all(|r| !r.fatal);

        let t = Instant::now();
        let placed = place_fields(grey, &located.h, &template.fields);
        let mut probs = classify(&self.model, &placed).map(Vec::into_iter).ok();
        for (f, p) in template.fields.iter().zip(placed) {
            let field_probs: Vec<Option<[f32; CLASSES]>> = p
                .inputs
                .iter()
                .map(|i| i.and_then(|_| probs.as_mut().and_then(Iterator::next)))
                .collect();
            out.fields.push(interpret(f.key, &field_probs, p.bubbles));
            out.placed.push(p.boxes);
        }
        out.timings_ms.insert("fields", ms(t));
        out.template = Some(template);
        out
    }
}

/// The page's template in whichever catalogue has that tag.
fn template_for(tag: u16, catalogues: &[Catalogue]) -> Option<(Template, Contest)> {
    catalogues
        .iter()
        .find_map(|c| Template::for_tag(tag, c, None).ok().map(|t| (t, c.contest)))
}

fn blur_reason(sigma: f32, fatal: bool) -> QualityReason {
    QualityReason {
        code: "blurred".into(),
        message: format!("foto buram: kekaburan {sigma:.2} mm (batas {MAX_BLUR_MM:.2} mm)"),
        value: sigma,
        limit: MAX_BLUR_MM,
        fatal,
    }
}

/// Blur at the located marks, on the page's own scale.
fn check_blur(
    grey: &GrayImage,
    located: &Located,
    t: &Template,
    q: &mut Quality,
) -> Option<Rejection> {
    let c = t.corner_centres();
    let marks: Vec<(Mark, f64)> = located
        .corners
        .iter()
        .zip(c.iter())
        .map(|(&(x, y), p)| {
            let ppm = located.h.scale_at(p.x, p.y);
            let size = 2.0 * t.marks.square * ppm;
            (
                Mark {
                    x,
                    y,
                    size,
                    score: 1.0,
                },
                ppm,
            )
        })
        .collect();
    let sigma = quality::blur_mm(grey, &marks)?;
    q.blur_mm = Some(sigma);
    if sigma > MAX_BLUR_MM {
        q.reasons.push(blur_reason(sigma, true));
        return Some(Rejection::Blurred {
            value: sigma,
            limit: MAX_BLUR_MM,
        });
    }
    None
}

/// When the page could not be located, a blurred photo is the likelier cause to report.
fn blur_instead(grey: &GrayImage, marks: &[Mark], q: &mut Quality) -> Option<Rejection> {
    let with_scale: Vec<(Mark, f64)> = marks
        .iter()
        .take(4)
        .map(|m| (*m, m.size / (2.0 * PLANO_SQUARE_MM)))
        .collect();
    let sigma = quality::blur_mm(grey, &with_scale)?;
    q.blur_mm = Some(sigma);
    (sigma > MAX_BLUR_MM).then(|| {
        q.reasons.push(blur_reason(sigma, true));
        Rejection::Blurred {
            value: sigma,
            limit: MAX_BLUR_MM,
        }
    })
}
