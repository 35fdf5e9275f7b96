//! `pleno layout detect` as an office runs it: a blank page printed by `pleno form blank`
//! becomes a draft layout file whose fields are numbered for naming, and its picture; a sample
//! that is no form is refused naming the file and what is missing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::pleno;

use pleno_core::template::{Layout, Provenance};

#[test]
fn a_blank_page_becomes_a_draft_with_numbered_fields_and_its_picture() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let out = workspace_and_draft(dir.path(), "102", "ppwp-uji");
    assert!(out.contains("3 isian, 9 kotak, 9 kolom bulatan"), "{out}");
    assert!(out.contains("tag 102"), "{out}");
    let draft: Layout =
        serde_json::from_str(&std::fs::read_to_string(p("draft.json")).unwrap()).unwrap();
    assert_eq!(draft.id, "ppwp-uji");
    assert_eq!(draft.provenance, Provenance::Calibrated);
    assert_eq!((draft.width, draft.height), (600.0, 900.0));
    let keys: Vec<&str> = draft.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["?1", "?2", "?3"]);
    let picture = image::open(p("draft.png")).unwrap().to_rgb8();
    assert_eq!(picture.dimensions(), (1800, 2700));
    // The fields are drawn in blue over the paled sample.
    let blue = picture.pixels().filter(|px| px.0 == [0, 110, 230]).count();
    assert!(blue > 1000, "{blue}");

    std::fs::write(p("kosong.png"), {
        let mut v = Vec::new();
        image::GrayImage::from_pixel(1600, 2400, image::Luma([240]))
            .write_to(&mut std::io::Cursor::new(&mut v), image::ImageFormat::Png)
            .unwrap();
        v
    })
    .unwrap();
    let (code, _, err) = pleno(&["layout", "detect", &p("kosong.png"), "--out", &p("x.json")]);
    assert_ne!(code, Some(0));
    assert!(
        err.contains("kosong.png") && err.contains("tanda sudut"),
        "{err}"
    );
    assert!(!std::path::Path::new(&p("x.json")).exists());
}

