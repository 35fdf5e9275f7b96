//! Store benchmarks on a generated 1,500-TPS × 5-contest kecamatan:
//! - saving one entry with its audit event (synchronous=FULL), target ≤ 5 ms;
//! - loading all current values for the recap, target ≤ 100 ms;
//! - loading one form with its per-field provenance.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

#[path = "support/kecamatan.rs"]
mod kecamatan;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use pleno_core::{Contest, FieldKey};
use pleno_store::{Actor, Mode, NewEntry, Store};

fn benches(c: &mut Criterion) {
    let dir = kecamatan::workspace();
    let tps = kecamatan::election().kecamatan.desa[7].tps[3].code.clone();
    {
        let store = Store::open(&dir, Mode::ReadOnly).unwrap();
        let forms = store.all_current_values().unwrap();
        let values: usize = forms.iter().map(|f| f.values.len()).sum();
        eprintln!("workspace: {} forms, {values} current values", forms.len());
    }

    let mut group = c.benchmark_group("store");
    group.sample_size(30).measurement_time(Duration::from_secs(10));

    let reader = Store::open(&dir, Mode::ReadOnly).unwrap();
    group.bench_function("all_current_values_1500_tps_x5", |b| {
        b.iter(|| reader.all_current_values().unwrap());
    });
    group.bench_function("current_values_one_dpr_form", |b| {
        b.iter(|| reader.current_values(&tps, Contest::Dpr).unwrap());
    });
    drop(reader);

    let mut store = Store::open(&dir, Mode::ReadWrite).unwrap();
    let actor = Actor::with_role("Rina", "Operator");
    let mut n = 0u32;
    group.bench_function("save_one_entry_with_audit_event", |b| {
        b.iter(|| {
            n += 1;
            let entry = NewEntry::clerk(&tps, Contest::Ppwp, FieldKey::Paslon(1), n % 1000).with_reason("benchmark");
            store.add_entries(&actor, None, &[entry]).unwrap()
        });
    });
    group.finish();
}

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
