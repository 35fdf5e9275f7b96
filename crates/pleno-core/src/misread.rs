//! Misread suggestions. When a form fails its rules, look for changes to a few digit boxes —
//! the SIREKAP 2024 signatures of domain.md §3.4: an empty leading box or a "1" read as another
//! digit (152 → 652, 84 → 884), one digit substituted — that make every rule pass. The result is
//! ranked and returned for a person to confirm; nothing here changes a value.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::field::FieldKey;
use crate::rules::form::{constraints, field_label};
use crate::rules::{Constraint, Op, Outcome, RuleId, Severity};
use crate::values::FormValues;

/// What kind of slip explains one changed field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// An empty leading box was read as a digit (84 → 884).
    LeadingBlankReadAsDigit,
    /// A leading "1" was read as another digit (152 → 652).
    LeadingOneReadAsDigit,
    /// One digit read as another.
    DigitSubstituted,
    /// A written digit was taken for an empty box.
    DigitReadAsBlank,
    /// More than one box differs.
    SeveralBoxes,
}

impl Pattern {
    pub const fn text_id(self) -> &'static str {
        match self {
            Pattern::LeadingBlankReadAsDigit => "kotak depan kosong terbaca angka",
            Pattern::LeadingOneReadAsDigit => "angka 1 di depan terbaca angka lain",
            Pattern::DigitSubstituted => "satu angka tertukar",
            Pattern::DigitReadAsBlank => "angka terbaca kosong",
            Pattern::SeveralBoxes => "beberapa kotak berbeda",
        }
    }
    pub const fn text_en(self) -> &'static str {
        match self {
            Pattern::LeadingBlankReadAsDigit => "empty leading box read as a digit",
            Pattern::LeadingOneReadAsDigit => "leading 1 read as another digit",
            Pattern::DigitSubstituted => "one digit substituted",
            Pattern::DigitReadAsBlank => "digit read as empty",
            Pattern::SeveralBoxes => "several boxes differ",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub key: FieldKey,
    pub from: u32,
    pub to: u32,
    pub boxes_changed: u8,
    pub pattern: Pattern,
    pub cost: f32,
}

/// A set of changes after which every error rule (and the anomaly warnings R14, R17) passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub changes: Vec<Change>,
    /// Sum of the changes' costs; lower is more likely.
    pub cost: f32,
    pub text_id: String,
    pub text_en: String,
}

/// The likeliest other readings of one suspect field, each plausible on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldAlternatives {
    pub key: FieldKey,
    pub read: u32,
    pub alternatives: Vec<(u32, f32)>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MisreadReport {
    /// Ranked, best first.
    pub suggestions: Vec<Suggestion>,
    /// Fields involved in failing rules with their likeliest other readings.
    pub suspects: Vec<FieldAlternatives>,
    /// True when the search covered every combination within its cost bound.
    pub exhaustive: bool,
    /// True when several fixes are about equally likely: a person must read the form.
    pub ambiguous: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Highest total cost a suggestion may have.
    pub max_cost: f32,
    pub max_suggestions: usize,
    /// Search nodes before giving up (keeps hard cases bounded).
    pub node_limit: usize,
    pub alternatives_per_field: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_cost: 9.0,
            max_suggestions: 5,
            node_limit: 400_000,
            alternatives_per_field: 3,
        }
    }
}

type Boxes = [Option<u8>; 3];

fn boxes_of(value: u32) -> Boxes {
    let v = value.min(999);
    let d = [(v / 100) as u8, (v / 10 % 10) as u8, (v % 10) as u8];
    if v >= 100 {
        [Some(d[0]), Some(d[1]), Some(d[2])]
    } else if v >= 10 {
        [None, Some(d[1]), Some(d[2])]
    } else {
        [None, None, Some(d[2])]
    }
}

