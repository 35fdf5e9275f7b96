//! `verify` catches edits made behind Pleno's back with the sqlite3 shell, and damaged blobs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use std::path::Path;

use common::*;
use pleno_core::{Contest, FieldKey};
use pleno_store::{Mode, NewEntry, Problem, Store, StoreError, verify};

/// A workspace with figures, a page and a panel; returns its blob hash.
fn busy_workspace(dir: &Path) -> pleno_store::BlobHash {
    let mut store = create(dir);
    let a = clerk();
    let t = tps("3303212001002");
    store
        .add_entries(&a, None, &full_form(&store, &t, Contest::Ppwp, 20))
        .unwrap();
    store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(&t, Contest::Ppwp, FieldKey::Paslon(1), 99)
                .with_reason("pembetulan")],
        )
        .unwrap();
    store.add_panel(&a, "Panel 1").unwrap();
    let put = store.put_blob(&a, b"original scan").unwrap();
    store
        .add_page(
            &a,
            &pleno_store::NewPage {
                blob: put.hash.clone(),
                source_path: "scan.jpg".into(),
                identity: None,
                reason: Some("tag tidak terbaca".into()),
                geometry: None,
            },
        )
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
    sqlite3(
        dir.path(),
        "UPDATE tps SET dpt_l = 300 WHERE code = '3303212001002';",
    );
    let p = first(dir.path());
    assert!(
        matches!(&p, Problem::RowChanged { table, key, seq: 1 } if table == "tps" && key == "3303212001002"),
        "{p:?}"
    );
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
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::Derived { .. })),
        "{:?}",
        report.problems
    );
}

#[test]
fn editing_an_audit_event_breaks_the_chain_at_that_event() {
    let dir = tempfile::tempdir().unwrap();
    busy_workspace(dir.path());
    sqlite3(
        dir.path(),
        "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET actor = 'Orang Lain' WHERE seq = 3;",
    );
    let report = verify(dir.path()).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::Chain { seq: 3, .. })),
        "{:?}",
        report.problems
    );
    let chain: Vec<&Problem> = report
        .problems
        .iter()
        .filter(|p| matches!(p, Problem::Chain { .. }))
        .collect();
    assert_eq!(chain.len(), 1, "only the edited event is named: {chain:?}");
}

#[test]
fn deleting_the_last_event_or_adding_rows_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    busy_workspace(dir.path());
    sqlite3(
        dir.path(),
        "INSERT INTO member (name, role) VALUES ('Penyusup', 'Anggota');",
    );
    assert!(matches!(first(dir.path()), Problem::RowNotLogged { table, .. } if table == "member"));

    let dir = tempfile::tempdir().unwrap();
    busy_workspace(dir.path());
    sqlite3(
        dir.path(),
        "DROP TRIGGER audit_event_no_delete; DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event);",
    );
    let report = verify(dir.path()).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::RowNotLogged { table, .. } if table == "page")),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_changed_or_missing_blob_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let hash = busy_workspace(dir.path());
    let store = Store::open(dir.path(), Mode::ReadOnly).unwrap();
    let path = store.blob_path(&hash);
    std::fs::write(&path, b"edited scan").unwrap();
    assert!(
        matches!(first(dir.path()), Problem::BlobCorrupt { hash: h, .. } if h == hash.as_str())
    );
    assert!(matches!(
        store.read_blob(&hash),
        Err(StoreError::BlobCorrupt { .. })
    ));

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

