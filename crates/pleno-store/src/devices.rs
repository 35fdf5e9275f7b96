//! Devices of the LAN plenary (panel laptops, the projector, a witness display): each is made
//! by the operator for one person and one role, paired once with a short-lived code, and from
//! then on known by its token. Only SHA-256 hashes of codes and tokens are kept, so a copy of
//! the database does not let anyone act as a device.

use rusqlite::OptionalExtension;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::clock;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::rows::Table;
use crate::store::Store;
use crate::types::{Actor, PanelId};

/// What a paired device may do (`docs/lan.md` has the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceRole {
    /// Everything the workstation does, except naming paths on the workstation's disk.
    Operator,
    /// Reviews and corrects the forms, raises objections.
    PanelMember,
    /// What a member does, and closes the desa of its own panel and decides objections.
    PanelChair,
    /// Reads everything (the projector).
    Display,
    /// Reads the figures only, without names of people (a display for the saksi).
    Witness,
}

impl DeviceRole {
    pub const fn as_str(self) -> &'static str {
        match self {
            DeviceRole::Operator => "operator",
            DeviceRole::PanelMember => "panel_member",
            DeviceRole::PanelChair => "panel_chair",
            DeviceRole::Display => "display",
            DeviceRole::Witness => "witness",
        }
    }

    /// The role as written beside the person's name in entries and the audit log.
    pub const fn label(self) -> &'static str {
        match self {
            DeviceRole::Operator => "operator",
            DeviceRole::PanelMember => "anggota panel",
            DeviceRole::PanelChair => "pimpinan panel",
            DeviceRole::Display => "layar",
            DeviceRole::Witness => "layar saksi",
        }
    }

    fn parse(s: &str) -> Option<DeviceRole> {
        [
            DeviceRole::Operator,
            DeviceRole::PanelMember,
            DeviceRole::PanelChair,
            DeviceRole::Display,
            DeviceRole::Witness,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    /// Panel roles are bound to one panel; the others to none.
    pub const fn in_panel(self) -> bool {
        matches!(self, DeviceRole::PanelMember | DeviceRole::PanelChair)
    }
}

/// A device as the operator sees it (no hashes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Device {
    pub id: i64,
    pub name: String,
    pub person: String,
    pub role: DeviceRole,
    pub panel: Option<PanelId>,
    pub created_at: String,
    /// Until when its pairing code may be used; None once paired or revoked.
    pub code_expires: Option<String>,
    pub paired_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl Device {
    /// Who acts when this device writes.
    pub fn actor(&self) -> Actor {
        Actor::with_role(self.person.clone(), self.role.label())
    }
}

/// What the operator fills in to make a device.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
pub struct NewDevice {
    pub name: String,
    pub person: String,
    pub role: DeviceRole,
    #[serde(default)]
    pub panel: Option<PanelId>,
}

const COLUMNS: &str =
    "id, name, person, role, panel, created_at, code_expires, paired_at, revoked_at";

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    let role: String = r.get(3)?;
    Ok(Device {
        id: r.get(0)?,
        name: r.get(1)?,
        person: r.get(2)?,
        // The CHECK constraint admits only the names `parse` knows.
        role: DeviceRole::parse(&role).unwrap_or(DeviceRole::Display),
        panel: r.get::<_, Option<i64>>(4)?.map(PanelId),
        created_at: r.get(5)?,
        code_expires: r.get(6)?,
        paired_at: r.get(7)?,
        revoked_at: r.get(8)?,
    })
}

/// What a browser says about itself, kept short and printable for the audit log.
fn printable(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(80).collect()
}

fn invalid(why: impl Into<String>) -> StoreError {
    StoreError::InvalidDevice { why: why.into() }
}

