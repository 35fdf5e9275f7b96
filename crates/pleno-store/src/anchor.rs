//! Anchors: the audit chain's head as it was published outside the workspace — printed in the
//! footer of every document, carried in every bundle. The chain alone proves nothing against
//! someone who edits the database and recomputes every later hash (`verify` then finds a
//! consistent chain); a head already on signed paper or at the KPU Kab/Kota does, because a
//! rewritten chain no longer passes through it.
//!
//! Short form `SEQ:HEX16` (e.g. `1234:ab12cd34ef567890`): 64 bits of the hash, which nobody can
//! match by trying, and no `#` so that a shell does not read it as a comment.

use rusqlite::OptionalExtension;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Result, SqlContext};
use crate::event::EventKind;
use crate::store::Store;
use crate::types::{Actor, EventSeq};

/// Hex digits of the hash in the short form, and the fewest an anchor may give.
pub const SHORT_HEX: usize = 16;

/// The newest event of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChainHead {
    pub seq: i64,
    /// Full hex SHA-256 of the event.
    pub hash: String,
}

impl ChainHead {
    /// `SEQ:HEX16`, as printed.
    pub fn short(&self) -> String {
        // By characters: a head read from a bundle is not trusted to be hex yet.
        let prefix: String = self.hash.chars().take(SHORT_HEX).collect();
        format!("{}:{prefix}", self.seq)
    }
}

/// A published head to check the chain against: a sequence number and the first hex digits
/// (at least [`SHORT_HEX`]) of that event's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub prefix: String,
}

impl std::str::FromStr for Anchor {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Anchor, String> {
        let text = text.trim();
        let form = "tulis jangkar sebagai NOMOR:HEKSA, misalnya 1234:ab12cd34ef567890, \
                    seperti tercetak di kaki dokumen";
        let (seq, prefix) = text
            .split_once(':')
            .ok_or_else(|| format!("jangkar \"{text}\" tanpa titik dua; {form}"))?;
        let seq: i64 = seq
            .trim()
            .parse()
            .ok()
            .filter(|s| *s > 0)
            .ok_or_else(|| format!("nomor peristiwa \"{seq}\" tidak sah; {form}"))?;
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.len() < SHORT_HEX
            || prefix.len() > 64
            || !prefix.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(format!(
                "\"{prefix}\" bukan {SHORT_HEX} sampai 64 digit heksadesimal; {form}"
            ));
        }
        Ok(Anchor { seq, prefix })
    }
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.prefix)
    }
}

/// What the chain says about a published head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum AnchorCheck {
    /// The chain passes through the head: nothing up to it was rewritten.
    Holds,
    /// The event at that number now has another hash: the chain up to it was rewritten.
    Rewritten { now: String },
    /// The chain is shorter than the head: events were removed, or this is an older copy.
    Missing { last: i64 },
}

impl AnchorCheck {
    pub fn holds(&self) -> bool {
        matches!(self, AnchorCheck::Holds)
    }

    /// In the words `pleno verify` and `pleno verify-doc` print.
    pub fn describe(&self, anchor: &Anchor) -> String {
        match self {
            AnchorCheck::Holds => format!(
                "rantai audit masih melalui {anchor}: tidak ada yang ditulis ulang sampai peristiwa {}",
                anchor.seq
            ),
            AnchorCheck::Rewritten { now } => format!(
                "peristiwa {} kini bersidik {now}, bukan {}: rantai audit sampai peristiwa itu telah ditulis ulang",
                anchor.seq, anchor.prefix
            ),
            AnchorCheck::Missing { last } => format!(
                "rantai audit hanya sampai peristiwa {last}, lebih pendek dari jangkar {anchor}: \
                 peristiwa telah dihapus, atau ini salinan yang lebih lama"
            ),
        }
    }
}

/// The newest event of the chain in `conn` (a transaction's too), or None before the first.
fn head_of(conn: &rusqlite::Connection, path: &std::path::Path) -> Result<Option<ChainHead>> {
    conn.query_row(
        "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1",
        [],
        |r| {
            Ok(ChainHead {
                seq: r.get(0)?,
                hash: r.get(1)?,
            })
        },
    )
    .optional()
    .db(path)
}

impl Store {
    /// The newest event, or None for a chain not yet begun.
    pub fn chain_head(&self) -> Result<Option<ChainHead>> {
        head_of(&self.conn, &self.ctx.db_path)
    }

