//! Property tests: aggregation is associative, rules never panic, a consistent form passes
//! every rule, and changing any one field of it makes a rule over that field fail.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use std::collections::BTreeMap;

use pleno_core::consistent::{Turnout, build_form};
use pleno_core::misread::{Options, suggest};
use pleno_core::recap::Totals;
use pleno_core::rules::form::{check_form, constraints};
use pleno_core::rules::tps::check_tps;
use pleno_core::rules::{Op, Severity};
use pleno_core::{Catalogue, Contest, FieldKey, FormValues};
use proptest::prelude::*;

fn contest() -> impl Strategy<Value = Contest> {
    prop::sample::select(Contest::ALL.to_vec())
}

/// Turnout of a domestic TPS: DPT ≤ 280, everyone who voted fits within the DPT.
fn turnout() -> impl Strategy<Value = Turnout> {
    (20u32..140, 20u32..140)
        .prop_flat_map(|(dl, dp)| {
            (
                Just(dl),
                Just(dp),
                0..=dl,
                0..=dp,
                0u32..4,
                0u32..4,
                0u32..3,
                0u32..3,
                0u32..3,
            )
        })
        .prop_map(|(dl, dp, ul, up, bl, bp, kl, kp, spoiled)| {
            // Keep DPTb + DPK inside the DPT so R17 (votes ≤ 1,02 × DPT) holds.
            let ul = ul.min(dl.saturating_sub(bl + kl));
            let up = up.min(dp.saturating_sub(bp + kp));
            let (bl, kl) = if ul + bl + kl > dl { (0, 0) } else { (bl, kl) };
            let (bp, kp) = if up + bp + kp > dp { (0, 0) } else { (bp, kp) };
            let mut t = Turnout {
                dpt_l: dl,
                dpt_p: dp,
                dpt_used_l: ul,
                dpt_used_p: up,
                dptb_l: bl,
                dptb_p: bp,
                dpk_l: kl,
                dpk_p: kp,
                disabled_l: (ul + bl + kl).min(2),
                disabled_p: (up + bp + kp).min(1),
                spoiled,
            };
            // Spoiled ballots come out of the 2 % reserve: when nearly everyone voted there
            // are fewer to spoil (a whole DPT of 46 voting leaves one).
            t.spoiled = spoiled.min(t.ballots_received().saturating_sub(t.voters()));
            t
        })
}

fn consistent_form() -> impl Strategy<Value = (Catalogue, FormValues)> {
    (contest(), turnout(), 0u32..20, any::<u32>()).prop_map(|(c, t, invalid, seed)| {
        let cat = Catalogue::new(&common::ballot(c, 4));
        let invalid = invalid.min(t.voters());
        let votes = common::spread_votes(&cat, t.voters() - invalid, seed % 97);
        let values = build_form(&cat, &t, &votes).expect("generator keeps forms buildable");
        (cat, values)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn consistent_form_passes_every_rule((cat, values) in consistent_form()) {
        let findings = check_form(&cat, &values);
        prop_assert!(findings.is_empty(), "{:#?}", findings);
    }

    #[test]
    fn changing_one_field_breaks_a_rule_over_it(
        (cat, values) in consistent_form(),
        pick in any::<prop::sample::Index>(),
        delta in prop_oneof![1i64..5, -5i64..0, 100i64..600],
    ) {
        let keys: Vec<FieldKey> = cat.keys().collect();
        let key = keys[pick.index(keys.len())];
        let old = i64::from(values.get(key).unwrap());
        let new = (old + delta).max(0);
        prop_assume!(new != old);
        let mut broken = values.clone();
        broken.set(key, u32::try_from(new).unwrap());
        let findings = check_form(&cat, &broken);
        prop_assert!(
            findings.iter().any(|f| f.severity == Severity::Error && f.involves(cat.contest, key)),
            "changing {} from {} to {} went unnoticed: {:#?}", key, old, new, findings
        );
    }

    #[test]
    fn rules_never_panic_on_any_input(
        c in contest(),
        raw in prop::collection::vec((any::<prop::sample::Index>(), 0u32..5000, any::<bool>()), 0..80),
    ) {
        let cat = Catalogue::new(&common::ballot(c, 3));
        let keys: Vec<FieldKey> = cat.keys().collect();
        let values: FormValues = raw
            .iter()
            .filter(|(_, _, keep)| *keep)
            .map(|(i, v, _)| (keys[i.index(keys.len())], *v))
            .collect();
        let _ = check_form(&cat, &values);
        let _ = check_tps(None, &[(&cat, &values)]);
        let opts = Options { node_limit: 2_000, ..Options::default() };
        let report = suggest(&cat, &values, &opts);
        // Whatever it suggests must not touch fields that were never read.
        for s in &report.suggestions {
            for ch in &s.changes {
                prop_assert!(values.get(ch.key).is_some());
            }
        }
    }

    #[test]
    fn aggregation_is_associative(
        forms in prop::collection::vec(consistent_form(), 1..12),
        cut_a in any::<prop::sample::Index>(),
        cut_b in any::<prop::sample::Index>(),
    ) {
        let single: Vec<Totals> = forms.iter().map(|(_, v)| {
            let mut t = Totals::default();
            t.add_form(v);
            t
        }).collect();
        let (i, j) = {
            let a = cut_a.index(single.len() + 1);
            let b = cut_b.index(single.len() + 1);
            (a.min(b), a.max(b))
        };
        let sum = |part: &[Totals]| {
            let mut t = Totals::default();
            for x in part { t.add(x); }
            t
        };
        // ((first ⊕ middle) ⊕ last) == (first ⊕ (middle ⊕ last)) == all at once.
        let mut left = sum(&single[..i]);
        left.add(&sum(&single[i..j]));
        left.add(&sum(&single[j..]));
        let mut right = sum(&single[j..]);
        right.add(&sum(&single[i..j]));
        right.add(&sum(&single[..i]));
        let mut flat = Totals::default();
        for (_, v) in &forms { flat.add_form(v); }
        prop_assert_eq!(&left, &flat);
        prop_assert_eq!(&right, &flat);
    }
}

#[test]
fn every_field_is_tied_by_an_equality() {
    // The mutation property above relies on this: each field sits in some error equality.
    for c in Contest::ALL {
        let cat = Catalogue::new(&common::ballot(c, 4));
        let mut tied: BTreeMap<FieldKey, usize> = BTreeMap::new();
        for k in constraints(&cat)
            .iter()
            .filter(|k| k.op == Op::Eq && k.severity == Severity::Error)
            .flat_map(pleno_core::rules::Constraint::vars)
        {
            *tied.entry(k).or_default() += 1;
        }
        for key in cat.keys() {
            assert!(tied.contains_key(&key), "{c}: {key} is in no equality");
        }
    }
}
