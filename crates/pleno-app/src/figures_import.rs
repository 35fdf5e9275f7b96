//! Typed C.Hasil figures brought in from a workbook (source `import`), for TPS whose photos are
//! missing. The whole file is checked first and written as one batch: a bad file changes
//! nothing. Forms that pass every rule are then agreed under the acceptance policy; the rest
//! wait in the review queue.

use std::collections::BTreeSet;
use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

use pleno_core::wilayah::TpsCode;
use pleno_core::{Catalogue, Contest, FormValues};
use pleno_store::{Actor, NewEntry, Source};

use crate::error::AppResult;
use crate::events::AppEvent;
use crate::forms::{FormData, form_findings};
use crate::import::load_figures;
use crate::workspace::{Who, Workspace};

/// The name recorded for what the policy does on its own.
pub const SYSTEM_ACTOR: &str = "Pleno (penerimaan otomatis)";

#[derive(Debug, Clone, Serialize, PartialEq, Eq, JsonSchema)]
pub struct FiguresReport {
    pub forms: usize,
    pub entries: usize,
    /// Fields already holding the same figure (a re-import): not written again.
    pub unchanged: usize,
    /// Fields a person set in the plenary (a clerk's correction, a recount) that the file
    /// would change: the person's figure stands; the file's is not recorded.
    pub kept: usize,
    pub agreed: usize,
    pub to_review: usize,
    pub skipped: usize,
}

impl Workspace {
    /// Imports the typed figures of `path`, except the forms in `skip`.
    pub fn import_figures(
        &self,
        who: &Who,
        path: &Path,
        skip: &[(TpsCode, Contest)],
    ) -> AppResult<FiguresReport> {
        let election = self.query(pleno_store::Store::election)?;
        let forms = load_figures(path, &election)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let reason = format!("impor angka C.Hasil dari berkas {name}");
        let mut report = FiguresReport {
            forms: 0,
            entries: 0,
            unchanged: 0,
            kept: 0,
            agreed: 0,
            to_review: 0,
            skipped: 0,
        };
        let mut touched: BTreeSet<(TpsCode, Contest)> = BTreeSet::new();
        {
            let mut store = self.writable()?;
            let mut batch = Vec::new();
            for f in &forms {
                if skip.iter().any(|(t, c)| *t == f.tps && *c == f.contest) {
                    report.skipped += 1;
                    continue;
                }
                let current = store.current_values(&f.tps, f.contest)?;
                report.forms += 1;
                for (k, v) in f.values.iter() {
                    if current.values.get(k) == Some(v) {
                        report.unchanged += 1;
                        continue;
                    }
                    // A file brought in again (the same SIREKAP export, hours later) must not
                    // undo what a panel corrected from the paper.
                    if current
                        .entries
                        .get(&k)
                        .is_some_and(|e| matches!(e.source, Source::Clerk | Source::Recount))
                    {
                        report.kept += 1;
                        continue;
                    }
                    batch.push(
                        NewEntry::new(&f.tps, f.contest, k, v, Source::Import)
                            .with_reason(reason.clone()),
                    );
                }
                touched.insert((f.tps.clone(), f.contest));
            }
            report.entries = batch.len();
            if !batch.is_empty() {
                store.add_entries(&who.actor, who.panel, &batch)?;
            }
        }
        let (agreed, review) = self.auto_agree(&touched)?;
        report.agreed = agreed;
        report.to_review = review;
        for (tps, contest) in touched {
            self.notify(AppEvent::FormChanged { tps, contest });
        }
        Ok(report)
    }

    /// Agrees every form in `forms` whose figures are complete and pass every rule of the form
    /// and of its TPS (warnings too, unless the policy says otherwise). Returns (agreed, left).
    pub(crate) fn auto_agree(
        &self,
        forms: &BTreeSet<(TpsCode, Contest)>,
    ) -> AppResult<(usize, usize)> {
        let policy = self.policy();
        let system = Actor::with_role(SYSTEM_ACTOR, "kebijakan penerimaan");
        let mut store = self.writable()?;
        let (mut passing, mut left) = (Vec::new(), 0);
        let tps_set: BTreeSet<&TpsCode> = forms.iter().map(|(t, _)| t).collect();
        for tps in tps_set {
            // Load every form of the TPS once: the cross-form rules need them all.
            let mut loaded = Vec::new();
            for contest in Contest::ALL {
                if store.catalogue(contest).is_ok() {
                    let data = FormData::load(&store, tps, contest)?;
                    if !data.is_empty() {
                        loaded.push((contest, data));
                    }
                }
            }
            let working: Vec<(Contest, Catalogue, FormValues)> = loaded
                .iter()
                .map(|(c, d)| (*c, d.cat.clone(), d.values()))
                .collect();
            for (contest, data) in &loaded {
                if !forms.contains(&(tps.clone(), *contest))
                    || data.state == pleno_core::recap::FormState::Agreed
                {
                    continue;
                }
                let others: Vec<(Catalogue, FormValues)> = working
                    .iter()
                    .filter(|(c, _, _)| c != contest)
                    .map(|(_, cat, v)| (cat.clone(), v.clone()))
                    .collect();
                let complete = data.cat.keys().all(|k| data.entries.contains_key(&k));
                let findings = form_findings(&policy, data, *contest, tps, &others);
                if complete && policy.form_passes(&findings) {
                    passing.push((tps.clone(), *contest));
                } else {
                    left += 1;
                }
            }
        }
        // One transaction for all of them: each commit costs an fsync.
        if !passing.is_empty() {
            store.agree_forms(&system, None, &passing, Some("lolos semua aturan"))?;
        }
        Ok((passing.len(), left))
    }
}
