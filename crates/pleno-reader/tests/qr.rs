//! Party pages of a legislative plano print the same table, so without their AprilTag the
//! boxes cannot say which page a photo shows. An office whose sheets print a QR code instead
//! calibrates each page from a blank render (the code's text is kept in the draft and shortened
//! by the clerk to what every sheet shares); photos are then named by the code, whatever TPS
//! the rest of its text names, and read through the whole pipeline.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::layouts::{MM, compare, name_as_printed, sheet};
use common::{Tally, catalogues, form, reader, template};
use pleno_core::template::{Layout, QrSpec, Template};
use pleno_print::form::{Fit, blank_raster};
use pleno_reader::calibrate::detect;
use pleno_reader::{Identity, ReadOptions, Rejection};
use pleno_synth::{Options, Style, contest_of};

/// Two party pages of the DPR plano: the same table, other parties.
const PAGES: [u16; 2] = [202, 203];

/// What every sheet of page `code` prints in its code; a sheet adds its TPS.
fn qr_prefix(code: u16) -> String {
    format!("UJI-QR C.HASIL-DPR HAL {code}")
}

/// Page `code` as sheet `tps` prints it: a QR code where the tag was, no tag.
fn sheet_of(code: u16, tps: u32) -> Template {
    let mut t = template(code);
    t.layout_id = format!("uji-qr-{code}");
    let rect = t.tag.take().expect("plano tag").rect;
    t.qr = Some(QrSpec {
        rect,
        text: format!("{} TPS {tps:03}", qr_prefix(code)),
    });
    t
}

/// The layout detected on a blank render of the page, named as printed, its QR text cut to
/// the part every sheet shares (as the draft's warning asks the clerk to).
fn calibrated(code: u16) -> Layout {
    let t = sheet_of(code, 1);
    let img = blank_raster(&t, Fit::Actual, 4.0);
    let draft = detect(&img, sheet(&t), &t.layout_id).expect("detected");
    assert!(draft.layout.tag.is_none());
    let found = draft.layout.qr.clone().expect("the sample's QR code");
    assert_eq!(found.text, format!("{} TPS 001", qr_prefix(code)));
    assert_eq!(draft.report.qr.as_deref(), Some(found.text.as_str()));
    let printed = t.qr.as_ref().unwrap().rect;
    assert!(
        (found.rect.x - printed.x).abs() < 2.0 * MM && (found.rect.y - printed.y).abs() < 2.0 * MM,
        "{:?} vs {printed:?}",
        found.rect
    );
    assert!(
        draft.report.warnings.iter().any(|w| w.contains("kode QR")),
        "{:?}",
        draft.report.warnings
    );
    // The code's finder rings are no digit boxes.
    let worst = compare(&t, &draft.layout);
    assert!(worst < MM, "{code}: worst {worst:.2} mm");
    let mut layout = draft.layout;
    name_as_printed(&t, &mut layout);
    assert_eq!(layout.fields.len(), t.fields.len());
    layout.qr.as_mut().unwrap().text = qr_prefix(code);
    layout
}

fn photo(code: u16, tps: u32, seed: u64) -> pleno_synth::Synth {
    let values = form(contest_of(code).expect("contest"), seed);
    let o = Options::new(Style::Phone, seed);
    pleno_synth::synth(&sheet_of(code, tps), &values, &o).expect("synth")
}

