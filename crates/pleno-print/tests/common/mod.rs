//! A synthetic kecamatan for the document tests: `desa` × `tps` TPS, the five contests with
//! realistic ballots, and arithmetically consistent forms (pleno-core `build_form`).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use pleno_core::ballot::{Candidate, Dapil, PartyList, parties_for};
use pleno_core::consistent::{Turnout, build_form};
use pleno_core::recap::{FormRecord, FormState, RecapTable, recap_desa, recap_kecamatan};
use pleno_core::reference::{Desa, Election, Kecamatan, Member, Saksi, Tps};
use pleno_core::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode, TpsCode};
use pleno_core::{Ballot, BallotItems, Catalogue, Contest, FieldKey, FormValues};
use pleno_print::doc::{DocLevel, DocSetup, Paper, Signer};

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }
}

const DESA_NAMES: [&str; 12] = [
    "KARANGANYAR",
    "SUKAMAJU",
    "TEGALREJO KIDUL",
    "MEKARSARI",
    "WONOSARI",
    "SIDOMULYO",
    "PURWODADI",
    "KEDUNGWUNI",
    "BANJARSARI",
    "NGEMPLAK",
    "CIPAYUNG",
    "SUMBERAGUNG",
];

fn party_lists(contest: Contest, per_party: u8) -> Vec<PartyList> {
    parties_for(contest, "33")
        .into_iter()
        .map(|party| PartyList {
            candidates: (1..=per_party)
                .map(|n| Candidate {
                    nomor: n,
                    name: format!(
                        "Calon {} Nomor {n} {}",
                        party.short,
                        ["Siti Aminah", "Budi Santoso", "Dewi Lestari"][usize::from(n) % 3]
                    ),
                    gender: None,
                })
                .collect(),
            party,
        })
        .collect()
}

pub fn election(desa: usize, tps: u16) -> Election {
    let kec = KecamatanCode::parse("330321").unwrap();
    let desa_list = (0..desa)
        .map(|i| {
            let code = DesaCode::parse(&format!("330321{:04}", 2001 + i)).unwrap();
            let base = DESA_NAMES[i % DESA_NAMES.len()];
            let name = if i < DESA_NAMES.len() {
                base.to_string()
            } else {
                format!("{base} {}", i / DESA_NAMES.len() + 1)
            };
            Desa {
                tps: (1..=tps)
                    .map(|n| Tps {
                        code: code.tps(n).unwrap(),
                        dpt_l: 140,
                        dpt_p: 145,
                    })
                    .collect(),
                code,
                name,
            }
        })
        .collect();
    let dapil = |code: &str, name: &str| {
        Some(Dapil {
            code: code.into(),
            name: name.into(),
        })
    };
    let ballots = vec![
        Ballot::ppwp_2024(),
        Ballot {
            contest: Contest::Dpr,
            dapil: dapil("3307", "JAWA TENGAH VII"),
            items: BallotItems::Parties(party_lists(Contest::Dpr, 8)),
        },
        Ballot {
            contest: Contest::Dpd,
            dapil: None,
            items: BallotItems::Candidates(
                (1..=20)
                    .map(|n| Candidate {
                        nomor: n,
                        name: format!("Calon DPD Nomor {n}"),
                        gender: None,
                    })
                    .collect(),
            ),
        },
        Ballot {
            contest: Contest::DprdProv,
            dapil: dapil("3310", "JAWA TENGAH X"),
            items: BallotItems::Parties(party_lists(Contest::DprdProv, 10)),
        },
        Ballot {
            contest: Contest::DprdKab,
            dapil: dapil("330302", "PURBALINGGA 2"),
            items: BallotItems::Parties(party_lists(Contest::DprdKab, 12)),
        },
    ];
    let saksi = vec![
        Saksi {
            contest: Contest::Ppwp,
            participant: 1,
            name: "Ahmad Fauzi".into(),
        },
        Saksi {
            contest: Contest::Ppwp,
            participant: 2,
            name: "Rina Marlina".into(),
        },
        Saksi {
            contest: Contest::Dpr,
            participant: 3,
            name: "Joko Susilo".into(),
        },
    ];
    Election {
        kecamatan: Kecamatan {
            provinsi: ProvinsiCode::parse("33").unwrap(),
            provinsi_name: "JAWA TENGAH".into(),
            kabupaten: KabupatenCode::parse("3303").unwrap(),
            kabupaten_name: "PURBALINGGA".into(),
            code: kec,
            name: "KARANGREJA".into(),
            desa: desa_list,
        },
        ballots,
        members: vec![
            Member {
                name: "Drs. Suparman".into(),
                role: "Ketua".into(),
            },
            Member {
                name: "Sri Wahyuni, S.Pd.".into(),
                role: "Anggota".into(),
            },
            Member {
                name: "Agus Prasetyo".into(),
                role: "Anggota".into(),
            },
            Member {
                name: "Nur Hidayah".into(),
                role: "Anggota".into(),
            },
            Member {
                name: "Bambang Irawan".into(),
                role: "Anggota".into(),
            },
        ],
        saksi,
    }
}

