//! The chain's signed checkpoints through the use case table, as the desktop and `pleno serve`
//! write: one after every 100 events with a key that can sign, none while the chair's
//! passphrase has not been given in this session, and one at once when it is; `verify`
//! checks every one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use pleno_app::api::{self, Input};
use pleno_app::keyring::CHECKPOINT_EVERY;
use pleno_app::policy::AcceptancePolicy;
use pleno_app::{Mode, Who, Workspace};
use pleno_store::{EventFilter, EventKind};
use serde_json::json;

mod common;

/// The heads the workspace's checkpoints signed, oldest first.
fn signed_heads(ws: &Workspace) -> Vec<i64> {
    ws.audit(&EventFilter {
        kind: Some(EventKind::ChainCheckpoint),
        limit: 1000,
        ..EventFilter::default()
    })
    .unwrap()
    .iter()
    .map(|e| e.payload["detail"]["seq"].as_i64().unwrap())
    .collect()
}

/// `n` changes through the table (each one event).
fn changes(ws: &Arc<Workspace>, who: &Who, n: usize) {
    let policy = serde_json::to_value(AcceptancePolicy::default()).unwrap();
    for _ in 0..n {
        api::call(ws, Some(who), "set_policy", Input::Json(policy.clone())).unwrap();
    }
}

#[test]
fn checkpoints_follow_the_events_and_wait_for_the_passphrase() {
    let tmp = tempfile::tempdir().unwrap();
    let clerk = Who::new("Sekretariat PPK");
    let ws = Arc::new(common::demo_workspace(tmp.path(), &clerk));
    let dir = ws.dir().to_path_buf();

    // A key without passphrase signs as soon as 100 events follow the last checkpoint.
    changes(&ws, &clerk, 120);
    assert_eq!(signed_heads(&ws), vec![CHECKPOINT_EVERY]);

    // The chair protects it: recorded, and the head signed at once.
    let status = api::call(
        &ws,
        Some(&Who::new("Ketua PPK")),
        "protect_key",
        Input::Json(json!({"passphrase": "rapat pleno sukamaju", "repeated": "rapat pleno sukamaju", "current": null})),
    )
    .unwrap();
    assert_eq!(status["protected"], true);
    assert_eq!(signed_heads(&ws).len(), 2);
    drop(ws);

    // A new session: the key is locked, so 120 changes are not signed, and a bundle cannot be.
    let ws = Arc::new(Workspace::open(&dir, Mode::ReadWrite).unwrap());
    let status = api::call(&ws, None, "key_status", Input::Json(json!({}))).unwrap();
    assert_eq!(
        (status["protected"].clone(), status["unlocked"].clone()),
        (json!(true), json!(false))
    );
    changes(&ws, &clerk, 120);
    assert_eq!(signed_heads(&ws).len(), 2);
    let err = api::call(
        &ws,
        Some(&clerk),
        "bundle_export",
        Input::Json(json!({"dest": null})),
    )
    .unwrap_err();
    assert_eq!(err.code, "key_locked", "{err}");

    // A wrong passphrase opens nothing; the right one signs the head at once.
    let unlock = |p: &str| {
        api::call(
            &ws,
            Some(&Who::new("Ketua PPK")),
            "unlock_key",
            Input::Json(json!({ "passphrase": p })),
        )
    };
    assert_eq!(
        unlock("rapat pleno sukamaja").unwrap_err().code,
        "passphrase_wrong"
    );
    assert_eq!(signed_heads(&ws).len(), 2);
    unlock("rapat pleno sukamaju").unwrap();
    let heads = signed_heads(&ws);
    assert_eq!(heads.len(), 3);
    let head = ws.chain_head().unwrap().unwrap().seq;
    assert_eq!(heads[2], head - 1, "the head before the checkpoint");

    let report = ws.verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("3 dari 3 titik periksa") && n.contains("dilindungi frasa sandi")),
        "{:?}",
        report.notes
    );
}
