//! One test per way each rule can fail, on the consistent TPS of docs/domain.md §6.3 A
//! (DPT 156 = 74 L + 82 P; 140 DPT voters + 2 DPK = 142; 136 valid + 6 invalid).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::collections::BTreeMap;

use pleno_core::ballot::{Ballot, BallotItems, Candidate, PartyList, parties_for};
use pleno_core::consistent::{Turnout, build_form};
use pleno_core::rules::form::check_form;
use pleno_core::{Catalogue, Col, Contest, FieldKey, FormValues, RuleId, Severity, VoterRow};

fn case_a() -> Turnout {
    Turnout {
        dpt_l: 74,
        dpt_p: 82,
        dpt_used_l: 65,
        dpt_used_p: 75,
        dpk_l: 1,
        dpk_p: 1,
        disabled_l: 2,
        disabled_p: 1,
        spoiled: 3,
        ..Turnout::default()
    }
}

fn ppwp() -> (Catalogue, FormValues) {
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let votes = BTreeMap::from([
        (FieldKey::Paslon(1), 30),
        (FieldKey::Paslon(2), 80),
        (FieldKey::Paslon(3), 26),
    ]);
    let values = build_form(&cat, &case_a(), &votes).unwrap();
    (cat, values)
}

fn dpr() -> (Catalogue, FormValues) {
    let lists: Vec<PartyList> = parties_for(Contest::Dpr, "33")
        .into_iter()
        .map(|party| PartyList {
            candidates: (1..=4)
                .map(|n| Candidate {
                    nomor: n,
                    name: format!("Calon {n}"),
                    gender: None,
                })
                .collect(),
            party,
        })
        .collect();
    let cat = Catalogue::new(&Ballot {
        contest: Contest::Dpr,
        dapil: None,
        items: BallotItems::Parties(lists),
    });
    let votes = BTreeMap::from([
        (FieldKey::PartyVotes(3), 20),
        (FieldKey::CandidateVotes(3, 1), 30),
        (FieldKey::CandidateVotes(3, 2), 10),
        (FieldKey::PartyVotes(2), 15),
        (FieldKey::CandidateVotes(2, 1), 25),
        (FieldKey::CandidateVotes(4, 3), 30),
    ]);
    let values = build_form(&cat, &case_a(), &votes).unwrap();
    (cat, values)
}

const fn v(row: VoterRow, col: Col) -> FieldKey {
    FieldKey::Voter(row, col)
}

#[test]
fn case_a_passes_every_rule() {
    let (cat, values) = ppwp();
    assert_eq!(values.get(FieldKey::SuaraSah), Some(136));
    assert_eq!(values.get(FieldKey::SuaraTidakSah), Some(6));
    assert_eq!(values.get(v(VoterRow::PenggunaTotal, Col::J)), Some(142));
    assert_eq!(check_form(&cat, &values), vec![]);
    let (cat, values) = dpr();
    assert_eq!(check_form(&cat, &values), vec![]);
}

/// Applies `edit`, checks the form and asserts that `rule` fails with the given numbers and
/// involves `field`; returns the findings for further checks.
fn expect(
    form: (Catalogue, FormValues),
    edit: &[(FieldKey, u32)],
    rule: RuleId,
    field: FieldKey,
    actual: i64,
    expected: i64,
) -> Vec<pleno_core::Finding> {
    let (cat, mut values) = form;
    for (k, x) in edit {
        values.set(*k, *x);
    }
    let findings = check_form(&cat, &values);
    let hit = findings
        .iter()
        .find(|f| f.rule == rule && f.involves(cat.contest, field))
        .unwrap_or_else(|| panic!("{rule} not reported: {findings:#?}"));
    assert_eq!(hit.actual, Some(actual), "{}", hit.text_id);
    assert_eq!(hit.expected, Some(expected), "{}", hit.text_id);
    assert!(
        hit.text_id
            .starts_with(pleno_core::rules::rule(rule).title_id)
    );
    assert!(!hit.text_en.is_empty());
    findings
}