/// Consistent forms for every TPS and contest.
pub fn forms(e: &Election, seed: u64) -> Vec<(TpsCode, Contest, FormValues)> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for (_, tps) in e.kecamatan.all_tps() {
        let t = Turnout {
            dpt_l: tps.dpt_l,
            dpt_p: tps.dpt_p,
            dpt_used_l: 95 + rng.below(30),
            dpt_used_p: 100 + rng.below(30),
            dptb_l: rng.below(4),
            dptb_p: rng.below(4),
            dpk_l: rng.below(3),
            dpk_p: rng.below(3),
            disabled_l: rng.below(2),
            disabled_p: rng.below(2),
            spoiled: rng.below(3),
        };
        for b in &e.ballots {
            let cat = Catalogue::new(b);
            let results: Vec<FieldKey> = cat
                .keys()
                .filter(|k| k.is_result() && !matches!(k, FieldKey::PartyTotal(_)))
                .collect();
            let mut budget = t.voters() - 3 - rng.below(5);
            let mut votes = BTreeMap::new();
            for (i, k) in results.iter().enumerate() {
                let share = if i + 1 == results.len() {
                    budget
                } else {
                    rng.below(budget / 3 + 1).min(budget)
                };
                budget -= share;
                votes.insert(*k, share);
            }
            out.push((
                tps.code.clone(),
                b.contest,
                build_form(&cat, &t, &votes).unwrap(),
            ));
        }
    }
    out
}

pub struct Recap {
    pub kecamatan: RecapTable,
    pub lampiran: Vec<RecapTable>,
}

/// The recap of one contest with every form agreed except the TPS in `unagreed`.
pub fn recap(
    e: &Election,
    forms: &[(TpsCode, Contest, FormValues)],
    contest: Contest,
    unagreed: &[TpsCode],
) -> Recap {
    let records: Vec<FormRecord<'_>> = forms
        .iter()
        .map(|(t, c, v)| FormRecord {
            tps: t,
            contest: *c,
            values: v,
            state: if unagreed.contains(t) {
                FormState::Unagreed
            } else {
                FormState::Agreed
            },
        })
        .collect();
    let cat = Catalogue::new(e.ballot(contest).unwrap());
    Recap {
        kecamatan: recap_kecamatan(&cat, &e.kecamatan, &records),
        lampiran: e
            .kecamatan
            .desa
            .iter()
            .map(|d| recap_desa(&cat, d, &records))
            .collect(),
    }
}

pub fn setup(e: &Election, drill: bool, paper: Paper) -> DocSetup {
    let k = &e.kecamatan;
    DocSetup {
        level: DocLevel::Kecamatan,
        paper,
        provinsi: format!("{} ({})", k.provinsi_name, k.provinsi.dotted()),
        kabupaten: format!("{} ({})", k.kabupaten_name, k.kabupaten.dotted()),
        kecamatan: format!("{} ({})", k.name, k.code.dotted()),
        kecamatan_name: k.name.clone(),
        tempat: "Karangreja".into(),
        tanggal: "2 Maret 2024".into(),
        workspace_id: "a1b2c3d4e5f60718".into(),
        key_fingerprint: Some("5577-DB28-91AC-0F3E".into()),
        audit_head: Some("1234:ab12cd34ef567890".into()),
        printed_at: "02-03-2024 16:05 UTC".into(),
        drill,
        provisional: false,
        ppk: e
            .members
            .iter()
            .map(|m| Signer {
                role: m.role.clone(),
                name: m.name.clone(),
            })
            .collect(),
    }
}

/// Whether poppler-utils are installed; tests that need them print why they skip.
pub fn poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        eprintln!("pdftotext (poppler-utils) tidak terpasang: pemeriksaan PDF dilewati");
    }
    ok
}

pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}
