//! Who has the floor: each screen that drives the projector (the workstation, and each panel's
//! laptop on the LAN) keeps its own selection, and the projector and witness displays show the
//! one whose turn it is. The operator gives the floor; a panel's selecting never moves the
//! projector while another panel is being discussed (`docs/lan.md`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::error::{AppResult, bad_request};
use crate::events::AppEvent;
use crate::workspace::{Who, Workspace};

/// What a screen shows now: the form (and field, and page photo) under discussion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
pub struct Selection {
    pub tps: pleno_core::wilayah::TpsCode,
    pub contest: pleno_core::Contest,
    #[serde(default)]
    pub field: Option<pleno_core::FieldKey>,
    #[serde(default)]
    pub page: Option<i64>,
    /// Whose selection it is: a panel's laptop, or none for the workstation. Set by Pleno from
    /// who sent it, never taken from the request.
    #[serde(default)]
    pub panel: Option<i64>,
}

/// Whose selection the projector shows, and who has one to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Floor {
    /// The panel that has the floor; none: the workstation.
    pub panel: Option<i64>,
    /// Every screen's current selection (the workstation's has no panel).
    pub selections: Vec<Selection>,
}

#[derive(Debug, Default)]
pub(crate) struct Stage {
    floor: Option<i64>,
    by_source: BTreeMap<Option<i64>, Selection>,
}

/// The screen `who` drives: a panel device's panel, otherwise the workstation.
fn source_of(who: Option<&Who>) -> Option<i64> {
    who.filter(|w| w.device.is_some())
        .and_then(|w| w.panel)
        .map(|p| p.0)
}

impl Workspace {
    fn stage(&self) -> std::sync::MutexGuard<'_, Stage> {
        self.stage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A screen selected a form (and field): remember it; the projector follows it when that
    /// screen has the floor.
    pub fn select(&self, who: Option<&Who>, mut selection: Selection) {
        let source = source_of(who);
        selection.panel = source;
        let on_floor = {
            let mut stage = self.stage();
            stage.by_source.insert(source, selection.clone());
            stage.floor == source
        };
        if on_floor {
            self.notify(AppEvent::Selection {
                tps: selection.tps,
                contest: selection.contest,
                field: selection.field,
                page: selection.page,
                panel: selection.panel,
            });
        }
    }

    /// What the projector shows: the selection of whoever has the floor.
    pub fn selection(&self) -> Option<Selection> {
        let stage = self.stage();
        stage.by_source.get(&stage.floor).cloned()
    }

    pub fn floor(&self) -> Floor {
        let stage = self.stage();
        Floor {
            panel: stage.floor,
            selections: stage.by_source.values().cloned().collect(),
        }
    }

    /// Gives the floor to `panel` (none: the workstation); the projector changes at once.
    pub fn give_floor(&self, panel: Option<i64>) -> AppResult<Floor> {
        if let Some(p) = panel
            && !self.store().panels()?.iter().any(|x| x.id.0 == p)
        {
            return Err(bad_request(format!(
                "panel {p} tidak ada; pilih panel dari daftar di Persiapan"
            )));
        }
        self.stage().floor = panel;
        self.notify(AppEvent::Floor { panel });
        Ok(self.floor())
    }
}
