//! The Rust side of the crop contract against the Python side: preprocessing and model output
//! on the reference crops exported by tools/digits/evaluate.py.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use pleno_reader::DigitModel;
use pleno_reader::digits::normalise;
use serde_json::Value;

fn reference() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/model/reference.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &Value) -> Vec<f32> {
    match v {
        Value::Array(a) => a.iter().flat_map(floats).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap() as f32],
        _ => Vec::new(),
    }
}

#[test]
fn preprocessing_matches_training() {
    let r = reference();
    let pre = r["preprocess"].as_array().unwrap();
    assert!(!pre.is_empty());
    for p in pre {
        let grey: Vec<u8> = p["grey56"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u8)
            .collect();
        let want = floats(&p["input"]);
        let got = normalise(&grey);
        assert_eq!(want.len(), 784);
        for (a, b) in got.iter().zip(&want) {
            assert!((a - b).abs() < 1.1e-4, "{a} vs {b}");
        }
    }
}

#[test]
fn model_matches_onnxruntime() {
    let r = reference();
    let model = DigitModel::embedded().unwrap();
    let mut worst = 0f32;
    for c in r["crops"].as_array().unwrap() {
        let input: [f32; 784] = floats(&c["input"]).try_into().unwrap();
        let want = floats(&c["probs"]);
        let got = model.classify(&input).unwrap();
        for (a, b) in got.iter().zip(&want) {
            worst = worst.max((a - b).abs());
        }
    }
    println!("largest probability difference to onnxruntime: {worst:.2e}");
    assert!(worst < 1e-3);
}

/// The guide-traced digits of real KPPS planos (seven-segment-like, docs/reader.md) that the
/// 2024 model read as 7: the embedded model must read every reference crop of that style.
#[test]
fn model_reads_guide_traced_digits() {
    let r = reference();
    let model = DigitModel::embedded().unwrap();
    let traced: Vec<&Value> = r["crops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"].as_str().unwrap_or("").starts_with("traced"))
        .collect();
    assert!(
        traced.len() >= 20,
        "only {} traced reference crops",
        traced.len()
    );
    let mut seen = [false; 10];
    for c in &traced {
        let input: [f32; 784] = floats(&c["input"]).try_into().unwrap();
        let label = c["label"].as_u64().unwrap() as usize;
        let probs = model.classify(&input).unwrap();
        let best = (0..probs.len())
            .max_by(|&a, &b| probs[a].total_cmp(&probs[b]))
            .unwrap();
        assert_eq!(best, label, "traced {label} read as {best}: {probs:?}");
        seen[label] = true;
    }
    assert!(
        seen.iter().all(|s| *s),
        "every digit among the traced crops: {seen:?}"
    );
}
