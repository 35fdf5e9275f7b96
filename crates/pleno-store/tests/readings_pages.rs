//! What the reader reports beyond the digits: a status per field, the OMR bubbles of the PPWP
//! result page, and where the form lies on the photo (set by the reader or dragged by a clerk).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use common::*;
use pleno_core::{Contest, FieldKey, PageCode};
use pleno_store::{
    DigitReading, EventFilter, EventKind, Mode, NewEntry, NewPage, NewReading, PageId,
    PageIdentity, ReadingStatus, Store, StoreError,
};
use serde_json::json;

fn geometry(manual: bool) -> serde_json::Value {
    json!({
        "width": 3024,
        "height": 4032,
        "orientation": 90,
        "corners": [[101.5, 88], [2950, 95.25], [2961, 3990], [97, 3978]],
        "manual": manual,
    })
}

fn identified_page(store: &mut Store, bytes: &[u8], geometry: Option<serde_json::Value>) -> PageId {
    let put = store.put_blob(&clerk(), bytes).unwrap();
    store
        .add_page(
            &clerk(),
            &NewPage {
                blob: put.hash,
                source_path: "DCIM/IMG_0001.jpg".into(),
                identity: Some(PageIdentity {
                    tps: tps("3303212001001"),
                    contest: Contest::Ppwp,
                    page_code: PageCode::new(Contest::Ppwp, 1),
                }),
                reason: None,
                geometry,
            },
        )
        .unwrap()
}

fn digits(classes: &[Option<u8>]) -> Vec<DigitReading> {
    classes
        .iter()
        .map(|c| DigitReading {
            class: *c,
            probabilities: vec![0.9, 0.1],
            segments: None,
            adapted: None,
            smear: c.map(|_| 0.061),
        })
        .collect()
}

