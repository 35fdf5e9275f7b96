//! Devices of the LAN plenary: the operator makes one per laptop or display, for one person in
//! one role, and it pairs once with a code; from then on its token says who acts
//! (`docs/lan.md`). What each role may call is decided here, once, for every transport.

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

use pleno_store::{Device, DeviceRole, NewDevice};

use crate::api::{Access, UseCase};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::events::AppEvent;
use crate::workspace::{Who, Workspace};

/// How long a pairing code may be used.
pub const CODE_MINUTES: u64 = 10;

/// Letters and digits that cannot be mistaken for one another when read aloud or typed
/// (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 8;

/// A device waiting to be paired, with the code to type on it (shown once).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PairingCode {
    pub device: Device,
    pub code: String,
    pub expires_at: String,
}

/// A device just paired: the token it keeps (shown once) and what it is.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Paired {
    pub token: String,
    pub device: Device,
}

/// A device acting: which one and in what role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceGrant {
    pub id: i64,
    pub role: DeviceRole,
}

pub(crate) fn sha256_hex(s: &str) -> String {
    pleno_store::hex(&Sha256::digest(s.as_bytes()))
}

pub(crate) fn random_bytes<const N: usize>() -> AppResult<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("angka acak tidak tersedia: {e}"),
        )
    })?;
    Ok(bytes)
}

fn new_code() -> AppResult<String> {
    // 8 draws from 31 symbols: the bias of `% 31` on a byte is under 1 %, and a code lives
    // ten minutes behind a rate limit.
    let bytes = random_bytes::<CODE_LEN>()?;
    Ok(bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()]))
        .collect())
}

/// A code as typed: case, spaces and dashes do not matter.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Who acts when `device` writes.
pub fn who_for(device: &Device) -> Who {
    Who {
        actor: device.actor(),
        panel: device.panel,
        device: Some(DeviceGrant {
            id: device.id,
            role: device.role,
        }),
    }
}

/// Use cases a witness display may read: figures, no names of people and no form images
/// (the forms carry the KPPS members' names and signatures). Not `election` (it lists the PPK
/// members and saksi) nor `workspace_summary` (it names who made the last backup).
const WITNESS_READS: &[&str] = &["recap", "selection"];

/// Panel work: reviewing and correcting forms and raising objections.
const PANEL_WRITES: &[&str] = &[
    "confirm_form",
    "correct_field",
    "accept_suggestion",
    "request_recount",
    "enter_recount",
    "enter_form",
    "raise_objection",
    "assign_page",
    "set_corners",
    "import_uploads",
    // Its own panel's selection; the projector shows it when the operator gives the panel
    // the floor (`floor.rs`).
    "set_selection",
];

/// What only a panel's chair adds (the desa must be the chair's panel's: `signoff.rs`).
const CHAIR_WRITES: &[&str] = &["close_desa", "resolve_objection"];

/// The device list names people: the operator's business.
const OPERATOR_READS: &[&str] = &["devices", "detect_layout_sample"];

/// The workstation key's passphrase is given at the workstation only, never over the LAN.
pub const WORKSTATION_ONLY: &[&str] = &["unlock_key", "lock_key", "protect_key"];

/// May a device in `role` call `case`?
pub fn permits(role: DeviceRole, case: &UseCase) -> bool {
    let name = case.name;
    if WORKSTATION_ONLY.contains(&name) {
        return false;
    }
    match role {
        DeviceRole::Operator => true,
        DeviceRole::Display => case.access == Access::Read && !OPERATOR_READS.contains(&name),
        DeviceRole::Witness => WITNESS_READS.contains(&name),
        DeviceRole::PanelMember | DeviceRole::PanelChair => {
            (case.access == Access::Read && !OPERATOR_READS.contains(&name))
                || PANEL_WRITES.contains(&name)
                || (role == DeviceRole::PanelChair && CHAIR_WRITES.contains(&name))
        }
    }
}

