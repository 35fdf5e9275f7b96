//! The workspace's records as typed reads, so that no caller outside pleno-app holds the store.

use std::path::{Path, PathBuf};

use pleno_core::reference::Election;
use pleno_store::{
    Anchor, AnchorCheck, AuditEvent, BackupReport, ChainHead, EventFilter, VerifyReport,
};

use crate::documents::{
    DocCheck, DocumentsError, ExportFormat, PrintOptions, PrintedDoc, export, print_all, verify_doc,
};
use crate::error::AppResult;
use crate::recap::{WorkspaceRecap, workspace_recap};
use crate::workspace::Workspace;

impl Workspace {
    /// The kecamatan, its desa and TPS, and the ballots of each contest.
    pub fn election(&self) -> AppResult<Election> {
        Ok(self.store().election()?)
    }

    /// Audit events matching `filter`, oldest first.
    pub fn audit(&self, filter: &EventFilter) -> AppResult<Vec<AuditEvent>> {
        Ok(self.store().events(filter)?)
    }

    /// Checks the audit chain, the entries and the stored images against their hashes.
    pub fn verify_audit(&self) -> AppResult<VerifyReport> {
        let mut report = self.store().verify()?;
        self.check_checkpoints(&mut report)?;
        Ok(report)
    }

    /// The audit chain's newest event, as printed on documents and carried in bundles.
    pub fn chain_head(&self) -> AppResult<Option<ChainHead>> {
        Ok(self.store().chain_head()?)
    }

    /// Whether the chain still passes through a head published earlier (`pleno verify --anchor`).
    pub fn check_anchor(&self, anchor: &Anchor) -> AppResult<AnchorCheck> {
        Ok(self.store().check_anchor(anchor)?)
    }

    /// The recap of every contest: kecamatan table and lampiran per desa.
    pub fn recap(&self) -> AppResult<WorkspaceRecap> {
        Ok(workspace_recap(&self.store())?)
    }

    /// A consistent copy (one SQLite snapshot, then the blobs it names) into `dest`, which
    /// must not exist or be empty; safe while another process has the workspace open.
    pub fn backup_to(&self, dest: &Path) -> AppResult<BackupReport> {
        Ok(self.store().backup_to(dest)?)
    }

    /// Prints the documents `opts` asks for; refuses with `DocumentsError::Incomplete` while
    /// figures are not agreed (unless provisional).
    pub fn print(&self, opts: &PrintOptions) -> Result<Vec<PrintedDoc>, DocumentsError> {
        print_all(&self.store(), opts)
    }

    /// The recap as spreadsheets into `out_dir`.
    pub fn export_to(
        &self,
        format: ExportFormat,
        out_dir: &Path,
    ) -> Result<Vec<PathBuf>, DocumentsError> {
        export(&self.store(), format, out_dir)
    }

    /// Whether a printed PDF shows what the workspace holds now.
    pub fn verify_doc(&self, pdf: &Path) -> Result<DocCheck, DocumentsError> {
        verify_doc(&self.store(), pdf)
    }
}
