//! The plenary workflow on the demo kecamatan with typed figures: import, queue, suggestions,
//! corrections, recount, objections, sign-offs — through the same API the UI uses.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use pleno_app::demo::default_assets;
use pleno_app::forms::FormStatus;
use pleno_app::queue::{QueueFilter, QueueKind};
use pleno_app::{CreateOptions, Who, Workspace};
use pleno_core::wilayah::{DesaCode, TpsCode};
use pleno_core::{Contest, FieldKey};
use pleno_store::{NewObjection, ObjectionKind, Source};

fn tps(code: &str) -> TpsCode {
    TpsCode::parse(code).unwrap()
}

fn demo_workspace(dir: &std::path::Path) -> Workspace {
    let who = Who::new("Sekretariat PPK");
    let ws = Workspace::create(
        &dir.join("ws"),
        &default_assets().join("demo/referensi.xlsx"),
        &who,
        &CreateOptions {
            drill: true,
            ..CreateOptions::default()
        },
    )
    .unwrap();
    let report = ws
        .import_figures(&who, &default_assets().join("demo/hasil.xlsx"), &[])
        .unwrap();
    assert_eq!(report.forms, 598);
    assert_eq!(report.agreed, 591);
    assert_eq!(report.to_review, 7);
    ws
}

/// The demo's SIREKAP figures file brought in again, as the secretariat does.
fn import_again(ws: &Workspace) -> pleno_app::figures_import::FiguresReport {
    ws.import_figures(
        &Who::new("Sekretariat PPK"),
        &default_assets().join("demo/hasil.xlsx"),
        &[],
    )
    .unwrap()
}

#[test]
fn import_sends_exactly_the_planted_cases_to_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo_workspace(dir.path());
    let queue = ws.queue(&QueueFilter::default()).unwrap();
    let kinds: Vec<QueueKind> = queue.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == QueueKind::RuleError).count(),
        6,
        "{queue:#?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == QueueKind::Warning).count(),
        1
    );
    assert_eq!(queue.len(), 7);
    // Errors come before warnings.
    assert_eq!(queue.last().unwrap().kind, QueueKind::Warning);
    let summary = ws.summary().unwrap();
    assert_eq!(
        (summary.forms_agreed, summary.tps, summary.desa),
        (591, 120, 15)
    );
    assert!(summary.drill);

    // Re-importing the same file writes nothing new.
    let again = import_again(&ws);
    assert_eq!(again.entries, 0);
    assert_eq!(again.agreed, 0);
}

