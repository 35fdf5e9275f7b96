//! Real 2024 paper at the import: a result page photographed in two halves (the half without
//! the tag takes its identity from the other half of the same TPS folder), and a page whose
//! bubbles spell other numbers than its boxes (the bubbles are offered as the first misread
//! suggestion, never accepted unseen; the clerk takes them with S).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use pleno_app::demo::default_assets;
use pleno_app::import::{TypedForm, load_figures};
use pleno_app::queue::{QueueFilter, QueueKind};
use pleno_app::{Who, Workspace};
use pleno_core::catalogue::PageCode;
use pleno_core::misread::Pattern;
use pleno_core::reference::Election;
use pleno_core::template::Template;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Catalogue, Contest, FieldKey, FormValues};
use pleno_store::{PageFilter, PageStatus};
use pleno_synth::{Force, Half, Hand, Options, Style};

mod common;

use common::{drill_workspace, no_progress};

/// The folder an office files TPS `tps`'s photos in.
fn folder(root: &Path, election: &Election, tps: &TpsCode) -> PathBuf {
    let desa = election
        .kecamatan
        .desa
        .iter()
        .find(|d| d.code == tps.desa())
        .unwrap();
    let f = root
        .join(format!("Desa {}", desa.name))
        .join(format!("TPS {:03}", tps.nomor()));
    std::fs::create_dir_all(&f).unwrap();
    f
}

/// Photographs page `code` of the form: whole, as a half, or with other bubbles.
fn shoot(
    election: &Election,
    form: &TypedForm,
    code: u16,
    seed: u64,
    force: Force,
    bubbles: Option<FormValues>,
) -> Vec<u8> {
    let mut o = Options::new(Style::Phone, seed);
    o.megapixels = Some(5.0);
    o.force = force;
    o.bubbles = bubbles;
    shoot_as(election, form, code, &o)
}

/// Photographs page `code` of the form as `o` says.
fn shoot_as(election: &Election, form: &TypedForm, code: u16, o: &Options) -> Vec<u8> {
    let ballot = election.ballot(form.contest).unwrap();
    let cat = Catalogue::new(ballot);
    let t = Template::for_page_with_ballot(PageCode(code), &cat, ballot).unwrap();
    let values: FormValues = form
        .values
        .iter()
        .filter(|(k, _)| t.field(*k).is_some())
        .collect();
    pleno_synth::synth(&t, &values, o).unwrap().jpeg
}

/// A drill workspace and the demo's typed PPWP forms, none of them filed yet.
fn drill_with_ppwp(dir: &Path, who: &Who) -> (Workspace, Election, Vec<TypedForm>) {
    let (ws, hasil, election) = drill_workspace(dir, who);
    let typed = load_figures(&hasil, &election).unwrap();
    let ppwp = typed
        .into_iter()
        .filter(|f| f.contest == Contest::Ppwp)
        .collect();
    (ws, election, ppwp)
}

/// Types in every form of the demo but `photographed`, so that the cross-form rules have
/// their figures and those forms come from their photos alone.
fn type_all_but(ws: &Workspace, who: &Who, photographed: &[&TypedForm]) {
    let skip: Vec<(TpsCode, Contest)> = photographed
        .iter()
        .map(|f| (f.tps.clone(), f.contest))
        .collect();
    ws.import_figures(who, &default_assets().join("demo/hasil.xlsx"), &skip)
        .unwrap();
}

