//! Ballots and forms shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use pleno_core::ballot::{Ballot, BallotItems, Candidate, PartyList, parties_for};
use pleno_core::consistent::{Turnout, build_form};
use pleno_core::{Catalogue, Contest, FieldKey, FormValues};

pub fn candidates(n: u8) -> Vec<Candidate> {
    (1..=n)
        .map(|nomor| Candidate {
            nomor,
            name: format!("Calon {nomor}"),
            gender: None,
        })
        .collect()
}

/// A ballot for `contest` with `per_party` candidates per party (or DPD candidates).
pub fn ballot(contest: Contest, per_party: u8) -> Ballot {
    let items = match contest {
        Contest::Ppwp => return Ballot::ppwp_2024(),
        Contest::Dpd => BallotItems::Candidates(candidates(per_party)),
        _ => BallotItems::Parties(
            parties_for(contest, "33")
                .into_iter()
                .map(|party| PartyList {
                    party,
                    candidates: candidates(per_party),
                })
                .collect(),
        ),
    };
    Ballot {
        contest,
        dapil: None,
        items,
    }
}

/// Spreads `valid` votes over the independent result rows of `cat`, deterministically.
pub fn spread_votes(cat: &Catalogue, valid: u32, seed: u32) -> BTreeMap<FieldKey, u32> {
    let rows: Vec<FieldKey> = cat
        .keys()
        .filter(|k| k.is_result() && !matches!(k, FieldKey::PartyTotal(_)))
        .collect();
    let mut out = BTreeMap::new();
    let mut left = valid;
    for (i, k) in rows.iter().enumerate() {
        let share = if i + 1 == rows.len() {
            left
        } else {
            (left * ((seed + i as u32 * 7) % 5 + 1) / 10).min(left)
        };
        out.insert(*k, share);
        left -= share;
    }
    out
}

/// A consistent form of `contest` for turnout `t` with `invalid` invalid votes.
pub fn form(contest: Contest, t: &Turnout, invalid: u32) -> (Catalogue, FormValues) {
    let cat = Catalogue::new(&ballot(contest, 5));
    let votes = spread_votes(&cat, t.voters() - invalid, 3);
    let values = build_form(&cat, t, &votes).expect("consistent form");
    (cat, values)
}

pub fn turnout() -> Turnout {
    Turnout {
        dpt_l: 110,
        dpt_p: 120,
        dpt_used_l: 90,
        dpt_used_p: 100,
        dptb_l: 3,
        dptb_p: 2,
        dpk_l: 1,
        dpk_p: 2,
        disabled_l: 1,
        disabled_p: 1,
        spoiled: 2,
    }
}
