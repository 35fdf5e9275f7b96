//! Contest kinds defined by data: a form Pleno has no code for (a Pilkada C.HASIL-KWK, a 2019
//! C1), described in a JSON file — its participants, the fields of each page and the rules its
//! figures obey — so that its pages can be calibrated, read and checked without a code change.
//!
//! Fields are named in the vocabulary of [`FieldKey`] (`suara_paslon_3`, `suara_sah`,
//! `pengguna_total_j`, …): the quantities of a count are the same from one election to the
//! next, what changes is which of them a form prints, where, and how they must add up. A field
//! whose key holds `{n}` is repeated for every participant (`{name}` in its label is the
//! participant's name), so the number of pairs is data too. A rule is `left op right` over sums
//! of fields; a term ending in `*` stands for every field of the kind whose key starts so.
//!
//! Page codes are `type_number × 100 + page`, like the 2024 forms; type numbers 6–9 are free
//! for kinds (1–5 are the five 2024 contests). See docs/contest-kinds.md.

mod check;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::field::FieldKey;

pub use check::{KindFinding, KindOutcome};

/// Type numbers a kind may use: above the five 2024 contests, below the salinan sheet ids.
pub const KIND_TYPE_NUMBERS: std::ops::RangeInclusive<u16> = 6..=9;
const MAX_PARTICIPANTS: usize = 20;

/// The file as written by a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    /// Stable machine name, e.g. `pilkada-bupati`.
    pub id: String,
    /// What is elected, e.g. "Bupati dan Wakil Bupati".
    pub name: String,
    /// The form's name as printed, e.g. "Model C.HASIL-KWK".
    pub form: String,
    pub type_number: u16,
    /// Names of the pairs or candidates, in ballot order (numbered from 1).
    pub participants: Vec<String>,
    pub pages: Vec<PageSpec>,
    pub rules: Vec<RuleSpec>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSpec {
    /// Page number within the form (1–98); its code is `type_number × 100 + page`.
    pub page: u16,
    pub fields: Vec<FieldSpec>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// A [`FieldKey`] name; `{n}` repeats the field for every participant.
    pub key: String,
    /// Row code as printed, e.g. `IV.{n}` or `V.A`.
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleOp {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">=")]
    Ge,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Short id shown with the finding, e.g. `K1`.
    pub id: String,
    /// What the rule says, in Indonesian, as the plenary reads it.
    pub text: String,
    pub left: Vec<String>,
    pub op: RuleOp,
    pub right: Vec<String>,
    /// A failure is a warning to acknowledge rather than an error to correct.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub warning: bool,
}

/// One number of a kind's form, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindField {
    pub key: FieldKey,
    pub code: String,
    pub label: String,
    /// Page code.
    pub page: u16,
}

/// One rule, resolved to field keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindRule {
    pub id: String,
    pub text: String,
    pub left: Vec<FieldKey>,
    pub op: RuleOp,
    pub right: Vec<FieldKey>,
    pub warning: bool,
}

impl KindRule {
    /// Every field of the rule, left side first, without repeats.
    pub fn vars(&self) -> Vec<FieldKey> {
        let mut out = Vec::new();
        for k in self.left.iter().chain(&self.right) {
            if !out.contains(k) {
                out.push(*k);
            }
        }
        out
    }
}

/// A checked kind: every field and rule resolved, ready for the reader and the checks.
#[derive(Debug, Clone, PartialEq)]
pub struct ContestKind {
    pub spec: KindSpec,
    pub fields: Vec<KindField>,
    pub rules: Vec<KindRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KindError {
    #[error("berkas jenis pemilihan tidak terbaca: {0}")]
    Json(String),
    #[error("id jenis pemilihan kosong atau berisi selain huruf kecil, angka dan '-'")]
    BadId,
    #[error(
        "nomor jenis {0} tidak dapat dipakai: 1–5 milik formulir Pemilu 2024, gunakan 6, 7, 8 atau 9"
    )]
    TypeNumber(u16),
    #[error("jumlah peserta {0}: harus 1–20 nama pasangan atau calon")]
    Participants(usize),
    #[error("halaman {0}: nomor halaman harus 1–98 dan tidak ganda")]
    Page(u16),
    #[error("halaman {page}: isian '{key}' bukan nama isian yang dikenal ({detail})")]
    UnknownKey {
        page: u16,
        key: String,
        detail: String,
    },
    #[error("isian '{0}' tercantum lebih dari sekali")]
    DuplicateField(String),
    #[error("aturan '{0}' tercantum lebih dari sekali atau tanpa id")]
    DuplicateRule(String),
    #[error("aturan {rule}: '{term}' bukan isian formulir ini")]
    RuleTerm { rule: String, term: String },
    #[error("aturan {0}: sisi kiri dan kanan harus berisi isian")]
    EmptyRule(String),
}

