//! Misread suggestions. When a form fails its rules, look for changes to a few digit boxes —
//! the SIREKAP 2024 signatures of docs/domain.md §3.4: an empty leading box or a "1" read as
//! another digit (152 → 652, 84 → 884), one digit substituted — that make every rule pass. The
//! result is ranked and returned for a person to confirm; nothing here changes a value.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::field::FieldKey;
use crate::rules::form::{constraints, field_label};
use crate::rules::{Constraint, Op, Outcome, RuleId, Severity};
use crate::values::FormValues;

/// What kind of slip explains one changed field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
    /// The OMR bubbles under the boxes (PPWP result page) spell another number.
    BubblesDiffer,
}

impl Pattern {
    pub const fn text_id(self) -> &'static str {
        match self {
            Pattern::LeadingBlankReadAsDigit => "kotak depan kosong terbaca angka",
            Pattern::LeadingOneReadAsDigit => "angka 1 di depan terbaca angka lain",
            Pattern::DigitSubstituted => "satu angka tertukar",
            Pattern::DigitReadAsBlank => "angka terbaca kosong",
            Pattern::SeveralBoxes => "beberapa kotak berbeda",
            Pattern::BubblesDiffer => "gelembung terisi menunjukkan angka lain",
        }
    }
    pub const fn text_en(self) -> &'static str {
        match self {
            Pattern::LeadingBlankReadAsDigit => "empty leading box read as a digit",
            Pattern::LeadingOneReadAsDigit => "leading 1 read as another digit",
            Pattern::DigitSubstituted => "one digit substituted",
            Pattern::DigitReadAsBlank => "digit read as empty",
            Pattern::SeveralBoxes => "several boxes differ",
            Pattern::BubblesDiffer => "the filled bubbles show another number",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    pub key: FieldKey,
    pub from: u32,
    pub to: u32,
    pub boxes_changed: u8,
    pub pattern: Pattern,
    pub cost: f32,
}

/// A set of changes after which every error rule (and the anomaly warnings R14, R17) passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Suggestion {
    pub changes: Vec<Change>,
    /// Sum of the changes' costs; lower is more likely.
    pub cost: f32,
    pub text_id: String,
    pub text_en: String,
}

/// The likeliest other readings of one suspect field, each plausible on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FieldAlternatives {
    pub key: FieldKey,
    pub read: u32,
    pub alternatives: Vec<(u32, f32)>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// Most fields one fix may change; SIREKAP's bad forms had one to three.
    pub max_changed_fields: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_cost: 9.0,
            max_suggestions: 5,
            node_limit: 600_000,
            alternatives_per_field: 3,
            max_changed_fields: 4,
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

