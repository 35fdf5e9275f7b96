//! Penghitungan suara ulang (h-HSU): ordered when a form is inconsistent in itself, recorded as
//! a kejadian khusus (so it appears on Model D.Kejadian Khusus), and closed by the recount's
//! figures entered with source `recount`.

use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FormValues};
use pleno_store::{NewEntry, NewObjection, ObjectionId, ObjectionKind, ObjectionStatus, Source};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::events::AppEvent;
use crate::workspace::{Who, Workspace};

/// How the kejadian khusus of a recount order begins on Model D.Kejadian. The order itself is
/// its own record (`Store::order_recount`); schema version 3 found older orders by these words.
const RECOUNT_PREFIX: &str = "Penghitungan suara ulang";

impl Workspace {
    /// Orders a recount of one contest at one TPS. The form stays open until the result is in.
    pub fn request_recount(
        &self,
        who: &Who,
        tps: &TpsCode,
        contest: Contest,
        reason: &str,
    ) -> AppResult<ObjectionId> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::new(
                ErrorCode::ReasonRequired,
                "tuliskan alasan penghitungan ulang (mis. suara sah + tidak sah ≠ pengguna hak pilih)",
            ));
        }
        let id = self.writable()?.order_recount(
            &who.actor,
            who.panel,
            &NewObjection {
                kind: ObjectionKind::KejadianKhusus,
                raised_by: format!("Panel pleno ({})", who.actor.name),
                saksi: None,
                desa: None,
                tps: Some(tps.clone()),
                contest: Some(contest),
                fields: Vec::new(),
                text: format!(
                    "{RECOUNT_PREFIX} {} TPS {tps}: {reason}",
                    contest.form_suffix()
                ),
            },
        )?;
        self.notify(AppEvent::FormChanged {
            tps: tps.clone(),
            contest,
        });
        Ok(id)
    }

    /// Records what the recount found: every figure of the form, source `recount`, citing the
    /// order; the order is resolved in the same breath. The form is then agreed as usual.
    pub fn enter_recount(
        &self,
        who: &Who,
        tps: &TpsCode,
        contest: Contest,
        values: &FormValues,
        note: &str,
    ) -> AppResult<()> {
        let mut store = self.writable()?;
        let objections = store.objections_for_tps(tps)?;
        let Some(order) = crate::forms::open_recount(&objections, contest) else {
            return Err(AppError::new(
                ErrorCode::NoRecountOrdered,
                format!(
                    "belum ada perintah penghitungan ulang untuk {} TPS {tps}; tandai 'hitung ulang' dulu",
                    contest.form_suffix()
                ),
            ));
        };
        let cat = store.catalogue(contest)?.clone();
        let missing: Vec<String> = cat
            .keys()
            .filter(|k| values.get(*k).is_none())
            .map(|k| k.to_string())
            .collect();
        if !missing.is_empty() {
            return Err(AppError::new(
                ErrorCode::FormIncomplete,
                format!(
                    "hasil hitung ulang harus memuat semua isian formulir; belum diisi: {}",
                    missing.join(", ")
                ),
            ));
        }
        let reason = if note.trim().is_empty() {
            "hasil penghitungan suara ulang di pleno PPK".to_string()
        } else {
            format!("hasil penghitungan suara ulang: {}", note.trim())
        };
        let entries: Vec<NewEntry> = cat
            .keys()
            .filter_map(|k| values.get(k).map(|v| (k, v)))
            .map(|(k, v)| {
                NewEntry::new(tps, contest, k, v, Source::Recount)
                    .with_reason(reason.clone())
                    .with_objection(order)
            })
            .collect();
        store.add_entries(&who.actor, who.panel, &entries)?;
        store.resolve_objection(
            &who.actor,
            order,
            ObjectionStatus::Accepted,
            "Penghitungan ulang dilaksanakan; hasilnya dicatat sebagai angka yang disepakati",
        )?;
        drop(store);
        self.notify(AppEvent::FormChanged {
            tps: tps.clone(),
            contest,
        });
        Ok(())
    }
}
