//! Layout calibration on known answers: blank and filled renders of layouts Pleno ships are
//! detected, and every box, bubble, mark and the tag must come back within 1 mm of the layout
//! file, with no field missing and none invented.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::layouts::{MM, compare, off, sheet};
use common::{form, template};
use image::GrayImage;
use pleno_core::template::{Layout, MarkShape, Rect, Template};
use pleno_print::form::{Fit, blank_raster};
use pleno_reader::calibrate::{CalibrationError, SheetSize, detect};

fn detect_blank(tag: u16, ppm: f64) -> (Template, Layout, f64) {
    let t = template(tag);
    let img = blank_raster(&t, Fit::Actual, ppm);
    let d = detect(&img, sheet(&t), "uji").unwrap_or_else(|e| panic!("{tag}: {e}"));
    assert_eq!(d.report.tag_id, Some(tag));
    let worst = compare(&t, &d.layout);
    (t, d.layout, worst)
}

#[test]
fn the_reconstructed_dpd_page_is_detected_within_1_mm_of_its_layout() {
    let (t, d, worst) = detect_blank(302, 3.0);
    assert_eq!(t.layout_id, "dpd-8");
    assert!(worst < MM, "worst {worst:.2} mm");
    assert!(
        d.fields
            .iter()
            .all(|f| f.key.starts_with('?') && f.boxes.len() == 3)
    );
}

#[test]
fn the_measured_ppwp_result_page_comes_with_its_bubble_columns() {
    let (_, d, worst) = detect_blank(102, 3.0);
    assert!(worst < MM, "worst {worst:.2} mm");
    assert!(
        d.fields
            .iter()
            .all(|f| f.bubbles.len() == 3 && f.bubbles[0].len() == 10)
    );
}

/// One page of every layout Pleno ships, plano at 3 px/mm (a 1800 × 2700 render), salinan
/// at 6 px/mm (152 dpi).
#[test]
fn every_shipped_layout_is_detected_within_1_mm() {
    let mut seen = std::collections::BTreeMap::new();
    for cat in common::catalogues() {
        for plan in Template::plans(cat) {
            seen.entry(plan.layout).or_insert(plan.tag_id);
        }
    }
    assert!(seen.len() >= 15, "{seen:?}");
    for (layout, tag) in seen {
        let ppm = if tag >= 1000 { 6.0 } else { 3.0 };
        let (_, _, worst) = detect_blank(tag, ppm);
        eprintln!("{layout} ({tag}): worst {worst:.2} mm");
        assert!(worst < MM, "{layout} ({tag}): worst {worst:.2} mm");
    }
}

/// `img` turned `deg` degrees clockwise about its centre, on paper.
fn turned(img: &GrayImage, deg: f64) -> GrayImage {
    let (w, h) = img.dimensions();
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    let (s, c) = deg.to_radians().sin_cos();
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        if sx < 0.0 || sy < 0.0 || sx >= f64::from(w) || sy >= f64::from(h) {
            return image::Luma([250]);
        }
        *img.get_pixel(sx as u32, sy as u32)
    })
}

#[test]
fn a_sample_scanned_a_little_askew_is_straightened_on_its_marks() {
    let t = template(302);
    let img = turned(&blank_raster(&t, Fit::Actual, 3.0), 1.2);
    let d = detect(&img, sheet(&t), "uji").expect("detected");
    assert!(
        (d.report.deskew_deg + 1.2).abs() < 0.1,
        "{}",
        d.report.deskew_deg
    );
    let worst = compare(&t, &d.layout);
    assert!(worst < MM, "worst {worst:.2} mm");
}

#[test]
fn a_filled_sheet_is_detected_like_a_blank_one() {
    for tag in [302, 102] {
        let t = template(tag);
        let values = form(pleno_synth::contest_of(tag).expect("contest"), 5);
        let mut rng = pleno_synth::rng::Rng::new(9);
        let (page, _, _) =
            pleno_synth::filled_page(&t, &values, 3.0, &mut rng, pleno_synth::Hand::Mnist, None)
                .expect("filled");
        let grey = image::DynamicImage::ImageRgb8(page).to_luma8();
        let d = detect(&grey, sheet(&t), "uji").expect("detected");
        let worst = compare(&t, &d.layout);
        assert!(worst < MM, "{tag}: worst {worst:.2} mm");
    }
}

