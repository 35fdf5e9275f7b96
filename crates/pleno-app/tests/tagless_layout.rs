//! A sheet printed without an AprilTag — the office's DPD page 302 with filled-square corner
//! marks and every digit box 22 mm lower than the shipped layout — taught from one blank sample
//! whose page the clerk names, installed in the workspace, and its phone photo imported: the
//! page is filed by its printed boxes, its figures are read, and the panel's picture draws the
//! boxes where the calibrated layout has them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pleno_app::Who;
use pleno_app::calibration::{DetectRequest, detect_layout, name_fields};
use pleno_core::catalogue::PageCode;
use pleno_core::template::{MarkShape, QrSpec};
use pleno_print::form::{Fit, blank_raster};
use pleno_synth::{Options, Style};

mod common;

use common::{OfficeSheet, import_one_photo, office_dpd_sheet};

/// DPD page 2 of the plano (the office sheet of `common::office_dpd_sheet`).
const PAGE: u16 = 302;

#[test]
fn a_sheet_without_a_tag_is_filed_by_its_boxes() {
    sheet_without_a_tag(MarkShape::Square, 10.0, None, ("marks", "structure"));
}

/// The same sheet printing a QR code where the tag was: the code's text is kept in the layout
/// the workspace installs, and the sheet is still filed by its boxes (no other installed page
/// shares them, so the code need not be read).
#[test]
fn a_sheet_with_a_qr_code_for_its_tag_is_installed_with_its_code() {
    sheet_without_a_tag(
        MarkShape::Square,
        10.0,
        Some("KAB-CONTOH C.HASIL-DPD HAL 2"),
        ("marks", "structure"),
    );
}

/// The same sheet printed with no marks either, as the official salinan is: installed (a
/// layout whose marks are its rulings' corners has no square) and read on its rulings.
#[test]
fn a_sheet_without_marks_or_tag_is_filed_by_its_boxes() {
    sheet_without_a_tag(MarkShape::Frame, 0.0, None, ("rulings", "structure"));
}

/// `qr`: the text of a QR code printed where the tag was; `(framing, identity)`: how the
/// photo is expected to be placed and known.
fn sheet_without_a_tag(
    shape: MarkShape,
    square: f64,
    qr: Option<&str>,
    (framing, identity): (&str, &str),
) {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let OfficeSheet {
        ws,
        election,
        form,
        mut sheet,
        values,
        ..
    } = office_dpd_sheet(dir.path(), &who);
    let tag = sheet.tag.take().expect("the plano's tag");
    sheet.qr = qr.map(|text| QrSpec {
        rect: tag.rect,
        text: text.into(),
    });
    sheet.marks.shape = shape;
    sheet.marks.square = square;
    let figures = values.iter().count();

    // The blank sample carries no page code: the clerk names it, and each field.
    let sample = dir.path().join("contoh-302.png");
    blank_raster(&sheet, Fit::Actual, 3.0)
        .save(&sample)
        .unwrap();
    let mut draft = detect_layout(&DetectRequest {
        sample,
        sheet: None,
        id: "dpd-tanpa-tag".into(),
        overlay: None,
    })
    .unwrap();
    assert_eq!(draft.report.tag_id, None);
    assert!(draft.layout.tag.is_none());
    assert_eq!(draft.layout.qr.as_ref().map(|q| q.text.as_str()), qr);
    let names: Vec<(usize, String, Option<u8>)> = draft
        .layout
        .fields
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let printed = sheet.fields.iter().find(|f| {
                (f.boxes[0].x - d.boxes[0].x).abs() < 2.0
                    && (f.boxes[0].y - d.boxes[0].y).abs() < 2.0
            });
            let key = printed.map_or("-".to_string(), |f| f.key.to_string());
            (i + 1, key, None)
        })
        .collect();
    name_fields(&mut draft.layout, &names).unwrap();
    ws.install_layout(&who, PAGE, &draft.layout).unwrap();
    let kept = ws.calibrated_layouts().unwrap();
    assert_eq!(kept[0].1.qr.as_ref().map(|q| q.text.as_str()), qr);

    let mut o = Options::new(Style::Phone, 5);
    o.megapixels = Some(5.0);
    let shot = pleno_synth::synth(&sheet, &values, &o).unwrap();
    let (read, right) = import_one_photo(
        &ws,
        &who,
        (dir.path(), &election),
        &form,
        &values,
        &shot.jpeg,
    );
    println!("tagless sheet: {figures} figures, {read} read, {right} right");
    assert_eq!(read, figures);
    assert!(right + 1 >= read, "{right} of {read}");
    let pages = ws.pages(&pleno_store::PageFilter::default()).unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].page_code, Some(PageCode(PAGE)));
    let geometry = pages[0].geometry.as_ref().unwrap();
    assert_eq!(geometry["identity"], identity);
    assert_eq!(geometry["framing"], framing);

    // The panel's picture puts each box where it is on the photo, as the calibrated layout has
    // it (the shipped one, 22 mm higher, would frame the printed labels).
    let page_view = ws.page_view(pages[0].id).unwrap();
    let fields = page_view.geometry.unwrap().fields;
    assert_eq!(fields.len(), figures);
    let ppm = f64::from(shot.truth.height.max(shot.truth.width)) / 900.0;
    for f in &fields {
        let truth = &shot.truth.box_centres[&f.key.to_string()];
        for (b, t) in f.boxes.iter().zip(truth) {
            let (cx, cy) = (b[0] + b[2] / 2.0, b[1] + b[3] / 2.0);
            let off = (cx - t[0]).hypot(cy - t[1]) / ppm;
            assert!(off < 3.0, "{}: box {off:.1} mm off", f.key);
        }
    }
}
