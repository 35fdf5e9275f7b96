//! The auto-acceptance policy, in one place: when may figures become agreed entries without a
//! person confirming them? Scores come from the reader and the rules; the decision is here.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use pleno_core::boxes::BoxClass;
use pleno_core::rules::Finding;
use pleno_core::{Contest, FieldKey};

/// Thresholds an office may tune (stored in the workspace settings).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AcceptancePolicy {
    /// Lowest per-field confidence (product of its digit probabilities) accepted unseen.
    pub min_field_confidence: f32,
    /// Lowest probability of any single digit box.
    pub min_digit_probability: f32,
    /// Whether warnings (R14, R15, R17, X-rules) also send a form to a person.
    pub warnings_need_review: bool,
    /// Lowest probability of any box when the segment reader spelled every written digit as
    /// the model read it (boxes with the printed guide): two readers that share nothing
    /// agreeing earn the confidence one alone would need more of (docs/reader.md).
    #[serde(default = "default_confirmed")]
    pub min_confirmed_probability: f32,
    /// Largest share of a box's side that the photo's shake may smear for the box to be
    /// accepted unseen (pleno-reader `MAX_SMEAR`: a shaken photo of small boxes turns 8s into
    /// 0s that the model is sure of).
    #[serde(default = "default_smear")]
    pub max_smear: f32,
}

fn default_confirmed() -> f32 {
    AcceptancePolicy::default().min_confirmed_probability
}

fn default_smear() -> f32 {
    AcceptancePolicy::default().max_smear
}

impl Default for AcceptancePolicy {
    fn default() -> Self {
        AcceptancePolicy {
            min_field_confidence: 0.97,
            min_digit_probability: 0.98,
            warnings_need_review: true,
            min_confirmed_probability: 0.90,
            max_smear: pleno_reader::MAX_SMEAR,
        }
    }
}

/// Why a figure was not accepted automatically (codes shared with the UI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum WhyNot {
    /// A rule failed that involves this field.
    Rule { rule: String, message: String },
    /// The field could not be read confidently.
    LowConfidence { confidence_permille: u32 },
    /// Box digits and OMR bubbles disagree (PPWP page 2).
    OmrDisagrees {
        boxes: Option<u32>,
        bubbles: Option<u32>,
    },
    /// The segment reader spells a box of the field otherwise than the digit model read it.
    SegmentsDisagree,
    /// The photo is too shaken for the size of the field's boxes (permille of a box's side
    /// smeared).
    BoxesSmeared { smear_permille: u32 },
    /// The office's labelled crops nearest a box of the field carry another class than the
    /// model read there (on-site adaptation).
    NeighboursDisagree,
    /// The field is empty, unreadable or inconsistent on the page.
    NotRead { status: String },
    /// Another field of the same form is not accepted, so the form goes to a person whole.
    FormNeedsReview,
}

/// What the reader says about one field, for [`AcceptancePolicy::field_reasons`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldScore<'a> {
    /// The reader's status word: "read", "empty", "unreadable", "inconsistent".
    pub status: &'a str,
    pub confidence: f32,
    /// The lowest probability of any of its boxes.
    pub min_digit_probability: f32,
    /// Box value and bubble value, where the page has bubbles.
    pub omr: Option<(Option<u32>, Option<u32>)>,
    /// The segment reader's verdict (pleno_core `boxes::segments_verdict`).
    pub segments_agree: Option<bool>,
    /// Whether on-site adaptation disputes a box of the field.
    pub neighbours_dispute: bool,
    /// The largest share of a box's side that the photo's shake smears, where it was measured.
    pub smear: Option<f32>,
}

impl FieldScore<'static> {
    /// A stored reading as the policy judges it (the import, the queue, the panel).
    pub fn of_reading(r: &pleno_store::Reading) -> FieldScore<'static> {
        let probs = crate::photos::box_probabilities(&r.digits);
        let bubbles = r
            .bubbles
            .as_ref()
            .and_then(|b| b.get("value"))
            .map(|v| v.as_u64().and_then(|v| u32::try_from(v).ok()));
        FieldScore {
            status: r.status.as_str(),
            confidence: r.confidence as f32,
            min_digit_probability: probs.iter().copied().fold(1.0, f32::min),
            omr: bubbles.map(|b| (r.value, b)),
            segments_agree: pleno_core::boxes::segments_verdict(r.digits.iter().map(|d| {
                let class = d.class.map_or(BoxClass::Nothing, BoxClass::Digit);
                (class, d.segments)
            })),
            neighbours_dispute: r
                .digits
                .iter()
                .any(|d| d.adapted.as_ref().is_some_and(|a| a.how == "disputed")),
            smear: worst(r.digits.iter().map(|d| d.smear)),
        }
    }
}

