//! A full disk, a write error, a backup while open: clear errors, workspace unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use std::process::Command;

use common::*;
use pleno_core::Contest;
use pleno_store::{Mode, Store, StoreError, backup, verify};

#[test]
fn a_full_database_refuses_the_batch_and_keeps_the_workspace_intact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let pages: i64 = store
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // SQLite reports SQLITE_FULL exactly as on a full disk once the file may not grow.
    store
        .connection()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let events = event_count(&store);
    let mut err = None;
    for (i, t) in election()
        .kecamatan
        .all_tps()
        .map(|(_, t)| t.code.clone())
        .enumerate()
    {
        if let Err(e) = store.add_entries(
            &clerk(),
            None,
            &full_form(&store, &t, Contest::Dpr, i as u32),
        ) {
            err = Some(e);
            break;
        }
    }
    let err = err.expect("the database must fill up");
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(
        err.to_string().contains("pleno.db") && err.to_string().contains("Kosongkan ruang disk"),
        "{err}"
    );
    let after = event_count(&store);
    let forms = store.all_current_values().unwrap().len() as i64;
    assert_eq!(
        after - events,
        forms,
        "every committed batch has its event, the refused one none"
    );
    drop(store);
    assert!(verify(dir.path()).unwrap().is_ok());
}

/// Mounts a tiny tmpfs when allowed (root, not in a restricted container); skips otherwise.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap().keep();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if ok { Some(Tmpfs(dir)) } else { None }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[test]
fn a_real_full_disk_refuses_blobs_and_entries_and_keeps_the_workspace_intact() {
    let Some(fs) = Tmpfs::mount("1m") else {
        eprintln!("tmpfs not mountable here; the injected write error test covers this case");
        return;
    };
    let ws = fs.0.join("ws");
    let mut store = create(&ws);
    let big = vec![7u8; 2 << 20];
    let err = store.put_blob(&clerk(), &big).unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(store.blobs().unwrap().is_empty());
    let mut err = None;
    for round in 0..200u32 {
        for (_, t) in election().kecamatan.all_tps() {
            if let Err(e) = store.add_entries(
                &clerk(),
                None,
                &full_form(&store, &t.code, Contest::Dpr, round % 100)
                    .into_iter()
                    .map(|e| e.with_reason("isi"))
                    .collect::<Vec<_>>(),
            ) {
                err = Some(e);
                break;
            }
        }
        if err.is_some() {
            break;
        }
    }
    let err = err.expect("1 MB must fill up");
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    drop(store);
    let report = verify(&ws).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn a_backup_taken_while_the_workspace_is_open_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let t = tps("3303212002001");
    store
        .add_entries(&clerk(), None, &full_form(&store, &t, Contest::Ppwp, 4))
        .unwrap();
    store.put_blob(&clerk(), b"photo one").unwrap();
    store.put_blob(&clerk(), b"photo two").unwrap();
    let dest = tempfile::tempdir().unwrap();
    let copy = dest.path().join("cadangan");
    let report = backup(dir.path(), &copy).unwrap();
    assert_eq!(report.blobs, 2);
    // The original is still open read-write and keeps working.
    store.add_panel(&clerk(), "Panel 1").unwrap();
    let v = verify(&copy).unwrap();
    assert!(v.is_ok(), "{:?}", v.problems);
    let back = Store::open(&copy, Mode::ReadOnly).unwrap();
    assert_eq!(back.election().unwrap(), election());
    assert_eq!(
        back.all_current_values().unwrap(),
        store.all_current_values().unwrap()
    );
    assert!(
        back.panels().unwrap().is_empty(),
        "the snapshot predates the panel"
    );
    let err = backup(dir.path(), &copy).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err}");
    // The in-process API works too.
    let copy2 = dest.path().join("cadangan2");
    store.backup_to(&copy2).unwrap();
    assert!(verify(&copy2).unwrap().is_ok());
}