#[test]
fn a_sample_without_marks_or_of_the_wrong_proportions_is_refused_with_its_reason() {
    let t = template(302);
    let mut img = blank_raster(&t, Fit::Actual, 3.0);
    let err = detect(&img, SheetSize::A4, "uji").unwrap_err();
    assert!(matches!(err, CalibrationError::Proportions { .. }), "{err}");
    for c in t.corner_centres() {
        for y in (c.y - 12.0) as u32 * 3..(c.y + 12.0) as u32 * 3 {
            for x in (c.x - 12.0) as u32 * 3..(c.x + 12.0) as u32 * 3 {
                img.put_pixel(x, y, image::Luma([250]));
            }
        }
    }
    // Without its marks the sheet is held by its rulings' corners, its boxes still in place.
    let d = detect(&img, sheet(&t), "uji").expect("held by its rulings");
    assert_eq!(d.layout.marks.shape, MarkShape::Frame);
    assert!(
        d.report
            .warnings
            .iter()
            .any(|w| w.contains("garis-garis tabel"))
    );
    for f in &t.fields {
        assert!(
            d.layout
                .fields
                .iter()
                .any(|g| off(&g.boxes[0], &f.boxes[0]) < MM),
            "{} not detected in place",
            f.key
        );
    }
    // Neither marks nor rulings: refused, saying what to do.
    let bare = image::GrayImage::from_pixel(img.width(), img.height(), image::Luma([245]));
    let err = detect(&bare, sheet(&t), "uji").unwrap_err();
    assert_eq!(err, CalibrationError::NoMarks);
    assert!(err.to_string().contains("tanda sudut"));
}

/// The similarity (scale, turn, shift) that best maps `from` onto `to`, as a function.
fn similarity(from: &[(f64, f64)], to: &[(f64, f64)]) -> impl Fn(f64, f64) -> (f64, f64) + use<> {
    let n = from.len() as f64;
    let mean = |p: &[(f64, f64)]| {
        let (x, y) = p.iter().fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
        (x / n, y / n)
    };
    let (fm, tm) = (mean(from), mean(to));
    // Complex least squares: (to − tm) ≈ z · (from − fm).
    let (mut re, mut im, mut norm) = (0.0, 0.0, 0.0);
    for (f, t) in from.iter().zip(to) {
        let (fx, fy) = (f.0 - fm.0, f.1 - fm.1);
        let (tx, ty) = (t.0 - tm.0, t.1 - tm.1);
        re += fx * tx + fy * ty;
        im += fx * ty - fy * tx;
        norm += fx * fx + fy * fy;
    }
    let (a, b) = (re / norm, im / norm);
    move |x, y| {
        let (dx, dy) = (x - fm.0, y - fm.1);
        (tm.0 + a * dx - b * dy, tm.1 + b * dx + a * dy)
    }
}

/// A flatbed-like clean shot and a scanner app's page of a salinan sheet: the sheet does not
/// fill the image exactly, so the draft's millimetres may be off by a uniform scale and shift
/// (which the reader's alignment on the marks absorbs); once that is taken out, every box of
/// the flat sheet is within 1 mm. The scanner app's sheet was folded and bent (its rules are
/// curved by up to 3 mm): every field is still found, but such a sample is not true to 1 mm
/// and docs/reader.md asks for a flat one.
#[test]
fn a_scanned_salinan_sheet_gives_a_draft_true_to_within_1_mm_up_to_its_scale() {
    for (style, seed) in [
        (pleno_synth::Style::Clean, 3),
        (pleno_synth::Style::Scan, 4),
    ] {
        let s = common::Shot::new(1302, style, seed).take();
        let img = pleno_reader::decode::decode_grey(&s.jpeg, 60_000_000).expect("decoded");
        let t = template(1302);
        let d = detect(&img, SheetSize::A4, "uji").expect("detected").layout;
        let pts = |m: &Layout| m.marks.centres.map(|c| (c.x, c.y));
        let map = similarity(&pts(&d), &t.marks.centres.map(|c| (c.x, c.y)));
        let mut worst = 0.0_f64;
        assert_eq!(d.fields.len(), t.fields.len(), "{style:?}");
        for (g, f) in d.fields.iter().zip(&t.fields) {
            for (a, b) in g.boxes.iter().zip(&f.boxes) {
                let (x0, y0) = map(a.x, a.y);
                let (x1, y1) = map(a.right(), a.bottom());
                let mapped = Rect::new(x0, y0, x1 - x0, y1 - y0);
                worst = worst.max(off(&mapped, b));
            }
        }
        eprintln!("{style:?}: worst {worst:.2} mm");
        let bound = if style == pleno_synth::Style::Clean {
            MM
        } else {
            4.0 * MM
        };
        assert!(worst < bound, "{style:?}: worst {worst:.2} mm");
    }
}

/// A layout of our own with plain square corner marks (an A4 sheet Pleno never shipped).
#[test]
fn square_corner_marks_are_told_from_checkers() {
    let mut t = template(1302);
    t.marks.shape = MarkShape::Square;
    t.marks.square = 6.0;
    let img = blank_raster(&t, Fit::Actual, 6.0);
    let d = detect(&img, sheet(&t), "uji").expect("detected");
    assert_eq!(d.layout.marks.shape, MarkShape::Square);
    let worst = compare(&t, &d.layout);
    assert!(worst < MM, "worst {worst:.2} mm");
}

