//! A numeric rule instance: `Σ aᵢ·xᵢ  op  Σ bⱼ·yⱼ + c`, with integer coefficients over a common
//! `scale` (so that "1,02 × DPT" is `102·A / 100`). The same data drives checking and the
//! misread search.

use serde::Serialize;

use super::{RuleId, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    Eq,
    Le,
    Ge,
}

impl Op {
    pub const fn word_id(self) -> &'static str {
        match self {
            Op::Eq => "seharusnya sama dengan",
            Op::Le => "seharusnya paling banyak",
            Op::Ge => "seharusnya paling sedikit",
        }
    }
    pub const fn word_en(self) -> &'static str {
        match self {
            Op::Eq => "should equal",
            Op::Le => "should be at most",
            Op::Ge => "should be at least",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint<V> {
    pub rule: RuleId,
    pub severity: Severity,
    pub lhs: Vec<(V, i64)>,
    pub op: Op,
    pub rhs: Vec<(V, i64)>,
    pub constant: i64,
    /// Divisor for showing the two sides in natural units.
    pub scale: i64,
}

/// Result of evaluating one constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<V> {
    Pass,
    /// `actual` is the left side, `expected` the right side, both in natural units.
    Fail {
        actual: i64,
        expected: i64,
    },
    /// Some variable has no value; R18 reports missing fields.
    Unknown(Vec<V>),
}

impl<V: Copy + PartialEq> Constraint<V> {
    pub fn new(rule: RuleId, severity: Severity, lhs: Vec<V>, op: Op, rhs: Vec<V>) -> Self {
        Constraint {
            rule,
            severity,
            lhs: lhs.into_iter().map(|v| (v, 1)).collect(),
            op,
            rhs: rhs.into_iter().map(|v| (v, 1)).collect(),
            constant: 0,
            scale: 1,
        }
    }

    /// `v op constant`.
    pub fn bound(rule: RuleId, severity: Severity, v: V, op: Op, constant: i64) -> Self {
        Constraint {
            rule,
            severity,
            lhs: vec![(v, 1)],
            op,
            rhs: Vec::new(),
            constant,
            scale: 1,
        }
    }

    /// Every variable, left side first, without repeats.
    pub fn vars(&self) -> Vec<V> {
        let mut out: Vec<V> = Vec::with_capacity(self.lhs.len() + self.rhs.len());
        for (v, _) in self.lhs.iter().chain(self.rhs.iter()) {
            if !out.contains(v) {
                out.push(*v);
            }
        }
        out
    }

    pub fn eval(&self, get: impl Fn(V) -> Option<i64>) -> Outcome<V> {
        let mut missing = Vec::new();
        let mut side = |terms: &[(V, i64)]| -> i64 {
            let mut sum = 0i64;
            for (v, c) in terms {
                match get(*v) {
                    Some(x) => sum += c * x,
                    None => {
                        if !missing.contains(v) {
                            missing.push(*v);
                        }
                    }
                }
            }
            sum
        };
        let left = side(&self.lhs);
        let right = side(&self.rhs) + self.constant;
        if !missing.is_empty() {
            return Outcome::Unknown(missing);
        }
        let ok = match self.op {
            Op::Eq => left == right,
            Op::Le => left <= right,
            Op::Ge => left >= right,
        };
        if ok {
            Outcome::Pass
        } else {
            let s = self.scale.max(1);
            // Round half away from zero so that 1,02 × 156 shows as 159.
            let show = |x: i64| (x + x.signum() * s / 2) / s;
            Outcome::Fail {
                actual: show(left),
                expected: show(right),
            }
        }
    }

    /// True when the constraint holds or cannot be evaluated yet.
    pub fn holds(&self, get: impl Fn(V) -> Option<i64>) -> bool {
        !matches!(self.eval(get), Outcome::Fail { .. })
    }

    /// Describes one side in words, e.g. `B.1 + B.2 + B.3` or `1,02 × I.A (J)`.
    pub fn describe(&self, left: bool, label: &impl Fn(V) -> String) -> String {
        let terms = if left { &self.lhs } else { &self.rhs };
        let s = self.scale.max(1);
        let mut parts: Vec<String> = terms
            .iter()
            .map(|(v, c)| {
                let name = label(*v);
                if *c == s {
                    name
                } else {
                    let whole = *c / s;
                    let frac = (*c % s).abs();
                    if frac == 0 {
                        format!("{whole} × {name}")
                    } else {
                        format!("{whole},{frac:02} × {name}")
                    }
                }
            })
            .collect();
        // Long sums (18 party totals) read better elided.
        if parts.len() > 5 {
            let last = parts.pop().unwrap_or_default();
            parts.truncate(2);
            parts.push("…".to_string());
            parts.push(last);
        }
        if !left && (self.constant != 0 || parts.is_empty()) {
            parts.push((self.constant / s).to_string());
        }
        parts.join(" + ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_scaled_inequalities_and_missing_values() {
        // 100·x ≤ 102·y  (x ≤ 1,02 y)
        let c = Constraint {
            rule: RuleId::R17,
            severity: Severity::Warning,
            lhs: vec![(0u8, 100)],
            op: Op::Le,
            rhs: vec![(1u8, 102)],
            constant: 0,
            scale: 100,
        };
        let vals = |a: i64, b: i64| move |v: u8| Some(if v == 0 { a } else { b });
        assert_eq!(c.eval(vals(159, 156)), Outcome::Pass);
        assert_eq!(
            c.eval(vals(160, 156)),
            Outcome::Fail {
                actual: 160,
                expected: 159
            }
        );
        assert_eq!(c.eval(|v| (v == 0).then_some(1)), Outcome::Unknown(vec![1]));
        assert_eq!(c.describe(false, &|v| format!("v{v}")), "1,02 × v1");
    }
}
