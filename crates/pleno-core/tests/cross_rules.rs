//! Rules across the five forms of a TPS (X1–X6) and across levels (L1, L2, L5, L6).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use pleno_core::consistent::Turnout;
use pleno_core::recap::Totals;
use pleno_core::reference::{Desa, Kecamatan, Tps};
use pleno_core::rules::level::{Reported, check_codes, check_expected_tps, check_sum};
use pleno_core::rules::tps::check_tps;
use pleno_core::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode, TpsCode};
use pleno_core::{Ballot, Catalogue, Col, Contest, FieldKey, FormValues, RuleId, VoterRow};

fn five_forms(edit: impl Fn(Contest, &mut Turnout) -> u32) -> Vec<(Catalogue, FormValues)> {
    Contest::ALL
        .into_iter()
        .map(|c| {
            let mut t = common::turnout();
            let invalid = edit(c, &mut t);
            common::form(c, &t, invalid)
        })
        .collect()
}

fn findings(forms: &[(Catalogue, FormValues)]) -> Vec<pleno_core::Finding> {
    let refs: Vec<(&Catalogue, &FormValues)> = forms.iter().map(|(c, v)| (c, v)).collect();
    check_tps(Some("3303212001001"), &refs)
}

fn rules_of(f: &[pleno_core::Finding]) -> Vec<RuleId> {
    let mut r: Vec<RuleId> = f.iter().map(|x| x.rule).collect();
    r.sort();
    r.dedup();
    r
}

#[test]
fn five_consistent_forms_pass() {
    let forms = five_forms(|c, _| if c == Contest::Ppwp { 3 } else { 8 });
    assert_eq!(findings(&forms), vec![]);
}

#[test]
fn x1_dpt_differs_between_forms() {
    let forms = five_forms(|c, t| {
        if c == Contest::Dpd {
            t.dpt_p += 1;
        }
        5
    });
    let f = findings(&forms);
    assert_eq!(rules_of(&f), vec![RuleId::X1]);
    let x1 = f
        .iter()
        .find(|x| x.involves(Contest::Dpd, FieldKey::Voter(VoterRow::Dpt, Col::P)))
        .unwrap();
    assert_eq!((x1.actual, x1.expected), (Some(121), Some(120)));
    assert!(x1.text_id.contains("DPD I.A (P)"), "{}", x1.text_id);
    assert_eq!(x1.place.as_deref(), Some("3303212001001"));
}

#[test]
fn x2_dpk_turnout_differs() {
    let forms = five_forms(|c, t| {
        if c == Contest::DprdKab {
            t.dpk_l += 1;
            t.dptb_l -= 1;
        }
        5
    });
    assert_eq!(rules_of(&findings(&forms)), vec![RuleId::X2]);
}

#[test]
fn x3_dptb_more_for_dpr_than_dpd() {
    let forms = five_forms(|c, t| {
        if c == Contest::Dpr {
            t.dptb_p += 2;
        }
        5
    });
    let f = findings(&forms);
    assert!(rules_of(&f).contains(&RuleId::X3));
    assert!(rules_of(&f).contains(&RuleId::X4));
}

#[test]
fn x4_turnout_more_for_dprd_than_ppwp() {
    let forms = five_forms(|c, t| {
        if c == Contest::Ppwp || c == Contest::Dpd {
            t.dptb_l -= 2;
        }
        5
    });
    let f = findings(&forms);
    assert!(f.iter().any(|x| x.rule == RuleId::X4
        && x.involves(
            Contest::DprdProv,
            FieldKey::Voter(VoterRow::PenggunaTotal, Col::J)
        )));
}

#[test]
fn x5_used_ballots_per_contest() {
    let mut forms = five_forms(|_, _| 5);
    forms[2].1.set(FieldKey::SuratDigunakan, 190);
    let f = findings(&forms);
    let x5 = f.iter().find(|x| x.rule == RuleId::X5).unwrap();
    assert!(x5.involves(Contest::Dpd, FieldKey::SuratDigunakan));
    assert!(x5.is_error());
}

#[test]
fn x6_ppwp_invalid_rate_far_above_legislative() {
    let forms = five_forms(|c, _| if c == Contest::Ppwp { 40 } else { 4 });
    let f = findings(&forms);
    assert_eq!(rules_of(&f), vec![RuleId::X6]);
    assert_eq!(f.len(), 4, "one per legislative form");
}

#[test]
fn only_present_forms_are_compared() {
    let forms: Vec<(Catalogue, FormValues)> =
        vec![common::form(Contest::Ppwp, &common::turnout(), 3)];
    assert_eq!(findings(&forms), vec![]);
}

fn kecamatan() -> Kecamatan {
    let desa = |n: u16, tps: u16| {
        let code = DesaCode::parse(&format!("330321{:04}", 2000 + n)).unwrap();
        Desa {
            tps: (1..=tps)
                .map(|t| Tps {
                    code: code.tps(t).unwrap(),
                    dpt_l: 100,
                    dpt_p: 100,
                })
                .collect(),
            name: format!("Desa {n}"),
            code,
        }
    };
    Kecamatan {
        provinsi: ProvinsiCode::parse("33").unwrap(),
        provinsi_name: "JAWA TENGAH".into(),
        kabupaten: KabupatenCode::parse("3303").unwrap(),
        kabupaten_name: "PURBALINGGA".into(),
        code: KecamatanCode::parse("330321").unwrap(),
        name: "SUKAMULYA".into(),
        desa: vec![desa(1, 2), desa(2, 3)],
    }
}

