//! Layout calibration: a draft page layout detected from one flat scan (or render) of a blank
//! or filled sheet — its registration marks, digit boxes grouped into fields, the OMR bubble
//! columns under them and its AprilTag — in page millimetres, in the format of
//! `assets/forms/*.json`. The fields are unnamed (`?1`, `?2`, … in reading order): a person
//! names them from the contest's catalogue.
//!
//! The sample must be the whole sheet, flat and upright (a scanner's page, a PDF page, the
//! printer's file); a tilt of a few degrees is straightened on the marks. Millimetres come from
//! the sheet size the caller gives.

mod boxes;
pub(crate) mod ink;
pub(crate) mod marks;
mod overlay;
mod tag;

use image::GrayImage;
use pleno_core::template::{
    CornerMarks, Family, FieldSpec, Layout, MarkShape, Point, Provenance, QrSpec, Rect, TagSpec,
};
use serde::Serialize;

use crate::geom::Homography;
use boxes::BoxOutline;
use ink::Ink;

/// How far the marks of a flat sample may be from square, and from each other's size (a share).
const SAMPLE_SLACK: f64 = 0.2;

/// The sheet's size, mm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetSize {
    pub width: f64,
    pub height: f64,
}

impl SheetSize {
    pub const PLANO: SheetSize = SheetSize {
        width: 600.0,
        height: 900.0,
    };
    pub const A4: SheetSize = SheetSize {
        width: 210.0,
        height: 297.0,
    };
    pub const F4: SheetSize = SheetSize {
        width: 215.0,
        height: 330.0,
    };

    /// The known sheet whose proportions the image has (within 2 %), if exactly one.
    pub fn guess(img_w: u32, img_h: u32) -> Option<SheetSize> {
        let aspect = f64::from(img_h) / f64::from(img_w.max(1));
        let fits: Vec<SheetSize> = [Self::PLANO, Self::A4, Self::F4]
            .into_iter()
            .filter(|s| (s.height / s.width / aspect - 1.0).abs() < 0.02)
            .collect();
        (fits.len() == 1).then(|| fits[0])
    }
}

/// What the detection found besides the layout, for the person who names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Pixels per millimetre of the sample.
    pub px_per_mm: f64,
    /// Degrees the sample was turned back to stand upright (0 when the marks were level).
    pub deskew_deg: f64,
    /// Whether the sample was flattened so that its marks form a rectangle (a tilted scan, or
    /// a scanner app's photo with perspective left in it).
    pub straightened: bool,
    pub marks: Option<MarkShape>,
    pub tag_id: Option<u16>,
    /// The text of the QR code the sample prints, if any.
    pub qr: Option<String>,
    pub fields: usize,
    pub boxes: usize,
    pub bubble_columns: usize,
    /// Box outlines that belong to no field (a size no field has): kept out of the draft.
    pub stray_boxes: usize,
    /// Things a person should look at, in Indonesian.
    pub warnings: Vec<String>,
}

/// A detected layout and its report.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub layout: Layout,
    pub report: Report,
    /// The flattening applied to the sample (upright px → sample px), if any.
    flatten: Option<Homography>,
    /// The box filter the sample was shrunk by before detection (1: none).
    shrink: u32,
}

impl Draft {
    /// The sample it was detected from, straightened as detection did, with the draft's fields
    /// numbered on it (the picture to name the fields from).
    pub fn overlay(&self, sample: &GrayImage) -> image::RgbImage {
        let small;
        let sample = if self.shrink > 1 {
            small = crate::decode::downscale(sample, self.shrink);
            &small
        } else {
            sample
        };
        let flat;
        let upright = match &self.flatten {
            None => sample,
            Some(h) => {
                flat = warp(sample, h);
                &flat
            }
        };
        overlay::render(upright, &self.layout, self.report.px_per_mm)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrationError {
    #[error(
        "gambar {w} × {h} px tidak sebanding dengan lembar {sw} × {sh} mm: pindai seluruh lembar, tegak, atau sebutkan ukuran lembarnya"
    )]
    Proportions { w: u32, h: u32, sw: f64, sh: f64 },
    #[error(
        "gambar terlalu kecil untuk kalibrasi ({px_per_mm:.1} px/mm; perlu ≥ 2 px/mm, mis. pindai 100 dpi ke atas)"
    )]
    TooCoarse { px_per_mm: f64 },
    #[error(
        "tanda sudut tidak ditemukan di keempat sudut, dan tidak ada garis tabel yang membentang di lembar: pindai seluruh lembar sampai ke tepinya"
    )]
    NoMarks,
    #[error(
        "lembar miring {deg:.1}° pada pindaian (paling banyak 5°): pindai ulang dengan lembar lurus"
    )]
    Tilted { deg: f64 },
    #[error(
        "tidak ada kotak angka yang ditemukan: periksa bahwa gambar adalah formulir dengan kotak angka"
    )]
    NoBoxes,
}

