//! One form as the panel sees it: every field with its working value (the agreed entry, else
//! the machine reading), where that value came from, the findings of the form and its TPS, the
//! misread suggestions, its pages and objections.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use pleno_core::catalogue::{FieldDef, PageCode};
use pleno_core::misread::{BubbleRead, MisreadReport, Options, bubble_suggestion, suggest};
use pleno_core::recap::FormState;
use pleno_core::rules::Finding;
use pleno_core::rules::form::check_form;
use pleno_core::rules::level::{PaperReading, check_paper};
use pleno_core::rules::tps::check_tps;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Catalogue, Contest, FieldKey, FormValues};
use pleno_store::{
    DigitReading, EntryId, Objection, ObjectionId, ObjectionStatus, Page, PageFilter, PageId,
    PageStatus, PanelId, Reading, ReadingId, SignOffId, Source, Store, StoreError,
};

use crate::error::{AppResult, not_found};
use crate::policy::AcceptancePolicy;
use crate::workspace::Workspace;

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReadingView {
    pub id: ReadingId,
    pub page: PageId,
    pub value: Option<u32>,
    pub confidence: f64,
    pub digits: Vec<DigitReading>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FieldView {
    #[serde(flatten)]
    pub def: FieldDef,
    /// The agreed figure if there is one, else what the machine read.
    pub value: Option<u32>,
    /// Source of the current entry; `None` while only a reading exists.
    pub source: Option<Source>,
    pub entry: Option<EntryId>,
    pub reading: Option<ReadingView>,
    /// What the best misread suggestion would put here.
    pub suggestion: Option<u32>,
    /// Ids of the rules failing over this field.
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormStatus {
    /// Nothing yet: no page, no figure.
    Missing,
    /// Figures (read or typed) not yet agreed by the plenary.
    Open,
    /// A recount was ordered and its result is awaited.
    RecountPending,
    Agreed,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FormView {
    pub tps: TpsCode,
    pub tps_nomor: u16,
    pub desa: String,
    pub desa_name: String,
    pub contest: Contest,
    pub panel: Option<PanelId>,
    pub status: FormStatus,
    pub fields: Vec<FieldView>,
    pub findings: Vec<Finding>,
    pub misread: MisreadReport,
    pub pages: Vec<Page>,
    pub missing_pages: Vec<PageCode>,
    pub objections: Vec<Objection>,
    pub recount: Option<ObjectionId>,
    pub agreed: Option<SignOffId>,
}

impl FormView {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    pub fn field(&self, key: FieldKey) -> Option<&FieldView> {
        self.fields.iter().find(|f| f.def.key == key)
    }

    /// The working values: what the rules are checked on.
    pub fn values(&self) -> FormValues {
        self.fields
            .iter()
            .filter_map(|f| f.value.map(|v| (f.def.key, v)))
            .collect()
    }
}

/// Everything needed to judge one form, gathered from the store in a few queries.
pub(crate) struct FormData {
    pub cat: Catalogue,
    pub entries: BTreeMap<FieldKey, (u32, Source, EntryId)>,
    /// When each current entry was made and from which reading, if any (for L4).
    pub entry_made: BTreeMap<FieldKey, (String, Option<ReadingId>)>,
    pub readings: BTreeMap<FieldKey, Reading>,
    pub pages: Vec<Page>,
    pub state: FormState,
    pub agreed: Option<SignOffId>,
}

impl FormData {
    pub fn load(store: &Store, tps: &TpsCode, contest: Contest) -> Result<FormData, StoreError> {
        let cat = store.catalogue(contest)?.clone();
        let current = store.current_values(tps, contest)?;
        let entries = current
            .entries
            .iter()
            .map(|(k, e)| (*k, (e.value, e.source, e.id)))
            .collect();
        let entry_made = current
            .entries
            .iter()
            .map(|(k, e)| (*k, (e.at.clone(), e.reading)))
            .collect();
        let pages = store.pages(&PageFilter {
            tps: Some(tps.clone()),
            contest: Some(contest),
            status: None,
        })?;
        // The newest reading of each field from an identified page wins.
        let mut readings = BTreeMap::new();
        for r in store.form_readings(tps, contest)? {
            let identified = pages
                .iter()
                .any(|p| p.id == r.page && p.status == PageStatus::Identified);
            if identified {
                readings.insert(r.field, r);
            }
        }
        Ok(FormData {
            cat,
            entries,
            entry_made,
            readings,
            pages,
            state: current.state,
            agreed: current.agreed,
        })
    }

    pub fn values(&self) -> FormValues {
        self.cat
            .keys()
            .filter_map(|k| {
                let v = match self.entries.get(&k) {
                    Some((v, _, _)) => Some(*v),
                    None => self.readings.get(&k).and_then(|r| r.value),
                };
                v.map(|v| (k, v))
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.readings.is_empty()
    }

    /// Fields whose recorded figure the form's photo contradicts: the newest reading passes the
    /// acceptance policy (a doubtful reading is no evidence against a figure), is not the one
    /// the entry was made from and reads another number, and no person has decided since
    /// the photo was read. An imported figure (typed file, SIREKAP) or one accepted from
    /// another photo is never a person's decision; a clerk's or recount entry is, when it is
    /// newer than the reading (the clerk saw the photo beside the figure).
    pub fn paper_differs(&self, policy: &AcceptancePolicy) -> Vec<PaperReading> {
        self.entries
            .iter()
            .filter_map(|(key, (recorded, source, _))| {
                let r = self
                    .readings
                    .get(key)
                    .filter(|r| crate::photos::reading_passes(policy, r))?;
                let read = r.value?;
                let (at, from) = self.entry_made.get(key)?;
                let decided_since = matches!(source, Source::Clerk | Source::Recount)
                    && at.as_str() >= r.at.as_str();
                (read != *recorded && *from != Some(r.id) && !decided_since).then_some(
                    PaperReading {
                        key: *key,
                        recorded: *recorded,
                        read,
                        confidence: r.confidence,
                    },
                )
            })
            .collect()
    }
}

/// The findings of one form: its own rules plus the cross-form rules of its TPS that concern it.
pub(crate) fn form_findings(
    policy: &AcceptancePolicy,
    own: &FormData,
    contest: Contest,
    tps: &TpsCode,
    others: &[(Catalogue, FormValues)],
) -> Vec<Finding> {
    let values = own.values();
    let mut findings = check_form(&own.cat, &values);
    findings.extend(check_paper(
        &own.cat,
        tps.as_str(),
        &own.paper_differs(policy),
    ));
    let mut set: Vec<(&Catalogue, &FormValues)> = others.iter().map(|(c, v)| (c, v)).collect();
    set.push((&own.cat, &values));
    findings.extend(
        check_tps(Some(tps.as_str()), &set)
            .into_iter()
            .filter(|f| match f.contest {
                Some(c) => c == contest,
                None => f.fields.iter().any(|r| r.contest == contest),
            }),
    );
    findings
}

/// Working values of the other forms of the TPS, for the cross-form rules.
pub(crate) fn other_forms(
    store: &Store,
    tps: &TpsCode,
    contest: Contest,
) -> Result<Vec<(Catalogue, FormValues)>, StoreError> {
    let mut out = Vec::new();
    for c in Contest::ALL.into_iter().filter(|c| *c != contest) {
        if store.catalogue(c).is_err() {
            continue;
        }
        let data = FormData::load(store, tps, c)?;
        if !data.is_empty() {
            let values = data.values();
            out.push((data.cat, values));
        }
    }
    Ok(out)
}

/// The bubbles' numbers as the form's first misread suggestion, where they are on offer.
pub(crate) fn bubble_offer(data: &FormData) -> Option<pleno_core::misread::Suggestion> {
    bubble_suggestion(&data.cat, &data.values(), &bubble_reads(data))
}

/// Fields nobody has entered a figure for whose stored reading has readable bubbles that
/// spell a number, with what the boxes spell (their digits, whether or not the reading was
/// left inconsistent because of it).
fn bubble_reads(data: &FormData) -> Vec<BubbleRead> {
    data.readings
        .values()
        .filter(|r| !data.entries.contains_key(&r.field))
        .filter_map(|r| {
            let b = r.bubbles.as_ref()?;
            if b.get("readable") != Some(&serde_json::Value::Bool(true)) {
                return None;
            }
            let bubbles = u32::try_from(b.get("value")?.as_u64()?).ok()?;
            Some(BubbleRead {
                key: r.field,
                boxes: boxes_value(&r.digits),
                bubbles,
            })
        })
        .collect()
}

/// The number a field's boxes spell (leading empty boxes, marks and zeros mean nothing); None
/// when an empty box follows a digit.
fn boxes_value(digits: &[pleno_store::DigitReading]) -> Option<u32> {
    let mut value: Option<u32> = None;
    for d in digits {
        match (d.class, value) {
            (None, Some(_)) => return None,
            (None | Some(0), None) => {}
            (Some(c), v) => value = Some(v.unwrap_or(0) * 10 + u32::from(c)),
        }
    }
    Some(value.unwrap_or(0))
}

pub(crate) fn open_recount(objections: &[Objection], contest: Contest) -> Option<ObjectionId> {
    objections
        .iter()
        .find(|o| o.status == ObjectionStatus::Open && o.contest == Some(contest) && o.recount)
        .map(|o| o.id)
}

impl Workspace {
    /// The full view of one form for the review screen.
    pub fn form(&self, tps: &TpsCode, contest: Contest) -> AppResult<FormView> {
        let store = self.store();
        let election = store.election()?;
        let Some((desa, _)) = election.kecamatan.find_tps(tps) else {
            return Err(not_found(format!("TPS {tps} tidak ada di ruang kerja ini")));
        };
        let data = FormData::load(&store, tps, contest)?;
        let others = other_forms(&store, tps, contest)?;
        let findings = form_findings(&self.policy(), &data, contest, tps, &others);
        let values = data.values();
        let mut misread = if findings.iter().any(Finding::is_error) {
            suggest(&data.cat, &values, &Options::default())
        } else {
            MisreadReport::default()
        };
        // Where a page's bubbles spell other numbers than its boxes, and the form holds with
        // them, they are the first suggestion (a person still takes it with S).
        if let Some(s) = bubble_offer(&data) {
            misread.suggestions.insert(0, s);
        }
        let best: BTreeMap<FieldKey, u32> = misread
            .suggestions
            .first()
            .map(|s| s.changes.iter().map(|c| (c.key, c.to)).collect())
            .unwrap_or_default();
        let objections: Vec<Objection> = store
            .objections_for_tps(tps)?
            .into_iter()
            .filter(|o| o.contest.is_none() || o.contest == Some(contest))
            .collect();
        let recount = open_recount(&objections, contest);
        let panel = store.panel_of_tps(tps)?;
        let identified: Vec<PageCode> = data
            .pages
            .iter()
            .filter(|p| p.status == PageStatus::Identified)
            .filter_map(|p| p.page_code)
            .collect();
        let missing_pages = if data.pages.is_empty() {
            Vec::new()
        } else {
            data.cat
                .pages()
                .into_iter()
                .filter(|p| !identified.contains(p))
                .filter(|p| {
                    data.cat
                        .page_fields(*p)
                        .any(|f| !data.entries.contains_key(&f.key))
                })
                .collect()
        };
        let fields = data
            .cat
            .fields
            .iter()
            .map(|def| {
                let entry = data.entries.get(&def.key);
                let reading = data.readings.get(&def.key).map(|r| ReadingView {
                    id: r.id,
                    page: r.page,
                    value: r.value,
                    confidence: r.confidence,
                    digits: r.digits.clone(),
                });
                let mut rules: Vec<String> = findings
                    .iter()
                    .filter(|f| f.involves(contest, def.key))
                    .map(|f| f.rule.to_string())
                    .collect();
                rules.dedup();
                FieldView {
                    def: def.clone(),
                    value: values.get(def.key),
                    source: entry.map(|e| e.1),
                    entry: entry.map(|e| e.2),
                    reading,
                    suggestion: best.get(&def.key).copied(),
                    rules,
                }
            })
            .collect();
        let status = if recount.is_some() {
            FormStatus::RecountPending
        } else if data.state == FormState::Agreed {
            FormStatus::Agreed
        } else if data.is_empty() {
            FormStatus::Missing
        } else {
            FormStatus::Open
        };
        Ok(FormView {
            tps: tps.clone(),
            tps_nomor: tps.nomor(),
            desa: desa.code.to_string(),
            desa_name: desa.name.clone(),
            contest,
            panel,
            status,
            fields,
            findings,
            misread,
            pages: data.pages,
            missing_pages,
            objections,
            recount,
            agreed: data.agreed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pleno_core::ballot::Ballot;

    fn reading(id: i64, value: u32, at: &str) -> Reading {
        Reading {
            id: ReadingId(id),
            page: PageId(1),
            contest: Contest::Ppwp,
            field: FieldKey::Paslon(1),
            status: pleno_store::ReadingStatus::Read,
            value: Some(value),
            digits: Vec::new(),
            bubbles: None,
            confidence: 0.99,
            model_version: "m".into(),
            at: at.into(),
        }
    }

    /// One field recorded as `recorded` by `source` at `at` (from reading `from`), read as 103.
    fn form(recorded: u32, source: Source, at: &str, from: Option<i64>) -> FormData {
        let key = FieldKey::Paslon(1);
        FormData {
            cat: Catalogue::new(&Ballot::ppwp_2024()),
            entries: [(key, (recorded, source, EntryId(1)))].into(),
            entry_made: [(key, (at.to_string(), from.map(ReadingId)))].into(),
            readings: [(key, reading(7, 103, "2024-02-15T10:00:00.000Z"))].into(),
            pages: Vec::new(),
            state: FormState::Unagreed,
            agreed: None,
        }
    }

    #[test]
    fn a_recorded_figure_is_held_against_the_photo_until_a_person_decides() {
        let before = "2024-02-15T09:00:00.000Z";
        let after = "2024-02-15T11:00:00.000Z";
        // Imported or accepted from another photo: never a person's decision, whenever made.
        for source in [Source::Import, Source::OcrAccepted] {
            for at in [before, after] {
                let d = form(25, source, at, None).paper_differs(&AcceptancePolicy::default());
                assert_eq!(d.len(), 1, "{source:?} {at}");
                assert_eq!((d[0].recorded, d[0].read), (25, 103));
            }
        }
        // A clerk or a recount before the photo was read: held against it; after: decided.
        for source in [Source::Clerk, Source::Recount] {
            assert_eq!(
                form(25, source, before, None)
                    .paper_differs(&AcceptancePolicy::default())
                    .len(),
                1
            );
            assert!(
                form(25, source, after, None)
                    .paper_differs(&AcceptancePolicy::default())
                    .is_empty()
            );
        }
        // The same number, or an entry made from this very reading: nothing to show.
        assert!(
            form(103, Source::Import, before, None)
                .paper_differs(&AcceptancePolicy::default())
                .is_empty()
        );
        assert!(
            form(25, Source::OcrAccepted, before, Some(7))
                .paper_differs(&AcceptancePolicy::default())
                .is_empty()
        );
    }
}
