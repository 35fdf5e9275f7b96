//! The digit model a workspace reads with: the one shipped with Pleno, or a model retrained
//! at the KPU Kab/Kota on its kecamatan's agreed crops (`tools/digits`, issue 22) that the
//! office installed after it passed [`check`]. Every reading records which model made it.

mod check;

use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

use pleno_reader::DigitModel;
use pleno_store::{InstalledModel, NewModel};

pub use check::{CheckSet, ModelCheck, Score};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::workspace::{Who, Workspace};

/// Largest ONNX file taken: the shipped model is 0.25 MB; anything near this is not one.
const MAX_MODEL_BYTES: u64 = 64 << 20;
/// Largest model card taken (the shipped training.json is 8 KB).
const MAX_CARD_BYTES: u64 = 4 << 20;

/// An office's crops a model learnt from, as its card names them (`pleno crops from-bundles`'
/// sumber.json in training.json's `real_sources`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CardSource {
    pub kecamatan: String,
    pub kecamatan_code: String,
    pub bundle_sha256: String,
    /// Boxes it trained on (the rest were held out by TPS).
    pub train: u64,
    pub held_out: u64,
}

/// The model in force, for the Beranda card and `pleno model show`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ModelInUse {
    /// What readings record (`reading.model_version`).
    pub version: String,
    /// False for the model shipped with Pleno.
    pub installed: bool,
    pub name: Option<String>,
    pub sha256: Option<String>,
    pub reason: Option<String>,
    pub installed_at: Option<String>,
    pub installed_by: Option<String>,
    /// The check it passed when installed.
    pub check: Option<serde_json::Value>,
    /// The kecamatan bundles whose crops it learnt from, as its card names them.
    pub sources: Vec<CardSource>,
    /// Whether a model card came with it.
    pub card: bool,
}

/// The bundles a training.json names; cards without `real_sources` (or older ones) name none.
fn card_sources(card: &serde_json::Value) -> Vec<CardSource> {
    let text = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    card.get("real_sources")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let b = s.get("bundle")?;
            Some(CardSource {
                kecamatan: text(b, "kecamatan"),
                kecamatan_code: text(b, "kecamatan_code"),
                bundle_sha256: text(b, "bundle_sha256"),
                train: s
                    .get("train")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0),
                held_out: s
                    .get("held_out")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0),
            })
        })
        .collect()
}

fn version_of(m: &InstalledModel) -> String {
    let hash = m.blob.as_str();
    format!(
        "{} (dipasang, sha256 {}, peristiwa #{})",
        m.name,
        hash.get(..12).unwrap_or(hash),
        m.seq.0
    )
}

fn unavailable(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::ReaderUnavailable, e.to_string())
}

impl Workspace {
    /// The model photos are read with now. An installed model that cannot be loaded stops
    /// reading rather than falling back: readings must name the model that made them.
    pub(crate) fn digit_model(&self) -> AppResult<DigitModel> {
        let installed = self.query(pleno_store::Store::installed_model)?;
        let key = installed.as_ref().map_or(0, |m| m.seq.0);
        let mut cache = self
            .model
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((k, m)) = cache.as_ref()
            && *k == key
        {
            return Ok(m.clone());
        }
        let model = match &installed {
            None => DigitModel::embedded().map_err(unavailable)?,
            Some(m) => {
                let broken = |e: &dyn std::fmt::Display| {
                    unavailable(format!(
                        "model angka terpasang \"{}\" tidak dapat dimuat ({e}); pulihkan berkasnya dari cadangan atau kembali ke model bawaan dengan `pleno model remove`",
                        m.name
                    ))
                };
                let bytes = self
                    .query(|s| s.read_blob(&m.blob))
                    .map_err(|e| broken(&e))?;
                DigitModel::from_onnx(&bytes, &version_of(m)).map_err(|e| broken(&e))?
            }
        };
        *cache = Some((key, model.clone()));
        Ok(model)
    }

    pub fn model_in_use(&self) -> AppResult<ModelInUse> {
        let installed = self.query(pleno_store::Store::installed_model)?;
        Ok(match installed {
            None => ModelInUse {
                version: pleno_reader::model::MODEL_VERSION.to_string(),
                installed: false,
                name: None,
                sha256: None,
                reason: None,
                installed_at: None,
                installed_by: None,
                check: None,
                sources: Vec::new(),
                card: false,
            },
            Some(m) => ModelInUse {
                version: version_of(&m),
                installed: true,
                sha256: Some(m.blob.as_str().to_string()),
                name: Some(m.name),
                reason: Some(m.reason),
                installed_at: Some(m.at),
                installed_by: Some(m.actor),
                check: Some(m.check),
                sources: card_sources(&m.card),
                card: !m.card.is_null(),
            },
        })
    }