#[test]
fn readings_keep_their_status_and_bubbles() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let page = identified_page(&mut store, b"ppwp page 1", None);
    let bubbles = json!([
        {"filled": 1, "scores": [0.02, 0.91, 0.03, 0.0, 0.0, 0.01, 0.0, 0.0, 0.02, 0.0]},
        {"filled": 5, "scores": [0.0, 0.0, 0.0, 0.0, 0.1, 0.88, 0.0, 0.0, 0.0, 0.0]},
        {"filled": null, "scores": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]},
    ]);
    let good = vec![
        NewReading::new(
            FieldKey::Paslon(1),
            Some(152),
            digits(&[Some(1), Some(5), Some(2)]),
            0.97,
        )
        .with_bubbles(bubbles.clone()),
        NewReading::new(FieldKey::Paslon(2), Some(0), digits(&[None; 3]), 0.99)
            .with_status(ReadingStatus::Empty),
        NewReading::new(FieldKey::Paslon(3), None, digits(&[None; 3]), 0.99)
            .with_status(ReadingStatus::Empty),
        NewReading::new(
            FieldKey::SuaraSah,
            None,
            digits(&[Some(1), None, None]),
            0.2,
        ),
        NewReading::new(FieldKey::SuaraTidakSah, None, digits(&[Some(4)]), 0.6)
            .with_status(ReadingStatus::Inconsistent)
            .with_bubbles(json!({"columns": [{"filled": 7, "scores": [0.8]}]})),
    ];
    assert_eq!(good[3].status, ReadingStatus::Unreadable);

    // What a status says must fit the value; bubbles are JSON but not null.
    let events = event_count(&store);
    let bad = [
        NewReading::new(FieldKey::Paslon(1), None, vec![], 0.5).with_status(ReadingStatus::Read),
        NewReading::new(FieldKey::Paslon(1), Some(3), vec![], 0.5)
            .with_status(ReadingStatus::Unreadable),
        NewReading::new(FieldKey::Paslon(1), Some(3), vec![], 0.5)
            .with_status(ReadingStatus::Inconsistent),
        NewReading::new(FieldKey::Paslon(1), Some(3), vec![], 0.5)
            .with_bubbles(serde_json::Value::Null),
    ];
    for r in bad {
        let mut batch = good.clone();
        batch.push(r.clone());
        let err = store
            .add_readings(&a, page, "digits-v2", &batch)
            .unwrap_err();
        assert!(
            matches!(err, StoreError::InvalidReading { .. }),
            "{r:?}: {err}"
        );
    }
    assert_eq!(event_count(&store), events);

    let ids = store.add_readings(&a, page, "digits-v2", &good).unwrap();
    let back = store.readings(page).unwrap();
    let got: Vec<_> = back
        .iter()
        .map(|r| (r.field, r.status, r.value, r.bubbles.clone()))
        .collect();
    let want: Vec<_> = good
        .iter()
        .map(|r| (r.field, r.status, r.value, r.bubbles.clone()))
        .collect();
    assert_eq!(got, want);
    // Each box as filed, with how much of it a shake smeared.
    assert_eq!(back[0].digits, good[0].digits);
    assert_eq!(back[0].digits[0].smear, Some(0.061));
    assert_eq!(store.reading(ids[0]).unwrap().bubbles, Some(bubbles));

    // The event carries the rows with their new columns and counts the statuses.
    let event = store
        .events(&EventFilter {
            kind: Some(EventKind::ReadingsAdded),
            ..Default::default()
        })
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        event.payload["detail"]["statuses"],
        json!({"empty": 2, "inconsistent": 1, "read": 1, "unreadable": 1})
    );
    let first = &event.payload["rows"]["reading"][0];
    assert_eq!(first[4], "read");
    assert!(first[6].as_str().unwrap().contains("\"filled\":1"));

    // An unreadable reading cannot be accepted as a figure; the clerk types it instead.
    let t = tps("3303212001001");
    let err = store
        .add_entries(
            &a,
            None,
            &[NewEntry::ocr_accepted(
                &t,
                Contest::Ppwp,
                FieldKey::SuaraSah,
                100,
                ids[3],
            )],
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadingMismatch { .. }), "{err}");
    store
        .add_entries(
            &a,
            None,
            &[NewEntry::ocr_accepted(
                &t,
                Contest::Ppwp,
                FieldKey::Paslon(1),
                152,
                ids[0],
            )],
        )
        .unwrap();
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn page_geometry_is_kept_from_the_reader_and_from_the_clerk() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let mut found = geometry(false);
    // A sheet without a tag, known by its printed boxes.
    found["identity"] = json!("structure");
    let page = identified_page(&mut store, b"photo with corners", Some(found.clone()));
    assert_eq!(store.page(page).unwrap().geometry, Some(found.clone()));
    // One known by the QR code it prints.
    let mut coded = geometry(false);
    coded["identity"] = json!("qr");
    let by_code = identified_page(&mut store, b"photo of a coded sheet", Some(coded.clone()));
    assert_eq!(store.page(by_code).unwrap().geometry, Some(coded));
    let plain = identified_page(&mut store, b"photo without corners", None);
    assert_eq!(store.page(plain).unwrap().geometry, None);

    // Refused geometries change nothing, at add_page and later.
    let mut broken = Vec::new();
    for (key, value) in [
        ("width", json!(0)),
        ("height", json!(12.5)),
        ("orientation", json!(45)),
        ("corners", json!([[1, 2], [3, 4], [5, 6]])),
        ("corners", json!([[1, 2], [3, 4], [5, 6], [7, "8"]])),
        ("manual", json!("yes")),
        ("skew", json!(0.5)),
        ("identity", json!("guess")),
    ] {
        let mut g = geometry(true);
        g[key] = value;
        broken.push(g);
    }
    broken.push(json!([1, 2, 3]));
    let mut missing = geometry(true);
    missing.as_object_mut().unwrap().remove("corners");
    broken.push(missing);
    let events = event_count(&store);
    let put = store.put_blob(&a, b"another photo").unwrap();
    let events_after_blob = event_count(&store);
    assert_eq!(events_after_blob, events + 1);
    for g in &broken {
        let err = store
            .set_page_geometry(&a, page, g.clone(), None)
            .unwrap_err();
        assert!(
            matches!(err, StoreError::InvalidGeometry { .. }),
            "{g}: {err}"
        );
        assert_eq!(err.code(), "invalid_geometry");
        let err = store
            .add_page(
                &a,
                &NewPage {
                    blob: put.hash.clone(),
                    source_path: "x.jpg".into(),
                    identity: None,
                    reason: Some("tag tidak terbaca".into()),
                    geometry: Some(g.clone()),
                },
            )
            .unwrap_err();
        assert!(
            matches!(err, StoreError::InvalidGeometry { .. }),
            "{g}: {err}"
        );
    }
    assert_eq!(event_count(&store), events_after_blob);
    assert!(matches!(
        store.set_page_geometry(&a, PageId(999), geometry(true), None),
        Err(StoreError::NotFound { .. })
    ));

    // A clerk drags the corners: one event with the previous geometry and the reason.
    let mut dragged = geometry(true);
    dragged["corners"][2] = json!([2900, 3950]);
    store
        .set_page_geometry(
            &a,
            page,
            dragged.clone(),
            Some(" sudut kanan bawah tertutup jari "),
        )
        .unwrap();
    store
        .set_page_geometry(&a, plain, geometry(true), None)
        .unwrap();
    assert_eq!(store.page(page).unwrap().geometry, Some(dragged.clone()));
    assert_eq!(store.page(plain).unwrap().geometry, Some(geometry(true)));
    let events_list = store
        .events(&EventFilter {
            kind: Some(EventKind::PageGeometrySet),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(events_list.len(), 2);
    let detail = &events_list[0].payload["detail"];
    assert_eq!(detail["from"], found);
    assert_eq!(detail["geometry"], dragged);
    assert_eq!(detail["reason"], "sudut kanan bawah tertutup jari");
    assert_eq!(
        events_list[1].payload["detail"]["from"],
        serde_json::Value::Null
    );
    assert_eq!(EventKind::PageGeometrySet.id(), 22);
    let described: String = store
        .connection()
        .query_row(
            "SELECT description FROM event_kind WHERE kind = 'page_geometry_set'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(described.contains("sudut"), "{described}");
    drop(store);

    let mut reader = Store::open(dir.path(), Mode::ReadOnly).unwrap();
    assert!(matches!(
        reader.set_page_geometry(&a, page, geometry(false), None),
        Err(StoreError::ReadOnly { .. })
    ));
    assert!(reader.verify().unwrap().is_ok());
}
