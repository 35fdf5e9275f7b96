//! `pleno read` as a user runs it: a synthetic photo made by `pleno form synth`, read back with
//! `--json` and `--debug`, in the JSON shape other tools rely on.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::pleno;

use pleno_synth::scan::{ScanPage, pdf_of_jpegs};
use serde_json::Value;

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn read_prints_the_stable_json_shape_and_a_debug_picture() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    std::fs::write(
        p("values.json"),
        r#"{"suara_paslon_1": 58, "suara_paslon_2": 104, "suara_paslon_3": 7}"#,
    )
    .unwrap();
    let (code, _, err) = pleno(&[
        "form",
        "synth",
        "--page",
        "102",
        "--values",
        &p("values.json"),
        "--out",
        &p("p.jpg"),
        "--truth",
        &p("truth.json"),
        "--style",
        "clean",
        "--seed",
        "3",
        "--megapixels",
        "4",
    ]);
    assert_eq!(code, Some(0), "{err}");
    std::fs::write(p("junk.jpg"), b"not a photo").unwrap();

    let (code, out, err) = pleno(&[
        "read",
        &p("p.jpg"),
        &p("junk.jpg"),
        "--json",
        "--debug",
        &p("dbg"),
    ]);
    assert_eq!(
        code,
        Some(2),
        "a rejected image makes the exit code 2: {err}"
    );
    let docs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    let d = &docs[0];
    assert_eq!(
        keys(d),
        [
            "contest",
            "fields",
            "file",
            "framing",
            "identity",
            "kind",
            "orientation",
            "page",
            "page_code",
            "partial",
            "pdf_page",
            "quality",
            "rejected",
            "template",
            "timings_ms"
        ]
    );
    assert_eq!(d["page_code"], 102);
    assert!(d["pdf_page"].is_null());
    assert_eq!(d["contest"], "ppwp");
    assert_eq!(d["page"], 2);
    assert_eq!(d["template"], "ppwp-2");
    assert_eq!(d["orientation"], 0);
    assert!(d["rejected"].is_null());
    assert_eq!(keys(&d["quality"]), ["box_px", "ok", "reasons"]);
    assert_eq!(d["framing"], "marks");
    assert_eq!(d["identity"], "tag");
    assert_eq!(d["partial"], false);
    let fields = d["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 3);
    for f in fields {
        assert_eq!(
            keys(f),
            [
                "auto_accept",
                "bubbles",
                "confidence",
                "digits",
                "key",
                "segments_agree",
                "status",
                "value",
                "why_not"
            ]
        );
        assert_eq!(f["digits"].as_array().unwrap().len(), 3);
        assert_eq!(f["digits"][0]["p"].as_array().unwrap().len(), 12);
        assert_eq!(f["bubbles"].as_array().unwrap().len(), 3);
        // Accepted means no reason not to; a reason means not accepted.
        assert_eq!(
            f["auto_accept"].as_bool().unwrap(),
            f["why_not"].as_array().unwrap().is_empty()
        );
        if f["auto_accept"].as_bool().unwrap() {
            let truth = match f["key"].as_str().unwrap() {
                "suara_paslon_1" => 58,
                "suara_paslon_2" => 104,
                _ => 7,
            };
            assert_eq!(f["value"], truth, "accepted fields are right");
        }
    }
    assert!(d["timings_ms"]["total"].as_f64().unwrap() > 0.0);
    assert!(dir.path().join("dbg/p.debug.png").exists());
    for stage in ["1-decode", "2-marks", "3-page", "4-boxes", "5-crops"] {
        assert!(
            dir.path().join(format!("dbg/p.{stage}.png")).exists(),
            "debug picture of stage {stage}"
        );
    }

    let j = &docs[1];
    assert_eq!(j["rejected"]["code"], "decode_error");
    assert!(j["fields"].as_array().unwrap().is_empty());

    let (_, text, _) = pleno(&["read", &p("p.jpg")]);
    assert!(text.contains("halaman 102"), "{text}");
}

#[test]
fn read_takes_a_scanned_pdf_page_by_page() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    std::fs::write(p("values.json"), r#"{"suara_paslon_1": 31}"#).unwrap();
    let mut jpegs = Vec::new();
    for page in ["101", "102"] {
        let (code, _, err) = pleno(&[
            "form",
            "synth",
            "--page",
            page,
            "--values",
            &p("values.json"),
            "--out",
            &p(&format!("{page}.jpg")),
            "--truth",
            &p(&format!("{page}.json")),
            "--style",
            "clean",
            "--megapixels",
            "4",
        ]);
        assert_eq!(code, Some(0), "{err}");
        jpegs.push(std::fs::read(p(&format!("{page}.jpg"))).unwrap());
    }
    let pages: Vec<ScanPage<'_>> = jpegs.iter().map(|j| ScanPage::of(j).unwrap()).collect();
    std::fs::write(p("scan.pdf"), pdf_of_jpegs(&pages, 200.0)).unwrap();
    std::fs::write(p("rusak.pdf"), b"%PDF-1.4 terpotong").unwrap();

    let (code, out, err) = pleno(&[
        "read",
        &p("scan.pdf"),
        &p("rusak.pdf"),
        "--json",
        "--debug",
        &p("dbg"),
    ]);
    assert_eq!(code, Some(2), "the broken PDF makes the exit code 2: {err}");
    let docs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3, "{out}");
    for (d, (n, code)) in docs.iter().zip([(1, 101), (2, 102)]) {
        assert_eq!(d["file"], p("scan.pdf"));
        assert_eq!(d["pdf_page"], n);
        assert_eq!(d["page_code"], code);
        assert!(d["rejected"].is_null(), "{d}");
    }
    assert_eq!(docs[2]["file"], p("rusak.pdf"));
    assert_eq!(docs[2]["rejected"]["code"], "decode_error");
    assert!(dir.path().join("dbg/scan-hal2.debug.png").exists());
}

