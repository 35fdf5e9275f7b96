//! The key file's two forms. Plain: the 32-byte seed as hex on one line (every workspace made
//! before passphrases, and a new one until the chair sets one). Sealed:
//!
//! ```text
//! pleno-kunci 2
//! publik <hex 32 bytes: the ed25519 public key>
//! kdf argon2id <memory KiB> <passes> <lanes>
//! garam <hex 16 bytes>
//! nonce <hex 12 bytes>
//! rahasia <hex: ChaCha20-Poly1305 of the seed, tag appended>
//! ```
//!
//! Every line before `rahasia` is the cipher's associated data, so a file whose public key or
//! parameters were changed does not open. Argon2id at 64 MiB and 3 passes: `pleno key
//! checkpoint --passphrase-file` takes 0.21–0.26 s whole on this 2-core machine, 80 MB at its
//! peak — cheap once per session, costly for whoever guesses.

use std::io::Write as _;
use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};

use super::key::unhex;
use crate::devices::random_bytes;
use crate::error::{AppError, AppResult, ErrorCode};

pub const MIN_PASSPHRASE_CHARS: usize = 10;

const HEADER: &str = "pleno-kunci 2";
const MEMORY_KIB: u32 = 64 * 1024;
const PASSES: u32 = 3;
const LANES: u32 = 1;

pub enum Stored {
    Plain([u8; 32]),
    Sealed(Sealed),
}

pub struct Sealed {
    pub public: [u8; 32],
    kdf: (u32, u32, u32),
    salt: Vec<u8>,
    nonce: [u8; 12],
    secret: Vec<u8>,
    /// The lines the cipher authenticates, as stored.
    associated: String,
}

fn bytes<const N: usize>(text: &str) -> Option<[u8; N]> {
    unhex(text).and_then(|b| b.try_into().ok())
}

/// Reads a key file; `None` when it is neither form.
pub fn parse(text: &str) -> Option<Stored> {
    let text = text.trim_start_matches('\u{feff}');
    if !text.starts_with(HEADER) {
        return bytes::<32>(text.trim()).map(Stored::Plain);
    }
    let (associated, secret) = text.split_once("rahasia ")?;
    let mut public = None;
    let mut kdf = None;
    let mut salt = None;
    let mut nonce = None;
    for line in associated.lines().skip(1) {
        let (name, value) = line.split_once(' ')?;
        match name {
            "publik" => public = bytes::<32>(value.trim()),
            "kdf" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                if let ["argon2id", m, t, p] = parts.as_slice() {
                    kdf = Some((m.parse().ok()?, t.parse().ok()?, p.parse().ok()?));
                }
            }
            "garam" => salt = unhex(value.trim()).filter(|s| s.len() >= 16),
            "nonce" => nonce = bytes::<12>(value.trim()),
            _ => return None,
        }
    }
    Some(Stored::Sealed(Sealed {
        public: public?,
        kdf: kdf?,
        salt: salt?,
        nonce: nonce?,
        secret: unhex(secret.trim()).filter(|s| s.len() == 32 + 16)?,
        associated: associated.to_string(),
    }))
}

fn cipher(
    passphrase: &str,
    salt: &[u8],
    (m, t, p): (u32, u32, u32),
) -> AppResult<ChaCha20Poly1305> {
    let bad = |e: &dyn std::fmt::Display| {
        AppError::new(
            ErrorCode::KeyCorrupt,
            format!(
                "parameter kunci stasiun kerja tidak sah ({e}); pulihkan folder 'kunci' dari cadangan"
            ),
        )
    };
    // Bounded, so a doctored file cannot make the unlock take the machine's memory.
    if m > 1024 * 1024 || t > 64 || p > 16 {
        return Err(bad(&"terlalu besar"));
    }
    let params = Params::new(m, t, p, Some(32)).map_err(|e| bad(&e))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| bad(&e))?;
    ChaCha20Poly1305::new_from_slice(&key).map_err(|e| bad(&e))
}

impl Sealed {
    /// The seed, when `passphrase` is the one it was sealed with and nothing was changed.
    pub fn open(&self, passphrase: &str) -> AppResult<[u8; 32]> {
        let cipher = cipher(passphrase, &self.salt, self.kdf)?;
        let seed = cipher
            .decrypt(
                &Nonce::from(self.nonce),
                Payload {
                    msg: &self.secret,
                    aad: self.associated.as_bytes(),
                },
            )
            .map_err(|_| {
                AppError::new(
                    ErrorCode::PassphraseWrong,
                    "frasa sandi salah (atau berkas kunci telah diubah); coba lagi, perhatikan huruf besar dan kecil",
                )
            })?;
        seed.try_into().map_err(|_| {
            AppError::new(
                ErrorCode::KeyCorrupt,
                "isi kunci stasiun kerja rusak; pulihkan folder 'kunci' dari cadangan",
            )
        })
    }
}

/// A new passphrase the chair may set.
pub fn check_new(passphrase: &str) -> AppResult<()> {
    if passphrase.trim().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(AppError::new(
            ErrorCode::PassphraseWeak,
            format!(
                "frasa sandi terlalu pendek: pakai sedikitnya {MIN_PASSPHRASE_CHARS} karakter, misalnya beberapa kata yang mudah diingat ketua PPK"
            ),
        ));
    }
    Ok(())
}

/// The sealed form of `seed` under `passphrase`.
pub fn seal(seed: &[u8; 32], public: &[u8; 32], passphrase: &str) -> AppResult<String> {
    let salt = random_bytes::<16>()?;
    let nonce = random_bytes::<12>()?;
    let associated = format!(
        "{HEADER}\npublik {}\nkdf argon2id {MEMORY_KIB} {PASSES} {LANES}\ngaram {}\nnonce {}\n",
        pleno_store::hex(public),
        pleno_store::hex(&salt),
        pleno_store::hex(&nonce)
    );
    let secret = cipher(passphrase, &salt, (MEMORY_KIB, PASSES, LANES))?
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: seed,
                aad: associated.as_bytes(),
            },
        )
        .map_err(|_| AppError::new(ErrorCode::Internal, "kunci tidak dapat disandikan"))?;
    Ok(format!(
        "{associated}rahasia {}\n",
        pleno_store::hex(&secret)
    ))
}

/// Writes the key file whole or not at all (`write_private`).
pub fn write_file(path: &Path, text: &str) -> AppResult<()> {
    write_private(path, text.as_bytes()).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!(
                "kunci {} tidak dapat ditulis: {e}; periksa ruang dan izin folder 'kunci'",
                path.display()
            ),
        )
    })
}

/// A secret file written whole or not at all, readable by its owner only: a sibling file
/// (created 0600), flushed to disk, renamed over `path`, then the folder flushed. The
/// workstation key and the TLS key go this way.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut partial = path.as_os_str().to_owned();
    partial.push(".baru");
    let partial = std::path::PathBuf::from(partial);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&partial, path)?;
    if let Ok(dir) = std::fs::File::open(parent) {
        // A folder cannot be opened for syncing on every system; the rename stands anyway.
        let _ = dir.sync_all();
    }
    Ok(())
}
