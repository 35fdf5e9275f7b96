//! The one settings row: workspace id, level, drill flag, panel limit, app thresholds.

use serde::Serialize;
use serde_json::Value;

use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::rows::Table;
use crate::store::Store;
use crate::types::{Actor, WorkspaceLevel};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub workspace_id: String,
    pub level: WorkspaceLevel,
    pub drill: bool,
    pub max_panels: u8,
    pub thresholds: Value,
    pub created_at: String,
    pub created_by: String,
}

/// Fields left `None` stay as they are.
#[derive(Debug, Clone, Default)]
pub struct SettingsUpdate {
    pub drill: Option<bool>,
    pub max_panels: Option<u8>,
    pub thresholds: Option<Value>,
    /// Why, recorded in the event: raising the panel limit above
    /// [`DEFAULT_MAX_PANELS`](crate::DEFAULT_MAX_PANELS) needs KPU Kab/Kota approval, whose
    /// reference goes here.
    pub reason: Option<String>,
}

impl Store {
    pub fn settings(&self) -> Result<Settings> {
        let path = &self.ctx.db_path;
        let (workspace_id, level, drill, max_panels, thresholds, created_at, created_by): (
            String,
            WorkspaceLevel,
            bool,
            u8,
            String,
            String,
            String,
        ) = self
            .conn
            .query_row(
                "SELECT workspace_id, level, drill, max_panels, thresholds, created_at, created_by \
                 FROM settings WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .db(path)?;
        let thresholds = serde_json::from_str(&thresholds).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            detail: format!("ambang tersimpan bukan JSON: {e}"),
        })?;
        Ok(Settings {
            workspace_id,
            level,
            drill,
            max_panels,
            thresholds,
            created_at,
            created_by,
        })
    }

    pub fn update_settings(&mut self, actor: &Actor, update: &SettingsUpdate) -> Result<Settings> {
        actor.check()?;
        if let Some(max) = update.max_panels
            && !(1..=99).contains(&max)
        {
            return Err(StoreError::InvalidSettings {
                detail: format!("batas panel {max} harus 1–99"),
            });
        }
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        if let Some(max) = update.max_panels {
            let panels: i64 = tx
                .sql
                .query_row("SELECT count(*) FROM panel", [], |r| r.get(0))
                .db(path)?;
            if panels > i64::from(max) {
                return Err(StoreError::InvalidSettings {
                    detail: format!(
                        "batas panel {max} lebih kecil dari {panels} panel yang sudah ada"
                    ),
                });
            }
        }
        tx.sql
            .execute(
                "UPDATE settings SET drill = coalesce(?1, drill), max_panels = coalesce(?2, max_panels), \
                 thresholds = coalesce(?3, thresholds) WHERE id = 1",
                (
                    update.drill,
                    update.max_panels,
                    update.thresholds.as_ref().map(Value::to_string),
                ),
            )
            .db(path)?;
        tx.record(Table::Settings, 1);
        let detail = serde_json::json!({
            "drill": update.drill,
            "max_panels": update.max_panels,
            "thresholds": update.thresholds,
            "reason": update.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()),
        });
        tx.commit(actor, EventKind::SettingsUpdated, detail)?;
        self.settings()
    }
}
