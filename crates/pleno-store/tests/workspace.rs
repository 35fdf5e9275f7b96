//! Creating and opening workspaces: round trips, the lock, read-only mode, refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use common::*;
use pleno_store::{Actor, Mode, SettingsUpdate, Store, StoreError, WorkspaceLevel};

#[test]
fn create_then_reopen_gives_back_the_election_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let store = create(&ws);
    assert_eq!(store.election().unwrap(), election());
    let s = store.settings().unwrap();
    assert_eq!(s.workspace_id, "0123456789abcdef");
    assert_eq!(s.level, WorkspaceLevel::Kecamatan);
    assert_eq!(s.max_panels, 4);
    assert!(!s.drill);
    drop(store);
    let store = Store::open(&ws, Mode::ReadOnly).unwrap();
    assert_eq!(store.election().unwrap(), election());
    assert_eq!(store.tps_list().unwrap().len(), 6);
    assert_eq!(store.members().unwrap().len(), 2);
    assert_eq!(store.saksi().unwrap()[0].1.name, "Agus");
    let journal: String = store
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn creating_refuses_a_non_empty_folder_and_a_bad_setup_and_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    let err = Store::create(dir.path(), &setup()).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let mut bad = setup();
    bad.election.kecamatan.desa[1].tps[0].code = tps("3303212001001");
    let ws = dir.path().join("ws");
    let err = Store::create(&ws, &bad).unwrap_err();
    assert!(err.to_string().contains("3303212001001"), "{err}");
    assert!(!ws.exists(), "nothing left behind");
}

#[test]
fn a_second_writer_is_refused_with_the_holder_named_while_readers_may_open() {
    let dir = tempfile::tempdir().unwrap();
    let _store = create(dir.path());
    let err = Store::open(dir.path(), Mode::ReadWrite).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Locked { .. }), "{msg}");
    assert!(
        msg.contains(&format!("pid {}", std::process::id())),
        "{msg}"
    );
    assert!(msg.contains("hanya-baca"), "{msg}");
    assert_eq!(err.code(), "workspace_locked");
    let reader = Store::open(dir.path(), Mode::ReadOnly).unwrap();
    assert_eq!(reader.tps_list().unwrap().len(), 6);
}

#[test]
fn read_only_refuses_every_write() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    let mut store = Store::open(dir.path(), Mode::ReadOnly).unwrap();
    let err = store.add_panel(&clerk(), "Panel 1").unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    let err = store.put_blob(&clerk(), b"photo").unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
}

#[test]
fn folders_and_files_that_are_not_workspaces_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path(), Mode::ReadWrite).unwrap_err();
    assert!(matches!(err, StoreError::NotAWorkspace { .. }));
    assert!(err.to_string().contains(&dir.path().display().to_string()));

    std::fs::write(
        dir.path().join("pleno.db"),
        b"this is not sqlite at all, just text",
    )
    .unwrap();
    let err = Store::open(dir.path(), Mode::ReadOnly).unwrap_err();
    assert!(matches!(err, StoreError::NotPlenoDatabase { .. }), "{err}");

    let other = tempfile::tempdir().unwrap();
    rusqlite::Connection::open(other.path().join("pleno.db"))
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let err = Store::open(other.path(), Mode::ReadWrite).unwrap_err();
    assert!(matches!(err, StoreError::NotPlenoDatabase { .. }), "{err}");
    assert!(err.to_string().contains("pleno.db"), "{err}");
}

