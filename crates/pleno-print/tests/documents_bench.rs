//! Timing harness: the D.Hasil set (D.Hasil Kecamatan + lampiran) of each contest for a
//! 1,520-TPS kecamatan (40 desa × 38 TPS). Ignored in normal runs; measure in release:
//!
//! ```text
//! cargo test --release -p pleno-print --test documents_bench -- --ignored --nocapture
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::many_single_char_names
)]

mod common;

use std::time::Instant;

use common::{election, forms, recap, setup};
use pleno_core::Contest;
use pleno_print::doc::{self, Paper};

#[test]
#[ignore = "timing harness: run in release with --ignored --nocapture"]
fn d_hasil_set_of_a_1500_tps_kecamatan() {
    let t = Instant::now();
    let e = election(40, 38);
    let f = forms(&e, 11);
    eprintln!(
        "{} TPS synthesised in {:?}",
        e.kecamatan.tps_count(),
        t.elapsed()
    );
    let s = setup(&e, false, Paper::A4);
    for c in Contest::ALL {
        let r = recap(&e, &f, c, &[]);
        let b = e.ballot(c).unwrap();
        let t = Instant::now();
        let d = doc::d_hasil(&s, &r.kecamatan, b, &e.saksi).unwrap();
        let l = doc::lampiran(&s, &r.lampiran, b, &e.saksi).unwrap();
        let took = t.elapsed();
        assert!(d.overflow.is_empty() && l.overflow.is_empty());
        eprintln!(
            "{:<9} D.Hasil {:>3} hal. + lampiran {:>5} hal., {:>6} kB: {took:?}",
            c.slug(),
            d.pages,
            l.pages,
            (d.bytes.len() + l.bytes.len()) / 1024
        );
    }
}
