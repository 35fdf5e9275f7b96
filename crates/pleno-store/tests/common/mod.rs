//! Shared fixture: a small kecamatan (2 desa × 3 TPS) with PPWP, DPR (2 parties × 2 candidates)
//! and DPD (3 candidates), two PPK members and one saksi.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // shared test fixtures

use std::path::Path;

use pleno_core::reference::{Desa, Election, Kecamatan, Member, Saksi, Tps};
use pleno_core::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode, TpsCode};
use pleno_core::{Ballot, BallotItems, Candidate, Catalogue, Contest, Party, PartyList};
use pleno_store::{Actor, NewEntry, Setup, Store};

pub fn election() -> Election {
    let desa = |code: &str, name: &str| {
        let code = DesaCode::parse(code).unwrap();
        Desa {
            tps: (1..=3)
                .map(|n| Tps {
                    code: code.tps(n).unwrap(),
                    dpt_l: 100 + u32::from(n),
                    dpt_p: 110,
                })
                .collect(),
            code,
            name: name.to_string(),
        }
    };
    let cand = |n: u8| Candidate {
        nomor: n,
        name: format!("Calon {n}"),
        gender: None,
    };
    let party = |n: u8| PartyList {
        party: Party {
            nomor: n,
            name: format!("Partai {n}"),
            short: format!("P{n}"),
        },
        candidates: vec![cand(1), cand(2)],
    };
    Election {
        kecamatan: Kecamatan {
            provinsi: ProvinsiCode::parse("33").unwrap(),
            provinsi_name: "Jawa Tengah".into(),
            kabupaten: KabupatenCode::parse("3303").unwrap(),
            kabupaten_name: "Purbalingga".into(),
            code: KecamatanCode::parse("330321").unwrap(),
            name: "Contoh".into(),
            desa: vec![
                desa("3303212001", "Desa Satu"),
                desa("3303212002", "Desa Dua"),
            ],
        },
        ballots: vec![
            Ballot::ppwp_2024(),
            Ballot {
                contest: Contest::Dpr,
                dapil: Some(pleno_core::Dapil {
                    code: "JT8".into(),
                    name: "Jawa Tengah VIII".into(),
                }),
                items: BallotItems::Parties(vec![party(1), party(2)]),
            },
            Ballot {
                contest: Contest::Dpd,
                dapil: None,
                items: BallotItems::Candidates(vec![cand(1), cand(2), cand(3)]),
            },
        ],
        members: vec![
            Member {
                name: "Siti Aminah".into(),
                role: "Ketua".into(),
            },
            Member {
                name: "Budi Santoso".into(),
                role: "Anggota".into(),
            },
        ],
        saksi: vec![Saksi {
            contest: Contest::Ppwp,
            participant: 2,
            name: "Agus".into(),
        }],
    }
}

pub fn clerk() -> Actor {
    Actor::with_role("Rina", "Operator")
}

pub fn setup() -> Setup {
    let mut s = Setup::new(election(), Actor::with_role("Siti Aminah", "Ketua PPK")).unwrap();
    s.workspace_id = "0123456789abcdef".into();
    s
}

pub fn create(dir: &Path) -> Store {
    Store::create(dir, &setup()).unwrap()
}

pub fn tps(s: &str) -> TpsCode {
    TpsCode::parse(s).unwrap()
}

/// Entries for every field of a form, value `base + i % 50`.
pub fn full_form(store: &Store, tps: &TpsCode, contest: Contest, base: u32) -> Vec<NewEntry> {
    let cat: &Catalogue = store.catalogue(contest).unwrap();
    cat.keys()
        .enumerate()
        .map(|(i, k)| NewEntry::clerk(tps, contest, k, base + (i as u32 % 50)))
        .collect()
}

pub fn event_count(store: &Store) -> i64 {
    store
        .connection()
        .query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0))
        .unwrap()
}

/// Runs SQL against the workspace file as an outsider would, with the sqlite3 shell when
/// installed (the realistic case), else through a plain SQLite connection.
pub fn sqlite3(dir: &Path, sql: &str) {
    let db = dir.join("pleno.db");
    if Path::new("/usr/bin/sqlite3").exists() {
        let out = std::process::Command::new("/usr/bin/sqlite3")
            .arg(&db)
            .arg(sql)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "sqlite3 failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(sql).unwrap();
    }
}
