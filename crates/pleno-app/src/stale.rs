//! Two panels on one form: a write may name the version it was based on (the field's current
//! entry, or the newest entry of the whole form, as the writer's screen showed it; 0 for
//! none). If the form moved on since, the write is refused with who changed what and when, so
//! the clerk reloads instead of overwriting a colleague's figure unseen. The check runs under
//! the same store lock as the write it guards.

use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};
use pleno_store::{Entry, Store};

use crate::error::{AppError, AppResult, ErrorCode};

/// Refuses when `based_on` (if given) is not the field's current entry.
pub(crate) fn check_field(
    store: &Store,
    tps: &TpsCode,
    contest: Contest,
    key: FieldKey,
    based_on: Option<i64>,
) -> AppResult<()> {
    let Some(seen) = based_on else {
        return Ok(());
    };
    let current = store.current_values(tps, contest)?;
    match current.entries.get(&key) {
        Some(e) if e.id.0 != seen => Err(conflict(store, contest, e)),
        _ => Ok(()),
    }
}

/// Refuses when `based_on` (if given) is not the newest entry of the whole form.
pub(crate) fn check_form(
    store: &Store,
    tps: &TpsCode,
    contest: Contest,
    based_on: Option<i64>,
) -> AppResult<()> {
    let Some(seen) = based_on else {
        return Ok(());
    };
    let current = store.current_values(tps, contest)?;
    match current.entries.values().max_by_key(|e| e.id.0) {
        Some(e) if e.id.0 != seen => Err(conflict(store, contest, e)),
        _ => Ok(()),
    }
}

fn conflict(store: &Store, contest: Contest, e: &Entry) -> AppError {
    let code = store
        .catalogue(contest)
        .ok()
        .and_then(|c| c.get(e.field).map(|d| d.code.clone()))
        .unwrap_or_else(|| e.field.to_string());
    let by = match (&e.actor.role, e.panel) {
        (Some(role), Some(p)) => format!("{} ({role}, panel {})", e.actor.name, p.0),
        (Some(role), None) => format!("{} ({role})", e.actor.name),
        (None, Some(p)) => format!("{} (panel {})", e.actor.name, p.0),
        (None, None) => e.actor.name.clone(),
    };
    // The stored time is UTC; the screen shows it in the office's own zone from `at`.
    let hhmm = e.at.get(11..16).unwrap_or("").replace(':', ".");
    AppError::new(
        ErrorCode::StaleWrite,
        format!(
            "{by} mengubah {code} menjadi {} pukul {hhmm} UTC sejak formulir ini dimuat; muat ulang formulir lalu periksa lagi",
            e.value
        ),
    )
}