impl Store {
    /// Makes a device waiting to be paired with the code whose hash is `code_sha256`, valid
    /// for `valid_for`.
    pub fn create_device(
        &mut self,
        actor: &Actor,
        new: &NewDevice,
        code_sha256: &str,
        valid_for: std::time::Duration,
    ) -> Result<Device> {
        actor.check()?;
        let (name, person) = (new.name.trim(), new.person.trim());
        if name.is_empty() || person.is_empty() {
            return Err(invalid("nama perangkat dan nama orangnya wajib diisi"));
        }
        if new.role.in_panel() != new.panel.is_some() {
            return Err(invalid(if new.role.in_panel() {
                "anggota dan pimpinan panel harus memilih panelnya"
            } else {
                "hanya anggota dan pimpinan panel yang terikat pada panel"
            }));
        }
        let expires = clock::format_utc(OffsetDateTime::now_utc() + valid_for);
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        if let Some(panel) = new.panel {
            let known: bool = tx
                .sql
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM panel WHERE id = ?1)",
                    [panel.0],
                    |r| r.get(0),
                )
                .db(path)?;
            if !known {
                return Err(crate::panels::not_found("panel", panel.0));
            }
        }
        tx.sql
            .execute(
                "INSERT INTO device (name, person, role, panel, code_sha256, code_expires, \
                 created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                (
                    name,
                    person,
                    new.role.as_str(),
                    new.panel.map(|p| p.0),
                    code_sha256,
                    &expires,
                    &actor.name,
                    clock::now(),
                ),
            )
            .db(path)?;
        let id = tx.sql.last_insert_rowid();
        tx.record(Table::Device, id);
        let detail = serde_json::json!({
            "device": id, "name": name, "person": person, "role": new.role.as_str(),
            "panel": new.panel, "code_expires": expires,
        });
        tx.commit(actor, EventKind::DeviceCreated, detail)?;
        self.device(id)?
            .ok_or_else(|| crate::panels::not_found("perangkat", id))
    }

    /// Pairs the device whose unexpired, unused code hashes to `code_sha256`, binding it to
    /// the token whose hash is `token_sha256`. None when no device waits for that code.
    /// `laptop` (what the browser calls itself) and `peer` (its address) go into the event.
    pub fn pair_device(
        &mut self,
        code_sha256: &str,
        token_sha256: &str,
        laptop: &str,
        peer: &str,
    ) -> Result<Option<Device>> {
        let now = clock::now();
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        let found: Option<(i64, String)> = tx
            .sql
            .query_row(
                "SELECT id, person FROM device WHERE code_sha256 = ?1 AND code_expires > ?2 \
                 AND revoked_at IS NULL AND token_sha256 IS NULL",
                (code_sha256, &now),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .db(path)?;
        let Some((id, person)) = found else {
            return Ok(None);
        };
        tx.sql
            .execute(
                "UPDATE device SET token_sha256 = ?1, paired_at = ?2, code_sha256 = NULL, \
                 code_expires = NULL WHERE id = ?3",
                (token_sha256, &now, id),
            )
            .db(path)?;
        tx.record(Table::Device, id);
        tx.commit(
            &Actor::with_role(person, "perangkat"),
            EventKind::DevicePaired,
            serde_json::json!({ "device": id, "device_name": printable(laptop), "peer": peer }),
        )?;
        self.device(id)
    }

    /// Records a refused pairing attempt (a wrong or expired code), so that guessing shows
    /// in the audit log.
    pub fn record_pairing_refused(&mut self, device_name: &str, peer: &str) -> Result<()> {
        let (tx, _) = self.begin()?;
        tx.commit(
            &Actor::with_role("perangkat tak dikenal", "perangkat"),
            EventKind::PairingRefused,
            serde_json::json!({ "device_name": printable(device_name), "peer": peer }),
        )?;
        Ok(())
    }

    /// Revokes a device: its token stops working at once, its unused code too.
    pub fn revoke_device(&mut self, actor: &Actor, id: i64) -> Result<Device> {
        actor.check()?;
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        let revoked: Option<Option<String>> = tx
            .sql
            .query_row("SELECT revoked_at FROM device WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .db(path)?;
        match revoked {
            None => return Err(crate::panels::not_found("perangkat", id)),
            Some(Some(_)) => return Err(StoreError::AlreadyRevoked { id }),
            Some(None) => {}
        }
        tx.sql
            .execute(
                "UPDATE device SET revoked_at = ?1, revoked_by = ?2, code_sha256 = NULL, \
                 code_expires = NULL WHERE id = ?3",
                (clock::now(), &actor.name, id),
            )
            .db(path)?;
        tx.record(Table::Device, id);
        tx.commit(
            actor,
            EventKind::DeviceRevoked,
            serde_json::json!({ "device": id }),
        )?;
        self.device(id)?
            .ok_or_else(|| crate::panels::not_found("perangkat", id))
    }

    pub fn devices(&self) -> Result<Vec<Device>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM device ORDER BY id"))
            .db(path)?;
        let rows = stmt.query_map([], device_row).db(path)?;
        rows.collect::<rusqlite::Result<_>>().db(path)
    }

    pub fn device(&self, id: i64) -> Result<Option<Device>> {
        let path = &self.ctx.db_path;
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM device WHERE id = ?1"),
                [id],
                device_row,
            )
            .optional()
            .db(path)
    }

    /// The paired, unrevoked device holding the token whose hash is `token_sha256`.
    pub fn device_by_token(&self, token_sha256: &str) -> Result<Option<Device>> {
        let path = &self.ctx.db_path;
        self.conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM device WHERE token_sha256 = ?1 AND revoked_at IS NULL"
                ),
                [token_sha256],
                device_row,
            )
            .optional()
            .db(path)
    }
}
