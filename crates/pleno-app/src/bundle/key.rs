//! The workstation key: an ed25519 key pair made when the workspace is created, kept in the
//! workspace folder (readable by its owner only). Bundles and the audit chain's checkpoints
//! are signed with it.
//!
//! The PPK chair may put it under a passphrase (`sealed`): the seed is then stored encrypted
//! with ChaCha20-Poly1305 under a key derived by Argon2id, and only the public half is in
//! clear, so the fingerprint is printed and shown without the passphrase. Whoever can edit
//! the database can then no longer sign: not a bundle, not a checkpoint of a rewritten chain.

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use super::sealed::{self, Stored};
use crate::error::{AppError, AppResult, ErrorCode};

/// Where the key lives inside a workspace folder.
pub const KEY_FILE: &str = "kunci/ed25519-stasiun-kerja.key";

#[derive(Clone)]
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

/// What the workspace's key file says without its passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub public_hex: String,
    /// Kept under a passphrase.
    pub protected: bool,
}

fn read_stored(dir: &Path) -> AppResult<Stored> {
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
    sealed::parse(&text).ok_or_else(|| {
        AppError::new(
            ErrorCode::KeyCorrupt,
            format!(
                "kunci {} rusak; pulihkan folder 'kunci' dari cadangan",
                path.display()
            ),
        )
    })
}

fn locked() -> AppError {
    AppError::new(
        ErrorCode::KeyLocked,
        "kunci stasiun kerja dilindungi frasa sandi: buka dulu di Persiapan → Kunci stasiun kerja \
         (di baris perintah: --passphrase-file)",
    )
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
        let key = SigningKey::from_bytes(&crate::devices::random_bytes::<32>()?);
        sealed::write_file(&path, &hex(&key.to_bytes()))?;
        Ok(WorkstationKey(key))
    }

    /// The key of workspace `dir` when it is not under a passphrase.
    pub fn load(dir: &Path) -> AppResult<WorkstationKey> {
        match read_stored(dir)? {
            Stored::Plain(seed) => Ok(WorkstationKey(SigningKey::from_bytes(&seed))),
            Stored::Sealed(_) => Err(locked()),
        }
    }

    /// The key of workspace `dir`, opened with `passphrase` when it is under one.
    pub fn unlock(dir: &Path, passphrase: &str) -> AppResult<WorkstationKey> {
        match read_stored(dir)? {
            Stored::Plain(seed) => Ok(WorkstationKey(SigningKey::from_bytes(&seed))),
            Stored::Sealed(s) => {
                let seed = s.open(passphrase)?;
                let key = SigningKey::from_bytes(&seed);
                if key.verifying_key().as_bytes() != &s.public {
                    return Err(AppError::new(
                        ErrorCode::KeyCorrupt,
                        "kunci stasiun kerja rusak: kunci publiknya tidak cocok dengan isinya; pulihkan folder 'kunci' dari cadangan",
                    ));
                }
                Ok(WorkstationKey(key))
            }
        }
    }

    /// Puts the key of workspace `dir` under `new` (at least
    /// [`sealed::MIN_PASSPHRASE_CHARS`] characters); `current` opens it when it is under one
    /// already. The file is replaced whole or not at all.
    pub fn protect(dir: &Path, current: Option<&str>, new: &str) -> AppResult<WorkstationKey> {
        sealed::check_new(new)?;
        let key = match (read_stored(dir)?, current) {
            (Stored::Plain(seed), _) => WorkstationKey(SigningKey::from_bytes(&seed)),
            (Stored::Sealed(_), Some(current)) => WorkstationKey::unlock(dir, current)?,
            (Stored::Sealed(_), None) => {
                return Err(AppError::new(
                    ErrorCode::PassphraseWrong,
                    "kunci sudah dilindungi: isi frasa sandi yang sekarang untuk menggantinya",
                ));
            }
        };
        let text = sealed::seal(&key.0.to_bytes(), key.0.verifying_key().as_bytes(), new)?;
        sealed::write_file(&dir.join(KEY_FILE), &text)?;
        Ok(key)
    }

    /// The public half of workspace `dir`'s key and whether it is protected, without the
    /// passphrase.
    pub fn info_in(dir: &Path) -> AppResult<KeyInfo> {
        Ok(match read_stored(dir)? {
            Stored::Plain(seed) => KeyInfo {
                public_hex: hex(SigningKey::from_bytes(&seed).verifying_key().as_bytes()),
                protected: false,
            },
            Stored::Sealed(s) => KeyInfo {
                public_hex: hex(&s.public),
                protected: true,
            },
        })
    }

    /// The fingerprint of the key in workspace `dir`, as printed and shown; `None` without a
    /// readable key.
    pub fn fingerprint_in(dir: &Path) -> Option<String> {
        WorkstationKey::info_in(dir)
            .ok()
            .map(|k| super::fingerprint(&k.public_hex))
    }

    pub fn public_hex(&self) -> String {
        hex(self.0.verifying_key().as_bytes())
    }

    pub fn sign(&self, message: &[u8]) -> String {
        hex(&self.0.sign(message).to_bytes())
    }
}

const PUBLIC_HEADER: &str = "pleno-kunci-publik 1";