#[test]
fn a_sheet_in_halves_and_bubbles_that_disagree() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let (ws, election, ppwp) = drill_with_ppwp(dir.path(), &who);
    let (halves, slip) = (&ppwp[0], &ppwp[1]);
    type_all_but(&ws, &who, &[halves, slip]);

    let root = dir.path().join("foto");
    // TPS A: pages 1 and 3 whole, page 2 (the tally page, 900 mm tall) in two halves.
    let a = folder(&root, &election, &halves.tps);
    for (code, force, name) in [
        (101, Force::default(), "hal1.jpg"),
        (
            102,
            Force {
                half: Some(Half::Top),
                ..Force::default()
            },
            "hal2-atas.jpg",
        ),
        (
            102,
            Force {
                half: Some(Half::Bottom),
                ..Force::default()
            },
            "hal2-bawah.jpg",
        ),
        (103, Force::default(), "hal3.jpg"),
    ] {
        std::fs::write(
            a.join(name),
            shoot(&election, halves, code, 41 + code as u64, force, None),
        )
        .unwrap();
    }
    // TPS B: the tally page's bubbles blackened with other numbers than the boxes hold — and
    // those are the numbers the rest of the form adds up to.
    let b = folder(&root, &election, &slip.tps);
    let truth: FormValues = slip.values.clone();
    let mut boxes = truth.clone();
    let p1 = truth.get(FieldKey::Paslon(1)).unwrap();
    boxes.set(
        FieldKey::Paslon(1),
        if p1 >= 100 { p1 - 100 } else { p1 + 100 },
    );
    let written = TypedForm {
        values: boxes,
        ..slip.clone()
    };
    for code in [101u16, 102, 103] {
        let bubbles = (code == 102).then(|| truth.clone());
        std::fs::write(
            b.join(format!("hal{}.jpg", code % 100)),
            shoot(
                &election,
                &written,
                code,
                77 + code as u64,
                Force::default(),
                bubbles,
            ),
        )
        .unwrap();
    }

    let report = ws
        .import_photos(
            &who,
            std::slice::from_ref(&root),
            &AtomicBool::new(false),
            &no_progress,
        )
        .unwrap();
    println!("{report:#?}");
    assert_eq!(report.files, 7);
    assert_eq!(report.rejected, 0, "{:?}", report.issues);
    assert_eq!(report.identified, 7);

    // The two halves are one page: both identified as page 102 of TPS A, not duplicates, and
    // between them every field of the tally page has a reading.
    let pages = ws
        .pages(&PageFilter {
            tps: Some(halves.tps.clone()),
            contest: Some(Contest::Ppwp),
            status: Some(PageStatus::Identified),
        })
        .unwrap();
    assert_eq!(
        pages
            .iter()
            .filter(|p| p.page_code == Some(PageCode(102)))
            .count(),
        2
    );
    let form = ws.form(&halves.tps, Contest::Ppwp).unwrap();
    for n in 1..=3u8 {
        let f = form.field(FieldKey::Paslon(n)).unwrap();
        assert!(
            f.reading.is_some(),
            "paslon {n} read from one of the halves"
        );
    }
    let queue = ws.queue(&QueueFilter::default()).unwrap();
    assert!(
        !queue.iter().any(|i| i.kind == QueueKind::DuplicatePage),
        "halves are not duplicates: {queue:#?}"
    );

    // TPS B: not accepted unseen; the bubbles' numbers are the first suggestion, in the queue
    // too; taking it (S) gives the figures the form adds up with.
    let form = ws.form(&slip.tps, Contest::Ppwp).unwrap();
    assert_ne!(form.status, pleno_app::forms::FormStatus::Agreed);
    let first = form.misread.suggestions.first().expect("a suggestion");
    assert!(
        first
            .changes
            .iter()
            .all(|c| c.pattern == Pattern::BubblesDiffer),
        "{first:?}"
    );
    assert_eq!(
        first
            .changes
            .iter()
            .find(|c| c.key == FieldKey::Paslon(1))
            .map(|c| c.to),
        Some(p1)
    );
    let item = queue
        .iter()
        .find(|i| i.tps.as_ref() == Some(&slip.tps) && i.contest == Some(Contest::Ppwp))
        .expect("the form waits in the queue");
    assert!(
        item.reasons[0].starts_with("Gelembung terisi menunjukkan"),
        "{item:?}"
    );
    ws.accept_suggestion(&who, &slip.tps, Contest::Ppwp, 0)
        .unwrap();
    let after = ws.form(&slip.tps, Contest::Ppwp).unwrap();
    assert_eq!(after.values().get(FieldKey::Paslon(1)), Some(p1));
    // The tally page's rules hold with them (V.A = Σ IV); what page 1's boxes were read as
    // is the panel's to check as ever.
    let tally_broken = after.findings.iter().any(|f| {
        f.is_error()
            && f.fields
                .iter()
                .any(|r| matches!(r.key, FieldKey::Paslon(_)))
    });
    assert!(!tally_broken, "{:?}", after.findings);
}

