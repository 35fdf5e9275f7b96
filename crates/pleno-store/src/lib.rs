//! SQLite workspace store with provenance, audit hash chain and content-addressed blobs.
//!
//! A workspace is a folder: `pleno.db` (SQLite, WAL, synchronous=FULL, STRICT tables) and
//! `blobs/` (original photos by SHA-256). [`Store`] is the only way in: every write is one
//! transaction that ends in one audit event chained by SHA-256 to the previous one; figures are
//! never updated in place (entries supersede entries); [`verify()`] re-checks it all.
//!
//! Modules by what they hold: [`store`](Store) open/create; `setup` master data; `panels`;
//! `pages` blobs and pages; `readings`; `entries`; `objections`; `signoffs`; `kabupaten`;
//! `audit` the log; `anchor` its published heads; `verify`; `backup`.

mod anchor;
mod audit;
mod backup;
mod blob;
mod clock;
mod codes;
mod crops;
mod devices;
mod entries;
mod error;
mod event;
pub mod failpoint;
mod fields;
mod kabupaten;
mod layouts;
mod lock;
mod models;
mod objections;
mod pages;
mod panels;
mod readings;
mod rows;
mod schema;
mod settings;
mod setup;
mod signoffs;
mod store;
mod types;
mod verify;

pub use anchor::{Anchor, AnchorCheck, ChainHead, Checkpoint};
pub use audit::{AuditEvent, EventFilter, GENESIS};
pub use backup::{BackupReport, LastBackup, backup};
pub use blob::{BlobHash, BlobInfo, PutBlob, hash_file};
pub use clock::{now, of_system};
pub use crops::{LabelledCrop, box_labels};
pub use devices::{Device, DeviceRole, NewDevice};
pub use entries::{Entry, FormCurrent, FormSnapshot, NewEntry};
pub use error::{Result, StoreError};
pub use event::{EventKind, UnknownEventKind};
pub use kabupaten::{BundleKey, KecamatanImport, NewBundleKey};
pub use layouts::CalibratedLayout;
pub use models::{InstalledModel, NewModel};
pub use objections::{NewObjection, Objection};
pub use pages::{Filing, NewPage, Page, PageFilter, PageIdentity};
pub use panels::{Panel, TpsRow};
pub use readings::{BoxAdaptation, CROP_SIDE, CropRef, DigitReading, NewReading, Reading};
pub use rows::hex;
pub use schema::SCHEMA_VERSION;
pub use settings::{Settings, SettingsUpdate};
pub use setup::{DEFAULT_MAX_PANELS, Setup, new_workspace_id};
pub use signoffs::{Revocation, SignOff};
pub use store::{DB_FILE, Store};
pub use types::{
    Actor, EntryId, EventSeq, ImportId, MemberId, Mode, ObjectionId, ObjectionKind,
    ObjectionStatus, PageId, PageStatus, PanelId, ReadingId, ReadingStatus, SaksiId, SignOffId,
    SignOffKind, Source, WorkspaceLevel,
};
pub use verify::{Problem, VerifyReport, verify};

impl Store {
    /// Audit events matching `filter`, oldest first (paged by `filter.after`).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<AuditEvent>> {
        audit::events(&self.conn, &self.ctx.db_path, filter)
    }

    /// Calls `f` for every audit event in order (export).
    pub fn for_each_event(&self, f: impl FnMut(AuditEvent) -> Result<()>) -> Result<()> {
        audit::for_each_event(&self.conn, &self.ctx.db_path, f)
    }

    /// The election the workspace was set up with, rebuilt from its tables.
    pub fn election(&self) -> Result<pleno_core::reference::Election> {
        setup::election(&self.conn, &self.ctx.db_path)
    }

    /// The field catalogue of one contest of this workspace.
    pub fn catalogue(&self, contest: pleno_core::Contest) -> Result<&pleno_core::Catalogue> {
        self.ctx.fields.catalogue(contest)
    }
}

#[cfg(test)]
mod tests {
    /// The app keeps a `Store` behind a mutex shared by the HTTP server's threads.
    #[test]
    fn store_can_move_between_threads() {
        fn assert_send<T: Send>() {}
        assert_send::<super::Store>();
    }
}
