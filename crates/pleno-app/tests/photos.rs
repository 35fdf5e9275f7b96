//! Importing photographed C.Hasil pages: folders walked, TPS taken from folder names, every
//! photo kept, readings filed, the policy deciding; an interrupted or repeated import neither
//! loses nor duplicates anything; nothing the machine accepts differs from what was written.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use pleno_app::demo_photos::{photograph, photographed};
use pleno_app::import::load_figures;
use pleno_app::queue::{QueueFilter, QueueKind};
use pleno_app::{Who, Workspace};
use pleno_core::Contest;
use pleno_core::wilayah::TpsCode;
use pleno_store::{PageFilter, PageStatus, Source};
use pleno_synth::scan::{ScanPage, pdf_of_jpegs};

mod common;

use common::{demo_workspace, drill_workspace, no_progress};

/// An import run to the end, as the Unggah screen starts it.
fn import(ws: &Workspace, who: &Who, paths: &[PathBuf]) -> pleno_app::photos::PhotoImportReport {
    ws.import_photos(who, paths, &AtomicBool::new(false), &no_progress)
        .unwrap()
}

#[test]
fn photos_are_filed_read_and_accepted_only_when_right() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let (ws, hasil, election) = drill_workspace(dir.path(), &who);
    let all = photographed(&hasil).unwrap();
    assert_eq!(all.len(), 12, "the demo photographs 12 forms");
    let skip: Vec<(TpsCode, Contest)> = all.iter().map(|(t, c, _)| (t.clone(), *c)).collect();
    ws.import_figures(&who, &hasil, &skip).unwrap();

    // Three PPWP forms (3 pages each) filed as offices do: Desa …/TPS nnn/.
    let foto = dir.path().join("foto");
    let files = photograph(&foto, &hasil, &election, &all[..3]).unwrap();
    assert_eq!(files.len(), 9);
    // A photo whose folder names no TPS, and a file that is not an image at all.
    let loose = dir.path().join("foto/lain-lain");
    std::fs::create_dir_all(&loose).unwrap();
    let spare = photograph(&dir.path().join("spare"), &hasil, &election, &all[3..4]).unwrap();
    std::fs::copy(&spare[0], loose.join("IMG_0001.jpg")).unwrap();
    std::fs::write(loose.join("rusak.jpg"), b"bukan gambar").unwrap();

    // An import cut short after the first file, then the whole folder: nothing twice.
    let first = import(&ws, &who, &[files[0].clone()]);
    assert_eq!((first.files, first.pages), (1, 1));
    let report = import(&ws, &who, std::slice::from_ref(&foto));
    println!("{report:#?}");
    assert_eq!(report.files, 11);
    assert_eq!(report.already_imported, 1);
    assert_eq!(report.pages, 10);
    // TPS 001 is a flat scan, TPS 002 a phone photo, TPS 003 poor photos with a corner
    // covered by a thumb: two of them placed by three marks and the printed structure, the
    // third (a second mark lost in glare) by its tag, which reads again where the map puts it.
    assert_eq!(
        report.identified + first.identified,
        9,
        "{:?}",
        report.issues
    );
    assert_eq!(report.unidentified, 1);
    assert_eq!(report.rejected, 1, "{:?}", report.issues);
    let codes: Vec<(&str, &str)> = report
        .issues
        .iter()
        .map(|i| (i.file.as_str(), i.code.as_str()))
        .collect();
    assert_eq!(codes, [("foto/lain-lain/rusak.jpg", "decode_error")]);

    // The clerk may still place a page by dragging its four corners (the way out for a page
    // the reader refuses): it is read again from them and stays filed.
    let poor = ws
        .pages(&PageFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| p.source_path.ends_with("TPS 003/ppwp-hal2.jpg"))
        .unwrap();
    assert_eq!(poor.status, PageStatus::Identified, "{poor:?}");
    assert!(files[7].ends_with("TPS 003/ppwp-hal2.jpg"), "{files:?}");
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(files[7].with_extension("truth.json")).unwrap())
            .unwrap();
    let c = &truth["corners"];
    let corners = [0, 1, 2, 3].map(|i| (c[i][0].as_f64().unwrap(), c[i][1].as_f64().unwrap()));
    let view = ws.reread_page(&who, poor.id, Some(corners)).unwrap();
    assert_eq!(view.page.status, PageStatus::Identified, "{:?}", view.page);
    assert!(!view.readings.is_empty());
    let geometry = view.geometry.unwrap();
    // The sheet's turn in the photo, as the reader found it: the panel turns row cuts by it.
    assert_eq!(
        u64::from(geometry.orientation),
        truth["rotation"].as_u64().unwrap()
    );
    let boxes = geometry.fields;
    // Readings are kept, never replaced: the first reading and this one, each field twice.
    let fields: std::collections::BTreeSet<_> = view.readings.iter().map(|r| r.field).collect();
    assert_eq!(view.readings.len(), 2 * fields.len());
    assert_eq!(
        boxes.len(),
        fields.len(),
        "every field read is placed on the photo"
    );
    assert!(boxes.iter().all(|f| f.boxes.len() == 3));

    let again = import(&ws, &who, std::slice::from_ref(&foto));
    assert_eq!((again.pages, again.already_imported), (0, 11));
    let pages = ws.pages(&PageFilter::default()).unwrap();
    assert_eq!(pages.len(), 11);
    let blobs = ws.read(pleno_store::Store::blobs).unwrap();
    assert_eq!(
        blobs
            .iter()
            .filter(|b| pages.iter().any(|p| p.blob == b.hash))
            .count(),
        11,
        "each photo stored once, byte for byte"
    );
    // Left refused: the file that is no image.
    assert_eq!(
        pages
            .iter()
            .filter(|p| p.status == PageStatus::Rejected)
            .count(),
        1
    );

    // No silent error: every figure the machine accepted equals what KPPS wrote.
    let truth = load_figures(&hasil, &election).unwrap();
    let (mut accepted, mut fields) = (0, 0);
    for (tps, contest, _) in &all[..3] {
        let want = truth
            .iter()
            .find(|f| &f.tps == tps && f.contest == *contest)
            .unwrap();
        let current = ws.read(|s| s.current_values(tps, *contest)).unwrap();
        let readings = ws.read(|s| s.form_readings(tps, *contest)).unwrap();
        fields += readings.len();
        for (key, entry) in &current.entries {
            if entry.source == Source::OcrAccepted {
                accepted += 1;
                assert_eq!(
                    Some(entry.value),
                    want.values.get(*key),
                    "{tps} {contest} {key}: accepted a figure that was not written"
                );
            }
        }
    }
    println!(
        "photo import: {fields} field readings, {accepted} accepted unseen, agreed forms {}, to review {}",
        report.agreed + first.agreed,
        report.to_review
    );
    assert!(
        fields >= 2 * 28,
        "readings filed for every read page: {fields}"
    );

    // The recap counts a photographed form as in the office (agreed, or waiting for the
    // panel), never as "tidak ada", even before a figure of it is entered.
    let recap = ws.read(pleno_app::recap::workspace_recap).unwrap();
    for (tps, contest, _) in &all[..3] {
        let table = &recap.contest(*contest).unwrap().kecamatan;
        assert!(
            !table.completeness.missing.contains(tps),
            "{tps} {contest}: listed as missing though its photos are filed"
        );
    }

    let queue = ws.queue(&QueueFilter::default()).unwrap();
    let kinds: Vec<QueueKind> = queue.iter().map(|q| q.kind).collect();
    assert!(kinds.contains(&QueueKind::RejectedPage), "{kinds:?}");
    assert!(kinds.contains(&QueueKind::UnidentifiedPage), "{kinds:?}");
    // A refused photo is named by its file and its refusal code (the UI words the code); one
    // outside any TPS folder gets no place hint.
    let refused = queue
        .iter()
        .find(|q| q.kind == QueueKind::RejectedPage)
        .unwrap();
    assert_eq!(refused.source.as_deref(), Some("foto/lain-lain/rusak.jpg"));
    assert_eq!(
        refused.refusal.as_deref(),
        Some("decode_error"),
        "{refused:?}"
    );
    assert!(
        !refused.reasons[0].is_empty() && !refused.reasons[0].starts_with("decode_error"),
        "{refused:?}"
    );
    assert_eq!(refused.place_hint, None);
    let unfiled = queue
        .iter()
        .find(|q| q.kind == QueueKind::UnidentifiedPage)
        .unwrap();
    assert_eq!(
        unfiled.source.as_deref(),
        Some("foto/lain-lain/IMG_0001.jpg")
    );
    assert_eq!(unfiled.place_hint, None);
}

