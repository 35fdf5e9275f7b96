//! A located page's fields on the photo: each field's boxes and bubble grid aligned to the
//! printed outlines, every box cropped for the model, the bubbles read, and all the page's
//! boxes classified. The work is shared over the cores ([`crate::par`]); the result is the
//! same as one thread's.

use image::GrayImage;
use pleno_core::template::{Rect, TemplateField};

use crate::digits::{crop56, normalise};
use crate::geom::Homography;
use crate::model::{DigitModel, ModelError};
use crate::omr::{BubbleReading, read_bubbles};
use crate::segments::{SegmentReading, read_segments};

/// How far (mm) a field may sit from where the corner homography puts it (paper curl).
const FIELD_SEARCH_MM: f64 = 6.0;
/// Share of a field shift's score given up per mm from where the map puts the field. The map
/// is registered on the whole page, so of two nearly equal peaks the nearer is the field: on
/// a motion-blurred photo a PPWP field's row profile peaked 5 mm off (box tops on the row's
/// rule) 1–4 % above its true place 1 mm off (`framing_cases --case 8`, seed 73); a clear peak
/// farther off (curl) still wins. The box and bubble searches (±1.2, ±2 mm) are too short
/// to hold two such peaks and take none.
const FIELD_NEAR_PER_MM: f64 = 0.02;
/// Further search for each box once its field is placed: the curl turns a field a degree or
/// two, which moves its end boxes a millimetre against the middle one.
const BOX_SEARCH_MM: f64 = 1.2;
/// Once a field is shifted, how much more it may shift (mm) as it leans: where a map held by
/// the tag is turned locally, its error grows 1–1.5 mm per box along a DPR candidate row
/// (`framing_cases --case 8`, seeds 42 and 58); ±1.5 mm let one more wrong figure through.
const LEAN_SHIFT_MM: f64 = 1.0;
/// The steepest lean, mm of shift per mm along the field (0.08 placed worse on the poor set).
const MAX_LEAN: f64 = 0.06;
/// Share of a lean's score given up per mm it moves the end boxes, so that a field leans only
/// where its own outlines say so clearly.
const LEAN_NEAR_PER_MM: f64 = 0.02;
/// A field's shift further than this from its neighbours' (mm) is a lock on the wrong edges
/// (a big "X" in a box, a low-resolution photo): the paper does not fold that sharply.
const NEIGHBOUR_MM: f64 = 2.5;
/// Further search for a field's bubble grid once its boxes are placed, mm.
const BUBBLE_SEARCH_MM: f64 = 2.0;
/// Fewest boxes worth a model run of their own on another core.
const MIN_BATCH: usize = 4;

/// One field located on the photo: its boxes (page mm after local alignment), each box's
/// crop and model input (None when it runs off the photo), what the segment reader saw in each
/// (boxes with the printed guide only) and the bubbles read under it.
pub(crate) struct Placed {
    pub boxes: Vec<Rect>,
    pub crops: Vec<Option<Vec<u8>>>,
    pub inputs: Vec<Option<[f32; 784]>>,
    pub segments: Vec<Option<SegmentReading>>,
    pub bubbles: Option<BubbleReading>,
}

/// A field's boxes as placed and read: rectangles, crops, model inputs, segment readings.
struct BoxesDone {
    boxes: Vec<Rect>,
    crops: Vec<Option<Vec<u8>>>,
    inputs: Vec<Option<[f32; 784]>>,
    segments: Vec<Option<SegmentReading>>,
}

/// The two halves of a field's work; a bubble grid costs as much as its boxes, so they go to
/// the cores separately.
#[derive(Clone, Copy)]
enum Part {
    Boxes(usize),
    Bubbles(usize),
}

enum Done {
    Boxes(BoxesDone),
    Bubbles(Option<BubbleReading>),
}

