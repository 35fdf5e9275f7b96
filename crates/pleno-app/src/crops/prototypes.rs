//! The office's labelled crops as prototypes for on-site adaptation (pleno-reader `adapt`),
//! embedded by the digit model once per set of labels.

use std::collections::BTreeMap;
use std::hash::{Hash as _, Hasher as _};
use std::sync::{Arc, PoisonError};

use image::GrayImage;

use pleno_reader::{AdaptParams, DigitModel, Prototypes};
use pleno_store::{BlobHash, LabelledCrop};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::photos::cut_crop;
use crate::workspace::Workspace;

/// The crop sheets read so far, each decoded once.
#[derive(Default)]
pub(super) struct Sheets(BTreeMap<BlobHash, GrayImage>);

impl Sheets {
    /// One labelled box's 56 × 56 crop.
    pub(super) fn crop(&mut self, ws: &Workspace, c: &LabelledCrop) -> AppResult<GrayImage> {
        if !self.0.contains_key(&c.crop.blob) {
            let bytes = ws.query(|s| s.read_blob(&c.crop.blob))?;
            let img = image::load_from_memory(&bytes).map_err(|e| {
                AppError::new(
                    ErrorCode::ImageUnreadable,
                    format!(
                        "lembar potongan {} rusak: {e}; periksa ruang kerja dengan `pleno verify` dan pulihkan dari cadangan",
                        c.crop.blob.as_str()
                    ),
                )
            })?;
            self.0.insert(c.crop.blob.clone(), img.to_luma8());
        }
        self.0
            .get(&c.crop.blob)
            .and_then(|s| cut_crop(s, &c.crop, c.box_index))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Internal,
                    format!(
                        "lembar potongan {} tidak memuat kotak hasil baca #{} kotak {}; periksa ruang kerja dengan `pleno verify`",
                        c.crop.blob.as_str(),
                        c.reading,
                        c.box_index
                    ),
                )
            })
    }
}

/// The model's class of a label (0–9, 10 empty, 11 mark); `lead` names none.
fn class_of(label: &str) -> Option<usize> {
    match label {
        "empty" => Some(pleno_reader::model::EMPTY),
        "mark" => Some(pleno_reader::model::MARK),
        d => d.parse().ok().filter(|d| *d <= 9),
    }
}

impl Workspace {
    /// The office's labelled crops as prototypes for on-site adaptation, embedded by `model`;
    /// None when there are none. A crop whose sheet cannot be read is left out (`pleno verify`
    /// names the damaged blob); adaptation only ever adds caution or cuts doubt, so reading
    /// goes on without it.
    pub(crate) fn prototypes(&self, model: &DigitModel) -> AppResult<Option<Arc<Prototypes>>> {
        let crops = self.query(pleno_store::Store::labelled_crops)?;
        let fingerprint = {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            // Embeddings are the model's own: another model, other prototypes.
            model.version().hash(&mut h);
            for c in &crops {
                (c.reading, c.box_index, &c.label, c.signoff).hash(&mut h);
            }
            h.finish()
        };
        let cache = || {
            self.prototypes
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some((f, p)) = cache().as_ref()
            && *f == fingerprint
        {
            return Ok(Some(Arc::clone(p)));
        }
        let built = self.build_prototypes(model, &crops)?.map(Arc::new);
        *cache() = built.as_ref().map(|p| (fingerprint, Arc::clone(p)));
        Ok(built)
    }

    /// The model inputs of the labelled crops that name a class (not `lead`), with their
    /// classes. A crop whose sheet cannot be read is left out (`pleno verify` names the
    /// damaged blob).
    pub(crate) fn labelled_inputs(&self, crops: &[LabelledCrop]) -> (Vec<[f32; 784]>, Vec<usize>) {
        let mut sheets = Sheets::default();
        let mut inputs = Vec::new();
        let mut classes = Vec::new();
        for c in crops {
            let Some(class) = class_of(&c.label) else {
                continue;
            };
            let Ok(crop) = sheets.crop(self, c) else {
                continue;
            };
            inputs.push(pleno_reader::digits::normalise(crop.as_raw()));
            classes.push(class);
        }
        (inputs, classes)
    }

    fn build_prototypes(
        &self,
        model: &DigitModel,
        crops: &[LabelledCrop],
    ) -> AppResult<Option<Prototypes>> {
        let (inputs, classes) = self.labelled_inputs(crops);
        if inputs.is_empty() {
            return Ok(None);
        }
        let mut embedded = Vec::with_capacity(inputs.len());
        for chunk in inputs.chunks(256) {
            let out = model
                .classify_embedded(chunk)
                .map_err(|e| AppError::new(ErrorCode::ReaderUnavailable, e.to_string()))?;
            embedded.extend(out.into_iter().map(|(_, e)| e));
        }
        Ok(Some(Prototypes::new(
            embedded.into_iter().zip(classes),
            AdaptParams::default(),
        )))
    }
}
