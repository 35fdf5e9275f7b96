//! The workstation key: its state, the chair's passphrase, opening it for the session.
//! Only the workstation itself may call these (`devices::WORKSTATION_ONLY`): a passphrase
//! does not travel over the LAN.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{NoArgs, Ws};
use crate::error::AppResult;
use crate::keyring::KeyStatus;
use crate::workspace::Who;

pub fn key_status(w: &Ws, _: NoArgs) -> AppResult<KeyStatus> {
    w.key_status()
}

#[derive(Deserialize, JsonSchema)]
pub struct Unlock {
    passphrase: String,
}

pub fn unlock_key(w: &Ws, who: &Who, a: Unlock) -> AppResult<KeyStatus> {
    w.unlock_key(who, &a.passphrase)
}

pub fn lock_key(w: &Ws, _who: &Who, _: NoArgs) -> AppResult<KeyStatus> {
    w.lock_key()
}

#[derive(Deserialize, JsonSchema)]
pub struct Protect {
    /// The passphrase now, when the key has one.
    current: Option<String>,
    passphrase: String,
    /// The new passphrase typed again.
    repeated: String,
}

pub fn protect_key(w: &Ws, who: &Who, a: Protect) -> AppResult<KeyStatus> {
    w.protect_key(who, a.current.as_deref(), &a.passphrase, &a.repeated)
}
