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
