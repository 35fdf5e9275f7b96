//! Writing a bundle from a kecamatan workspace.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

use pleno_store::PageFilter;

use super::{ContestTotals, FORMAT, Manifest, ManifestFile};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::recap::workspace_recap;
use crate::workspace::Workspace;

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Bundle file to write; default `<workspace>/ekspor/paket-<kecamatan>-<time>.pleno`.
    pub dest: Option<PathBuf>,
    /// Leave the original page images out (their hashes are still listed).
    pub without_images: bool,
    /// Carry the labelled box crops (`crops/`, as `pleno crops export` writes them), so the KPU
    /// Kab/Kota can retrain the digit model on its kecamatan's handwriting.
    pub with_crops: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, JsonSchema)]
pub struct BundleReport {
    pub path: String,
    pub files: usize,
    pub bytes: u64,
    /// SHA-256 of the bundle file itself, for the hand-over minutes.
    pub sha256: String,
    /// The signing key's fingerprint, as printed on the D.Hasil the KPU Kab/Kota compares.
    pub fingerprint: String,
    /// The audit chain's head it carries (`SEQ:HEX16`), for the hand-over minutes: the KPU
    /// Kab/Kota can later prove the PPK's chain still passes through it.
    pub audit_head: Option<String>,
}

fn sha_hex(bytes: &[u8]) -> String {
    pleno_store::hex(&Sha256::digest(bytes))
}

fn json<T: Serialize + ?Sized>(v: &T) -> AppResult<Vec<u8>> {
    serde_json::to_vec_pretty(v).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |e| {
        AppError::new(
            ErrorCode::Io,
            format!("paket {} tidak dapat ditulis: {e}", path.display()),
        )
    }
}

impl Workspace {
    /// Writes the signed bundle of this kecamatan workspace.
    pub fn export_bundle(&self, options: &ExportOptions) -> AppResult<BundleReport> {
        let key = self.signing_key()?;
        // Before the store is held: the dataset reads it through the workspace.
        let crops = if options.with_crops {
            Some(self.crop_dataset()?)
        } else {
            None
        };
        let store = self.store();
        let settings = store.settings()?;
        let recap = workspace_recap(&store)?;
        let k = &recap.election.kecamatan;
        let contests: Vec<ContestTotals> = recap
            .contests
            .iter()
            .map(|c| ContestTotals {
                contest: c.contest,
                totals: c.kecamatan.total.clone(),
                completeness: c.kecamatan.completeness.clone(),
                desa: c
                    .kecamatan
                    .columns
                    .iter()
                    .map(|col| (col.code.clone(), col.name.clone(), col.totals.clone()))
                    .collect(),
            })
            .collect();
        let mut files: Vec<(String, Vec<u8>)> = vec![
            ("election.json".into(), json(&recap.election)?),
            ("recap.json".into(), json(&contests)?),
            ("objections.json".into(), json(&store.objections()?)?),
            ("signoffs.json".into(), json(&store.signoffs()?)?),
        ];
        let mut entries = Vec::new();
        store.for_each_entry(|e| {
            serde_json::to_writer(&mut entries, e).map_err(|err| {
                pleno_store::StoreError::Corrupt {
                    path: self.dir().to_path_buf(),
                    detail: err.to_string(),
                }
            })?;
            entries.push(b'\n');
            Ok(())
        })?;
        files.push(("entries.jsonl".into(), entries));
        let mut audit = Vec::new();
        let mut audit_head = None;
        store.for_each_event(|e| {
            audit_head = Some(pleno_store::ChainHead {
                seq: e.seq.0,
                hash: e.hash.clone(),
            });
            serde_json::to_writer(&mut audit, &e).map_err(|err| {
                pleno_store::StoreError::Corrupt {
                    path: self.dir().to_path_buf(),
                    detail: err.to_string(),
                }
            })?;
            audit.push(b'\n');
            Ok(())
        })?;
        files.push(("audit.jsonl".into(), audit));
        let pages = store.pages(&PageFilter::default())?;
        files.push(("pages.json".into(), json(&pages)?));
        if !options.without_images {
            for b in store.blobs()? {
                files.push((
                    format!("blobs/{}", b.hash.as_str()),
                    store.read_blob(&b.hash)?,
                ));
            }
        }
        for (name, bytes) in crops.into_iter().flat_map(|d| d.files) {
            files.push((format!("{}{name}", super::CROPS_DIR), bytes));
        }
        let final_ = store.is_kecamatan_final()?;
        drop(store);

        let manifest = Manifest {
            format: FORMAT.into(),
            workspace_id: settings.workspace_id,
            kecamatan_code: k.code.to_string(),
            kecamatan: k.name.clone(),
            kabupaten_code: k.kabupaten.to_string(),
            drill: settings.drill,
            kecamatan_final: final_,
            created_at: pleno_store::now(),
            public_key: key.public_hex(),
            audit_head,
            files: files
                .iter()
                .map(|(p, b)| ManifestFile {
                    path: p.clone(),
                    sha256: sha_hex(b),
                    size: b.len() as u64,
                })
                .collect(),
        };
        let manifest_bytes = json(&manifest)?;
        let signature = key.sign(&manifest_bytes);

        let dest = options.dest.clone().unwrap_or_else(|| {
            let stamp: String = manifest
                .created_at
                .chars()
                .filter(char::is_ascii_digit)
                .take(14)
                .collect();
            self.dir().join("ekspor").join(format!(
                "paket-{}-{}-{stamp}.pleno",
                k.code,
                k.name.to_lowercase()
            ))
        });
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(io(&dest))?;
        }
        // Written under a temporary name and renamed, so a half-written bundle never exists.
        let tmp = dest.with_extension("pleno.tmp");
        {
            let file = std::fs::File::create(&tmp).map_err(io(&dest))?;
            let mut tar = tar::Builder::new(std::io::BufWriter::new(file));
            let mut add = |path: &str, bytes: &[u8]| -> std::io::Result<()> {
                let mut header = tar::Header::new_gnu();
                header.set_size(bytes.len() as u64);
                header.set_mode(0o644);
                header.set_mtime(0);
                header.set_entry_type(tar::EntryType::Regular);
                tar.append_data(&mut header, path, bytes)
            };
            add("manifest.json", &manifest_bytes).map_err(io(&dest))?;
            add("manifest.sig", signature.as_bytes()).map_err(io(&dest))?;
            for (p, b) in &files {
                add(p, b).map_err(io(&dest))?;
            }
            let mut w = tar.into_inner().map_err(io(&dest))?;
            w.flush().map_err(io(&dest))?;
            w.get_ref().sync_all().map_err(io(&dest))?;
        }
        std::fs::rename(&tmp, &dest).map_err(io(&dest))?;
        let bytes = std::fs::read(&dest).map_err(io(&dest))?;
        Ok(BundleReport {
            path: dest.display().to_string(),
            files: files.len(),
            bytes: bytes.len() as u64,
            sha256: sha_hex(&bytes),
            fingerprint: super::fingerprint(&manifest.public_key),
            audit_head: manifest
                .audit_head
                .as_ref()
                .map(pleno_store::ChainHead::short),
        })
    }
}
