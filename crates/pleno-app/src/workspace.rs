//! A workspace as the app holds it: the store behind a mutex (one writer; the reader threads
//! of an import only compute), the event bus, the acceptance policy, running jobs.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock};

use schemars::JsonSchema;
use serde::Serialize;

use pleno_store::{Actor, Mode, PanelId, Setup, Store, StoreError, WorkspaceLevel};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::events::{AppEvent, EventBus};
use crate::import::load_reference;
use crate::jobs::Jobs;
use crate::policy::AcceptancePolicy;

/// Who is acting: the named person and, when working in a panel, which one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub actor: Actor,
    pub panel: Option<PanelId>,
    /// The paired device acting, when it is one (`devices.rs`); None for the workstation's
    /// own windows and the CLI.
    pub device: Option<crate::devices::DeviceGrant>,
}

impl Who {
    pub fn new(name: &str) -> Who {
        Who {
            actor: Actor::new(name),
            panel: None,
            device: None,
        }
    }

    #[must_use]
    pub fn in_panel(mut self, panel: PanelId) -> Who {
        self.panel = Some(panel);
        self
    }
}

/// How a new workspace is set up.
#[derive(Debug, Clone, Default)]
pub struct CreateOptions {
    /// A drill (uji coba): documents say so on every page.
    pub drill: bool,
    pub max_panels: Option<u8>,
    pub policy: AcceptancePolicy,
}

pub struct Workspace {
    dir: PathBuf,
    mode: Mode,
    store: Mutex<Store>,
    pub(crate) bus: EventBus,
    policy: RwLock<AcceptancePolicy>,
    pub(crate) jobs: Jobs,
    pub(crate) stage: Mutex<crate::floor::Stage>,
    /// The workstation key once its passphrase was given in this session (`keyring.rs`).
    key: Mutex<Option<crate::bundle::WorkstationKey>>,
    /// The office's labelled crops as prototypes, with the fingerprint of the labels they were
    /// made from (`crops.rs`): built once, not at every page read again.
    pub(crate) prototypes: Mutex<Option<(u64, std::sync::Arc<pleno_reader::Prototypes>)>>,
    /// The digit model in force, loaded once, keyed by the event that installed it (0: the
    /// shipped model; `digit_model`).
    pub(crate) model: Mutex<Option<(i64, pleno_reader::DigitModel)>>,
}

pub use crate::floor::Selection;

/// What the first screen shows about an open workspace.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Summary {
    pub dir: String,
    pub workspace_id: String,
    pub level: WorkspaceLevel,
    pub drill: bool,
    pub read_only: bool,
    pub provinsi: String,
    pub kabupaten: String,
    pub kecamatan: String,
    pub kecamatan_code: String,
    pub desa: usize,
    pub tps: usize,
    pub pages: usize,
    pub forms_agreed: usize,
    pub forms_total: usize,
    pub desa_closed: usize,
    pub kecamatan_final: bool,
    /// The workstation key's fingerprint, as printed in document footers.
    pub key_fingerprint: Option<String>,
    /// The newest backup made from the app (none yet: the UI urges one).
    pub last_backup: Option<pleno_store::LastBackup>,
}

impl Workspace {
    /// Creates a workspace in `dir` (new or empty) from a reference workbook or CSV folder.
    pub fn create(
        dir: &Path,
        reference: &Path,
        who: &Who,
        options: &CreateOptions,
    ) -> AppResult<Workspace> {
        let election = load_reference(reference)?;
        let mut setup = Setup::new(election, who.actor.clone())?;
        setup.drill = options.drill;
        if let Some(n) = options.max_panels {
            setup.max_panels = n;
        }
        setup.thresholds = serde_json::to_value(options.policy)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        let store = Store::create(dir, &setup)?;
        crate::bundle::WorkstationKey::create(dir)?;
        Ok(Workspace::from_store(
            dir,
            Mode::ReadWrite,
            store,
            options.policy,
        ))
    }

    /// Creates a KPU Kabupaten/Kota workspace from a PPK bundle (checked first, its key's
    /// fingerprint confirmed by `trust`) and imports it; more kecamatan bundles follow with
    /// [`Workspace::import_bundle`].
    pub fn create_kabupaten(
        dir: &Path,
        bundle: &Path,
        who: &Who,
        trust: &crate::bundle::KeyTrust,
    ) -> AppResult<Workspace> {
        Workspace::create_kabupaten_with(dir, bundle, who, trust, None)
    }

