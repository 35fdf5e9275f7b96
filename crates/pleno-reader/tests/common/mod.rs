//! Synthetic fixtures for the reader's tests: consistent forms photographed by pleno-synth.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use pleno_core::consistent::{Turnout, build_form};
use pleno_core::rules::Finding;
use pleno_core::rules::form::check_page;
use pleno_core::template::Template;
use pleno_core::{Catalogue, Contest, FieldKey, FormValues};
use pleno_reader::{FieldReading, FieldStatus, PageReading, Reader};
use pleno_synth::{Force, Hand, Options, Style, Synth, contest_of, sample_ballot};

pub mod layouts;

pub const CONTESTS: [Contest; 5] = [
    Contest::Ppwp,
    Contest::Dpr,
    Contest::Dpd,
    Contest::DprdProv,
    Contest::DprdKab,
];

pub fn catalogues() -> &'static [Catalogue] {
    static C: OnceLock<Vec<Catalogue>> = OnceLock::new();
    C.get_or_init(|| {
        CONTESTS
            .iter()
            .map(|c| Catalogue::new(&sample_ballot(*c)))
            .collect()
    })
}

pub fn reader() -> &'static Reader {
    static R: OnceLock<Reader> = OnceLock::new();
    R.get_or_init(|| Reader::new().expect("embedded model loads"))
}

fn lcg(seed: &mut u64) -> u32 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    (*seed >> 33) as u32
}

/// A form of `contest` that passes every rule, with figures varied by `seed`.
pub fn form(contest: Contest, seed: u64) -> FormValues {
    let cat = catalogues()
        .iter()
        .find(|c| c.contest == contest)
        .expect("catalogue");
    let mut s = seed.wrapping_add(17);
    let mut r = |lo: u32, hi: u32| lo + lcg(&mut s) % (hi - lo + 1);
    let t = Turnout {
        dpt_l: r(120, 150),
        dpt_p: r(120, 150),
        dpt_used_l: r(60, 100),
        dpt_used_p: r(60, 100),
        dptb_l: r(0, 4),
        dptb_p: r(0, 4),
        dpk_l: r(0, 3),
        dpk_p: r(0, 3),
        disabled_l: r(0, 2),
        disabled_p: r(0, 2),
        spoiled: r(0, 5),
    };
    let voters = t.voters();
    let mut votes = BTreeMap::new();
    let result_keys: Vec<FieldKey> = cat
        .keys()
        .filter(|k| {
            matches!(
                k,
                FieldKey::Paslon(_)
                    | FieldKey::DpdCandidate(_)
                    | FieldKey::PartyVotes(_)
                    | FieldKey::CandidateVotes(..)
            )
        })
        .collect();
    let mut left = voters.saturating_sub(8);
    for k in &result_keys {
        let share = if matches!(k, FieldKey::Paslon(_)) {
            left * r(20, 60) / 100
        } else {
            r(0, 12).min(left)
        };
        let v = share.min(left);
        left -= v;
        votes.insert(*k, v);
    }
    build_form(cat, &t, &votes).expect("consistent form")
}

pub fn template(tag: u16) -> Template {
    let contest = contest_of(tag).expect("contest");
    let cat = catalogues()
        .iter()
        .find(|c| c.contest == contest)
        .expect("catalogue");
    Template::for_tag(tag, cat, None).expect("template")
}

pub struct Shot {
    pub tag: u16,
    pub style: Style,
    pub seed: u64,
    pub force: Force,
    pub tag_override: Option<u16>,
    pub megapixels: f64,
    pub hand: Hand,
}

impl Shot {
    pub fn new(tag: u16, style: Style, seed: u64) -> Shot {
        Shot {
            tag,
            style,
            seed,
            force: Force::default(),
            tag_override: None,
            megapixels: 4.0,
            hand: Hand::Mnist,
        }
    }

    pub fn take(&self) -> Synth {
        let t = template(self.tag);
        let values = form(contest_of(self.tag).expect("contest"), self.seed);
        let mut o = Options::new(self.style, self.seed);
        o.force = self.force;
        o.tag_override = self.tag_override;
        o.hand = self.hand;
        // An exact size is the shot's own; otherwise the fixtures' usual ~4 MP.
        o.megapixels = self.force.size.is_none().then_some(self.megapixels);
        pleno_synth::synth(&t, &values, &o).expect("synth")
    }
}

/// The default acceptance policy of pleno-app, mirrored here (the reader must not depend on
/// the app): every box ≥ 0.98 and the field ≥ 0.97 — or, where the segment reader agrees on
/// every box, every box ≥ 0.90 — read, bubbles and segments not disagreeing, no box smeared
/// by a shake beyond `MAX_SMEAR` of its side.
pub fn acceptable(f: &FieldReading) -> bool {
    let confident = if f.segments_agree == Some(true) {
        f.min_digit_p >= 0.90
    } else {
        f.confidence >= 0.97 && f.min_digit_p >= 0.98
    };
    f.status == FieldStatus::Read
        && confident
        && f.omr_agrees() != Some(false)
        && f.segments_agree != Some(false)
        && f.digits
            .iter()
            .all(|d| d.smear.is_none_or(|s| s <= pleno_reader::MAX_SMEAR))
}

/// Fields that an error rule of the form, checkable from this page alone, finds wrong: the
/// app's policy sends them to a person whatever the model's confidence, as `pleno read` shows
/// in `why_not`. Errors only (the app may also hold fields on warnings), so the tests accept
/// at least as much as the app does.
pub fn broken_on_page(reading: &PageReading) -> BTreeSet<FieldKey> {
    let Some(cat) = reading
        .contest
        .and_then(|c| catalogues().iter().find(|k| k.contest == c))
    else {
        return BTreeSet::new();
    };
    let on_page: BTreeSet<FieldKey> = reading.fields.iter().map(|f| f.key).collect();
    check_page(cat, &reading.form_values(), &on_page)
        .into_iter()
        .filter(Finding::is_error)
        .flat_map(|f| f.fields.into_iter().map(|r| r.key))
        .collect()
}

/// Largest distance (mm) between where the reader cut any field's boxes and where they are on
/// the photo (the truth has paper curl in it).
pub fn placement_error(r: &PageReading, truth: &pleno_synth::Truth) -> f64 {
    let Some(h) = r.homography else {
        return f64::INFINITY;
    };
    let mut worst = 0f64;
    for (f, placed) in r.fields.iter().zip(&r.placed) {
        for (b, t) in placed.iter().zip(&truth.box_centres[&f.key.to_string()]) {
            let c = b.centre();
            let (x, y) = h.apply(c.x, c.y);
            worst = worst.max((x - t[0]).hypot(y - t[1]) / h.scale_at(c.x, c.y));
        }
    }
    worst
}

/// Fields of many pages as the app's policy takes them: read, right, let through without a
/// person (acceptable and no error rule of the page against them), and wrong among those.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub fields: usize,
    pub right: usize,
    pub accepted: usize,
    pub silent: usize,
}

impl Tally {
    pub fn add(&mut self, r: &PageReading, truth: &pleno_synth::Truth) {
        let broken = broken_on_page(r);
        for f in &r.fields {
            let ok = f.value == truth.fields[&f.key.to_string()];
            self.fields += 1;
            self.right += usize::from(ok);
            if acceptable(f) && !broken.contains(&f.key) {
                self.accepted += 1;
                self.silent += usize::from(!ok);
            }
        }
    }
}
