//! The `pleno` binary as a user runs it: `pleno demo` and `pleno rules`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;
use common::pleno_ok as pleno;

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