impl ContestKind {
    /// Reads and checks a kind file's text.
    pub fn from_json(text: &str) -> Result<ContestKind, KindError> {
        let spec: KindSpec =
            serde_json::from_str(text).map_err(|e| KindError::Json(e.to_string()))?;
        ContestKind::new(spec)
    }

    pub fn new(spec: KindSpec) -> Result<ContestKind, KindError> {
        let id_ok = !spec.id.is_empty()
            && spec
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(KindError::BadId);
        }
        if !KIND_TYPE_NUMBERS.contains(&spec.type_number) {
            return Err(KindError::TypeNumber(spec.type_number));
        }
        let n = spec.participants.len();
        if n == 0 || n > MAX_PARTICIPANTS {
            return Err(KindError::Participants(n));
        }
        let fields = expand_fields(&spec)?;
        let rules = resolve_rules(&spec, &fields)?;
        Ok(ContestKind {
            spec,
            fields,
            rules,
        })
    }

    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// Page codes of the form, in page order.
    pub fn page_codes(&self) -> Vec<u16> {
        self.spec
            .pages
            .iter()
            .map(|p| self.spec.type_number * 100 + p.page)
            .collect()
    }

    /// The fields printed on page `code`, in the file's order; empty for another page.
    pub fn page_fields(&self, code: u16) -> Vec<&KindField> {
        self.fields.iter().filter(|f| f.page == code).collect()
    }

    pub fn field(&self, key: FieldKey) -> Option<&KindField> {
        self.fields.iter().find(|f| f.key == key)
    }
}

fn expand_fields(spec: &KindSpec) -> Result<Vec<KindField>, KindError> {
    let mut out: Vec<KindField> = Vec::new();
    let mut pages = BTreeSet::new();
    for p in &spec.pages {
        if !(1..=98).contains(&p.page) || !pages.insert(p.page) {
            return Err(KindError::Page(p.page));
        }
        let code = spec.type_number * 100 + p.page;
        for f in &p.fields {
            let repeated = f.key.contains("{n}");
            let numbers: Vec<Option<usize>> = if repeated {
                (1..=spec.participants.len()).map(Some).collect()
            } else {
                vec![None]
            };
            for n in numbers {
                let fill = |s: &str| match n {
                    Some(n) => s
                        .replace("{n}", &n.to_string())
                        .replace("{name}", &spec.participants[n - 1]),
                    None => s.to_string(),
                };
                let name = fill(&f.key);
                let key: FieldKey = name.parse().map_err(|e: crate::field::UnknownField| {
                    KindError::UnknownKey {
                        page: code,
                        key: name.clone(),
                        detail: e.to_string(),
                    }
                })?;
                if out.iter().any(|g| g.key == key) {
                    return Err(KindError::DuplicateField(name));
                }
                out.push(KindField {
                    key,
                    code: fill(&f.code),
                    label: fill(&f.label),
                    page: code,
                });
            }
        }
    }
    Ok(out)
}

fn resolve_rules(spec: &KindSpec, fields: &[KindField]) -> Result<Vec<KindRule>, KindError> {
    let mut out: Vec<KindRule> = Vec::new();
    for r in &spec.rules {
        if r.id.trim().is_empty() || out.iter().any(|o| o.id == r.id) {
            return Err(KindError::DuplicateRule(r.id.clone()));
        }
        let side = |terms: &[String]| -> Result<Vec<FieldKey>, KindError> {
            let mut keys = Vec::new();
            for term in terms {
                let bad = || KindError::RuleTerm {
                    rule: r.id.clone(),
                    term: term.clone(),
                };
                let matched: Vec<FieldKey> = match term.strip_suffix('*') {
                    Some(prefix) => fields
                        .iter()
                        .filter(|f| f.key.to_string().starts_with(prefix))
                        .map(|f| f.key)
                        .collect(),
                    None => term
                        .parse::<FieldKey>()
                        .ok()
                        .filter(|k| fields.iter().any(|f| f.key == *k))
                        .into_iter()
                        .collect(),
                };
                if matched.is_empty() {
                    return Err(bad());
                }
                keys.extend(matched);
            }
            Ok(keys)
        };
        let (left, right) = (side(&r.left)?, side(&r.right)?);
        if left.is_empty() || right.is_empty() {
            return Err(KindError::EmptyRule(r.id.clone()));
        }
        out.push(KindRule {
            id: r.id.clone(),
            text: r.text.clone(),
            left,
            op: r.op,
            right,
            warning: r.warning,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