    /// Checks the ONNX file at `path` against the model in use, installing nothing.
    pub fn check_model(&self, path: &Path) -> AppResult<ModelCheck> {
        let bytes = read_model_file(path)?;
        self.check_model_bytes(path, &bytes)
    }

    /// Checks the ONNX file at `path` and, when it passes, installs it: the file is stored
    /// as a blob and the `model_installed` event names it, `name`, `reason` and the model card
    /// at `card` (its training.json) when one came with it. Photos read from then on
    /// (imports, re-reads) are read with it; earlier readings keep theirs.
    pub fn install_model(
        &self,
        who: &Who,
        path: &Path,
        card: Option<&Path>,
        name: &str,
        reason: &str,
    ) -> AppResult<ModelCheck> {
        if name.trim().is_empty() || reason.trim().is_empty() {
            return Err(AppError::new(
                ErrorCode::EmptyReason,
                "nama model dan alasan memasangnya wajib diisi (mis. nama dari kartu model, alasan: surat KPU Kab/Kota)",
            ));
        }
        let card = card.map(read_card).transpose()?.unwrap_or_default();
        let bytes = read_model_file(path)?;
        let check = self.check_model_bytes(path, &bytes)?;
        if !check.passed() {
            return Err(AppError::new(
                ErrorCode::ModelRefused,
                format!(
                    "model {} tidak dipasang: {}; model yang dipakai tetap {}",
                    path.display(),
                    check.problems.join("; "),
                    check.in_use
                ),
            ));
        }
        let mut store = self.writable()?;
        let blob = store.put_blob(&who.actor, &bytes)?.hash;
        let record = serde_json::to_value(&check)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        store.record_model(
            &who.actor,
            Some(&NewModel {
                blob,
                name: name.trim().to_string(),
                check: record,
                card,
            }),
            reason,
        )?;
        Ok(check)
    }

    /// Returns the workspace to the model shipped with Pleno.
    pub fn remove_model(&self, who: &Who, reason: &str) -> AppResult<()> {
        if self.query(pleno_store::Store::installed_model)?.is_none() {
            return Err(AppError::new(
                ErrorCode::NotFound,
                "ruang kerja ini sudah membaca dengan model bawaan Pleno; tidak ada model terpasang yang dicabut",
            ));
        }
        self.writable()?.record_model(&who.actor, None, reason)?;
        Ok(())
    }
}

/// The model card: a JSON object (tools/digits writes training.json beside the model).
fn read_card(path: &Path) -> AppResult<serde_json::Value> {
    let bad = |why: String| {
        AppError::new(
            ErrorCode::BadInputFile,
            format!(
                "kartu model {} {why}; kirim training.json yang ditulis tools/digits di samping modelnya",
                path.display()
            ),
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        AppError::new(
            ErrorCode::FileNotFound,
            format!("kartu model {} tidak dapat dibaca ({e})", path.display()),
        )
    })?;
    if !meta.is_file() || meta.len() > MAX_CARD_BYTES {
        return Err(bad(format!(
            "bukan berkas JSON kartu model (paling besar {} MB)",
            MAX_CARD_BYTES >> 20
        )));
    }
    let text = std::fs::read(path).map_err(|e| bad(format!("tidak dapat dibaca ({e})")))?;
    let card: serde_json::Value =
        serde_json::from_slice(&text).map_err(|e| bad(format!("bukan JSON yang sah ({e})")))?;
    if !card.is_object() {
        return Err(bad("bukan objek JSON".into()));
    }
    Ok(card)
}

fn read_model_file(path: &Path) -> AppResult<Vec<u8>> {
    let not_found = |e: &dyn std::fmt::Display| {
        AppError::new(
            ErrorCode::FileNotFound,
            format!(
                "berkas model {} tidak dapat dibaca ({e}); periksa letak berkas .onnx",
                path.display()
            ),
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| not_found(&e))?;
    if !meta.is_file() || meta.len() > MAX_MODEL_BYTES {
        return Err(AppError::new(
            ErrorCode::ModelRefused,
            format!(
                "{} bukan berkas model angka (.onnx dari tools/digits, paling besar {} MB)",
                path.display(),
                MAX_MODEL_BYTES >> 20
            ),
        ));
    }
    std::fs::read(path).map_err(|e| not_found(&e))
}
