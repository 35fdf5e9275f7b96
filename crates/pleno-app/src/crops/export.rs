//! `pleno crops export`: the labelled crops as a dataset folder for `tools/digits`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use image::{GrayImage, Luma};
use schemars::JsonSchema;
use serde::Serialize;

use pleno_store::LabelledCrop;

use super::prototypes::Sheets;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::workspace::Workspace;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CropExport {
    pub dir: PathBuf,
    pub boxes: usize,
}

const CSV_HEADER: &str = "source,input,label,kind,tps,desa,contest,field,box,entry,signoff,page,page_code,page_sha256,model_class,model_p,confidence,model_version\n";

impl Workspace {
    /// Writes the labelled crops to `dir`, which must not exist yet or be empty (an export
    /// never mixes with, or overwrites, another).
    pub fn export_crops(&self, dir: &Path) -> AppResult<CropExport> {
        if dir.exists() && !dir.is_dir() {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!(
                    "{} adalah berkas, bukan folder; pilih folder baru atau kosong untuk ekspor potongan",
                    dir.display()
                ),
            ));
        }
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
