//! Sheets printed with an L at each corner instead of marks the reader ships with, and
//! without a tag: the A4 PPWP result sheet (four boxes to each figure) and the administration
//! sheet. Each is calibrated from one blank render (the L's outer angles are its points) and
//! named by a script as a clerk would; phone photos of both, in any turn, are held by their
//! L marks, told apart by their boxes and read: every field right or held, none accepted
//! wrongly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::layouts::{ADMIN, MM, RESULTS, blank_draft, compare_dated, four_box_sheet, named};
use common::{Tally, catalogues, form, reader};
use pleno_core::template::{Layout, MarkShape, Template};
use pleno_reader::frame::Framing;
use pleno_reader::{Identity, ReadOptions};
use pleno_synth::{Options, Style, contest_of};

/// Length of the L's bars, mm.
const ARM: f64 = 12.0;

/// Page `code` as the office prints it: no tag, an L at each corner where the shipped sheet has
/// its checkers, and on the result sheet a fourth box in front of every field.
fn sheet_of(code: u16) -> Template {
    four_box_sheet(code, "uji-siku", MarkShape::Corner, ARM)
}

fn calibrated(t: &Template) -> Layout {
    let draft = blank_draft(t, MarkShape::Corner);
    // The L's outer angles where they are printed, and every box within 1 mm.
    let dates = if t.tag_id == RESULTS { 3 } else { 0 };
    let worst = compare_dated(t, &draft.layout, dates);
    assert!(worst < MM, "{}: worst {worst:.2} mm", t.layout_id);
    named(t, draft.layout)
}

#[test]
fn sheets_with_l_marks_are_held_by_their_angles_and_read() {
    let layouts = vec![
        (RESULTS, calibrated(&sheet_of(RESULTS))),
        (ADMIN, calibrated(&sheet_of(ADMIN))),
    ];
    let mut opts = ReadOptions::new(catalogues());
    opts.calibrated = &layouts;
    let mut t = Tally::default();
    let shots = (0..12)
        .map(|s| (RESULTS, 2100 + s))
        .chain((0..4).map(|s| (ADMIN, 2150 + s)));
    let (mut worst, mut within, mut marks_worst) = (0.0_f64, 0, 0.0_f64);
    let mut turns = std::collections::BTreeSet::new();
    for (code, seed) in shots {
        let values = form(contest_of(code).expect("contest"), seed);
        let mut o = Options::new(Style::Phone, seed);
        o.megapixels = Some(4.0);
        let s = pleno_synth::synth(&sheet_of(code), &values, &o).expect("synth");
        let r = reader().read(&s.jpeg, &opts);
        assert!(r.rejected.is_none(), "{code} seed {seed}: {:?}", r.rejected);
        assert_eq!(r.tag_id, Some(code), "seed {seed}");
        assert_eq!(r.identity, Some(Identity::Structure));
        assert_eq!(r.framing, Some(Framing::Marks));
        assert!(r.timings_ms.contains_key("l_marks"));
        turns.insert(r.orientation);
        let e = common::placement_error(&r, &s.truth);
        // The located page puts each L's angle where the photo shows it.
        let h = r.homography.expect("located");
        let printed = &layouts.iter().find(|l| l.0 == code).expect("installed").1;
        for (c, shown) in printed.marks.centres.iter().zip(&s.truth.corners) {
            let (x, y) = h.apply(c.x, c.y);
            let off = (x - shown[0]).hypot(y - shown[1]) / h.scale_at(c.x, c.y);
            marks_worst = marks_worst.max(off);
        }
        within += usize::from(e <= 1.0);
        worst = worst.max(e);
        t.add(&r, &s.truth);
    }
    eprintln!(
        "sheets with L marks: {t:?}; turns {turns:?}; L angles within {marks_worst:.2} mm; \
         {within} of 16 photos' boxes within 1 mm, worst {worst:.2} mm"
    );
    assert_eq!(t.fields, 12 * 6 + 4 * 22);
    assert_eq!(t.silent, 0);
    // Measured: 154 right, 112 accepted; the angles within 0.31 mm; the boxes of 12 photos
    // within 1 mm, of the others (three of them the text-dense administration sheet) within
    // 1.09 mm, which is the per-box alignment's, not the marks'.
    assert!(t.right * 100 >= t.fields * 90, "{t:?}");
    assert!(marks_worst < 0.5, "L angles {marks_worst:.2} mm off");
    assert!(
        within >= 11 && worst < 1.5,
        "{within} of 16 within 1 mm, worst {worst:.2}"
    );
}
