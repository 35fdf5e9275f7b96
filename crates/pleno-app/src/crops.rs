//! The office's labelled box crops (issue 22): what the plenary's agreements taught, counted
//! (`pleno crops stats`) and written out as a dataset `tools/digits` trains on
//! (`pleno crops export`).
//!
//! The dataset folder: `source/R-B.png` (the 56 × 56 grey crop as the photo showed it),
//! `input/R-B.png` (the model's 28 × 28 input, ink white on black like MNIST) and
//! `labels.csv`, one row per box; R is the reading, B the box from the left.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use image::{GrayImage, Luma};
use schemars::JsonSchema;
use serde::Serialize;

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
        let mut sheets: BTreeMap<BlobHash, GrayImage> = BTreeMap::new();
        let mut csv = Vec::from(CSV_HEADER);
        for c in &crops {
            if !sheets.contains_key(&c.crop.blob) {
                let bytes = self.query(|s| s.read_blob(&c.crop.blob))?;
                let img = image::load_from_memory(&bytes).map_err(|e| {
                    AppError::new(
                        ErrorCode::ImageUnreadable,
                        format!("lembar potongan {} rusak: {e}", c.crop.blob.as_str()),
                    )
                })?;
                sheets.insert(c.crop.blob.clone(), img.to_luma8());
            }
            let Some(source) = sheets
                .get(&c.crop.blob)
                .and_then(|s| cut_crop(s, &c.crop, c.box_index))
            else {
                return Err(AppError::new(
                    ErrorCode::Internal,
                    format!(
                        "lembar potongan {} tidak memuat kotak hasil baca #{} kotak {}",
                        c.crop.blob.as_str(),
                        c.reading,
                        c.box_index
                    ),
                ));
            };
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
