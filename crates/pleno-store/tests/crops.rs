//! Labelled crops: a person's agreement labels the box crops of the form's photographed pages
//! with the agreed figures; a revoked agreement's labels stop counting; the policy's batch
//! agreement labels nothing; every label row is audited.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use common::*;
use pleno_core::{Contest, FieldKey, PageCode};
use pleno_store::{
    CropRef, DigitReading, Mode, NewEntry, NewPage, NewReading, PageIdentity, Source, Store,
    StoreError,
};

/// A box the model read as `class` (0–9, 10 empty, 11 mark) with certainty.
fn seen(class: usize) -> DigitReading {
    let mut p = vec![0.0; 12];
    p[class] = 1.0;
    DigitReading {
        class: (class <= 9).then_some(class as u8),
        probabilities: p,
        segments: None,
        adapted: None,
        smear: None,
    }
}

/// Files a PPWP page 2 photo of `tps` whose two paslon fields were read with their crops.
fn photographed(store: &mut Store, tps_code: &str, photo: &[u8], read: [u32; 2]) {
    let a = clerk();
    let blob = store.put_blob(&a, photo).unwrap().hash;
    let sheet = store
        .put_blob(&a, &[photo, b" crops"].concat())
        .unwrap()
        .hash;
    let field = |key, v: u32, row| {
        let digits = format!("{v:03}")
            .bytes()
            .map(|b| usize::from(b - b'0'))
            .enumerate()
            .map(|(i, d)| if i == 0 && d == 0 { seen(10) } else { seen(d) })
            .collect();
        NewReading::new(key, Some(v), digits, 0.99).with_crops(CropRef {
            blob: sheet.clone(),
            row,
            boxes: 3,
        })
    };
    let readings = [
        field(FieldKey::Paslon(1), read[0], 0),
        field(FieldKey::Paslon(2), read[1], 1),
    ];
    file_read(store, tps_code, blob, &readings).unwrap();
}

/// Files a photo already stored as `blob` as PPWP page 2 of `tps_code` with its readings.
fn file_read(
    store: &mut Store,
    tps_code: &str,
    blob: pleno_store::BlobHash,
    readings: &[NewReading],
) -> Result<pleno_store::PageId, StoreError> {
    store.file_page(
        &clerk(),
        &NewPage {
            blob,
            source_path: format!("{tps_code}/ppwp-hal2.jpg"),
            identity: Some(PageIdentity {
                tps: tps(tps_code),
                contest: Contest::Ppwp,
                page_code: PageCode::new(Contest::Ppwp, 2),
            }),
            reason: None,
            geometry: None,
        },
        &pleno_store::Filing::Read {
            model_version: "digits-test",
            readings,
        },
    )
}

