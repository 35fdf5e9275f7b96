//! The office's labelled box crops (issue 22): what the plenary's agreements taught, counted
//! (`pleno crops stats`) and written out as a dataset `tools/digits` trains on
//! (`pleno crops export`).
//!
//! The dataset folder: `source/R-B.png` (the 56 × 56 grey crop as the photo showed it),
//! `input/R-B.png` (the model's 28 × 28 input, ink white on black like MNIST) and
//! `labels.csv`, one row per box; R is the reading, B the box from the left.

mod bundles;
mod export;
mod prototypes;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::error::AppResult;
use crate::workspace::Workspace;

pub use bundles::{BundleCrops, CropSource, crops_from_bundles};
pub use export::CropExport;
pub(crate) use export::{CSV_HEADER, Files, not_a_file, write_dataset, write_error};

/// Boxes of one label, and how many of them the model had read otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CropCount {
    pub boxes: usize,
    pub model_wrong: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DesaCrops {
    pub desa: String,
    pub name: String,
    pub boxes: usize,
    pub model_wrong: usize,
}

/// What the workspace holds of labelled crops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CropStats {
    /// Fields read with their crops kept (labelled or not yet).
    pub fields_with_crops: usize,
    /// Labelled boxes whose agreement stands.
    pub boxes: usize,
    pub model_wrong: usize,
    /// Per label: `0`–`9`, `empty`, `mark`, `lead`.
    pub per_label: BTreeMap<String, CropCount>,
    pub per_desa: Vec<DesaCrops>,
}

/// One step of the machine's agreement with the panels: a run of up to 100 agreed fields,
/// in the order they were agreed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AgreementStep {
    /// Agreed fields up to the end of this run.
    pub fields: usize,
    /// Fields in this run (100, fewer in the last).
    pub run: usize,
    /// Of those, the share the machine had read exactly as the panel agreed (every box).
    pub agreed_share: f64,
}

/// The Beranda card "Pembacaan mesin belajar": what the office has taught the reader.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CropLearning {
    pub labelled_boxes: usize,
    pub labelled_fields: usize,
    pub agreement: Vec<AgreementStep>,
    /// Fields of identified photos the machine read, and how many hold a figure it had
    /// accepted without a person.
    pub fields_read: usize,
    pub fields_auto_accepted: usize,
    /// The digit model the workspace reads with now.
    pub model: crate::digit_model::ModelInUse,
}

impl Workspace {
    pub fn crop_stats(&self) -> AppResult<CropStats> {
        let (crops, fields, election) =
            self.query(|s| Ok((s.labelled_crops()?, s.readings_with_crops()?, s.election()?)))?;
        let mut per_label: BTreeMap<String, CropCount> = BTreeMap::new();
        let mut per_desa: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let mut model_wrong = 0;
        for c in &crops {
            let wrong = usize::from(!c.model_right());
            model_wrong += wrong;
            let l = per_label.entry(c.label.clone()).or_default();
            l.boxes += 1;
            l.model_wrong += wrong;
            let d = per_desa.entry(c.tps.desa().to_string()).or_default();
            d.0 += 1;
            d.1 += wrong;
        }
        let names: BTreeMap<String, String> = election
            .kecamatan
            .desa
            .iter()
            .map(|d| (d.code.to_string(), d.name.clone()))
            .collect();
        Ok(CropStats {
            fields_with_crops: fields,
            boxes: crops.len(),
            model_wrong,
            per_label,
            per_desa: per_desa
                .into_iter()
                .map(|(desa, (boxes, model_wrong))| DesaCrops {
                    name: names.get(&desa).cloned().unwrap_or_default(),
                    desa,
                    boxes,
                    model_wrong,
                })
                .collect(),
        })
    }

    pub fn crop_learning(&self) -> AppResult<CropLearning> {
        let (crops, (fields_read, fields_auto_accepted)) =
            self.query(|s| Ok((s.labelled_crops()?, s.machine_acceptance()?)))?;
        // Per field (reading): when it was agreed, and whether every box was read right.
        let mut fields: BTreeMap<pleno_store::ReadingId, (pleno_store::SignOffId, bool)> =
            BTreeMap::new();
        for c in &crops {
            let f = fields.entry(c.reading).or_insert((c.signoff, true));
            f.1 &= c.model_right();
        }
        let mut order: Vec<(pleno_store::SignOffId, pleno_store::ReadingId, bool)> =
            fields.into_iter().map(|(r, (s, ok))| (s, r, ok)).collect();
        order.sort();
        let mut agreement = Vec::new();
        let mut done = 0;
        for run in order.chunks(100) {
            done += run.len();
            agreement.push(AgreementStep {
                fields: done,
                run: run.len(),
                agreed_share: run.iter().filter(|f| f.2).count() as f64 / run.len() as f64,
            });
        }
        Ok(CropLearning {
            labelled_boxes: crops.len(),
            labelled_fields: done,
            agreement,
            fields_read,
            fields_auto_accepted,
            model: self.model_in_use()?,
        })
    }
}
