//! The workstation key: an ed25519 key pair made when the workspace is created, kept in the
//! workspace folder (readable by its owner only). Bundles are signed with it.

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use crate::error::{AppError, AppResult, ErrorCode};

/// Where the key lives inside a workspace folder.
pub const KEY_FILE: &str = "kunci/ed25519-stasiun-kerja.key";

pub struct WorkstationKey(SigningKey);

fn hex(bytes: &[u8]) -> String {
    pleno_store::hex(bytes)
}

pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

impl WorkstationKey {
    /// Makes a new key in `dir` (refuses to overwrite one).
    pub fn create(dir: &Path) -> AppResult<WorkstationKey> {
        let path = dir.join(KEY_FILE);
        if path.exists() {
            return Err(AppError::new(
                ErrorCode::KeyExists,
                format!("kunci stasiun kerja sudah ada di {}", path.display()),
            ));
        }
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("angka acak tidak tersedia: {e}"),
            )
        })?;
        let key = SigningKey::from_bytes(&seed);
        let io = |e: std::io::Error| {
            AppError::new(
                ErrorCode::Io,
                format!("kunci {} tidak dapat ditulis: {e}", path.display()),
            )
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, hex(&seed)).map_err(io)?;
        restrict(&path).map_err(io)?;
        Ok(WorkstationKey(key))
    }

    pub fn load(dir: &Path) -> AppResult<WorkstationKey> {
        let path = dir.join(KEY_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            AppError::new(
                ErrorCode::KeyMissing,
                format!(
                    "kunci stasiun kerja {} tidak dapat dibaca ({e}); paket tidak dapat ditandatangani. Pulihkan folder 'kunci' dari cadangan",
                    path.display()
                ),
            )
        })?;
        let bytes: [u8; 32] = unhex(text.trim())
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::KeyCorrupt,
                    format!("kunci {} rusak", path.display()),
                )
            })?;
        Ok(WorkstationKey(SigningKey::from_bytes(&bytes)))
    }

    /// The fingerprint of the key in workspace `dir`, as printed and shown; `None` without a
    /// readable key.
    pub fn fingerprint_in(dir: &Path) -> Option<String> {
        WorkstationKey::load(dir)
            .ok()
            .map(|k| super::fingerprint(&k.public_hex()))
    }

    pub fn public_hex(&self) -> String {
        hex(self.0.verifying_key().as_bytes())
    }

    pub fn sign(&self, message: &[u8]) -> String {
        hex(&self.0.sign(message).to_bytes())
    }
}

/// Checks `signature_hex` over `message` with `public_hex`.
pub(crate) fn verify(public_hex: &str, message: &[u8], signature_hex: &str) -> bool {
    let Some(pk) = unhex(public_hex).and_then(|b| <[u8; 32]>::try_from(b).ok()) else {
        return false;
    };
    let Some(sig) = unhex(signature_hex.trim()).and_then(|b| <[u8; 64]>::try_from(b).ok()) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&pk) else {
        return false;
    };
    key.verify(message, &Signature::from_bytes(&sig)).is_ok()
}

#[cfg(unix)]
fn restrict(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict(_: &Path) -> std::io::Result<()> {
    Ok(())
}