#[test]
fn a_cancelled_import_files_nothing_more_and_a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let ws = demo_workspace(dir.path(), &who);
    std::fs::create_dir_all(dir.path().join("foto")).unwrap();
    std::fs::write(dir.path().join("foto/a.jpg"), b"x").unwrap();
    let cancelled = ws
        .import_photos(
            &who,
            &[dir.path().join("foto")],
            &AtomicBool::new(true),
            &no_progress,
        )
        .unwrap();
    assert!(cancelled.cancelled);
    assert_eq!(cancelled.pages, 0);
    let err = ws
        .import_photos(
            &who,
            &[Path::new("/tidak/ada").to_path_buf()],
            &AtomicBool::new(false),
            &no_progress,
        )
        .unwrap_err();
    assert_eq!(err.code, "file_not_found");
    assert!(err.message.contains("/tidak/ada"), "{}", err.message);
}

#[test]
fn a_scanned_pdf_is_kept_whole_and_filed_page_by_page() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let (ws, hasil, election) = drill_workspace(dir.path(), &who);
    let all = photographed(&hasil).unwrap();
    // The demo's flat scan (TPS 001's PPWP form), its three pages bound into one PDF as an
    // office scanner writes it, filed under the TPS's folder.
    let (tps, contest, _) = &all[0];
    let pages = photograph(&dir.path().join("jpeg"), &hasil, &election, &all[..1]).unwrap();
    assert_eq!(pages.len(), 3);
    let jpegs: Vec<Vec<u8>> = pages.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let scan_pages: Vec<ScanPage<'_>> = jpegs.iter().map(|j| ScanPage::of(j).unwrap()).collect();
    let pdf = pdf_of_jpegs(&scan_pages, 150.0);
    let folder = pages[0].parent().unwrap().to_path_buf();
    let scans_dir = dir.path().join("pindaian");
    let rel = folder.strip_prefix(dir.path().join("jpeg")).unwrap();
    std::fs::create_dir_all(scans_dir.join(rel)).unwrap();
    std::fs::write(scans_dir.join(rel).join("pindai-ppwp.pdf"), &pdf).unwrap();
    std::fs::write(scans_dir.join("rusak.pdf"), b"%PDF-1.7 terpotong di tengah").unwrap();

    let report = import(&ws, &who, std::slice::from_ref(&scans_dir));
    println!("{report:#?}");
    assert_eq!(report.files, 2);
    assert_eq!(report.pages, 4, "three PDF pages and the broken PDF");
    assert_eq!(report.identified, 3, "{:?}", report.issues);
    assert_eq!(report.rejected, 1);
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].file, "pindaian/rusak.pdf");
    assert_eq!(report.issues[0].code, "decode_error");

    let filed = ws.pages(&PageFilter::default()).unwrap();
    let mut names: Vec<&str> = filed.iter().map(|p| p.source_path.as_str()).collect();
    names.sort_unstable();
    assert!(
        names
            .iter()
            .filter(|n| n.contains("pindai-ppwp.pdf halaman "))
            .count()
            == 3,
        "{names:?}"
    );
    assert!(
        filed
            .iter()
            .filter(|p| p.source_path.contains("halaman"))
            .all(|p| p.tps.as_ref() == Some(tps) && p.contest == Some(*contest))
    );
    // The PDF itself is kept byte for byte, besides the page images read from it.
    let blobs = ws.read(pleno_store::Store::blobs).unwrap();
    let pdf_hash = pleno_store::BlobHash::of(&pdf);
    assert!(blobs.iter().any(|b| b.hash == pdf_hash));
    assert_eq!(
        ws.read(|s| s.read_blob(&pdf_hash)).unwrap(),
        pdf,
        "the original scan is stored unchanged"
    );
    let readings = ws.read(|s| s.form_readings(tps, *contest)).unwrap();
    assert!(readings.len() >= 20, "{} readings", readings.len());

    let again = import(&ws, &who, std::slice::from_ref(&scans_dir));
    assert_eq!((again.pages, again.already_imported), (0, 4));
}

#[test]
fn the_same_file_twice_in_one_import_is_filed_once_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let ws = demo_workspace(dir.path(), &who);
    // Three copies of one file: two in the same batch of readers, one in the next.
    let foto = dir.path().join("foto");
    std::fs::create_dir_all(&foto).unwrap();
    for name in ["a.jpg", "b.jpg", "c.jpg"] {
        std::fs::write(foto.join(name), b"bukan gambar").unwrap();
    }
    let report = import(&ws, &who, std::slice::from_ref(&foto));
    assert_eq!(
        (report.pages, report.already_imported),
        (1, 0),
        "{report:?}"
    );
    let copies: Vec<&str> = report
        .issues
        .iter()
        .filter(|i| i.code == "duplicate_file")
        .map(|i| i.file.as_str())
        .collect();
    assert_eq!(copies, ["foto/b.jpg", "foto/c.jpg"], "{report:?}");
    assert!(
        report
            .issues
            .iter()
            .filter(|i| i.code == "duplicate_file")
            .all(|i| i.message.contains("sama persis dengan foto/a.jpg")),
        "{report:?}"
    );
    assert_eq!(ws.pages(&PageFilter::default()).unwrap().len(), 1);
}
