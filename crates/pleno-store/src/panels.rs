//! Panels of the plenary (docs/domain.md §1.5): the desa each one handles, its chair, TPS handed to
//! another panel, and the KPPS counting-panel count recorded per TPS.

use pleno_core::reference::{Member, Saksi};
use pleno_core::wilayah::{DesaCode, TpsCode};
use rusqlite::OptionalExtension;
use schemars::JsonSchema;
use serde::Serialize;

use crate::clock;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::rows::Table;
use crate::store::Store;
use crate::types::{Actor, MemberId, PanelId, SaksiId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Panel {
    pub id: PanelId,
    pub name: String,
    pub chair: Option<MemberId>,
    pub desa: Vec<DesaCode>,
    pub created_at: String,
}

/// A TPS with its DPT and where it stands in the panel organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TpsRow {
    pub code: TpsCode,
    pub desa: DesaCode,
    pub dpt_l: u32,
    pub dpt_p: u32,
    /// 1 or 2 counting panels at the TPS, once recorded.
    pub kpps_panels: Option<u8>,
    /// The panel this TPS was handed to, overriding its desa's panel.
    pub handed_to: Option<PanelId>,
    /// The panel that handles it now (hand-over, else the desa's panel).
    pub panel: Option<PanelId>,
}

pub(crate) fn reason_text(reason: &str, what: &'static str) -> Result<String> {
    let r = reason.trim();
    if r.is_empty() {
        Err(StoreError::EmptyReason { what })
    } else {
        Ok(r.to_string())
    }
}

#[allow(clippy::needless_pass_by_value)] // called with ids and codes alike
pub(crate) fn not_found(what: &'static str, id: impl ToString) -> StoreError {
    StoreError::NotFound {
        what,
        id: id.to_string(),
    }
}

