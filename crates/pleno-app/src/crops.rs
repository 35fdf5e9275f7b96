//! The office's labelled box crops (issue 22): what the plenary's agreements taught, counted
//! (`pleno crops stats`) and written out as a dataset `tools/digits` trains on
//! (`pleno crops export`).
//!
//! The dataset folder: `source/R-B.png` (the 56 × 56 grey crop as the photo showed it),
//! `input/R-B.png` (the model's 28 × 28 input, ink white on black like MNIST) and
//! `labels.csv`, one row per box; R is the reading, B the box from the left.

use std::collections::BTreeMap;
use std::hash::{Hash as _, Hasher as _};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError};

use image::{GrayImage, Luma};
use schemars::JsonSchema;
use serde::Serialize;

use pleno_reader::{AdaptParams, DigitModel, Prototypes};
use pleno_store::{BlobHash, LabelledCrop};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::photos::cut_crop;
use crate::workspace::Workspace;

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

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CropExport {
    pub dir: PathBuf,
    pub boxes: usize,
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
}

const CSV_HEADER: &str = "source,input,label,kind,tps,desa,contest,field,box,entry,signoff,page,page_code,page_sha256,model_class,model_p,confidence,model_version\n";

impl Workspace {
    pub fn crop_stats(&self) -> AppResult<CropStats> {
        let (crops, fields, election) =
            self.query(|s| Ok((s.labelled_crops()?, s.readings_with_crops()?, s.election()?)))?;
        let mut per_label: BTreeMap<String, CropCount> = BTreeMap::new();
        let mut per_desa: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for c in &crops {
            let wrong = usize::from(!c.model_right());
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
            model_wrong: crops.iter().filter(|c| !c.model_right()).count(),
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
        })
    }

    /// Writes the labelled crops to `dir`, which must not exist yet or be empty (an export
    /// never mixes with, or overwrites, another).
    pub fn export_crops(&self, dir: &Path) -> AppResult<CropExport> {
        let occupied = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
        if occupied {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!(
                    "folder {} sudah berisi berkas; pilih folder baru atau kosong untuk ekspor potongan",
                    dir.display()
                ),
            ));
        }
        let crops = self.query(pleno_store::Store::labelled_crops)?;
        let io = |what: &Path, e: std::io::Error| {
            AppError::new(
                ErrorCode::Io,
                format!(
                    "{} tidak dapat ditulis: {e}; periksa ruang dan izin folder",
                    what.display()
                ),
            )
        };
        for sub in ["source", "input"] {
            std::fs::create_dir_all(dir.join(sub)).map_err(|e| io(&dir.join(sub), e))?;
        }
        let mut sheets = Sheets::default();
        let mut csv = Vec::from(CSV_HEADER);
        for c in &crops {
            let source = sheets.crop(self, c)?;
            let name = format!("{}-{}.png", c.reading, c.box_index);
            let src = dir.join("source").join(&name);
            source
                .save(&src)
                .map_err(|e| io(&src, std::io::Error::other(e)))?;
            let inp = dir.join("input").join(&name);
            model_input(&source)
                .save(&inp)
                .map_err(|e| io(&inp, std::io::Error::other(e)))?;
            csv_row(&mut csv, &name, c);
        }
        let labels = dir.join("labels.csv");
        std::fs::write(&labels, csv).map_err(|e| io(&labels, e))?;
        Ok(CropExport {
            dir: dir.to_path_buf(),
            boxes: crops.len(),
        })
    }
}

/// The crop sheets read so far, each decoded once.
#[derive(Default)]
struct Sheets(BTreeMap<BlobHash, GrayImage>);

impl Sheets {
    /// One labelled box's 56 × 56 crop.
    fn crop(&mut self, ws: &Workspace, c: &LabelledCrop) -> AppResult<GrayImage> {
        if !self.0.contains_key(&c.crop.blob) {
            let bytes = ws.query(|s| s.read_blob(&c.crop.blob))?;
            let img = image::load_from_memory(&bytes).map_err(|e| {
                AppError::new(
                    ErrorCode::ImageUnreadable,
                    format!("lembar potongan {} rusak: {e}", c.crop.blob.as_str()),
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
                        "lembar potongan {} tidak memuat kotak hasil baca #{} kotak {}",
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

    fn build_prototypes(
        &self,
        model: &DigitModel,
        crops: &[LabelledCrop],
    ) -> AppResult<Option<Prototypes>> {
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

/// The model's 28 × 28 input of a 56 × 56 crop (the reader's own normalisation), as 8-bit
/// ink intensity.
fn model_input(source: &GrayImage) -> GrayImage {
    let x = pleno_reader::digits::normalise(source.as_raw());
    GrayImage::from_fn(28, 28, |i, j| {
        Luma([(x[(j * 28 + i) as usize] * 255.0).round() as u8])
    })
}

fn csv_row(csv: &mut Vec<u8>, name: &str, c: &LabelledCrop) {
    // A leading box's label is what the model saw there when that fits the figure: the figure
    // alone cannot tell an empty box from a crossed one or a written 0.
    let kind = if c.label.len() == 1 {
        "digit"
    } else {
        "leading"
    };
    let _ = writeln!(
        csv,
        "source/{name},input/{name},{},{kind},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        c.label,
        c.tps,
        c.tps.desa(),
        c.contest.slug(),
        quoted(&c.field.to_string()),
        c.box_index,
        c.entry,
        c.signoff,
        c.page,
        c.page_code.map(|p| p.to_string()).unwrap_or_default(),
        c.page_sha256,
        c.model_class.map(|m| m.to_string()).unwrap_or_default(),
        c.model_p,
        c.confidence,
        quoted(&c.model_version),
    );
}

/// A CSV cell: quoted (quotes doubled) when it holds a comma, a quote or a line break.
fn quoted(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}
