//! Generator of a large kecamatan for the benchmarks: 1,500 TPS in 60 desa, five contests with
//! full-size ballots (DPR 18 parties × 8 candidates, DPRD 18 × 10, DPD 20 candidates), every
//! field of every form entered once (~1.1 million entries), one transaction per desa.

use std::path::{Path, PathBuf};

use pleno_core::reference::{Desa, Election, Kecamatan, Member, Tps};
use pleno_core::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode};
use pleno_core::{Ballot, BallotItems, Candidate, Contest, PartyList, ballot::parties_for};
use pleno_store::{Actor, Mode, NewEntry, Setup, Source, Store};

pub const DESA: u16 = 60;
pub const TPS_PER_DESA: u16 = 25;

fn candidates(n: u8) -> Vec<Candidate> {
    (1..=n)
        .map(|i| Candidate {
            nomor: i,
            name: format!("Calon {i}"),
            gender: None,
        })
        .collect()
}

fn party_ballot(contest: Contest, per_party: u8) -> Ballot {
    Ballot {
        contest,
        dapil: Some(pleno_core::Dapil {
            code: format!("{contest}-1"),
            name: format!("Dapil {contest} 1"),
        }),
        items: BallotItems::Parties(
            parties_for(contest, "33")
                .into_iter()
                .map(|party| PartyList {
                    party,
                    candidates: candidates(per_party),
                })
                .collect(),
        ),
    }
}

pub fn election() -> Election {
    let desa = (1..=DESA)
        .map(|d| {
            let code = DesaCode::parse(&format!("330321{:04}", 2000 + d)).unwrap();
            Desa {
                tps: (1..=TPS_PER_DESA)
                    .map(|n| Tps {
                        code: code.tps(n).unwrap(),
                        dpt_l: 120 + u32::from(n),
                        dpt_p: 125,
                    })
                    .collect(),
                name: format!("Desa {d}"),
                code,
            }
        })
        .collect();
    Election {
        kecamatan: Kecamatan {
            provinsi: ProvinsiCode::parse("33").unwrap(),
            provinsi_name: "Jawa Tengah".into(),
            kabupaten: KabupatenCode::parse("3303").unwrap(),
            kabupaten_name: "Purbalingga".into(),
            code: KecamatanCode::parse("330321").unwrap(),
            name: "Kecamatan Besar".into(),
            desa,
        },
        ballots: vec![
            Ballot::ppwp_2024(),
            party_ballot(Contest::Dpr, 8),
            Ballot {
                contest: Contest::Dpd,
                dapil: None,
                items: BallotItems::Candidates(candidates(20)),
            },
            party_ballot(Contest::DprdProv, 10),
            party_ballot(Contest::DprdKab, 10),
        ],
        members: vec![Member {
            name: "Ketua PPK".into(),
            role: "Ketua".into(),
        }],
        saksi: vec![],
    }
}

/// The generated workspace, cached between benchmark runs (it takes a while to build).
pub fn workspace() -> PathBuf {
    let dir = std::env::var_os("PLENO_BENCH_DIR").map_or_else(
        || std::env::temp_dir().join("pleno-bench-kecamatan-1500-v3"),
        PathBuf::from,
    );
    if dir.join("done").exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let started = std::time::Instant::now();
    let entries = generate(&dir);
    std::fs::write(dir.join("done"), b"").unwrap();
    eprintln!(
        "generated {entries} entries in {:.1} s at {}",
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    dir
}

fn generate(dir: &Path) -> usize {
    let e = election();
    let mut setup = Setup::new(e.clone(), Actor::new("generator")).unwrap();
    setup.max_panels = 4;
    let mut store = Store::create(dir, &setup).unwrap();
    let actor = Actor::with_role("Operator", "Sekretariat PPK");
    let mut seed = 0x2024u64;
    let mut total = 0;
    for desa in &e.kecamatan.desa {
        let mut batch = Vec::new();
        for t in &desa.tps {
            for contest in Contest::ALL {
                for key in store.catalogue(contest).unwrap().keys().collect::<Vec<_>>() {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    batch.push(NewEntry::clerk(
                        &t.code,
                        contest,
                        key,
                        ((seed >> 33) % 300) as u32,
                    ));
                }
            }
        }
        total += batch.len();
        store.add_entries(&actor, None, &batch).unwrap();
    }
    drop(store);
    let _ = Store::open(dir, Mode::ReadOnly).unwrap();
    total
}

/// An empty workspace of the same kecamatan (no figures) in `parent`, closed.
pub fn empty_workspace(parent: &Path) -> PathBuf {
    let dir = parent.join("empty");
    let setup = Setup::new(election(), Actor::new("generator")).unwrap();
    drop(Store::create(&dir, &setup).unwrap());
    dir
}

/// A copy of a closed workspace in `dest`, opened read-write.
pub fn copy_workspace(src: &Path, dest: &Path) -> Store {
    std::fs::create_dir_all(dest.join("blobs")).unwrap();
    std::fs::copy(src.join("pleno.db"), dest.join("pleno.db")).unwrap();
    Store::open(dest, Mode::ReadWrite).unwrap()
}

/// Typed figures for every form of the first `tps` TPS (all five contests), as the app
/// imports a hasil.xlsx: source `import`, one reason for all.
pub fn import_batch(dir: &Path, tps: usize) -> Vec<NewEntry> {
    let store = Store::open(dir, Mode::ReadOnly).unwrap();
    let e = election();
    let mut seed = 0x600u64;
    let mut batch = Vec::new();
    for (_, t) in e.kecamatan.all_tps().take(tps) {
        for contest in Contest::ALL {
            for key in store.catalogue(contest).unwrap().keys() {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                batch.push(
                    NewEntry::new(
                        &t.code,
                        contest,
                        key,
                        ((seed >> 33) % 300) as u32,
                        Source::Import,
                    )
                    .with_reason("impor angka C.Hasil dari berkas hasil.xlsx"),
                );
            }
        }
    }
    batch
}