/// A workspace using the newer columns: a page with its geometry (set at add and corrected),
/// readings with status and bubbles, a batch of agreements, a form recorded absent, and a
/// settings change with its reason.
fn rich_workspace(dir: &Path) {
    use pleno_core::PageCode;
    use pleno_store::{
        NewObjection, NewPage, NewReading, ObjectionKind, PageIdentity, ReadingStatus,
        SettingsUpdate,
    };
    use serde_json::json;

    let mut store = create(dir);
    let a = clerk();
    let t1 = tps("3303212001001");
    let t2 = tps("3303212001002");
    let corners = json!([[10, 12], [990, 8], [995, 1400], [6, 1390]]);
    let put = store.put_blob(&a, b"ppwp photo").unwrap();
    let page = store
        .add_page(
            &a,
            &NewPage {
                blob: put.hash,
                source_path: "ppwp.jpg".into(),
                identity: Some(PageIdentity {
                    tps: t1.clone(),
                    contest: Contest::Ppwp,
                    page_code: PageCode::new(Contest::Ppwp, 1),
                }),
                reason: None,
                geometry: Some(json!({"width": 1000, "height": 1414, "orientation": 0,
                    "corners": corners, "manual": false})),
            },
        )
        .unwrap();
    store
        .set_page_geometry(
            &a,
            page,
            json!({"width": 1000, "height": 1414, "orientation": 180, "corners": corners,
                "manual": true}),
            Some("foto terbalik"),
        )
        .unwrap();
    store
        .add_readings(
            &a,
            page,
            "digits-v2",
            &[
                NewReading::new(FieldKey::Paslon(1), Some(12), vec![], 0.9)
                    .with_bubbles(json!([{"filled": 1, "scores": [0.1, 0.9]}])),
                NewReading::new(FieldKey::Paslon(2), None, vec![], 0.3)
                    .with_status(ReadingStatus::Inconsistent),
            ],
        )
        .unwrap();
    let forms: Vec<_> = [t1.clone(), t2.clone()]
        .into_iter()
        .map(|t| (t, Contest::Ppwp))
        .collect();
    for (t, c) in &forms {
        store
            .add_entries(&a, None, &full_form(&store, t, *c, 5))
            .unwrap();
    }
    store.agree_forms(&a, None, &forms, None).unwrap();
    let kk = store
        .raise_objection(
            &a,
            None,
            &NewObjection {
                kind: ObjectionKind::KejadianKhusus,
                raised_by: "Ketua KPPS".into(),
                saksi: None,
                desa: None,
                tps: Some(t1.clone()),
                contest: Some(Contest::Dpd),
                fields: vec![],
                text: "kotak suara DPD hilang".into(),
            },
        )
        .unwrap();
    store
        .record_absent_form(&a, None, &t1, Contest::Dpd, kk, None)
        .unwrap();
    store
        .update_settings(
            &a,
            &SettingsUpdate {
                max_panels: Some(5),
                reason: Some("Persetujuan KPU Kab. No. 7".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn editing_the_newer_columns_in_the_shell_is_caught() {
    // (SQL run behind Pleno's back, table and key verify must name)
    let cases = [
        (
            "DROP TRIGGER reading_no_update; UPDATE reading SET status = 'unreadable' WHERE id = 2;",
            "reading",
            "2",
        ),
        (
            "DROP TRIGGER reading_no_update; UPDATE reading SET bubbles = '[{\"filled\":7}]' WHERE id = 1;",
            "reading",
            "1",
        ),
        (
            "DROP TRIGGER reading_no_update; UPDATE reading SET bubbles = NULL WHERE id = 1;",
            "reading",
            "1",
        ),
        (
            "UPDATE page SET geometry = json_set(geometry, '$.orientation', 0) WHERE id = 1;",
            "page",
            "1",
        ),
        ("UPDATE page SET geometry = NULL WHERE id = 1;", "page", "1"),
        (
            "DROP TRIGGER signoff_no_update; UPDATE signoff SET kind = 'form_agreed', \
             last_entry = (SELECT max(id) FROM entry) WHERE kind = 'form_absent';",
            "signoff",
            "3",
        ),
        (
            "DROP TRIGGER signoff_no_update; UPDATE signoff SET kind = 'form_absent', objection = 1 \
             WHERE id = 1;",
            "signoff",
            "1",
        ),
    ];
    for (sql, table, key) in cases {
        let dir = tempfile::tempdir().unwrap();
        rich_workspace(dir.path());
        sqlite3(dir.path(), sql);
        let report = verify(dir.path()).unwrap();
        assert!(
            report.problems.iter().any(|p| matches!(p,
                Problem::RowChanged { table: t, key: k, .. } if t == table && k == key)),
            "{sql}: {:?}",
            report.problems
        );
    }
}

#[test]
fn the_settings_reason_is_sealed_in_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    rich_workspace(dir.path());
    sqlite3(
        dir.path(),
        "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET payload = \
         replace(payload, 'Persetujuan KPU Kab. No. 7', 'tanpa persetujuan') \
         WHERE kind = 'settings_updated';",
    );
    let report = verify(dir.path()).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::Chain { .. })),
        "{:?}",
        report.problems
    );
}
