//! Forms recorded absent (e.g. a lost ballot box): a kejadian khusus naming the TPS and
//! contest settles the form for closing the desa, while the recap still shows it missing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use common::*;
use pleno_core::recap::FormState;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};
use pleno_store::{
    EventFilter, EventKind, NewEntry, NewObjection, ObjectionId, ObjectionKind, ObjectionStatus,
    SignOffKind, Store, StoreError,
};

const CONTESTS: [Contest; 3] = [Contest::Ppwp, Contest::Dpr, Contest::Dpd];

/// Fills and agrees every form of desa `d` except `skip`.
fn agree_desa(store: &mut Store, d: usize, skip: Option<(&TpsCode, Contest)>) {
    let mut batch = Vec::new();
    let mut forms = Vec::new();
    for t in &election().kecamatan.desa[d].tps {
        for c in CONTESTS {
            if skip == Some((&t.code, c)) {
                continue;
            }
            batch.extend(full_form(store, &t.code, c, 7));
            forms.push((t.code.clone(), c));
        }
    }
    store.add_entries(&clerk(), None, &batch).unwrap();
    store.agree_forms(&clerk(), None, &forms, None).unwrap();
}

fn raise(
    store: &mut Store,
    kind: ObjectionKind,
    tps: &TpsCode,
    contest: Option<Contest>,
) -> ObjectionId {
    store
        .raise_objection(
            &clerk(),
            None,
            &NewObjection {
                kind,
                raised_by: "Ketua KPPS".into(),
                saksi: None,
                desa: None,
                tps: Some(tps.clone()),
                contest,
                fields: vec![],
                text: "Kotak suara DPD hilang dalam perjalanan ke PPK".into(),
            },
        )
        .unwrap()
}

