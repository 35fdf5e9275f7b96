//! Big batches: many forms agreed in one transaction, and entry batches that touch many forms
//! (the typed-figures import) with every guard of a single entry kept.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use common::*;
use pleno_core::recap::FormState;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};
use pleno_store::{
    EventFilter, EventKind, NewEntry, NewObjection, ObjectionKind, SignOffKind, Source, Store,
    StoreError,
};

const CONTESTS: [Contest; 3] = [Contest::Ppwp, Contest::Dpr, Contest::Dpd];

fn desa_tps(d: usize) -> Vec<TpsCode> {
    election().kecamatan.desa[d]
        .tps
        .iter()
        .map(|t| t.code.clone())
        .collect()
}

/// Every form of desa `d`, filled in one batch.
fn fill_desa(store: &mut Store, d: usize, base: u32) -> Vec<(TpsCode, Contest)> {
    let mut batch = Vec::new();
    let mut forms = Vec::new();
    for t in desa_tps(d) {
        for c in CONTESTS {
            batch.extend(full_form(store, &t, c, base));
            forms.push((t.clone(), c));
        }
    }
    store.add_entries(&clerk(), None, &batch).unwrap();
    forms
}

fn last_event(store: &Store, kind: EventKind) -> pleno_store::AuditEvent {
    store
        .events(&EventFilter {
            kind: Some(kind),
            limit: 10_000,
            ..Default::default()
        })
        .unwrap()
        .pop()
        .unwrap()
}