    /// [`Workspace::create_kabupaten`] with the KPU Kabupaten/Kota's own list of its kecamatan
    /// and desa (`import::kabupaten`): every bundle, the first one included, is checked
    /// against it.
    pub fn create_kabupaten_with(
        dir: &Path,
        bundle: &Path,
        who: &Who,
        trust: &crate::bundle::KeyTrust,
        reference: Option<&Path>,
    ) -> AppResult<Workspace> {
        let reference = reference
            .map(crate::import::load_kabupaten_reference)
            .transpose()?;
        let checked = crate::bundle::read_bundle(bundle)?;
        // Refuse an unconfirmed key, or a bundle the list does not know, before anything is
        // created.
        crate::bundle::decide(&checked.manifest, None, trust)?;
        if let Some(r) = &reference {
            crate::bundle::check_reference(bundle, r, &checked)?;
        }
        let mut setup = Setup::new(checked.election.clone(), who.actor.clone())?;
        setup.level = WorkspaceLevel::Kabupaten;
        setup.drill = checked.manifest.drill;
        let policy = AcceptancePolicy::default();
        setup.thresholds = serde_json::to_value(policy)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        let mut store = Store::create(dir, &setup)?;
        crate::bundle::WorkstationKey::create(dir)?;
        if let Some(r) = &reference {
            let detail = serde_json::to_value(r)
                .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
            store.record_kabupaten_reference(&who.actor, &detail)?;
        }
        crate::bundle::import_checked(&mut store, who, bundle, checked, trust)?;
        Ok(Workspace::from_store(dir, Mode::ReadWrite, store, policy))
    }

    /// Opens an existing workspace. Read-only opens never take the lock (projector, LAN).
    pub fn open(dir: &Path, mode: Mode) -> AppResult<Workspace> {
        let store = Store::open(dir, mode)?;
        let policy = store
            .settings()
            .ok()
            .and_then(|s| serde_json::from_value::<AcceptancePolicy>(s.thresholds).ok())
            .unwrap_or_default();
        Ok(Workspace::from_store(dir, mode, store, policy))
    }

    fn from_store(dir: &Path, mode: Mode, store: Store, policy: AcceptancePolicy) -> Workspace {
        Workspace {
            dir: dir.to_path_buf(),
            mode,
            store: Mutex::new(store),
            bus: EventBus::default(),
            policy: RwLock::new(policy),
            jobs: Jobs::default(),
            stage: Mutex::default(),
            key: Mutex::default(),
            prototypes: Mutex::default(),
            model: Mutex::default(),
        }
    }

    pub(crate) fn session_key(&self) -> MutexGuard<'_, Option<crate::bundle::WorkstationKey>> {
        self.key
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn is_read_only(&self) -> bool {
        self.mode == Mode::ReadOnly
    }

    pub fn events(&self) -> &EventBus {
        &self.bus
    }

    pub fn policy(&self) -> AcceptancePolicy {
        self.policy.read().map_or_else(|p| *p.into_inner(), |p| *p)
    }

    /// The store, locked for the duration of one use case.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock leaves the store consistent (every write is one
        // transaction), so a poisoned lock is still safe to use.
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn writable(&self) -> AppResult<MutexGuard<'_, Store>> {
        if self.is_read_only() {
            return Err(AppError::new(
                ErrorCode::ReadOnly,
                "ruang kerja ini dibuka hanya-baca (layar proyektor/LAN); perubahan dilakukan di jendela utama",
            ));
        }
        Ok(self.store())
    }

    /// Runs `f` with the store; store errors become app errors.
    pub(crate) fn query<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> AppResult<T> {
        let store = self.store();
        f(&store).map_err(AppError::from)
    }

    /// The raw store, for this crate's integration tests only (feature `test-support`): every
    /// other caller goes through a typed use case, so that pleno-app stays the only door.
    #[cfg(feature = "test-support")]
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> AppResult<T> {
        self.query(f)
    }

    pub fn set_policy(&self, who: &Who, policy: AcceptancePolicy) -> AppResult<()> {
        let value = serde_json::to_value(policy)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        self.writable()?.update_settings(
            &who.actor,
            &pleno_store::SettingsUpdate {
                thresholds: Some(value),
                ..Default::default()
            },
        )?;
        if let Ok(mut p) = self.policy.write() {
            *p = policy;
        }
        Ok(())
    }

    pub fn summary(&self) -> AppResult<Summary> {
        let store = self.store();
        let settings = store.settings()?;
        let election = store.election()?;
        let snapshots = store.all_current_values()?;
        let signoffs = store.signoffs()?;
        let pages = store.pages(&pleno_store::PageFilter::default())?.len();
        let k = &election.kecamatan;
        let active = |kind| {
            signoffs
                .iter()
                .filter(|s| s.kind == kind && s.revoked.is_none())
                .count()
        };
        let contests = election.ballots.len();
        Ok(Summary {
            dir: self.dir.display().to_string(),
            workspace_id: settings.workspace_id,
            level: settings.level,
            drill: settings.drill,
            read_only: self.is_read_only(),
            provinsi: k.provinsi_name.clone(),
            kabupaten: k.kabupaten_name.clone(),
            kecamatan: k.name.clone(),
            kecamatan_code: k.code.to_string(),
            desa: k.desa.len(),
            tps: k.tps_count(),
            pages,
            forms_agreed: snapshots
                .iter()
                .filter(|s| s.state == pleno_core::recap::FormState::Agreed)
                .count(),
            forms_total: k.tps_count() * contests,
            desa_closed: active(pleno_store::SignOffKind::DesaClosed),
            kecamatan_final: active(pleno_store::SignOffKind::KecamatanFinal) > 0,
            key_fingerprint: crate::bundle::WorkstationKey::fingerprint_in(&self.dir),
            last_backup: store.last_backup()?,
        })
    }

    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    pub(crate) fn notify(&self, event: AppEvent) {
        self.bus.send(event);
    }
}
