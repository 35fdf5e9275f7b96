//! Rules across the five forms of one TPS (domain.md §3.2).

use super::constraint::{Constraint, Op, Outcome};
use super::form::{field_label, finding_for};
use super::{FieldRef, Finding, RuleId, Severity, rule};
use crate::catalogue::Catalogue;
use crate::contest::Contest;
use crate::field::{Col, FieldKey, VoterRow};
use crate::values::FormValues;

/// Percentage points by which PPWP's invalid-vote rate may exceed a legislative form's (X6).
pub const X6_SLACK_PERCENT: i64 = 5;

fn r(contest: Contest, key: FieldKey) -> FieldRef {
    FieldRef { contest, key }
}

/// The cross-form rule instances for the contests present at a TPS.
pub fn constraints(present: &[Contest]) -> Vec<Constraint<FieldRef>> {
    use RuleId as R;
    use Severity::{Error as E, Warning as W};
    let mut out = Vec::new();
    let has = |c: Contest| present.contains(&c);
    let mut ordered: Vec<Contest> = Contest::ALL.into_iter().filter(|c| has(*c)).collect();
    ordered.dedup();
    if let Some((&first, rest)) = ordered.split_first() {
        for &other in rest {
            for col in Col::ALL {
                let dpt = FieldKey::Voter(VoterRow::Dpt, col);
                out.push(Constraint::new(
                    R::X1,
                    W,
                    vec![r(other, dpt)],
                    Op::Eq,
                    vec![r(first, dpt)],
                ));
            }
            for row in [VoterRow::PenggunaDpt, VoterRow::PenggunaDpk] {
                for col in Col::ALL {
                    let key = FieldKey::Voter(row, col);
                    out.push(Constraint::new(
                        R::X2,
                        W,
                        vec![r(other, key)],
                        Op::Eq,
                        vec![r(first, key)],
                    ));
                }
            }
        }
    }
    let dptb = FieldKey::Voter(VoterRow::PenggunaDptb, Col::J);
    let total = FieldKey::Voter(VoterRow::PenggunaTotal, Col::J);
    let chains: [(Contest, Contest); 4] = [
        (Contest::Ppwp, Contest::Dpd),
        (Contest::Dpd, Contest::Dpr),
        (Contest::Dpd, Contest::DprdProv),
        (Contest::Dpd, Contest::DprdKab),
    ];
    for (hi, lo) in chains {
        if has(hi) && has(lo) {
            out.push(Constraint::new(
                R::X3,
                W,
                vec![r(hi, dptb)],
                Op::Ge,
                vec![r(lo, dptb)],
            ));
            out.push(Constraint::new(
                R::X4,
                W,
                vec![r(hi, total)],
                Op::Ge,
                vec![r(lo, total)],
            ));
        }
    }
    // Without a DPD form, PPWP still bounds every other contest's turnout.
    if has(Contest::Ppwp) && !has(Contest::Dpd) {
        for lo in [Contest::Dpr, Contest::DprdProv, Contest::DprdKab] {
            if has(lo) {
                out.push(Constraint::new(
                    R::X4,
                    W,
                    vec![r(Contest::Ppwp, total)],
                    Op::Ge,
                    vec![r(lo, total)],
                ));
            }
        }
    }
    for &c in &ordered {
        out.push(Constraint::new(
            R::X5,
            E,
            vec![r(c, FieldKey::SuratDigunakan)],
            Op::Eq,
            vec![r(c, total)],
        ));
    }
    out
}

/// Checks the forms of one TPS against each other. `place` is the TPS code for messages.
pub fn check_tps(place: Option<&str>, forms: &[(&Catalogue, &FormValues)]) -> Vec<Finding> {
    let present: Vec<Contest> = forms.iter().map(|(c, _)| c.contest).collect();
    let values_of = |c: Contest| forms.iter().find(|(cat, _)| cat.contest == c);
    let get = |f: FieldRef| values_of(f.contest).and_then(|(_, v)| v.get(f.key).map(i64::from));
    let label = |f: FieldRef| match values_of(f.contest) {
        Some((cat, _)) => format!("{} {}", f.contest.form_suffix(), field_label(cat, f.key)),
        None => format!("{} {}", f.contest.form_suffix(), f.key),
    };
    let mut findings = Vec::new();
    for c in constraints(&present) {
        if let Outcome::Fail { actual, expected } = c.eval(get) {
            findings.push(finding_for(
                &c,
                actual,
                expected,
                c.vars(),
                None,
                place.map(str::to_string),
                &label,
            ));
        }
    }
    findings.extend(check_invalid_rate(place, &get));
    findings
}

/// X6: PPWP ballots are the simplest, so its invalid rate should not stand far above the others.
fn check_invalid_rate(place: Option<&str>, get: &impl Fn(FieldRef) -> Option<i64>) -> Vec<Finding> {
    let rate = |c: Contest| {
        let invalid = get(r(c, FieldKey::SuaraTidakSah))?;
        let total = get(r(c, FieldKey::SuaraTotal))?;
        (total > 0).then_some((invalid, total))
    };
    let Some((inv0, tot0)) = rate(Contest::Ppwp) else {
        return Vec::new();
    };
    let def = rule(RuleId::X6);
    let mut out = Vec::new();
    for c in [
        Contest::Dpr,
        Contest::Dpd,
        Contest::DprdProv,
        Contest::DprdKab,
    ] {
        let Some((inv, tot)) = rate(c) else { continue };
        // inv0/tot0 > inv/tot + slack/100, in integers.
        if 100 * inv0 * tot > 100 * inv * tot0 + X6_SLACK_PERCENT * tot0 * tot {
            let p0 = 100 * inv0 / tot0;
            let p = 100 * inv / tot;
            out.push(Finding {
                rule: RuleId::X6,
                severity: def.severity,
                contest: None,
                place: place.map(str::to_string),
                fields: vec![
                    r(Contest::Ppwp, FieldKey::SuaraTidakSah),
                    r(Contest::Ppwp, FieldKey::SuaraTotal),
                    r(c, FieldKey::SuaraTidakSah),
                    r(c, FieldKey::SuaraTotal),
                ],
                expected: Some(p + X6_SLACK_PERCENT),
                actual: Some(p0),
                message_id: "rule.X6".into(),
                text_id: format!(
                    "{}: suara tidak sah PPWP {p0}% sedangkan {} {p}%",
                    def.title_id,
                    c.form_suffix()
                ),
                text_en: format!(
                    "{}: PPWP invalid votes {p0}% while {} has {p}%",
                    def.title_en,
                    c.form_suffix()
                ),
            });
        }
    }
    out
}
