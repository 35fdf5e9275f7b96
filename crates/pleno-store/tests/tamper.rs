//! `verify` catches edits made behind Pleno's back with the sqlite3 shell, and damaged blobs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use std::path::Path;

use common::*;
use pleno_core::{Contest, FieldKey};
use pleno_store::{verify, Mode, NewEntry, Problem, Store, StoreError};

/// A workspace with figures, a page and a panel; returns its blob hash.
fn busy_workspace(dir: &Path) -> pleno_store::BlobHash {
    let mut store = create(dir);
    let a = clerk();
    let t = tps("3303212001002");
    store.add_entries(&a, None, &full_form(&store, &t, Contest::Ppwp, 20)).unwrap();
    store.add_entries(&a, None, &[NewEntry::clerk(&t, Contest::Ppwp, FieldKey::Paslon(1), 99).with_reason("pembetulan")]).unwrap();
    store.add_panel(&a, "Panel 1").unwrap();
    let put = store.put_blob(&a, b"original scan").unwrap();
    store
        .add_page(&a, &pleno_store::NewPage { blob: put.hash.clone(), source_path: "scan.jpg".into(), identity: None, reason: Some("tag tidak terbaca".into()) })
        .unwrap();
    assert!(store.verify().unwrap().is_ok());
    put.hash
}

fn first(dir: &Path) -> Problem {
    let report = verify(dir).unwrap();
    assert!(!report.is_ok());
    report.first_problem().unwrap().clone()
}

#[test]
fn an_intact_workspace_verifies() {
    let dir = tempfile::tempdir().unwrap();
    busy_workspace(dir.path());
    let report = verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert!(report.events >= 6);
    assert_eq!(report.blobs, 1);
}

#[test]
fn editing_a_reference_row_in_the_shell_is_named_with_its_event() {
    let dir = tempfile::tempdir().unwrap();
    busy_workspace(dir.path());
    sqlite3(dir.path(), "UPDATE tps SET dpt_l = 300 WHERE code = '3303212001002';");
    let p = first(dir.path());
    assert!(matches!(&p, Problem::RowChanged { table, key, seq: 1 } if table == "tps" && key == "3303212001002"), "{p:?}");
    assert!(p.to_string().contains("diubah di luar Pleno"), "{p}");
}

#[test]
fn rewriting_a_figure_past_its_trigger_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    busy_workspace(dir.path());
    sqlite3(
        dir.path(),
        "DROP TRIGGER entry_no_update; UPDATE entry SET value = 652 WHERE id = 2; \
         CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry BEGIN SELECT RAISE(ABORT, 'entry hanya boleh ditambah, tidak diubah'); END;",
    );
    let report = verify(dir.path()).unwrap();
    assert!(report.problems.iter().any(|p| matches!(p, Problem::RowChanged { table, key, .. } if table == "entry" && key == "2")), "{:?}", report.problems);
    assert!(report.problems.iter().any(|p| matches!(p, Problem::Derived { .. })), "{:?}", report.problems);
}

#[test]
fn editing_an_audit_event_breaks_the_chain_at_that_event() {
    let dir = tempfile::tempdir().unwrap();
    busy_workspace(dir.path());
    sqlite3(dir.path(), "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET actor = 'Orang Lain' WHERE seq = 3;");
    let report = verify(dir.path()).unwrap();
    assert!(report.problems.iter().any(|p| matches!(p, Problem::Chain { seq: 3, .. })), "{:?}", report.problems);
    let chain: Vec<&Problem> = report.problems.iter().filter(|p| matches!(p, Problem::Chain { .. })).collect();
    assert_eq!(chain.len(), 1, "only the edited event is named: {chain:?}");
}

#[test]
fn deleting_the_last_event_or_adding_rows_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    busy_workspace(dir.path());
    sqlite3(dir.path(), "INSERT INTO member (name, role) VALUES ('Penyusup', 'Anggota');");
    assert!(matches!(first(dir.path()), Problem::RowNotLogged { table, .. } if table == "member"));

    let dir = tempfile::tempdir().unwrap();
    busy_workspace(dir.path());
    sqlite3(dir.path(), "DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event);");
    let report = verify(dir.path()).unwrap();
    assert!(report.problems.iter().any(|p| matches!(p, Problem::RowNotLogged { table, .. } if table == "page")), "{:?}", report.problems);
}

#[test]
fn a_changed_or_missing_blob_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let hash = busy_workspace(dir.path());
    let store = Store::open(dir.path(), Mode::ReadOnly).unwrap();
    let path = store.blob_path(&hash);
    std::fs::write(&path, b"edited scan").unwrap();
    assert!(matches!(first(dir.path()), Problem::BlobCorrupt { hash: h, .. } if h == hash.as_str()));
    assert!(matches!(store.read_blob(&hash), Err(StoreError::BlobCorrupt { .. })));

    std::fs::remove_file(&path).unwrap();
    let p = first(dir.path());
    assert!(matches!(&p, Problem::BlobMissing { .. }), "{p:?}");
    assert!(p.to_string().contains(&path.display().to_string()));
    let err = store.read_blob(&hash).unwrap_err();
    assert!(matches!(err, StoreError::BlobMissing { .. }));
    assert!(err.to_string().contains("impor ulang"), "{err}");
    drop(store);

    // Importing the same bytes again repairs the workspace.
    let mut store = Store::open(dir.path(), Mode::ReadWrite).unwrap();
    let again = store.put_blob(&clerk(), b"original scan").unwrap();
    assert!(again.already_stored);
    assert!(store.verify().unwrap().is_ok());
}
