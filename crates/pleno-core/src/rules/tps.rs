//! Rules across the five forms of one TPS (docs/domain.md §3.2).

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

/// The cross-form rule instances for the contests present at a TPS. For the figures that must
/// be equal on every form (X1, X2), `reference` names the form the others are compared with.
pub fn constraints(
    present: &[Contest],
    reference: &impl Fn(FieldKey) -> Contest,
) -> Vec<Constraint<FieldRef>> {
    use RuleId as R;
    use Severity::{Error as E, Warning as W};
    let mut out = Vec::new();
    let has = |c: Contest| present.contains(&c);
    let mut ordered: Vec<Contest> = Contest::ALL.into_iter().filter(|c| has(*c)).collect();
    ordered.dedup();
    let equal_rows = [
        (R::X1, VoterRow::Dpt),
        (R::X2, VoterRow::PenggunaDpt),
        (R::X2, VoterRow::PenggunaDpk),
    ];
    for (rule, row) in equal_rows {
        for col in Col::ALL {
            let key = FieldKey::Voter(row, col);
            let base = reference(key);
            for &other in ordered.iter().filter(|c| **c != base) {
                out.push(Constraint::new(
                    rule,
                    W,
                    vec![r(other, key)],
                    Op::Eq,
                    vec![r(base, key)],
                ));
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
    // Compare with the value most forms carry, so that only the odd form is flagged.
    let reference = |key: FieldKey| {
        let mut best: Option<(usize, Contest)> = None;
        for &c in &present {
            let v = get(r(c, key));
            let n = present.iter().filter(|&&d| get(r(d, key)) == v).count();
            if v.is_some() && best.is_none_or(|(m, _)| n > m) {
                best = Some((n, c));
            }
        }
        best.map_or(Contest::Ppwp, |(_, c)| c)
    };
    let mut findings = Vec::new();
    for c in constraints(&present, &reference) {
        if let Outcome::Fail { actual, expected } = c.eval(get) {
            // X1/X2 flag the odd form and X5 is about one form; order rules (X3, X4) cannot
            // tell which of the two forms is wrong.
            let subject = match c.rule {
                RuleId::X1 | RuleId::X2 | RuleId::X5 => c.lhs.first().map(|(f, _)| f.contest),
                _ => None,
            };
            findings.push(finding_for(
                &c,
                actual,
                expected,
                c.vars(),
                subject,
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