/// A contest Pleno has no code for, as an office teaches it: the Pilkada kind file shipped in
/// `assets/kinds/`, a sheet of its own (the A4 result sheet printed with tag 702) calibrated
/// with `layout detect` and `layout name`, then `pleno read --jenis --tata-letak` reads a photo
/// and checks it by the kind's rules; without the kind the page is unknown.
#[test]
fn a_page_of_a_contest_kind_defined_by_data_is_read_and_checked_by_its_rules() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let kind = pleno_app::demo::default_assets().join("kinds/pilkada-bupati.json");
    let kind = kind.to_str().unwrap();
    let blank = ["form", "blank", "--page", "1102", "--dpi", "152.4", "--png"];
    let (code, _, err) = pleno(&[&blank[..], &[&p("blank.png")]].concat());
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = pleno(&[
        "layout",
        "detect",
        &p("blank.png"),
        "--out",
        &p("draft.json"),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = pleno(&[
        "layout",
        "name",
        &p("draft.json"),
        "--out",
        &p("named.json"),
        "--isian",
        "4=suara_sah",
        "--isian",
        "5=suara_tidak_sah",
        "--isian",
        "6=suara_total",
        "--isian",
        "7=-",
        "--isian",
        "8=-",
        "--isian",
        "9=-",
        "--deret",
        "suara_paslon_{n}",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let layout = format!("702={}", p("named.json"));
    let photo = |name: &str, values: &str, seed: &str| {
        std::fs::write(p("nilai.json"), values).unwrap();
        let (code, _, err) = pleno(&[
            "form",
            "synth",
            "--page",
            "1102",
            "--tag-override",
            "702",
            "--values",
            &p("nilai.json"),
            "--out",
            &p(name),
            "--truth",
            &p("truth.json"),
            "--seed",
            seed,
            "--megapixels",
            "8",
        ]);
        assert_eq!(code, Some(0), "{err}");
        p(name)
    };
    let good = photo(
        "baik.jpg",
        r#"{"suara_paslon_1": 120, "suara_paslon_2": 58, "suara_paslon_3": 30,
            "suara_sah": 208, "suara_tidak_sah": 4, "suara_total": 212}"#,
        "5",
    );
    // The pairs add up to 208, the form says 308: the kind's rule K1 holds the page.
    let bad = photo(
        "salah.jpg",
        r#"{"suara_paslon_1": 120, "suara_paslon_2": 58, "suara_paslon_3": 30,
            "suara_sah": 308, "suara_tidak_sah": 4, "suara_total": 312}"#,
        "6",
    );

    let (code, out, _) = pleno(&["read", &good]);
    assert_eq!(code, Some(2));
    assert!(out.contains("unknown_page") && out.contains("702"), "{out}");

    let read = |img: &str| {
        let (code, out, err) = pleno(&[
            "read",
            img,
            "--jenis",
            kind,
            "--tata-letak",
            &layout,
            "--json",
        ]);
        assert_eq!(code, Some(0), "{err}");
        serde_json::from_str::<Value>(out.lines().next().unwrap()).unwrap()
    };
    let doc = read(&good);
    assert_eq!(doc["page_code"], 702, "{doc}");
    assert_eq!(doc["kind"], "pilkada-bupati");
    assert_eq!(doc["contest"], Value::Null);
    let fields = doc["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 6);
    let want = [120, 58, 30, 208, 4, 212];
    let right = fields
        .iter()
        .zip(want)
        .filter(|(f, w)| f["value"].as_u64() == Some(*w))
        .count();
    assert!(right >= 5, "{doc}");
    // Nothing accepted that is wrong, and no kind rule against figures that add up.
    for (f, w) in fields.iter().zip(want) {
        if f["auto_accept"] == true {
            assert_eq!(f["value"].as_u64(), Some(w), "{f}");
        }
    }
    if right == 6 {
        let rules: Vec<&Value> = fields
            .iter()
            .flat_map(|f| f["why_not"].as_array().unwrap())
            .filter(|w| w["code"] == "rule")
            .collect();
        assert!(rules.is_empty(), "{rules:?}");
    }

    let doc = read(&bad);
    let sah = doc["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "suara_sah")
        .unwrap();
    assert_eq!(sah["auto_accept"], false, "{sah}");
    let why = sah["why_not"].to_string();
    assert!(why.contains("K1") && why.contains("kanan 308"), "{why}");

    std::fs::write(p("rusak.json"), "{\"id\": \"pilkada\", \"type_number\": 2}").unwrap();
    let (code, _, err) = pleno(&["read", &good, "--jenis", &p("rusak.json")]);
    assert_ne!(code, Some(0));
    assert!(
        err.contains("rusak.json") && err.contains("tidak terbaca"),
        "{err}"
    );
}