#[test]
fn a_draft_is_named_installed_listed_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    workspace_and_draft(dir.path(), "302", "dpd-kantor");

    // Unnamed fields are refused at installation, naming the first of them.
    let (code, _, err) = pleno(&[
        "layout",
        "install",
        &p("ws"),
        &p("draft.json"),
        "--halaman",
        "302",
    ]);
    assert_ne!(code, Some(0));
    assert!(err.contains("?1 belum dinamai"), "{err}");
    // A key with {n} needs its slot.
    let (code, _, err) = pleno(&[
        "layout",
        "name",
        &p("draft.json"),
        "--out",
        &p("named.json"),
        "--isian",
        "1=suara_calon_{n}",
    ]);
    assert_ne!(code, Some(0));
    assert!(err.contains("?1"), "{err}");
    let (code, out, err) = pleno(&[
        "layout",
        "name",
        &p("draft.json"),
        "--out",
        &p("named.json"),
        "--deret",
        "suara_calon_{n}",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("8 isian dinamai"), "{out}");
    let named: Layout =
        serde_json::from_str(&std::fs::read_to_string(p("named.json")).unwrap()).unwrap();
    assert_eq!(named.fields[7].key, "suara_calon_{n}");
    assert_eq!(named.fields[7].slot, Some(8));

    let (code, out, err) = pleno(&[
        "layout",
        "install",
        &p("ws"),
        &p("named.json"),
        "--halaman",
        "302",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("dpd-kantor"), "{out}");
    let (_, out, _) = pleno(&["layout", "list", &p("ws")]);
    assert!(
        out.contains("302") && out.contains("dpd-kantor") && out.contains("8 isian"),
        "{out}"
    );
    // What one office installed, another installs from the exported file.
    let (code, _, err) = pleno(&[
        "layout",
        "export",
        &p("ws"),
        "--halaman",
        "302",
        "--out",
        &p("kirim.json"),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let sent: Layout =
        serde_json::from_str(&std::fs::read_to_string(p("kirim.json")).unwrap()).unwrap();
    assert_eq!(sent, named);
    let (code, _, err) = pleno(&[
        "layout",
        "export",
        &p("ws"),
        "--halaman",
        "303",
        "--out",
        &p("x.json"),
    ]);
    assert_ne!(code, Some(0));
    assert!(err.contains("303"), "{err}");
    let (code, _, err) = pleno(&["layout", "remove", &p("ws"), "--halaman", "302"]);
    assert_eq!(code, Some(0), "{err}");
    let (_, out, _) = pleno(&["layout", "list", &p("ws")]);
    assert!(out.contains("tidak ada tata letak kalibrasi"), "{out}");
    let (code, out, err) = pleno(&["verify", &p("ws")]);
    assert_eq!(code, Some(0), "{out}{err}");
}

/// The closing page prints the date in boxes too: the draft finds them, the clerk drops them
/// with `-` and names the three totals; the workspace takes the result for page 103.
#[test]
fn boxes_that_hold_no_figure_are_dropped_when_naming() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let out = workspace_and_draft(dir.path(), "103", "ppwp-kantor");
    assert!(out.contains("6 isian, 17 kotak"), "{out}");
    let (code, out, err) = pleno(&[
        "layout",
        "name",
        &p("draft.json"),
        "--out",
        &p("named.json"),
        "--isian",
        "1=suara_sah",
        "--isian",
        "2=suara_tidak_sah",
        "--isian",
        "3=suara_total",
        "--isian",
        "4=-",
        "--isian",
        "5=-",
        "--isian",
        "6=-",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("3 isian dinamai"), "{out}");
    let (code, _, err) = pleno(&[
        "layout",
        "install",
        &p("ws"),
        &p("named.json"),
        "--halaman",
        "103",
    ]);
    assert_eq!(code, Some(0), "{err}");
}

/// A sheet printed without its AprilTag, with square corner marks (`pleno form blank|synth
/// --tanpa-tag --tanda-persegi 10`): drafted without a tag, named, and a phone photo of it read
/// with the named layout is known by its boxes; without the layout it is refused.
#[test]
fn a_sheet_without_a_tag_is_drafted_and_its_photo_known_by_its_boxes() {
    tagless_sheet(
        &["--tanpa-tag", "--tanda-persegi", "10"],
        "tanda sudut persegi",
        "marks",
    );
}

/// The same sheet printed with neither tag nor marks, as the official salinan is (`--tanpa-tanda`):
/// drafted on its rulings' corners, and its photo held by them.
#[test]
fn a_sheet_without_marks_or_tag_is_drafted_and_read_on_its_rulings() {
    tagless_sheet(
        &["--tanpa-tag", "--tanpa-tanda"],
        "tanda sudut tidak ada (sudut garis tabel)",
        "rulings",
    );
}

fn tagless_sheet(redraw: &[&str], marks: &str, framing: &str) {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let mut blank = vec!["form", "blank", "--page", "102", "--png"];
    let png = p("blank.png");
    blank.extend([png.as_str(), "--dpi", "76.2"]);
    blank.extend(redraw);
    let (code, _, err) = pleno(&blank);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = pleno(&["layout", "detect", &png, "--out", &p("draft.json")]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("3 isian") && out.contains("tag -"), "{out}");
    assert!(out.contains(marks), "{out}");
    assert!(out.contains("AprilTag tidak ditemukan"), "{out}");
    let (code, _, err) = pleno(&[
        "layout",
        "name",
        &p("draft.json"),
        "--out",
        &p("named.json"),
        "--deret",
        "suara_paslon_{n}",
    ]);
    assert_eq!(code, Some(0), "{err}");

    std::fs::write(
        p("nilai.json"),
        r#"{"suara_paslon_1": 41, "suara_paslon_2": 158, "suara_paslon_3": 7}"#,
    )
    .unwrap();
    let mut synth = vec!["form", "synth", "--page", "102", "--values"];
    let (values, photo, truth) = (p("nilai.json"), p("foto.jpg"), p("truth.json"));
    synth.extend([values.as_str(), "--out", &photo, "--truth", &truth]);
    synth.extend(["--seed", "3", "--megapixels", "6"]);
    synth.extend(redraw);
    let (code, _, err) = pleno(&synth);
    assert_eq!(code, Some(0), "{err}");

    let (code, _, _) = pleno(&["read", &photo]);
    assert_eq!(code, Some(2), "without the layout the photo is refused");
    let layout = format!("102={}", p("named.json"));
    let (code, out, err) = pleno(&["read", &photo, "--tata-letak", &layout, "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(doc["page_code"], 102, "{doc}");
    assert_eq!(doc["identity"], "structure");
    assert_eq!(doc["framing"], framing);
    let read: Vec<_> = doc["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_string(), f["value"].as_u64()))
        .collect();
    assert_eq!(read.len(), 3, "{read:?}");
    let right = read
        .iter()
        .filter(|(k, v)| {
            let want = [
                ("suara_paslon_1", 41),
                ("suara_paslon_2", 158),
                ("suara_paslon_3", 7),
            ];
            want.iter().any(|(wk, wv)| wk == k && *v == Some(*wv))
        })
        .count();
    assert!(right >= 2, "{read:?}");
    let (code, _, err) = pleno(&["read", &photo, "--tata-letak", "102"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("HALAMAN=BERKAS"), "{err}");
}

/// A demo workspace `DIR/ws` and the draft `DIR/draft.json` with its picture `DIR/draft.png`,
/// detected from a blank of `page` printed by `pleno form blank`; returns what `layout detect`
/// printed.
fn workspace_and_draft(dir: &std::path::Path, page: &str, id: &str) -> String {
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let referensi = pleno_app::demo::default_assets().join("demo/referensi.xlsx");
    let (code, _, err) = pleno(&["init", &p("ws"), "--referensi", referensi.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = pleno(&[
        "form",
        "blank",
        "--page",
        page,
        "--png",
        &p("blank.png"),
        "--dpi",
        "76.2",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = pleno(&[
        "layout",
        "detect",
        &p("blank.png"),
        "--out",
        &p("draft.json"),
        "--id",
        id,
        "--gambar",
        &p("draft.png"),
    ]);
    assert_eq!(code, Some(0), "{err}");
    out
}