/// Photos of both pages from several TPS: each named by its code, every field right or held.
/// The same photos with the codes left out of the layouts are refused as ambiguous (their
/// boxes are the same), which is why the code is needed.
#[test]
fn identical_tables_are_told_apart_by_their_qr_codes() {
    let layouts: Vec<(u16, Layout)> = PAGES.iter().map(|&c| (c, calibrated(c))).collect();
    let mut opts = ReadOptions::new(catalogues());
    opts.calibrated = &layouts;
    let blind: Vec<(u16, Layout)> = layouts
        .iter()
        .map(|(c, l)| {
            let mut l = l.clone();
            l.qr = None;
            (*c, l)
        })
        .collect();
    let mut without = ReadOptions::new(catalogues());
    without.calibrated = &blind;
    let mut t = Tally::default();
    for (i, seed) in (0..3).map(|i| (i, 700 + i)) {
        for &code in &PAGES {
            let s = photo(code, 7 + i as u32, seed + u64::from(code));
            let r = reader().read(&s.jpeg, &opts);
            assert!(r.rejected.is_none(), "{code} seed {seed}: {:?}", r.rejected);
            assert_eq!(r.tag_id, Some(code), "seed {seed}");
            assert_eq!(r.identity, Some(Identity::Qr));
            assert_eq!(r.layout.as_deref(), Some(format!("uji-qr-{code}").as_str()));
            assert!(r.timings_ms.contains_key("qr"));
            t.add(&r, &s.truth);
            if i == 0 {
                let r = reader().read(&s.jpeg, &without);
                assert!(
                    matches!(r.rejected, Some(Rejection::StructureAmbiguous { .. })),
                    "{code}: {:?}",
                    r.rejected
                );
            }
        }
    }
    eprintln!("QR-named party pages: {t:?}");
    assert_eq!(t.fields, 3 * 2 * template(202).fields.len());
    assert_eq!(t.silent, 0);
    assert!(t.right * 100 >= t.fields * 95, "{t:?}");
}

/// A code that names no installed page leaves the choice to the boxes (here: ambiguous, so
/// refused), and the clerk's choice still overrides the code.
#[test]
fn a_foreign_code_names_nothing_and_the_clerk_still_decides() {
    let layouts: Vec<(u16, Layout)> = PAGES.iter().map(|&c| (c, calibrated(c))).collect();
    let mut opts = ReadOptions::new(catalogues());
    opts.calibrated = &layouts;
    let mut t = sheet_of(202, 3);
    t.qr.as_mut().unwrap().text = "https://pemilu2024.kpu.go.id/ TPS 003".into();
    let s = pleno_synth::synth(
        &t,
        &form(contest_of(202).unwrap(), 5),
        &Options::new(Style::Phone, 5),
    )
    .expect("synth");
    let r = reader().read(&s.jpeg, &opts);
    assert!(
        matches!(r.rejected, Some(Rejection::StructureAmbiguous { .. })),
        "{:?}",
        r.rejected
    );
    opts.expected_tag = Some(202);
    let r = reader().read(&s.jpeg, &opts);
    assert!(r.rejected.is_none(), "{:?}", r.rejected);
    assert_eq!(r.identity, Some(Identity::Named));
    assert!(!r.timings_ms.contains_key("qr"), "the clerk named the page");
}

/// The code is read where the page map puts it, not searched for over the whole photo; a map
/// that puts it elsewhere finds nothing there.
#[test]
fn the_code_is_read_where_the_page_map_puts_it() {
    let s = photo(203, 9, 41);
    let grey = image::load_from_memory(&s.jpeg).unwrap().to_luma8();
    let rect = sheet_of(203, 9).qr.unwrap().rect;
    let h = pleno_reader::geom::Homography(s.truth.homography);
    let found = pleno_reader::qr::find_at(&grey, &h, rect);
    assert_eq!(
        found.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(),
        [format!("{} TPS 009", qr_prefix(203))]
    );
    // Its corners are on the photo where the map puts the code's.
    let (cx, cy) = h.apply(rect.x + rect.w / 2.0, rect.y + rect.h / 2.0);
    let (mx, my) = found[0]
        .corners
        .iter()
        .fold((0.0, 0.0), |(x, y), c| (x + c.0 / 4.0, y + c.1 / 4.0));
    assert!((mx - cx).hypot(my - cy) < 20.0, "{mx},{my} vs {cx},{cy}");
    let mut away = rect;
    away.y += 60.0;
    assert!(pleno_reader::qr::find_at(&grey, &h, away).is_empty());
}
