//! Devices of the LAN plenary in the store: a code works once and only while it lives, a
//! revoked device's token is unknown at once, and a token hash slipped in with the sqlite3
//! shell is found by `verify`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use std::time::Duration;

use common::*;
use pleno_store::{DeviceRole, NewDevice, Problem, StoreError, verify};

const CODE: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const TOKEN: &str = "2222222222222222222222222222222222222222222222222222222222222222";

fn display() -> NewDevice {
    NewDevice {
        name: "Proyektor".into(),
        person: "Proyektor".into(),
        role: DeviceRole::Display,
        panel: None,
    }
}

#[test]
fn a_code_pairs_once_and_only_while_it_lives() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    store
        .create_device(&clerk(), &display(), CODE, Duration::ZERO)
        .unwrap();
    assert!(
        store
            .pair_device(CODE, TOKEN, "laptop", "lokal")
            .unwrap()
            .is_none(),
        "expired"
    );
    let d = store
        .create_device(&clerk(), &display(), CODE, Duration::from_mins(10))
        .unwrap();
    let paired = store
        .pair_device(CODE, TOKEN, "laptop", "lokal")
        .unwrap()
        .unwrap();
    assert_eq!(paired.id, d.id);
    assert!(paired.code_expires.is_none());
    assert!(
        store
            .pair_device(CODE, "3".repeat(64).as_str(), "laptop", "lokal")
            .unwrap()
            .is_none(),
        "used"
    );
    assert_eq!(store.device_by_token(TOKEN).unwrap().unwrap().id, d.id);
    store.revoke_device(&clerk(), d.id).unwrap();
    assert!(store.device_by_token(TOKEN).unwrap().is_none());
    assert!(matches!(
        store.revoke_device(&clerk(), d.id),
        Err(StoreError::AlreadyRevoked { .. })
    ));
    // A panel role must name its panel.
    let bad = NewDevice {
        role: DeviceRole::PanelChair,
        ..display()
    };
    assert!(matches!(
        store.create_device(&clerk(), &bad, CODE, Duration::from_mins(10)),
        Err(StoreError::InvalidDevice { .. })
    ));
    assert!(store.verify().unwrap().problems.is_empty());
}

#[test]
fn a_token_slipped_in_behind_pleno_is_found() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = create(dir.path());
        store
            .create_device(&clerk(), &display(), CODE, Duration::from_mins(10))
            .unwrap();
    }
    sqlite3(
        dir.path(),
        &format!("UPDATE device SET token_sha256 = '{TOKEN}', code_sha256 = NULL"),
    );
    let report = verify(dir.path()).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::RowChanged { table, .. } if table == "device")),
        "{:?}",
        report.problems
    );
}
