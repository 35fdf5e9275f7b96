//! The digit model a workspace reads with: which one, checking a retrained one against it,
//! installing it and returning to the shipped model (`crate::digit_model`).

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{NoArgs, Ws};
use crate::digit_model::{ModelCheck, ModelInUse};
use crate::error::AppResult;
use crate::workspace::Who;

pub fn model_in_use(w: &Ws, _: NoArgs) -> AppResult<ModelInUse> {
    w.model_in_use()
}

#[derive(Deserialize, JsonSchema)]
pub struct ModelFile {
    /// The retrained model (.onnx from tools/digits) on the workstation's disk.
    path: PathBuf,
}

pub fn check_model(w: &Ws, a: ModelFile) -> AppResult<ModelCheck> {
    w.check_model(&a.path)
}

#[derive(Deserialize, JsonSchema)]
pub struct InstallModel {
    path: PathBuf,
    /// Its model card (training.json from tools/digits), when one came with it.
    #[serde(default)]
    card: Option<PathBuf>,
    /// The model's name (its card's title, e.g. "KPU Kab. Contoh 2026-12 kec. 6").
    name: String,
    /// Why it is installed (e.g. the KPU Kab/Kota's letter).
    reason: String,
}

pub fn install_model(w: &Ws, who: &Who, a: InstallModel) -> AppResult<ModelCheck> {
    w.install_model(who, &a.path, a.card.as_deref(), &a.name, &a.reason)
}

#[derive(Deserialize, JsonSchema)]
pub struct RemoveModel {
    reason: String,
}

pub fn remove_model(w: &Ws, who: &Who, a: RemoveModel) -> AppResult<ModelInUse> {
    w.remove_model(who, &a.reason)?;
    w.model_in_use()
}
