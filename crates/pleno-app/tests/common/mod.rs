//! Helpers shared by the import tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod bundles;
pub mod lan;
pub mod pdf;

use std::path::{Path, PathBuf};

use pleno_app::demo::default_assets;
use pleno_app::{CreateOptions, Who, Workspace};
use pleno_core::reference::Election;

pub fn no_progress(_: &pleno_app::photos::ImportProgress) {}

/// A workspace of the demo kecamatan with nothing imported yet.
pub fn demo_workspace(dir: &Path, who: &Who) -> Workspace {
    Workspace::create(
        &dir.join("ws"),
        &default_assets().join("demo/referensi.xlsx"),
        who,
        &CreateOptions::default(),
    )
    .unwrap()
}

/// A drill workspace of the demo kecamatan, the demo's figures file and its election.
pub fn drill_workspace(dir: &Path, who: &Who) -> (Workspace, PathBuf, Election) {
    let ws = Workspace::create(
        &dir.join("ws"),
        &default_assets().join("demo/referensi.xlsx"),
        who,
        &CreateOptions {
            drill: true,
            ..CreateOptions::default()
        },
    )
    .unwrap();
    let election = ws.read(pleno_store::Store::election).unwrap();
    (ws, default_assets().join("demo/hasil.xlsx"), election)
}

/// Every form's current values and how many readings each page has, to compare two runs.
pub fn photo_outcome(ws: &Workspace) -> (Vec<String>, Vec<(String, usize)>) {
    let pages = ws.pages(&pleno_store::PageFilter::default()).unwrap();
    let mut forms = Vec::new();
    let mut readings = Vec::new();
    for p in &pages {
        let n = ws.read(|s| s.readings(p.id)).unwrap().len();
        readings.push((p.source_path.clone(), n));
        if let (Some(tps), Some(contest)) = (&p.tps, p.contest) {
            let current = ws.read(|s| s.current_values(tps, contest)).unwrap();
            let values: Vec<String> = current
                .entries
                .iter()
                .map(|(k, e)| format!("{k}={} {:?}", e.value, e.source))
                .collect();
            forms.push(format!("{tps} {contest}: {}", values.join(", ")));
        }
    }
    forms.sort();
    forms.dedup();
    readings.sort();
    (forms, readings)
}
