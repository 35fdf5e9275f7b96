//! A located page's fields on the photo: each field's boxes and bubble grid aligned to the
//! printed outlines, every box cropped for the model, the bubbles read, and all the page's
//! boxes classified. The work is shared over the cores ([`crate::par`]); the result is the
//! same as one thread's.

use image::GrayImage;
use pleno_core::template::{Rect, TemplateField};

use crate::digits::{crop56, erase_guide, normalise};
use crate::geom::Homography;
use crate::model::{CLASSES, DigitModel, ModelError};
use crate::omr::{BubbleReading, read_bubbles};

/// How far (mm) a field may sit from where the corner homography puts it (paper curl).
const FIELD_SEARCH_MM: f64 = 6.0;
/// Further search for a field's bubble grid once its boxes are placed, mm.
const BUBBLE_SEARCH_MM: f64 = 2.0;
/// Fewest boxes worth a model run of their own on another core.
const MIN_BATCH: usize = 4;

/// One field located on the photo: its boxes (page mm after local alignment), each box's
/// model input (None when it runs off the photo) and the bubbles read under it.
pub(crate) struct Placed {
    pub boxes: Vec<Rect>,
    pub inputs: Vec<Option<[f32; 784]>>,
    pub bubbles: Option<BubbleReading>,
}

/// The two halves of a field's work; a bubble grid costs as much as its boxes, so they go to
/// the cores separately.
#[derive(Clone, Copy)]
enum Part {
    Boxes(usize),
    Bubbles(usize),
}

enum Done {
    Boxes(Vec<Rect>, Vec<Option<[f32; 784]>>),
    Bubbles(Option<BubbleReading>),
}

/// Every field of the page, in template order.
pub(crate) fn place_fields(
    grey: &GrayImage,
    h: &Homography,
    fields: &[TemplateField],
) -> Vec<Placed> {
    // Each field's shift first: its boxes and its bubble grid both start from it.
    let offsets = crate::par::map(fields, |f| field_offset(grey, h, f));
    let parts: Vec<Part> = fields
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            let bubbles = (!f.bubbles.is_empty()).then_some(Part::Bubbles(i));
            std::iter::once(Part::Boxes(i)).chain(bubbles)
        })
        .collect();
    let done = crate::par::map(&parts, |p| match *p {
        Part::Boxes(i) => {
            let (boxes, inputs) = place_boxes(grey, h, &fields[i], offsets[i]);
            Done::Boxes(boxes, inputs)
        }
        Part::Bubbles(i) => Done::Bubbles(place_bubbles(grey, h, &fields[i], offsets[i])),
    });
    let mut out: Vec<Placed> = Vec::with_capacity(fields.len());
    for d in done {
        match d {
            Done::Boxes(boxes, inputs) => out.push(Placed {
                boxes,
                inputs,
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
    crate::align::refine_offset(grey, h, &f.boxes, FIELD_SEARCH_MM).unwrap_or((0.0, 0.0))
}

fn place_boxes(
    grey: &GrayImage,
    h: &Homography,
    f: &TemplateField,
    off: (f64, f64),
) -> (Vec<Rect>, Vec<Option<[f32; 784]>>) {
    let boxes: Vec<Rect> = f
        .boxes
        .iter()
        .map(|r| Rect::new(r.x + off.0, r.y + off.1, r.w, r.h))
        .collect();
    let inputs = boxes
        .iter()
        .map(|r| {
            let mut crop = crop56(grey, h, *r)?;
            if f.guides {
                erase_guide(&mut crop);
            }
            Some(normalise(&crop))
        })
        .collect();
    (boxes, inputs)
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
    let extra = crate::align::refine_offset(grey, h, &all, BUBBLE_SEARCH_MM).unwrap_or((0.0, 0.0));
    read_bubbles(grey, h, &f.bubbles, (off.0 + extra.0, off.1 + extra.1))
}

/// Class probabilities of every box the photo holds, in field and box order: the boxes in
/// a few large batches (one per core), which the model runs faster than one by one.
pub(crate) fn classify(
    model: &DigitModel,
    placed: &[Placed],
) -> Result<Vec<[f32; CLASSES]>, ModelError> {
    let inputs: Vec<[f32; 784]> = placed
        .iter()
        .flat_map(|p| p.inputs.iter().flatten().copied())
        .collect();
    let per = inputs.len().div_ceil(crate::par::workers()).max(MIN_BATCH);
    let batches: Vec<&[[f32; 784]]> = inputs.chunks(per).collect();
    let mut out = Vec::with_capacity(inputs.len());
    for b in crate::par::map(&batches, |b| model.classify_batch(b)) {
        out.extend(b?);
    }
    Ok(out)
}
