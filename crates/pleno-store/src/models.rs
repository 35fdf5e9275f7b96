//! The digit model a workspace reads with, when it is not the one shipped with Pleno: a
//! network retrained at the KPU Kab/Kota on its kecamatan's crops (issue 22), installed by the
//! office. The ONNX file is a blob; the audit event is the record (its detail names the blob,
//! the model's name, the reason and the check it passed); the newest event counts, and one
//! without a blob returns the workspace to the shipped model. Every model ever installed thus
//! stays in the chain with who installed it and why.

use rusqlite::OptionalExtension as _;

use crate::blob::BlobHash;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::store::Store;
use crate::types::{Actor, EventSeq};

/// A model being installed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewModel {
    /// The ONNX file, already stored with [`Store::put_blob`].
    pub blob: BlobHash,
    /// Its name as the office knows it (e.g. the model card's title).
    pub name: String,
    /// The check it passed before installation (what `pleno model check` reported).
    pub check: serde_json::Value,
    /// Its model card (tools/digits' training.json: seeds, pools, the bundles whose crops it
    /// learnt from), or null when none came with it.
    pub card: serde_json::Value,
}

/// The installed model in force.
#[derive(Debug, Clone, PartialEq)]
pub struct InstalledModel {
    pub blob: BlobHash,
    pub name: String,
    pub reason: String,
    pub check: serde_json::Value,
    pub card: serde_json::Value,
    pub seq: EventSeq,
    pub at: String,
    pub actor: String,
}

impl Store {
    /// Installs `model` (or, with `None`, returns to the shipped model) for `reason`.
    pub fn record_model(
        &mut self,
        actor: &Actor,
        model: Option<&NewModel>,
        reason: &str,
    ) -> Result<EventSeq> {
        actor.check()?;
        if reason.trim().is_empty() {
            return Err(StoreError::EmptyReason {
                what: "memasang atau mencabut model angka",
            });
        }
        if let Some(m) = model {
            let known: bool = self
                .conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM blob WHERE hash = ?1)",
                    [m.blob.as_str()],
                    |r| r.get(0),
                )
                .db(&self.ctx.db_path)?;
            if !known {
                return Err(StoreError::NotFound {
                    what: "berkas model",
                    id: m.blob.as_str().to_string(),
                });
            }
        }
        let (tx, _) = self.begin()?;
        tx.commit(
            actor,
            EventKind::ModelInstalled,
            serde_json::json!({
                "blob": model.map(|m| m.blob.as_str()),
                "name": model.map(|m| m.name.as_str()),
                "check": model.map(|m| &m.check),
                "card": model.map(|m| &m.card),
                "reason": reason,
            }),
        )
    }

    /// The installed model in force, or None when the workspace reads with the shipped one.
    pub fn installed_model(&self) -> Result<Option<InstalledModel>> {
        let path = &self.ctx.db_path;
        let row = self
            .conn
            .query_row(
                "SELECT seq, at, actor, json_extract(payload, '$.detail') FROM audit_event \
                 WHERE kind = ?1 ORDER BY seq DESC LIMIT 1",
                [EventKind::ModelInstalled.kind()],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()
            .db(path)?;
        let Some((seq, at, actor, text)) = row else {
            return Ok(None);
        };
        let corrupt = |detail: String| StoreError::Corrupt {
            path: path.clone(),
            detail: format!("model terpasang (peristiwa {seq}): {detail}"),
        };
        let mut detail: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| corrupt(e.to_string()))?;
        let Some(blob) = detail.get("blob").and_then(serde_json::Value::as_str) else {
            return Ok(None);
        };
        let blob = BlobHash::parse(blob).map_err(|e| corrupt(e.to_string()))?;
        let text_of = |d: &serde_json::Value, k: &str| {
            d.get(k)
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Ok(Some(InstalledModel {
            blob,
            name: text_of(&detail, "name"),
            reason: text_of(&detail, "reason"),
            check: detail
                .get_mut("check")
                .map(serde_json::Value::take)
                .unwrap_or_default(),
            card: detail
                .get_mut("card")
                .map(serde_json::Value::take)
                .unwrap_or_default(),
            seq: EventSeq(seq),
            at,
            actor,
        }))
    }
}
