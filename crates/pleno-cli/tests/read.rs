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
