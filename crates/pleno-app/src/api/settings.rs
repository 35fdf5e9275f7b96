//! The organisation of the plenary and the workspace's settings.

use schemars::JsonSchema;
use serde::Deserialize;

use pleno_core::wilayah::{DesaCode, TpsCode};
use pleno_store::{MemberId, PanelId};

use super::{Created, Done, Ws, de};
use crate::error::AppResult;
use crate::policy::AcceptancePolicy;
use crate::workspace::Who;

#[derive(Deserialize, JsonSchema)]
pub struct Named {
    name: String,
}

pub fn add_panel(w: &Ws, who: &Who, a: Named) -> AppResult<Created> {
    w.add_panel(who, &a.name).map(|id| Created { id: id.0 })
}

#[derive(Deserialize, JsonSchema)]
pub struct AssignDesa {
    #[serde(deserialize_with = "de::id")]
    id: i64,
    desa: DesaCode,
}

pub fn assign_desa(w: &Ws, who: &Who, a: AssignDesa) -> AppResult<Done> {
    w.assign_desa(who, PanelId(a.id), &a.desa).map(|()| Done {})
}

#[derive(Deserialize, JsonSchema)]
pub struct Chair {
    #[serde(deserialize_with = "de::id")]
    id: i64,
    member: Option<i64>,
}

pub fn set_panel_chair(w: &Ws, who: &Who, a: Chair) -> AppResult<Done> {
    w.set_panel_chair(who, PanelId(a.id), a.member.map(MemberId))
        .map(|()| Done {})
}

#[derive(Deserialize, JsonSchema)]
pub struct Handover {
    tps: TpsCode,
    panel: Option<i64>,
    reason: String,
}

pub fn hand_over_tps(w: &Ws, who: &Who, a: Handover) -> AppResult<Done> {
    w.hand_over_tps(who, &a.tps, a.panel.map(PanelId), &a.reason)
        .map(|()| Done {})
}

#[derive(Deserialize, JsonSchema)]
pub struct KppsPanels {
    tps: TpsCode,
    count: u8,
}

pub fn set_kpps_panels(w: &Ws, who: &Who, a: KppsPanels) -> AppResult<Done> {
    w.set_kpps_panels(who, &a.tps, a.count).map(|()| Done {})
}

pub fn set_policy(w: &Ws, who: &Who, policy: AcceptancePolicy) -> AppResult<AcceptancePolicy> {
    w.set_policy(who, policy).map(|()| policy)
}

#[derive(Deserialize, JsonSchema)]
pub struct MaxPanels {
    max: u8,
    #[serde(default)]
    reason: String,
}

pub fn set_max_panels(w: &Ws, who: &Who, a: MaxPanels) -> AppResult<Done> {
    w.set_max_panels(who, a.max, &a.reason).map(|()| Done {})
}
