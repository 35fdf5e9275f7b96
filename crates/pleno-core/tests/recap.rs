//! Recap aggregation: only agreed forms count, completeness names what is missing, and the
//! D.Hasil table reads like the paper form (snapshot).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use pleno_core::recap::{
    FormRecord, FormState, KecamatanTotals, recap_desa, recap_kabupaten, recap_kecamatan,
};
use pleno_core::reference::{Desa, Kecamatan, Tps};
use pleno_core::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode};
use pleno_core::{Ballot, Catalogue, Contest, FieldKey, FormValues};

fn kecamatan() -> Kecamatan {
    let desa = |n: u16, name: &str, tps: u16| {
        let code = DesaCode::parse(&format!("330321{:04}", 2000 + n)).unwrap();
        Desa {
            tps: (1..=tps)
                .map(|t| Tps {
                    code: code.tps(t).unwrap(),
                    dpt_l: 110,
                    dpt_p: 120,
                })
                .collect(),
            name: name.into(),
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
        desa: vec![desa(1, "KARANGJATI", 2), desa(2, "SIDAREJA", 2)],
    }
}

fn forms(kec: &Kecamatan) -> Vec<(pleno_core::wilayah::TpsCode, FormValues)> {
    kec.all_tps()
        .enumerate()
        .map(|(i, (_, t))| {
            let mut turnout = common::turnout();
            turnout.dpt_used_l -= i as u32;
            let (_, v) = common::form(Contest::Ppwp, &turnout, 2 + i as u32);
            (t.code.clone(), v)
        })
        .collect()
}

#[test]
fn only_agreed_forms_count_and_completeness_names_the_rest() {
    let kec = kecamatan();
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let data = forms(&kec);
    // TPS 1 and 3 agreed, TPS 2 read but not agreed, TPS 4 missing.
    let records: Vec<FormRecord<'_>> = data
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, (tps, values))| FormRecord {
            tps,
            contest: Contest::Ppwp,
            values,
            state: if i == 1 {
                FormState::Unagreed
            } else {
                FormState::Agreed
            },
        })
        .collect();
    let table = recap_kecamatan(&cat, &kec, &records);
    let expected =
        data[0].1.get(FieldKey::Paslon(2)).unwrap() + data[2].1.get(FieldKey::Paslon(2)).unwrap();
    assert_eq!(table.total.value(FieldKey::Paslon(2)), u64::from(expected));
    assert_eq!(table.completeness.expected, 4);
    assert_eq!(table.completeness.agreed, 2);
    assert_eq!(table.completeness.unagreed, vec![data[1].0.clone()]);
    assert_eq!(table.completeness.missing, vec![data[3].0.clone()]);
    assert!(!table.completeness.is_complete());
    // Desa columns sum to the kecamatan total.
    let col_sum: u64 = (0..table.columns.len())
        .map(|c| table.cell(FieldKey::SuaraSah, c))
        .sum();
    assert_eq!(col_sum, table.total.value(FieldKey::SuaraSah));
}

#[test]
fn levels_agree_tps_desa_kecamatan_kabupaten() {
    let kec = kecamatan();
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let data = forms(&kec);
    let records: Vec<FormRecord<'_>> = data
        .iter()
        .map(|(tps, values)| FormRecord {
            tps,
            contest: Contest::Ppwp,
            values,
            state: FormState::Agreed,
        })
        .collect();
    let kec_table = recap_kecamatan(&cat, &kec, &records);
    assert!(kec_table.completeness.is_complete());
    for (i, desa) in kec.desa.iter().enumerate() {
        let lampiran = recap_desa(&cat, desa, &records);
        assert_eq!(lampiran.columns.len(), desa.tps.len());
        assert_eq!(lampiran.total, kec_table.columns[i].totals);
    }
    let kab = recap_kabupaten(
        &cat,
        "3303",
        "PURBALINGGA",
        &[KecamatanTotals {
            code: kec.code.to_string(),
            name: kec.name.clone(),
            totals: kec_table.total.clone(),
            completeness: kec_table.completeness.clone(),
        }],
    );
    assert_eq!(kab.total, kec_table.total);
}

#[test]
fn kecamatan_table_reads_like_the_paper_form() {
    let kec = kecamatan();
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let data = forms(&kec);
    let records: Vec<FormRecord<'_>> = data
        .iter()
        .map(|(tps, values)| FormRecord {
            tps,
            contest: Contest::Ppwp,
            values,
            state: FormState::Agreed,
        })
        .collect();
    insta::assert_snapshot!(recap_kecamatan(&cat, &kec, &records).render_text());
}
