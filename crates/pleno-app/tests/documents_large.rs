//! A 1,500-TPS kecamatan (40 desa × 38 TPS, five contests) through `documents::render`.
//! Timings are measured by the release harness in pleno-print (tests/documents_bench.rs).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../pleno-print/tests/common/mod.rs"]
mod synth;

use pleno_app::documents::{DocKind, Inputs, PrintOptions, render};
use pleno_app::recap::recap_from;
use pleno_core::recap::FormState;
use pleno_store::{EntryId, FormSnapshot};

fn inputs(desa: usize, tps: u16) -> Inputs {
    let e = synth::election(desa, tps);
    let snapshots: Vec<FormSnapshot> = synth::forms(&e, 7)
        .into_iter()
        .enumerate()
        .map(|(i, (tps, contest, values))| FormSnapshot {
            tps,
            contest,
            values,
            last_entry: EntryId(i as i64),
            state: FormState::Agreed,
        })
        .collect();
    Inputs {
        recap: recap_from(e, &snapshots),
        workspace_id: "bench0000000000a".into(),
        key_fingerprint: None,
        audit_head: None,
        drill: false,
        incidents: Vec::new(),
        raisers: Vec::new(),
        open: Vec::new(),
    }
}

/// The whole document set of a 1,500-TPS kecamatan is produced without overflow. Only the
/// D.Hasil tables render in debug builds here (the lampiran of every contest takes minutes
/// unoptimised); the release harness above renders everything.
#[test]
fn large_kecamatan_prints_d_hasil_and_d_kejadian() {
    let inputs = inputs(40, 38);
    let docs = render(
        &inputs,
        &PrintOptions {
            docs: vec![DocKind::DHasil, DocKind::DKejadian],
            ..PrintOptions::all("unused")
        },
    )
    .unwrap();
    assert_eq!(docs.len(), 6);
    for d in &docs {
        assert!(
            d.pdf.overflow.is_empty(),
            "{}: {:?}",
            d.file_name,
            d.pdf.overflow
        );
        if d.kind == DocKind::DHasil {
            assert!(d.pdf.pages >= 2, "{}", d.file_name);
        }
    }
}