#[test]
fn l2_bangka_selatan_02_total_does_not_add_up() {
    // Kabupaten Bangka Selatan PPWP 2024 (docs/domain.md §6.3 G): the 02 column was reported as
    // 88,719 while its eight kecamatan sum to 88,692.
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let rows: [(&str, [u64; 3]); 8] = [
        ("Toboali", [7_531, 33_944, 6_900]),
        ("Air Gegas", [4_517, 19_212, 3_526]),
        ("Simpang Rimba", [2_699, 10_225, 2_198]),
        ("Payung", [2_419, 9_882, 1_531]),
        ("Tukak Sadai", [1_513, 5_725, 1_056]),
        ("Lepar", [813, 3_831, 441]),
        ("Pulau Besar", [750, 4_213, 1_349]),
        ("Kepulauan Pongok", [402, 1_660, 533]),
    ];
    let totals: Vec<Totals> = rows
        .iter()
        .map(|(_, v)| {
            (1..=3u8)
                .map(|n| (FieldKey::Paslon(n), v[usize::from(n) - 1]))
                .collect()
        })
        .collect();
    let children: Vec<Reported<'_>> = rows
        .iter()
        .zip(&totals)
        .map(|((name, _), t)| Reported {
            code: name,
            name,
            totals: t,
        })
        .collect();
    let reported: Totals = [
        (FieldKey::Paslon(1), 20_644),
        (FieldKey::Paslon(2), 88_719),
        (FieldKey::Paslon(3), 17_534),
    ]
    .into_iter()
    .collect();
    let parent = Reported {
        code: "1903",
        name: "Kab. Bangka Selatan",
        totals: &reported,
    };
    let f = check_sum(RuleId::L2, &cat, &parent, &children);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].actual, f[0].expected), (Some(88_719), Some(88_692)));
    assert!(
        f[0].text_id.contains("88.719") && f[0].text_id.contains("88.692"),
        "{}",
        f[0].text_id
    );
}

#[test]
fn l1_desa_column_equal_to_its_tps_passes() {
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let a: Totals = [(FieldKey::Paslon(1), 10)].into_iter().collect();
    let b: Totals = [(FieldKey::Paslon(1), 5)].into_iter().collect();
    let mut sum = a.clone();
    sum.add(&b);
    let kids = [
        Reported {
            code: "1",
            name: "TPS 001",
            totals: &a,
        },
        Reported {
            code: "2",
            name: "TPS 002",
            totals: &b,
        },
    ];
    let parent = Reported {
        code: "d",
        name: "Desa",
        totals: &sum,
    };
    assert!(check_sum(RuleId::L1, &cat, &parent, &kids).is_empty());
    let mut wrong = sum.clone();
    wrong.set(FieldKey::Paslon(1), 16);
    let parent = Reported {
        code: "d",
        name: "Desa",
        totals: &wrong,
    };
    assert_eq!(
        check_sum(RuleId::L1, &cat, &parent, &kids)[0].rule,
        RuleId::L1
    );
}

#[test]
fn l5_missing_duplicate_and_unknown_tps() {
    let kec = kecamatan();
    let all: Vec<TpsCode> = kec.all_tps().map(|(_, t)| t.code.clone()).collect();
    let mut present: Vec<(TpsCode, Contest)> =
        all.iter().map(|t| (t.clone(), Contest::Ppwp)).collect();
    assert!(check_expected_tps(&kec, &[Contest::Ppwp], &present).is_empty());
    present.remove(1);
    present.push((all[0].clone(), Contest::Ppwp));
    present.push((TpsCode::parse("3303212009001").unwrap(), Contest::Ppwp));
    let f = check_expected_tps(&kec, &[Contest::Ppwp], &present);
    assert_eq!(f.len(), 3, "{f:#?}");
    assert!(f.iter().all(|x| x.rule == RuleId::L5));
    assert!(
        f.iter()
            .any(|x| x.text_id.contains("belum memiliki formulir PPWP"))
    );
    assert!(f.iter().any(|x| x.text_id.contains("memiliki 2 formulir")));
    assert!(
        f.iter()
            .any(|x| x.text_id.contains("tidak ada dalam daftar"))
    );
}

#[test]
fn l6_codes_must_nest() {
    let mut kec = kecamatan();
    assert!(check_codes(&kec).is_empty());
    kec.desa[1].code = DesaCode::parse("3303222002").unwrap();
    let dup = kec.desa[0].tps[0].clone();
    kec.desa[0].tps.push(dup);
    let f = check_codes(&kec);
    assert!(f.iter().all(|x| x.rule == RuleId::L6));
    assert!(
        f.iter()
            .any(|x| x.text_id.contains("bukan bagian dari kecamatan 330321")),
        "{f:#?}"
    );
    assert!(f.iter().any(|x| x.text_id.contains("muncul dua kali")));
    // The TPS of the moved desa no longer lie in it either.
    assert!(
        f.iter()
            .any(|x| x.text_id.contains("tidak berada di desa Desa 2"))
    );
}

#[test]
fn x1_flags_only_the_form_that_differs_from_the_others() {
    let forms = five_forms(|c, t| {
        if c == Contest::Ppwp {
            t.dpt_l += 1;
        }
        5
    });
    let f = findings(&forms);
    assert!(!f.is_empty());
    // PPWP is the odd one: the other four agree, so every X1 finding is about PPWP.
    assert!(
        f.iter()
            .filter(|x| x.rule == RuleId::X1)
            .all(|x| x.contest == Some(Contest::Ppwp)),
        "{f:#?}"
    );
}
