//! Rules within one C.Hasil form (docs/domain.md §3.1).

use super::constraint::{Constraint, Op, Outcome};
use super::{FieldRef, Finding, RuleId, Severity, rule};
use crate::catalogue::Catalogue;
use crate::field::{Col, FieldKey, VoterRow};
use crate::values::{FormValues, MAX_BOX_VALUE};

/// Largest DPT of a domestic TPS and the anomaly line for a single figure (R14).
pub const TPS_MAX_VOTERS: i64 = 300;

const fn v(row: VoterRow, col: Col) -> FieldKey {
    FieldKey::Voter(row, col)
}

/// Every numeric rule instance for the form described by `cat`.
pub fn constraints(cat: &Catalogue) -> Vec<Constraint<FieldKey>> {
    use Op::{Eq, Ge, Le};
    use RuleId as R;
    use Severity::{Error as E, Warning as W};
    use VoterRow::{Disabilitas, Dpt, PenggunaDpk, PenggunaDpt, PenggunaDptb, PenggunaTotal};

    let mut out = Vec::new();
    for row in VoterRow::ALL {
        out.push(Constraint::new(
            R::R1,
            E,
            vec![v(row, Col::J)],
            Eq,
            vec![v(row, Col::L), v(row, Col::P)],
        ));
    }
    for col in Col::ALL {
        out.push(Constraint::new(
            R::R2,
            E,
            vec![v(PenggunaTotal, col)],
            Eq,
            vec![
                v(PenggunaDpt, col),
                v(PenggunaDptb, col),
                v(PenggunaDpk, col),
            ],
        ));
    }
    for col in Col::ALL {
        out.push(Constraint::new(
            R::R3,
            E,
            vec![v(PenggunaDpt, col)],
            Le,
            vec![v(Dpt, col)],
        ));
    }
    out.push(Constraint::new(
        R::R4,
        E,
        vec![FieldKey::SuratDiterima],
        Eq,
        vec![
            FieldKey::SuratDikembalikan,
            FieldKey::SuratTidakDigunakan,
            FieldKey::SuratDigunakan,
        ],
    ));
    for part in [FieldKey::SuratDikembalikan, FieldKey::SuratTidakDigunakan] {
        out.push(Constraint::new(
            R::R5,
            E,
            vec![part],
            Le,
            vec![FieldKey::SuratDiterima],
        ));
    }
    out.push(Constraint::new(
        R::R6,
        E,
        vec![FieldKey::SuratDigunakan],
        Eq,
        vec![v(PenggunaTotal, Col::J)],
    ));
    out.push(Constraint::new(
        R::R7,
        E,
        vec![FieldKey::SuaraTotal],
        Eq,
        vec![FieldKey::SuaraSah, FieldKey::SuaraTidakSah],
    ));
    let parts = cat.valid_total_parts();
    out.push(Constraint::new(
        R::R8,
        E,
        vec![FieldKey::SuaraSah],
        Eq,
        parts.clone(),
    ));
    for key in cat.keys() {
        if let FieldKey::PartyTotal(p) = key {
            let mut rhs = vec![FieldKey::PartyVotes(p)];
            rhs.extend(
                cat.keys()
                    .filter(|k| matches!(k, FieldKey::CandidateVotes(q, _) if *q == p)),
            );
            out.push(Constraint::new(R::R9, E, vec![key], Eq, rhs));
        }
    }
    out.push(Constraint::new(
        R::R10,
        E,
        vec![FieldKey::SuaraTotal],
        Eq,
        vec![v(PenggunaTotal, Col::J)],
    ));
    for col in Col::ALL {
        out.push(Constraint::new(
            R::R11,
            E,
            vec![v(Disabilitas, col)],
            Le,
            vec![v(PenggunaTotal, col)],
        ));
    }
    for key in cat.keys() {
        out.push(Constraint::bound(
            R::R12,
            E,
            key,
            Le,
            i64::from(MAX_BOX_VALUE),
        ));
    }
    out.push(Constraint::bound(
        R::R14,
        W,
        v(Dpt, Col::J),
        Le,
        TPS_MAX_VOTERS,
    ));
    for key in cat.keys().filter(|k| k.is_result()) {
        out.push(Constraint::bound(R::R14, W, key, Le, TPS_MAX_VOTERS));
    }
    // R15: ballots are DPT + 2 % reserve, rounded; allow 1 % and 3 ballots either way.
    out.push(Constraint {
        rule: R::R15,
        severity: W,
        lhs: vec![(FieldKey::SuratDiterima, 100)],
        op: Ge,
        rhs: vec![(v(Dpt, Col::J), 101)],
        constant: -300,
        scale: 100,
    });
    out.push(Constraint {
        rule: R::R15,
        severity: W,
        lhs: vec![(FieldKey::SuratDiterima, 100)],
        op: Le,
        rhs: vec![(v(Dpt, Col::J), 103)],
        constant: 300,
        scale: 100,
    });
    out.push(Constraint::new(
        R::R16,
        E,
        vec![v(PenggunaTotal, Col::J)],
        Le,
        vec![FieldKey::SuratDiterima],
    ));
    out.push(Constraint {
        rule: R::R17,
        severity: W,
        lhs: parts.iter().map(|k| (*k, 100)).collect(),
        op: Le,
        rhs: vec![(v(Dpt, Col::J), 102)],
        constant: 0,
        scale: 100,
    });
    out.retain(|c| c.vars().iter().all(|k| cat.contains(*k)));
    out
}

