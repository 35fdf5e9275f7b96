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
