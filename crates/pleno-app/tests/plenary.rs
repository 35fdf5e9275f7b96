//! A whole plenary on the demo kecamatan through pleno-app (the API the desktop, the CLI and
//! the HTTP server call): photos imported and read, clean forms accepted by the policy, the
//! planted problems reviewed (a misread fixed through its suggestion, a recount, objections),
//! every desa closed by its chair in two panels, the kecamatan finalised, the documents printed,
//! the bundle exported and imported at KPU Kab/Kota, whose recap must equal the kecamatan's.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::sync::atomic::AtomicBool;

use pleno_app::demo::default_assets;
use pleno_app::demo_photos::{photograph, photographed};
use pleno_app::documents::{PrintOptions, print_all};
use pleno_app::forms::FormStatus;
use pleno_app::import::load_figures;
use pleno_app::queue::{QueueFilter, QueueKind};
use pleno_app::recap::{kabupaten_recap, workspace_recap};
use pleno_app::{CreateOptions, Who, Workspace};
use pleno_core::wilayah::TpsCode;
use pleno_core::{Col, Contest, FieldKey, VoterRow};
use pleno_store::{NewObjection, ObjectionKind, Source};

fn tps(code: &str) -> TpsCode {
    TpsCode::parse(code).unwrap()
}

#[test]
fn a_plenary_from_photos_to_the_kabupaten_recap() {
    let dir = tempfile::tempdir().unwrap();
    let assets = default_assets();
    let hasil = assets.join("demo/hasil.xlsx");
    let secretariat = Who::new("Sekretariat PPK");
    let ws = Workspace::create(
        &dir.path().join("kec"),
        &assets.join("demo/referensi.xlsx"),
        &secretariat,
        &CreateOptions {
            drill: true,
            ..CreateOptions::default()
        },
    )
    .unwrap();
    let election = ws.read(pleno_store::Store::election).unwrap();

    // Persiapan: two panels, each led by a PPK member, desa split between them.
    let org = ws.organisation().unwrap();
    let (chair1, chair2) = (org.members[1].clone(), org.members[2].clone());
    let p1 = ws.add_panel(&secretariat, "Panel 1").unwrap();
    let p2 = ws.add_panel(&secretariat, "Panel 2").unwrap();
    for (i, d) in election.kecamatan.desa.iter().enumerate() {
        ws.assign_desa(&secretariat, if i < 8 { p1 } else { p2 }, &d.code)
            .unwrap();
    }
    ws.set_panel_chair(&secretariat, p1, Some(chair1.0))
        .unwrap();
    ws.set_panel_chair(&secretariat, p2, Some(chair2.0))
        .unwrap();
    let ketua1 = Who::new(&chair1.1.name).in_panel(p1);
    let ketua2 = Who::new(&chair2.1.name).in_panel(p2);

    // Import: typed figures for most TPS, photos for the forms the demo photographs.
    let photo_forms = photographed(&hasil).unwrap();
    let skip: Vec<(TpsCode, Contest)> = photo_forms
        .iter()
        .map(|(t, c, _)| (t.clone(), *c))
        .collect();
    ws.import_figures(&secretariat, &hasil, &skip).unwrap();
    let foto = dir.path().join("foto");
    let files = photograph(&foto, &hasil, &election, &photo_forms).unwrap();
    let photos = ws
        .import_photos(&secretariat, &[foto], &AtomicBool::new(false), &|_| {})
        .unwrap();
    // Poor photos (a corner covered) are refused with a reason; the clerk drags the four
    // corners on the photo and the page is read again.
    assert_eq!(
        photos.identified + photos.rejected,
        files.len(),
        "{:?}",
        photos.issues
    );
    let refused = ws
        .pages(&pleno_store::PageFilter {
            status: Some(pleno_store::PageStatus::Rejected),
            ..pleno_store::PageFilter::default()
        })
        .unwrap();
    assert_eq!(refused.len(), photos.rejected);
    for page in &refused {
        let truth: serde_json::Value = serde_json::from_slice(
            &std::fs::read(
                dir.path()
                    .join(&page.source_path)
                    .with_extension("truth.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let c = &truth["corners"];
        let corners = [0, 1, 2, 3].map(|i| (c[i][0].as_f64().unwrap(), c[i][1].as_f64().unwrap()));
        let view = ws
            .reread_page(&secretariat, page.id, Some(corners))
            .unwrap();
        assert_eq!(view.page.status, pleno_store::PageStatus::Identified);
    }

    // No figure accepted unseen differs from what KPPS wrote.
    let truth = load_figures(&hasil, &election).unwrap();
    let want = |t: &TpsCode, c: Contest| {
        truth
            .iter()
            .find(|f| &f.tps == t && f.contest == c)
            .unwrap()
            .values
            .clone()
    };
    let mut accepted_fields = 0;
    for (t, c, _) in &photo_forms {
        let current = ws.read(|s| s.current_values(t, *c)).unwrap();
        for (k, e) in &current.entries {
            if e.source == Source::OcrAccepted {
                accepted_fields += 1;
                assert_eq!(Some(e.value), want(t, *c).get(*k), "{t} {c} {k}");
            }
        }
    }
    println!(
        "photos: {} pages, {} forms agreed by the policy, {} to review, {accepted_fields} fields accepted unseen",
        files.len(),
        photos.agreed,
        photos.to_review
    );

    let panel_of = |t: &TpsCode| {
        let i = election
            .kecamatan
            .desa
            .iter()
            .position(|d| d.code == t.desa())
            .unwrap();
        if i < 8 { &ketua1 } else { &ketua2 }
    };

    // Review: the photographed forms the policy left, checked against the paper (here: the
    // truth), then the planted cases.
    let recount_photo = tps("3303192001007");
    for (t, c, _) in &photo_forms {
        let view = ws.form(t, *c).unwrap();
        if view.status == FormStatus::Agreed || (t == &recount_photo && *c == Contest::Ppwp) {
            continue;
        }
        let who = panel_of(t);
        for f in &view.fields {
            let right = want(t, *c).get(f.def.key).unwrap_or(0);
            if f.value != Some(right) {
                ws.correct_field(
                    who,
                    t,
                    *c,
                    f.def.key,
                    right,
                    "dibaca dari foto C.Hasil",
                    None,
                )
                .unwrap();
            }
        }
        ws.confirm_form(who, t, *c, true, None).unwrap();
    }

    // 652 → 152 in TLAGAYASA TPS 004 (typed): the misread suggestion, one action.
    let kalibaru = tps("3303192003004");
    ws.accept_suggestion(panel_of(&kalibaru), &kalibaru, Contest::Ppwp, 0)
        .unwrap();
    for (code, contest) in [
        ("3303192005002", Contest::Ppwp),
        ("3303192011003", Contest::Dpd),
    ] {
        let t = tps(code);
        ws.accept_suggestion(panel_of(&t), &t, contest, 0).unwrap();
    }
    let cilegon = tps("3303192009001");
    ws.correct_field(
        panel_of(&cilegon),
        &cilegon,
        Contest::Dpr,
        FieldKey::PartyVotes(15),
        0,
        "C.Hasil tertulis 0",
        None,
    )
    .unwrap();

    // Valid + invalid ≠ turnout (one of them on a photo): recount and enter its result.
    for (code, contest) in [
        ("3303192007006", Contest::Dpr),
        ("3303192001007", Contest::Ppwp),
    ] {
        let t = tps(code);
        let who = panel_of(&t);
        let mut values = want(&t, contest);
        ws.request_recount(who, &t, contest, "V.C tidak sama dengan pengguna hak pilih")
            .unwrap();
        let turnout = values
            .get(FieldKey::Voter(VoterRow::PenggunaTotal, Col::J))
            .unwrap();
        let valid = values.get(FieldKey::SuaraSah).unwrap();
        values.set(FieldKey::SuaraTidakSah, turnout - valid);
        values.set(FieldKey::SuaraTotal, turnout);
        ws.enter_recount(who, &t, contest, &values, "kotak dibuka di depan saksi")
            .unwrap();
    }

    // A saksi objects to the X1 warning; the panel acknowledges it.
    let x1 = tps("3303192012005");
    ws.raise_objection(
        panel_of(&x1),
        &NewObjection {
            kind: ObjectionKind::Keberatan,
            raised_by: "Saksi Partai Golkar".into(),
            saksi: None,
            desa: None,
            tps: Some(x1.clone()),
            contest: Some(Contest::DprdKab),
            fields: vec![FieldKey::Voter(VoterRow::Dpt, Col::L)],
            text: "DPT laki-laki berbeda dengan formulir lain".into(),
        },
    )
    .unwrap();

    // Everything left in the queue is agreed by its panel; forms that never arrived are
    // recorded absent with a kejadian khusus.
    for item in ws.queue(&QueueFilter::default()).unwrap() {
        let (Some(t), Some(c)) = (item.tps.clone(), item.contest) else {
            panic!("page left in the queue: {item:?}");
        };
        assert_ne!(item.kind, QueueKind::RuleError, "{item:?}");
        ws.confirm_form(panel_of(&t), &t, c, true, None).unwrap();
    }
    let recap = ws.read(workspace_recap).unwrap();
    for c in &recap.contests {
        for t in c.kecamatan.completeness.missing.clone() {
            let who = panel_of(&t);
            let o = ws
                .raise_objection(
                    who,
                    &NewObjection {
                        kind: ObjectionKind::KejadianKhusus,
                        raised_by: "PPK".into(),
                        saksi: None,
                        desa: None,
                        tps: Some(t.clone()),
                        contest: Some(c.contest),
                        fields: Vec::new(),
                        text: "formulir tidak diterima dari KPPS".into(),
                    },
                )
                .unwrap();
            ws.record_absent_form(who, &t, c.contest, o, None).unwrap();
        }
    }
    assert!(ws.queue(&QueueFilter::default()).unwrap().is_empty());
    // The plenary decides every objection and incident before the documents are printed.
    for o in ws.objections().unwrap() {
        if o.status == pleno_store::ObjectionStatus::Open {
            let t = o.tps.clone().unwrap();
            ws.resolve_objection(
                panel_of(&t),
                o.id,
                true,
                "dibahas dan diterima dalam rapat pleno",
            )
            .unwrap();
        }
    }

    // Each chair closes the desa of their panel; the other chair may not.
    let first = &election.kecamatan.desa[0].code;
    assert_eq!(
        ws.close_desa(&ketua2, first, None).unwrap_err().code,
        "not_panel_chair"
    );
    for (i, d) in election.kecamatan.desa.iter().enumerate() {
        let who = if i < 8 { &ketua1 } else { &ketua2 };
        ws.close_desa(who, &d.code, None).unwrap();
    }
    ws.finalize_kecamatan(&ketua1, Some("rapat pleno selesai"))
        .unwrap();

    // Print: every document, none refused.
    let out = dir.path().join("dokumen");
    let printed = ws
        .read(|s| Ok(print_all(s, &PrintOptions::all(&out))))
        .unwrap()
        .unwrap();
    assert!(printed.len() >= 11, "{printed:?}");

    // The bundle to KPU Kab/Kota and its recap there.
    let bundle = ws
        .export_bundle(&pleno_app::bundle::ExportOptions {
            dest: Some(dir.path().join("paket.pleno")),
            without_images: false,
            with_crops: false,
        })
        .unwrap();
    let kab = Workspace::create_kabupaten(
        &dir.path().join("kab"),
        std::path::Path::new(&bundle.path),
        &Who::new("Operator KPU Kabupaten"),
        &pleno_app::bundle::KeyTrust {
            fingerprint: Some(bundle.fingerprint.clone()),
            replace: false,
            new_chain: false,
        },
    )
    .unwrap();
    let kab_tables = kab.read(kabupaten_recap).unwrap();
    let kec = ws.read(workspace_recap).unwrap();
    assert_eq!(kab_tables.len(), kec.contests.len());
    for (table, contest) in kab_tables.iter().zip(&kec.contests) {
        assert_eq!(table.total, contest.kecamatan.total, "{}", table.contest);
    }
}
