//! Persiapan: the people and panels of the plenary (docs/domain.md §1.5). A PPK splits its plenary
//! into at most four panels (more with KPU Kab/Kota approval, which needs a reason here), each
//! given whole desa and led by a PPK member.

use schemars::JsonSchema;
use serde::Serialize;

use pleno_core::reference::{Member, Saksi};
use pleno_core::wilayah::{DesaCode, TpsCode};
use pleno_store::{MemberId, Panel, PanelId, SaksiId, SettingsUpdate, TpsRow};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::workspace::{Who, Workspace};

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Organisation {
    pub members: Vec<(MemberId, Member)>,
    pub saksi: Vec<(SaksiId, Saksi)>,
    pub panels: Vec<Panel>,
    pub max_panels: u8,
    /// Desa not yet given to any panel.
    pub unassigned_desa: Vec<DesaCode>,
    pub tps: Vec<TpsRow>,
}

impl Workspace {
    pub fn organisation(&self) -> AppResult<Organisation> {
        let store = self.store();
        let panels = store.panels()?;
        let election = store.election()?;
        let unassigned_desa = election
            .kecamatan
            .desa
            .iter()
            .map(|d| d.code.clone())
            .filter(|d| !panels.iter().any(|p| p.desa.contains(d)))
            .collect();
        Ok(Organisation {
            members: store.members()?,
            saksi: store.saksi()?,
            max_panels: store.settings()?.max_panels,
            panels,
            unassigned_desa,
            tps: store.tps_list()?,
        })
    }

    pub fn add_panel(&self, who: &Who, name: &str) -> AppResult<PanelId> {
        Ok(self.writable()?.add_panel(&who.actor, name)?)
    }

    pub fn assign_desa(&self, who: &Who, panel: PanelId, desa: &DesaCode) -> AppResult<()> {
        Ok(self.writable()?.assign_desa(&who.actor, panel, desa)?)
    }

    pub fn set_panel_chair(
        &self,
        who: &Who,
        panel: PanelId,
        chair: Option<MemberId>,
    ) -> AppResult<()> {
        Ok(self.writable()?.set_panel_chair(&who.actor, panel, chair)?)
    }

    /// Hands a TPS to another panel (or back to its desa's panel with `None`).
    pub fn hand_over_tps(
        &self,
        who: &Who,
        tps: &TpsCode,
        to: Option<PanelId>,
        reason: &str,
    ) -> AppResult<()> {
        Ok(self
            .writable()?
            .hand_over_tps(&who.actor, tps, to, reason)?)
    }

    /// Records whether KPPS counted in 1 or 2 panels (printed on page 1 of every C.Hasil).
    pub fn set_kpps_panels(&self, who: &Who, tps: &TpsCode, count: u8) -> AppResult<()> {
        Ok(self.writable()?.set_kpps_panels(&who.actor, tps, count)?)
    }

    /// More than four panels needs KPU Kab/Kota approval: the reason is kept in the audit log.
    pub fn set_max_panels(&self, who: &Who, max: u8, reason: &str) -> AppResult<()> {
        if max > pleno_store::DEFAULT_MAX_PANELS && reason.trim().is_empty() {
            return Err(AppError::new(
                ErrorCode::ReasonRequired,
                "lebih dari 4 panel memerlukan persetujuan KPU Kabupaten/Kota: tuliskan nomor/tanggal persetujuannya",
            ));
        }
        self.writable()?.update_settings(
            &who.actor,
            &SettingsUpdate {
                max_panels: Some(max),
                reason: Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
                ..SettingsUpdate::default()
            },
        )?;
        Ok(())
    }
}
