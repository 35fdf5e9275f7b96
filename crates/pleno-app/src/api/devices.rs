//! LAN devices: made and revoked by the operator (pairing itself is `POST /api/pair`, the one
//! call made without a token: `http/pairing.rs`).

use schemars::JsonSchema;
use serde::Deserialize;

use pleno_store::{Device, NewDevice};

use super::{NoArgs, Ws, de};
use crate::devices::PairingCode;
use crate::error::AppResult;
use crate::workspace::Who;

pub fn devices(w: &Ws, _: NoArgs) -> AppResult<Vec<Device>> {
    w.devices()
}

pub fn create_device(w: &Ws, who: &Who, a: NewDevice) -> AppResult<PairingCode> {
    w.create_device(who, &a)
}

#[derive(Deserialize, JsonSchema)]
pub struct DeviceId {
    #[serde(deserialize_with = "de::id")]
    id: i64,
}

pub fn revoke_device(w: &Ws, who: &Who, a: DeviceId) -> AppResult<Device> {
    w.revoke_device(who, a.id)
}
