//! `pleno crops from-bundles`: the labelled crops the kecamatan bundles carry
//! (`pleno bundle export --dengan-potongan`), one dataset folder per kecamatan, so a KPU
//! Kabupaten/Kota can retrain the digit model on its region's handwriting
//! (`tools/digits/train.py --real DIR...`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Files, not_a_file, write_dataset, write_error};
use crate::bundle::{CROPS_DIR, Manifest, fingerprint, read_bundle};
use crate::error::{AppError, AppResult, ErrorCode};

/// Where a dataset folder came from, written beside it as `sumber.json`; the retraining kit
/// copies it into the model's training record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CropSource {
    pub bundle: String,
    pub bundle_sha256: String,
    pub kecamatan: String,
    pub kecamatan_code: String,
    pub workspace_id: String,
    /// The PPK key's fingerprint, as printed on its signed D.Hasil.
    pub fingerprint: String,
    pub exported_at: String,
    pub drill: bool,
    pub boxes: usize,
}

/// One bundle's outcome: its folder, or why it was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleCrops {
    pub source: CropSource,
    pub dir: Option<PathBuf>,
    pub skipped: Option<String>,
}

fn sha256_of(path: &Path) -> AppResult<String> {
    pleno_store::hash_file(path)
        .map(|(hash, _)| hash.as_str().to_string())
        .map_err(|e| {
            AppError::new(
                ErrorCode::BadBundle,
                format!(
                    "paket {} tidak terbaca ({e}); periksa berkasnya atau minta PPK mengirim ulang",
                    path.display()
                ),
            )
        })
}

/// A bundle read and checked whole, and its crops part.
fn crops_of(path: &Path) -> AppResult<(Manifest, Files)> {
    let bundle = read_bundle(path)?;
    let files: Files = bundle
        .files
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix(CROPS_DIR).map(|k| (k.to_string(), v)))
        .collect();
    Ok((bundle.manifest, files))
}

/// Where a bundle's crops came from, for `sumber.json`.
fn source_of(path: &Path, m: Manifest, files: &Files) -> AppResult<CropSource> {
    // Checked by read_bundle: one row per labelled box after the header.
    let boxes = files
        .iter()
        .find(|(k, _)| k == "labels.csv")
        .map_or(0, |(_, v)| {
            v.split(|b| *b == b'\n')
                .skip(1)
                .filter(|l| !l.is_empty())
                .count()
        });
    Ok(CropSource {
        bundle: path.display().to_string(),
        bundle_sha256: sha256_of(path)?,
        kecamatan: m.kecamatan,
        kecamatan_code: m.kecamatan_code,
        workspace_id: m.workspace_id,
        fingerprint: fingerprint(&m.public_key),
        exported_at: m.created_at,
        drill: m.drill,
        boxes,
    })
}

/// Checks every bundle whole (signature, manifest, records, crops) before anything is
/// written, then writes each one's crops to `out/kec-<code>/`: a kecamatan's folder is
/// written under a temporary name and renamed, so it is whole or absent, and an existing one
/// is never written into. Drill bundles are left out when `skip_drill` (the clerk asked:
/// a drill's sheets may be practice handwriting).
pub fn crops_from_bundles(
    bundles: &[PathBuf],
    out: &Path,
    skip_drill: bool,
) -> AppResult<Vec<BundleCrops>> {
    not_a_file(out, "folder untuk potongan dari paket")?;
    let mut plan: Vec<BundleCrops> = Vec::new();
    for path in bundles {
        let (manifest, files) = crops_of(path)?;
        let source = source_of(path, manifest, &files)?;
        if let Some(earlier) = plan
            .iter()
            .find(|d| d.source.kecamatan_code == source.kecamatan_code)
        {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!(
                    "paket {} dan {} sama-sama dari Kecamatan {} ({}); pilih paket terbaru saja, karena paket baru memuat potongan paket lama",
                    earlier.source.bundle, source.bundle, source.kecamatan, source.kecamatan_code
                ),
            ));
        }
        if skip_drill && source.drill {
            plan.push(BundleCrops {
                source,
                dir: None,
                skipped: Some("paket uji coba, dilewati atas permintaan".into()),
            });
            continue;
        }
        if files.is_empty() {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!(
                    "paket {} (Kecamatan {}) tidak membawa potongan kotak; tidak ada yang ditulis. Minta PPK mengekspor paket dengan --dengan-potongan",
                    source.bundle, source.kecamatan
                ),
            ));
        }
        let dir = out.join(format!("kec-{}", source.kecamatan_code));
        if dir.exists() {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!(
                    "folder {} sudah ada; tidak ada yang ditulis. Pilih folder keluaran lain agar potongan tidak tercampur",
                    dir.display()
                ),
            ));
        }
        plan.push(BundleCrops {
            source,
            dir: Some(dir),
            skipped: None,
        });
    }
    for (path, item) in bundles.iter().zip(&plan) {
        let Some(dir) = &item.dir else { continue };
        // Read again rather than held: a kabupaten's bundles together may not fit in memory.
        let (_, files) = crops_of(path)?;
        let tmp = out.join(format!(".kec-{}.tmp", item.source.kecamatan_code));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| write_error(&tmp, &e))?;
        }
        write_dataset(&tmp, &files).map_err(|(p, e)| write_error(&p, &e))?;
        let json = serde_json::to_vec_pretty(&item.source)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        let sumber = tmp.join("sumber.json");
        std::fs::write(&sumber, json).map_err(|e| write_error(&sumber, &e))?;
        std::fs::rename(&tmp, dir).map_err(|e| write_error(dir, &e))?;
    }
    Ok(plan)
}
