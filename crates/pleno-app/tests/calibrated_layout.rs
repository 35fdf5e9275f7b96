//! A sheet Pleno has no layout for, taught from one sample: the office's DPD page 302 is
//! printed with every digit box 22 mm lower than the shipped layout has it. Read with the
//! shipped layout its figures are lost; calibrated from a blank sample, named, installed in the
//! workspace (audited), its photos are read right through the same pipeline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pleno_app::calibration::{DetectRequest, detect_layout, name_fields};
use pleno_app::{ErrorCode, Who};
use pleno_core::template::{Layout, Template};
use pleno_core::{Catalogue, Contest, FieldKey};
use pleno_print::form::{Fit, blank_raster};
use pleno_store::{EventFilter, EventKind};
use pleno_synth::{Options, Style};

mod common;

use common::{OfficeSheet, drill_workspace, import_one_photo, office_dpd_sheet};

#[test]
fn a_sheet_with_its_own_layout_is_read_once_calibrated_from_a_sample() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let OfficeSheet {
        ws,
        election,
        form,
        catalogue: cat,
        sheet,
        values,
    } = office_dpd_sheet(dir.path(), &who);

    // One blank sample of the office's sheet, detected and named as the clerk would.
    let sample = dir.path().join("contoh-302.png");
    blank_raster(&sheet, Fit::Actual, 3.0)
        .save(&sample)
        .unwrap();
    let mut draft = detect_layout(&DetectRequest {
        sample,
        sheet: None,
        id: "dpd-kantor".into(),
        overlay: None,
    })
    .unwrap();
    assert_eq!(draft.report.tag_id, Some(302));
    let err = ws.install_layout(&who, 302, &draft.layout).unwrap_err();
    assert_eq!(err.code, ErrorCode::CalibrationFailed);
    assert!(err.message.contains("?1 belum dinamai"), "{}", err.message);
    let names: Vec<(usize, String, Option<u8>)> = (1..=draft.layout.fields.len())
        .map(|n| (n, "suara_calon_{n}".to_string(), Some(n as u8)))
        .collect();
    name_fields(&mut draft.layout, &names).unwrap();
    let err = ws.install_layout(&who, 101, &draft.layout).unwrap_err();
    assert_eq!(err.code, ErrorCode::CalibrationFailed, "{}", err.message);

    // The photo of a filled sheet.
    let mut o = Options::new(Style::Phone, 11);
    o.megapixels = Some(5.0);
    let jpeg = pleno_synth::synth(&sheet, &values, &o).unwrap().jpeg;

    // Read as the shipped layout has it, the boxes are empty paper.
    let reader = pleno_reader::Reader::new().unwrap();
    let cats = [cat.clone()];
    let as_shipped = match pleno_app::photos::read_photo(&reader, &jpeg, &cats, &[], None) {
        pleno_app::photos::PageRead::Read { readings, .. } => readings,
        pleno_app::photos::PageRead::Rejected { .. } => Vec::new(),
    };
    let shipped_right = as_shipped
        .iter()
        .filter(|r| r.value == values.get(r.field) && r.value != Some(0))
        .count();

    ws.install_layout(&who, 302, &draft.layout).unwrap();
    let installed = ws.calibrated_layouts().unwrap();
    assert_eq!(installed.len(), 1);
    assert_eq!(
        (installed[0].0, installed[0].1.id.as_str()),
        (302, "dpd-kantor")
    );

    let (read, right) = import_one_photo(&ws, &who, (dir.path(), &election), &form, &values, &jpeg);
    println!(
        "{} fields: shipped layout {shipped_right} right; calibrated {read} read, {right} right",
        values.iter().count()
    );
    assert_eq!(read, values.iter().count());
    assert!(right + 1 >= read, "{right} of {read}");
    assert!(shipped_right < right, "{shipped_right} vs {right}");
    let view = ws.form(&form.tps, Contest::Dpd).unwrap();
    let candidate_1 = view.field(FieldKey::DpdCandidate(1)).unwrap();
    assert!(candidate_1.reading.is_some());

    // Back to the shipped layout; both changes are in the audit chain, which verifies.
    ws.remove_layout(&who, 302).unwrap();
    assert!(ws.calibrated_layouts().unwrap().is_empty());
    let err = ws.remove_layout(&who, 302).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let events = ws
        .audit(&EventFilter {
            kind: Some(EventKind::LayoutCalibrated),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(events.len(), 2);
    assert!(ws.verify_audit().unwrap().problems.is_empty());
}

/// A layout file edited by hand or damaged elsewhere is refused before it can reach the
/// reader, saying what is wrong.
#[test]
fn a_layout_off_its_sheet_is_refused_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let (ws, _, _) = drill_workspace(dir.path(), &who);
    let draft = named_dpd_draft(&ws, dir.path(), "dpd-rusak");
    let mut off = draft.clone();
    off.fields[2].boxes[1].x = 900.0;
    let err = ws.install_layout(&who, 302, &off).unwrap_err();
    assert_eq!(err.code, ErrorCode::CalibrationFailed);
    assert!(err.message.contains("di luar lembar"), "{}", err.message);
    let mut many = draft.clone();
    many.fields[0].boxes = vec![many.fields[0].boxes[0]; 40];
    let err = ws.install_layout(&who, 302, &many).unwrap_err();
    assert!(err.message.contains("40 kotak"), "{}", err.message);
    assert!(ws.calibrated_layouts().unwrap().is_empty());
    ws.install_layout(&who, 302, &draft).unwrap();
}

