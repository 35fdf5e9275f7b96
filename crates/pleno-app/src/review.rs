//! What a panel does with a form: confirm it, correct a figure (with a reason), take a misread
//! suggestion, record an objection, re-assign a page, and look at a field's history.

use pleno_core::rules::Finding;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};
use pleno_store::{
    Entry, NewEntry, NewObjection, Objection, ObjectionId, ObjectionStatus, PageId, PageIdentity,
    SignOffId, Source,
};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::events::AppEvent;
use crate::forms::{FormData, form_findings, other_forms};
use crate::stale;
use crate::workspace::{Who, Workspace};

fn list(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.text_id))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Workspace {
    /// The panel agrees the form as it stands. Fields that only have a machine reading are
    /// confirmed as the clerk's figures first. Refused while an error finding remains; warnings
    /// need `acknowledge_warnings`. In a closed desa, `objection` is required.
    pub fn confirm_form(
        &self,
        who: &Who,
        tps: &TpsCode,
        contest: Contest,
        acknowledge_warnings: bool,
        objection: Option<ObjectionId>,
    ) -> AppResult<SignOffId> {
        self.confirm_form_seen(who, tps, contest, acknowledge_warnings, objection, None)
    }

    /// [`Self::confirm_form`], refused with `stale_write` if the form's newest entry is no
    /// longer `based_on` (what the panel saw when it agreed).
    pub fn confirm_form_seen(
        &self,
        who: &Who,
        tps: &TpsCode,
        contest: Contest,
        acknowledge_warnings: bool,
        objection: Option<ObjectionId>,
        based_on: Option<i64>,
    ) -> AppResult<SignOffId> {
        let mut store = self.writable()?;
        stale::check_form(&store, tps, contest, based_on)?;
        let data = FormData::load(&store, tps, contest)?;
        let others = other_forms(&store, tps, contest)?;
        let findings = form_findings(&self.policy(), &data, contest, tps, &others);
        let errors: Vec<&Finding> = findings.iter().filter(|f| f.is_error()).collect();
        if !errors.is_empty() {
            return Err(AppError::new(
                ErrorCode::FormHasErrors,
                format!(
                    "formulir {} TPS {tps} belum dapat disepakati: {}. Betulkan angkanya, hitung ulang, atau catat keberatan",
                    contest.form_suffix(),
                    list(&errors)
                ),
            ));
        }
        let warnings: Vec<&Finding> = findings.iter().filter(|f| !f.is_error()).collect();
        if !warnings.is_empty() && !acknowledge_warnings {
            return Err(AppError::new(
                ErrorCode::WarningsNeedAcknowledgement,
                format!(
                    "ada peringatan yang harus diakui panel sebelum menyepakati: {}",
                    list(&warnings)
                ),
            ));
        }
        let unconfirmed: Vec<NewEntry> = data
            .readings
            .iter()
            .filter(|(k, _)| !data.entries.contains_key(k))
            .filter_map(|(k, r)| {
                r.value.map(|v| {
                    let mut e = NewEntry::clerk(tps, contest, *k, v).with_reading(r.id);
                    if let Some(o) = objection {
                        e = e.with_objection(o);
                    }
                    e
                })
            })
            .collect();
        if !unconfirmed.is_empty() {
            store.add_entries(&who.actor, who.panel, &unconfirmed)?;
        }
        let note = (!warnings.is_empty()).then(|| {
            format!(
                "peringatan diakui panel: {}",
                warnings
                    .iter()
                    .map(|f| f.rule.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        let id = store.agree_form(
            &who.actor,
            who.panel,
            tps,
            contest,
            objection,
            note.as_deref(),
        )?;
        drop(store);
        self.notify(AppEvent::FormChanged {
            tps: tps.clone(),
            contest,
        });
        Ok(id)
    }

    /// Sets one figure. Changing what the machine read, or an agreed figure, needs a reason.
    // The arguments are exactly what a clerk's correction consists of; a struct would only rename them.
    #[allow(clippy::too_many_arguments)]
    pub fn correct_field(
        &self,
        who: &Who,
        tps: &TpsCode,
        contest: Contest,
        key: FieldKey,
        value: u32,
        reason: &str,
        objection: Option<ObjectionId>,
    ) -> AppResult<()> {
        self.correct_field_seen(who, tps, contest, key, value, reason, objection, None)
    }

    /// [`Self::correct_field`], refused with `stale_write` if the field's current entry is no
    /// longer `based_on` (0: the field had none).
    #[allow(clippy::too_many_arguments)] // the correction's parts, as the API hands them over
    pub fn correct_field_seen(
        &self,
        who: &Who,
        tps: &TpsCode,
        contest: Contest,
        key: FieldKey,
        value: u32,
        reason: &str,
        objection: Option<ObjectionId>,
        based_on: Option<i64>,
    ) -> AppResult<()> {
        let mut store = self.writable()?;
        stale::check_field(&store, tps, contest, key, based_on)?;
        let data = FormData::load(&store, tps, contest)?;
        let previous = data
            .entries
            .get(&key)
            .map(|e| e.0)
            .or_else(|| data.readings.get(&key).and_then(|r| r.value));
        let reason = reason.trim();
        if previous.is_some_and(|p| p != value) && reason.is_empty() {
            return Err(AppError::new(
                ErrorCode::ReasonRequired,
                format!(
                    "{key} berubah dari {} menjadi {value}: tuliskan alasannya (mis. 'salah baca mesin, C.Hasil tertulis {value}')",
                    previous.unwrap_or_default()
                ),
            ));
        }
        let mut entry = NewEntry::clerk(tps, contest, key, value);
        if !reason.is_empty() {
            entry = entry.with_reason(reason);
        }
        if let Some(r) = data.readings.get(&key).filter(|r| r.value == Some(value)) {
            entry = entry.with_reading(r.id);
        }
        if let Some(o) = objection {
            entry = entry.with_objection(o);
        }
        store.add_entries(&who.actor, who.panel, &[entry])?;
        drop(store);
        self.notify(AppEvent::FormChanged {
            tps: tps.clone(),
            contest,
        });
        Ok(())
    }

    /// Takes the `index`-th misread suggestion: each change becomes the clerk's figure with the
    /// suggestion as the reason. The panel must still confirm the form.
    pub fn accept_suggestion(
        &self,
        who: &Who,
        tps: &TpsCode,
        contest: Contest,
        index: usize,
    ) -> AppResult<()> {
        self.accept_suggestion_seen(who, tps, contest, index, None)
    }

    /// [`Self::accept_suggestion`], refused with `stale_write` if the form's newest entry is
    /// no longer `based_on`: the suggestion was made from figures that have changed.
    pub fn accept_suggestion_seen(
        &self,
        who: &Who,
        tps: &TpsCode,
        contest: Contest,
        index: usize,
        based_on: Option<i64>,
    ) -> AppResult<()> {
        let view = self.form(tps, contest)?;
        let Some(s) = view.misread.suggestions.get(index) else {
            return Err(AppError::new(
                ErrorCode::NoSuggestion,
                "saran salah baca ini tidak ada lagi (angka sudah berubah); muat ulang formulir",
            ));
        };
        let entries: Vec<NewEntry> = s
            .changes
            .iter()
            .map(|c| {
                NewEntry::clerk(tps, contest, c.key, c.to).with_reason(format!(
                    "salah baca {} → {} ({}), dicocokkan dengan C.Hasil",
                    c.from,
                    c.to,
                    c.pattern.text_id()
                ))
            })
            .collect();
        let mut store = self.writable()?;
        stale::check_form(&store, tps, contest, based_on)?;
        store.add_entries(&who.actor, who.panel, &entries)?;
        drop(store);
        self.notify(AppEvent::FormChanged {
            tps: tps.clone(),
            contest,
        });
        Ok(())
    }

    /// Every figure a field has had, oldest first.
    pub fn field_history(
        &self,
        tps: &TpsCode,
        contest: Contest,
        key: FieldKey,
    ) -> AppResult<Vec<Entry>> {
        self.query(|s| s.field_history(tps, contest, key))
    }

    pub fn raise_objection(&self, who: &Who, new: &NewObjection) -> AppResult<ObjectionId> {
        let id = self
            .writable()?
            .raise_objection(&who.actor, who.panel, new)?;
        if let (Some(tps), Some(contest)) = (&new.tps, new.contest) {
            self.notify(AppEvent::FormChanged {
                tps: tps.clone(),
                contest,
            });
        }
        Ok(id)
    }

    pub fn resolve_objection(
        &self,
        who: &Who,
        id: ObjectionId,
        accepted: bool,
        resolution: &str,
    ) -> AppResult<()> {
        let status = if accepted {
            ObjectionStatus::Accepted
        } else {
            ObjectionStatus::Rejected
        };
        let mut store = self.writable()?;
        // A paired chair's token is bound to its panel: it decides objections about that
        // panel's desa; the rest (other panels', the kecamatan's) are decided at the workstation.
        if let Some(grant) = who.device
            && grant.role == pleno_store::DeviceRole::PanelChair
        {
            let objection = store.objection(id)?;
            let desa = objection
                .desa
                .clone()
                .or_else(|| objection.tps.as_ref().map(TpsCode::desa));
            let panels = store.panels()?;
            let owner = desa
                .as_ref()
                .and_then(|d| panels.iter().find(|p| p.desa.contains(d)));
            if owner.is_none_or(|p| Some(p.id) != who.panel) {
                return Err(AppError::new(
                    ErrorCode::NotPanelChair,
                    match (desa, owner) {
                        (Some(d), Some(p)) => format!(
                            "keberatan ini tentang desa {d}; hanya pimpinan {} atau operator yang memutuskannya",
                            p.name
                        ),
                        _ => "keberatan tingkat kecamatan diputuskan di komputer utama".to_string(),
                    },
                ));
            }
        }
        store.resolve_objection(&who.actor, id, status, resolution)?;
        drop(store);
        self.notify(AppEvent::RecapChanged);
        Ok(())
    }

    pub fn objections(&self) -> AppResult<Vec<Objection>> {
        self.query(pleno_store::Store::objections)
    }

    /// Puts a page where it belongs (another TPS, contest or page code), with a reason.
    pub fn assign_page(
        &self,
        who: &Who,
        page: PageId,
        identity: &PageIdentity,
        reason: &str,
    ) -> AppResult<()> {
        if reason.trim().is_empty() {
            return Err(AppError::new(
                ErrorCode::ReasonRequired,
                "tuliskan alasan memindahkan halaman (mis. 'foto TPS 004 terunggah di folder TPS 003')",
            ));
        }
        let old = self.query(|s| s.page(page))?;
        self.writable()?
            .assign_page(&who.actor, page, identity, Some(reason))?;
        // A photo filed without its TPS was never read into figures; read it now. If it still
        // cannot be read, it stays in the queue for the clerk to set its corners.
        if self.query(|s| s.readings(page))?.is_empty() {
            let _unread = self.reread_page(who, page, None);
        }
        if let (Some(tps), Some(contest)) = (old.tps, old.contest) {
            self.notify(AppEvent::FormChanged { tps, contest });
        }
        self.notify(AppEvent::FormChanged {
            tps: identity.tps.clone(),
            contest: identity.contest,
        });
        Ok(())
    }

    /// Figures typed from the C.Hasil for a whole form at once (source `clerk`, or `import`).
    pub fn enter_form(
        &self,
        who: &Who,
        tps: &TpsCode,
        contest: Contest,
        values: &pleno_core::FormValues,
        source: Source,
        reason: Option<&str>,
    ) -> AppResult<()> {
        let entries: Vec<NewEntry> = values
            .iter()
            .map(|(k, v)| {
                let e = NewEntry::new(tps, contest, k, v, source);
                match reason {
                    Some(r) => e.with_reason(r),
                    None => e,
                }
            })
            .collect();
        if entries.is_empty() {
            return Err(AppError::new(
                ErrorCode::EmptyForm,
                "tidak ada angka untuk dicatat",
            ));
        }
        self.writable()?
            .add_entries(&who.actor, who.panel, &entries)?;
        self.notify(AppEvent::FormChanged {
            tps: tps.clone(),
            contest,
        });
        Ok(())
    }
}
