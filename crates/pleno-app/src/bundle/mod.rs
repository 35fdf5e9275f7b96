//! The signed bundle a PPK hands to the KPU Kabupaten/Kota: the recap figures, every entry,
//! objection, sign-off and audit event, the page images (or their hashes), and a manifest of
//! path, SHA-256 and size, signed with the workstation's ed25519 key (created with the
//! workspace). A tampered, truncated or path-traversing bundle is refused and changes nothing;
//! so is one signed by a key the KPU Kab/Kota has not enrolled for that kecamatan (`trust`) or
//! holding what no export can hold (`validate`).

mod crops_check;
mod entries_check;
mod export;
mod import;
mod key;
mod reference_check;
mod sealed;
mod trust;
mod validate;

use serde::{Deserialize, Serialize};

pub use export::{BundleReport, ExportOptions};
pub(crate) use import::import_checked;
pub use import::{BundleImportReport, ImportedBundle, read_bundle};
pub(crate) use key::verify as verify_signature;
pub use key::{KEY_FILE, KeyInfo, WorkstationKey, fingerprint_of_key_file, public_key_file};
pub(crate) use reference_check::{check_reference, stored_reference};
pub use sealed::MIN_PASSPHRASE_CHARS;
pub(crate) use sealed::write_private;
pub(crate) use trust::decide;
pub use trust::{KeyTrust, fingerprint};
pub use validate::REQUIRED_FILES;

/// Where a bundle carries the labelled box crops (optional: `--dengan-potongan`).
pub const CROPS_DIR: &str = "crops/";

/// Format tag of `manifest.json`.
pub const FORMAT: &str = "pleno-bundle/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub workspace_id: String,
    pub kecamatan_code: String,
    pub kecamatan: String,
    pub kabupaten_code: String,
    pub drill: bool,
    pub kecamatan_final: bool,
    pub created_at: String,
    /// Hex ed25519 public key of the workstation that signed.
    pub public_key: String,
    /// The audit chain's newest event when exported: the last line of `audit.jsonl`, named
    /// here under the signature. Absent in bundles of Pleno versions before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<pleno_store::ChainHead>,
    pub files: Vec<ManifestFile>,
}

/// One contest's kecamatan figures as the bundle carries them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContestTotals {
    pub contest: pleno_core::Contest,
    pub totals: pleno_core::recap::Totals,
    pub completeness: pleno_core::recap::Completeness,
    /// Per desa, for the L1/L2 checks at the next level.
    pub desa: Vec<(String, String, pleno_core::recap::Totals)>,
}
