//! The workstation key in a session, and the checkpoints it signs.
//!
//! The chair gives the passphrase once per session (the desktop's Persiapan screen, or
//! `--passphrase-file` on the command line); the opened key then stays in memory until the
//! workspace is closed or locked again. With it, Pleno signs the audit chain's head
//! ("titik periksa") at every desa closing, kecamatan sign-off, reopening, printing and
//! bundle export, and after every [`CHECKPOINT_EVERY`] events. `pleno verify` checks each
//! checkpoint against the chain as it is now: a chain rewritten and re-hashed before a
//! checkpoint no longer matches it, and nobody without the passphrase can sign a new one.

use schemars::JsonSchema;
use serde::Serialize;

use pleno_store::{Actor, ChainHead, Problem, VerifyReport};

use crate::bundle::{WorkstationKey, fingerprint, verify_signature};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::workspace::{Who, Workspace};

/// A checkpoint is due once this many events followed the last one.
pub const CHECKPOINT_EVERY: i64 = 100;

/// What Persiapan shows about the key.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KeyStatus {
    /// As printed on every D.Hasil page and compared by the KPU Kab/Kota.
    pub fingerprint: String,
    /// Kept under the chair's passphrase.
    pub protected: bool,
    /// Opened in this session (always true for a key without passphrase).
    pub unlocked: bool,
    /// The newest event whose head a checkpoint signed.
    pub last_checkpoint: Option<i64>,
    /// The chain's newest event.
    pub head: Option<i64>,
}

/// What a checkpoint signs: the workspace and the head, so a signature cannot be moved to
/// another workspace or another event.
pub fn checkpoint_message(workspace_id: &str, head: &ChainHead) -> Vec<u8> {
    format!(
        "pleno-titik-periksa-v1\n{workspace_id}\n{}\n{}\n",
        head.seq, head.hash
    )
    .into_bytes()
}

impl Workspace {
    pub fn key_status(&self) -> AppResult<KeyStatus> {
        let info = WorkstationKey::info_in(self.dir())?;
        let store = self.store();
        Ok(KeyStatus {
            fingerprint: fingerprint(&info.public_hex),
            protected: info.protected,
            unlocked: !info.protected || self.opened_key().is_some(),
            last_checkpoint: store.last_checkpoint()?,
            head: store.chain_head()?.map(|h| h.seq),
        })
    }

    /// Opens the key for this session and signs the head at once.
    pub fn unlock_key(&self, who: &Who, passphrase: &str) -> AppResult<KeyStatus> {
        let key = WorkstationKey::unlock(self.dir(), passphrase)?;
        *self.session_key() = Some(key);
        self.checkpoint(&who.actor, true)?;
        self.key_status()
    }

    /// Forgets the opened key (the chair leaves the machine).
    pub fn lock_key(&self) -> AppResult<KeyStatus> {
        *self.session_key() = None;
        self.key_status()
    }

    /// Puts the key under a new passphrase (`current` opens it when it has one), records who
    /// did, and keeps it open for the session.
    pub fn protect_key(
        &self,
        who: &Who,
        current: Option<&str>,
        passphrase: &str,
        repeated: &str,
    ) -> AppResult<KeyStatus> {
        if passphrase != repeated {
            return Err(AppError::new(
                ErrorCode::PassphraseWeak,
                "frasa sandi dan ulangannya berbeda; ketik keduanya lagi",
            ));
        }
        let mut store = self.writable()?;
        let key = WorkstationKey::protect(self.dir(), current, passphrase)?;
        store.record_key_protected(&who.actor, &fingerprint(&key.public_hex()))?;
        drop(store);
        *self.session_key() = Some(key);
        self.checkpoint(&who.actor, true)?;
        self.key_status()
    }

    fn opened_key(&self) -> Option<WorkstationKey> {
        self.session_key().clone()
    }