/// Every field of the page, in template order.
pub(crate) fn place_fields(
    grey: &GrayImage,
    h: &Homography,
    fields: &[TemplateField],
) -> Vec<Placed> {
    // Each field's shift first: its boxes and its bubble grid both start from it.
    let raw = crate::par::map(fields, |f| field_offset(grey, h, f));
    let offsets = agree_with_neighbours(fields, &raw);
    let parts: Vec<Part> = fields
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            let bubbles = (!f.bubbles.is_empty()).then_some(Part::Bubbles(i));
            std::iter::once(Part::Boxes(i)).chain(bubbles)
        })
        .collect();
    let done = crate::par::map(&parts, |p| match *p {
        Part::Boxes(i) => Done::Boxes(place_boxes(grey, h, &fields[i], offsets[i])),
        Part::Bubbles(i) => Done::Bubbles(place_bubbles(grey, h, &fields[i], offsets[i])),
    });
    let mut out: Vec<Placed> = Vec::with_capacity(fields.len());
    for d in done {
        match d {
            Done::Boxes(b) => out.push(Placed {
                boxes: b.boxes,
                crops: b.crops,
                inputs: b.inputs,
                segments: b.segments,
                bubbles: None,
            }),
            // A field's bubbles follow its boxes in `parts`.
            Done::Bubbles(b) => {
                if let Some(last) = out.last_mut() {
                    last.bubbles = b;
                }
            }
        }
    }
    out
}

/// Where the corner homography's field sits on the printed one, mm.
fn field_offset(grey: &GrayImage, h: &Homography, f: &TemplateField) -> (f64, f64) {
    crate::align::refine_offset(grey, h, &f.boxes, FIELD_SEARCH_MM, FIELD_NEAR_PER_MM)
        .unwrap_or((0.0, 0.0))
}

/// Each field's shift, or where it stands far from the trend of all the others' (a plane in
/// x and y: a map turned a little shifts fields in proportion to where they are), the trend's.
fn agree_with_neighbours(fields: &[TemplateField], offsets: &[(f64, f64)]) -> Vec<(f64, f64)> {
    if fields.len() < 5 {
        return offsets.to_vec();
    }
    let centres: Vec<(f64, f64)> = fields
        .iter()
        .map(|f| {
            let n = f.boxes.len().max(1) as f64;
            let sx: f64 = f.boxes.iter().map(|b| b.centre().x).sum();
            let sy: f64 = f.boxes.iter().map(|b| b.centre().y).sum();
            (sx / n, sy / n)
        })
        .collect();
    let mut use_it = vec![true; fields.len()];
    let mut trend = None;
    for _ in 0..2 {
        let Some(t) = plane_fit(&centres, offsets, &use_it) else {
            return offsets.to_vec();
        };
        for (i, u) in use_it.iter_mut().enumerate() {
            let (px, py) = t(centres[i]);
            *u = (offsets[i].0 - px).hypot(offsets[i].1 - py) <= NEIGHBOUR_MM;
        }
        trend = Some(t);
    }
    let Some(trend) = trend else {
        return offsets.to_vec();
    };
    (0..fields.len())
        .map(|i| {
            if use_it[i] {
                offsets[i]
            } else {
                trend(centres[i])
            }
        })
        .collect()
}

/// Least-squares plane through the selected offsets, per axis: `o = a + b x + c y`.
fn plane_fit(
    at: &[(f64, f64)],
    offsets: &[(f64, f64)],
    use_it: &[bool],
) -> Option<impl Fn((f64, f64)) -> (f64, f64) + use<>> {
    let pts: Vec<usize> = (0..at.len()).filter(|&i| use_it[i]).collect();
    if pts.len() < 4 {
        return None;
    }
    let n = pts.len() as f64;
    let (mx, my) = pts
        .iter()
        .fold((0.0, 0.0), |a, &i| (a.0 + at[i].0 / n, a.1 + at[i].1 / n));
    // Normal equations of the centred design [1, x − mx, y − my].
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    let (mut bx, mut by) = ([0.0f64; 3], [0.0f64; 3]);
    for &i in &pts {
        let (dx, dy) = (at[i].0 - mx, at[i].1 - my);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
        for (b, o) in [(&mut bx, offsets[i].0), (&mut by, offsets[i].1)] {
            b[0] += o;
            b[1] += o * dx;
            b[2] += o * dy;
        }
    }
    let det = sxx * syy - sxy * sxy;
    let solve = |b: [f64; 3]| -> [f64; 3] {
        if det.abs() < 1e-9 {
            return [b[0] / n, 0.0, 0.0];
        }
        [
            b[0] / n,
            (b[1] * syy - b[2] * sxy) / det,
            (b[2] * sxx - b[1] * sxy) / det,
        ]
    };
    let (cx, cy) = (solve(bx), solve(by));
    Some(move |p: (f64, f64)| {
        let (dx, dy) = (p.0 - mx, p.1 - my);
        (
            cx[0] + cx[1] * dx + cx[2] * dy,
            cy[0] + cy[1] * dx + cy[2] * dy,
        )
    })
}

