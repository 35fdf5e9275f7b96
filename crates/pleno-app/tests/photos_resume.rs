//! A photo import cut off between filing a page and storing its readings (what versions before
//! the one-transaction filing left behind when killed at the wrong moment) ends, once resumed,
//! exactly where an uninterrupted import ends: the page is read again and its form offered to
//! automatic acceptance again.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use pleno_app::demo_photos::{photograph, photographed};
use pleno_app::{Mode, Who, Workspace};
use pleno_store::{Actor, NewPage, PageFilter, PageIdentity, Store};

mod common;

use common::{drill_workspace, no_progress, photo_outcome as outcome};

fn import(ws: &Workspace, who: &Who, paths: &[PathBuf]) -> pleno_app::photos::PhotoImportReport {
    ws.import_photos(who, paths, &AtomicBool::new(false), &no_progress)
        .unwrap()
}

#[test]
fn a_page_filed_without_its_readings_is_read_again_when_the_import_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");

    // Uninterrupted: two PPWP forms (a flat scan and a phone photo, three pages each).
    let (ws, hasil, election) = drill_workspace(&dir.path().join("utuh"), &who);
    let all = photographed(&hasil).unwrap();
    let foto = dir.path().join("foto");
    photograph(&foto, &hasil, &election, &all[..2]).unwrap();
    let whole = import(&ws, &who, std::slice::from_ref(&foto));
    assert_eq!(whole.identified, 6, "{:?}", whole.issues);
    let expected = outcome(&ws);
    let with_readings = expected.1.iter().filter(|(_, n)| *n > 0).count();
    assert!(with_readings >= 4, "{:?}", expected.1);
    let filed: Vec<(pleno_store::Page, Vec<u8>)> = ws
        .pages(&PageFilter::default())
        .unwrap()
        .into_iter()
        .map(|p| {
            let bytes = ws.read(|s| s.read_blob(&p.blob)).unwrap();
            (p, bytes)
        })
        .collect();
    drop(ws);

    // Interrupted: every page filed and identified, not one reading stored, nothing accepted.
    let (ws, _, _) = drill_workspace(&dir.path().join("putus"), &who);
    drop(ws);
    {
        let mut store = Store::open(&dir.path().join("putus/ws"), Mode::ReadWrite).unwrap();
        let actor = Actor::new("Operator PPK");
        for (p, bytes) in &filed {
            let blob = store.put_blob(&actor, bytes).unwrap().hash;
            store
                .add_page(
                    &actor,
                    &NewPage {
                        blob,
                        source_path: p.source_path.clone(),
                        identity: Some(PageIdentity {
                            tps: p.tps.clone().unwrap(),
                            contest: p.contest.unwrap(),
                            page_code: p.page_code.unwrap(),
                        }),
                        reason: None,
                        geometry: None,
                    },
                )
                .unwrap();
        }
    }
    let ws = Workspace::open(&dir.path().join("putus/ws"), Mode::ReadWrite).unwrap();
    assert_eq!(outcome(&ws).1.iter().filter(|(_, n)| *n > 0).count(), 0);

    // Resumed: nothing filed twice, the pages without readings read, the same forms agreed.
    let resumed = import(&ws, &who, std::slice::from_ref(&foto));
    assert_eq!(resumed.pages, 0);
    assert_eq!(resumed.already_imported, 6);
    assert_eq!(resumed.reread, with_readings, "{:?}", resumed.issues);
    assert_eq!(resumed.agreed, whole.agreed);
    assert_eq!(outcome(&ws), expected);

    // And again: nothing left to read, nothing accepted twice.
    let again = import(&ws, &who, std::slice::from_ref(&foto));
    assert_eq!((again.reread, again.agreed), (0, 0));
    assert_eq!(outcome(&ws), expected);
    assert!(ws.verify_audit().unwrap().problems.is_empty());
}
