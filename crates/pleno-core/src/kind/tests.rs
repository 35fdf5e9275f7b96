#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use super::*;
use crate::values::FormValues;

const PILKADA: &str = include_str!("../../../../assets/kinds/pilkada-bupati.json");

fn spec() -> KindSpec {
    serde_json::from_str(PILKADA).unwrap()
}

fn key(s: &str) -> FieldKey {
    s.parse().unwrap()
}

#[test]
fn the_shipped_pilkada_kind_repeats_its_pair_fields_per_participant() {
    let k = ContestKind::from_json(PILKADA).unwrap();
    assert_eq!(k.page_codes(), vec![702]);
    let names: Vec<String> = k
        .page_fields(702)
        .iter()
        .map(|f| f.key.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "suara_paslon_1",
            "suara_paslon_2",
            "suara_paslon_3",
            "suara_sah",
            "suara_tidak_sah",
            "suara_total"
        ]
    );
    assert_eq!(k.fields[1].code, "IV.2");
    assert_eq!(k.fields[1].label, "Suara sah PASANGAN CALON NOMOR URUT 2");
    assert_eq!(k.rules[0].left.len(), 3);

    // Five pairs: the same file with five names gives five pair fields and a five-term rule.
    let mut five = spec();
    five.participants = (1..=5).map(|n| format!("PASLON {n}")).collect();
    let k5 = ContestKind::new(five).unwrap();
    assert_eq!(k5.page_fields(702).len(), 8);
    assert_eq!(k5.rules[0].left.len(), 5);
}

#[test]
fn rules_are_checked_only_where_every_field_is_known() {
    let k = ContestKind::from_json(PILKADA).unwrap();
    let all: BTreeSet<FieldKey> = k.fields.iter().map(|f| f.key).collect();
    let mut v: FormValues = [
        ("suara_paslon_1", 100),
        ("suara_paslon_2", 52),
        ("suara_paslon_3", 40),
        ("suara_sah", 192),
        ("suara_tidak_sah", 8),
        ("suara_total", 200),
    ]
    .into_iter()
    .map(|(k, v)| (key(k), v))
    .collect();
    assert!(k.check(&v, &all).is_empty());
    // 152 misread as 652 breaks K1 and only K1.
    v.set(key("suara_paslon_2"), 652);
    let f = k.check(&v, &all);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, "K1");
    assert_eq!((f[0].left, f[0].right), (792, 192));
    assert!(f[0].involves(key("suara_sah")));
    assert!(!f[0].involves(key("suara_total")));
    assert!(f[0].message().contains("kiri 792, kanan 192"));
    // A rule with a field off the page is not judged here.
    let partial: BTreeSet<FieldKey> = all
        .iter()
        .copied()
        .filter(|k| *k != key("suara_sah"))
        .collect();
    assert!(k.check(&v, &partial).is_empty());
    // An unknown figure leaves its rule unknown rather than failed.
    v.remove(key("suara_paslon_3"));
    assert_eq!(k.rules[0].eval(&v), KindOutcome::Unknown);
}

#[test]
fn a_bad_file_is_refused_saying_what_is_wrong() {
    let refuse = |edit: &dyn Fn(&mut KindSpec)| {
        let mut s = spec();
        edit(&mut s);
        ContestKind::new(s).unwrap_err().to_string()
    };
    assert!(refuse(&|s| s.type_number = 1).contains("gunakan 6, 7, 8 atau 9"));
    assert!(refuse(&|s| s.participants.clear()).contains("jumlah peserta 0"));
    assert!(refuse(&|s| s.id = "Pilkada Bupati".into()).contains("id jenis"));
    let e = refuse(&|s| s.pages[0].fields[1].key = "suara_syah".into());
    assert!(e.contains("halaman 702") && e.contains("suara_syah"), "{e}");
    let e = refuse(&|s| s.pages[0].fields[2].key = "suara_sah".into());
    assert!(e.contains("'suara_sah' tercantum lebih dari sekali"), "{e}");
    let e = refuse(&|s| s.rules[1].right = vec!["pengguna_total_j".into()]);
    assert!(e.contains("aturan K2: 'pengguna_total_j'"), "{e}");
    let e = refuse(&|s| s.rules[1].id = "K1".into());
    assert!(e.contains("aturan 'K1'"), "{e}");
    let e = refuse(&|s| s.pages[0].page = 99);
    assert!(e.contains("halaman 99"), "{e}");
    let e = ContestKind::from_json("{\"id\": \"x\"}")
        .unwrap_err()
        .to_string();
    assert!(e.contains("tidak terbaca"), "{e}");
    let e = ContestKind::from_json(&PILKADA.replace("\"rules\"", "\"aturan\""))
        .unwrap_err()
        .to_string();
    assert!(e.contains("aturan"), "{e}");
}
