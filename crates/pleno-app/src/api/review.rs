//! The panel's work on one form, and what the projector shows.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey, FormValues};
use pleno_store::{ObjectionId, Source};

use super::{Done, SignedOff, Ws, de};
use crate::error::AppResult;
use crate::floor::Floor;
use crate::workspace::{Selection, Who};

#[derive(Deserialize, JsonSchema)]
pub struct Confirm {
    tps: TpsCode,
    contest: Contest,
    #[serde(default)]
    acknowledge_warnings: bool,
    objection: Option<i64>,
    /// The form's newest entry id as the panel saw it (0: none); another panel's change since
    /// refuses the agreement with `stale_write`.
    #[serde(default)]
    based_on: Option<i64>,
}

pub fn confirm_form(w: &Ws, who: &Who, a: Confirm) -> AppResult<SignedOff> {
    w.confirm_form_seen(
        who,
        &a.tps,
        a.contest,
        a.acknowledge_warnings,
        a.objection.map(ObjectionId),
        a.based_on,
    )
    .map(|id| SignedOff { signoff: id.0 })
}

#[derive(Deserialize, JsonSchema)]
pub struct Correct {
    tps: TpsCode,
    contest: Contest,
    key: FieldKey,
    value: u32,
    #[serde(default)]
    reason: String,
    objection: Option<i64>,
    /// The field's entry id as the clerk saw it (0: none yet).
    #[serde(default)]
    based_on: Option<i64>,
}

pub fn correct_field(w: &Ws, who: &Who, a: Correct) -> AppResult<Done> {
    w.correct_field_seen(
        who,
        &a.tps,
        a.contest,
        a.key,
        a.value,
        &a.reason,
        a.objection.map(ObjectionId),
        a.based_on,
    )
    .map(|()| Done {})
}

#[derive(Deserialize, JsonSchema)]
pub struct Suggestion {
    tps: TpsCode,
    contest: Contest,
    #[serde(deserialize_with = "de::index")]
    index: usize,
    /// The form's newest entry id as the panel saw it (0: none).
    #[serde(default)]
    based_on: Option<i64>,
}

pub fn accept_suggestion(w: &Ws, who: &Who, a: Suggestion) -> AppResult<Done> {
    w.accept_suggestion_seen(who, &a.tps, a.contest, a.index, a.based_on)
        .map(|()| Done {})
}

#[derive(Deserialize, JsonSchema)]
pub struct Recount {
    tps: TpsCode,
    contest: Contest,
    reason: String,
}

/// A recount ordered: the objection that records it.
#[derive(Serialize, JsonSchema)]
pub struct RecountOrdered {
    objection: i64,
}

pub fn request_recount(w: &Ws, who: &Who, a: Recount) -> AppResult<RecountOrdered> {
    w.request_recount(who, &a.tps, a.contest, &a.reason)
        .map(|id| RecountOrdered { objection: id.0 })
}

#[derive(Deserialize, JsonSchema)]
pub struct Figures {
    tps: TpsCode,
    contest: Contest,
    values: BTreeMap<FieldKey, u32>,
    #[serde(default)]
    note: String,
    reason: Option<String>,
}

fn values_of(raw: &BTreeMap<FieldKey, u32>) -> FormValues {
    raw.iter().map(|(k, v)| (*k, *v)).collect()
}

pub fn enter_recount(w: &Ws, who: &Who, a: Figures) -> AppResult<Done> {
    w.enter_recount(who, &a.tps, a.contest, &values_of(&a.values), &a.note)
        .map(|()| Done {})
}

pub fn enter_form(w: &Ws, who: &Who, a: Figures) -> AppResult<Done> {
    w.enter_form(
        who,
        &a.tps,
        a.contest,
        &values_of(&a.values),
        Source::Clerk,
        a.reason.as_deref(),
    )
    .map(|()| Done {})
}

pub fn set_selection(w: &Ws, who: Option<&Who>, selection: Selection) -> AppResult<Done> {
    w.select(who, selection);
    Ok(Done {})
}

#[derive(Deserialize, JsonSchema)]
pub struct GiveFloor {
    /// The panel whose laptop the projector follows; none: the workstation.
    panel: Option<i64>,
}

pub fn give_floor(w: &Ws, _who: Option<&Who>, a: GiveFloor) -> AppResult<Floor> {
    w.give_floor(a.panel)
}