#[test]
fn agree_forms_agrees_a_batch_in_one_event_or_refuses_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let forms = fill_desa(&mut store, 0, 4);
    let panel = store.add_panel(&a, "Panel 1").unwrap();

    // Refused batches write nothing: an incomplete form, an unknown TPS, a duplicate, none.
    let t_other = desa_tps(1)[0].clone();
    store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(
                &t_other,
                Contest::Ppwp,
                FieldKey::Paslon(1),
                5,
            )],
        )
        .unwrap();
    let events = event_count(&store);
    let with = |extra: (TpsCode, Contest)| {
        let mut f = forms.clone();
        f.insert(4, extra);
        f
    };
    let cases: Vec<(Vec<(TpsCode, Contest)>, &str)> = vec![
        (with((t_other.clone(), Contest::Ppwp)), "form_incomplete"),
        (with((t_other.clone(), Contest::Dpr)), "form_incomplete"),
        (with((tps("3303212009001"), Contest::Ppwp)), "not_found"),
        (with(forms[2].clone()), "already_signed_off"),
        (vec![], "empty_batch"),
    ];
    for (batch, code) in cases {
        let err = store
            .agree_forms(&a, Some(panel), &batch, None)
            .unwrap_err();
        assert_eq!(err.code(), code, "{err}");
    }
    assert_eq!(event_count(&store), events, "a refused batch logs nothing");
    assert!(store.signoffs().unwrap().is_empty());

    let ids = store
        .agree_forms(&a, Some(panel), &forms, Some(" lolos semua aturan "))
        .unwrap();
    assert_eq!(ids.len(), forms.len());
    assert_eq!(event_count(&store), events + 1, "one event for the batch");
    let signoffs = store.signoffs().unwrap();
    for ((t, c), id) in forms.iter().zip(&ids) {
        let current = store.current_values(t, *c).unwrap();
        assert_eq!(current.state, FormState::Agreed);
        assert_eq!(current.agreed, Some(*id));
        let s = signoffs.iter().find(|s| s.id == *id).unwrap();
        assert_eq!(s.kind, SignOffKind::FormAgreed);
        assert_eq!(s.note.as_deref(), Some("lolos semua aturan"));
        assert_eq!(s.panel, Some(panel));
        assert_eq!(
            s.last_entry,
            Some(current.entries.values().map(|e| e.id).max().unwrap())
        );
    }
    let event = last_event(&store, EventKind::FormAgreed);
    assert_eq!(event.payload["detail"]["count"], forms.len());
    assert_eq!(
        event.payload["detail"]["forms"].as_array().unwrap().len(),
        forms.len()
    );
    assert_eq!(
        event.payload["rows"]["signoff"].as_array().unwrap().len(),
        forms.len(),
        "the payload carries every sign-off row"
    );
    // Agreeing again is refused, and so is the same batch.
    let err = store.agree_forms(&a, None, &forms[..1], None).unwrap_err();
    assert!(matches!(err, StoreError::AlreadySignedOff { .. }), "{err}");

    // A closed desa needs an objection per form, which a batch does not carry.
    let desa = election().kecamatan.desa[0].code.clone();
    store.close_desa(&a, None, &desa, None).unwrap();
    let (t1, _) = forms[0].clone();
    let o = store
        .raise_objection(
            &a,
            None,
            &NewObjection {
                kind: ObjectionKind::Keberatan,
                raised_by: "Saksi".into(),
                saksi: None,
                desa: None,
                tps: Some(t1.clone()),
                contest: Some(Contest::Ppwp),
                fields: vec![FieldKey::Paslon(1)],
                text: "salah tulis".into(),
            },
        )
        .unwrap();
    store
        .add_entries(
            &a,
            None,
            &[NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::Paslon(1), 40)
                .with_reason("keberatan diterima")
                .with_objection(o)],
        )
        .unwrap();
    let err = store
        .agree_forms(&a, None, &[(t1.clone(), Contest::Ppwp)], None)
        .unwrap_err();
    assert!(matches!(err, StoreError::ObjectionRequired { .. }), "{err}");
    store
        .agree_form(&a, None, &t1, Contest::Ppwp, Some(o), None)
        .unwrap();
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn a_batch_over_many_forms_keeps_every_guard_of_a_single_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(dir.path());
    let a = clerk();
    let t1 = desa_tps(0)[0].clone();
    let t2 = desa_tps(0)[1].clone();
    let t4 = desa_tps(1)[0].clone();
    store
        .add_entries(&a, None, &full_form(&store, &t1, Contest::Ppwp, 10))
        .unwrap();

    // Changing a figure already entered needs a reason even deep inside a big batch.
    let mut batch = full_form(&store, &t2, Contest::Dpr, 1);
    batch.extend(full_form(&store, &t4, Contest::Dpd, 1));
    batch.push(NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::Paslon(1), 99));
    let events = event_count(&store);
    let err = store.add_entries(&a, None, &batch).unwrap_err();
    assert!(matches!(err, StoreError::ReasonRequired { .. }), "{err}");
    assert!(err.to_string().contains("menjadi 99"), "{err}");
    assert_eq!(event_count(&store), events);
    assert_eq!(store.all_current_values().unwrap().len(), 1);

    // The same field twice in one batch: the second supersedes the first, and needs a reason.
    let mut batch = full_form(&store, &t2, Contest::Dpr, 1);
    batch.push(NewEntry::clerk(&t2, Contest::Dpr, FieldKey::SuaraSah, 77));
    assert!(matches!(
        store.add_entries(&a, None, &batch),
        Err(StoreError::ReasonRequired { .. })
    ));
    batch.pop();
    batch.push(NewEntry::clerk(&t2, Contest::Dpr, FieldKey::SuaraSah, 77).with_reason("koreksi"));
    batch.push(NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::Paslon(1), 99).with_reason("koreksi"));
    batch.extend(full_form(&store, &t4, Contest::Dpd, 1));
    let ids = store.add_entries(&a, None, &batch).unwrap();
    assert_eq!(ids.len(), batch.len());
    let history = store
        .field_history(&t2, Contest::Dpr, FieldKey::SuaraSah)
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].supersedes, Some(history[0].id));
    assert_eq!(history[1].value, 77);
    let h1 = store
        .field_history(&t1, Contest::Ppwp, FieldKey::Paslon(1))
        .unwrap();
    assert_eq!(
        (h1.len(), h1[1].supersedes, h1[1].value),
        (2, Some(h1[0].id), 99)
    );
    // form_current was rebuilt once per form, from the entries, with the batch's last entry.
    let all = store.all_current_values().unwrap();
    assert_eq!(all.len(), 3);
    for snap in &all {
        let current = store.current_values(&snap.tps, snap.contest).unwrap();
        assert_eq!(snap.values, current.values);
        assert_eq!(
            Some(snap.last_entry),
            current.entries.values().map(|e| e.id).max()
        );
    }
    // The event lists every entry row, in id order, and each touched form once.
    let event = last_event(&store, EventKind::EntriesAdded);
    let rows = event.payload["rows"]["entry"].as_array().unwrap();
    let logged: Vec<i64> = rows.iter().map(|r| r[0].as_i64().unwrap()).collect();
    assert_eq!(logged, ids.iter().map(|i| i.0).collect::<Vec<_>>());
    let forms = event.payload["detail"]["forms"].as_array().unwrap();
    assert_eq!(forms.len(), 3);
    let dpr_fields = store.catalogue(Contest::Dpr).unwrap().fields.len();
    assert!(forms.iter().any(|f| f["tps"] == t2.as_str()
        && f["contest"] == "dpr"
        && f["fields"] == dpr_fields + 1));
    assert_eq!(
        event.payload["detail"]["sources"],
        serde_json::json!(["clerk"])
    );

    // A small batch (fields looked up one by one) chains the same way, and folds its figures
    // into the stored current values of the form.
    let before = store.current_values(&t1, Contest::Ppwp).unwrap().values;
    let small = [
        NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::SuaraTidakSah, 500).with_reason("a"),
        NewEntry::clerk(&t1, Contest::Ppwp, FieldKey::SuaraTidakSah, 501).with_reason("b"),
    ];
    let ids = store.add_entries(&a, None, &small).unwrap();
    let h = store
        .field_history(&t1, Contest::Ppwp, FieldKey::SuaraTidakSah)
        .unwrap();
    assert_eq!(h.last().unwrap().id, ids[1]);
    assert_eq!(h.last().unwrap().supersedes, Some(ids[0]));
    assert_eq!(h[h.len() - 2].supersedes, Some(h[h.len() - 3].id));
    let snap = store
        .all_current_values()
        .unwrap()
        .into_iter()
        .find(|f| f.tps == t1 && f.contest == Contest::Ppwp)
        .unwrap();
    assert_eq!(snap.last_entry, ids[1]);
    for (k, v) in before.iter() {
        let want = if k == FieldKey::SuaraTidakSah { 501 } else { v };
        assert_eq!(snap.values.get(k), Some(want), "{k}");
    }

    // Closed desa: every figure needs an objection that applies to its own TPS, even when the
    // batch cites the same objection for several TPS.
    let desa0 = election().kecamatan.desa[0].code.clone();
    for t in desa_tps(0) {
        for c in CONTESTS {
            let form: Vec<NewEntry> = full_form(&store, &t, c, 10)
                .into_iter()
                .map(|e| e.with_reason("lengkap"))
                .collect();
            store.add_entries(&a, None, &form).unwrap();
        }
    }
    let forms: Vec<(TpsCode, Contest)> = desa_tps(0)
        .into_iter()
        .flat_map(|t| CONTESTS.map(|c| (t.clone(), c)))
        .collect();
    store.agree_forms(&a, None, &forms, None).unwrap();
    store.close_desa(&a, None, &desa0, None).unwrap();
    let o = store
        .raise_objection(
            &a,
            None,
            &NewObjection {
                kind: ObjectionKind::Keberatan,
                raised_by: "Saksi".into(),
                saksi: None,
                desa: None,
                tps: Some(t1.clone()),
                contest: None,
                fields: vec![],
                text: "angka tertukar".into(),
            },
        )
        .unwrap();
    let fix = |t: &TpsCode| {
        NewEntry::new(t, Contest::Ppwp, FieldKey::Paslon(2), 33, Source::Recount)
            .with_reason("hitung ulang")
            .with_objection(o)
    };
    let open_desa = NewEntry::clerk(&t4, Contest::Ppwp, FieldKey::Paslon(1), 3);
    let err = store
        .add_entries(&a, None, &[open_desa.clone(), fix(&t1), fix(&t2)])
        .unwrap_err();
    assert!(
        matches!(err, StoreError::ObjectionNotApplicable { .. }),
        "{err}"
    );
    let err = store
        .add_entries(
            &a,
            None,
            &[
                open_desa.clone(),
                fix(&t1),
                NewEntry::clerk(&t2, Contest::Ppwp, FieldKey::Paslon(2), 10).with_reason("x"),
            ],
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::ObjectionRequired { .. }), "{err}");
    store.add_entries(&a, None, &[open_desa, fix(&t1)]).unwrap();
    assert_eq!(
        store.current_values(&t1, Contest::Ppwp).unwrap().state,
        FormState::Unagreed
    );
    assert!(store.verify().unwrap().is_ok());
}
