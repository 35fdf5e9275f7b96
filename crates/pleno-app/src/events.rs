//! What the app tells listeners (the desktop windows, SSE clients): job progress, figures that
//! changed, and what the main window has selected (the projector follows it).

use schemars::JsonSchema;
use serde::Serialize;
use tokio::sync::broadcast;

use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AppEvent {
    JobProgress {
        job: u64,
        done: usize,
        total: usize,
        current: String,
        /// Seconds left at the current rate, once there is a rate.
        eta_seconds: Option<u64>,
        per_minute: Option<f64>,
    },
    JobFinished {
        job: u64,
        cancelled: bool,
        /// The import stopped on an error; `summary` says which file and what to do.
        failed: bool,
        summary: String,
    },
    /// A figure, a form's state or a page changed.
    FormChanged { tps: TpsCode, contest: Contest },
    /// The screen that has the floor selected a form (and field): the projector shows the
    /// same.
    Selection {
        tps: TpsCode,
        contest: Contest,
        field: Option<FieldKey>,
        page: Option<i64>,
        /// Whose selection: a panel, or none for the workstation.
        panel: Option<i64>,
    },
    /// The operator gave the floor to a panel (none: the workstation): the projector fetches
    /// that screen's selection.
    Floor { panel: Option<i64> },
    /// A desa was closed or the kecamatan finalised; recap screens refresh.
    RecapChanged,
    /// A LAN device was revoked: its event stream ends.
    DeviceRevoked { device: i64 },
}

/// A broadcast channel; slow listeners lose old events rather than block the workspace.
#[derive(Clone)]
pub struct EventBus(broadcast::Sender<AppEvent>);

impl Default for EventBus {
    fn default() -> Self {
        EventBus(broadcast::channel(512).0)
    }
}

impl EventBus {
    pub fn send(&self, event: AppEvent) {
        // No listener is fine: the desktop may have no projector open.
        let _ = self.0.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.0.subscribe()
    }
}