/// Widest tilt the marks may show before the sample is refused as not flat.
const MAX_TILT_DEG: f64 = 5.0;
/// Resolution detection works at, px/mm (about 200 dpi).
const WORK_PPM: f64 = 8.0;

/// Detects the layout of the sheet in `img`, of size `sheet`. `id` names the draft.
pub fn detect(img: &GrayImage, sheet: SheetSize, id: &str) -> Result<Draft, CalibrationError> {
    let (w, h) = img.dimensions();
    let ppm = f64::from(w) / sheet.width;
    if (f64::from(h) / ppm / sheet.height - 1.0).abs() > 0.03 {
        return Err(CalibrationError::Proportions {
            w,
            h,
            sw: sheet.width,
            sh: sheet.height,
        });
    }
    if ppm < 2.0 {
        return Err(CalibrationError::TooCoarse { px_per_mm: ppm });
    }
    // Finer than WORK_PPM adds nothing to a draft true to 0.3 mm, and a 600-dpi scan's labels
    // would take half a gigabyte: such a sample is box-filtered down first.
    let shrink = (ppm / WORK_PPM).ceil().max(1.0) as u32;
    let small;
    let img = if shrink > 1 {
        small = crate::decode::downscale(img, shrink);
        &small
    } else {
        img
    };
    let ppm = ppm / f64::from(shrink);
    let radius = (12.0 * ppm) as usize;
    let mut ink = Ink::of(img, radius);
    let mark_range = (2.0 * ppm, 25.0 * ppm);
    // A sheet that prints no marks is held by the outer corners of its rulings instead.
    let find = |ink: &Ink, img: &GrayImage| {
        marks::find(ink, mark_range.0, mark_range.1, SAMPLE_SLACK)
            .or_else(|| {
                crate::rulings::corners(ink, img).map(|c| {
                    c.map(|(x, y)| marks::FoundMark {
                        shape: MarkShape::Frame,
                        x,
                        y,
                        square: 0.0,
                        angle: None,
                    })
                })
            })
            .ok_or(CalibrationError::NoMarks)
    };
    let mut found = find(&ink, img)?;
    // The rulings' corners are four points of the page, not a rectangle (the lowest rule may be
    // wider than the top one): a sample held by them is taken as scanned, neither levelled nor
    // flattened on them. Its boxes and corners then describe the same, slightly turned, page,
    // which is all the reader needs; a box turned 2° is 0.3 mm off its upright outline.
    let frame = found[0].shape == MarkShape::Frame;
    let tilt = if frame { 0.0 } else { tilt_deg(&found) };
    if tilt.abs() > MAX_TILT_DEG {
        return Err(CalibrationError::Tilted { deg: tilt });
    }
    let mut upright = None;
    let straighten = if frame { None } else { straightening(&found) };
    if let Some(h) = straighten {
        let flat = warp(img, &h);
        ink = Ink::of(&flat, radius);
        found = find(&ink, &flat)?;
        upright = Some(flat);
    }
    let img = upright.as_ref().unwrap_or(img);
    let to_mm = |v: f64| v / ppm;
    // A sheet printed without a tag is calibrated too: its pages are then told apart by their
    // boxes (or by the clerk), which the report says.
    let tag = tag::find(img);
    let qr = crate::qr::find(img)
        .into_iter()
        .next()
        .map(|f| (f.text, crate::geom::bounds(&f.corners)));

    let outlines = boxes::outlines(&ink, 3.5 * ppm, 40.0 * ppm);
    // The code's finder rings are box outlines too.
    let in_code = |b: &BoxOutline| {
        let inside = |r: (f64, f64, f64, f64)| {
            b.cx() > r.0 && b.cx() < r.0 + r.2 && b.cy() > r.1 && b.cy() < r.1 + r.3
        };
        tag.as_ref().is_some_and(|t| inside(t.rect_px)) || qr.as_ref().is_some_and(|q| inside(q.1))
    };
    let outlines: Vec<BoxOutline> = outlines.into_iter().filter(|b| !in_code(b)).collect();
    let groups = boxes::fields(outlines, 0.8);
    let (fields_px, stray) = keep_fields(groups);
    if fields_px.is_empty() {
        return Err(CalibrationError::NoBoxes);
    }
    // Bubbles are rings, or discs where a voter's mark filled them (π/4 of the bounding box).
    let round: Vec<ink::Component> = ink
        .components
        .iter()
        .filter(|c| c.fill() < 0.85 && c.w() > 3 && c.h() > 3)
        .copied()
        .collect();

    let mut warnings = Vec::new();
    match (&tag, &qr) {
        (None, None) => warnings.push(
            "AprilTag tidak ditemukan: halaman lembar ini akan dikenali dari susunan kotaknya \
             atau dari pilihan petugas saat impor; bila lembarnya memang ber-AprilTag, pindai \
             ulang dengan kodenya utuh dan tajam"
                .to_string(),
        ),
        (None, Some((text, _))) => warnings.push(format!(
            "AprilTag tidak ditemukan: halaman lembar ini akan dikenali dari kode QR-nya \
             (teks diawali \"{text}\"), atau dari susunan kotaknya; bila teks QR berbeda di \
             setiap lembar (misalnya memuat nomor TPS), pendekkan teksnya (di layar \
             kalibrasi, atau qr.text di berkas tata letak) menjadi bagian yang sama di semua \
             lembar halaman ini"
        )),
        _ => {}
    }
    if found[0].shape == MarkShape::Frame {
        warnings.push(
            "tanda sudut tidak ditemukan: sudut luar garis-garis tabel dipakai sebagai acuan; \
             foto lembar ini harus memperlihatkan seluruh garis tabelnya"
                .to_string(),
        );
    }
    let mut fields = Vec::new();
    let mut bubble_columns = 0;
    let mut stroke_sum = (0.0, 0usize);
    for (n, f) in fields_px.iter().enumerate() {
        if f.len() > 4 {
            warnings.push(format!(
                "isian ?{} punya {} kotak berderet: periksa apakah itu dua isian",
                n + 1,
                f.len()
            ));
        }
        for b in f {
            stroke_sum.0 += b.stroke;
            stroke_sum.1 += 1;
        }
        let columns: Vec<Vec<BoxOutline>> = f
            .iter()
            .filter_map(|b| boxes::bubble_column(&ink, b, &round))
            .collect();
        let bubbles = if columns.len() == f.len() {
            bubble_columns += columns.len();
            columns
                .iter()
                .map(|c| c.iter().map(|b| centre_line(b, to_mm)).collect())
                .collect()
        } else {
            if !columns.is_empty() {
                warnings.push(format!(
                    "isian ?{}: bulatan hanya di bawah {} dari {} kotak; bulatan diabaikan",
                    n + 1,
                    columns.len(),
                    f.len()
                ));
            }
            Vec::new()
        };
        fields.push(FieldSpec {
            key: format!("?{}", n + 1),
            slot: None,
            group: None,
            boxes: f.iter().map(|b| centre_line(b, to_mm)).collect(),
            bubbles,
            words: None,
            guides: false,
        });
    }
    let box_line = to_mm(stroke_sum.0 / stroke_sum.1.max(1) as f64);
    let shape = found[0].shape;
    let square = to_mm(found.iter().map(|m| m.square).sum::<f64>() / 4.0);
    let layout = Layout {
        id: id.to_string(),
        family: if sheet.width > 400.0 {
            Family::Plano
        } else {
            Family::Salinan
        },
        provenance: Provenance::Calibrated,
        source: format!(
            "Dideteksi dari contoh pindaian {w} × {h} px (dibaca pada {ppm:.2} px/mm) oleh pleno layout detect"
        ),
        width: sheet.width,
        height: sheet.height,
        box_line,
        marks: CornerMarks {
            shape,
            square,
            centres: found.map(|m| Point::new(to_mm(m.x), to_mm(m.y))),
        },
        tag: tag.as_ref().map(|t| TagSpec {
            family: "tag36h10".into(),
            rect: Rect::new(
                to_mm(t.rect_px.0),
                to_mm(t.rect_px.1),
                to_mm(t.rect_px.2),
                to_mm(t.rect_px.3),
            ),
            rotation: t.rotation,
            label: None,
        }),
        qr: qr.as_ref().map(|(text, r)| QrSpec {
            rect: Rect::new(to_mm(r.0), to_mm(r.1), to_mm(r.2), to_mm(r.3)),
            text: text.clone(),
        }),
        fields,
        lines: Vec::new(),
        fills: Vec::new(),
        texts: Vec::new(),
    };
    let report = Report {
        px_per_mm: ppm,
        deskew_deg: if upright.is_some() { -tilt } else { 0.0 },
        straightened: straighten.is_some(),
        marks: Some(shape),
        tag_id: tag.as_ref().map(|t| t.id),
        qr: qr.map(|q| q.0),
        fields: layout.fields.len(),
        boxes: layout.fields.iter().map(|f| f.boxes.len()).sum(),
        bubble_columns,
        stray_boxes: stray,
        warnings,
    };
    Ok(Draft {
        layout,
        report,
        flatten: straighten,
        shrink,
    })
}

