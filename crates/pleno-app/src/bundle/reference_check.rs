//! A bundle against the KPU Kabupaten/Kota's own list of its kecamatan and desa
//! (`import::kabupaten`): a kecamatan not on it, or desa other than its own, is refused
//! however the bundle is signed.

use std::path::Path;

use pleno_store::Store;

use super::ImportedBundle;
use super::import::bad;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::import::KabupatenReference;

/// The list the workspace holds, if one was given.
pub fn stored_reference(store: &Store) -> AppResult<Option<KabupatenReference>> {
    store
        .kabupaten_reference()?
        .map(|v| {
            serde_json::from_value(v).map_err(|e| {
                AppError::new(
                    ErrorCode::Internal,
                    format!("data wilayah kabupaten/kota yang tersimpan tidak terbaca: {e}"),
                )
            })
        })
        .transpose()
}

pub fn check_reference(
    path: &Path,
    reference: &KabupatenReference,
    bundle: &ImportedBundle,
) -> AppResult<()> {
    let k = &bundle.election.kecamatan;
    let Some(known) = reference.find(k.code.as_str()) else {
        return Err(bad(
            path,
            format!(
                "Kecamatan {} ({}) tidak ada di data wilayah KPU Kabupaten/Kota ini (kabupaten/kota {}, {} kecamatan)",
                k.name,
                k.code,
                reference.kabupaten,
                reference.kecamatan.len()
            ),
        ));
    };
    let theirs: Vec<&str> = k.desa.iter().map(|d| d.code.as_str()).collect();
    let ours: Vec<&str> = known.desa.iter().map(|(c, _)| c.as_str()).collect();
    let mut sorted_theirs = theirs.clone();
    let mut sorted_ours = ours.clone();
    sorted_theirs.sort_unstable();
    sorted_ours.sort_unstable();
    if sorted_theirs != sorted_ours {
        let extra: Vec<&str> = theirs
            .iter()
            .filter(|c| !ours.contains(c))
            .copied()
            .collect();
        let absent: Vec<&str> = ours
            .iter()
            .filter(|c| !theirs.contains(c))
            .copied()
            .collect();
        return Err(bad(
            path,
            format!(
                "desa Kecamatan {} berbeda dengan data wilayah KPU Kabupaten/Kota: tidak dikenal {}; tidak ada di paket {}",
                known.name,
                if extra.is_empty() {
                    "-".to_string()
                } else {
                    extra.join(", ")
                },
                if absent.is_empty() {
                    "-".to_string()
                } else {
                    absent.join(", ")
                }
            ),
        ));
    }
    Ok(())
}