/// What the refusal says, in the clerk's words.
pub fn refusal(role: DeviceRole, case: &UseCase) -> AppError {
    let what = match role {
        DeviceRole::Display | DeviceRole::Witness => {
            "perangkat ini hanya layar untuk melihat".to_string()
        }
        DeviceRole::PanelMember if CHAIR_WRITES.contains(&case.name) => {
            "hanya pimpinan panel yang dapat melakukannya".to_string()
        }
        _ if WORKSTATION_ONLY.contains(&case.name) => {
            "frasa sandi kunci stasiun kerja hanya diisi di komputer utama".to_string()
        }
        _ => format!("peran {} tidak mencakup tindakan ini", role.label()),
    };
    AppError::new(
        ErrorCode::Forbidden,
        format!("{what}; minta operator di komputer utama"),
    )
}

impl Workspace {
    /// Makes a device for `new.person` in `new.role` and its one-time pairing code.
    pub fn create_device(&self, who: &Who, new: &NewDevice) -> AppResult<PairingCode> {
        let code = new_code()?;
        let device = self.writable()?.create_device(
            &who.actor,
            new,
            &sha256_hex(&code),
            std::time::Duration::from_mins(CODE_MINUTES),
        )?;
        let expires_at = device.code_expires.clone().unwrap_or_default();
        Ok(PairingCode {
            device,
            code,
            expires_at,
        })
    }

    /// Pairs the device waiting for `code`; a wrong, used or expired code is recorded as a
    /// refused attempt (`peer` names where it came from).
    pub fn pair_device(&self, code: &str, device_name: &str, peer: &str) -> AppResult<Paired> {
        let code = normalise_code(code);
        let token = pleno_store::hex(&random_bytes::<24>()?);
        let mut store = self.writable()?;
        if code.len() == CODE_LEN
            && let Some(device) =
                store.pair_device(&sha256_hex(&code), &sha256_hex(&token), device_name, peer)?
        {
            return Ok(Paired { token, device });
        }
        store.record_pairing_refused(device_name, peer)?;
        Err(AppError::new(
            ErrorCode::PairingRefused,
            "kode pasangan salah, sudah dipakai, atau lewat 10 menit; minta kode baru kepada operator",
        ))
    }

    pub fn devices(&self) -> AppResult<Vec<Device>> {
        Ok(self.store().devices()?)
    }

    /// Revokes a device; its open event streams end.
    pub fn revoke_device(&self, who: &Who, id: i64) -> AppResult<Device> {
        let device = self.writable()?.revoke_device(&who.actor, id)?;
        self.notify(AppEvent::DeviceRevoked { device: id });
        Ok(device)
    }

    /// The paired, unrevoked device holding `token`.
    pub fn identify(&self, token: &str) -> AppResult<Option<Device>> {
        Ok(self.store().device_by_token(&sha256_hex(token))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::USE_CASES;

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_typing_is_forgiving() {
        let c = new_code().unwrap();
        assert_eq!(c.len(), CODE_LEN);
        assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_eq!(normalise_code(" abcd-efgh "), "ABCDEFGH");
    }

    #[test]
    fn displays_only_read_and_every_named_case_exists() {
        for name in WITNESS_READS
            .iter()
            .chain(PANEL_WRITES)
            .chain(CHAIR_WRITES)
            .chain(OPERATOR_READS)
            .chain(WORKSTATION_ONLY)
        {
            assert!(crate::api::find(name).is_some(), "{name} is not a use case");
        }
        for case in USE_CASES {
            if permits(DeviceRole::Display, case) || permits(DeviceRole::Witness, case) {
                assert_eq!(case.access, Access::Read, "{}", case.name);
            }
            if permits(DeviceRole::PanelMember, case) {
                assert!(permits(DeviceRole::PanelChair, case), "{}", case.name);
            }
            assert_eq!(
                permits(DeviceRole::Operator, case),
                !WORKSTATION_ONLY.contains(&case.name),
                "{}",
                case.name
            );
        }
        let close = crate::api::find("close_desa").unwrap();
        assert!(!permits(DeviceRole::PanelMember, close));
        assert!(permits(DeviceRole::PanelChair, close));
    }
}
