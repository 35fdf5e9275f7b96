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
        ("marks", "structure"),
    );
}

/// The same sheet printed with neither tag nor marks, as the official salinan is (`--tanpa-tanda`):
/// drafted on its rulings' corners, and its photo held by them.
#[test]
fn a_sheet_without_marks_or_tag_is_drafted_and_read_on_its_rulings() {
    tagless_sheet(
        &["--tanpa-tag", "--tanpa-tanda"],
        "tanda sudut tidak ada (sudut garis tabel)",
        ("rulings", "structure"),
    );
}

/// The same sheet printed with an L at each corner (`--tanda-siku 12`): drafted on the L's
/// outer angles, and its photo held by them.
#[test]
fn a_sheet_with_l_marks_is_drafted_and_read_on_their_angles() {
    tagless_sheet(
        &["--tanpa-tag", "--tanda-siku", "12"],
        "tanda sudut siku (L)",
        ("marks", "structure"),
    );
}

/// Two party pages of the DPR plano print the same table; printed with a QR code in place of
/// their tag (`--qr TEKS`), the draft keeps the code's text, one named layout serves both pages
/// (its keys name the party by placeholder) with each page's own text, and a photo of page 203
/// from a TPS is known by its code. With the same text in both layouts the photo is refused
/// as ambiguous: the boxes alone cannot tell the pages apart.
#[test]
fn party_pages_with_the_same_table_are_known_by_their_qr_codes() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let text = |page: &str| format!("UJI C.HASIL-DPR HAL {page}");
    let (png, draft) = (p("blank.png"), p("draft.json"));
    let (code, _, err) = pleno(&[
        "form",
        "blank",
        "--page",
        "202",
        "--png",
        &png,
        "--dpi",
        "76.2",
        "--qr",
        &text("202"),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = pleno(&["layout", "detect", &png, "--out", &draft]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains(&format!("kode QR \"{}\"", text("202"))),
        "{out}"
    );
    assert!(out.contains("12 isian") && out.contains("tag -"), "{out}");
    let (code, _, err) = pleno(&[
        "layout",
        "name",
        &draft,
        "--out",
        &p("202.json"),
        "--isian",
        "1=suara_partai_{party}",
        "--isian",
        "12=jumlah_suara_partai_{party}",
        "--deret",
        "suara_calon_{party}_{n}",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let mut other: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("202.json")).unwrap()).unwrap();
    assert_eq!(other["qr"]["text"], text("202"));
    other["qr"]["text"] = text("203").into();
    std::fs::write(p("203.json"), other.to_string()).unwrap();

    std::fs::write(
        p("nilai.json"),
        r#"{"suara_partai_2": 31, "suara_calon_2_1": 14, "jumlah_suara_partai_2": 45}"#,
    )
    .unwrap();
    let (photo, truth) = (p("foto.jpg"), p("truth.json"));
    let sheet_text = format!("{} TPS 004", text("203"));
    let (code, _, err) = pleno(&[
        "form",
        "synth",
        "--page",
        "203",
        "--values",
        &p("nilai.json"),
        "--out",
        &photo,
        "--truth",
        &truth,
        "--seed",
        "4",
        "--megapixels",
        "8",
        "--qr",
        &sheet_text,
    ]);
    assert_eq!(code, Some(0), "{err}");

    let (a, b) = (
        format!("202={}", p("202.json")),
        format!("203={}", p("203.json")),
    );
    let (code, out, err) = pleno(&[
        "read",
        &photo,
        "--tata-letak",
        &a,
        "--tata-letak",
        &b,
        "--json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(doc["page_code"], 203, "{doc}");
    assert_eq!(doc["identity"], "qr");
    let value = |key: &str| {
        doc["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == key)
            .map(|f| f["value"].clone())
    };
    assert_eq!(value("suara_partai_2"), Some(31.into()), "{doc}");
    assert_eq!(value("jumlah_suara_partai_2"), Some(45.into()), "{doc}");
    let (code, out, _) = pleno(&["read", &photo, "--tata-letak", &a, "--tata-letak", &b]);
    assert_eq!(code, Some(0));
    assert!(out.contains("dikenali dari kode QR-nya"), "{out}");

    let same = format!("203={}", p("202.json"));
    let (code, out, err) = pleno(&["read", &photo, "--tata-letak", &a, "--tata-letak", &same]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(
        format!("{out}{err}").contains("202") && format!("{out}{err}").contains("203"),
        "{out}{err}"
    );
}

/// `(framing, identity)`: how the photo is expected to be placed and known.
fn tagless_sheet(redraw: &[&str], marks: &str, (framing, identity): (&str, &str)) {
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
    assert_eq!(doc["identity"], identity);
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
