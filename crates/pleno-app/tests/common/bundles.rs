//! Bundles made by hand: a good bundle's files, changed, under a manifest signed by a chosen
//! key (the worst case: the attacker holds the enrolled key, so only the content checks stand).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pleno_app::bundle::{Manifest, ManifestFile, WorkstationKey, read_bundle};
use sha2::{Digest, Sha256};

/// A bundle's files by path.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The files of a good bundle, to be changed and signed again.
pub fn files_of(bundle: &Path) -> (Manifest, Files) {
    let checked = read_bundle(bundle).unwrap();
    (checked.manifest, checked.files)
}

/// Writes a bundle of `files` with a manifest listing them, signed by `key`.
pub fn signed(out: &Path, mut manifest: Manifest, files: &Files, key: &WorkstationKey) -> PathBuf {
    manifest.public_key = key.public_hex();
    manifest.files = files
        .iter()
        .map(|(p, b)| ManifestFile {
            path: p.clone(),
            sha256: pleno_store::hex(&Sha256::digest(b)),
            size: b.len() as u64,
        })
        .collect();
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    signed_as_is(out, &manifest_bytes, files, key)
}

/// Writes a bundle whose manifest is `manifest_bytes` exactly (it may disagree with the files).
pub fn signed_as_is(
    out: &Path,
    manifest_bytes: &[u8],
    files: &Files,
    key: &WorkstationKey,
) -> PathBuf {
    let signature = key.sign(manifest_bytes);
    let mut tar = tar::Builder::new(std::fs::File::create(out).unwrap());
    let mut add = |path: &str, bytes: &[u8]| {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, path, bytes).unwrap();
    };
    add("manifest.json", manifest_bytes);
    add("manifest.sig", signature.as_bytes());
    for (p, b) in files {
        add(p, b);
    }
    tar.finish().unwrap();
    out.to_path_buf()
}

pub fn edit_json(files: &mut Files, name: &str, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_slice(&files[name]).unwrap();
    edit(&mut v);
    files.insert(name.to_string(), serde_json::to_vec_pretty(&v).unwrap());
}
