//! The check a retrained digit model must pass before a workspace reads with it: on the same
//! boxes, it must not accept more wrong digits at the office's gate than the model in use, nor
//! read more than one box in a hundred fewer right. Two sets of boxes: synthetic pages in each
//! hand the simulator writes (always there, so an office can install a model before its
//! plenary), and the office's own boxes its plenary agreed (when it has any).

use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

use pleno_core::template::Template;
use pleno_core::{Catalogue, FormValues};
use pleno_reader::model::{EMPTY, MARK};
use pleno_reader::{DigitModel, ModelError, ReadOptions, Reader};
use pleno_synth::rng::Rng;
use pleno_synth::{Hand, Options, Style};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::workspace::Workspace;

/// The PPWP pages: page 1's 22 fields (voters, ballots) and page 2's three, whose boxes
/// print the dotted guide KPPS members trace.
const CHECK_PAGES: [u16; 2] = [101, 102];
/// Photos per hand and page: 2 × 2 pages × 3 hands = 12 photos, 450 boxes. Reading them takes
/// seconds, and one wrong accepted box in them is already a difference the check sees.
const PAGES_PER_HAND: u64 = 2;
const SEED: u64 = 2024_0214;
/// How many boxes in a hundred fewer the candidate may read right than the model in use.
const MAX_ACCURACY_DROP_PCT: f64 = 1.0;

/// One model's figures on one set of boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Score {
    /// Boxes read right (an empty box and a crossed-out one both count as "no digit").
    pub right: usize,
    /// Boxes whose top probability reaches the gate: what would pass unseen.
    pub accepted: usize,
    /// Of those, read wrong: what would slip through if the rules did not catch it.
    pub accepted_wrong: usize,
}

/// A set of boxes and how both models read it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CheckSet {
    /// `sintetis` (pages the simulator wrote) or `kantor` (boxes this office's plenary agreed).
    pub name: String,
    pub boxes: usize,
    pub in_use: Score,
    pub candidate: Score,
}

/// What installing a model would change, and whether it may be installed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ModelCheck {
    /// The candidate ONNX file's SHA-256.
    pub sha256: String,
    /// The lowest digit probability accepted unseen (the workspace's policy).
    pub gate: f32,
    /// The model it was compared with (the one the workspace reads with now).
    pub in_use: String,
    pub sets: Vec<CheckSet>,
    /// Whether the model gives the box embedding on-site adaptation compares.
    pub embedding: bool,
    /// Why it may not be installed; empty when it may.
    pub problems: Vec<String>,
}

impl ModelCheck {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Boxes with what was written in them: the model inputs and their classes.
struct Boxes {
    inputs: Vec<[f32; 784]>,
    labels: Vec<usize>,
}

fn score(model: &DigitModel, boxes: &Boxes, gate: f32) -> Result<Score, ModelError> {
    let mut s = Score {
        right: 0,
        accepted: 0,
        accepted_wrong: 0,
    };
    let mut labels = boxes.labels.iter();
    for chunk in boxes.inputs.chunks(256) {
        let probs = model.classify_batch(chunk)?;
        for p in probs {
            let Some(&label) = labels.next() else { break };
            let class = pleno_reader::fields::argmax(&p);
            let right = class == label || (class >= EMPTY && label >= EMPTY);
            let accepted = p[class] >= gate;
            s.right += usize::from(right);
            s.accepted += usize::from(accepted);
            s.accepted_wrong += usize::from(accepted && !right);
        }
    }
    Ok(s)
}

fn label_of(written: &str) -> usize {
    match written {
        "" => EMPTY,
        "X" | "-" => MARK,
        d => d.parse().unwrap_or(MARK),
    }
}

/// Synthetic photos of [`CHECK_PAGES`] in every hand, read once (the crops do not depend on
/// the model), fixed seeds: the same boxes for every check.
fn synthetic_boxes(reader: &Reader) -> AppResult<Boxes> {
    let fail = |e: String| {
        AppError::new(
            ErrorCode::Internal,
            format!("halaman uji model tidak dapat dibuat: {e}"),
        )
    };
    let mut boxes = Boxes {
        inputs: Vec::new(),
        labels: Vec::new(),
    };
    for (p, page) in CHECK_PAGES.into_iter().enumerate() {
        let contest = pleno_synth::contest_of(page).ok_or_else(|| fail("kode halaman".into()))?;
        let cat = Catalogue::new(&pleno_synth::sample_ballot(contest));
        let cats = vec![cat.clone()];
        let t = Template::for_tag(page, &cat, None).map_err(|e| fail(e.to_string()))?;
        let opts = ReadOptions::new(&cats);
        for (h, hand) in [Hand::Mnist, Hand::Traced, Hand::Kpps]
            .into_iter()
            .enumerate()
        {
            read_synthetic(
                reader,
                &t,
                &opts,
                hand,
                SEED + 1000 * p as u64 + 100 * h as u64,
                &mut boxes,
            )
            .map_err(fail)?;
        }
    }
    Ok(boxes)
}

fn read_synthetic(
    reader: &Reader,
    t: &Template,
    opts: &ReadOptions<'_>,
    hand: Hand,
    first_seed: u64,
    boxes: &mut Boxes,
) -> Result<(), String> {
    for k in 0..PAGES_PER_HAND {
        let seed = first_seed + k;
        let mut rng = Rng::new(seed);
        let values: FormValues = t
            .fields
            .iter()
            .map(|f| (f.key, pleno_synth::three_box_value(&mut rng)))
            .collect();
        let mut o = Options::new(Style::Clean, seed);
        o.hand = hand;
        o.megapixels = Some(4.0);
        let s = pleno_synth::synth(t, &values, &o).map_err(|e| e.to_string())?;
        let r = reader.read(&s.jpeg, opts);
        if r.rejected.is_some() {
            continue;
        }
        for (f, crops) in r.fields.iter().zip(&r.crops) {
            let Some(written) = s.truth.written.get(&f.key.to_string()) else {
                continue;
            };
            for (crop, w) in crops.iter().zip(&written.boxes) {
                if let Some(crop) = crop {
                    boxes.inputs.push(pleno_reader::digits::normalise(crop));
                    boxes.labels.push(label_of(w));
                }
            }
        }
    }
    Ok(())
}

impl Workspace {
    /// The office's agreed boxes (not `lead`: its label says only that a digit follows).
    fn office_boxes(&self) -> AppResult<Boxes> {
        let crops = self.query(pleno_store::Store::labelled_crops)?;
        let (inputs, labels) = self.labelled_inputs(&crops);
        Ok(Boxes { inputs, labels })
    }

