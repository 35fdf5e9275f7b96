//! Layout calibration as a use case: a draft page layout detected from one sample scan of a
//! sheet Pleno has no layout for (`pleno layout detect`), with the numbered picture a person
//! names its fields from.

use std::path::{Path, PathBuf};

use pleno_reader::calibrate::detect;
pub use pleno_reader::calibrate::{Draft, Report, SheetSize};
use pleno_reader::decode::{DEFAULT_MAX_PIXELS, decode_grey};
use pleno_reader::pdf;

use crate::error::{AppError, AppResult, ErrorCode};

mod install;
mod naming;

pub use naming::name_fields;

/// What to detect from.
#[derive(Debug, Clone)]
pub struct DetectRequest {
    /// The sample: PNG, JPEG or TIFF of the whole sheet, or a PDF (its first page).
    pub sample: PathBuf,
    /// The sheet's size; guessed from the image's proportions when absent (plano 600 × 900,
    /// A4, F4).
    pub sheet: Option<SheetSize>,
    /// The draft's layout id.
    pub id: String,
    /// Where to write the numbered picture (PNG).
    pub overlay: Option<PathBuf>,
}

fn refused(path: &Path, why: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::CalibrationFailed,
        format!("{}: {why}", path.display()),
    )
}

/// Detects the draft layout of `request.sample` and writes its picture when asked.
pub fn detect_layout(request: &DetectRequest) -> AppResult<Draft> {
    let (draft, img) = detect_sample(request)?;
    if let Some(out) = &request.overlay {
        draft.overlay(&img).save(out).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("{} tidak dapat ditulis: {e}", out.display()),
            )
        })?;
    }
    Ok(draft)
}

/// As [`detect_layout`], with the numbered picture in memory (for the screen).
pub fn detect_layout_picture(request: &DetectRequest) -> AppResult<(Draft, image::RgbImage)> {
    let (draft, img) = detect_sample(request)?;
    let picture = draft.overlay(&img);
    Ok((draft, picture))
}

fn detect_sample(request: &DetectRequest) -> AppResult<(Draft, image::GrayImage)> {
    let path = &request.sample;
    let bytes = std::fs::read(path).map_err(|e| {
        AppError::new(
            ErrorCode::FileNotFound,
            format!("{} tidak dapat dibaca: {e}", path.display()),
        )
    })?;
    let image_bytes = if pdf::is_pdf(&bytes) {
        pdf::render_pages(&bytes)
            .map_err(|e| refused(path, e))?
            .into_iter()
            .next()
            .ok_or_else(|| refused(path, "PDF tanpa halaman"))?
    } else {
        bytes
    };
    let img = decode_grey(&image_bytes, DEFAULT_MAX_PIXELS).map_err(|e| {
        AppError::new(
            ErrorCode::ImageUnreadable,
            format!("{}: {e}", path.display()),
        )
    })?;
    let sheet = match request.sheet {
        Some(s) => s,
        None => SheetSize::guess(img.width(), img.height()).ok_or_else(|| {
            refused(
                path,
                format_args!(
                    "ukuran lembar tidak dapat ditebak dari gambar {} × {} px: sebutkan --ukuran LEBARxTINGGI dalam mm (mis. 600x900)",
                    img.width(),
                    img.height()
                ),
            )
        })?,
    };
    let draft = detect(&img, sheet, &request.id).map_err(|e| refused(path, e))?;
    Ok((draft, img))
}