impl<'a> FieldScore<'a> {
    /// A field as the reader just read it (`pleno read`, before anything is stored).
    pub fn of_field(f: &'a pleno_reader::FieldReading) -> FieldScore<'a> {
        FieldScore {
            status: f.status.as_str(),
            confidence: f.confidence,
            min_digit_probability: f.min_digit_p,
            omr: f.bubbles.as_ref().map(|b| (f.value, b.value)),
            segments_agree: f.segments_agree,
            neighbours_dispute: f.neighbours_dispute(),
            smear: worst(f.digits.iter().map(|d| d.smear)),
        }
    }
}

/// The largest of the boxes' measures, if any was measured.
fn worst(v: impl Iterator<Item = Option<f32>>) -> Option<f32> {
    v.flatten().reduce(f32::max)
}

impl AcceptancePolicy {
    /// Every reason in the reading itself that keeps one field from auto-acceptance; empty
    /// means the reading may be accepted (the rules still have their say). The one decider,
    /// for the import, `pleno read` and the screens alike.
    pub fn judge(&self, score: &FieldScore<'_>) -> Vec<WhyNot> {
        let mut out = Vec::new();
        // An empty field on a read page means 0, as the import takes it (photos/accept.rs).
        if score.status != "read" && score.status != "empty" {
            out.push(WhyNot::NotRead {
                status: score.status.to_string(),
            });
        }
        let low = if score.segments_agree == Some(true) {
            score.min_digit_probability < self.min_confirmed_probability
        } else {
            score.confidence < self.min_field_confidence
                || score.min_digit_probability < self.min_digit_probability
        };
        if low {
            out.push(WhyNot::LowConfidence {
                confidence_permille: (score.confidence.clamp(0.0, 1.0) * 1000.0) as u32,
            });
        }
        if let Some((boxes, bubbles)) = score.omr
            && boxes != bubbles
        {
            out.push(WhyNot::OmrDisagrees { boxes, bubbles });
        }
        if score.segments_agree == Some(false) {
            out.push(WhyNot::SegmentsDisagree);
        }
        if score.neighbours_dispute {
            out.push(WhyNot::NeighboursDisagree);
        }
        if let Some(smear) = score.smear.filter(|&s| s > self.max_smear) {
            out.push(WhyNot::BoxesSmeared {
                smear_permille: (smear.clamp(0.0, 1.0) * 1000.0).round() as u32,
            });
        }
        out
    }

    /// [`AcceptancePolicy::judge`] and then `rule_reasons`.
    pub fn field_reasons(&self, score: &FieldScore<'_>, rule_reasons: Vec<WhyNot>) -> Vec<WhyNot> {
        let mut out = self.judge(score);
        out.extend(rule_reasons);
        out
    }

    /// Reasons, from rules alone, that keep `key` of `contest` from auto-acceptance.
    pub fn rule_reasons(
        &self,
        contest: Contest,
        key: FieldKey,
        findings: &[Finding],
    ) -> Vec<WhyNot> {
        findings
            .iter()
            .filter(|f| f.is_error() || self.warnings_need_review)
            .filter(|f| {
                f.involves(contest, key) || (f.fields.is_empty() && f.contest == Some(contest))
            })
            .map(|f| WhyNot::Rule {
                rule: f.rule.to_string(),
                message: f.text_id.clone(),
            })
            .collect()
    }

    /// Whether a whole form passes, given all findings that concern it.
    pub fn form_passes(&self, findings: &[Finding]) -> bool {
        // L4 (a photo contradicts a recorded figure) always needs a person, whatever the
        // office chose for other warnings: the paper is the reference.
        findings.iter().all(|f| {
            !(f.is_error() || self.warnings_need_review || f.rule == pleno_core::RuleId::L4)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(confidence: f32, neighbours_dispute: bool) -> FieldScore<'static> {
        FieldScore {
            status: "read",
            confidence,
            min_digit_probability: confidence,
            omr: None,
            segments_agree: None,
            neighbours_dispute,
            smear: None,
        }
    }

    #[test]
    fn adaptation_never_overrules_the_rules_and_a_dispute_needs_a_person() {
        let policy = AcceptancePolicy::default();
        // Doubt cut by the office's crops: the reading itself passes...
        assert!(policy.judge(&score(0.995, false)).is_empty());
        // ...but a rule that fails on the field still sends it to a person.
        let rule = vec![WhyNot::Rule {
            rule: "R1".into(),
            message: "jumlah".into(),
        }];
        assert_eq!(
            policy.field_reasons(&score(0.995, false), rule.clone()),
            rule
        );
        // Neighbours that read another digit: review, however sure the network is.
        assert_eq!(
            policy.judge(&score(0.9999, true)),
            vec![WhyNot::NeighboursDisagree]
        );
    }

    #[test]
    fn a_box_smeared_by_a_shake_needs_a_person_however_sure_the_model_is() {
        let policy = AcceptancePolicy::default();
        let at = |smear: Option<f32>| FieldScore {
            smear,
            ..score(1.0, false)
        };
        // Not measured (no mark on the photo), or within the bar: the model decides.
        assert!(policy.judge(&at(None)).is_empty());
        assert!(policy.judge(&at(Some(policy.max_smear))).is_empty());
        assert_eq!(
            policy.judge(&at(Some(0.06))),
            vec![WhyNot::BoxesSmeared { smear_permille: 60 }]
        );
        // Both readers agreeing do not outweigh the shake either.
        let agreed = FieldScore {
            segments_agree: Some(true),
            ..at(Some(0.06))
        };
        assert_eq!(policy.judge(&agreed).len(), 1);
    }
}
