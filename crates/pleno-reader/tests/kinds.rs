//! A contest Pleno has no code for — a Pilkada result page — defined by data
//! (`assets/kinds/pilkada-bupati.json`, with the office's own number of pairs), its sheet
//! calibrated from one blank render and named by a script, then phone photos of it read
//! through the whole pipeline and checked by the kind's own rules: every field right or held
//! for a person, none accepted wrongly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::layouts::{MM, compare_dated, name_as_printed, sheet};
use common::{acceptable, catalogues, reader, template};
use pleno_core::kind::{ContestKind, KindSpec};
use pleno_core::template::{Layout, Template};
use pleno_core::{FieldKey, FormValues};
use pleno_print::form::{Fit, blank_raster};
use pleno_reader::calibrate::detect;
use pleno_reader::{Identity, PageReading, ReadOptions, Rejection};
use pleno_synth::{Options, Style};

const PILKADA: &str = include_str!("../../../assets/kinds/pilkada-bupati.json");
/// Page 2 of kind type 7.
const PAGE: u16 = 702;

fn kind(pairs: usize) -> ContestKind {
    let mut spec: KindSpec = serde_json::from_str(PILKADA).unwrap();
    spec.participants = (1..=pairs).map(|n| format!("PASLON {n}")).collect();
    ContestKind::new(spec).expect("kind")
}

fn key(s: &str) -> FieldKey {
    s.parse().unwrap()
}

/// A Pilkada result sheet of our own, printed with tag 702: the first `pairs` number rows of
/// `base` hold the pairs' votes, its last three the valid, invalid and total votes.
fn unseen(base: u16, pairs: usize) -> Template {
    let mut t = template(base);
    t.tag_id = PAGE;
    t.layout_id = format!("uji-pilkada-{pairs}-paslon");
    let n = t.fields.len();
    assert!(n >= pairs + 3, "{base} has {n} rows");
    let tail = ["suara_sah", "suara_tidak_sah", "suara_total"];
    let mut fields = Vec::new();
    for (i, f) in t.fields.iter().enumerate() {
        let name = if i < pairs {
            format!("suara_paslon_{}", i + 1)
        } else if i >= n - 3 {
            tail[i + 3 - n].to_string()
        } else {
            continue;
        };
        let mut f = f.clone();
        f.key = key(&name);
        fields.push(f);
    }
    t.fields = fields;
    t
}

/// Detected on a blank render and named with the key printed at each field; `dates` date
/// fields the sheet prints in boxes are found too and dropped by the clerk.
fn calibrated(t: &Template, dates: usize) -> Layout {
    let img = blank_raster(t, Fit::Actual, 6.0);
    let draft = detect(&img, sheet(t), &t.layout_id).expect("detected");
    assert_eq!(draft.report.tag_id, Some(PAGE));
    let worst = compare_dated(t, &draft.layout, dates);
    assert!(worst < MM, "{}: worst {worst:.2} mm", t.layout_id);
    let mut layout = draft.layout;
    name_as_printed(t, &mut layout);
    layout
}

/// Figures that obey the kind's rules, varied by `seed`.
fn figures(pairs: usize, seed: u64) -> FormValues {
    let mut s = seed.wrapping_mul(2_654_435_761).wrapping_add(7);
    let mut r = |hi: u64| {
        s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        u32::try_from((s >> 33) % hi).unwrap()
    };
    let mut v = FormValues::new();
    let mut sah = 0;
    for n in 1..=pairs {
        let x = r(180);
        sah += x;
        v.set(key(&format!("suara_paslon_{n}")), x);
    }
    let invalid = r(25);
    v.set(key("suara_sah"), sah);
    v.set(key("suara_tidak_sah"), invalid);
    v.set(key("suara_total"), sah + invalid);
    v
}

#[derive(Debug, Default)]
struct Tally {
    fields: usize,
    right: usize,
    accepted: usize,
    silent: usize,
}

