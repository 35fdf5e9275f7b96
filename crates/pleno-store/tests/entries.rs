//! Figures and their provenance: history, guards, sign-offs and objections.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use common::*;
use pleno_core::recap::FormState;
use pleno_core::{Contest, FieldKey};
use pleno_store::{
    NewEntry, NewObjection, ObjectionKind, ObjectionStatus, SignOffKind, Source, Store, StoreError,
};

#[test]
fn every_figure_keeps_its_history_and_the_current_value_is_the_latest() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let t = tps("3303212001001");
    let key = FieldKey::Paslon(2);
    let events = event_count(&store);
    let ids = store
        .add_entries(&clerk(), None, &full_form(&store, &t, Contest::Ppwp, 10))
        .unwrap();
    assert_eq!(event_count(&store), events + 1, "a whole form is one event");
    assert_eq!(
        ids.len(),
        store.catalogue(Contest::Ppwp).unwrap().fields.len()
    );

    // Confirming the same value needs no reason; changing it does.
    store
        .add_entries(
            &clerk(),
            None,
            &[NewEntry::clerk(
                &t,
                Contest::Ppwp,
                key,
                store
                    .current_values(&t, Contest::Ppwp)
                    .unwrap()
                    .values
                    .get(key)
                    .unwrap(),
            )],
        )
        .unwrap();
    let err = store
        .add_entries(
            &clerk(),
            None,
            &[NewEntry::clerk(&t, Contest::Ppwp, key, 152)],
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::ReasonRequired { .. }), "{err}");
    assert!(err.to_string().contains("suara_paslon_2"), "{err}");
    store
        .add_entries(
            &clerk(),
            None,
            &[NewEntry::clerk(&t, Contest::Ppwp, key, 152).with_reason("salah baca 652")],
        )
        .unwrap();
    let err = store
        .add_entries(
            &clerk(),
            None,
            &[NewEntry::new(&t, Contest::Ppwp, key, 151, Source::Recount)],
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::ReasonRequired { .. }));
    store
        .add_entries(
            &clerk(),
            None,
            &[NewEntry::new(&t, Contest::Ppwp, key, 151, Source::Recount)
                .with_reason("hitung ulang")],
        )
        .unwrap();

    let history = store.field_history(&t, Contest::Ppwp, key).unwrap();
    assert_eq!(history.len(), 4);
    assert_eq!(
        history.iter().map(|e| e.value).collect::<Vec<_>>()[2..],
        [152, 151]
    );
    assert_eq!(history[3].supersedes, Some(history[2].id));
    assert_eq!(history[3].source, Source::Recount);
    let current = store.current_values(&t, Contest::Ppwp).unwrap();
    assert_eq!(current.values.get(key), Some(151));
    assert_eq!(
        current.entries[&key].reason.as_deref(),
        Some("hitung ulang")
    );
    assert_eq!(current.state, FormState::Unagreed);

    let all = store.all_current_values().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].values, current.values);
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn refused_figures_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let t = tps("3303212001001");
    let events = event_count(&store);
    let good = NewEntry::clerk(&t, Contest::Ppwp, FieldKey::Paslon(1), 5);
    let cases: Vec<(Vec<NewEntry>, &str)> = vec![
        (
            vec![
                good.clone(),
                NewEntry::clerk(&t, Contest::Ppwp, FieldKey::Paslon(3), 1000),
            ],
            "value_out_of_range",
        ),
        (
            vec![
                good.clone(),
                NewEntry::clerk(&t, Contest::Ppwp, FieldKey::Paslon(4), 1),
            ],
            "field_not_on_form",
        ),
        (
            vec![
                good.clone(),
                NewEntry::clerk(&t, Contest::DprdKab, FieldKey::SuaraSah, 1),
            ],
            "field_not_on_form",
        ),
        (
            vec![
                good.clone(),
                NewEntry::clerk(&tps("3303212009001"), Contest::Ppwp, FieldKey::Paslon(1), 1),
            ],
            "not_found",
        ),
        (
            vec![NewEntry::new(
                &t,
                Contest::Ppwp,
                FieldKey::Paslon(1),
                5,
                Source::OcrAccepted,
            )],
            "reading_mismatch",
        ),
        (vec![], "empty_batch"),
    ];
    for (batch, code) in cases {
        let err = store.add_entries(&clerk(), None, &batch).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
    }
    assert_eq!(event_count(&store), events);
    assert!(
        store
            .field_history(&t, Contest::Ppwp, FieldKey::Paslon(1))
            .unwrap()
            .is_empty()
    );
    assert!(store.all_current_values().unwrap().is_empty());
}

