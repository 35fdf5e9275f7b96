//! L4, the paper is the reference: a figure recorded before its form was photographed (typed
//! from SIREKAP, imported) that the photo contradicts is shown to a person and cannot be agreed
//! unnoticed; once a clerk has looked at the photo and decided, the warning is settled.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::sync::atomic::AtomicBool;

use pleno_app::Who;
use pleno_app::demo_photos::{photograph, photographed};
use pleno_app::import::load_figures;
use pleno_app::queue::QueueFilter;
use pleno_core::{FieldKey, RuleId};
use pleno_store::Source;

mod common;

use common::{drill_workspace, no_progress};

#[test]
fn a_photo_that_contradicts_an_imported_figure_goes_to_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let (ws, hasil, election) = drill_workspace(dir.path(), &who);
    let all = photographed(&hasil).unwrap();
    let (tps, contest, _) = all[0].clone();
    let truth = load_figures(&hasil, &election)
        .unwrap()
        .into_iter()
        .find(|f| f.tps == tps && f.contest == contest)
        .unwrap()
        .values;

    // What SIREKAP had: two candidates' figures swapped (every sum still holds, so no form rule
    // can see it).
    let (a, b) = (FieldKey::Paslon(1), FieldKey::Paslon(2));
    let (va, vb) = (truth.get(a).unwrap(), truth.get(b).unwrap());
    assert_ne!(
        va, vb,
        "the demo form must have different figures for the two pairs"
    );
    let mut swapped = truth.clone();
    swapped.set(a, vb);
    swapped.set(b, va);
    ws.enter_form(&who, &tps, contest, &swapped, Source::Import, None)
        .unwrap();
    let form = ws.form(&tps, contest).unwrap();
    assert!(form.findings.is_empty(), "{:?}", form.findings);

    // The C.Hasil photographed afterwards reads the paper's figures.
    let files = photograph(&dir.path().join("foto"), &hasil, &election, &all[..1]).unwrap();
    ws.import_photos(&who, &files, &AtomicBool::new(false), &no_progress)
        .unwrap();
    let form = ws.form(&tps, contest).unwrap();
    let l4: Vec<_> = form
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::L4)
        .collect();
    assert_eq!(l4.len(), 2, "{:?}", form.findings);
    for f in &l4 {
        let key = f.fields[0].key;
        assert_eq!(f.actual, Some(i64::from(swapped.get(key).unwrap())));
        assert_eq!(f.expected, Some(i64::from(truth.get(key).unwrap())));
        assert!(f.text_id.contains("foto C.Hasil"), "{}", f.text_id);
    }
    // It is in the queue, and agreeing without looking at the warnings is refused.
    let queue = ws.queue(&QueueFilter::default()).unwrap();
    let item = queue
        .iter()
        .find(|i| i.tps.as_ref() == Some(&tps) && i.contest == Some(contest))
        .expect("the form is queued");
    assert!(item.reasons.iter().any(|r| r.starts_with("L4")), "{item:?}");
    assert!(ws.confirm_form(&who, &tps, contest, false, None).is_err());

    // The clerk compares with the paper and takes the photo's figures: the warnings are
    // settled and the form can be agreed.
    for (key, value) in [(a, va), (b, vb)] {
        ws.correct_field(
            &who,
            &tps,
            contest,
            key,
            value,
            "SIREKAP tertukar; dicocokkan dengan C.Hasil",
            None,
        )
        .unwrap();
    }
    let form = ws.form(&tps, contest).unwrap();
    assert!(form.findings.is_empty(), "{:?}", form.findings);
    ws.confirm_form(&who, &tps, contest, false, None).unwrap();
}
