//! `pleno verify-doc`: does a printed PDF still show what the workspace holds? The PDF carries
//! its marker (kind, contest, workspace id, SHA-256 of the data) in its Keywords; the hash is
//! recomputed from the workspace now and compared. The audit chain head printed with it is an
//! anchor: the chain must still pass through it.

use std::path::Path;

use pleno_core::Contest;
use pleno_print::doc::{Marker, digest, find_marker};
use pleno_store::{Anchor, AnchorCheck, Store};

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
    /// The head printed on the paper and what the chain says about it (None: printed by a
    /// Pleno that did not print heads, or for another workspace).
    pub anchor: Option<(Anchor, AnchorCheck)>,
}

impl DocCheck {
    pub fn same_workspace(&self) -> bool {
        self.marker.workspace_id == self.workspace_id
    }

    /// The paper shows exactly what the workspace holds now.
    pub fn matches(&self) -> bool {
        self.same_workspace() && self.current_sha256.as_deref() == Some(self.marker.sha256.as_str())
    }

    /// The workspace's chain still passes through the head printed on the paper (true when the
    /// paper carries none: nothing to check it against).
    pub fn chain_holds(&self) -> bool {
        self.anchor.as_ref().is_none_or(|(_, check)| check.holds())
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
        ("d-hasil-kabupaten", _) => crate::recap::kabupaten_recap(store)?
            .iter()
            .find(|t| marker.contest.as_deref() == Some(t.contest.slug()))
            .map(digest::d_hasil_sha256),
        _ => None,
    };
    let anchor = match marker.head.as_deref().map(str::parse::<Anchor>) {
        Some(Ok(a)) if marker.workspace_id == inputs.workspace_id => {
            let check = store.check_anchor(&a)?;
            Some((a, check))
        }
        _ => None,
    };
    Ok(DocCheck {
        marker,
        workspace_id: inputs.workspace_id,
        current_sha256,
        anchor,
    })
}