/// Digit pairs that handwriting models confuse (ocr-notes: 4↔9, 5↔3, 7→2; plus closed loops).
fn similar(a: u8, b: u8) -> bool {
    const PAIRS: [(u8, u8); 12] = [
        (4, 9),
        (3, 5),
        (2, 7),
        (1, 7),
        (0, 8),
        (0, 6),
        (3, 8),
        (5, 6),
        (6, 8),
        (8, 9),
        (7, 9),
        (3, 9),
    ];
    PAIRS
        .iter()
        .any(|&(x, y)| (x, y) == (a, b) || (y, x) == (a, b))
}

/// Cost of reading box `read` when `truth` was written, at position `pos` (0 = leading).
fn box_cost(truth: Option<u8>, read: Option<u8>, pos: usize) -> f32 {
    match (truth, read) {
        (t, r) if t == r => 0.0,
        (None, Some(8)) => 1.0,
        (None, Some(_)) => 1.4,
        (Some(1), Some(_)) if pos == 0 => 1.0,
        (Some(1), Some(_)) => 1.2,
        (Some(t), Some(r)) if similar(t, r) => 1.6,
        (Some(_), Some(_)) => 2.2,
        (Some(_), None) => 2.5,
        (None, None) => 0.0,
    }
}

/// Written leading zeros are allowed but less usual than empty boxes.
const LEADING_ZERO_PENALTY: f32 = 0.3;

/// Every value the boxes of `read` could have held, with the cheapest explanation, sorted.
fn alternatives(read: u32, max_cost: f32) -> Vec<(u32, f32, u8, Pattern)> {
    let rb = boxes_of(read);
    let mut best: BTreeMap<u32, (f32, u8, Pattern)> = BTreeMap::new();
    let choices: Vec<Option<u8>> = std::iter::once(None).chain((0..10).map(Some)).collect();
    for &a in &choices {
        for &b in &choices {
            for c in 0..10u8 {
                if a.is_some() && b.is_none() {
                    continue;
                }
                let tb: Boxes = [a, b, Some(c)];
                let mut cost = 0.0;
                let mut changed = 0u8;
                let mut pattern = Pattern::SeveralBoxes;
                for pos in 0..3 {
                    let k = box_cost(tb[pos], rb[pos], pos);
                    if k > 0.0 {
                        changed += 1;
                        pattern = match (tb[pos], rb[pos]) {
                            (None, Some(_)) => Pattern::LeadingBlankReadAsDigit,
                            (Some(1), Some(_)) if pos == 0 => Pattern::LeadingOneReadAsDigit,
                            (Some(_), None) => Pattern::DigitReadAsBlank,
                            _ => Pattern::DigitSubstituted,
                        };
                    }
                    cost += k;
                }
                if changed > 1 {
                    pattern = Pattern::SeveralBoxes;
                }
                let value =
                    u32::from(a.unwrap_or(0)) * 100 + u32::from(b.unwrap_or(0)) * 10 + u32::from(c);
                // A written 0 in front of other digits ("019") is legal but unusual.
                let leading_zero = matches!(a, Some(0)) || (a.is_none() && matches!(b, Some(0)));
                if leading_zero && value > 0 {
                    cost += LEADING_ZERO_PENALTY;
                }
                if cost > max_cost {
                    continue;
                }
                let entry = best.entry(value).or_insert((f32::MAX, 0, pattern));
                if cost < entry.0 {
                    *entry = (cost, changed, pattern);
                }
            }
        }
    }
    let mut out: Vec<(u32, f32, u8, Pattern)> = best
        .into_iter()
        .map(|(v, (c, n, p))| (v, c, n, p))
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    out
}

struct Search<'a> {
    constraints: Vec<&'a Constraint<FieldKey>>,
    fixed: &'a FormValues,
    suspects: Vec<FieldKey>,
    domains: Vec<Vec<(u32, f32, u8, Pattern)>>,
    assigned: Vec<Option<usize>>,
    bound: f32,
    nodes: usize,
    node_limit: usize,
    found: Vec<(f32, Vec<usize>)>,
    max_found: usize,
}

