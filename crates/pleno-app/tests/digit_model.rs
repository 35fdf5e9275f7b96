//! Installing a retrained digit model in a workspace, as an office does with the model its
//! KPU Kab/Kota sent: a file that is no model and a model that is sure and wrong are refused
//! with nothing recorded; a model that reads as well as the one in use is installed, audited,
//! read with (every new reading names it) and removed again.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::{Path, PathBuf};

use pleno_app::demo::{default_assets, run};
use pleno_app::error::ErrorCode;
use pleno_app::{Mode, Who, Workspace};
use pleno_store::{EventFilter, EventKind, PageFilter, PageStatus};

fn installs(ws: &Workspace) -> usize {
    ws.read(|s| {
        s.events(&EventFilter {
            kind: Some(EventKind::ModelInstalled),
            ..EventFilter::default()
        })
    })
    .unwrap()
    .len()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The model the newest readings of a re-read page name.
fn reread_version(ws: &Workspace, who: &Who, page: pleno_store::PageId) -> String {
    ws.reread_page(who, page, None).unwrap();
    let readings = ws.read(|s| s.readings(page)).unwrap();
    readings.last().unwrap().model_version.clone()
}

#[test]
fn a_retrained_model_is_checked_installed_read_with_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(Some(&default_assets()), dir.path()).unwrap();
    let ws = Workspace::open(&report.workspace, Mode::ReadWrite).unwrap();
    let who = Who::new("Sekretariat PPK");
    let shipped = pleno_reader::model::MODEL_VERSION;
    let before = ws.model_in_use().unwrap();
    assert!(!before.installed);
    assert_eq!(before.version, shipped);

    // Not a file Pleno can run: refused before any check, naming the file.
    let junk = dir.path().join("bukan-model.onnx");
    std::fs::write(&junk, b"PK\x03\x04 this is a zip").unwrap();
    let e = ws
        .install_model(&who, &junk, None, "Kab", "uji")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ModelRefused, "{e}");
    assert!(e.message.contains("bukan model angka"), "{e}");
    // A graph that loads but gives 10 classes, not Pleno's 12: no model either.
    let e = ws.check_model(&fixture("ten-classes.onnx")).unwrap_err();
    assert_eq!(e.code, ErrorCode::ModelRefused, "{e}");
    assert!(
        e.message.contains("ten-classes.onnx bukan model angka"),
        "{e}"
    );
    let e = ws
        .install_model(&who, &dir.path().join("tidak-ada.onnx"), None, "Kab", "uji")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::FileNotFound, "{e}");
    let e = ws
        .install_model(&who, &fixture("sure-and-wrong.onnx"), None, "Kab", " ")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::EmptyReason, "{e}");

    // Sure and wrong: every box a 7 at p ~ 1. Both sets see it pass wrong digits.
    let check = ws.check_model(&fixture("sure-and-wrong.onnx")).unwrap();
    assert!(!check.passed());
    let names: Vec<&str> = check.sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["sintetis", "kantor"],
        "the demo's plenary labelled boxes"
    );
    for s in &check.sets {
        assert!(s.boxes >= 200, "{s:?}");
        assert!(
            s.candidate.accepted_wrong > s.in_use.accepted_wrong,
            "{s:?}"
        );
        assert!(s.in_use.right * 100 >= s.boxes * 90, "{s:?}");
    }
    assert!(check.embedding, "its dense layer reads an embedding");
    assert_eq!(check.in_use, shipped);
    let e = ws
        .install_model(&who, &fixture("sure-and-wrong.onnx"), None, "Kab", "uji")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ModelRefused, "{e}");
    assert!(e.message.contains("angka salah"), "{e}");
    assert_eq!(installs(&ws), 0, "a refused model records nothing");
    assert!(!ws.model_in_use().unwrap().installed);

    // A model that reads exactly as the one in use (the shipped network, as a KPU Kab/Kota
    // would send a retrained one) passes and is installed.
    let sent = dir.path().join("digits-kab.onnx");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/model/digits.onnx"),
        &sent,
    )
    .unwrap();
    // Its card, as train.py --real writes it for a folder of `pleno crops from-bundles`.
    let card = dir.path().join("training.json");
    let not_json = dir.path().join("kartu.txt");
    std::fs::write(&not_json, "epochs: 7").unwrap();
    let e = ws
        .install_model(&who, &sent, Some(&not_json), "Kab", "uji")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::BadInputFile, "{e}");
    assert!(e.message.contains("kartu.txt bukan JSON"), "{e}");
    let sha = "ab".repeat(32);
    std::fs::write(
        &card,
        serde_json::json!({
            "date": "2026-12-06",
            "real_sources": [{
                "dir": "/kab/potongan/kec-330319", "train": 480, "held_out": 126, "skipped_lead": 60,
                "bundle": {"bundle": "paket-330319.pleno", "bundle_sha256": sha, "kecamatan": "SUKAMAJU",
                           "kecamatan_code": "330319", "boxes": 666, "drill": false},
            }],
        })
        .to_string(),
    )
    .unwrap();
    assert_eq!(installs(&ws), 0, "a bad card records nothing");
    let check = ws
        .install_model(
            &who,
            &sent,
            Some(&card),
            "KPU Kab. Contoh 2026-12",
            "surat KPU Kab/Kota no. 12",
        )
        .unwrap();
    assert!(check.passed());
    for s in &check.sets {
        assert_eq!(s.candidate, s.in_use, "{}", s.name);
    }
    let now = ws.model_in_use().unwrap();
    assert!(now.installed);
    assert!(
        now.version
            .starts_with("KPU Kab. Contoh 2026-12 (dipasang, sha256 "),
        "{}",
        now.version
    );
    assert_eq!(now.installed_by.as_deref(), Some("Sekretariat PPK"));
    assert_eq!(now.reason.as_deref(), Some("surat KPU Kab/Kota no. 12"));
    assert!(now.card);
    assert_eq!(now.sources.len(), 1);
    let source = &now.sources[0];
    assert_eq!(
        (
            source.kecamatan.as_str(),
            source.kecamatan_code.as_str(),
            source.train,
            source.held_out
        ),
        ("SUKAMAJU", "330319", 480, 126)
    );
    assert_eq!(source.bundle_sha256, sha);
    assert_eq!(installs(&ws), 1);

    // Every photo read from now on names the installed model; earlier readings keep theirs.
    let page = ws
        .pages(&PageFilter {
            status: Some(PageStatus::Identified),
            ..PageFilter::default()
        })
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let first = ws.read(|s| s.readings(page.id)).unwrap();
    assert!(first.iter().all(|r| r.model_version == shipped));
    assert_eq!(reread_version(&ws, &who, page.id), now.version);
    drop(ws);

    // Reopened, the workspace still reads with it; removing it returns to the shipped one.
    let ws = Workspace::open(&report.workspace, Mode::ReadWrite).unwrap();
    assert_eq!(ws.model_in_use().unwrap(), now);
    let e = ws.remove_model(&who, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::EmptyReason, "{e}");
    ws.remove_model(&who, "model kabupaten ditarik").unwrap();
    assert!(!ws.model_in_use().unwrap().installed);
    assert_eq!(reread_version(&ws, &who, page.id), shipped);
    let e = ws.remove_model(&who, "lagi").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "{e}");
    assert_eq!(installs(&ws), 2);
    drop(ws);
    let verified = pleno_store::verify(&report.workspace).unwrap();
    assert!(verified.problems.is_empty(), "{verified:?}");
}