#[test]
fn an_absent_form_settles_its_desa_but_stays_missing_in_the_recap() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let desa = election().kecamatan.desa[0].code.clone();
    let t3 = desa.tps(3).unwrap();
    agree_desa(&mut store, 0, Some((&t3, Contest::Dpd)));
    let err = store.close_desa(&a, None, &desa, None).unwrap_err();
    assert!(
        matches!(err, StoreError::DesaIncomplete { open: 1, .. }),
        "{err}"
    );

    // Only a kejadian khusus naming this TPS and this contest, not rejected, will do.
    let keberatan = raise(
        &mut store,
        ObjectionKind::Keberatan,
        &t3,
        Some(Contest::Dpd),
    );
    let other_tps = raise(
        &mut store,
        ObjectionKind::KejadianKhusus,
        &desa.tps(2).unwrap(),
        Some(Contest::Dpd),
    );
    let no_contest = raise(&mut store, ObjectionKind::KejadianKhusus, &t3, None);
    let other_contest = raise(
        &mut store,
        ObjectionKind::KejadianKhusus,
        &t3,
        Some(Contest::Dpr),
    );
    let rejected = raise(
        &mut store,
        ObjectionKind::KejadianKhusus,
        &t3,
        Some(Contest::Dpd),
    );
    store
        .resolve_objection(&a, rejected, ObjectionStatus::Rejected, "kotak ditemukan")
        .unwrap();
    let events = event_count(&store);
    for o in [keberatan, other_tps, no_contest, other_contest, rejected] {
        let err = store
            .record_absent_form(&a, None, &t3, Contest::Dpd, o, None)
            .unwrap_err();
        assert!(
            matches!(err, StoreError::ObjectionNotApplicable { .. }),
            "{o}: {err}"
        );
    }
    assert!(matches!(
        store.record_absent_form(&a, None, &t3, Contest::Dpd, ObjectionId(999), None),
        Err(StoreError::NotFound { .. })
    ));
    // An agreed form is not absent.
    let kk_t3_ppwp = raise(
        &mut store,
        ObjectionKind::KejadianKhusus,
        &t3,
        Some(Contest::Ppwp),
    );
    let err = store
        .record_absent_form(&a, None, &t3, Contest::Ppwp, kk_t3_ppwp, None)
        .unwrap_err();
    assert!(matches!(err, StoreError::FormIsAgreed { .. }), "{err}");
    assert_eq!(
        event_count(&store),
        events + 1,
        "only the objection was logged"
    );

    let kk = raise(
        &mut store,
        ObjectionKind::KejadianKhusus,
        &t3,
        Some(Contest::Dpd),
    );
    let id = store
        .record_absent_form(
            &a,
            None,
            &t3,
            Contest::Dpd,
            kk,
            Some(" berita acara kehilangan "),
        )
        .unwrap();
    assert!(matches!(
        store.record_absent_form(&a, None, &t3, Contest::Dpd, kk, None),
        Err(StoreError::AlreadySignedOff { .. })
    ));
    assert_eq!(
        store.absent_forms().unwrap(),
        vec![(t3.clone(), Contest::Dpd, id)]
    );
    let form = store.current_values(&t3, Contest::Dpd).unwrap();
    assert_eq!(
        (form.absent, form.agreed, form.state),
        (Some(id), None, FormState::Unagreed)
    );
    let signoff = store
        .signoffs()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    assert_eq!(signoff.kind, SignOffKind::FormAbsent);
    assert_eq!(signoff.objection, Some(kk));
    assert_eq!(signoff.last_entry, None);
    assert_eq!(signoff.note.as_deref(), Some("berita acara kehilangan"));
    let event = store
        .events(&EventFilter {
            kind: Some(EventKind::FormAbsentRecorded),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(event.len(), 1);
    assert_eq!(event[0].payload["rows"]["signoff"][0][0], id.0);
    // The recap has no figures for it: still missing there.
    assert!(
        store
            .all_current_values()
            .unwrap()
            .iter()
            .all(|f| !(f.tps == t3 && f.contest == Contest::Dpd))
    );

    // The desa closes; with the other desa closed too, the kecamatan is final.
    store.close_desa(&a, None, &desa, None).unwrap();
    agree_desa(&mut store, 1, None);
    store
        .close_desa(&a, None, &election().kecamatan.desa[1].code, None)
        .unwrap();
    store.finalize_kecamatan(&a, None).unwrap();
    assert!(store.is_kecamatan_final().unwrap());
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn a_found_form_is_agreed_only_after_its_absent_record_is_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let desa = election().kecamatan.desa[0].code.clone();
    let t3 = desa.tps(3).unwrap();
    agree_desa(&mut store, 0, Some((&t3, Contest::Dpd)));
    let kk = raise(
        &mut store,
        ObjectionKind::KejadianKhusus,
        &t3,
        Some(Contest::Dpd),
    );
    let absent = store
        .record_absent_form(&a, None, &t3, Contest::Dpd, kk, None)
        .unwrap();
    store.close_desa(&a, None, &desa, None).unwrap();

    // The box turns up: its figures go in under the kejadian khusus, but the form cannot be
    // agreed while it stands recorded absent.
    let figures: Vec<NewEntry> = full_form(&store, &t3, Contest::Dpd, 2)
        .into_iter()
        .map(|e| e.with_objection(kk))
        .collect();
    store.add_entries(&a, None, &figures).unwrap();
    let err = store
        .agree_form(&a, None, &t3, Contest::Dpd, Some(kk), None)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::FormRecordedAbsent { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("buka kembali"), "{err}");
    let err = store
        .agree_forms(&a, None, &[(t3.clone(), Contest::Dpd)], None)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::FormRecordedAbsent { .. }),
        "{err}"
    );

    // Revoking it in a closed desa needs an objection, like any form sign-off.
    assert!(matches!(
        store.revoke_signoff(&a, absent, None, "kotak ditemukan"),
        Err(StoreError::ObjectionRequired { .. })
    ));
    store
        .revoke_signoff(&a, absent, Some(kk), "kotak ditemukan utuh")
        .unwrap();
    assert!(store.absent_forms().unwrap().is_empty());
    assert_eq!(
        store.current_values(&t3, Contest::Dpd).unwrap().absent,
        None
    );
    store
        .agree_form(&a, None, &t3, Contest::Dpd, Some(kk), None)
        .unwrap();
    assert_eq!(
        store.current_values(&t3, Contest::Dpd).unwrap().state,
        FormState::Agreed
    );
    // Recorded again while agreed: refused.
    assert!(matches!(
        store.record_absent_form(&a, None, &t3, Contest::Dpd, kk, None),
        Err(StoreError::FormIsAgreed { .. })
    ));
    // A later figure un-agrees the form; then it may be recorded absent again.
    store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(&t3, Contest::Dpd, FieldKey::SuaraSah, 1)
                .with_reason("pembetulan")
                .with_objection(kk)],
        )
        .unwrap();
    store
        .record_absent_form(&a, None, &t3, Contest::Dpd, kk, None)
        .unwrap();
    assert_eq!(store.absent_forms().unwrap().len(), 1);
    assert!(store.verify().unwrap().is_ok());
}