/// The draft of page 302, named as a clerk would: field ?n is candidate n's votes.
fn calibrated_dpd() -> Layout {
    let t = template(302);
    let img = blank_raster(&t, Fit::Actual, 3.0);
    let mut layout = detect(&img, sheet(&t), "dpd-kalibrasi")
        .expect("detected")
        .layout;
    for (n, f) in layout.fields.iter_mut().enumerate() {
        f.key = "suara_calon_{n}".into();
        f.slot = Some(n as u8 + 1);
    }
    layout
}

/// A calibrated layout reads photos through the same pipeline as a shipped one: 20 phone
/// photos of DPD page 302 read with the layout calibrated from its blank render, every field
/// right or held for a person, none accepted wrongly, and about as many accepted as with the
/// shipped layout.
#[test]
fn photos_are_read_with_a_calibrated_layout_as_with_the_shipped_one() {
    use common::{Shot, Tally, acceptable, broken_on_page, catalogues, reader};
    use pleno_reader::ReadOptions;
    let calibrated = [(302, calibrated_dpd())];
    let (mut t, mut shipped_accepted) = (Tally::default(), 0);
    for seed in 0..20 {
        let s = Shot::new(302, pleno_synth::Style::Phone, 700 + seed).take();
        let mut opts = ReadOptions::new(catalogues());
        opts.calibrated = &calibrated;
        let r = reader().read(&s.jpeg, &opts);
        assert!(r.rejected.is_none(), "seed {seed}: {:?}", r.rejected);
        assert_eq!(r.tag_id, Some(302));
        assert_eq!(r.layout.as_deref(), Some("dpd-kalibrasi"));
        t.add(&r, &s.truth);
        let shipped = reader().read(&s.jpeg, &ReadOptions::new(catalogues()));
        let broken = broken_on_page(&shipped);
        shipped_accepted += shipped
            .fields
            .iter()
            .filter(|f| acceptable(f) && !broken.contains(&f.key))
            .count();
    }
    eprintln!("calibrated dpd-8: {t:?} (shipped layout: {shipped_accepted} auto-accepted)");
    assert_eq!(t.fields, 160);
    assert_eq!(t.silent, 0);
    assert!(t.right * 100 >= t.fields * 95, "{t:?}");
    assert!(
        t.accepted * 100 >= shipped_accepted * 95,
        "{t:?} vs {shipped_accepted}"
    );
}

/// Fields whose boxes share their walls (a comb, as many tables print them), four boxes to a
/// field: each comb is taken apart into its cells.
#[test]
fn boxes_that_share_their_walls_are_taken_apart() {
    let mut t = template(1302);
    for f in &mut t.fields {
        let b0 = f.boxes[0];
        f.boxes = (0..4)
            .map(|k| Rect::new(160.0 + 7.0 * f64::from(k), b0.y, 7.0, b0.h))
            .collect();
    }
    let img = blank_raster(&t, Fit::Actual, 6.0);
    let d = detect(&img, sheet(&t), "uji").expect("detected");
    let worst = compare(&t, &d.layout);
    eprintln!("comb: worst {worst:.2} mm");
    assert!(worst < MM, "worst {worst:.2} mm");
    assert!(d.layout.fields.iter().all(|f| f.boxes.len() == 4));
}

/// A 600-dpi scan is read at a third of its size (memory stays small) and is as true; a sheet
/// scanned 6.5° askew is refused saying so.
#[test]
fn a_fine_scan_is_shrunk_and_a_badly_tilted_one_refused() {
    let t = template(1302);
    let img = blank_raster(&t, Fit::Actual, 600.0 / 25.4);
    let d = detect(&img, sheet(&t), "uji").expect("detected");
    assert!(d.report.px_per_mm < 8.0, "{}", d.report.px_per_mm);
    let worst = compare(&t, &d.layout);
    eprintln!("600 dpi: worst {worst:.2} mm");
    assert!(worst < MM, "worst {worst:.2} mm");
    let picture = d.overlay(&img);
    assert_eq!(picture.width(), img.width() / 3);

    // The sheet lies smaller on the glass, so that turning it keeps its marks in the image.
    let page = blank_raster(&t, Fit::Actual, 6.0);
    let (w, h) = page.dimensions();
    let inner = image::imageops::resize(
        &page,
        w * 7 / 10,
        h * 7 / 10,
        image::imageops::FilterType::Triangle,
    );
    let mut glass = GrayImage::from_pixel(w, h, image::Luma([250]));
    image::imageops::overlay(
        &mut glass,
        &inner,
        i64::from(w * 3 / 20),
        i64::from(h * 3 / 20),
    );
    let tilted = turned(&glass, 6.5);
    let err = detect(&tilted, sheet(&t), "uji").unwrap_err();
    assert!(matches!(err, CalibrationError::Tilted { .. }), "{err}");
    assert!(err.to_string().contains("miring 6.5°"), "{err}");
}