/// How a field is named in messages: its row code and column, e.g. `I.B.4 (J)`.
pub fn field_label(cat: &Catalogue, key: FieldKey) -> String {
    match cat.get(key) {
        Some(def) => match def.col {
            Some(col) => format!("{} ({col:?})", def.code),
            None => def.code.clone(),
        },
        None => key.to_string(),
    }
}

/// Turns a failed constraint into a finding.
pub(crate) fn finding_for<V: Copy + PartialEq>(
    c: &Constraint<V>,
    actual: i64,
    expected: i64,
    fields: Vec<FieldRef>,
    contest: Option<crate::contest::Contest>,
    place: Option<String>,
    label: &impl Fn(V) -> String,
) -> Finding {
    let def = rule(c.rule);
    let lhs = c.describe(true, label);
    let rhs = c.describe(false, label);
    let rhs_part = |word: &str| {
        if c.rhs.is_empty() {
            format!("{word} {expected}")
        } else {
            format!("{word} {rhs} = {expected}")
        }
    };
    Finding {
        rule: c.rule,
        severity: c.severity,
        contest,
        place,
        fields,
        expected: Some(expected),
        actual: Some(actual),
        message_id: format!("rule.{}", c.rule),
        text_id: format!(
            "{}: {lhs} = {actual}, {}",
            def.title_id,
            rhs_part(c.op.word_id())
        ),
        text_en: format!(
            "{}: {lhs} = {actual}, {}",
            def.title_en,
            rhs_part(c.op.word_en())
        ),
    }
}

/// What one page of a form can settle: the findings of rules whose every field is on the page
/// (`on_page`; `values` holds what it read). R18, "a field is missing", needs the other pages.
pub fn check_page(
    cat: &Catalogue,
    values: &FormValues,
    on_page: &std::collections::BTreeSet<FieldKey>,
) -> Vec<Finding> {
    check_form(cat, values)
        .into_iter()
        .filter(|f| f.rule != RuleId::R18)
        .filter(|f| !f.fields.is_empty() && f.fields.iter().all(|r| on_page.contains(&r.key)))
        .collect()
}

/// Checks one form. Missing fields give one R18 finding; rules over them are not evaluated.
pub fn check_form(cat: &Catalogue, values: &FormValues) -> Vec<Finding> {
    let contest = cat.contest;
    let get = |k: FieldKey| values.get(k).map(i64::from);
    let label = |k: FieldKey| field_label(cat, k);
    let mut findings = Vec::new();

    let missing: Vec<FieldKey> = cat.keys().filter(|k| values.get(*k).is_none()).collect();
    if !missing.is_empty() {
        let def = rule(RuleId::R18);
        let names: Vec<String> = missing.iter().map(|k| label(*k)).collect();
        let shown = if names.len() > 6 {
            format!("{}, … ({} isian)", names[..6].join(", "), names.len())
        } else {
            names.join(", ")
        };
        findings.push(Finding {
            rule: RuleId::R18,
            severity: def.severity,
            contest: Some(contest),
            place: None,
            fields: missing
                .iter()
                .map(|k| FieldRef { contest, key: *k })
                .collect(),
            expected: None,
            actual: None,
            message_id: "rule.R18".into(),
            text_id: format!("{}: {shown}", def.title_id),
            text_en: format!("{}: {shown}", def.title_en),
        });
    }

    for c in constraints(cat) {
        if let Outcome::Fail { actual, expected } = c.eval(get) {
            let fields = c
                .vars()
                .into_iter()
                .map(|key| FieldRef { contest, key })
                .collect();
            findings.push(finding_for(
                &c,
                actual,
                expected,
                fields,
                Some(contest),
                None,
                &label,
            ));
        }
    }
    findings
}

/// True when no rule of severity `Error` fails (warnings and missing fields aside).
pub fn passes_errors(cat: &Catalogue, values: &FormValues) -> bool {
    let get = |k: FieldKey| values.get(k).map(i64::from);
    constraints(cat)
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .all(|c| c.holds(get))
}
