//! The `pleno` binary as a user runs it: `pleno demo` and `pleno rules`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;
use common::pleno_ok as pleno;

use std::path::Path;

#[test]
fn demo_prints_the_recap_of_every_contest_with_findings_and_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("demo");
    let (ok, stdout, stderr) = pleno(&["demo", "--out", out_dir.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    for contest in ["PPWP", "DPR", "DPD", "DPRD PROV", "DPRD KAB/KOTA"] {
        assert!(
            stdout.contains(&format!("MODEL D.HASIL KECAMATAN-{contest} ")),
            "{contest}"
        );
    }
    assert!(stdout.contains("15 desa, 120 TPS"));
    assert!(
        stdout.contains("IV.2 652 → 152"),
        "Kalibaru-style suggestion"
    );
    assert!(
        stdout.contains("IV.15.A.1 50 → 0"),
        "Cilegon-style suggestion"
    );
    assert!(
        stdout.contains("Penghitungan suara ulang"),
        "recount advice for R10"
    );
    assert!(stdout.contains("belum memiliki formulir DPRD PROV"));
    assert!(stdout.contains("WAKTU"));
    // Full tables, candidate rows included, are written for every contest.
    let dpr = std::fs::read_to_string(out_dir.join("rekap-dpr.txt")).unwrap();
    assert!(dpr.contains("IV.3.A.2.1"));
    assert!(
        !stdout.contains("IV.3.A.2.1"),
        "candidate rows only with --lengkap"
    );
    demo_plenary_labels_the_crops_of_what_it_agreed(&out_dir, dir.path());
}

/// The demo's panel agreed one desa's photographed forms against the paper: every box crop of
/// those pages is labelled with what the KPPS wrote in that box (the photographs' truth files).
fn demo_plenary_labels_the_crops_of_what_it_agreed(
    out_dir: &std::path::Path,
    tmp: &std::path::Path,
) {
    let ws = out_dir.join("ruang-kerja");
    let ws = ws.to_str().unwrap();
    let (ok, json, stderr) = pleno(&["crops", "stats", ws, "--json"]);
    assert!(ok, "{stderr}");
    let stats: serde_json::Value = serde_json::from_str(&json).unwrap();
    let boxes = stats["boxes"].as_u64().unwrap();
    assert!(boxes >= 300, "{stats}");
    let desa = stats["per_desa"].as_array().unwrap();
    assert_eq!(desa.len(), 1, "one desa agreed: {stats}");
    let desa_name = desa[0]["name"].as_str().unwrap();

    let out = tmp.join("potongan");
    let (ok, _, stderr) = pleno(&["crops", "export", ws, "--out", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let (ok, _, stderr) = pleno(&["crops", "export", ws, "--out", out.to_str().unwrap()]);
    assert!(
        !ok && stderr.contains("sudah berisi"),
        "an export never overwrites: {stderr}"
    );
    let labels_file = out.join("labels.csv");
    let (ok, _, stderr) = pleno(&[
        "crops",
        "export",
        ws,
        "--out",
        labels_file.to_str().unwrap(),
    ]);
    assert!(!ok && stderr.contains("bukan folder"), "{stderr}");

    let csv = std::fs::read_to_string(out.join("labels.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut rows = 0u64;
    let mut wrong = 0u64;
    for line in lines {
        rows += 1;
        // model_version, the last column, is the only one that may hold commas.
        let cells: Vec<&str> = line.splitn(header.len(), ',').collect();
        let cell = |name: &str| cells[col(name)];
        assert_eq!(
            image::image_dimensions(out.join(cell("source"))).unwrap(),
            (56, 56)
        );
        assert_eq!(
            image::image_dimensions(out.join(cell("input"))).unwrap(),
            (28, 28)
        );
        let tps: u32 = cell("tps")[10..].parse().unwrap();
        let page: u16 = cell("page_code").parse().unwrap();
        let truth = out_dir
            .join("foto")
            .join(format!("Desa {desa_name}"))
            .join(format!("TPS {tps:03}"))
            .join(format!("{}-hal{}.truth.json", cell("contest"), page % 100));
        let truth: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&truth).unwrap()).unwrap();
        let bx: usize = cell("box").parse().unwrap();
        let written = truth["written"][cell("field")]["boxes"][bx]
            .as_str()
            .unwrap();
        let label = cell("label");
        match (cell("kind"), label) {
            ("digit", d) => assert_eq!(d, written, "{line}"),
            ("leading", "empty") => assert_eq!(written, "", "{line}"),
            ("leading", "mark") => assert!(["X", "-"].contains(&written), "{line}"),
            // The model read a digit in a box before the figure: the paper holds no 1–9 there.
            ("leading", "lead") => {
                assert!(written.parse::<u8>().map_or(true, |d| d == 0), "{line}");
            }
            other => panic!("unknown label {other:?}"),
        }
        let model = cell("model_class");
        let right = match label {
            "empty" => model == "10",
            "mark" => model == "11",
            "lead" => model == "0",
            d => model == d,
        };
        wrong += u64::from(!right);
    }
    assert_eq!(rows, boxes);
    assert_eq!(wrong, stats["model_wrong"].as_u64().unwrap());
    bundle_carries_the_crops_to_the_kabupaten(ws, &csv, boxes, tmp);
    a_model_is_checked_before_it_is_installed(ws, tmp);
}

/// `pleno model`: a model that would pass wrong digits is refused by its check; one that reads
/// as well as the model in use is installed and shown.
fn a_model_is_checked_before_it_is_installed(ws: &str, tmp: &Path) {
    let (ok, out, stderr) = pleno(&["model", "show", ws]);
    assert!(
        ok && out.starts_with("Model bawaan Pleno: digits.onnx"),
        "{out}{stderr}"
    );
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wrong = manifest.join("../pleno-app/tests/fixtures/sure-and-wrong.onnx");
    let (ok, out, _) = pleno(&["model", "check", ws, wrong.to_str().unwrap()]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("Tidak lolos: pada") && out.contains("kotak sintetis"),
        "{out}"
    );
    let (ok, _, stderr) = pleno(&[
        "model",
        "install",
        ws,
        wrong.to_str().unwrap(),
        "--nama",
        "salah",
        "--alasan",
        "uji",
    ]);
    assert!(!ok && stderr.contains("tidak dipasang"), "{stderr}");
    let sent = tmp.join("digits-kab.onnx");
    std::fs::copy(manifest.join("../../assets/model/digits.onnx"), &sent).unwrap();
    let (ok, out, stderr) = pleno(&[
        "model",
        "install",
        ws,
        sent.to_str().unwrap(),
        "--nama",
        "KPU Kab 2026-12",
        "--alasan",
        "surat 12",
    ]);
    assert!(ok, "{stderr}");
    assert!(out.contains("Terpasang: foto yang dibaca mulai sekarang dibaca dengan KPU Kab 2026-12 (dipasang, sha256 "), "{out}");
    let (ok, out, _) = pleno(&["model", "show", ws]);
    assert!(
        ok && out.starts_with("Model terpasang: KPU Kab 2026-12"),
        "{out}"
    );
}

/// `pleno bundle export --dengan-potongan` carries the same dataset, which the KPU Kab/Kota
/// gets back with `pleno crops from-bundles` after the bundle's checks.
fn bundle_carries_the_crops_to_the_kabupaten(ws: &str, csv: &str, boxes: u64, tmp: &Path) {
    let with = tmp.join("dengan.pleno");
    let without = tmp.join("tanpa.pleno");
    for (file, crops) in [(&with, true), (&without, false)] {
        let mut args = vec!["bundle", "export", ws, "--out", file.to_str().unwrap()];
        args.push("--tanpa-gambar");
        if crops {
            args.push("--dengan-potongan");
        }
        let (ok, stdout, stderr) = pleno(&args);
        assert!(ok, "{stderr}");
        // The kabupaten's import takes a bundle with crops like any other.
        if crops {
            let sidik = stdout
                .lines()
                .find_map(|l| l.strip_prefix("sidik kunci PPK: "))
                .unwrap();
            let kab = tmp.join("kab");
            let (ok, _, stderr) = pleno(&[
                "init-kabupaten",
                kab.to_str().unwrap(),
                "--paket",
                file.to_str().unwrap(),
                "--sidik",
                sidik,
            ]);
            assert!(ok, "{stderr}");
        }
    }
    let out = tmp.join("kabupaten-potongan");
    let from_bundles = |bundle: &Path, extra: &[&str]| {
        let mut args = vec![
            "crops",
            "from-bundles",
            bundle.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        pleno(&args)
    };
    let (ok, _, stderr) = from_bundles(&without, &[]);
    assert!(
        !ok && stderr.contains("--dengan-potongan") && !out.exists(),
        "{stderr}"
    );
    // The demo is a drill: a clerk who keeps practice sheets out of training says so.
    let (ok, stdout, stderr) = from_bundles(&with, &["--tanpa-uji-coba"]);
    assert!(ok && stdout.contains("dilewati"), "{stdout}{stderr}");
    assert!(std::fs::read_dir(&out).map_or(true, |mut d| d.next().is_none()));
    let (ok, stdout, stderr) = from_bundles(&with, &[]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains(&format!("{boxes} potongan")), "{stdout}");
    let dirs: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|d| d.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let kec = &dirs[0];
    assert_eq!(
        std::fs::read_to_string(kec.join("labels.csv")).unwrap(),
        csv
    );
    for line in csv.lines().skip(1) {
        let input = line.split(',').nth(1).unwrap();
        assert_eq!(image::image_dimensions(kec.join(input)).unwrap(), (28, 28));
    }
    let sumber: serde_json::Value =
        serde_json::from_slice(&std::fs::read(kec.join("sumber.json")).unwrap()).unwrap();
    assert_eq!(sumber["boxes"].as_u64(), Some(boxes), "{sumber}");
    assert_eq!(sumber["bundle_sha256"].as_str().unwrap().len(), 64);
    let (ok, _, stderr) = from_bundles(&with, &[]);
    assert!(!ok && stderr.contains("sudah ada"), "never mixed: {stderr}");
}

#[test]
fn demo_with_missing_assets_says_which_file() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = pleno(&[
        "demo",
        "--assets",
        dir.path().to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("referensi.xlsx") && stderr.contains("tidak ditemukan"),
        "{stderr}"
    );
}

#[test]
fn rules_lists_every_rule() {
    let (ok, stdout, _) = pleno(&["rules"]);
    assert!(ok);
    for id in pleno_core::rules::RuleId::ALL {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&format!("{:<4} ", id.as_str()))),
            "{id}"
        );
    }
    let (ok, json, _) = pleno(&["rules", "--json"]);
    assert!(ok);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        parsed.as_array().unwrap().len(),
        pleno_core::rules::RuleId::ALL.len()
    );
}
