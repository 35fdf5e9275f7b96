//! Synthetic photographs of filled C.Hasil pages, with their truth, for the reader's tests and
//! benchmarks.
//!
//! [`synth`] draws the page from its template (pleno-print's raster renderer, so the marks and
//! tag are where the template says), writes the values in the boxes with MNIST test-split
//! handwriting ([`fill`]), then photographs it ([`camera`], [`photo`]): perspective, rotation,
//! curl, light, blur, noise, JPEG. Everything is driven by one seed.

pub mod atlas;
pub mod ballots;
pub mod camera;
pub mod camscanner;
pub mod fill;
pub mod geom;
pub mod ink;
pub mod photo;
pub mod rng;
pub mod scan;
pub mod style;
pub mod traced;
mod truth;

use image::RgbImage;
use pleno_core::template::{Point, Template};
use pleno_core::{FieldKey, FormValues};
use pleno_print::form::{Fit, blank_raster};

pub use ballots::{contest_of, sample_ballot};
pub use camera::{Force, Half};
pub use style::Style;
pub use truth::Truth;

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("nilai {value} untuk {key} tidak muat dalam kotak isian")]
    TooLarge { key: FieldKey, value: u32 },
    #[error("atlas tulisan tangan: {0}")]
    Atlas(String),
    #[error("kode JPEG: {0}")]
    Jpeg(String),
}

/// Whose handwriting fills the boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hand {
    /// MNIST test-split digits inside the boxes (every fixture before the real-paper work).
    #[default]
    Mnist,
    /// Every digit traced along the box's dotted guide ([`traced`]), seven-segment-like.
    Traced,
    /// As KPPS write on real 2024 planos: per page either traced or ordinary handwriting that
    /// now and then runs large over the border or sits small in a corner; unused leading boxes
    /// mostly crossed out corner to corner.
    Kpps,
}