#[test]
fn a_panel_resolves_every_case_and_closes_the_kecamatan() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo_workspace(dir.path());
    let clerk = Who::new("Siti Aminah");

    // 652 → 152: take the suggestion, then agree.
    let kalibaru = tps("3303192003004");
    let view = ws.form(&kalibaru, Contest::Ppwp).unwrap();
    assert_eq!(
        view.field(FieldKey::Paslon(2)).unwrap().suggestion,
        Some(152)
    );
    assert!(
        ws.confirm_form(&clerk, &kalibaru, Contest::Ppwp, false, None)
            .is_err()
    );
    ws.accept_suggestion(&clerk, &kalibaru, Contest::Ppwp, 0)
        .unwrap();
    ws.confirm_form(&clerk, &kalibaru, Contest::Ppwp, false, None)
        .unwrap();
    let history = ws
        .field_history(&kalibaru, Contest::Ppwp, FieldKey::Paslon(2))
        .unwrap();
    assert_eq!(
        history.iter().map(|e| e.value).collect::<Vec<_>>(),
        vec![652, 152]
    );
    assert_eq!(history[1].source, Source::Clerk);
    assert!(history[1].reason.as_deref().unwrap().contains("652 → 152"));
    // The same SIREKAP file brought in again does not undo the panel's correction.
    let again = import_again(&ws);
    assert_eq!((again.entries, again.kept), (0, 1), "{again:?}");
    assert_eq!(
        ws.form(&kalibaru, Contest::Ppwp)
            .unwrap()
            .field(FieldKey::Paslon(2))
            .unwrap()
            .value,
        Some(152)
    );

    // A correction without a reason is refused; with one it is kept.
    let cilegon = tps("3303192009001");
    let err = ws
        .correct_field(
            &clerk,
            &cilegon,
            Contest::Dpr,
            FieldKey::PartyVotes(15),
            0,
            " ",
            None,
        )
        .unwrap_err();
    assert_eq!(err.code, "reason_required");
    ws.correct_field(
        &clerk,
        &cilegon,
        Contest::Dpr,
        FieldKey::PartyVotes(15),
        0,
        "C.Hasil tertulis 0",
        None,
    )
    .unwrap();
    ws.confirm_form(&clerk, &cilegon, Contest::Dpr, false, None)
        .unwrap();

    // 222/884/817 and the DPD 8xx: suggestions again.
    for (code, contest) in [
        ("3303192005002", Contest::Ppwp),
        ("3303192011003", Contest::Dpd),
    ] {
        ws.accept_suggestion(&clerk, &tps(code), contest, 0)
            .unwrap();
        ws.confirm_form(&clerk, &tps(code), contest, false, None)
            .unwrap();
    }

    // Valid + invalid ≠ turnout: recount, then agree the recounted figures.
    for (code, contest) in [
        ("3303192007006", Contest::Dpr),
        ("3303192001007", Contest::Ppwp),
    ] {
        let t = tps(code);
        let view = ws.form(&t, contest).unwrap();
        assert!(view.misread.suggestions.is_empty());
        ws.request_recount(
            &clerk,
            &t,
            contest,
            "V.C tidak sama dengan pengguna hak pilih",
        )
        .unwrap();
        assert_eq!(
            ws.form(&t, contest).unwrap().status,
            FormStatus::RecountPending
        );
        let q = ws
            .queue(&QueueFilter {
                tps: Some(t.clone()),
                ..QueueFilter::default()
            })
            .unwrap();
        assert_eq!(q[0].kind, QueueKind::RecountPending);
        let mut values = view.values();
        let turnout = values
            .get(FieldKey::Voter(
                pleno_core::VoterRow::PenggunaTotal,
                pleno_core::Col::J,
            ))
            .unwrap();
        let valid = values.get(FieldKey::SuaraSah).unwrap();
        values.set(FieldKey::SuaraTidakSah, turnout - valid);
        values.set(FieldKey::SuaraTotal, turnout);
        ws.enter_recount(&clerk, &t, contest, &values, "kotak dibuka di depan saksi")
            .unwrap();
        ws.confirm_form(&clerk, &t, contest, false, None).unwrap();
        let h = ws.field_history(&t, contest, FieldKey::SuaraTotal).unwrap();
        assert_eq!(h.last().unwrap().source, Source::Recount);
    }

    // The X1 warning: a saksi objects, the panel acknowledges and agrees.
    let x1 = tps("3303192012005");
    let err = ws
        .confirm_form(&clerk, &x1, Contest::DprdKab, false, None)
        .unwrap_err();
    assert_eq!(err.code, "warnings_need_acknowledgement");
    ws.raise_objection(
        &clerk,
        &NewObjection {
            kind: ObjectionKind::Keberatan,
            raised_by: "Saksi Partai Golkar".into(),
            saksi: None,
            desa: None,
            tps: Some(x1.clone()),
            contest: Some(Contest::DprdKab),
            fields: vec![FieldKey::Voter(
                pleno_core::VoterRow::Dpt,
                pleno_core::Col::L,
            )],
            text: "DPT laki-laki berbeda dengan formulir lain".into(),
        },
    )
    .unwrap();
    ws.confirm_form(&clerk, &x1, Contest::DprdKab, true, None)
        .unwrap();

    // The missing DPRD forms block the last desa.
    let tegal = DesaCode::parse("3303192015").unwrap();
    let err = ws.close_desa(&clerk, &tegal, None).unwrap_err();
    assert_eq!(err.code, "desa_incomplete", "{err}");
    assert!(ws.queue(&QueueFilter::default()).unwrap().is_empty());
    let desa: Vec<DesaCode> = ws
        .read(pleno_store::Store::election)
        .unwrap()
        .kecamatan
        .desa
        .iter()
        .map(|d| d.code.clone())
        .collect();
    for d in desa.iter().filter(|d| **d != tegal) {
        ws.close_desa(&clerk, d, None).unwrap();
    }
    let err = ws.finalize_kecamatan(&clerk, None).unwrap_err();
    assert_eq!(err.code, "kecamatan_incomplete", "{err}");

    // After closing, a change needs an objection.
    let err = ws
        .correct_field(
            &clerk,
            &kalibaru,
            Contest::Ppwp,
            FieldKey::Paslon(1),
            33,
            "salah tulis",
            None,
        )
        .unwrap_err();
    assert_eq!(err.code, "objection_required", "{err}");
}
