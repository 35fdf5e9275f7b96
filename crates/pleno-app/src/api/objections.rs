//! Keberatan, kejadian khusus and the sign-offs that close a desa and the kecamatan.

use schemars::JsonSchema;
use serde::Deserialize;

use pleno_core::wilayah::{DesaCode, TpsCode};
use pleno_core::{Contest, FieldKey};
use pleno_store::{NewObjection, ObjectionId, ObjectionKind, SignOffId};

use super::{Created, Done, SignedOff, Ws, de};
use crate::error::AppResult;
use crate::workspace::Who;

#[derive(Deserialize, JsonSchema)]
pub struct Raise {
    kind: ObjectionKind,
    raised_by: String,
    desa: Option<DesaCode>,
    tps: Option<TpsCode>,
    contest: Option<Contest>,
    #[serde(default)]
    fields: Vec<FieldKey>,
    text: String,
}

pub fn raise_objection(w: &Ws, who: &Who, a: Raise) -> AppResult<Created> {
    let new = NewObjection {
        kind: a.kind,
        raised_by: a.raised_by,
        saksi: None,
        desa: a.desa,
        tps: a.tps,
        contest: a.contest,
        fields: a.fields,
        text: a.text,
    };
    w.raise_objection(who, &new).map(|id| Created { id: id.0 })
}

#[derive(Deserialize, JsonSchema)]
pub struct Resolve {
    #[serde(deserialize_with = "de::id")]
    id: i64,
    accepted: bool,
    resolution: String,
}

pub fn resolve_objection(w: &Ws, who: &Who, a: Resolve) -> AppResult<Done> {
    w.resolve_objection(who, ObjectionId(a.id), a.accepted, &a.resolution)
        .map(|()| Done {})
}

#[derive(Deserialize, JsonSchema)]
pub struct CloseDesa {
    desa: DesaCode,
    note: Option<String>,
}

pub fn close_desa(w: &Ws, who: &Who, a: CloseDesa) -> AppResult<SignedOff> {
    w.close_desa(who, &a.desa, a.note.as_deref())
        .map(|id| SignedOff { signoff: id.0 })
}

#[derive(Deserialize, JsonSchema)]
pub struct Note {
    note: Option<String>,
}

pub fn finalize_kecamatan(w: &Ws, who: &Who, a: Note) -> AppResult<SignedOff> {
    w.finalize_kecamatan(who, a.note.as_deref())
        .map(|id| SignedOff { signoff: id.0 })
}

#[derive(Deserialize, JsonSchema)]
pub struct Reopen {
    #[serde(deserialize_with = "de::id")]
    id: i64,
    objection: Option<i64>,
    reason: String,
}

pub fn reopen_signoff(w: &Ws, who: &Who, a: Reopen) -> AppResult<Done> {
    w.reopen(
        who,
        SignOffId(a.id),
        a.objection.map(ObjectionId),
        &a.reason,
    )
    .map(|()| Done {})
}
