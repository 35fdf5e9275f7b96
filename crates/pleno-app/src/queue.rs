//! The review queue of a panel, most urgent first: pages that could not be used, forms that
//! break a rule or await a recount, forms with doubtful readings, then forms to confirm.

use schemars::JsonSchema;
use serde::Serialize;

use pleno_core::format::percent;
use pleno_core::recap::FormState;
use pleno_core::rules::Finding;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};
use pleno_store::{PageFilter, PageId, PageStatus, PanelId, Reading};

use crate::photos::paths::tps_from_path;

use crate::error::AppResult;
use crate::forms::{FormData, form_findings, open_recount};
use crate::policy::{AcceptancePolicy, FieldScore};
use crate::workspace::Workspace;

/// Kinds in queue order (the enum's order is the priority).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    RejectedPage,
    UnidentifiedPage,
    DuplicatePage,
    RuleError,
    RecountPending,
    MissingPages,
    LowConfidence,
    Warning,
    ToConfirm,
}

impl QueueKind {
    pub const fn label_id(self) -> &'static str {
        match self {
            QueueKind::RejectedPage => "foto ditolak",
            QueueKind::UnidentifiedPage => "halaman tidak dikenali",
            QueueKind::DuplicatePage => "halaman ganda",
            QueueKind::RuleError => "melanggar aturan",
            QueueKind::RecountPending => "menunggu hitung ulang",
            QueueKind::MissingPages => "halaman kurang",
            QueueKind::LowConfidence => "bacaan ragu",
            QueueKind::Warning => "peringatan",
            QueueKind::ToConfirm => "siap disepakati",
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QueueItem {
    pub kind: QueueKind,
    pub label: &'static str,
    pub tps: Option<TpsCode>,
    pub contest: Option<Contest>,
    pub desa: Option<String>,
    pub desa_name: Option<String>,
    pub panel: Option<PanelId>,
    pub page: Option<PageId>,
    /// The page's file, for a page item (the clerk knows photos by their names).
    pub source: Option<String>,
    /// Where a page that is not filed to a TPS seems to belong, from its folder or file name
    /// ("KARANGJATI · TPS 004"): a hint for the clerk, not an assignment.
    pub place_hint: Option<String>,
    /// Short reasons shown in the list (rule texts; for a page why it is not identified).
    pub reasons: Vec<String>,
    /// For a page the reader refused, its refusal code (`too_dark`): the UI titles it.
    pub refusal: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, JsonSchema)]
pub struct QueueFilter {
    pub panel: Option<PanelId>,
    pub desa: Option<String>,
    pub tps: Option<TpsCode>,
    pub contest: Option<Contest>,
    pub kind: Option<QueueKind>,
}

/// How a form ranks, from its findings and readings.
fn form_kind(
    policy: &AcceptancePolicy,
    data: &FormData,
    findings: &[Finding],
    recount: bool,
    missing_pages: bool,
) -> Option<(QueueKind, Vec<String>)> {
    let texts = |pred: &dyn Fn(&Finding) -> bool| -> Vec<String> {
        findings
            .iter()
            .filter(|f| pred(f))
            .map(|f| format!("{} {}", f.rule, f.text_id))
            .collect()
    };
    let paper = |f: &Finding| f.rule == pleno_core::RuleId::L4;
    if data.state == FormState::Agreed && !recount {
        // An agreed form comes back only when a photo read since contradicts a figure.
        return findings
            .iter()
            .any(paper)
            .then(|| (QueueKind::Warning, texts(&paper)));
    }
    if recount {
        return Some((
            QueueKind::RecountPending,
            vec!["penghitungan suara ulang diperintahkan".into()],
        ));
    }
    let missing_only = |f: &Finding| f.rule == pleno_core::RuleId::R18;
    if findings.iter().any(|f| f.is_error() && !missing_only(f)) {
        return Some((QueueKind::RuleError, texts(&|f| f.is_error())));
    }
    if missing_pages || findings.iter().any(missing_only) {
        return Some((QueueKind::MissingPages, texts(&missing_only)));
    }
    let doubtful: Vec<String> = data
        .readings
        .iter()
        .filter(|(k, _)| !data.entries.contains_key(k))
        .filter(|(_, r)| !crate::photos::reading_passes(policy, r))
        .map(|(k, r)| doubt_text(*k, r, policy))
        .collect();
    if !doubtful.is_empty() {
        return Some((QueueKind::LowConfidence, doubtful));
    }
    if !findings.is_empty() {
        return Some((QueueKind::Warning, texts(&|_| true)));
    }
    Some((QueueKind::ToConfirm, Vec::new()))
}

/// Why a reading is doubted, in the clerk's words: a shaken photo of small boxes is named
/// as such, since the model's own confidence there can be high and still wrong.
fn doubt_text(k: FieldKey, r: &Reading, policy: &AcceptancePolicy) -> String {
    match FieldScore::of_reading(r)
        .smear
        .filter(|&s| s > policy.max_smear)
    {
        Some(s) => format!(
            "{k}: foto bergoyang (kekaburan {} dari sisi kotak, batas {}), periksa angkanya",
            percent(f64::from(s)),
            percent(f64::from(policy.max_smear))
        ),
        None => format!("{k}: keyakinan {:.0}%", r.confidence * 100.0),
    }
}

impl Workspace {
    pub fn queue(&self, filter: &QueueFilter) -> AppResult<Vec<QueueItem>> {
        let store = self.store();
        let policy = self.policy();
        let election = store.election()?;
        let tps_rows = store.tps_list()?;
        let panel_of = |tps: &TpsCode| {
            tps_rows
                .iter()
                .find(|t| t.code == *tps)
                .and_then(|t| t.panel)
        };
        let desa_name = |tps: &TpsCode| {
            election
                .kecamatan
                .find_tps(tps)
                .map(|(d, _)| d.name.clone())
        };
        let keep_place = |tps: Option<&TpsCode>| match tps {
            None => filter.panel.is_none() && filter.desa.is_none() && filter.tps.is_none(),
            Some(t) => {
                filter.panel.is_none_or(|p| panel_of(t) == Some(p))
                    && filter
                        .desa
                        .as_deref()
                        .is_none_or(|d| t.desa().as_str() == d)
                    && filter.tps.as_ref().is_none_or(|x| x == t)
            }
        };
        let mut items = Vec::new();

        let pages = store.pages(&PageFilter::default())?;
        for p in &pages {
            let kind = match p.status {
                PageStatus::Rejected => QueueKind::RejectedPage,
                PageStatus::Unidentified => QueueKind::UnidentifiedPage,
                PageStatus::Identified => {
                    // Halves of one sheet (each showing part of the page) are not twins.
                    let partial = |q: &pleno_store::Page| {
                        q.geometry
                            .as_ref()
                            .and_then(|g| g.get("partial"))
                            .and_then(serde_json::Value::as_bool)
                            == Some(true)
                    };
                    let twins = pages
                        .iter()
                        .filter(|q| {
                            q.status == PageStatus::Identified
                                && q.tps == p.tps
                                && q.contest == p.contest
                                && q.page_code == p.page_code
                                && !partial(q)
                        })
                        .count();
                    if twins < 2 {
                        continue;
                    }
                    QueueKind::DuplicatePage
                }
            };
            if !keep_place(p.tps.as_ref()) || filter.contest.is_some_and(|c| p.contest != Some(c)) {
                continue;
            }
            items.push(QueueItem {
                kind,
                label: kind.label_id(),
                desa_name: p.tps.as_ref().and_then(&desa_name),
                desa: p.tps.as_ref().map(|t| t.desa().to_string()),
                panel: p.tps.as_ref().and_then(&panel_of),
                tps: p.tps.clone(),
                contest: p.contest,
                page: Some(p.id),
                source: Some(p.source_path.clone()),
                place_hint: p
                    .tps
                    .is_none()
                    .then(|| tps_from_path(std::path::Path::new(&p.source_path), &election))
                    .flatten()
                    .map(|t| {
                        format!(
                            "{} · TPS {:03}",
                            desa_name(&t).unwrap_or_default(),
                            t.nomor()
                        )
                    }),
                reasons: p.reason.iter().cloned().collect(),
                refusal: p.reason_code.clone(),
            });
        }

        let objections = store.objections()?;
        let contests: Vec<Contest> = Contest::ALL
            .into_iter()
            .filter(|c| election.ballot(*c).is_some())
            .collect();
        for (_, tps) in election.kecamatan.all_tps() {
            let code = &tps.code;
            if !keep_place(Some(code)) {
                continue;
            }
            // Load the TPS's forms once: the cross-form rules need all of them.
            let mut forms = Vec::new();
            for &contest in &contests {
                let data = FormData::load(&store, code, contest)?;
                if !data.is_empty() {
                    forms.push((contest, data));
                }
            }
            let working: Vec<(Contest, pleno_core::Catalogue, pleno_core::FormValues)> = forms
                .iter()
                .map(|(c, d)| (*c, d.cat.clone(), d.values()))
                .collect();
            let tps_objections: Vec<_> = objections
                .iter()
                .filter(|o| o.tps.as_ref() == Some(code))
                .cloned()
                .collect();
            for (contest, data) in &forms {
                let contest = *contest;
                if filter.contest.is_some_and(|c| c != contest) {
                    continue;
                }
                let others: Vec<(pleno_core::Catalogue, pleno_core::FormValues)> = working
                    .iter()
                    .filter(|(c, _, _)| *c != contest)
                    .map(|(_, cat, v)| (cat.clone(), v.clone()))
                    .collect();
                let findings = form_findings(&policy, data, contest, code, &others);
                let recount = open_recount(&tps_objections, contest).is_some();
                let has_pages = data
                    .pages
                    .iter()
                    .any(|p| p.status == PageStatus::Identified);
                let missing_pages = has_pages
                    && data
                        .cat
                        .keys()
                        .any(|k| !data.entries.contains_key(&k) && !data.readings.contains_key(&k));
                if let Some((kind, mut reasons)) =
                    form_kind(&policy, data, &findings, recount, missing_pages)
                {
                    // The bubbles' numbers, where they are on offer, come first.
                    if let Some(s) = crate::forms::bubble_offer(data) {
                        reasons.insert(0, s.text_id);
                    }
                    items.push(QueueItem {
                        kind,
                        label: kind.label_id(),
                        tps: Some(code.clone()),
                        contest: Some(contest),
                        desa: Some(code.desa().to_string()),
                        desa_name: desa_name(code),
                        panel: panel_of(code),
                        page: None,
                        source: None,
                        place_hint: None,
                        reasons,
                        refusal: None,
                    });
                }
            }
        }
        items.retain(|i| filter.kind.is_none_or(|k| i.kind == k));
        items.sort_by(|a, b| {
            a.kind
                .cmp(&b.kind)
                .then_with(|| a.tps.cmp(&b.tps))
                .then_with(|| a.contest.cmp(&b.contest))
        });
        Ok(items)
    }
}