/// A box outline's stroke centre line in mm (the layouts' convention).
fn centre_line(b: &BoxOutline, to_mm: impl Fn(f64) -> f64) -> Rect {
    let s = b.stroke / 2.0;
    Rect::new(
        to_mm(b.x + s),
        to_mm(b.y + s),
        to_mm(b.w - 2.0 * s),
        to_mm(b.h - 2.0 * s),
    )
}

/// Fields of two or more boxes, and single boxes of a size such a field has; the rest are
/// stray outlines (a frame around a stamp, a legend square).
fn keep_fields(groups: Vec<Vec<BoxOutline>>) -> (Vec<Vec<BoxOutline>>, usize) {
    let models: Vec<BoxOutline> = groups
        .iter()
        .filter(|g| g.len() >= 2)
        .map(|g| g[0])
        .collect();
    let mut stray = 0;
    let kept = groups
        .into_iter()
        .filter(|g| {
            let keep = g.len() >= 2 || models.iter().any(|m| boxes::same_size(m, &g[0]));
            stray += usize::from(!keep);
            keep
        })
        .collect();
    (kept, stray)
}

/// Tilt of the marks' frame, degrees clockwise: the mean angle of its top and bottom sides.
fn tilt_deg(m: &[marks::FoundMark; 4]) -> f64 {
    let top = (m[1].y - m[0].y).atan2(m[1].x - m[0].x);
    let bottom = (m[2].y - m[3].y).atan2(m[2].x - m[3].x);
    f64::midpoint(top, bottom).to_degrees()
}

