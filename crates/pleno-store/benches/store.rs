//! Store benchmarks on a generated 1,500-TPS × 5-contest kecamatan:
//! - saving one entry with its audit event (synchronous=FULL), target ≤ 5 ms;
//! - loading all current values for the recap, target ≤ 100 ms;
//! - loading one form with its per-field provenance;
//! - importing 600 typed forms (120 TPS × 5 contests, ~90,000 figures) as one batch into an
//!   empty workspace, as the app does with the demo's hasil.xlsx.
//!
//! The big workspace is generated (and cached) only when a benchmark that needs it runs, so
//! `cargo bench -p pleno-store --bench store -- import` runs the import case alone.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

#[path = "support/kecamatan.rs"]
mod kecamatan;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use pleno_core::{Contest, FieldKey};
use pleno_store::{Actor, Mode, NewEntry, Store};

/// The generated 1,500-TPS workspace with every form entered, built on first use.
fn full_workspace() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = kecamatan::workspace();
        let store = Store::open(&dir, Mode::ReadOnly).unwrap();
        let forms = store.all_current_values().unwrap();
        let values: usize = forms.iter().map(|f| f.values.len()).sum();
        eprintln!("workspace: {} forms, {values} current values", forms.len());
        // Not a criterion benchmark (seconds per run): one timing of a full `pleno verify`.
        let started = Instant::now();
        let report = store.verify().unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
        eprintln!(
            "verify: {} events, {} rows in {:.1} s",
            report.events,
            report.rows,
            started.elapsed().as_secs_f64()
        );
        dir
    })
}

fn benches(c: &mut Criterion) {
    let tps = kecamatan::election().kecamatan.desa[7].tps[3].code.clone();
    let mut group = c.benchmark_group("store");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(10));

    let mut reader: Option<Store> = None;
    group.bench_function("all_current_values_1500_tps_x5", |b| {
        let reader =
            reader.get_or_insert_with(|| Store::open(full_workspace(), Mode::ReadOnly).unwrap());
        b.iter(|| reader.all_current_values().unwrap());
    });
    group.bench_function("current_values_one_dpr_form", |b| {
        let reader =
            reader.get_or_insert_with(|| Store::open(full_workspace(), Mode::ReadOnly).unwrap());
        b.iter(|| reader.current_values(&tps, Contest::Dpr).unwrap());
    });
    drop(reader);

    let actor = Actor::with_role("Rina", "Operator");
    let mut n = 0u32;
    group.bench_function("save_one_entry_with_audit_event", |b| {
        let mut store = Store::open(full_workspace(), Mode::ReadWrite).unwrap();
        b.iter(|| {
            n += 1;
            let entry = NewEntry::clerk(&tps, Contest::Ppwp, FieldKey::Paslon(1), n % 1000)
                .with_reason("benchmark");
            store.add_entries(&actor, None, &[entry]).unwrap()
        });
    });
    group.finish();

    // Seconds per run before the batch path was reworked: few samples, a fresh copy of an
    // empty workspace for each (copied outside the timing).
    let mut group = c.benchmark_group("store");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let mut prepared: Option<(tempfile::TempDir, PathBuf, Vec<NewEntry>)> = None;
    group.bench_function("import 600 forms as one batch", |b| {
        let (_template, empty, batch) = prepared.get_or_insert_with(|| {
            let template = tempfile::tempdir().unwrap();
            let empty = kecamatan::empty_workspace(template.path());
            let batch = kecamatan::import_batch(&empty, 120);
            eprintln!("import batch: {} entries", batch.len());
            (template, empty, batch)
        });
        let actor = Actor::with_role("Operator", "Sekretariat PPK");
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().unwrap();
                let mut store = kecamatan::copy_workspace(empty, dir.path());
                let started = Instant::now();
                let ids = store.add_entries(&actor, None, batch).unwrap();
                total += started.elapsed();
                assert_eq!(ids.len(), batch.len());
            }
            total
        });
    });
    group.finish();
}

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
