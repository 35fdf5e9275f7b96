//! The auto-acceptance policy applied to machine readings: a form's readings become agreed
//! entries (source `ocr_accepted`) only when every field is read confidently, boxes and bubbles
//! agree, and every rule of the form and of its TPS passes. Anything else waits for a person.

use std::collections::BTreeSet;

use pleno_core::recap::FormState;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Catalogue, Contest, FormValues};
use pleno_store::{Actor, DigitReading, NewEntry, Reading, ReadingStatus};

use crate::error::AppResult;
use crate::figures_import::SYSTEM_ACTOR;
use crate::forms::{FormData, form_findings};
use crate::policy::{AcceptancePolicy, FieldScore};
use crate::workspace::Workspace;

/// The probability of what each box means for the value. In leading boxes (before the first
/// digit 1–9) an empty box, an "X"/"-" mark and a 0 all mean nothing, so theirs add up.
pub fn box_probabilities(digits: &[DigitReading]) -> Vec<f32> {
    let mut leading = true;
    digits
        .iter()
        .map(|d| {
            if matches!(d.class, Some(1..=9)) {
                leading = false;
            }
            let p = |i: usize| d.probabilities.get(i).copied().unwrap_or(0.0);
            if leading {
                (p(0) + p(10) + p(11)).min(1.0)
            } else {
                d.probabilities.iter().copied().fold(0.0f32, f32::max)
            }
        })
        .collect()
}

/// Whether one reading may be accepted unseen (the policy's own judgement of it).
pub(crate) fn reading_passes(policy: &AcceptancePolicy, r: &Reading) -> bool {
    let value_ok = match r.status {
        ReadingStatus::Read => r.value.is_some(),
        // An empty field on a complete page means 0 (KPPS leave unused rows blank).
        ReadingStatus::Empty => true,
        ReadingStatus::Unreadable | ReadingStatus::Inconsistent => false,
    };
    value_ok && policy.judge(&FieldScore::of_reading(r)).is_empty()
}

impl Workspace {
    /// Accepts the readings of each form in `forms` that nobody has touched yet, when the
    /// policy allows. Returns (forms agreed, forms left for review).
    pub(crate) fn accept_readings(
        &self,
        forms: &BTreeSet<(TpsCode, Contest)>,
    ) -> AppResult<(usize, usize)> {
        let policy = self.policy();
        let system = Actor::with_role(SYSTEM_ACTOR, "kebijakan penerimaan");
        let mut accepted: BTreeSet<(TpsCode, Contest)> = BTreeSet::new();
        let mut left = 0;
        {
            let mut store = self.writable()?;
            let mut batch = Vec::new();
            for (tps, contest) in forms {
                let data = FormData::load(&store, tps, *contest)?;
                if data.state == FormState::Agreed || !data.entries.is_empty() {
                    left += 1;
                    continue;
                }
                let all_read = data.cat.keys().all(|k| {
                    data.readings
                        .get(&k)
                        .is_some_and(|r| reading_passes(&policy, r))
                });
                let others = other_forms(&store, tps, *contest)?;
                let findings = form_findings(&policy, &data, *contest, tps, &others);
                if !(all_read && policy.form_passes(&findings)) {
                    left += 1;
                    continue;
                }
                for k in data.cat.keys() {
                    if let Some(r) = data.readings.get(&k) {
                        batch.push(NewEntry::ocr_accepted(
                            tps,
                            *contest,
                            k,
                            r.value.unwrap_or(0),
                            r.id,
                        ));
                    }
                }
                accepted.insert((tps.clone(), *contest));
            }
            if !batch.is_empty() {
                store.add_entries(&system, None, &batch)?;
            }
        }
        let (agreed, not_agreed) = self.auto_agree(&accepted)?;
        Ok((agreed, left + not_agreed))
    }
}

/// The other forms of the TPS, as the cross-form rules see them.
fn other_forms(
    store: &pleno_store::Store,
    tps: &TpsCode,
    contest: Contest,
) -> AppResult<Vec<(Catalogue, FormValues)>> {
    let mut out = Vec::new();
    for c in Contest::ALL {
        if c == contest || store.catalogue(c).is_err() {
            continue;
        }
        let d = FormData::load(store, tps, c)?;
        if !d.is_empty() {
            out.push((d.cat.clone(), d.values()));
        }
    }
    Ok(out)
}