/// A form whose tally page was shot with a shaking hand: its boxes are read and offered, but
/// none is accepted unseen, and the queue says why in the clerk's words; the same form held
/// still is not held for a shake.
#[test]
fn a_shaken_tally_page_waits_for_a_person_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator PPK");
    let (ws, election, ppwp) = drill_with_ppwp(dir.path(), &who);
    // Two forms whose figures break no rule, so that nothing but the shake holds them.
    let clean: Vec<&TypedForm> = ppwp
        .iter()
        .filter(|f| {
            let ballot = election.ballot(f.contest).unwrap();
            pleno_core::rules::form::check_form(&Catalogue::new(ballot), &f.values).is_empty()
        })
        .collect();
    let (still, shaken) = (clean[0], clean[1]);
    type_all_but(&ws, &who, &[still, shaken]);
    let root = dir.path().join("foto");
    for (form, shake_px) in [(still, None), (shaken, Some(10.0))] {
        let f = folder(&root, &election, &form.tps);
        for code in [101u16, 102, 103] {
            // Flat, sharp shots, so that only the shake stands between a page and acceptance;
            // only the tally page shakes (its boxes ~42 px, the shake 10 px long).
            let mut o = Options::new(Style::Clean, 50 + u64::from(code));
            o.hand = Hand::Traced;
            o.megapixels = Some(if code == 102 { 3.0 } else { 10.0 });
            o.force.shake_px = shake_px.filter(|_| code == 102);
            let jpeg = shoot_as(&election, form, code, &o);
            std::fs::write(f.join(format!("hal{}.jpg", code % 100)), jpeg).unwrap();
        }
    }
    let report = ws
        .import_photos(
            &who,
            std::slice::from_ref(&root),
            &AtomicBool::new(false),
            &no_progress,
        )
        .unwrap();
    assert_eq!(
        (report.files, report.rejected),
        (6, 0),
        "{:?}",
        report.issues
    );

    let queue = ws.queue(&QueueFilter::default()).unwrap();
    let item = |tps: &TpsCode| {
        queue
            .iter()
            .find(|i| i.tps.as_ref() == Some(tps) && i.contest == Some(Contest::Ppwp))
    };
    let held = item(&shaken.tps).expect("the shaken form waits in the queue");
    println!("{held:#?}");
    assert_eq!(held.kind, QueueKind::LowConfidence);
    for n in 1..=3u8 {
        assert!(
            held.reasons
                .iter()
                .any(|r| r.starts_with(&format!("{}: foto bergoyang", FieldKey::Paslon(n)))),
            "{:?}",
            held.reasons
        );
    }
    let form = ws.form(&shaken.tps, Contest::Ppwp).unwrap();
    assert_ne!(form.status, pleno_app::forms::FormStatus::Agreed);
    for n in 1..=3u8 {
        let f = form.field(FieldKey::Paslon(n)).unwrap();
        assert!(f.reading.is_some(), "paslon {n} is read and offered");
        assert!(f.entry.is_none(), "paslon {n} is not accepted unseen");
    }
    // Held still, the same page is measured and not held for a shake, whatever else the
    // queue says.
    let max = ws.policy().max_smear;
    let form = ws.form(&still.tps, Contest::Ppwp).unwrap();
    for n in 1..=3u8 {
        let r = form.field(FieldKey::Paslon(n)).unwrap().reading.clone();
        let digits = r.expect("read from the still photo").digits;
        assert!(
            digits.iter().all(|d| d.smear.is_some_and(|s| s <= max)),
            "{digits:?}"
        );
    }
    if let Some(i) = item(&still.tps) {
        assert!(!i.reasons.iter().any(|r| r.contains("bergoyang")), "{i:?}");
    }
}