#[test]
fn r1_total_column_wrong() {
    let f = expect(
        ppwp(),
        &[(v(VoterRow::Dpt, Col::J), 157)],
        RuleId::R1,
        v(VoterRow::Dpt, Col::L),
        157,
        156,
    );
    assert!(f[0].text_id.contains("I.A (J) = 157"), "{}", f[0].text_id);
}

#[test]
fn r1_disability_row() {
    expect(
        ppwp(),
        &[(v(VoterRow::Disabilitas, Col::L), 4)],
        RuleId::R1,
        v(VoterRow::Disabilitas, Col::J),
        3,
        5,
    );
}

#[test]
fn r2_turnout_total_l() {
    expect(
        ppwp(),
        &[(v(VoterRow::PenggunaTotal, Col::L), 67)],
        RuleId::R2,
        v(VoterRow::PenggunaDpk, Col::L),
        67,
        66,
    );
}

#[test]
fn r2_turnout_total_j() {
    expect(
        ppwp(),
        &[(v(VoterRow::PenggunaDptb, Col::J), 4)],
        RuleId::R2,
        v(VoterRow::PenggunaTotal, Col::J),
        142,
        146,
    );
}

#[test]
fn r3_dpt_voters_exceed_dpt() {
    expect(
        ppwp(),
        &[
            (v(VoterRow::PenggunaDpt, Col::P), 83),
            (v(VoterRow::PenggunaDpt, Col::J), 148),
        ],
        RuleId::R3,
        v(VoterRow::Dpt, Col::P),
        83,
        82,
    );
}

#[test]
fn r4_ballots_do_not_balance() {
    expect(
        ppwp(),
        &[(FieldKey::SuratTidakDigunakan, 10)],
        RuleId::R4,
        FieldKey::SuratDiterima,
        160,
        155,
    );
}

#[test]
fn r5_returned_exceeds_received() {
    expect(
        ppwp(),
        &[(FieldKey::SuratDikembalikan, 170)],
        RuleId::R5,
        FieldKey::SuratDikembalikan,
        170,
        160,
    );
}

#[test]
fn r6_used_ballots_differ_from_turnout() {
    expect(
        ppwp(),
        &[(FieldKey::SuratDigunakan, 141)],
        RuleId::R6,
        FieldKey::SuratDigunakan,
        141,
        142,
    );
}

#[test]
fn r7_total_votes() {
    expect(
        ppwp(),
        &[(FieldKey::SuaraTotal, 143)],
        RuleId::R7,
        FieldKey::SuaraTidakSah,
        143,
        142,
    );
}

#[test]
fn r8_valid_votes_differ_from_results() {
    let f = expect(
        ppwp(),
        &[(FieldKey::Paslon(2), 880)],
        RuleId::R8,
        FieldKey::Paslon(2),
        136,
        936,
    );
    // The same misread also trips the anomaly warnings.
    assert!(
        f.iter()
            .any(|x| x.rule == RuleId::R14 && x.severity == Severity::Warning)
    );
    assert!(f.iter().any(|x| x.rule == RuleId::R17));
}

#[test]
fn r8_on_party_totals() {
    expect(
        dpr(),
        &[(FieldKey::SuaraSah, 135), (FieldKey::SuaraTidakSah, 7)],
        RuleId::R8,
        FieldKey::PartyTotal(3),
        135,
        130,
    );
}

#[test]
fn r9_party_total() {
    expect(
        dpr(),
        &[(FieldKey::PartyTotal(3), 59), (FieldKey::PartyVotes(4), 1)],
        RuleId::R9,
        FieldKey::CandidateVotes(3, 2),
        59,
        60,
    );
}

#[test]
fn r10_votes_cast_differ_from_turnout() {
    expect(
        ppwp(),
        &[(FieldKey::SuaraTidakSah, 8), (FieldKey::SuaraTotal, 144)],
        RuleId::R10,
        v(VoterRow::PenggunaTotal, Col::J),
        144,
        142,
    );
}