impl Search<'_> {
    fn value(&self, key: FieldKey) -> Option<i64> {
        match self.suspects.iter().position(|k| *k == key) {
            Some(i) => self.assigned[i].map(|a| i64::from(self.domains[i][a].0)),
            None => self.fixed.get(key).map(i64::from),
        }
    }

    /// Constraints fully known now must hold.
    fn consistent(&self) -> bool {
        self.constraints
            .iter()
            .all(|c| !matches!(c.eval(|k| self.value(k)), Outcome::Fail { .. }))
    }

    /// If an equality has `key` as its only unknown (coefficient ±1), the value it forces.
    fn forced(&self, key: FieldKey) -> Option<i64> {
        for c in &self.constraints {
            if c.op != Op::Eq || c.scale != 1 {
                continue;
            }
            let mut coef = 0i64;
            let mut rest = 0i64;
            let mut unknown_other = false;
            for (k, a) in &c.lhs {
                if *k == key {
                    coef += a;
                } else if let Some(x) = self.value(*k) {
                    rest += a * x;
                } else {
                    unknown_other = true;
                }
            }
            for (k, a) in &c.rhs {
                if *k == key {
                    coef -= a;
                } else if let Some(x) = self.value(*k) {
                    rest -= a * x;
                } else {
                    unknown_other = true;
                }
            }
            rest -= c.constant;
            if !unknown_other && (coef == 1 || coef == -1) {
                return Some(-rest * coef);
            }
        }
        None
    }

    fn run(&mut self, idx: usize, cost: f32) {
        self.nodes += 1;
        if self.nodes > self.node_limit || cost > self.bound {
            return;
        }
        if idx == self.suspects.len() {
            if self.consistent() {
                let picks = self.assigned.iter().map(|a| a.unwrap_or(0)).collect();
                self.found.push((cost, picks));
                self.found.sort_by(|a, b| a.0.total_cmp(&b.0));
                self.found.truncate(self.max_found);
                if self.found.len() == self.max_found
                    && let Some(worst) = self.found.last()
                {
                    self.bound = self.bound.min(worst.0);
                }
            }
            return;
        }
        if let Some(v) = self.forced(self.suspects[idx]) {
            if let Some(pos) = self.domains[idx].iter().position(|d| i64::from(d.0) == v) {
                let c = self.domains[idx][pos].1;
                self.assigned[idx] = Some(pos);
                if self.consistent() {
                    self.run(idx + 1, cost + c);
                }
                self.assigned[idx] = None;
            }
            return;
        }
        for pos in 0..self.domains[idx].len() {
            let c = self.domains[idx][pos].1;
            if cost + c > self.bound || self.nodes > self.node_limit {
                break;
            }
            self.assigned[idx] = Some(pos);
            if self.consistent() {
                self.run(idx + 1, cost + c);
            }
        }
        self.assigned[idx] = None;
    }
}

/// Rules a fix must satisfy: every error, plus the two warnings misreads trip (R14, R17).
fn must_hold(c: &Constraint<FieldKey>) -> bool {
    c.severity == Severity::Error || matches!(c.rule, RuleId::R14 | RuleId::R17)
}

