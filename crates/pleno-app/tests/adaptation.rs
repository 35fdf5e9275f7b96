//! On-site adaptation through pleno-app: the demo's plenary agreed one desa's photographed
//! forms (their crops labelled); the photos of another desa, read again, are read with the
//! office's crops as prototypes. The class of every box stays the network's, doubt is only cut
//! where the neighbours agree, and what adaptation did is stored with the reading.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use pleno_app::Who;
use pleno_app::demo::{default_assets, run};
use pleno_store::{PageFilter, PageStatus};

#[test]
fn the_offices_agreed_crops_cut_doubt_without_changing_a_digit() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(Some(&default_assets()), dir.path()).unwrap();
    let plenary = report.plenary.clone().unwrap();
    assert!(plenary.labelled_boxes >= 300, "{plenary:?}");
    let ws = pleno_app::Workspace::open(&report.workspace, pleno_app::Mode::ReadWrite).unwrap();
    let stats = ws.crop_stats().unwrap();
    let agreed_desa = &stats.per_desa[0].desa;

    let reader = pleno_reader::Reader::new().unwrap();
    let election = ws.election().unwrap();
    let cats: Vec<pleno_core::Catalogue> = election
        .ballots
        .iter()
        .map(pleno_core::Catalogue::new)
        .collect();
    let who = Who::new("Sekretariat PPK");
    let pages: Vec<_> = ws
        .pages(&PageFilter {
            status: Some(PageStatus::Identified),
            ..PageFilter::default()
        })
        .unwrap()
        .into_iter()
        .filter(|p| {
            p.tps
                .as_ref()
                .is_some_and(|t| &t.desa().to_string() != agreed_desa)
        })
        .collect();
    assert!(
        !pages.is_empty(),
        "the demo photographs forms of other desa too"
    );
    let (mut boxes, mut raised, mut disputed) = (0, 0, 0);
    for page in &pages {
        let bytes = ws.read(|s| s.read_blob(&page.blob)).unwrap();
        // The same photo read by the network alone, as it was on day one.
        let opts = pleno_reader::ReadOptions::new(&cats);
        let alone = reader.read(&bytes, &opts);
        ws.reread_page(&who, page.id, None).unwrap();
        let stored = ws.read(|s| s.readings(page.id)).unwrap();
        for f in &alone.fields {
            let now = stored.iter().rev().find(|r| r.field == f.key).unwrap();
            assert_eq!(now.digits.len(), f.digits.len(), "{}", f.key);
            for (d, n) in f.digits.iter().zip(&now.digits) {
                boxes += 1;
                let class = d.class;
                let adapted_class = n
                    .probabilities
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .unwrap()
                    .0;
                assert_eq!(adapted_class, class, "{} keeps the network's class", f.key);
                match n.adapted.as_ref().map(|a| a.how.as_str()) {
                    Some("raised") => {
                        raised += 1;
                        assert!(n.probabilities[class] >= d.p[class], "{}", f.key);
                        assert!((n.adapted.as_ref().unwrap().network_p - d.p[class]).abs() < 1e-6);
                    }
                    Some("disputed") => disputed += 1,
                    None => assert!((n.probabilities[class] - d.p[class]).abs() < 1e-6),
                    Some(other) => panic!("{other}"),
                }
            }
        }
    }
    println!(
        "{} pages of other desa read again: {boxes} boxes, {raised} raised, {disputed} disputed",
        pages.len()
    );
    assert!(raised > 0, "agreed crops of the same hands near some boxes");
}