/// The public key file a PPK hands to its KPU Kab/Kota apart from the bundle (on paper or a
/// second stick): enough to enrol the key without typing the fingerprint, nothing secret.
pub fn public_key_file(dir: &Path, kecamatan: &str) -> AppResult<String> {
    let info = WorkstationKey::info_in(dir)?;
    Ok(format!(
        "{PUBLIC_HEADER}\nkecamatan {kecamatan}\npublik {}\nsidik {}\n",
        info.public_hex,
        super::fingerprint(&info.public_hex)
    ))
}

/// The fingerprint of the key a public key file holds, checked against the fingerprint line it
/// also carries (a file edited by hand does not pass).
pub fn fingerprint_of_key_file(text: &str) -> AppResult<String> {
    let bad = |why: &str| {
        AppError::new(
            ErrorCode::BadRequest,
            format!(
                "berkas kunci publik tidak sah: {why}; minta PPK membuatnya lagi dengan pleno key export-public"
            ),
        )
    };
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    if lines.next().map(str::trim) != Some(PUBLIC_HEADER) {
        return Err(bad("bukan berkas kunci publik Pleno"));
    }
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
    };
    let public = field("publik ")
        .filter(|p| unhex(p).is_some_and(|b| b.len() == 32))
        .ok_or_else(|| bad("baris 'publik' tidak ada atau rusak"))?;
    let fp = super::fingerprint(&public);
    if field("sidik ").as_deref() != Some(fp.as_str()) {
        return Err(bad("sidik tidak cocok dengan kuncinya"));
    }
    Ok(fp)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with_key() -> (tempfile::TempDir, WorkstationKey) {
        let dir = tempfile::tempdir().unwrap();
        let key = WorkstationKey::create(dir.path()).unwrap();
        (dir, key)
    }

    #[test]
    fn a_protected_key_signs_only_after_its_passphrase() {
        let (dir, key) = with_key();
        let public = key.public_hex();
        let err = WorkstationKey::protect(dir.path(), None, "pendek")
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::PassphraseWeak);
        WorkstationKey::protect(dir.path(), None, "sidang pleno kecamatan").unwrap();
        let text = std::fs::read_to_string(dir.path().join(KEY_FILE)).unwrap();
        let seed_hex = hex(&key.0.to_bytes());
        assert!(!text.contains(&seed_hex), "the seed is not kept in clear");

        assert_eq!(
            WorkstationKey::load(dir.path()).err().unwrap().code,
            ErrorCode::KeyLocked
        );
        let info = WorkstationKey::info_in(dir.path()).unwrap();
        assert!(info.protected);
        assert_eq!(
            info.public_hex, public,
            "the fingerprint needs no passphrase"
        );
        assert_eq!(
            WorkstationKey::unlock(dir.path(), "sidang pleno kecamatam")
                .err()
                .unwrap()
                .code,
            ErrorCode::PassphraseWrong
        );
        let opened = WorkstationKey::unlock(dir.path(), "sidang pleno kecamatan").unwrap();
        assert_eq!(opened.public_hex(), public);
        assert!(verify(&public, b"rekap", &opened.sign(b"rekap")));

        // Changing it needs the current one.
        let err = WorkstationKey::protect(dir.path(), None, "frasa sandi yang baru")
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::PassphraseWrong);
        WorkstationKey::protect(
            dir.path(),
            Some("sidang pleno kecamatan"),
            "frasa sandi yang baru",
        )
        .unwrap();
        assert!(WorkstationKey::unlock(dir.path(), "sidang pleno kecamatan").is_err());
        assert_eq!(
            WorkstationKey::unlock(dir.path(), "frasa sandi yang baru")
                .unwrap()
                .public_hex(),
            public
        );
    }

    #[test]
    fn a_public_key_file_gives_the_fingerprint_and_refuses_edits() {
        let (dir, key) = with_key();
        let text = public_key_file(dir.path(), "330319 SUKAMAJU").unwrap();
        assert!(!text.contains(&hex(&key.0.to_bytes())), "nothing secret");
        assert_eq!(
            fingerprint_of_key_file(&text).unwrap(),
            crate::bundle::fingerprint(&key.public_hex())
        );
        let other = WorkstationKey::create(tempfile::tempdir().unwrap().path()).unwrap();
        let edited = text.replace(&key.public_hex(), &other.public_hex());
        assert!(fingerprint_of_key_file(&edited).is_err());
        assert!(fingerprint_of_key_file("sidik 1234").is_err());
    }

    #[test]
    fn a_sealed_key_with_another_public_half_is_refused() {
        let (dir, _) = with_key();
        WorkstationKey::protect(dir.path(), None, "sidang pleno kecamatan").unwrap();
        let path = dir.path().join(KEY_FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        let other = WorkstationKey::create(tempfile::tempdir().unwrap().path()).unwrap();
        let swapped: String = text
            .lines()
            .map(|l| {
                if l.starts_with("publik ") {
                    format!("publik {}\n", other.public_hex())
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(&path, swapped).unwrap();
        // The public half is authenticated with the secret: a swapped one does not open.
        let err = WorkstationKey::unlock(dir.path(), "sidang pleno kecamatan")
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::PassphraseWrong);
        std::fs::write(&path, "pleno-kunci 2\nrusak\n").unwrap();
        assert_eq!(
            WorkstationKey::info_in(dir.path()).err().unwrap().code,
            ErrorCode::KeyCorrupt
        );
    }
}
