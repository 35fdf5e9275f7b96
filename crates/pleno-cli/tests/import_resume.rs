//! `pleno import-foto` killed mid-import (as a power cut would) and run again: the workspace
//! stays intact, nothing is lost and nothing is filed twice.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;
use common::pleno_ok as pleno;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use pleno_app::demo::default_assets;
use pleno_app::demo_photos::{photograph, photographed};
use pleno_store::{Mode, PageFilter, Store};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn an_import_killed_midway_resumes_without_loss_or_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let referensi = default_assets().join("demo/referensi.xlsx");
    let (ok, _, err) = pleno(&["init", s(&ws), "--referensi", s(&referensi)]);
    assert!(ok, "{err}");

    let hasil = default_assets().join("demo/hasil.xlsx");
    let election = pleno_app::import::load_reference(&referensi).unwrap();
    let forms = photographed(&hasil).unwrap();
    let foto = dir.path().join("foto");
    let files = photograph(&foto, &hasil, &election, &forms[..4]).unwrap();
    assert_eq!(files.len(), 12);

    // Kill the import once it has reported progress past the first files.
    let mut child = Command::new(env!("CARGO_BIN_EXE_pleno"))
        .args(["import-foto", s(&ws), s(&foto)])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut killed_at = None;
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix('[')
            && let Some((done, _)) = rest.split_once('/')
            && done.parse::<usize>().unwrap() >= 2
        {
            child.kill().unwrap();
            killed_at = Some(line);
            break;
        }
    }
    let status = child.wait().unwrap();
    let killed_at = killed_at.expect("progress lines on stderr");
    assert!(!status.success(), "the import was killed at {killed_at}");

    let (ok, out, err) = pleno(&["verify", s(&ws)]);
    assert!(ok, "workspace intact after the kill: {out}{err}");
    let filed_before = {
        let store = Store::open(&ws, Mode::ReadOnly).unwrap();
        store.pages(&PageFilter::default()).unwrap().len()
    };
    assert!(
        filed_before < 12,
        "killed before the end ({filed_before} pages)"
    );

    let (ok, out, err) = pleno(&["import-foto", s(&ws), s(&foto)]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!("{filed_before} sudah ada sebelumnya")),
        "{out}"
    );
    let store = Store::open(&ws, Mode::ReadOnly).unwrap();
    let pages = store.pages(&PageFilter::default()).unwrap();
    assert_eq!(pages.len(), 12, "every photo filed once");
    let mut blobs: Vec<&str> = pages.iter().map(|p| p.blob.as_str()).collect();
    blobs.sort_unstable();
    blobs.dedup();
    assert_eq!(blobs.len(), 12);
    println!("killed at '{killed_at}' with {filed_before} pages filed; resumed to 12");
}
