//! The D.Hasil set (D.Hasil Kecamatan + lampiran) of each contest for a 1,520-TPS kecamatan
//! (40 desa × 38 TPS): `cargo bench -p pleno-print --bench documents`. Target ≤ 2 s per contest.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use common::{election, forms, recap, setup};
use criterion::{Criterion, criterion_group, criterion_main};
use pleno_core::Contest;
use pleno_print::doc::{self, Paper};

fn d_hasil_sets(c: &mut Criterion) {
    let e = election(40, 38);
    let f = forms(&e, 11);
    let s = setup(&e, false, Paper::A4);
    let mut group = c.benchmark_group("d_hasil_set_1520_tps");
    group.sample_size(10);
    for contest in Contest::ALL {
        let r = recap(&e, &f, contest, &[]);
        let b = e.ballot(contest).unwrap();
        let d = doc::d_hasil(&s, &r.kecamatan, b, &e.saksi).unwrap();
        let l = doc::lampiran(&s, &r.lampiran, b, &e.saksi).unwrap();
        println!(
            "{:<9} D.Hasil {:>3} hal. + lampiran {:>5} hal., {:>6} kB",
            contest.slug(),
            d.pages,
            l.pages,
            (d.bytes.len() + l.bytes.len()) / 1024
        );
        group.bench_function(contest.slug(), |bench| {
            bench.iter(|| {
                let d = doc::d_hasil(&s, &r.kecamatan, b, &e.saksi).unwrap();
                let l = doc::lampiran(&s, &r.lampiran, b, &e.saksi).unwrap();
                (d.pages, l.pages)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, d_hasil_sets);
criterion_main!(benches);
