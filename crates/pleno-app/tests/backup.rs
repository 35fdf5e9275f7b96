//! "Cadangkan sekarang" through the use case table, as the desktop and `pleno serve` call it:
//! the copy lands in a new folder on the "USB stick", passes `verify`, carries the signing key,
//! and the workspace remembers when the last one was made; a missing stick or a read-only
//! window is refused with nothing recorded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use pleno_app::api::{self, Input};
use pleno_app::demo::default_assets;
use pleno_app::{CreateOptions, Mode, Who, Workspace};
use serde_json::json;

fn events(ws: &Workspace) -> u64 {
    ws.verify_audit().unwrap().events
}

#[test]
fn a_backup_is_a_verified_copy_with_the_key_and_is_remembered() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let clerk = Who::new("Sekretariat PPK");
    let ws = Arc::new(
        Workspace::create(
            &dir,
            &default_assets().join("demo/referensi.xlsx"),
            &clerk,
            &CreateOptions::default(),
        )
        .unwrap(),
    );
    assert!(ws.summary().unwrap().last_backup.is_none());
    let usb = tmp.path().join("flashdisk");
    std::fs::create_dir(&usb).unwrap();

    let backup = |folder: &PathBuf| {
        api::call(
            &ws,
            Some(&clerk),
            "backup",
            Input::Json(json!({ "folder": folder })),
        )
    };
    let made = backup(&usb).unwrap();
    let dest = PathBuf::from(made["dest"].as_str().unwrap());
    assert_eq!(dest.parent(), Some(usb.as_path()));
    assert!(
        dest.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("pleno-cadangan-330319-")
    );
    assert_eq!(made["key_copied"], true);
    assert_eq!(
        std::fs::read(dest.join(pleno_app::bundle::KEY_FILE)).unwrap(),
        std::fs::read(dir.join(pleno_app::bundle::KEY_FILE)).unwrap()
    );
    let copy = Workspace::open(&dest, Mode::ReadOnly).unwrap();
    let check = copy.verify_audit().unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    assert_eq!(check.events, made["events"].as_u64().unwrap());
    // The copy signs with the same key the KPU Kab/Kota enrolled.
    assert_eq!(
        copy.summary().unwrap().key_fingerprint,
        ws.summary().unwrap().key_fingerprint
    );

    let last = ws.summary().unwrap().last_backup.unwrap();
    assert_eq!(PathBuf::from(&last.dest), dest);
    assert_eq!(last.actor, "Sekretariat PPK");
    let kinds: Vec<String> = ws
        .audit(&pleno_store::EventFilter::default())
        .unwrap()
        .iter()
        .map(|e| e.kind.to_string())
        .collect();
    // A backup publishes the head, so the key (without passphrase here) signs it at once.
    assert_eq!(
        kinds[kinds.len() - 2..],
        ["backup_made", "chain_checkpoint"]
    );
    assert!(ws.verify_audit().unwrap().problems.is_empty());

    // A second backup in the same second gets its own folder.
    let again = backup(&usb).unwrap();
    assert_ne!(again["dest"], made["dest"]);
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), 2);

    // No stick: refused, nothing recorded.
    let before = events(&ws);
    let err = backup(&tmp.path().join("no-such-stick")).unwrap_err();
    assert_eq!(err.code.as_str(), "not_found");
    assert!(err.message.contains("no-such-stick"), "{}", err.message);
    assert_eq!(events(&ws), before);
    drop(ws);

    // A read-only window (projector, LAN display) cannot make one.
    let ro = Arc::new(Workspace::open(&dir, Mode::ReadOnly).unwrap());
    let err = api::call(
        &ro,
        Some(&clerk),
        "backup",
        Input::Json(json!({ "folder": usb })),
    )
    .unwrap_err();
    assert_eq!(err.code.as_str(), "read_only");
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), 2);
}
