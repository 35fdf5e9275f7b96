//! The real 2024 misreads of docs/domain.md §3.4 and §6.3: the suggestion search must find the
//! figures written on the paper from what SIREKAP read, or at least point at the right fields.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::collections::BTreeMap;

use pleno_core::ballot::{Ballot, BallotItems, Candidate, PartyList, parties_for};
use pleno_core::consistent::{Turnout, build_form};
use pleno_core::misread::{Options, Pattern, suggest};
use pleno_core::rules::form::check_form;
use pleno_core::{Catalogue, Contest, FieldKey, FormValues, RuleId};

fn turnout(dpt: (u32, u32), used: (u32, u32), dpk: (u32, u32)) -> Turnout {
    Turnout {
        dpt_l: dpt.0,
        dpt_p: dpt.1,
        dpt_used_l: used.0,
        dpt_used_p: used.1,
        dpk_l: dpk.0,
        dpk_p: dpk.1,
        ..Turnout::default()
    }
}

fn ppwp_form(t: &Turnout, votes: [u32; 3]) -> (Catalogue, FormValues) {
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let v: BTreeMap<FieldKey, u32> = (1..=3u8)
        .map(|n| (FieldKey::Paslon(n), votes[usize::from(n) - 1]))
        .collect();
    let values = build_form(&cat, t, &v).unwrap();
    assert!(
        check_form(&cat, &values).is_empty(),
        "fixture must be consistent"
    );
    (cat, values)
}

fn misread(values: &FormValues, reads: &[(FieldKey, u32)]) -> FormValues {
    let mut v = values.clone();
    for (k, x) in reads {
        v.set(*k, *x);
    }
    v
}

fn top_fix(cat: &Catalogue, values: &FormValues) -> BTreeMap<FieldKey, u32> {
    let report = suggest(cat, values, &Options::default());
    let best = report.suggestions.first().expect("a suggestion");
    best.changes.iter().map(|c| (c.key, c.to)).collect()
}

#[test]
fn batam_176_302_404_849_is_103_104_19() {
    // Turnout 227 = 210 DPT + 17 DPK; valid 226, invalid 1 (detik, 16 Feb 2024).
    let t = turnout((130, 135), (100, 110), (8, 9));
    let (cat, truth) = ppwp_form(&t, [103, 104, 19]);
    assert_eq!(truth.get(FieldKey::SuaraSah), Some(226));
    assert_eq!(truth.get(FieldKey::SuaraTidakSah), Some(1));
    let read = misread(
        &truth,
        &[
            (FieldKey::Paslon(1), 302),
            (FieldKey::Paslon(2), 404),
            (FieldKey::Paslon(3), 849),
        ],
    );
    let findings = check_form(&cat, &read);
    assert!(findings.iter().any(|f| f.rule == RuleId::R8));
    assert!(findings.iter().any(|f| f.rule == RuleId::R14));

    let fix = top_fix(&cat, &read);
    assert_eq!(fix.get(&FieldKey::Paslon(1)), Some(&103));
    assert_eq!(fix.get(&FieldKey::Paslon(2)), Some(&104));
    assert_eq!(fix.get(&FieldKey::Paslon(3)), Some(&19));
    // Suggestions are never applied.
    assert_eq!(read.get(FieldKey::Paslon(1)), Some(302));
}

#[test]
fn batam_176_without_totals_only_points_at_the_fields() {
    let t = turnout((130, 135), (100, 110), (8, 9));
    let (cat, truth) = ppwp_form(&t, [103, 104, 19]);
    // Only page 2 was read: nothing ties the three figures together except R14.
    let read: FormValues = [
        (FieldKey::Paslon(1), 302),
        (FieldKey::Paslon(2), 404),
        (FieldKey::Paslon(3), 849),
    ]
    .into_iter()
    .collect();
    let _ = truth;
    let report = suggest(&cat, &read, &Options::default());
    let keys: Vec<FieldKey> = report.suspects.iter().map(|s| s.key).collect();
    assert!(keys.contains(&FieldKey::Paslon(1)) && keys.contains(&FieldKey::Paslon(3)));
    let p2 = report
        .suspects
        .iter()
        .find(|s| s.key == FieldKey::Paslon(2))
        .unwrap();
    assert!(p2.alternatives.iter().any(|(v, _)| *v == 104), "{p2:?}");
}

