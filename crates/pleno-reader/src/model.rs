//! The digit model (assets/model/digits.onnx, embedded so `pleno read` needs no files) run
//! through tract. Input `[1, 1, 28, 28]` normalised crops, output 12 logits.

use std::sync::Arc;

use tract_onnx::prelude::*;

/// Classes 0–9 are digits.
pub const EMPTY: usize = 10;
/// An "X", "-" or "/" written in an unused leading box.
pub const MARK: usize = 11;
pub const CLASSES: usize = 12;
pub const CLASS_NAMES: [&str; CLASSES] = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "EMPTY", "MARK",
];

/// Recorded with every reading, so a figure can be traced to the model that read it (the
/// training date and seed of assets/model/training.json).
pub const MODEL_VERSION: &str = "digits.onnx 2026-11-29 seed 20240214";

static MODEL_BYTES: &[u8] = include_bytes!("../../../assets/model/digits.onnx");

#[derive(Debug, thiserror::Error)]
#[error("model digit tidak dapat dimuat: {0}")]
pub struct ModelError(String);

type Plan = Arc<TypedSimplePlan>;

/// A loaded, optimised digit model. Cheap to share; `classify` takes `&self`.
#[derive(Clone)]
pub struct DigitModel {
    plan: Plan,
}

impl std::fmt::Debug for DigitModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DigitModel")
    }
}

impl DigitModel {
    /// The model shipped with Pleno.
    pub fn embedded() -> Result<DigitModel, ModelError> {
        DigitModel::from_onnx(MODEL_BYTES)
    }

    pub fn from_onnx(bytes: &[u8]) -> Result<DigitModel, ModelError> {
        let err = |e: TractError| ModelError(e.to_string());
        let plan = tract_onnx::onnx()
            .model_for_read(&mut std::io::Cursor::new(bytes))
            .map_err(err)?
            .with_input_fact(0, f32::fact([1, 1, 28, 28]).into())
            .map_err(err)?
            .into_optimized()
            .map_err(err)?
            .into_runnable()
            .map_err(err)?;
        Ok(DigitModel { plan })
    }

    /// Class probabilities (softmax of the logits) for one normalised 28 × 28 crop.
    pub fn classify(&self, input: &[f32; 784]) -> Result<[f32; CLASSES], ModelError> {
        let err = |e: TractError| ModelError(e.to_string());
        let t = Tensor::from_shape(&[1, 1, 28, 28], input.as_slice()).map_err(err)?;
        let out = self.plan.run(tvec!(t.into())).map_err(err)?;
        let first = out
            .first()
            .ok_or_else(|| ModelError("model tanpa keluaran".into()))?;
        let view = first.to_plain_array_view::<f32>().map_err(err)?;
        let logits: Vec<f32> = view.iter().copied().collect();
        if logits.len() != CLASSES {
            return Err(ModelError(format!("{} keluaran, bukan 12", logits.len())));
        }
        let max = logits.iter().copied().fold(f32::MIN, f32::max);
        let mut p = [0f32; CLASSES];
        let mut sum = 0.0;
        for (o, l) in p.iter_mut().zip(&logits) {
            *o = (l - max).exp();
            sum += *o;
        }
        for v in &mut p {
            *v /= sum;
        }
        Ok(p)
    }
}
