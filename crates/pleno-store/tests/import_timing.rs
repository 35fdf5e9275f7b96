//! Timing of the typed-figures import by hand, for machines too busy for criterion's wall
//! clock: prints wall time, the thread's CPU time and its time waiting for a CPU (Linux
//! schedstat) for 600 forms (120 TPS × 5 contests, ~91,000 figures) in one batch.
//!
//! `cargo test -p pleno-store --test import_timing -- --ignored --nocapture`
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

#[path = "../benches/support/kecamatan.rs"]
#[allow(dead_code)] // the benchmarks' big workspace is not needed here
mod kecamatan;

use std::time::Instant;

use pleno_store::Actor;

/// (seconds on a CPU, seconds waiting for one) of this thread, when the kernel tells.
fn schedstat() -> Option<(f64, f64)> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut parts = text.split_whitespace().map(|p| p.parse::<f64>().ok());
    Some((parts.next()?? / 1e9, parts.next()?? / 1e9))
}

#[test]
#[ignore = "a timing to run by hand (seconds per run)"]
fn import_600_forms_as_one_batch() {
    let template = tempfile::tempdir().unwrap();
    let empty = kecamatan::empty_workspace(template.path());
    let batch = kecamatan::import_batch(&empty, 120);
    let actor = Actor::with_role("Operator", "Sekretariat PPK");
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let mut store = kecamatan::copy_workspace(&empty, dir.path());
        let (started, before) = (Instant::now(), schedstat());
        let ids = store.add_entries(&actor, None, &batch).unwrap();
        let wall = started.elapsed().as_secs_f64();
        assert_eq!(ids.len(), batch.len());
        match (before, schedstat()) {
            (Some((cpu0, wait0)), Some((cpu1, wait1))) => eprintln!(
                "add_entries, {} figures: {wall:.3} s wall, {:.3} s CPU, {:.3} s waiting for a CPU",
                batch.len(),
                cpu1 - cpu0,
                wait1 - wait0
            ),
            _ => eprintln!("add_entries, {} figures: {wall:.3} s wall", batch.len()),
        }
        assert!(store.verify().unwrap().is_ok());
    }
}