#[test]
fn kalibaru_152_read_as_652() {
    // Banyuwangi, Kalibaru TPS 026 Kebonrejo: 32 / 152 / 19 (jatimnet, 17 Feb 2024).
    let t = turnout((140, 138), (100, 101), (2, 3));
    let (cat, truth) = ppwp_form(&t, [32, 152, 19]);
    let read = misread(&truth, &[(FieldKey::Paslon(2), 652)]);
    let fix = top_fix(&cat, &read);
    assert_eq!(fix, BTreeMap::from([(FieldKey::Paslon(2), 152)]));
    let report = suggest(&cat, &read, &Options::default());
    assert_eq!(
        report.suggestions[0].changes[0].pattern,
        Pattern::LeadingOneReadAsDigit
    );
    assert!(report.suggestions[0].text_id.contains("652 → 152"));
}

#[test]
fn banyuanyar_107_read_as_507() {
    let t = turnout((120, 125), (105, 110), (2, 2));
    let (cat, truth) = ppwp_form(&t, [107, 88, 24]);
    let read = misread(&truth, &[(FieldKey::Paslon(1), 507)]);
    assert_eq!(
        top_fix(&cat, &read),
        BTreeMap::from([(FieldKey::Paslon(1), 107)])
    );
}

#[test]
fn cianjur_094_222_884_817_is_112_84_17() {
    let t = turnout((120, 130), (100, 112), (2, 3));
    let (cat, truth) = ppwp_form(&t, [112, 84, 17]);
    let read = misread(
        &truth,
        &[
            (FieldKey::Paslon(1), 222),
            (FieldKey::Paslon(2), 884),
            (FieldKey::Paslon(3), 817),
        ],
    );
    let fix = top_fix(&cat, &read);
    assert_eq!(
        fix,
        BTreeMap::from([
            (FieldKey::Paslon(1), 112),
            (FieldKey::Paslon(2), 84),
            (FieldKey::Paslon(3), 17)
        ])
    );
}

fn dpd_ballot(n: u8) -> Ballot {
    Ballot {
        contest: Contest::Dpd,
        dapil: None,
        items: BallotItems::Candidates(
            (1..=n)
                .map(|nomor| Candidate {
                    nomor,
                    name: format!("Calon DPD {nomor}"),
                    gender: None,
                })
                .collect(),
        ),
    }
}

#[test]
fn banyuwangi_sobo_017_dpd_flags_every_inflated_field() {
    // 13 candidates, 229 voters, 193 valid, 36 invalid (Tempo, 18 Feb 2024).
    let truth_votes = [11, 35, 17, 23, 19, 22, 1, 3, 2, 37, 1, 20, 2];
    let sirekap = [826, 35, 68, 823, 887, 22, 44, 883, 2, 37, 6, 820, 282];
    let cat = Catalogue::new(&dpd_ballot(13));
    let t = turnout((140, 150), (110, 115), (2, 2));
    let votes: BTreeMap<FieldKey, u32> = (1..=13u8)
        .map(|n| (FieldKey::DpdCandidate(n), truth_votes[usize::from(n) - 1]))
        .collect();
    let truth = build_form(&cat, &t, &votes).unwrap();
    assert_eq!(truth.get(FieldKey::SuaraSah), Some(193));
    assert_eq!(truth.get(FieldKey::SuaraTidakSah), Some(36));
    let reads: Vec<(FieldKey, u32)> = (1..=13u8)
        .map(|n| (FieldKey::DpdCandidate(n), sirekap[usize::from(n) - 1]))
        .collect();
    let read = misread(&truth, &reads);
    assert!(check_form(&cat, &read).iter().any(|f| f.rule == RuleId::R8));

    let report = suggest(&cat, &read, &Options::default());
    // Nine figures are wrong and only one equation ties them: no unique fix exists, and the
    // report must say so rather than pretend.
    assert!(report.ambiguous);
    // Every figure above 300 is a suspect whose cheapest alternative drops the leading digit.
    for (n, read_value) in sirekap.iter().enumerate() {
        if *read_value > 300 {
            let key = FieldKey::DpdCandidate(n as u8 + 1);
            let s = report.suspects.iter().find(|s| s.key == key).unwrap();
            let first = s.alternatives.first().unwrap().0;
            assert_eq!(first, read_value % 100, "{key}: {s:?}");
        }
    }
    // 823 → 23 and 820 → 20 are exactly the paper figures.
    let alt = |n: u8| {
        report
            .suspects
            .iter()
            .find(|s| s.key == FieldKey::DpdCandidate(n))
            .unwrap()
            .alternatives[0]
            .0
    };
    assert_eq!(alt(4), 23);
    assert_eq!(alt(12), 20);
    // Any complete fix offered sums to the valid total again.
    for s in &report.suggestions {
        let mut fixed = read.clone();
        for c in &s.changes {
            fixed.set(c.key, c.to);
        }
        let sum: u32 = (1..=13u8)
            .map(|n| fixed.get(FieldKey::DpdCandidate(n)).unwrap())
            .sum();
        assert_eq!(sum, 193);
    }
}

