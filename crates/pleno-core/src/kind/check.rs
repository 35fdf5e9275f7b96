//! A kind's rules against the figures of one form (or the part of it one page shows).

use std::collections::BTreeSet;

use serde::Serialize;

use super::{ContestKind, KindRule, RuleOp};
use crate::field::FieldKey;
use crate::values::FormValues;

/// One rule against one set of figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindOutcome {
    Pass,
    Fail {
        left: u64,
        right: u64,
    },
    /// A field of the rule has no figure.
    Unknown,
}

/// A failed rule, as reported with the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindFinding {
    pub rule: String,
    pub text: String,
    pub warning: bool,
    pub fields: Vec<FieldKey>,
    pub left: u64,
    pub right: u64,
}

impl KindFinding {
    pub fn involves(&self, key: FieldKey) -> bool {
        self.fields.contains(&key)
    }

    /// "K1: Jumlah suara … (kiri 412, kanan 410)".
    pub fn message(&self) -> String {
        format!(
            "{}: {} (kiri {}, kanan {})",
            self.rule, self.text, self.left, self.right
        )
    }
}

impl KindRule {
    pub fn eval(&self, values: &FormValues) -> KindOutcome {
        let sum = |keys: &[FieldKey]| -> Option<u64> {
            keys.iter()
                .map(|k| values.get(*k).map(u64::from))
                .sum::<Option<u64>>()
        };
        let (Some(left), Some(right)) = (sum(&self.left), sum(&self.right)) else {
            return KindOutcome::Unknown;
        };
        let ok = match self.op {
            RuleOp::Eq => left == right,
            RuleOp::Le => left <= right,
            RuleOp::Ge => left >= right,
        };
        if ok {
            KindOutcome::Pass
        } else {
            KindOutcome::Fail { left, right }
        }
    }
}

impl ContestKind {
    /// The rules whose every field is in `within` (e.g. the fields one page shows) that fail on
    /// `values`.
    pub fn check(&self, values: &FormValues, within: &BTreeSet<FieldKey>) -> Vec<KindFinding> {
        self.rules
            .iter()
            .filter(|r| r.vars().iter().all(|k| within.contains(k)))
            .filter_map(|r| match r.eval(values) {
                KindOutcome::Fail { left, right } => Some(KindFinding {
                    rule: r.id.clone(),
                    text: r.text.clone(),
                    warning: r.warning,
                    fields: r.vars(),
                    left,
                    right,
                }),
                _ => None,
            })
            .collect()
    }
}