/// Digit pairs that handwriting models confuse: ocr-notes' top confusions (4↔9, 5↔3, 7→2),
/// closed loops, and the substitutions seen in SIREKAP 2024 (103 → 302, 17 → 68, 19 → 887).
fn similar(a: u8, b: u8) -> bool {
    const PAIRS: [(u8, u8); 14] = [
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
        (2, 3),
        (7, 8),
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

/// The cheapest single-box change (an empty leading box read as 8).
const MIN_CHANGE_COST: f32 = 1.0;

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

/// A constraint with the fixed (non-suspect) fields folded into `base`:
/// it holds when `base + Σ coef·x[slot]` is `= 0`, `≤ 0` or `≥ 0`.
struct Compiled {
    terms: Vec<(usize, i64)>,
    base: i64,
    op: Op,
}

impl Compiled {
    fn compile(
        c: &Constraint<FieldKey>,
        suspects: &[FieldKey],
        fixed: &FormValues,
    ) -> Option<Self> {
        let mut terms: Vec<(usize, i64)> = Vec::new();
        let mut base = -c.constant;
        let sides = c
            .lhs
            .iter()
            .map(|(k, a)| (*k, *a))
            .chain(c.rhs.iter().map(|(k, a)| (*k, -*a)));
        for (k, a) in sides {
            if let Some(i) = suspects.iter().position(|s| *s == k) {
                match terms.iter_mut().find(|t| t.0 == i) {
                    Some(t) => t.1 += a,
                    None => terms.push((i, a)),
                }
            } else {
                // A constraint over an empty field cannot be checked (R18 reports it).
                base += a * i64::from(fixed.get(k)?);
            }
        }
        Some(Compiled {
            terms,
            base,
            op: c.op,
        })
    }

    fn holds(&self, x: &[Option<i64>]) -> Option<bool> {
        let mut sum = self.base;
        for (i, a) in &self.terms {
            sum += a * x[*i]?;
        }
        Some(match self.op {
            Op::Eq => sum == 0,
            Op::Le => sum <= 0,
            Op::Ge => sum >= 0,
        })
    }

    /// The value an equality forces on its only unassigned slot, if that slot has coefficient ±1.
    fn forces(&self, x: &[Option<i64>]) -> Option<(usize, i64)> {
        if self.op != Op::Eq {
            return None;
        }
        let mut open = None;
        let mut sum = self.base;
        for (i, a) in &self.terms {
            match x[*i] {
                Some(v) => sum += a * v,
                None if open.is_none() => open = Some((*i, *a)),
                None => return None,
            }
        }
        let (i, a) = open?;
        (a == 1 || a == -1).then_some((i, -sum * a))
    }
}

struct Search {
    constraints: Vec<Compiled>,
    touching: Vec<Vec<usize>>,
    domains: Vec<Vec<(u32, f32, u8, Pattern)>>,
    index: Vec<BTreeMap<u32, usize>>,
    order: Vec<usize>,
    x: Vec<Option<i64>>,
    pick: Vec<usize>,
    /// Exactly this many fields must change in the current pass.
    changes_wanted: usize,
    changed: usize,
    bound: f32,
    nodes: usize,
    node_limit: usize,
    found: Vec<(f32, Vec<usize>)>,
    max_found: usize,
}

impl Search {
    fn ok_after(&self, slot: usize) -> bool {
        self.touching[slot]
            .iter()
            .all(|&c| self.constraints[c].holds(&self.x) != Some(false))
    }

    fn set(&mut self, slot: usize, pos: usize) {
        self.x[slot] = Some(i64::from(self.domains[slot][pos].0));
        self.pick[slot] = pos;
        if self.domains[slot][pos].1 > 0.0 {
            self.changed += 1;
        }
    }

    fn unset(&mut self, slot: usize) {
        if self.x[slot].take().is_some() && self.domains[slot][self.pick[slot]].1 > 0.0 {
            self.changed -= 1;
        }
    }

    /// Assigns every slot an equality forces; returns the added cost and the slots set, or
    /// `None` when a forced value is impossible.
    fn propagate(&mut self, trail: &mut Vec<usize>) -> Option<f32> {
        let mut added = 0.0;
        loop {
            let forced = self.constraints.iter().find_map(|c| c.forces(&self.x));
            let Some((slot, value)) = forced else {
                return Some(added);
            };
            let pos = u32::try_from(value)
                .ok()
                .and_then(|v| self.index[slot].get(&v).copied())?;
            self.set(slot, pos);
            trail.push(slot);
            added += self.domains[slot][pos].1;
            if self.changed > self.changes_wanted || !self.ok_after(slot) {
                return None;
            }
        }
    }

    fn record(&mut self, cost: f32) {
        self.found.push((cost, self.pick.clone()));
        self.found.sort_by(|a, b| a.0.total_cmp(&b.0));
        self.found.truncate(self.max_found);
        if self.found.len() == self.max_found
            && let Some(worst) = self.found.last()
        {
            self.bound = self.bound.min(worst.0);
        }
    }

    fn run(&mut self, cost: f32) {
        self.nodes += 1;
        if self.nodes > self.node_limit || cost > self.bound + 1e-4 {
            return;
        }
        let mut trail = Vec::new();
        if let Some(added) = self.propagate(&mut trail) {
            let cost = cost + added;
            let open: Vec<usize> = self
                .order
                .iter()
                .copied()
                .filter(|s| self.x[*s].is_none())
                .collect();
            let still = self.changes_wanted.saturating_sub(self.changed);
            // Every change costs at least MIN_CHANGE_COST; too few open fields cannot reach k.
            let reachable = still <= open.len() && self.changed <= self.changes_wanted;
            if reachable && cost + still as f32 * MIN_CHANGE_COST <= self.bound + 1e-4 {
                match open.first() {
                    None => {
                        if self.changed == self.changes_wanted {
                            self.record(cost);
                        }
                    }
                    Some(&slot) => {
                        for pos in 0..self.domains[slot].len() {
                            let c = self.domains[slot][pos].1;
                            if cost + c > self.bound + 1e-4 || self.nodes > self.node_limit {
                                break;
                            }
                            let is_change = c > 0.0;
                            if is_change && self.changed >= self.changes_wanted {
                                break;
                            }
                            if !is_change && still >= open.len() {
                                continue;
                            }
                            self.set(slot, pos);
                            if self.ok_after(slot) {
                                self.run(cost + c);
                            }
                            self.unset(slot);
                        }
                    }
                }
            }
        }
        for slot in trail.into_iter().rev() {
            self.unset(slot);
        }
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

    let compiled: Vec<Compiled> = hard
        .iter()
        .filter_map(|c| Compiled::compile(c, &suspects, values))
        .filter(|c| !c.terms.is_empty())
        .collect();
    let touching = (0..suspects.len())
        .map(|i| {
            (0..compiled.len())
                .filter(|&c| compiled[c].terms.iter().any(|t| t.0 == i))
                .collect()
        })
        .collect();
    let index = domains
        .iter()
        .map(|d| d.iter().enumerate().map(|(pos, a)| (a.0, pos)).collect())
        .collect();
    let order: Vec<usize> = (0..suspects.len()).collect();
    let mut search = Search {
        constraints: compiled,
        touching,
        index,
        order,
        x: vec![None; suspects.len()],
        pick: vec![0; suspects.len()],
        changes_wanted: 0,
        changed: 0,
        domains,
        bound: 0.0,
        nodes: 0,
        node_limit: opts.node_limit,
        found: Vec::new(),
        max_found: opts.max_suggestions + 1,
    };
    // Widen the cost bound step by step; at each bound try fixes that change 1, 2, … fields.
    // Everything found within a bound is every fix within it, so the best ones come first.
    let mut step = 2.0f32;
    let mut exhaustive = true;
    'widen: while step <= opts.max_cost + 1e-3 {
        search.found.clear();
        for k in 1..=opts.max_changed_fields.min(search.x.len()) {
            search.bound = step;
            search.changes_wanted = k;
            search.run(0.0);
            if search.nodes > search.node_limit {
                exhaustive = false;
                break 'widen;
            }
        }
        if search.found.len() >= search.max_found {
            break;
        }
        step += 1.5;
    }

    let label = |k: FieldKey| field_label(cat, k);
    let suggestions: Vec<Suggestion> = search
        .found
        .iter()
        .filter(|(cost, _)| *cost > 0.0)
        .take(opts.max_suggestions)
        .map(|(cost, picks)| {
            let changes: Vec<Change> = suspects
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

/// One field whose OMR bubbles spell a number the boxes do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BubbleRead {
    pub key: FieldKey,
    /// What the boxes were read as, when they were read at all.
    pub boxes: Option<u32>,
    pub bubbles: u32,
}

/// The bubbles' numbers as a misread suggestion: on the PPWP result page the blackened bubbles
/// are the steadiest signal (read right on every real page tried), so where they are
/// unambiguous and disagree with the boxes, and the form's rules hold with their numbers, a
/// person is offered them first. Nothing is ever accepted from here without a person.
pub fn bubble_suggestion(
    cat: &Catalogue,
    values: &FormValues,
    reads: &[BubbleRead],
) -> Option<Suggestion> {
    let reads: Vec<&BubbleRead> = reads
        .iter()
        .filter(|r| r.boxes != Some(r.bubbles) && cat.get(r.key).is_some())
        .collect();
    if reads.is_empty() {
        return None;
    }
    let mut after = values.clone();
    for r in &reads {
        after.set(r.key, r.bubbles);
    }
    let broken = crate::rules::form::check_form(cat, &after).iter().any(|f| {
        f.is_error()
            && reads
                .iter()
                .any(|r| f.fields.iter().any(|x| x.key == r.key))
    });
    if broken {
        return None;
    }
    let changes: Vec<Change> = reads
        .iter()
        .map(|r| Change {
            key: r.key,
            from: r.boxes.unwrap_or(0),
            to: r.bubbles,
            boxes_changed: 0,
            pattern: Pattern::BubblesDiffer,
            cost: 0.0,
        })
        .collect();
    let list = |english: bool| {
        reads
            .iter()
            .map(|r| {
                let boxes = r.boxes.map_or_else(
                    || (if english { "unreadable" } else { "tak terbaca" }).to_string(),
                    |v| v.to_string(),
                );
                format!("{} {boxes} → {}", field_label(cat, r.key), r.bubbles)
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    Some(Suggestion {
        changes,
        cost: 0.0,
        text_id: format!("Gelembung terisi menunjukkan: {}", list(false)),
        text_en: format!("The filled bubbles show: {}", list(true)),
    })
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