/// Marks further than this from the rectangle they should form (px) get the sample flattened.
const MAX_SKEW_PX: f64 = 1.0;

/// The map from an upright sample (marks on the rectangle of their mean sides, about the same
/// centre) to `img`, when the marks are off that rectangle by more than [`MAX_SKEW_PX`].
fn straightening(m: &[marks::FoundMark; 4]) -> Option<Homography> {
    let p = m.map(|k| (k.x, k.y));
    let d = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).hypot(a.1 - b.1);
    let w = f64::midpoint(d(p[0], p[1]), d(p[3], p[2]));
    let h = f64::midpoint(d(p[0], p[3]), d(p[1], p[2]));
    let cx = p.iter().map(|q| q.0).sum::<f64>() / 4.0;
    let cy = p.iter().map(|q| q.1).sum::<f64>() / 4.0;
    let (x0, y0) = (cx - w / 2.0, cy - h / 2.0);
    let rect = [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)];
    let off = rect
        .iter()
        .zip(&p)
        .map(|(a, b)| d(*a, *b))
        .fold(0.0, f64::max);
    (off > MAX_SKEW_PX)
        .then(|| Homography::from_points(&rect, &p))
        .flatten()
}

/// `img` resampled through `h` (output px → `img` px); what falls outside is paper.
fn warp(img: &GrayImage, h: &Homography) -> GrayImage {
    let (w, ht) = img.dimensions();
    GrayImage::from_fn(w, ht, |x, y| {
        let (sx, sy) = h.apply(f64::from(x) + 0.5, f64::from(y) + 0.5);
        let v = crate::geom::sample(img, sx, sy).unwrap_or(255.0);
        image::Luma([v.round().clamp(0.0, 255.0) as u8])
    })
}
