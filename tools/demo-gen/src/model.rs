//! The demo kecamatan: a fictional Kecamatan Sukamaju in Kabupaten Purbalingga (33.03.19),
//! 15 desa, 120 TPS, real 2024 pairs and parties, invented candidates, consistent results from
//! a fixed seed — plus planted cases that reproduce the 2024 failures.

use std::collections::BTreeMap;

use pleno_core::ballot::{Ballot, BallotItems, Candidate, Dapil, Gender, PartyList, parties_for};
use pleno_core::consistent::{Turnout, build_form};
use pleno_core::reference::{Desa, Election, Kecamatan, Member, Saksi, Tps};
use pleno_core::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode, TpsCode};
use pleno_core::{Catalogue, Col, Contest, FieldKey, FormValues, VoterRow};

use crate::names::{DESA, person};
use crate::rng::Rng;

// The date of the 2024 vote, written as a number.
#[allow(clippy::inconsistent_digit_grouping)]
pub const SEED: u64 = 2024_02_14;

/// A planted case, listed in the workbook's `catatan` sheet.
pub struct Plant {
    pub tps: TpsCode,
    pub contest: Contest,
    pub case: &'static str,
    pub note: String,
}

pub struct Demo {
    pub election: Election,
    /// Figures as typed into hasil.xlsx (planted misreads included), in TPS order.
    pub forms: Vec<(TpsCode, Contest, FormValues)>,
    /// Forms the demo photographs instead of importing, with the photo style.
    pub photographed: Vec<(TpsCode, Contest, &'static str)>,
    pub plants: Vec<Plant>,
}

/// DPR/DPRD vote weights by party number (Jawa Tengah-like shares).
fn party_weight(nomor: u8) -> f64 {
    match nomor {
        1 => 12.0,
        2 => 15.0,
        3 => 27.0,
        4 => 13.0,
        5 => 5.0,
        8 => 6.0,
        12 | 14 | 17 => 4.0,
        15 => 2.5,
        16 => 2.0,
        6 | 7 | 10 => 1.0,
        24 => 0.7,
        9 | 13 => 0.5,
        _ => 0.3,
    }
}

fn party_lists(rng: &mut Rng, contest: Contest, seats: u8) -> Vec<PartyList> {
    parties_for(contest, "33")
        .into_iter()
        .map(|party| {
            let n = if party_weight(party.nomor) >= 4.0 {
                seats
            } else {
                rng.range(3, u32::from(seats)) as u8
            };
            // At least one woman in every three candidates, as the 2024 lists had to.
            let candidates = (1..=n)
                .map(|nomor| {
                    let female = nomor % 3 == 2 || rng.unit() < 0.15;
                    Candidate {
                        nomor,
                        name: person(rng, female),
                        gender: Some(if female { Gender::P } else { Gender::L }),
                    }
                })
                .collect();
            PartyList { party, candidates }
        })
        .collect()
}

fn election(rng: &mut Rng) -> Election {
    let kec_code = KecamatanCode::parse("330319").unwrap_or_else(|_| unreachable!());
    let desa = DESA
        .iter()
        .enumerate()
        .map(|(i, (name, tps))| {
            let code =
                DesaCode::parse(&format!("330319{}", 2001 + i)).unwrap_or_else(|_| unreachable!());
            let tps = (1..=*tps)
                .map(|n| Tps {
                    code: code.tps(n).unwrap_or_else(|_| unreachable!()),
                    dpt_l: rng.range(75, 150),
                    dpt_p: rng.range(75, 150),
                })
                .collect();
            Desa {
                code,
                name: (*name).to_string(),
                tps,
            }
        })
        .collect();
    let kecamatan = Kecamatan {
        provinsi: ProvinsiCode::parse("33").unwrap_or_else(|_| unreachable!()),
        provinsi_name: "JAWA TENGAH".into(),
        kabupaten: KabupatenCode::parse("3303").unwrap_or_else(|_| unreachable!()),
        kabupaten_name: "PURBALINGGA".into(),
        code: kec_code,
        name: "SUKAMAJU".into(),
        desa,
    };
    let dapil = |code: &str, name: &str| {
        Some(Dapil {
            code: code.into(),
            name: name.into(),
        })
    };
    let mut dpd: Vec<Candidate> = (0..20)
        .map(|_| {
            let female = rng.unit() < 0.3;
            Candidate {
                nomor: 0,
                name: person(rng, female),
                gender: Some(if female { Gender::P } else { Gender::L }),
            }
        })
        .collect();
    // DPD ballots list candidates alphabetically.
    dpd.sort_by(|a, b| a.name.cmp(&b.name));
    for (i, c) in dpd.iter_mut().enumerate() {
        c.nomor = i as u8 + 1;
    }
    let ballots = vec![
        Ballot::ppwp_2024(),
        Ballot {
            contest: Contest::Dpr,
            dapil: dapil("3307", "JAWA TENGAH VII"),
            items: BallotItems::Parties(party_lists(rng, Contest::Dpr, 8)),
        },
        Ballot {
            contest: Contest::Dpd,
            dapil: None,
            items: BallotItems::Candidates(dpd),
        },
        Ballot {
            contest: Contest::DprdProv,
            dapil: dapil("3308", "JAWA TENGAH 8"),
            items: BallotItems::Parties(party_lists(rng, Contest::DprdProv, 10)),
        },
        Ballot {
            contest: Contest::DprdKab,
            dapil: dapil("330303", "PURBALINGGA 3"),
            items: BallotItems::Parties(party_lists(rng, Contest::DprdKab, 9)),
        },
    ];
    let members = ["Ketua", "Anggota", "Anggota", "Anggota", "Anggota"]
        .iter()
        .enumerate()
        .map(|(i, role)| Member {
            name: person(rng, i % 2 == 1),
            role: (*role).to_string(),
        })
        .collect();
    let mut saksi = Vec::new();
    for b in &ballots {
        for (nomor, _) in b.participants() {
            // Not every participant sends a saksi to the kecamatan plenary.
            if b.contest == Contest::Ppwp || rng.unit() < 0.55 {
                let female = rng.unit() < 0.3;
                saksi.push(Saksi {
                    contest: b.contest,
                    participant: nomor,
                    name: person(rng, female),
                });
            }
        }
    }
    Election {
        kecamatan,
        ballots,
        members,
        saksi,
    }
}

fn turnout(rng: &mut Rng, tps: &Tps) -> Turnout {
    let used = |dpt: u32, rng: &mut Rng| (f64::from(dpt) * (0.72 + 0.18 * rng.unit())) as u32;
    let dpt_used_l = used(tps.dpt_l, rng);
    let dpt_used_p = used(tps.dpt_p, rng);
    Turnout {
        dpt_l: tps.dpt_l,
        dpt_p: tps.dpt_p,
        dpt_used_l,
        dpt_used_p,
        dptb_l: rng.range(0, 3),
        dptb_p: rng.range(0, 3),
        dpk_l: rng.range(0, 2),
        dpk_p: rng.range(0, 2),
        disabled_l: rng.range(0, 2),
        disabled_p: rng.range(0, 2),
        spoiled: rng.range(0, 3),
    }
}

/// The independent result rows of `cat` for `valid` votes.
fn votes(rng: &mut Rng, cat: &Catalogue, ballot: &Ballot, valid: u32) -> BTreeMap<FieldKey, u32> {
    let mut out = BTreeMap::new();
    match &ballot.items {
        BallotItems::Pairs(_) => {
            for (n, v) in (1u8..).zip(rng.split(valid, &[0.14, 0.56, 0.30], 0.25)) {
                out.insert(FieldKey::Paslon(n), v);
            }
        }
        BallotItems::Candidates(c) => {
            let w: Vec<f64> = c
                .iter()
                .map(|x| 0.5 + 5.5 * ((u64::from(x.nomor) * 7919 % 13) as f64 / 12.0))
                .collect();
            for (cand, v) in c.iter().zip(rng.split(valid, &w, 0.4)) {
                out.insert(FieldKey::DpdCandidate(cand.nomor), v);
            }
        }
        BallotItems::Parties(lists) => {
            let w: Vec<f64> = lists.iter().map(|l| party_weight(l.party.nomor)).collect();
            for (list, party_votes) in lists.iter().zip(rng.split(valid, &w, 0.5)) {
                let p = list.party.nomor;
                let mut cw = vec![1.2];
                cw.extend(list.candidates.iter().map(|c| match c.nomor {
                    1 => 1.4,
                    2 => 0.8,
                    _ => 0.3,
                }));
                let parts = rng.split(party_votes, &cw, 0.6);
                out.insert(FieldKey::PartyVotes(p), parts[0]);
                for (c, v) in list.candidates.iter().zip(&parts[1..]) {
                    out.insert(FieldKey::CandidateVotes(p, c.nomor), *v);
                }
            }
        }
    }
    debug_assert!(out.keys().all(|k| cat.contains(*k)));
    out
}

fn invalid_share(contest: Contest) -> (f64, f64) {
    match contest {
        Contest::Ppwp => (0.01, 0.03),
        Contest::Dpd => (0.06, 0.12),
        _ => (0.04, 0.09),
    }
}

fn tps_in(e: &Election, desa: usize, nomor: usize) -> TpsCode {
    e.kecamatan.desa[desa - 1].tps[nomor - 1].code.clone()
}

/// Builds the whole demo. Deterministic for `SEED`.
pub fn build() -> anyhow::Result<Demo> {
    let mut rng = Rng::new(SEED);
    let mut election = election(&mut rng);
    // The two PPWP cases need room for ~210 voters: give their TPS a large DPT.
    for (desa, nomor) in [(3, 4), (5, 2)] {
        let tps = &mut election.kecamatan.desa[desa - 1].tps[nomor - 1];
        tps.dpt_l = 128;
        tps.dpt_p = 131;
    }
    let election = election;
    let cats: Vec<(Contest, Catalogue, &Ballot)> = election
        .ballots
        .iter()
        .map(|b| (b.contest, Catalogue::new(b), b))
        .collect();

    let kalibaru = tps_in(&election, 3, 4);
    let cianjur = tps_in(&election, 5, 2);
    let recount_dpr = tps_in(&election, 7, 6);
    let cilegon = tps_in(&election, 9, 1);
    let dpd_eight = tps_in(&election, 11, 3);
    let x1 = tps_in(&election, 12, 5);
    let missing = tps_in(&election, 15, 9);
    let photo_recount = tps_in(&election, 1, 7);

    let mut forms = Vec::new();
    let mut plants = Vec::new();
    for (_, tps) in election.kecamatan.all_tps() {
        let mut t = turnout(&mut rng, tps);
        if tps.code == kalibaru {
            fit_voters(&mut t, 32 + 152 + 19 + 3);
        }
        if tps.code == cianjur {
            fit_voters(&mut t, 112 + 84 + 17 + 3);
        }
        for (contest, cat, ballot) in &cats {
            let (lo, hi) = invalid_share(*contest);
            let invalid = (f64::from(t.voters()) * (lo + (hi - lo) * rng.unit())).round() as u32;
            let mut v = votes(&mut rng, cat, ballot, t.voters() - invalid);
            // Planted truths: the exact 2024 figures where a case needs them.
            if *contest == Contest::Ppwp && tps.code == kalibaru {
                v = fixed_pairs(&t, [32, 152, 19]);
            }
            if *contest == Contest::Ppwp && tps.code == cianjur {
                v = fixed_pairs(&t, [112, 84, 17]);
            }
            if *contest == Contest::Dpr && tps.code == cilegon {
                let moved: u32 = v
                    .iter_mut()
                    .filter(|(k, _)| {
                        matches!(
                            k,
                            FieldKey::PartyVotes(15) | FieldKey::CandidateVotes(15, _)
                        )
                    })
                    .map(|(_, x)| std::mem::take(x))
                    .sum();
                v.insert(FieldKey::PartyVotes(15), 0);
                v.insert(FieldKey::CandidateVotes(15, 2), 1);
                *v.entry(FieldKey::PartyVotes(3)).or_insert(0) += moved.saturating_sub(1);
            }
            let mut values = build_form(cat, &t, &v)?;
            match (*contest, &tps.code) {
                (Contest::Ppwp, c) if *c == kalibaru => {
                    values.set(FieldKey::Paslon(2), 652);
                    plants.push(Plant {
                        tps: c.clone(),
                        contest: *contest,
                        case: "salah-baca-angka-depan",
                        note: "02 tertulis 152 di C.Hasil, diketik 652 (seperti Kalibaru TPS 026, 2024)".into(),
                    });
                }
                (Contest::Ppwp, c) if *c == cianjur => {
                    values.set(FieldKey::Paslon(1), 222);
                    values.set(FieldKey::Paslon(2), 884);
                    values.set(FieldKey::Paslon(3), 817);
                    plants.push(Plant {
                        tps: c.clone(),
                        contest: *contest,
                        case: "salah-baca-tiga-angka",
                        note:
                            "C.Hasil 112/84/17 diketik 222/884/817 (seperti Cianjur TPS 094, 2024)"
                                .into(),
                    });
                }
                (Contest::Dpr, c) if *c == recount_dpr => {
                    bump(&mut values, FieldKey::SuaraTidakSah, 4);
                    bump(&mut values, FieldKey::SuaraTotal, 4);
                    plants.push(Plant {
                        tps: c.clone(),
                        contest: *contest,
                        case: "sah-tidak-sah-tidak-sama-pengguna",
                        note: "V.C = V.A + V.B tetapi tidak sama dengan pengguna hak pilih: perlu penghitungan ulang".into(),
                    });
                }
                (Contest::Dpr, c) if *c == cilegon => {
                    values.set(FieldKey::PartyVotes(15), 50);
                    plants.push(Plant {
                        tps: c.clone(),
                        contest: *contest,
                        case: "suara-partai-menggelembung",
                        note: "suara partai PSI 0 diketik 50 (seperti Cilegon, Bulakan, 2024)"
                            .into(),
                    });
                }
                (Contest::Dpd, c) if *c == dpd_eight => {
                    let key = (1..=20u8)
                        .map(FieldKey::DpdCandidate)
                        .find(|k| values.get(*k).is_some_and(|x| (10..100).contains(&x)))
                        .unwrap_or(FieldKey::DpdCandidate(1));
                    let truth = values.get(key).unwrap_or(0);
                    values.set(key, 800 + truth);
                    plants.push(Plant {
                        tps: c.clone(),
                        contest: *contest,
                        case: "kotak-kosong-terbaca-8",
                        note: format!(
                            "{key}: {truth} diketik {} (kotak depan kosong terbaca 8)",
                            800 + truth
                        ),
                    });
                }
                (Contest::DprdKab, c) if *c == x1 => {
                    bump(&mut values, FieldKey::Voter(VoterRow::Dpt, Col::L), 2);
                    bump(&mut values, FieldKey::Voter(VoterRow::Dpt, Col::J), 2);
                    plants.push(Plant {
                        tps: c.clone(),
                        contest: *contest,
                        case: "dpt-berbeda-antar-jenis",
                        note:
                            "DPT laki-laki formulir DPRD Kab/Kota 2 lebih banyak dari formulir lain"
                                .into(),
                    });
                }
                (Contest::Ppwp, c) if *c == photo_recount => {
                    bump(&mut values, FieldKey::SuaraTidakSah, 3);
                    bump(&mut values, FieldKey::SuaraTotal, 3);
                    plants.push(Plant {
                        tps: c.clone(),
                        contest: *contest,
                        case: "foto-sah-tidak-sah-tidak-sama-pengguna",
                        note: "ditulis KPPS pada C.Hasil (foto): suara tidak sah 3 terlalu banyak; perlu penghitungan ulang".into(),
                    });
                }
                _ => {}
            }
            if tps.code == missing && matches!(contest, Contest::DprdProv | Contest::DprdKab) {
                continue;
            }
            forms.push((tps.code.clone(), *contest, values));
        }
    }
    plants.push(Plant {
        tps: missing.clone(),
        contest: Contest::DprdProv,
        case: "formulir-belum-ada",
        note: "formulir DPRD Provinsi dan DPRD Kab/Kota TPS ini belum diterima".into(),
    });

    let mut photographed = Vec::new();
    let styles = ["phone", "clean", "phone", "poor", "phone"];
    for n in 1..=10 {
        photographed.push((
            tps_in(&election, 1, n),
            Contest::Ppwp,
            styles[n % styles.len()],
        ));
    }
    for n in 1..=2 {
        photographed.push((tps_in(&election, 2, n), Contest::Dpd, "phone"));
    }
    Ok(Demo {
        election,
        forms,
        photographed,
        plants,
    })
}

fn bump(values: &mut FormValues, key: FieldKey, by: u32) {
    let v = values.get(key).unwrap_or(0);
    values.set(key, v + by);
}

/// Pair votes fixed to a 2024 case; the rest of the turnout is invalid votes.
fn fixed_pairs(t: &Turnout, pairs: [u32; 3]) -> BTreeMap<FieldKey, u32> {
    debug_assert!(pairs.iter().sum::<u32>() <= t.voters());
    (1u8..)
        .zip(pairs)
        .map(|(n, v)| (FieldKey::Paslon(n), v))
        .collect()
}

/// Sets the DPT turnout so that exactly `voters` people voted.
fn fit_voters(t: &mut Turnout, voters: u32) {
    let other = t.dptb_l + t.dptb_p + t.dpk_l + t.dpk_p;
    let dpt_voters = voters - other;
    t.dpt_used_l = (dpt_voters / 2).min(t.dpt_l);
    t.dpt_used_p = dpt_voters - t.dpt_used_l;
}

/// The demo cut down to its first desa and two TPS, for the file templates.
pub fn sample(demo: &Demo) -> Demo {
    let mut election = demo.election.clone();
    election.kecamatan.desa.truncate(1);
    election.kecamatan.desa[0].tps.truncate(2);
    let keep: Vec<TpsCode> = election
        .kecamatan
        .all_tps()
        .map(|(_, t)| t.code.clone())
        .collect();
    Demo {
        forms: demo
            .forms
            .iter()
            .filter(|(t, _, _)| keep.contains(t))
            .cloned()
            .collect(),
        photographed: Vec::new(),
        plants: Vec::new(),
        election,
    }
}