impl std::str::FromStr for Hand {
    type Err = String;
    fn from_str(s: &str) -> Result<Hand, String> {
        match s {
            "mnist" => Ok(Hand::Mnist),
            "traced" => Ok(Hand::Traced),
            "kpps" => Ok(Hand::Kpps),
            _ => Err(format!(
                "tulisan tangan '{s}' tidak dikenal: mnist, traced atau kpps"
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub style: Style,
    pub seed: u64,
    pub hand: Hand,
    pub force: Force,
    /// Target photo size in megapixels (default: the style's 8–12 MP; fixtures use ~3.5).
    pub megapixels: Option<f64>,
    /// Print this tag id instead of the page's own (a "wrong page" for rejection tests).
    pub tag_override: Option<u16>,
    /// Numbers to blacken in the OMR bubbles instead of the ones written in the boxes.
    pub bubbles: Option<FormValues>,
}

impl Options {
    pub fn new(style: Style, seed: u64) -> Options {
        Options {
            style,
            seed,
            hand: Hand::Mnist,
            force: Force::default(),
            megapixels: None,
            tag_override: None,
            bubbles: None,
        }
    }
}

/// A synthetic photo and what is on it.
pub struct Synth {
    pub photo: RgbImage,
    pub jpeg: Vec<u8>,
    pub truth: Truth,
}

/// A number for a 3-box field with every digit equally likely: 1–3 digits, so leading boxes
/// are left empty or crossed out as often as on real sheets (held-out sets, the model check).
pub fn three_box_value(rng: &mut rng::Rng) -> u32 {
    match rng.below(10) {
        0 => rng.below(10) as u32,
        1..=3 => 10 + rng.below(90) as u32,
        _ => 100 + rng.below(900) as u32,
    }
}

/// Every field of the page a number below 9 × 10^(boxes − 1), drawn in field order from a
/// generator seeded with `seed` (the framing cases, and the tests that rebuild one of them).
pub fn uniform_values(t: &Template, seed: u64) -> FormValues {
    let mut rng = rng::Rng::new(seed);
    t.fields
        .iter()
        .map(|f| {
            let n = 10usize.pow(f.boxes.len().saturating_sub(1) as u32) * 9;
            (f.key, rng.below(n) as u32)
        })
        .collect()
}

/// The filled page, flat: the template drawn at `ppm` px/mm on off-white paper with the values
/// handwritten in. Returns what was written in every field.
pub fn filled_page(
    t: &Template,
    values: &FormValues,
    ppm: f64,
    rng: &mut rng::Rng,
    hand: Hand,
    bubbles: Option<&FormValues>,
) -> Result<
    (
        RgbImage,
        ink::Pen,
        std::collections::BTreeMap<FieldKey, fill::Written>,
    ),
    SynthError,
> {
    let grey = blank_raster(t, Fit::Actual, ppm);
    let paper = [
        rng.range(238.0, 250.0),
        rng.range(236.0, 248.0),
        rng.range(225.0, 242.0),
    ];
    let mut page = RgbImage::new(grey.width(), grey.height());
    for (g, p) in grey.pixels().zip(page.pixels_mut()) {
        let v = f64::from(g.0[0]) / 255.0;
        for k in 0..3 {
            p.0[k] = (v * paper[k]) as u8;
        }
    }
    let atlas = atlas::atlas().map_err(SynthError::Atlas)?;
    let pen = ink::Pen::random(rng);
    let mut sheet = ink::Sheet {
        img: &mut page,
        ppm,
    };
    let written = fill::fill(
        &mut sheet,
        atlas,
        t,
        values,
        &mut rng.fork(1),
        pen,
        hand,
        bubbles,
    )?;
    Ok((page, pen, written))
}

/// Photographs page `t` filled with `values`.
pub fn synth(t: &Template, values: &FormValues, opts: &Options) -> Result<Synth, SynthError> {
    let mut rng = rng::Rng::new(opts.seed);
    let mut t = t.clone();
    let page_id = t.tag_id;
    if let Some(id) = opts.tag_override {
        t.tag_id = id;
        if let Some(label) = t.tag.as_mut().and_then(|g| g.label.as_mut()) {
            label.text = id.to_string();
        }
    }
    let marks = t.marks.centres;
    let mut cam = camera::place(
        t.width,
        t.height,
        &marks,
        opts.style,
        opts.force,
        &mut rng.fork(2),
    );
    if let Some(mp) = opts.megapixels {
        let s = (mp * 1e6 / (f64::from(cam.width) * f64::from(cam.height))).sqrt();
        cam.width = (f64::from(cam.width) * s).round() as u32;
        cam.height = (f64::from(cam.height) * s).round() as u32;
        cam.h = geom::Homography([
            cam.h.0[0] * s,
            cam.h.0[1] * s,
            cam.h.0[2] * s,
            cam.h.0[3] * s,
            cam.h.0[4] * s,
            cam.h.0[5] * s,
            cam.h.0[6],
            cam.h.0[7],
            cam.h.0[8],
        ]);
    }
    // Page raster a little finer than the page appears in the photo.
    let ppm = (f64::from(cam.width.max(cam.height)) / t.width.max(t.height) * 1.15).max(2.0);
    let (mut page, pen, written) = filled_page(
        &t,
        values,
        ppm,
        &mut rng.fork(3),
        opts.hand,
        opts.bubbles.as_ref(),
    )?;
    let scan = opts.style == Style::Scan;
    if scan {
        camscanner::fold(&mut page, ppm, &mut rng.fork(5));
    }
    let (mut photo, mut effects) =
        photo::shoot(&page, ppm, &cam, &marks, opts.style, &mut rng.fork(4));
    // Under a pixel a shake is no shake (the kernel would still average two taps).
    if let Some(len) = opts.force.shake_px.filter(|&l| l >= 1.0) {
        let angle = rng.fork(7).range(0.0, std::f64::consts::PI);
        photo::motion_blur(&mut photo, len, angle);
        effects.motion_blur_px = Some(len);
    }
    // A scanner app's page: the photo warped onto A4 (`post` maps photo px → page px).
    let (photo, post) = if scan {
        let (img, w) = camscanner::scan(&photo, &mut rng.fork(6));
        (img, Some(w))
    } else {
        (photo, None)
    };
    // Where page point `p` shows in the photo as every reader counts pixels (pixel x covers
    // x..x+1). The raster holds the page's point p at index p·ppm − ½, and the photo's pixel x
    // shows the camera's point x: without both half pixels the truth sat 0.2–0.4 px up and
    // left of the picture, a bias the box search measured as +0.07–0.38 mm on every page.
    let half = 0.5 / ppm;
    let forward = |p: Point| {
        let q = cam.forward(Point::new(p.x - half, p.y - half));
        let q = Point::new(q.x + 0.5, q.y + 0.5);
        post.map_or(q, |w| w.apply(q))
    };
    let (width, height) = photo.dimensions();
    let p = opts.style.params();
    let quality = p.jpeg.0 + rng.below(usize::from(p.jpeg.1 - p.jpeg.0) + 1) as u8;
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode_image(&photo)
        .map_err(|e| SynthError::Jpeg(e.to_string()))?;
    let corners = marks.map(forward);
    let tag = t.tag.as_ref().map(|g| g.rect.corners().map(forward));
    let inside =
        |q: &Point| q.x >= 0.0 && q.y >= 0.0 && q.x < f64::from(width) && q.y < f64::from(height);
    let truth = Truth {
        page: page_id,
        tag_id: t.tag_id,
        layout: t.layout_id.clone(),
        style: opts.style,
        hand: opts.hand,
        seed: opts.seed,
        width,
        height,
        corners: corners.map(|q| [q.x, q.y]),
        corners_in_frame: corners.map(|q| inside(&q)),
        tag_corners: tag.map(|c| c.map(|q| [q.x, q.y])),
        homography: {
            let seen = cam
                .h
                .after(&geom::Homography([
                    1.0, 0.0, -half, 0.0, 1.0, -half, 0.0, 0.0, 1.0,
                ]))
                .then_translate(0.5, 0.5);
            post.map_or(seen, |w| w.after(&seen)).0
        },
        rotation: cam.rotation,
        tilt_deg: cam.tilt_deg,
        pen: pen.name.to_string(),
        jpeg_quality: quality,
        effects,
        box_centres: t
            .fields
            .iter()
            .map(|f| {
                let c = f.boxes.iter().map(|b| {
                    let q = forward(b.centre());
                    [q.x, q.y]
                });
                (f.key.to_string(), c.collect())
            })
            .collect(),
        fields: written
            .iter()
            .map(|(k, w)| (k.to_string(), w.value))
            .collect(),
        written: written
            .into_iter()
            .map(|(k, w)| (k.to_string(), w))
            .collect(),
    };
    Ok(Synth { photo, jpeg, truth })
}
