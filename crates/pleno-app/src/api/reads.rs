//! The use cases that only read.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};
use pleno_store::{
    AuditEvent, Entry, EventFilter, EventSeq, Objection, Page, PageFilter, PageId, PageStatus,
    SignOff,
};

use super::{NoArgs, Ws, de};
use crate::error::{AppResult, bad_request, not_found};
use crate::forms::FormView;
use crate::jobs::JobStatus;
use crate::organisation::Organisation;
use crate::photos::PageView;
use crate::policy::AcceptancePolicy;
use crate::queue::{QueueFilter, QueueItem};
use crate::workspace::{Selection, Summary};

pub fn workspace_summary(w: &Ws, _: NoArgs) -> AppResult<Summary> {
    w.summary()
}

pub fn crop_learning(w: &Ws, _: NoArgs) -> AppResult<crate::crops::CropLearning> {
    w.crop_learning()
}

pub fn election(w: &Ws, _: NoArgs) -> AppResult<pleno_core::reference::Election> {
    w.election()
}

pub fn organisation(w: &Ws, _: NoArgs) -> AppResult<Organisation> {
    w.organisation()
}

pub fn policy(w: &Ws, _: NoArgs) -> AppResult<AcceptancePolicy> {
    Ok(w.policy())
}

pub fn queue(w: &Ws, filter: QueueFilter) -> AppResult<Vec<QueueItem>> {
    w.queue(&filter)
}

#[derive(Deserialize, JsonSchema)]
pub struct Form {
    tps: TpsCode,
    contest: Contest,
}

pub fn form(w: &Ws, a: Form) -> AppResult<FormView> {
    w.form(&a.tps, a.contest)
}

#[derive(Deserialize, JsonSchema)]
pub struct FieldAt {
    tps: TpsCode,
    contest: Contest,
    key: FieldKey,
}

pub fn field_history(w: &Ws, a: FieldAt) -> AppResult<Vec<Entry>> {
    w.field_history(&a.tps, a.contest, a.key)
}

#[derive(Deserialize, JsonSchema)]
pub struct Pages {
    status: Option<PageStatus>,
    tps: Option<TpsCode>,
    contest: Option<Contest>,
}

pub fn pages(w: &Ws, a: Pages) -> AppResult<Vec<Page>> {
    w.pages(&PageFilter {
        status: a.status,
        tps: a.tps,
        contest: a.contest,
    })
}

#[derive(Deserialize, JsonSchema)]
pub struct Id {
    #[serde(deserialize_with = "de::id")]
    id: i64,
}

pub fn page(w: &Ws, a: Id) -> AppResult<PageView> {
    w.page_view(PageId(a.id))
}

pub fn jobs(w: &Ws, _: NoArgs) -> AppResult<Vec<JobStatus>> {
    Ok(w.jobs().all())
}

#[derive(Deserialize, JsonSchema)]
pub struct Job {
    #[serde(deserialize_with = "de::job")]
    pub(super) id: u64,
}

pub fn job(w: &Ws, a: Job) -> AppResult<JobStatus> {
    w.jobs()
        .status(a.id)
        .ok_or_else(|| not_found(format!("pekerjaan {} tidak ada", a.id)))
}

pub fn objections(w: &Ws, _: NoArgs) -> AppResult<Vec<Objection>> {
    w.objections()
}

pub fn signoffs(w: &Ws, _: NoArgs) -> AppResult<Vec<SignOff>> {
    w.signoffs()
}

/// The recap as the UI draws it.
#[derive(Serialize, JsonSchema)]
pub struct RecapView {
    contests: Vec<ContestView>,
}

#[derive(Serialize, JsonSchema)]
struct ContestView {
    contest: Contest,
    kecamatan: pleno_core::recap::RecapTable,
    lampiran: Vec<pleno_core::recap::RecapTable>,
}

pub fn recap(w: &Ws, _: NoArgs) -> AppResult<RecapView> {
    let r = w.recap()?;
    Ok(RecapView {
        contests: r
            .contests
            .into_iter()
            .map(|c| ContestView {
                contest: c.contest,
                kecamatan: c.kecamatan,
                lampiran: c.lampiran,
            })
            .collect(),
    })
}

#[derive(Deserialize, JsonSchema)]
pub struct Audit {
    kind: Option<String>,
    actor: Option<String>,
    after: Option<i64>,
    /// Newest first, paged by `before` (the last seq seen).
    #[serde(default)]
    newest_first: bool,
    before: Option<i64>,
    limit: Option<u32>,
}

pub fn audit(w: &Ws, a: Audit) -> AppResult<Vec<AuditEvent>> {
    let mut filter = EventFilter::default();
    if let Some(k) = a.kind.filter(|k| !k.is_empty()) {
        filter.kind = Some(
            k.parse()
                .map_err(|e: pleno_store::UnknownEventKind| bad_request(e.to_string()))?,
        );
    }
    filter.actor = a.actor.filter(|x| !x.is_empty());
    filter.after = a.after.map(EventSeq);
    filter.newest_first = a.newest_first;
    filter.before = a.before.map(EventSeq);
    filter.limit = a.limit.unwrap_or(0);
    w.audit(&filter)
}

/// One kind of audit event as the Audit screen names it.
#[derive(Serialize, JsonSchema)]
pub struct AuditKind {
    kind: &'static str,
    label: &'static str,
}

/// Every kind of audit event with its Indonesian description, as the store declares them.
pub fn audit_kinds(_: &Ws, _: NoArgs) -> AppResult<Vec<AuditKind>> {
    Ok(pleno_store::EventKind::ALL
        .iter()
        .map(|k| AuditKind {
            kind: k.kind(),
            label: k.description(),
        })
        .collect())
}

pub fn selection(w: &Ws, _: NoArgs) -> AppResult<Option<Selection>> {
    Ok(w.selection())
}

pub fn outputs(w: &Ws, _: NoArgs) -> AppResult<Vec<crate::outputs::OutputEntry>> {
    w.outputs()
}

#[derive(Deserialize, JsonSchema)]
pub struct QrText {
    text: String,
}

#[derive(Serialize, JsonSchema)]
pub struct QrPicture {
    svg: String,
}

/// A QR code of a pairing address, drawn by Pleno (no network service, no UI library).
pub fn qr(_: &Ws, a: QrText) -> AppResult<QrPicture> {
    if a.text.len() > 512 {
        return Err(crate::error::bad_request(
            "teks kode QR lebih dari 512 karakter; kode QR dibuat untuk alamat pasangan, persingkat teksnya",
        ));
    }
    crate::http::qr_svg(&a.text).map(|svg| QrPicture { svg })
}

pub fn floor(w: &Ws, _: NoArgs) -> AppResult<crate::floor::Floor> {
    Ok(w.floor())
}
