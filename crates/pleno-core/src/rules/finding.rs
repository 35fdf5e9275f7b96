//! What a failed rule reports: which rule, how bad, which fields, expected against actual, and
//! a message in Indonesian and English.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{RuleId, Severity};
use crate::contest::Contest;
use crate::field::FieldKey;

/// A field of a particular contest's form.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct FieldRef {
    pub contest: Contest,
    pub key: FieldKey,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// The form the finding is about, when it is about one form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contest: Option<Contest>,
    /// Wilayah or TPS code, for findings across TPS and levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub fields: Vec<FieldRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<i64>,
    /// Stable message id for translation tables (e.g. `rule.R8`).
    pub message_id: String,
    pub text_id: String,
    pub text_en: String,
}

impl Finding {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn involves(&self, contest: Contest, key: FieldKey) -> bool {
        self.fields
            .iter()
            .any(|f| f.contest == contest && f.key == key)
    }

    pub fn text(&self, english: bool) -> &str {
        if english {
            &self.text_en
        } else {
            &self.text_id
        }
    }
}
