//! Closing the recap: a desa by its panel chair once every form of every TPS in it is agreed,
//! the kecamatan once every desa is closed. After closing, changes need an objection.

use pleno_core::wilayah::DesaCode;
use pleno_store::{ObjectionId, SignOff, SignOffId};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::events::AppEvent;
use crate::workspace::{Who, Workspace};

impl Workspace {
    /// Closes `desa`. The actor must chair the panel the desa is assigned to (when panels with
    /// chairs are set up).
    pub fn close_desa(
        &self,
        who: &Who,
        desa: &DesaCode,
        note: Option<&str>,
    ) -> AppResult<SignOffId> {
        let mut store = self.writable()?;
        let panels = store.panels()?;
        let desa_panel = panels.iter().find(|p| p.desa.contains(desa));
        // A paired chair's token is bound to its panel: it closes that panel's desa only.
        if let Some(grant) = who.device
            && grant.role == pleno_store::DeviceRole::PanelChair
        {
            if desa_panel.map(|p| p.id) != who.panel {
                return Err(AppError::new(
                    ErrorCode::NotPanelChair,
                    format!(
                        "desa {desa} bukan bagian panel perangkat ini; hanya pimpinan {} yang dapat menutupnya",
                        desa_panel.map_or("panelnya", |p| p.name.as_str())
                    ),
                ));
            }
        } else if let Some(panel) = desa_panel
            && let Some(chair) = panel.chair
        {
            let members = store.members()?;
            let chair_name = members
                .iter()
                .find(|(id, _)| *id == chair)
                .map(|(_, m)| m.name.clone())
                .unwrap_or_default();
            if chair_name != who.actor.name {
                return Err(AppError::new(
                    ErrorCode::NotPanelChair,
                    format!(
                        "desa {desa} hanya dapat ditutup oleh pimpinan {} ({chair_name})",
                        panel.name
                    ),
                ));
            }
        }
        let id = store.close_desa(&who.actor, who.panel, desa, note)?;
        drop(store);
        self.notify(AppEvent::RecapChanged);
        Ok(id)
    }

    pub fn finalize_kecamatan(&self, who: &Who, note: Option<&str>) -> AppResult<SignOffId> {
        let id = self.writable()?.finalize_kecamatan(&who.actor, note)?;
        self.notify(AppEvent::RecapChanged);
        Ok(id)
    }

    /// Re-opens a sign-off; a closed desa or the final recap re-opens only under an objection.
    pub fn reopen(
        &self,
        who: &Who,
        id: SignOffId,
        objection: Option<ObjectionId>,
        reason: &str,
    ) -> AppResult<()> {
        self.writable()?
            .revoke_signoff(&who.actor, id, objection, reason)?;
        self.notify(AppEvent::RecapChanged);
        Ok(())
    }

    /// Records that a form will not come (a lost box, a TPS that did not open): needs a
    /// kejadian khusus naming the TPS and contest. The desa can then be closed; the recap shows
    /// the form as missing.
    pub fn record_absent_form(
        &self,
        who: &Who,
        tps: &pleno_core::wilayah::TpsCode,
        contest: pleno_core::Contest,
        objection: ObjectionId,
        note: Option<&str>,
    ) -> AppResult<SignOffId> {
        let id = self
            .writable()?
            .record_absent_form(&who.actor, who.panel, tps, contest, objection, note)?;
        self.notify(AppEvent::FormChanged {
            tps: tps.clone(),
            contest,
        });
        Ok(id)
    }

    pub fn signoffs(&self) -> AppResult<Vec<SignOff>> {
        self.query(pleno_store::Store::signoffs)
    }
}