    /// Whether the stored chain passes through `anchor`. Only the stored hash is compared:
    /// `verify` proves the stored hashes are the chain's own, so the two together say the
    /// chain is intact and is the one that was published.
    pub fn check_anchor(&self, anchor: &Anchor) -> Result<AnchorCheck> {
        let path = &self.ctx.db_path;
        let hash: Option<String> = self
            .conn
            .query_row(
                "SELECT hash FROM audit_event WHERE seq = ?1",
                [anchor.seq],
                |r| r.get(0),
            )
            .optional()
            .db(path)?;
        Ok(match hash {
            Some(h) if h.starts_with(&anchor.prefix) => AnchorCheck::Holds,
            Some(h) => AnchorCheck::Rewritten {
                now: h.chars().take(anchor.prefix.len()).collect(),
            },
            None => AnchorCheck::Missing {
                last: self.chain_head()?.map_or(0, |h| h.seq),
            },
        })
    }
}

/// A checkpoint: an event that signs the head before it with the workstation key. Someone who
/// rewrites the chain and recomputes its hashes cannot sign the new head without the key's
/// passphrase, so every checkpoint after the rewrite no longer matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Checkpoint {
    /// The checkpoint's own event.
    pub event: i64,
    /// The head it signs, as it was signed.
    pub head: ChainHead,
    pub public_key: String,
    pub signature: String,
    /// The hash the chain holds now at `head.seq` (`None`: the event is gone).
    pub hash_now: Option<String>,
}

impl Store {
    /// Appends a checkpoint of the current head, signed by `sign` (which gets the head and
    /// answers the public key and the signature, both hex). Head and checkpoint are read and
    /// written in one transaction, so no event slips between them. `None` for an empty chain.
    pub fn append_checkpoint(
        &mut self,
        actor: &Actor,
        sign: impl FnOnce(&ChainHead) -> (String, String),
    ) -> Result<Option<EventSeq>> {
        let (tx, ctx) = self.begin()?;
        let path = &ctx.db_path;
        let head = head_of(&tx.sql, path)?;
        let Some(head) = head else {
            return Ok(None);
        };
        let (public_key, signature) = sign(&head);
        let detail = serde_json::json!({
            "seq": head.seq,
            "hash": head.hash,
            "public_key": public_key,
            "signature": signature,
        });
        tx.commit(actor, EventKind::ChainCheckpoint, detail)
            .map(Some)
    }

    /// Every checkpoint in the chain, oldest first, with the hash the chain holds now where
    /// each one signed.
    pub fn checkpoints(&self) -> Result<Vec<Checkpoint>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT c.seq, json_extract(c.payload, '$.detail.seq'), \
                        json_extract(c.payload, '$.detail.hash'), \
                        json_extract(c.payload, '$.detail.public_key'), \
                        json_extract(c.payload, '$.detail.signature'), s.hash \
                 FROM audit_event c \
                 LEFT JOIN audit_event s ON s.seq = json_extract(c.payload, '$.detail.seq') \
                 WHERE c.kind = ?1 ORDER BY c.seq",
            )
            .db(path)?;
        let rows = stmt
            .query_map([EventKind::ChainCheckpoint.kind()], |r| {
                Ok(Checkpoint {
                    event: r.get(0)?,
                    head: ChainHead {
                        seq: r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                        hash: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    },
                    public_key: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    signature: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    hash_now: r.get(5)?,
                })
            })
            .db(path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db(path)
    }

    /// Records that the workstation key was put under a (new) passphrase: the key file is
    /// outside the database, so the event is what tells an auditor who did it and when.
    pub fn record_key_protected(&mut self, actor: &Actor, fingerprint: &str) -> Result<EventSeq> {
        let (tx, _) = self.begin()?;
        tx.commit(
            actor,
            EventKind::KeyProtected,
            serde_json::json!({ "fingerprint": fingerprint }),
        )
    }

    /// The sequence number of the newest head signed by a checkpoint.
    pub fn last_checkpoint(&self) -> Result<Option<i64>> {
        let path = &self.ctx.db_path;
        self.conn
            .query_row(
                "SELECT json_extract(payload, '$.detail.seq') FROM audit_event \
                 WHERE kind = ?1 ORDER BY seq DESC LIMIT 1",
                [EventKind::ChainCheckpoint.kind()],
                |r| r.get(0),
            )
            .optional()
            .db(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_read_as_printed_and_refused_in_words() {
        let a: Anchor = " 1234:AB12cd34ef567890 ".parse().expect("printed form");
        assert_eq!(a.seq, 1234);
        assert_eq!(a.prefix, "ab12cd34ef567890");
        assert_eq!(a.to_string(), "1234:ab12cd34ef567890");
        for bad in [
            "1234",
            "0:ab12cd34ef567890",
            "x:ab12cd34ef567890",
            "12:ab12",
            "12:zz12cd34ef567890",
        ] {
            let err = bad.parse::<Anchor>().expect_err(bad);
            assert!(err.contains("NOMOR:HEKSA"), "{bad}: {err}");
        }
        let head = ChainHead {
            seq: 7,
            hash: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".into(),
        };
        assert_eq!(head.short(), "7:0123456789abcdef");
        assert_eq!(head.short().parse::<Anchor>().expect("short form").seq, 7);
    }
}