#[test]
fn cilegon_psi_party_votes_50_and_69_are_0_and_1() {
    // Cilegon, Bulakan, DPR: PSI party-only votes 0 read as 50, 1 read as 69 (merdeka).
    let lists: Vec<PartyList> = parties_for(Contest::Dpr, "36")
        .into_iter()
        .map(|party| PartyList {
            candidates: (1..=6)
                .map(|n| Candidate {
                    nomor: n,
                    name: format!("Calon {n}"),
                    gender: None,
                })
                .collect(),
            party,
        })
        .collect();
    let ballot = Ballot {
        contest: Contest::Dpr,
        dapil: None,
        items: BallotItems::Parties(lists),
    };
    let cat = Catalogue::new(&ballot);
    let t = turnout((120, 125), (90, 95), (1, 1));
    for (paper, sirekap, candidate_vote) in
        [(0u32, 50u32, 1u32), (1, 69, 0), (0, 58, 1), (0, 45, 1)]
    {
        let mut votes = BTreeMap::new();
        votes.insert(FieldKey::PartyVotes(15), paper);
        votes.insert(FieldKey::CandidateVotes(15, 2), candidate_vote);
        // Other parties take the rest of the votes.
        votes.insert(FieldKey::PartyVotes(2), 60);
        votes.insert(FieldKey::CandidateVotes(3, 1), 70);
        votes.insert(FieldKey::CandidateVotes(4, 1), 40);
        let truth = build_form(&cat, &t, &votes).unwrap();
        assert!(check_form(&cat, &truth).is_empty());
        let read = misread(&truth, &[(FieldKey::PartyVotes(15), sirekap)]);
        assert!(check_form(&cat, &read).iter().any(|f| f.rule == RuleId::R9));
        let fix = top_fix(&cat, &read);
        assert_eq!(
            fix,
            BTreeMap::from([(FieldKey::PartyVotes(15), paper)]),
            "PSI {paper} read as {sirekap}"
        );
    }
}

#[test]
fn a_consistent_form_gets_no_suggestion() {
    let t = turnout((74, 82), (65, 75), (1, 1));
    let (cat, values) = ppwp_form(&t, [40, 60, 36]);
    let report = suggest(&cat, &values, &Options::default());
    assert!(report.suggestions.is_empty() && report.suspects.is_empty());
}

#[test]
fn the_bubbles_are_offered_when_they_hold_with_the_form() {
    use pleno_core::misread::{BubbleRead, bubble_suggestion};
    // The real page read 087/091/022 as 777/771/777 from guide-traced boxes; its bubbles
    // were right.
    let t = turnout((120, 110), (95, 100), (3, 5));
    let (cat, truth) = ppwp_form(&t, [87, 91, 22]);
    let read = misread(
        &truth,
        &[
            (FieldKey::Paslon(1), 777),
            (FieldKey::Paslon(2), 771),
            (FieldKey::Paslon(3), 777),
        ],
    );
    let reads = [
        BubbleRead {
            key: FieldKey::Paslon(1),
            boxes: Some(777),
            bubbles: 87,
        },
        BubbleRead {
            key: FieldKey::Paslon(2),
            boxes: Some(771),
            bubbles: 91,
        },
        BubbleRead {
            key: FieldKey::Paslon(3),
            boxes: None,
            bubbles: 22,
        },
    ];
    let s = bubble_suggestion(&cat, &read, &reads).expect("the bubbles are offered");
    let fix: BTreeMap<FieldKey, u32> = s.changes.iter().map(|c| (c.key, c.to)).collect();
    assert_eq!(fix[&FieldKey::Paslon(1)], 87);
    assert_eq!(fix[&FieldKey::Paslon(3)], 22);
    assert!(
        s.changes
            .iter()
            .all(|c| c.pattern == Pattern::BubblesDiffer)
    );
    assert!(s.text_id.contains("tak terbaca"), "{}", s.text_id);
    // Bubbles that break the form's arithmetic (V.A = Σ IV) are not offered.
    let wrong = [BubbleRead {
        key: FieldKey::Paslon(1),
        boxes: Some(777),
        bubbles: 88,
    }];
    assert!(bubble_suggestion(&cat, &read, &wrong).is_none());
    // Boxes and bubbles that agree offer nothing.
    let same = [BubbleRead {
        key: FieldKey::Paslon(1),
        boxes: Some(87),
        bubbles: 87,
    }];
    assert!(bubble_suggestion(&cat, &truth, &same).is_none());
}
