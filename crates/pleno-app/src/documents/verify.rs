//! `pleno verify-doc`: does a printed PDF still show what the workspace holds? The PDF carries
//! its marker (kind, contest, workspace id, SHA-256 of the data) in its Keywords; the hash is
//! recomputed from the workspace now and compared.

use std::path::Path;

use pleno_core::Contest;
use pleno_print::doc::{Marker, digest, find_marker};
use pleno_store::Store;

use super::DocumentsError;
use super::gather::gather;

/// The outcome of checking one PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocCheck {
    /// What the PDF says it is.
    pub marker: Marker,
    /// This workspace's id.
    pub workspace_id: String,
    /// The hash of the same data computed from the workspace now (None: the workspace has no
    /// such contest or the kind is unknown).
    pub current_sha256: Option<String>,
}

impl DocCheck {
    pub fn same_workspace(&self) -> bool {
        self.marker.workspace_id == self.workspace_id
    }

    /// The paper shows exactly what the workspace holds now.
    pub fn matches(&self) -> bool {
        self.same_workspace() && self.current_sha256.as_deref() == Some(self.marker.sha256.as_str())
    }
}

pub fn verify_doc(store: &Store, pdf: &Path) -> Result<DocCheck, DocumentsError> {
    let bytes = std::fs::read(pdf).map_err(|source| DocumentsError::Io {
        path: pdf.to_path_buf(),
        source,
    })?;
    let marker = find_marker(&bytes).ok_or_else(|| DocumentsError::NotPlenoDocument {
        path: pdf.to_path_buf(),
    })?;
    let inputs = gather(store)?;
    let contest = marker
        .contest
        .as_deref()
        .and_then(|c| c.parse::<Contest>().ok())
        .and_then(|c| inputs.recap.contest(c));
    let current_sha256 = match (marker.doc.as_str(), contest) {
        ("d-hasil", Some(cr)) => Some(digest::d_hasil_sha256(&cr.kecamatan)),
        ("lampiran", Some(cr)) => Some(digest::lampiran_sha256(&cr.lampiran)),
        ("d-kejadian", _) => Some(digest::d_kejadian_sha256(&inputs.incidents)),
        _ => None,
    };
    Ok(DocCheck {
        marker,
        workspace_id: inputs.workspace_id,
        current_sha256,
    })
}