/// DPD page 302 of the workspace's form, detected from its blank render and named in order.
fn named_dpd_draft(ws: &pleno_app::Workspace, dir: &std::path::Path, id: &str) -> Layout {
    let election = ws.read(pleno_store::Store::election).unwrap();
    let cat = Catalogue::new(election.ballot(Contest::Dpd).unwrap());
    let sample = dir.join("contoh.png");
    blank_raster(
        &Template::for_tag(302, &cat, None).unwrap(),
        Fit::Actual,
        3.0,
    )
    .save(&sample)
    .unwrap();
    let mut layout = detect_layout(&DetectRequest {
        sample,
        sheet: None,
        id: id.into(),
        overlay: None,
    })
    .unwrap()
    .layout;
    let names: Vec<(usize, String, Option<u8>)> = (1..=layout.fields.len())
        .map(|n| (n, "suara_calon_{n}".to_string(), Some(n as u8)))
        .collect();
    name_fields(&mut layout, &names).unwrap();
    layout
}

/// The KPU Kabupaten/Kota calibrates once and sends the file; the PPK installs it from its
/// disk through the same use case as the screen.
#[test]
fn a_layout_file_from_another_office_is_installed_through_the_api() {
    use pleno_app::api::{self, Input};
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let (ws, _, _) = drill_workspace(dir.path(), &who);
    let ws = std::sync::Arc::new(ws);
    let layout = named_dpd_draft(&ws, dir.path(), "dpd-kab");
    let file = dir.path().join("tata-letak-302.json");
    std::fs::write(&file, serde_json::to_string(&layout).unwrap()).unwrap();
    let junk = dir.path().join("bukan.json");
    std::fs::write(&junk, "{\"id\": 3}").unwrap();

    let call = |path: &std::path::Path| {
        api::call(
            &ws,
            Some(&who),
            "install_layout_file",
            Input::Json(serde_json::json!({ "page_code": 302, "path": path })),
        )
    };
    let err = call(&junk).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInputFile);
    assert!(err.message.contains("bukan.json"), "{}", err.message);
    let out = call(&file).unwrap();
    assert_eq!(out[0]["page_code"], 302);
    assert_eq!(out[0]["id"], "dpd-kab");
}