/// Searches for misread explanations of a failing form. Returns an empty report when the form
/// already passes.
pub fn suggest(cat: &Catalogue, values: &FormValues, opts: &Options) -> MisreadReport {
    let all = constraints(cat);
    let hard: Vec<&Constraint<FieldKey>> = all.iter().filter(|c| must_hold(c)).collect();
    let get = |k: FieldKey| values.get(k).map(i64::from);
    let failing: Vec<&&Constraint<FieldKey>> = hard
        .iter()
        .filter(|c| matches!(c.eval(get), Outcome::Fail { .. }))
        .collect();
    if failing.is_empty() {
        return MisreadReport {
            exhaustive: true,
            ..MisreadReport::default()
        };
    }

    let mut suspects: Vec<FieldKey> = Vec::new();
    for c in &failing {
        for k in c.vars() {
            if values.get(k).is_some() && !suspects.contains(&k) {
                suspects.push(k);
            }
        }
    }
    // Fields tied into many rules first: they are mostly right (their own reading is the
    // cheapest choice), and once they are fixed, equalities force the remaining field.
    let degree = |k: FieldKey| hard.iter().filter(|c| c.vars().contains(&k)).count();
    suspects.sort_by_key(|k| std::cmp::Reverse(degree(*k)));

    let domains: Vec<Vec<(u32, f32, u8, Pattern)>> = suspects
        .iter()
        .map(|k| alternatives(values.get(*k).unwrap_or(0), opts.max_cost))
        .collect();

    let per_field = suspects
        .iter()
        .zip(&domains)
        .map(|(k, dom)| {
            let read = values.get(*k).unwrap_or(0);
            let single: Vec<&Constraint<FieldKey>> = hard
                .iter()
                .copied()
                .filter(|c| c.vars() == vec![*k])
                .collect();
            FieldAlternatives {
                key: *k,
                read,
                alternatives: dom
                    .iter()
                    .filter(|d| d.0 != read)
                    .filter(|d| single.iter().all(|c| c.holds(|_| Some(i64::from(d.0)))))
                    .take(opts.alternatives_per_field)
                    .map(|d| (d.0, d.1))
                    .collect(),
            }
        })
        .collect();

    let mut search = Search {
        constraints: hard,
        fixed: values,
        assigned: vec![None; suspects.len()],
        suspects,
        domains,
        bound: 0.0,
        nodes: 0,
        node_limit: opts.node_limit,
        found: Vec::new(),
        max_found: opts.max_suggestions + 1,
    };
    // Widen the cost bound step by step so that cheap explanations are found first.
    let mut step = 2.0f32;
    while step <= opts.max_cost + 1e-3 && search.found.len() < search.max_found {
        search.bound = step;
        search.found.clear();
        search.run(0, 0.0);
        if search.nodes > search.node_limit {
            break;
        }
        step += 1.5;
    }
    let exhaustive = search.nodes <= search.node_limit;

    let label = |k: FieldKey| field_label(cat, k);
    let suggestions: Vec<Suggestion> = search
        .found
        .iter()
        .filter(|(cost, _)| *cost > 0.0)
        .take(opts.max_suggestions)
        .map(|(cost, picks)| {
            let changes: Vec<Change> = search
                .suspects
                .iter()
                .zip(picks)
                .zip(&search.domains)
                .filter_map(|((k, &p), dom)| {
                    let (to, c, n, pattern) = dom[p];
                    let from = values.get(*k).unwrap_or(0);
                    (to != from).then_some(Change {
                        key: *k,
                        from,
                        to,
                        boxes_changed: n,
                        pattern,
                        cost: c,
                    })
                })
                .collect();
            let list = |english: bool| {
                changes
                    .iter()
                    .map(|ch| {
                        format!(
                            "{} {} → {} ({})",
                            label(ch.key),
                            ch.from,
                            ch.to,
                            if english {
                                ch.pattern.text_en()
                            } else {
                                ch.pattern.text_id()
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            Suggestion {
                text_id: format!("Mungkin salah baca: {}", list(false)),
                text_en: format!("Possible misread: {}", list(true)),
                changes,
                cost: *cost,
            }
        })
        .collect();
    let ambiguous = !exhaustive
        || suggestions.is_empty()
        || (suggestions.len() > 1 && suggestions[1].cost - suggestions[0].cost < 0.5);
    MisreadReport {
        suggestions,
        suspects: per_field,
        exhaustive,
        ambiguous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_rank_sirekap_signatures_first() {
        let alts = alternatives(884, 9.0);
        assert_eq!(alts[0].0, 884);
        assert!(alts[0].1.abs() < f32::EPSILON);
        let pos = |v: u32| alts.iter().position(|a| a.0 == v).unwrap();
        // 84 (blank read as 8) and 184 (leading 1 read as 8) are the cheapest changes.
        assert!(pos(84) <= 2 && pos(184) <= 2);
        assert_eq!(alts[pos(84)].3, Pattern::LeadingBlankReadAsDigit);
        assert_eq!(alts[pos(184)].3, Pattern::LeadingOneReadAsDigit);
        let seven = alternatives(7, 9.0);
        assert!(
            seven
                .iter()
                .any(|a| a.0 == 1 && a.3 == Pattern::DigitSubstituted)
        );
    }
}