#[test]
fn a_version_1_workspace_is_migrated_on_open_and_stays_verifiable() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    // What a version-1 file holds: no table of enrolled bundle keys.
    sqlite3(
        dir.path(),
        "DROP TRIGGER bundle_key_no_update; DROP TRIGGER bundle_key_no_delete; \
         DROP TABLE bundle_key; DROP TRIGGER recount_order_no_update; \
         DROP TRIGGER recount_order_no_delete; DROP TABLE recount_order; \
         ALTER TABLE page DROP COLUMN reason_code; DROP TRIGGER device_no_delete; DROP TABLE device; DROP TABLE crop_label; DROP TABLE reading_crop; PRAGMA user_version = 1;",
    );
    let err = Store::open(dir.path(), Mode::ReadOnly).unwrap_err();
    assert!(
        matches!(err, StoreError::OlderSchemaReadOnly { found: 1, .. }),
        "{err}"
    );
    let store = Store::open(dir.path(), Mode::ReadWrite).unwrap();
    assert!(store.bundle_keys().unwrap().is_empty());
    let version: i64 = store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, pleno_store::SCHEMA_VERSION);
    let mut last = None;
    store
        .for_each_event(|e| {
            last = Some(e.kind);
            Ok(())
        })
        .unwrap();
    assert_eq!(last, Some(pleno_store::EventKind::SchemaMigrated));
    // The new table is append-only like the others.
    let err = store
        .connection()
        .execute_batch(
            "BEGIN; INSERT INTO bundle_key (kecamatan, name, public_key, how, actor, at) \
             VALUES ('330319', 'X', '00000000000000000000000000000000000000000000000000000000000000aa', 'uji', 'a', 'b'); \
             DELETE FROM bundle_key;",
        )
        .unwrap_err();
    assert!(err.to_string().contains("tidak boleh dihapus"), "{err}");
    store.connection().execute_batch("ROLLBACK").unwrap();
    drop(store);
    let report = pleno_store::verify(dir.path()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_version_2_workspace_keeps_its_recount_orders_as_records() {
    use pleno_core::Contest;
    use pleno_store::{NewObjection, ObjectionKind};
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let t = tps("3303212001001");
    let incident = |text: &str, contest| NewObjection {
        kind: ObjectionKind::KejadianKhusus,
        raised_by: "Panel pleno (Siti)".into(),
        saksi: None,
        desa: None,
        tps: Some(t.clone()),
        contest,
        fields: vec![],
        text: text.into(),
    };
    // What version 2 wrote for a recount order, and two incidents that are not orders.
    let order = store
        .raise_objection(
            &clerk(),
            None,
            &incident(
                "Penghitungan suara ulang PPWP TPS 3303212001001: jumlah tidak cocok",
                Some(Contest::Ppwp),
            ),
        )
        .unwrap();
    let other = store
        .raise_objection(
            &clerk(),
            None,
            &incident("Kotak suara basah", Some(Contest::Dpr)),
        )
        .unwrap();
    let no_contest = store
        .raise_objection(
            &clerk(),
            None,
            &incident("Penghitungan suara ulang diminta saksi, ditolak", None),
        )
        .unwrap();
    drop(store);
    sqlite3(
        dir.path(),
        "DROP TRIGGER recount_order_no_update; DROP TRIGGER recount_order_no_delete; \
         DROP TABLE recount_order; ALTER TABLE page DROP COLUMN reason_code; \
         DROP TRIGGER device_no_delete; DROP TABLE device; DROP TABLE crop_label; DROP TABLE reading_crop; PRAGMA user_version = 2;",
    );
    let store = Store::open(dir.path(), Mode::ReadWrite).unwrap();
    let recount = |id| {
        store
            .objections()
            .unwrap()
            .into_iter()
            .find(|o| o.id == id)
            .unwrap()
            .recount
    };
    assert!(recount(order));
    assert!(!recount(other));
    assert!(!recount(no_contest));
    drop(store);
    // The carried-over order is logged by the migration event, so the chain still covers it.
    let report = pleno_store::verify(dir.path()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_version_3_workspace_gets_its_refusal_codes_out_of_the_text() {
    use pleno_store::{Filing, NewPage, PageStatus};
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let page = |store: &mut Store, bytes: &[u8], filing: &Filing<'_>| {
        let blob = store.put_blob(&a, bytes).unwrap().hash;
        let new = NewPage {
            blob,
            source_path: "foto/x.jpg".into(),
            identity: None,
            reason: Some("tidak terbaca".into()),
            geometry: None,
        };
        store.file_page(&a, &new, filing).unwrap()
    };
    let dark = page(
        &mut store,
        b"dark photo",
        &Filing::Rejected {
            code: "too_dark",
            message: "foto terlalu gelap; foto ulang di tempat terang",
        },
    );
    let moved = page(&mut store, b"moved", &Filing::Plain);
    store
        .set_page_status(
            &a,
            moved,
            PageStatus::Rejected,
            Some("pindah: panel 2 memeriksanya"),
        )
        .unwrap();
    // A code is a word the UI can look up; anything else is refused before a row is written.
    let blob = store.put_blob(&a, b"strange").unwrap().hash;
    let odd = NewPage {
        blob,
        source_path: "foto/y.jpg".into(),
        identity: None,
        reason: None,
        geometry: None,
    };
    let bad = Filing::Rejected {
        code: "Bad Code",
        message: "x",
    };
    assert!(store.file_page(&a, &odd, &bad).is_err());
    let pages = |store: &Store| {
        store
            .pages(&pleno_store::PageFilter::default())
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p.reason_code, p.reason))
            .collect::<Vec<_>>()
    };
    drop(store);
    // What version 3 stored: one "code: message" text, no code column.
    sqlite3(
        dir.path(),
        "UPDATE page SET reason = reason_code || ': ' || reason, reason_code = NULL \
         WHERE reason_code IS NOT NULL; \
         ALTER TABLE page DROP COLUMN reason_code; DROP TRIGGER device_no_delete; DROP TABLE device; DROP TABLE crop_label; DROP TABLE reading_crop; PRAGMA user_version = 3;",
    );
    let store = Store::open(dir.path(), Mode::ReadWrite).unwrap();
    let after = pages(&store);
    assert!(after.contains(&(
        dark,
        Some("too_dark".into()),
        Some("foto terlalu gelap; foto ulang di tempat terang".into())
    )));
    // A person's reason that looks like "word: text" is theirs, not a code.
    assert!(after.contains(&(moved, None, Some("pindah: panel 2 memeriksanya".into()))));
    drop(store);
    let report = pleno_store::verify(dir.path()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn an_order_is_recorded_with_its_incident_and_needs_a_tps_and_a_contest() {
    use pleno_core::Contest;
    use pleno_store::{NewObjection, ObjectionKind};
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let mut new = NewObjection {
        kind: ObjectionKind::KejadianKhusus,
        raised_by: "Panel pleno (Siti)".into(),
        saksi: None,
        desa: None,
        tps: Some(tps("3303212001001")),
        contest: None,
        fields: vec![],
        text: "Hitung ulang".into(),
    };
    let before = event_count(&store);
    assert!(store.order_recount(&clerk(), None, &new).is_err());
    assert_eq!(event_count(&store), before);
    new.contest = Some(Contest::Dpd);
    let id = store.order_recount(&clerk(), None, &new).unwrap();
    assert_eq!(event_count(&store), before + 1);
    let o = store
        .objections()
        .unwrap()
        .into_iter()
        .find(|o| o.id == id)
        .unwrap();
    assert!(o.recount);
    drop(store);
    let report = pleno_store::verify(dir.path()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_newer_schema_is_refused_and_the_file_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    sqlite3(dir.path(), "PRAGMA user_version = 99;");
    let before = std::fs::read(dir.path().join("pleno.db")).unwrap();
    let err = Store::open(dir.path(), Mode::ReadWrite).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NewerSchema {
                found: 99,
                supported: pleno_store::SCHEMA_VERSION,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("perbarui Pleno"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("pleno.db")).unwrap(), before);
}

#[test]
fn a_database_locked_by_another_program_gives_a_busy_error_and_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let other = rusqlite::Connection::open(dir.path().join("pleno.db")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store.add_panel(&clerk(), "Panel 1").unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    assert!(store.panels().unwrap().is_empty());
    store.add_panel(&clerk(), "Panel 1").unwrap();
}

#[test]
fn panels_settings_and_tps_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let p1 = store.add_panel(&a, "Panel 1").unwrap();
    let p2 = store.add_panel(&a, "Panel 2").unwrap();
    assert!(matches!(
        store.add_panel(&a, "Panel 1"),
        Err(StoreError::PanelNameTaken { .. })
    ));
    store.add_panel(&a, "Panel 3").unwrap();
    store.add_panel(&a, "Panel 4").unwrap();
    let err = store.add_panel(&a, "Panel 5").unwrap_err();
    assert!(matches!(err, StoreError::PanelLimit { max: 4 }), "{err}");
    let err = store
        .update_settings(
            &a,
            &SettingsUpdate {
                max_panels: Some(3),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidSettings { .. }));
    let s = store
        .update_settings(
            &a,
            &SettingsUpdate {
                max_panels: Some(6),
                drill: Some(true),
                thresholds: Some(serde_json::json!({"accept": 0.98})),
                reason: Some(" Persetujuan KPU Kab. Purbalingga No. 12/PL.01/2024 ".into()),
            },
        )
        .unwrap();
    assert!(s.drill);
    assert_eq!(s.thresholds["accept"], 0.98);
    // The reason (the KPU Kab/Kota approval for more than 4 panels) is in the audit log.
    let event = store
        .events(&pleno_store::EventFilter {
            kind: Some(pleno_store::EventKind::SettingsUpdated),
            ..Default::default()
        })
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        event.payload["detail"]["reason"],
        "Persetujuan KPU Kab. Purbalingga No. 12/PL.01/2024"
    );
    assert_eq!(event.payload["detail"]["max_panels"], 6);
    store.add_panel(&a, "Panel 5").unwrap();

    let desa = election().kecamatan.desa[0].code.clone();
    store.assign_desa(&a, p1, &desa).unwrap();
    let (m1, _) = store.members().unwrap()[0].clone();
    store.set_panel_chair(&a, p1, Some(m1)).unwrap();
    let t = desa.tps(2).unwrap();
    assert_eq!(store.panel_of_tps(&t).unwrap(), Some(p1));
    assert!(matches!(
        store.hand_over_tps(&a, &t, Some(p2), " "),
        Err(StoreError::EmptyReason { .. })
    ));
    store
        .hand_over_tps(&a, &t, Some(p2), "panel 1 penuh")
        .unwrap();
    assert_eq!(store.panel_of_tps(&t).unwrap(), Some(p2));
    store.set_kpps_panels(&a, &t, 2).unwrap();
    assert!(matches!(
        store.set_kpps_panels(&a, &t, 3),
        Err(StoreError::BadKppsPanels { .. })
    ));
    let row = store
        .tps_list()
        .unwrap()
        .into_iter()
        .find(|r| r.code == t)
        .unwrap();
    assert_eq!(
        (row.kpps_panels, row.handed_to, row.panel),
        (Some(2), Some(p2), Some(p2))
    );
    let panels = store.panels().unwrap();
    assert_eq!(panels[0].desa, vec![desa]);
    assert_eq!(panels[0].chair, Some(m1));
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn audit_events_are_listed_by_kind_and_actor_a_page_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let other = Actor::new("Budi");
    for i in 0..4 {
        let who = if i % 2 == 0 { clerk() } else { other.clone() };
        store.add_panel(&who, &format!("P{i}")).unwrap();
    }
    let all = store.events(&pleno_store::EventFilter::default()).unwrap();
    assert_eq!(all[0].kind, pleno_store::EventKind::WorkspaceCreated);
    assert_eq!(all[0].actor.name, "Siti Aminah");
    let budi = store
        .events(&pleno_store::EventFilter {
            actor: Some("Budi".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(budi.len(), 2);
    let page = store
        .events(&pleno_store::EventFilter {
            kind: Some(pleno_store::EventKind::PanelAdded),
            limit: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.len(), 2);
    let next = store
        .events(&pleno_store::EventFilter {
            kind: Some(pleno_store::EventKind::PanelAdded),
            after: Some(page[1].seq),
            limit: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(next.len(), 2);
    assert!(next[0].seq > page[1].seq);
    assert_eq!(next[0].prev_hash, all[(next[0].seq.0 - 2) as usize].hash);
    // Newest first, a page at a time: the last event, then the ones before the page's end.
    let newest = |before| {
        store
            .events(&pleno_store::EventFilter {
                newest_first: true,
                before,
                limit: 3,
                ..Default::default()
            })
            .unwrap()
    };
    let first = newest(None);
    let seqs: Vec<i64> = all.iter().rev().take(6).map(|e| e.seq.0).collect();
    assert_eq!(first.iter().map(|e| e.seq.0).collect::<Vec<_>>(), seqs[..3]);
    let second = newest(Some(first[2].seq));
    assert_eq!(
        second.iter().map(|e| e.seq.0).collect::<Vec<_>>(),
        seqs[3..]
    );
}