#[test]
fn r11_disabled_exceed_turnout() {
    expect(
        ppwp(),
        &[
            (v(VoterRow::Disabilitas, Col::P), 77),
            (v(VoterRow::Disabilitas, Col::J), 79),
        ],
        RuleId::R11,
        v(VoterRow::Disabilitas, Col::P),
        77,
        76,
    );
}

#[test]
fn r12_value_beyond_three_boxes() {
    expect(
        ppwp(),
        &[(FieldKey::Paslon(1), 1030)],
        RuleId::R12,
        FieldKey::Paslon(1),
        1030,
        999,
    );
}

#[test]
fn r14_dpt_above_300() {
    let f = expect(
        ppwp(),
        &[
            (v(VoterRow::Dpt, Col::L), 230),
            (v(VoterRow::Dpt, Col::J), 312),
        ],
        RuleId::R14,
        v(VoterRow::Dpt, Col::J),
        312,
        300,
    );
    assert!(
        f.iter()
            .all(|x| x.rule != RuleId::R14 || x.severity == Severity::Warning)
    );
}

#[test]
fn r15_ballots_far_from_dpt_plus_two_percent() {
    expect(
        ppwp(),
        &[
            (FieldKey::SuratDiterima, 200),
            (FieldKey::SuratTidakDigunakan, 55),
        ],
        RuleId::R15,
        FieldKey::SuratDiterima,
        200,
        164,
    );
}

#[test]
fn r16_turnout_exceeds_ballots() {
    expect(
        ppwp(),
        &[
            (FieldKey::SuratDiterima, 140),
            (FieldKey::SuratTidakDigunakan, 0),
            (FieldKey::SuratDikembalikan, 0),
            (FieldKey::SuratDigunakan, 140),
        ],
        RuleId::R16,
        FieldKey::SuratDiterima,
        142,
        140,
    );
}

#[test]
fn r17_votes_exceed_dpt_plus_two_percent() {
    expect(
        ppwp(),
        &[(FieldKey::Paslon(3), 50), (FieldKey::Paslon(2), 120)],
        RuleId::R17,
        FieldKey::Paslon(3),
        200,
        159,
    );
}

#[test]
fn r18_missing_fields_are_listed() {
    let (cat, mut values) = ppwp();
    values.remove(FieldKey::Paslon(3));
    values.remove(FieldKey::SuaraTidakSah);
    let findings = check_form(&cat, &values);
    let r18 = findings.iter().find(|f| f.rule == RuleId::R18).unwrap();
    assert_eq!(r18.fields.len(), 2);
    assert!(
        r18.text_id.contains("IV.3") && r18.text_id.contains("V.B"),
        "{}",
        r18.text_id
    );
    // Rules over a missing field are not evaluated, so nothing else is reported.
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

/// One photographed page settles only the rules over its own fields: the admin page of a
/// consistent form passes (no "missing field" for the other pages), and a misread on it is
/// found there.
#[test]
fn a_page_is_judged_on_its_own_fields() {
    use pleno_core::rules::form::check_page;
    use pleno_core::template::Template;
    let (cat, values) = ppwp();
    let page = Template::for_tag(101, &cat, None).unwrap();
    let on_page: std::collections::BTreeSet<FieldKey> = page.fields.iter().map(|f| f.key).collect();
    let read: FormValues = values.iter().filter(|(k, _)| on_page.contains(k)).collect();
    assert!(
        check_form(&cat, &read)
            .iter()
            .any(|f| f.rule == RuleId::R18)
    );
    assert!(check_page(&cat, &read, &on_page).is_empty());

    let mut misread = read.clone();
    let used = misread.get(FieldKey::SuratDigunakan).unwrap();
    misread.set(FieldKey::SuratDigunakan, used + 2);
    let findings = check_page(&cat, &misread, &on_page);
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f.rule != RuleId::R18));
    assert!(
        findings
            .iter()
            .all(|f| f.fields.iter().all(|r| on_page.contains(&r.key)))
    );
    assert!(
        findings
            .iter()
            .any(|f| f.involves(Contest::Ppwp, FieldKey::SuratDigunakan))
    );
}