    /// The key to sign with now: the one opened in this session, or one without passphrase.
    pub(crate) fn signing_key(&self) -> AppResult<WorkstationKey> {
        match self.opened_key() {
            Some(key) => Ok(key),
            None => WorkstationKey::load(self.dir()),
        }
    }

    /// Signs the chain's head when `now` or when [`CHECKPOINT_EVERY`] events followed the last
    /// checkpoint. Without a key to sign with (locked, missing, a read-only window) there is
    /// nothing to do: the next checkpoint covers what came before it.
    pub fn checkpoint(&self, actor: &Actor, now: bool) -> AppResult<Option<i64>> {
        if self.is_read_only() {
            return Ok(None);
        }
        let mut store = self.writable()?;
        let head = store.chain_head()?.map_or(0, |h| h.seq);
        let last = store.last_checkpoint()?.unwrap_or(0);
        // A checkpoint itself is the head after it: never sign a checkpoint only.
        if head <= last + 1 || (!now && head - last < CHECKPOINT_EVERY) {
            return Ok(None);
        }
        let Ok(key) = self.signing_key() else {
            return Ok(None);
        };
        let id = store.settings()?.workspace_id;
        let public = key.public_hex();
        let seq = store.append_checkpoint(actor, |head| {
            (public, key.sign(&checkpoint_message(&id, head)))
        })?;
        Ok(seq.map(|s| s.0))
    }

    /// Adds to `report` every checkpoint that does not hold: signed by another key than the
    /// workspace's, a signature that does not verify, or a head the chain no longer has.
    pub(crate) fn check_checkpoints(&self, report: &mut VerifyReport) -> AppResult<()> {
        let store = self.store();
        let checkpoints = store.checkpoints()?;
        let id = store.settings()?.workspace_id;
        drop(store);
        let public = WorkstationKey::info_in(self.dir()).ok();
        let mut held = 0;
        for c in &checkpoints {
            let problem = |detail: String| Problem::Chain {
                seq: c.event,
                detail,
            };
            if public
                .as_ref()
                .is_some_and(|p| p.public_hex != c.public_key)
            {
                report.push(problem(format!(
                    "titik periksa ditandatangani kunci {}, bukan kunci ruang kerja ini",
                    fingerprint(&c.public_key)
                )));
            } else if !verify_signature(
                &c.public_key,
                &checkpoint_message(&id, &c.head),
                &c.signature,
            ) {
                report.push(problem(
                    "tanda tangan titik periksa tidak sah: isinya diubah di luar Pleno".into(),
                ));
            } else if c.hash_now.as_deref() != Some(c.head.hash.as_str()) {
                report.push(problem(format!(
                    "titik periksa menandatangani peristiwa {} dengan sidik {}…, kini {}: rantai audit sampai peristiwa itu telah ditulis ulang",
                    c.head.seq,
                    c.head.hash.chars().take(16).collect::<String>(),
                    c.hash_now.as_deref().map_or_else(
                        || "tidak ada".to_string(),
                        |h| format!("{}…", h.chars().take(16).collect::<String>())
                    )
                )));
            } else {
                held += 1;
            }
        }
        match &public {
            Some(p) if !checkpoints.is_empty() => report.notes.push(format!(
                "{held} dari {} titik periksa rantai audit cocok, ditandatangani kunci {}{}",
                checkpoints.len(),
                fingerprint(&p.public_hex),
                if p.protected {
                    " (dilindungi frasa sandi)"
                } else {
                    "; kunci ini belum dilindungi frasa sandi, sehingga titik periksa dapat dipalsukan oleh siapa pun yang dapat membuka folder ini"
                }
            )),
            Some(p) if !p.protected => report.notes.push(
                "kunci stasiun kerja belum dilindungi frasa sandi: lindungi di Persiapan → Kunci stasiun kerja (pleno key protect)".into(),
            ),
            _ => {}
        }
        Ok(())
    }
}