fn place_boxes(grey: &GrayImage, h: &Homography, f: &TemplateField, off: (f64, f64)) -> BoxesDone {
    let shifted: Vec<Rect> = f
        .boxes
        .iter()
        .map(|r| Rect::new(r.x + off.0, r.y + off.1, r.w, r.h))
        .collect();
    let lean =
        crate::align::refine_lean(grey, h, &shifted, LEAN_SHIFT_MM, MAX_LEAN, LEAN_NEAR_PER_MM)
            .unwrap_or_default();
    let boxes: Vec<Rect> = shifted
        .iter()
        .map(|r| {
            let (lx, ly) = lean.at(r.centre().x);
            let r = Rect::new(r.x + lx, r.y + ly, r.w, r.h);
            let (dx, dy) = crate::align::refine_offset(grey, h, &[r], BOX_SEARCH_MM, 0.0)
                .unwrap_or((0.0, 0.0));
            Rect::new(r.x + dx, r.y + dy, r.w, r.h)
        })
        .collect();
    let crops: Vec<Option<Vec<u8>>> = boxes.iter().map(|r| crop56(grey, h, *r)).collect();
    // Segments are read on the crop as photographed: the dots are far fainter than ink.
    let segments = crops
        .iter()
        .map(|c| c.as_deref().filter(|_| f.guides).and_then(read_segments))
        .collect();
    // The model sees the guide as printed: it learnt on crops with it, and whitening it took
    // light ballpoint traced along it too (held-out traced pages: 97.5 % of digits with the
    // guide whitened, 98.3 % without; 8.8 % vs 2.8 % of boxes to review at 0.98).
    let inputs = crops.iter().map(|c| c.as_deref().map(normalise)).collect();
    BoxesDone {
        boxes,
        crops,
        inputs,
        segments,
    }
}

fn place_bubbles(
    grey: &GrayImage,
    h: &Homography,
    f: &TemplateField,
    off: (f64, f64),
) -> Option<BubbleReading> {
    // The bubbles hang just under the boxes, so they share most of the boxes' shift `off`;
    // a short search absorbs the rest (a long one can lock onto filled bubbles).
    let all: Vec<Rect> = f
        .bubbles
        .iter()
        .flatten()
        .map(|r| Rect::new(r.x + off.0, r.y + off.1, r.w, r.h))
        .collect();
    let extra =
        crate::align::refine_offset(grey, h, &all, BUBBLE_SEARCH_MM, 0.0).unwrap_or((0.0, 0.0));
    read_bubbles(grey, h, &f.bubbles, (off.0 + extra.0, off.1 + extra.1))
}

/// Class probabilities and embeddings of every box the photo holds, in field and box order:
/// the boxes in a few large batches (one per core), which the model runs faster than one by
/// one.
pub(crate) fn classify(
    model: &DigitModel,
    placed: &[Placed],
) -> Result<Vec<crate::model::Classified>, ModelError> {
    let inputs: Vec<[f32; 784]> = placed
        .iter()
        .flat_map(|p| p.inputs.iter().flatten().copied())
        .collect();
    let per = inputs.len().div_ceil(crate::par::workers()).max(MIN_BATCH);
    let batches: Vec<&[[f32; 784]]> = inputs.chunks(per).collect();
    let mut out = Vec::with_capacity(inputs.len());
    for b in crate::par::map(&batches, |b| model.classify_embedded(b)) {
        out.extend(b?);
    }
    Ok(out)
}