    /// Compares the candidate model (the ONNX bytes of the file at `path`) with the model the
    /// workspace reads with now.
    pub(crate) fn check_model_bytes(&self, path: &Path, bytes: &[u8]) -> AppResult<ModelCheck> {
        let sha256 = pleno_store::BlobHash::of(bytes).as_str().to_string();
        let refused = |e: &dyn std::fmt::Display| {
            AppError::new(
                ErrorCode::ModelRefused,
                format!(
                    "{} bukan model angka yang dapat dipakai Pleno ({e}); kirim berkas .onnx dari tools/digits (train.py atau finetune.py)",
                    path.display()
                ),
            )
        };
        let candidate = DigitModel::from_onnx(bytes, "calon").map_err(|e| refused(&e))?;
        // A graph that loads but does not give 12 classes per box is found on one blank box,
        // before any page is read for the comparison.
        let embedding = candidate
            .classify_embedded(&[[0f32; 784]])
            .map_err(|e| refused(&e))?
            .first()
            .is_some_and(|(_, e)| !e.is_empty());
        let in_use = self.digit_model()?;
        let gate = self.policy().min_digit_probability;
        let reader = Reader::with_model(in_use.clone());
        let mut sets = Vec::new();
        for (name, boxes) in [
            ("sintetis", synthetic_boxes(&reader)?),
            ("kantor", self.office_boxes()?),
        ] {
            if boxes.inputs.is_empty() {
                continue;
            }
            sets.push(CheckSet {
                name: name.into(),
                boxes: boxes.inputs.len(),
                in_use: score(&in_use, &boxes, gate)
                    .map_err(|e| AppError::new(ErrorCode::ReaderUnavailable, e.to_string()))?,
                candidate: score(&candidate, &boxes, gate).map_err(|e| refused(&e))?,
            });
        }
        let mut problems = Vec::new();
        for s in &sets {
            if s.candidate.accepted_wrong > s.in_use.accepted_wrong {
                problems.push(format!(
                    "pada {} kotak {} model ini meloloskan {} angka salah pada ambang {gate}, model yang dipakai sekarang {}",
                    s.boxes, s.name, s.candidate.accepted_wrong, s.in_use.accepted_wrong
                ));
            }
            let drop = (s.in_use.right as f64 - s.candidate.right as f64) * 100.0 / s.boxes as f64;
            if drop > MAX_ACCURACY_DROP_PCT {
                problems.push(format!(
                    "pada {} kotak {} model ini membaca benar {} kotak, model yang dipakai sekarang {} (turun {drop:.1} dari 100, paling banyak {MAX_ACCURACY_DROP_PCT})",
                    s.boxes, s.name, s.candidate.right, s.in_use.right
                ));
            }
        }
        Ok(ModelCheck {
            sha256,
            gate,
            in_use: in_use.version().to_string(),
            sets,
            embedding,
            problems,
        })
    }
}