#[test]
fn agreement_closing_and_objections_follow_the_plenary_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let desa = election().kecamatan.desa[0].code.clone();
    let t1 = desa.tps(1).unwrap();

    // Incomplete forms cannot be agreed.
    store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::Paslon(1), 5)],
        )
        .unwrap();
    let err = store
        .agree_form(&a, None, &t1, Contest::Ppwp, None, None)
        .unwrap_err();
    assert!(matches!(err, StoreError::FormIncomplete { .. }), "{err}");

    for t in election().kecamatan.desa[0]
        .tps
        .iter()
        .map(|t| t.code.clone())
    {
        for c in [Contest::Ppwp, Contest::Dpr, Contest::Dpd] {
            let form = full_form(&store, &t, c, 3)
                .into_iter()
                .map(|e| e.with_reason("lengkap"))
                .collect::<Vec<_>>();
            store.add_entries(&a, None, &form).unwrap();
            store
                .agree_form(&a, None, &t, c, None, Some("disepakati"))
                .unwrap();
        }
    }
    assert!(matches!(
        store.agree_form(&a, None, &t1, Contest::Ppwp, None, None),
        Err(StoreError::AlreadySignedOff { .. })
    ));
    assert_eq!(
        store.current_values(&t1, Contest::Ppwp).unwrap().state,
        FormState::Agreed
    );

    // A later entry un-agrees the form, so the desa cannot close until it is agreed again.
    store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::Paslon(1), 7)
                .with_reason("pembetulan")],
        )
        .unwrap();
    assert_eq!(
        store.current_values(&t1, Contest::Ppwp).unwrap().state,
        FormState::Unagreed
    );
    let err = store.close_desa(&a, None, &desa, None).unwrap_err();
    assert!(
        matches!(err, StoreError::DesaIncomplete { open: 1, .. }),
        "{err}"
    );
    store
        .agree_form(&a, None, &t1, Contest::Ppwp, None, None)
        .unwrap();
    let closed = store.close_desa(&a, None, &desa, None).unwrap();
    assert!(store.is_desa_closed(&desa).unwrap());

    // After closing: figures change only through an objection that applies.
    let err = store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::Paslon(1), 8).with_reason("x")],
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::ObjectionRequired { .. }), "{err}");
    let objection = |tps: &pleno_core::wilayah::TpsCode| NewObjection {
        kind: ObjectionKind::Keberatan,
        raised_by: "Saksi Paslon 02 – Agus".into(),
        saksi: Some(store.saksi().unwrap()[0].0),
        desa: None,
        tps: Some(tps.clone()),
        contest: Some(Contest::Ppwp),
        fields: vec![FieldKey::Paslon(1)],
        text: "Angka paslon 1 tidak sesuai salinan".into(),
    };
    let other_tps = objection(&desa.tps(2).unwrap());
    let mine = objection(&t1);
    let wrong = store.raise_objection(&a, None, &other_tps).unwrap();
    let o = store.raise_objection(&a, None, &mine).unwrap();
    let err = store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::Paslon(1), 8)
                .with_reason("x")
                .with_objection(wrong)],
        )
        .unwrap_err();
    assert!(
        matches!(err, StoreError::ObjectionNotApplicable { .. }),
        "{err}"
    );
    store
        .resolve_objection(&a, o, ObjectionStatus::Accepted, "diterima, dibetulkan")
        .unwrap();
    assert!(matches!(
        store.resolve_objection(&a, o, ObjectionStatus::Rejected, "x"),
        Err(StoreError::ObjectionAlreadyResolved { .. })
    ));
    let ids = store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::Paslon(1), 8)
                .with_reason("keberatan diterima")
                .with_objection(o)],
        )
        .unwrap();
    assert!(matches!(
        store.agree_form(&a, None, &t1, Contest::Ppwp, None, None),
        Err(StoreError::ObjectionRequired { .. })
    ));
    store
        .agree_form(&a, None, &t1, Contest::Ppwp, Some(o), None)
        .unwrap();
    let listed = store.objection(o).unwrap();
    assert_eq!(listed.entries, ids);
    assert_eq!(listed.status, ObjectionStatus::Accepted);
    store
        .resolve_objection(&a, wrong, ObjectionStatus::Rejected, "tidak terbukti")
        .unwrap();
    assert_eq!(store.objections().unwrap().len(), 2);

    // Kecamatan final needs every desa closed; desa re-opening needs an objection.
    assert!(matches!(
        store.finalize_kecamatan(&a, None),
        Err(StoreError::KecamatanIncomplete { open: 1, .. })
    ));
    assert!(matches!(
        store.revoke_signoff(&a, closed, None, "buka"),
        Err(StoreError::ObjectionRequired { .. })
    ));
    store
        .revoke_signoff(&a, closed, Some(o), "dibuka untuk pembetulan")
        .unwrap();
    assert!(!store.is_desa_closed(&desa).unwrap());
    assert!(matches!(
        store.revoke_signoff(&a, closed, Some(o), "lagi"),
        Err(StoreError::AlreadyRevoked { .. })
    ));
    let kinds: Vec<SignOffKind> = store.signoffs().unwrap().iter().map(|s| s.kind).collect();
    assert!(kinds.contains(&SignOffKind::DesaClosed));
    assert!(
        store
            .signoffs()
            .unwrap()
            .iter()
            .any(|s| s.revoked.is_some())
    );
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn pages_readings_and_ocr_accepted_entries() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let t = tps("3303212002003");
    let put = store.put_blob(&a, b"jpeg bytes of page 2").unwrap();
    assert!(!put.already_stored);
    let again = store.put_blob(&a, b"jpeg bytes of page 2").unwrap();
    assert!(again.already_stored);
    assert_eq!(again.hash, put.hash);
    assert_eq!(store.blobs().unwrap().len(), 1);
    assert_eq!(store.read_blob(&put.hash).unwrap(), b"jpeg bytes of page 2");

    let unknown = store
        .add_page(
            &a,
            &pleno_store::NewPage {
                blob: put.hash.clone(),
                source_path: "DCIM/1.jpg".into(),
                identity: None,
                reason: Some("tag tidak terbaca".into()),
                geometry: None,
            },
        )
        .unwrap();
    let page_code = pleno_core::PageCode::new(Contest::Ppwp, 2);
    let identity = pleno_store::PageIdentity {
        tps: t.clone(),
        contest: Contest::Ppwp,
        page_code,
    };
    let err = store
        .add_readings(&a, unknown, "digits-v1", &[])
        .unwrap_err();
    assert_eq!(err.code(), "empty_batch");
    let reading = pleno_store::NewReading::new(
        FieldKey::Paslon(2),
        Some(652),
        vec![pleno_store::DigitReading {
            class: Some(6),
            probabilities: vec![0.1, 0.9],
            segments: None,
            adapted: None,
            smear: None,
        }],
        0.91,
    );
    assert!(matches!(
        store.add_readings(&a, unknown, "digits-v1", std::slice::from_ref(&reading)),
        Err(StoreError::PageNotIdentified { .. })
    ));
    let bad = pleno_store::PageIdentity {
        page_code: pleno_core::PageCode(205),
        ..identity.clone()
    };
    assert!(matches!(
        store.assign_page(&a, unknown, &bad, None),
        Err(StoreError::PageCodeNotOnForm { .. })
    ));
    store.assign_page(&a, unknown, &identity, None).unwrap();
    let other = pleno_store::PageIdentity {
        tps: tps("3303212002002"),
        ..identity.clone()
    };
    assert!(matches!(
        store.assign_page(&a, unknown, &other, None),
        Err(StoreError::EmptyReason { .. })
    ));

    let ids = store
        .add_readings(&a, unknown, "digits-v1", &[reading])
        .unwrap();
    let readings = store.readings(unknown).unwrap();
    assert_eq!(readings[0].value, Some(652));
    assert_eq!(readings[0].digits[0].class, Some(6));
    assert_eq!(store.form_readings(&t, Contest::Ppwp).unwrap().len(), 1);
    let err = store
        .add_entries(
            &a,
            None,
            &[NewEntry::ocr_accepted(
                &t,
                Contest::Ppwp,
                FieldKey::Paslon(2),
                152,
                ids[0],
            )],
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadingMismatch { .. }), "{err}");
    let err = store
        .add_entries(
            &a,
            None,
            &[NewEntry::ocr_accepted(
                &tps("3303212002002"),
                Contest::Ppwp,
                FieldKey::Paslon(2),
                652,
                ids[0],
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
                FieldKey::Paslon(2),
                652,
                ids[0],
            )],
        )
        .unwrap();
    // The clerk reads the paper: 152, citing the same reading.
    store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(&t, Contest::Ppwp, FieldKey::Paslon(2), 152)
                .with_reason("angka 1 terbaca 6")
                .with_reading(ids[0])],
        )
        .unwrap();
    let h = store
        .field_history(&t, Contest::Ppwp, FieldKey::Paslon(2))
        .unwrap();
    assert_eq!(
        (h[0].source, h[0].value, h[1].value),
        (Source::OcrAccepted, 652, 152)
    );

    store
        .set_page_status(
            &a,
            unknown,
            pleno_store::PageStatus::Rejected,
            Some("foto buram"),
        )
        .unwrap();
    assert!(matches!(
        store.set_page_status(&a, unknown, pleno_store::PageStatus::Rejected, None),
        Err(StoreError::EmptyReason { .. })
    ));
    let rejected = store
        .pages(&pleno_store::PageFilter {
            status: Some(pleno_store::PageStatus::Rejected),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].reason.as_deref(), Some("foto buram"));
    assert_eq!(
        store
            .pages(&pleno_store::PageFilter {
                tps: Some(t.clone()),
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn kabupaten_workspaces_keep_imported_kecamatan_totals() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = setup();
    s.level = pleno_store::WorkspaceLevel::Kabupaten;
    let mut store = Store::create(dir.path(), &s).unwrap();
    let kec = pleno_core::wilayah::KecamatanCode::parse("330322").unwrap();
    let totals: pleno_core::recap::Totals = [
        (FieldKey::Paslon(1), 12_345u64),
        (FieldKey::SuaraSah, 20_000),
    ]
    .into_iter()
    .collect();
    let import = pleno_store::KecamatanImport {
        kecamatan: kec.clone(),
        name: "Kec B".into(),
        contest: Contest::Ppwp,
        source: "bundle-330322.zip".into(),
        blob: None,
        totals: totals.clone(),
        audit_head: None,
        completeness: pleno_core::recap::Completeness {
            expected: 40,
            agreed: 40,
            ..Default::default()
        },
    };
    store.import_kecamatan_totals(&clerk(), &import).unwrap();
    let mut newer = import.clone();
    newer.totals.set(FieldKey::Paslon(1), 12_346);
    store.import_kecamatan_totals(&clerk(), &newer).unwrap();
    let got = store.kecamatan_totals(Contest::Ppwp).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].totals.value(FieldKey::Paslon(1)), 12_346);
    assert_eq!(got[0].completeness.expected, 40);
    let foreign = pleno_store::KecamatanImport {
        kecamatan: pleno_core::wilayah::KecamatanCode::parse("330401").unwrap(),
        ..import
    };
    assert!(store.import_kecamatan_totals(&clerk(), &foreign).is_err());
    assert!(store.verify().unwrap().is_ok());

    let dir2 = tempfile::tempdir().unwrap();
    let mut kec_store = create(dir2.path());
    assert!(matches!(
        kec_store.import_kecamatan_totals(&clerk(), &newer),
        Err(StoreError::WrongLevel { .. })
    ));
}
