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

pub(crate) const CSV_HEADER: &str = "source,input,label,kind,tps,desa,contest,field,box,entry,signoff,page,page_code,page_sha256,model_class,model_p,confidence,model_version\n";

impl Workspace {
    /// Writes the labelled crops to `dir`, which must not exist yet or be empty (an export
    /// never mixes with, or overwrites, another).
    pub fn export_crops(&self, dir: &Path) -> AppResult<CropExport> {
        not_a_file(dir, "folder baru atau kosong untuk ekspor potongan")?;
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
        let files = self.crop_dataset()?;
        write_dataset(dir, &files.files).map_err(|(p, e)| write_error(&p, &e))?;
        Ok(CropExport {
            dir: dir.to_path_buf(),
            boxes: files.boxes,
        })
    }

    /// The labelled crops as a dataset's files (`source/R-B.png`, `input/R-B.png`,
    /// `labels.csv`), in memory: written to a folder by `export_crops` or carried in a bundle.
    pub(crate) fn crop_dataset(&self) -> AppResult<Dataset> {
        let crops = self.query(pleno_store::Store::labelled_crops)?;
        let mut sheets = Sheets::default();
        let mut csv = Vec::from(CSV_HEADER);
        let mut files = Vec::with_capacity(2 * crops.len() + 1);
        for c in &crops {
            let source = sheets.crop(self, c)?;
            let name = format!("{}-{}.png", c.reading, c.box_index);
            files.push((format!("source/{name}"), png(&source)?));
            files.push((format!("input/{name}"), png(&model_input(&source))?));
            csv_row(&mut csv, &name, c);
        }
        files.push(("labels.csv".into(), csv));
        Ok(Dataset {
            files,
            boxes: crops.len(),
        })
    }
}

/// Files by their path inside a dataset folder, with their bytes.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// A crop dataset's files.
pub(crate) struct Dataset {
    pub files: Files,
    pub boxes: usize,
}

/// Refuses an output folder path that names a file; `choose` says what folder to pick instead.
pub(crate) fn not_a_file(dir: &Path, choose: &str) -> AppResult<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            format!(
                "{} adalah berkas, bukan folder; pilih {choose}",
                dir.display()
            ),
        ));
    }
    Ok(())
}

/// A crop file or folder that could not be written, and what to check.
pub(crate) fn write_error(what: &Path, e: &std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!(
            "{} tidak dapat ditulis: {e}; periksa ruang dan izin folder",
            what.display()
        ),
    )
}

/// Writes a dataset's files under `dir` (its `source/` and `input/` made first). The names are
/// the export's own, or a bundle's after `bundle::crops_check` allowed only those.
pub(crate) fn write_dataset(
    dir: &Path,
    files: &[(String, Vec<u8>)],
) -> Result<(), (PathBuf, std::io::Error)> {
    for sub in ["source", "input"] {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d).map_err(|e| (d, e))?;
    }
    for (name, bytes) in files {
        let p = dir.join(name);
        std::fs::write(&p, bytes).map_err(|e| (p, e))?;
    }
    Ok(())
}

fn png(img: &GrayImage) -> AppResult<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("PNG potongan: {e}")))?;
    Ok(out.into_inner())
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
