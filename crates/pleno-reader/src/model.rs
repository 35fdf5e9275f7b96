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
pub const MODEL_VERSION: &str = "digits.onnx 2026-12-03 one network (seed 20240214 p2r3t82500e7a, guide-traced digits), T 1.061";

static MODEL_BYTES: &[u8] = include_bytes!("../../../assets/model/digits.onnx");

#[derive(Debug, thiserror::Error)]
#[error("model digit tidak dapat dimuat: {0}")]
pub struct ModelError(String);

type Plan = Arc<TypedSimplePlan>;

/// One box as the model saw it: class probabilities and the penultimate layer's activations.
pub type Classified = ([f32; CLASSES], Vec<f32>);

/// A loaded, optimised digit model. Cheap to share; `classify` takes `&self`.
#[derive(Clone)]
pub struct DigitModel {
    plan: Plan,
    version: String,
}

impl std::fmt::Debug for DigitModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DigitModel")
    }
}

impl DigitModel {
    /// The model shipped with Pleno.
    pub fn embedded() -> Result<DigitModel, ModelError> {
        DigitModel::from_onnx(MODEL_BYTES, MODEL_VERSION)
    }

    /// A model from its ONNX bytes; `version` is recorded with every reading it makes.
    pub fn from_onnx(bytes: &[u8], version: &str) -> Result<DigitModel, ModelError> {
        let err = |e: TractError| ModelError(e.to_string());
        let model = tract_onnx::onnx()
            .model_for_read(&mut std::io::Cursor::new(bytes))
            .map_err(err)?;
        // A symbolic batch: a page's boxes go through in one run, which keeps the matrix
        // kernels busy (one box at a time spends most of the time on call overhead).
        let n = model.sym("N");
        // The penultimate layer (what the last dense layer reads) as a second output: the
        // box's embedding, which on-site adaptation compares with the office's labelled crops.
        let mut model = model;
        let last_dense = model
            .nodes
            .iter()
            .rev()
            .find(|node| node.op.name() == "Gemm")
            .and_then(|node| node.inputs.first().copied());
        if let Some(embedding) = last_dense {
            let logits = model.output_outlets().map_err(err)?.first().copied();
            if let Some(logits) = logits {
                model
                    .select_output_outlets(&[logits, embedding])
                    .map_err(err)?;
            }
        }
        let plan = model
            .with_input_fact(
                0,
                f32::fact(tract_onnx::tract_core::dims!(n, 1, 28, 28)).into(),
            )
            .map_err(err)?
            .into_optimized()
            .map_err(err)?
            .into_runnable()
            .map_err(err)?;
        Ok(DigitModel {
            plan,
            version: version.to_string(),
        })
    }

    /// What readings record as the model that read them.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Class probabilities (softmax of the logits) for one normalised 28 × 28 crop.
    pub fn classify(&self, input: &[f32; 784]) -> Result<[f32; CLASSES], ModelError> {
        self.classify_batch(std::slice::from_ref(input))?
            .pop()
            .ok_or_else(|| ModelError("model tanpa keluaran".into()))
    }

    /// Class probabilities for many crops in one run, in input order.
    pub fn classify_batch(&self, inputs: &[[f32; 784]]) -> Result<Vec<[f32; CLASSES]>, ModelError> {
        Ok(self
            .classify_embedded(inputs)?
            .into_iter()
            .map(|(p, _)| p)
            .collect())
    }

    /// Class probabilities and the penultimate layer's activations (the embedding; empty when
    /// the model has no dense layer to take it from) for many crops in one run.
    pub fn classify_embedded(&self, inputs: &[[f32; 784]]) -> Result<Vec<Classified>, ModelError> {
        if inputs.is_empty() {
            return Ok(Vec::new());
        }
        let err = |e: TractError| ModelError(e.to_string());
        let flat: Vec<f32> = inputs.iter().flat_map(|x| x.iter().copied()).collect();
        let t = Tensor::from_shape(&[inputs.len(), 1, 28, 28], &flat).map_err(err)?;
        let out = self.plan.run(tvec!(t.into())).map_err(err)?;
        let first = out
            .first()
            .ok_or_else(|| ModelError("model tanpa keluaran".into()))?;
        let view = first.to_plain_array_view::<f32>().map_err(err)?;
        let logits: Vec<f32> = view.iter().copied().collect();
        if logits.len() != CLASSES * inputs.len() {
            return Err(ModelError(format!(
                "{} keluaran untuk {} kotak, bukan 12 per kotak",
                logits.len(),
                inputs.len()
            )));
        }
        let embeddings: Vec<f32> = match out.get(1) {
            Some(e) => e
                .to_plain_array_view::<f32>()
                .map_err(err)?
                .iter()
                .copied()
                .collect(),
            None => Vec::new(),
        };
        let dim = embeddings.len() / inputs.len();
        Ok(logits
            .chunks_exact(CLASSES)
            .enumerate()
            .map(|(i, l)| {
                let e = embeddings
                    .get(i * dim..(i + 1) * dim)
                    .map(<[f32]>::to_vec)
                    .unwrap_or_default();
                (softmax(l), e)
            })
            .collect())
    }
}

fn softmax(logits: &[f32]) -> [f32; CLASSES] {
    let max = logits.iter().copied().fold(f32::MIN, f32::max);
    let mut p = [0f32; CLASSES];
    let mut sum = 0.0;
    for (o, l) in p.iter_mut().zip(logits) {
        *o = (l - max).exp();
        sum += *o;
    }
    for v in &mut p {
        *v /= sum;
    }
    p
}