#[test]
fn a_persons_agreement_labels_the_crops_and_a_revocation_unlabels_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let t1 = tps("3303212001001");
    let entries = full_form(&store, &t1, Contest::Ppwp, 40);
    let value = |k: FieldKey| entries.iter().find(|e| e.field == k).unwrap().value;
    let (p1, p2) = (value(FieldKey::Paslon(1)), value(FieldKey::Paslon(2)));
    // The machine misread paslon 1's last digit; the panel's figure is the paper's.
    photographed(&mut store, "3303212001001", b"photo 1", [p1 + 1, p2]);
    store.add_entries(&a, None, &entries).unwrap();
    assert!(
        store.labelled_crops().unwrap().is_empty(),
        "nothing agreed yet"
    );

    let agreed = store
        .agree_form(&a, None, &t1, Contest::Ppwp, None, None)
        .unwrap();
    let labels = store.labelled_crops().unwrap();
    let spelt = |k: FieldKey| -> Vec<String> {
        labels
            .iter()
            .filter(|l| l.field == k)
            .map(|l| l.label.clone())
            .collect()
    };
    let want = |v: u32| -> Vec<String> {
        format!("{v:03}")
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 && c == '0' {
                    "empty".into()
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    assert_eq!(spelt(FieldKey::Paslon(1)), want(p1));
    assert_eq!(spelt(FieldKey::Paslon(2)), want(p2));
    assert_eq!(labels.len(), 6);
    let wrong: Vec<_> = labels.iter().filter(|l| !l.model_right()).collect();
    assert_eq!(wrong.len(), 1, "the misread box");
    assert_eq!(
        (wrong[0].field, wrong[0].box_index),
        (FieldKey::Paslon(1), 2)
    );
    assert!(
        labels
            .iter()
            .all(|l| l.signoff == agreed && l.page_code == Some(102))
    );
    assert_eq!(store.readings_with_crops().unwrap(), 2);

    // Re-opened: its labels no longer stand; agreed again, they are back under the new one.
    store
        .revoke_signoff(&a, agreed, None, "dibuka untuk dicocokkan lagi")
        .unwrap();
    assert!(store.labelled_crops().unwrap().is_empty());
    let again = store
        .agree_form(&a, None, &t1, Contest::Ppwp, None, None)
        .unwrap();
    let labels = store.labelled_crops().unwrap();
    assert_eq!(labels.len(), 6);
    assert!(labels.iter().all(|l| l.signoff == again));

    // A recount changes paslon 2: its boxes still show what the KPPS wrote, not the new
    // figure, so the next agreement labels paslon 1 only.
    store
        .revoke_signoff(&a, again, None, "hitung ulang")
        .unwrap();
    store
        .add_entries(
            &a,
            None,
            &[NewEntry::new(
                &t1,
                Contest::Ppwp,
                FieldKey::Paslon(2),
                p2 + 3,
                Source::Recount,
            )
            .with_reason("hitung ulang di depan saksi")],
        )
        .unwrap();
    store
        .agree_form(&a, None, &t1, Contest::Ppwp, None, None)
        .unwrap();
    let labels = store.labelled_crops().unwrap();
    assert_eq!(labels.len(), 3);
    assert!(labels.iter().all(|l| l.field == FieldKey::Paslon(1)));

    // The policy's batch agreement compared nothing with the paper: no labels.
    let t2 = tps("3303212001002");
    photographed(&mut store, "3303212001002", b"photo 2", [7, 8]);
    store
        .add_entries(&a, None, &full_form(&store, &t2, Contest::Ppwp, 7))
        .unwrap();
    store
        .agree_forms(&a, None, &[(t2.clone(), Contest::Ppwp)], None)
        .unwrap();
    assert!(store.labelled_crops().unwrap().iter().all(|l| l.tps == t1));

    drop(store);
    let report = pleno_store::verify(dir.path()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // Labels are records: the shell cannot rewrite them.
    let store = Store::open(dir.path(), Mode::ReadWrite).unwrap();
    let err = store
        .connection()
        .execute("UPDATE crop_label SET label = '9'", [])
        .unwrap_err();
    assert!(err.to_string().contains("crop_label"), "{err}");
}

#[test]
fn crops_that_do_not_match_the_digits_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let sheet = store.put_blob(&a, b"sheet").unwrap().hash;
    let r = NewReading::new(
        FieldKey::Paslon(1),
        Some(5),
        vec![seen(10), seen(10), seen(5)],
        0.9,
    )
    .with_crops(CropRef {
        blob: sheet,
        row: 0,
        boxes: 2,
    });
    let blob = store.put_blob(&a, b"photo").unwrap().hash;
    let err = file_read(&mut store, "3303212001001", blob, std::slice::from_ref(&r)).unwrap_err();
    assert!(matches!(err, StoreError::InvalidReading { .. }), "{err}");
    assert_eq!(store.readings_with_crops().unwrap(), 0);
}

#[test]
fn typed_figures_label_only_the_boxes_whose_reading_they_confirm() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let t = tps("3303212001003");
    let typed: Vec<NewEntry> = full_form(&store, &t, Contest::Ppwp, 20)
        .into_iter()
        .map(|e| NewEntry::new(&t, Contest::Ppwp, e.field, e.value, Source::Import))
        .collect();
    let value = |k: FieldKey| typed.iter().find(|e| e.field == k).unwrap().value;
    // The photo agrees with the typed paslon 1 and not with paslon 2: the model misread, or
    // the photo is of another sheet; nobody can tell, so those boxes teach nothing.
    photographed(
        &mut store,
        "3303212001003",
        b"photo 3",
        [value(FieldKey::Paslon(1)), value(FieldKey::Paslon(2)) + 5],
    );
    store.add_entries(&a, None, &typed).unwrap();
    store
        .agree_form(&a, None, &t, Contest::Ppwp, None, None)
        .unwrap();
    let labels = store.labelled_crops().unwrap();
    assert_eq!(labels.len(), 3);
    assert!(labels.iter().all(|l| l.field == FieldKey::Paslon(1)));
}