impl Tally {
    /// A field passes as the app's policy would: confident, and no rule of the kind that the
    /// page can check against it.
    fn add(&mut self, k: &ContestKind, r: &PageReading, truth: &pleno_synth::Truth) {
        let on_page: BTreeSet<FieldKey> = r.fields.iter().map(|f| f.key).collect();
        let findings = k.check(&r.form_values(), &on_page);
        for f in &r.fields {
            let ok = f.value == truth.fields[&f.key.to_string()];
            self.fields += 1;
            self.right += usize::from(ok);
            if acceptable(f) && !findings.iter().any(|x| x.involves(f.key)) {
                self.accepted += 1;
                self.silent += usize::from(!ok);
            }
        }
    }
}

fn read_photos(base: u16, dates: usize, pairs: usize, seeds: std::ops::Range<u64>) -> Tally {
    let t = unseen(base, pairs);
    let layouts = vec![(PAGE, calibrated(&t, dates))];
    let kinds = vec![kind(pairs)];
    let mut opts = ReadOptions::new(catalogues());
    opts.calibrated = &layouts;
    opts.kinds = &kinds;
    let mut tally = Tally::default();
    for seed in seeds {
        let mut o = Options::new(Style::Phone, seed);
        o.megapixels = Some(4.0);
        let s = pleno_synth::synth(&t, &figures(pairs, seed), &o).expect("synth");
        let r = reader().read(&s.jpeg, &opts);
        assert!(r.rejected.is_none(), "seed {seed}: {:?}", r.rejected);
        assert_eq!(r.tag_id, Some(PAGE));
        assert_eq!(r.identity, Some(Identity::Tag));
        assert_eq!(r.kind.as_deref(), Some("pilkada-bupati"));
        assert_eq!(r.contest, None);
        assert_eq!(r.fields.len(), pairs + 3, "seed {seed}");
        tally.add(&kinds[0], &r, &s.truth);
    }
    tally
}

/// Five pairs on a plano-sized sheet (drawn from the DPD page's eight rows) and two pairs on
/// an A4 sheet (from the PPWP salinan's six rows): 10 photos each.
#[test]
fn a_pilkada_page_defined_by_data_is_calibrated_read_and_checked() {
    let five = read_photos(302, 0, 5, 700..710);
    eprintln!("pilkada 5 paslon (plano): {five:?}");
    let two = read_photos(1102, 3, 2, 720..730);
    eprintln!("pilkada 2 paslon (A4): {two:?}");
    for t in [&five, &two] {
        assert_eq!(t.silent, 0, "{t:?}");
        // Floors for 50–80 fields (a field is 1–3 handwritten digits at 4 MP); the figures
        // measured are in docs/contest-kinds.md.
        assert!(t.right * 100 >= t.fields * 90, "{t:?}");
        assert!(t.accepted * 100 >= t.fields * 55, "{t:?}");
    }
    assert_eq!(five.fields, 10 * 8);
    assert_eq!(two.fields, 10 * 5);
}

/// Without the kind the same photo is an unknown page; a layout whose fields are not the
/// kind's page is not used for it.
#[test]
fn a_kind_page_needs_the_kind_and_a_layout_holding_its_fields() {
    let t = unseen(1102, 3);
    let mut o = Options::new(Style::Phone, 740);
    o.megapixels = Some(4.0);
    let s = pleno_synth::synth(&t, &figures(3, 740), &o).expect("synth");
    let layouts = vec![(PAGE, calibrated(&t, 3))];
    let mut opts = ReadOptions::new(catalogues());
    opts.calibrated = &layouts;
    let r = reader().read(&s.jpeg, &opts);
    assert!(
        matches!(r.rejected, Some(Rejection::UnknownPage { tag: PAGE })),
        "{:?}",
        r.rejected
    );
    // The office's file says four pairs: the three-pair sheet does not hold its fields.
    let four = vec![kind(4)];
    opts.kinds = &four;
    let r = reader().read(&s.jpeg, &opts);
    assert!(
        matches!(r.rejected, Some(Rejection::UnknownPage { tag: PAGE })),
        "{:?}",
        r.rejected
    );
    let three = vec![kind(3)];
    opts.kinds = &three;
    let r = reader().read(&s.jpeg, &opts);
    assert!(r.rejected.is_none(), "{:?}", r.rejected);
    assert_eq!(r.fields.len(), 6);
}