impl Store {
    pub fn add_panel(&mut self, actor: &Actor, name: &str) -> Result<PanelId> {
        actor.check()?;
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::EmptyReason { what: "nama panel" });
        }
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        let (count, max): (i64, u8) = tx
            .sql
            .query_row(
                "SELECT (SELECT count(*) FROM panel), max_panels FROM settings",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .db(path)?;
        if count >= i64::from(max) {
            return Err(StoreError::PanelLimit { max });
        }
        let taken: bool = tx
            .sql
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM panel WHERE name = ?1)",
                [name],
                |r| r.get(0),
            )
            .db(path)?;
        if taken {
            return Err(StoreError::PanelNameTaken {
                name: name.to_string(),
            });
        }
        tx.sql
            .execute(
                "INSERT INTO panel (name, created_at) VALUES (?1, ?2)",
                (name, clock::now()),
            )
            .db(path)?;
        let id = tx.sql.last_insert_rowid();
        tx.record(Table::Panel, id);
        tx.commit(
            actor,
            EventKind::PanelAdded,
            serde_json::json!({ "panel": id, "name": name }),
        )?;
        Ok(PanelId(id))
    }

    /// Gives `desa` to `panel` (moving it from another panel if it had one).
    pub fn assign_desa(&mut self, actor: &Actor, panel: PanelId, desa: &DesaCode) -> Result<()> {
        actor.check()?;
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        require_panel(&tx.sql, path, panel)?;
        require_desa(&tx.sql, path, desa)?;
        let before: Option<i64> = tx
            .sql
            .query_row(
                "SELECT panel FROM panel_desa WHERE desa = ?1",
                [desa.as_str()],
                |r| r.get(0),
            )
            .optional()
            .db(path)?;
        tx.sql
            .execute(
                "INSERT INTO panel_desa (desa, panel) VALUES (?1, ?2) \
                 ON CONFLICT (desa) DO UPDATE SET panel = excluded.panel",
                (desa.as_str(), panel),
            )
            .db(path)?;
        tx.record(Table::PanelDesa, desa.as_str());
        let detail = serde_json::json!({ "desa": desa.as_str(), "panel": panel, "from": before });
        tx.commit(actor, EventKind::PanelDesaAssigned, detail)?;
        Ok(())
    }

    /// Sets (or clears) the PPK member who leads `panel`.
    pub fn set_panel_chair(
        &mut self,
        actor: &Actor,
        panel: PanelId,
        chair: Option<MemberId>,
    ) -> Result<()> {
        actor.check()?;
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        require_panel(&tx.sql, path, panel)?;
        if let Some(m) = chair {
            let exists: bool = tx
                .sql
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM member WHERE id = ?1)",
                    [m],
                    |r| r.get(0),
                )
                .db(path)?;
            if !exists {
                return Err(not_found("anggota PPK", m));
            }
        }
        tx.sql
            .execute("UPDATE panel SET chair = ?1 WHERE id = ?2", (chair, panel))
            .db(path)?;
        tx.record(Table::Panel, panel.0);
        let detail = serde_json::json!({ "panel": panel, "chair": chair });
        tx.commit(actor, EventKind::PanelChairSet, detail)?;
        Ok(())
    }

    /// Hands one TPS to another panel (`None`: back to its desa's panel), with a reason.
    pub fn hand_over_tps(
        &mut self,
        actor: &Actor,
        tps: &TpsCode,
        to: Option<PanelId>,
        reason: &str,
    ) -> Result<()> {
        actor.check()?;
        let reason = reason_text(reason, "pengalihan TPS")?;
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        require_tps(&tx.sql, path, tps)?;
        if let Some(p) = to {
            require_panel(&tx.sql, path, p)?;
        }
        tx.sql
            .execute(
                "UPDATE tps SET panel = ?1 WHERE code = ?2",
                (to, tps.as_str()),
            )
            .db(path)?;
        tx.record(Table::Tps, tps.as_str());
        let detail = serde_json::json!({ "tps": tps.as_str(), "panel": to, "reason": reason });
        tx.commit(actor, EventKind::TpsHandedOver, detail)?;
        Ok(())
    }

    /// Records how many counting panels the KPPS used at `tps` (1 or 2, as on the form).
    pub fn set_kpps_panels(&mut self, actor: &Actor, tps: &TpsCode, count: u8) -> Result<()> {
        actor.check()?;
        if !(1..=2).contains(&count) {
            return Err(StoreError::BadKppsPanels {
                tps: tps.to_string(),
                count,
            });
        }
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        require_tps(&tx.sql, path, tps)?;
        tx.sql
            .execute(
                "UPDATE tps SET kpps_panels = ?1 WHERE code = ?2",
                (count, tps.as_str()),
            )
            .db(path)?;
        tx.record(Table::Tps, tps.as_str());
        let detail = serde_json::json!({ "tps": tps.as_str(), "kpps_panels": count });
        tx.commit(actor, EventKind::KppsPanelsRecorded, detail)?;
        Ok(())
    }

    pub fn panels(&self) -> Result<Vec<Panel>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, chair, created_at FROM panel ORDER BY id")
            .db(path)?;
        let mut panels: Vec<Panel> = stmt
            .query_map([], |r| {
                Ok(Panel {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    chair: r.get(2)?,
                    desa: Vec::new(),
                    created_at: r.get(3)?,
                })
            })
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        let mut stmt = self
            .conn
            .prepare("SELECT pd.panel, pd.desa FROM panel_desa pd JOIN desa d ON d.code = pd.desa ORDER BY d.ord")
            .db(path)?;
        let rows: Vec<(PanelId, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        for (panel, desa) in rows {
            if let (Some(p), Ok(code)) = (
                panels.iter_mut().find(|p| p.id == panel),
                DesaCode::parse(&desa),
            ) {
                p.desa.push(code);
            }
        }
        Ok(panels)
    }

    /// Every TPS in master-list order, with DPT and panel organisation.
    #[allow(clippy::type_complexity)] // one row of a join, read once
    pub fn tps_list(&self) -> Result<Vec<TpsRow>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT t.code, t.desa, t.dpt_l, t.dpt_p, t.kpps_panels, t.panel, \
                 coalesce(t.panel, pd.panel) FROM tps t LEFT JOIN panel_desa pd ON pd.desa = t.desa \
                 ORDER BY t.ord",
            )
            .db(path)?;
        let rows: Vec<(
            String,
            String,
            u32,
            u32,
            Option<u8>,
            Option<PanelId>,
            Option<PanelId>,
        )> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        let mut out = Vec::with_capacity(rows.len());
        for (code, desa, dpt_l, dpt_p, kpps_panels, handed_to, panel) in rows {
            out.push(TpsRow {
                code: crate::codes::tps(path, &code)?,
                desa: crate::codes::desa(path, &desa)?,
                dpt_l,
                dpt_p,
                kpps_panels,
                handed_to,
                panel,
            });
        }
        Ok(out)
    }

    /// The panel that handles `tps` now.
    pub fn panel_of_tps(&self, tps: &TpsCode) -> Result<Option<PanelId>> {
        let path = &self.ctx.db_path;
        self.conn
            .query_row(
                "SELECT coalesce(t.panel, pd.panel) FROM tps t LEFT JOIN panel_desa pd ON pd.desa = t.desa \
                 WHERE t.code = ?1",
                [tps.as_str()],
                |r| r.get(0),
            )
            .optional()
            .db(path)?
            .ok_or_else(|| not_found("TPS", tps))
    }

    pub fn members(&self) -> Result<Vec<(MemberId, Member)>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, role FROM member ORDER BY id")
            .db(path)?;
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                Member {
                    name: r.get(1)?,
                    role: r.get(2)?,
                },
            ))
        })
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)
    }

    pub fn saksi(&self) -> Result<Vec<(SaksiId, Saksi)>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare("SELECT id, contest, participant, name FROM saksi ORDER BY id")
            .db(path)?;
        let rows: Vec<(SaksiId, String, u8, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        rows.into_iter()
            .map(|(id, contest, participant, name)| {
                Ok((
                    id,
                    Saksi {
                        contest: crate::codes::contest(path, &contest)?,
                        participant,
                        name,
                    },
                ))
            })
            .collect()
    }
}

pub(crate) fn require_panel(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    panel: PanelId,
) -> Result<()> {
    let exists: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM panel WHERE id = ?1)",
            [panel],
            |r| r.get(0),
        )
        .db(path)?;
    if exists {
        Ok(())
    } else {
        Err(not_found("panel", panel))
    }
}

pub(crate) fn require_desa(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    desa: &DesaCode,
) -> Result<()> {
    let exists: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM desa WHERE code = ?1)",
            [desa.as_str()],
            |r| r.get(0),
        )
        .db(path)?;
    if exists {
        Ok(())
    } else {
        Err(not_found("desa/kelurahan", desa))
    }
}

pub(crate) fn require_tps(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    tps: &TpsCode,
) -> Result<()> {
    let exists: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM tps WHERE code = ?1)",
            [tps.as_str()],
            |r| r.get(0),
        )
        .db(path)?;
    if exists {
        Ok(())
    } else {
        Err(not_found("TPS", tps))
    }
}
