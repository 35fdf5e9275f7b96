//! Photographed pages, imports and the jobs that run them.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use pleno_core::Contest;
use pleno_core::catalogue::PageCode;
use pleno_core::wilayah::TpsCode;
use pleno_store::{PageId, PageIdentity};

use super::reads::Job;
use super::{Done, Ws, de};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::figures_import::FiguresReport;
use crate::photos::PageView;
use crate::workspace::Who;

#[derive(Deserialize, JsonSchema)]
pub struct AssignPage {
    #[serde(deserialize_with = "de::id")]
    id: i64,
    tps: TpsCode,
    contest: Contest,
    page_code: u16,
    reason: String,
}

pub fn assign_page(w: &Ws, who: &Who, a: AssignPage) -> AppResult<Done> {
    let identity = PageIdentity {
        tps: a.tps,
        contest: a.contest,
        page_code: PageCode(a.page_code),
    };
    w.assign_page(who, PageId(a.id), &identity, &a.reason)
        .map(|()| Done {})
}

#[derive(Deserialize, JsonSchema)]
pub struct Corners {
    #[serde(deserialize_with = "de::id")]
    id: i64,
    corners: [[f64; 2]; 4],
}

/// The page read again from the corners the clerk placed.
#[derive(Serialize, JsonSchema)]
pub struct Reread {
    page: PageView,
}

pub fn set_corners(w: &Ws, who: &Who, a: Corners) -> AppResult<Reread> {
    let corners = a.corners.map(|[x, y]| (x, y));
    w.reread_page(who, PageId(a.id), Some(corners))
        .map(|page| Reread { page })
}

#[derive(Deserialize, JsonSchema)]
pub struct Paths {
    paths: Vec<PathBuf>,
}

/// The import runs as a job; its progress arrives as events.
#[derive(Serialize, JsonSchema)]
pub struct Started {
    job: u64,
}

pub fn import_photos(w: &Ws, who: &Who, a: Paths) -> AppResult<Started> {
    if w.is_read_only() {
        return Err(AppError::new(
            ErrorCode::ReadOnly,
            "ruang kerja ini dibuka hanya-baca; impor dilakukan di jendela utama",
        ));
    }
    w.start_photo_import(who.clone(), a.paths)
        .map(|job| Started { job })
}

#[derive(Deserialize, JsonSchema)]
pub struct Batch {
    /// The batch the browser sent its files into (`PUT /api/uploads/{batch}`).
    batch: String,
}

/// Imports what a browser uploaded, as a folder with the browser's folder names.
pub fn import_uploads(w: &Ws, who: &Who, a: Batch) -> AppResult<Started> {
    let dir = w.upload_batch_dir(&a.batch)?;
    if !dir.is_dir() {
        return Err(AppError::new(
            ErrorCode::FileNotFound,
            format!(
                "belum ada berkas yang diunggah dalam kiriman {}; pilih fotonya lalu unggah lagi",
                a.batch
            ),
        ));
    }
    import_photos(w, who, Paths { paths: vec![dir] })
}

#[derive(Deserialize, JsonSchema)]
pub struct FilePath {
    pub(super) path: PathBuf,
}

pub fn import_figures(w: &Ws, who: &Who, a: FilePath) -> AppResult<FiguresReport> {
    w.import_figures(who, &a.path, &[])
}

#[derive(Deserialize, JsonSchema)]
pub struct UploadedFile {
    batch: String,
    /// The file's name as it was sent (`PUT /api/uploads/{batch}?path=`).
    path: String,
}

/// A figures workbook sent from a laptop's browser, imported as if chosen on the workstation.
pub fn import_uploaded_figures(w: &Ws, who: &Who, a: UploadedFile) -> AppResult<FiguresReport> {
    let file = w.uploaded_file(&a.batch, &a.path)?;
    w.import_figures(who, &file, &[])
}

#[derive(Serialize, JsonSchema)]
pub struct Cancelled {
    cancelled: bool,
}

pub fn cancel_job(w: &Ws, _who: Option<&Who>, a: Job) -> AppResult<Cancelled> {
    Ok(Cancelled {
        cancelled: w.jobs().cancel(a.id),
    })
}
