//! Rules across levels and against the master lists (docs/domain.md §3.3): L1/L2/L3 sums, L5 the
//! expected TPS, L6 the wilayah codes.

use std::collections::BTreeSet;

use super::{FieldRef, Finding, RuleId, rule};
use crate::catalogue::Catalogue;
use crate::contest::Contest;
use crate::format::thousands;
use crate::recap::Totals;
use crate::reference::Kecamatan;
use crate::wilayah::{TpsCode, is_under};

/// A reported figure set of one place (a desa column of a D.Hasil, say).
pub struct Reported<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub totals: &'a Totals,
}

/// L1/L2/L3: every field of `parent` equals the sum of the same field over `children`.
pub fn check_sum(
    rule_id: RuleId,
    cat: &Catalogue,
    parent: &Reported<'_>,
    children: &[Reported<'_>],
) -> Vec<Finding> {
    let def = rule(rule_id);
    let mut sum = Totals::default();
    for c in children {
        sum.add(c.totals);
    }
    let mut out = Vec::new();
    for field in &cat.fields {
        let expected = sum.value(field.key);
        let Some(actual) = parent.totals.get(field.key) else {
            continue;
        };
        if actual != expected {
            let row = match field.col {
                Some(col) => format!("{} ({col:?})", field.code),
                None => field.code.clone(),
            };
            out.push(Finding {
                rule: rule_id,
                severity: def.severity,
                contest: Some(cat.contest),
                place: Some(parent.code.to_string()),
                fields: vec![FieldRef {
                    contest: cat.contest,
                    key: field.key,
                }],
                expected: Some(expected as i64),
                actual: Some(actual as i64),
                message_id: format!("rule.{rule_id}"),
                text_id: format!(
                    "{}: {} {row} tertulis {}, jumlah {} bagian di bawahnya {}",
                    def.title_id,
                    parent.name,
                    thousands(actual),
                    children.len(),
                    thousands(expected)
                ),
                text_en: format!(
                    "{}: {} {row} reads {}, the sum of its {} parts is {}",
                    def.title_en,
                    parent.name,
                    thousands(actual),
                    children.len(),
                    thousands(expected)
                ),
            });
        }
    }
    out
}

fn l5(place: &TpsCode, contest: Contest, id: &str, en: &str) -> Finding {
    let def = rule(RuleId::L5);
    Finding {
        rule: RuleId::L5,
        severity: def.severity,
        contest: Some(contest),
        place: Some(place.to_string()),
        fields: Vec::new(),
        expected: None,
        actual: None,
        message_id: "rule.L5".into(),
        text_id: format!("{}: {id}", def.title_id),
        text_en: format!("{}: {en}", def.title_en),
    }
}

/// A field whose recorded figure (typed, imported from SIREKAP, or agreed) differs from what a
/// photo of the C.Hasil, read after the figure was recorded, shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaperReading {
    pub key: crate::field::FieldKey,
    pub recorded: u32,
    pub read: u32,
    /// The reader's confidence in `read`, 0–1.
    pub confidence: f64,
}

/// L4: the paper is the reference (the KPU's own rule for SIREKAP), so a recorded figure that
/// a later photo of the form contradicts is shown to a person; nothing is changed by itself.
pub fn check_paper(cat: &Catalogue, place: &str, differing: &[PaperReading]) -> Vec<Finding> {
    let def = rule(RuleId::L4);
    differing
        .iter()
        .filter(|d| d.recorded != d.read)
        .map(|d| {
            let label = super::form::field_label(cat, d.key);
            let pct = (d.confidence * 100.0).round();
            Finding {
                rule: RuleId::L4,
                severity: def.severity,
                contest: Some(cat.contest),
                place: Some(place.to_string()),
                fields: vec![FieldRef {
                    contest: cat.contest,
                    key: d.key,
                }],
                expected: Some(i64::from(d.read)),
                actual: Some(i64::from(d.recorded)),
                message_id: "rule.L4".into(),
                text_id: format!(
                    "{}: {label} tercatat {}, foto C.Hasil yang dibaca kemudian menunjukkan {} (keyakinan {pct}%); cocokkan dengan kertasnya",
                    def.title_id,
                    thousands(u64::from(d.recorded)),
                    thousands(u64::from(d.read))
                ),
                text_en: format!(
                    "{}: {label} is recorded as {}, a photo of the C.Hasil read later shows {} (confidence {pct}%); check the paper",
                    def.title_en,
                    thousands(u64::from(d.recorded)),
                    thousands(u64::from(d.read))
                ),
            }
        })
        .collect()
}

/// L5: every TPS of the master list has exactly one form per contest, and no form names a TPS
/// outside the list.
pub fn check_expected_tps(
    kec: &Kecamatan,
    contests: &[Contest],
    present: &[(TpsCode, Contest)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let expected: BTreeSet<&TpsCode> = kec.all_tps().map(|(_, t)| &t.code).collect();
    for &contest in contests {
        for (desa, tps) in kec.all_tps() {
            let n = present
                .iter()
                .filter(|(t, c)| *t == tps.code && *c == contest)
                .count();
            let where_ = format!("TPS {:03} {}", tps.code.nomor(), desa.name);
            if n == 0 {
                out.push(l5(
                    &tps.code,
                    contest,
                    &format!("{where_} belum memiliki formulir {}", contest.form_suffix()),
                    &format!("{where_} has no {} form", contest.form_suffix()),
                ));
            } else if n > 1 {
                out.push(l5(
                    &tps.code,
                    contest,
                    &format!("{where_} memiliki {n} formulir {}", contest.form_suffix()),
                    &format!("{where_} has {n} {} forms", contest.form_suffix()),
                ));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (tps, contest) in present {
        if !expected.contains(tps) && seen.insert((tps, contest)) {
            out.push(l5(
                tps,
                *contest,
                &format!("TPS {tps} tidak ada dalam daftar TPS kecamatan ini"),
                &format!("TPS {tps} is not in this kecamatan's TPS list"),
            ));
        }
    }
    out
}

/// L6: every desa lies in the kecamatan, every TPS in its desa, no code twice.
pub fn check_codes(kec: &Kecamatan) -> Vec<Finding> {
    let def = rule(RuleId::L6);
    let mut out = Vec::new();
    let mut push = |place: String, id: String, en: String| {
        out.push(Finding {
            rule: RuleId::L6,
            severity: def.severity,
            contest: None,
            place: Some(place),
            fields: Vec::new(),
            expected: None,
            actual: None,
            message_id: "rule.L6".into(),
            text_id: format!("{}: {id}", def.title_id),
            text_en: format!("{}: {en}", def.title_en),
        });
    };
    if !is_under(kec.code.as_str(), kec.kabupaten.as_str()) {
        push(
            kec.code.to_string(),
            format!("kecamatan {} bukan bagian dari {}", kec.code, kec.kabupaten),
            format!("kecamatan {} is not in {}", kec.code, kec.kabupaten),
        );
    }
    if !is_under(kec.kabupaten.as_str(), kec.provinsi.as_str()) {
        push(
            kec.kabupaten.to_string(),
            format!(
                "kabupaten {} bukan bagian dari provinsi {}",
                kec.kabupaten, kec.provinsi
            ),
            format!(
                "kabupaten {} is not in provinsi {}",
                kec.kabupaten, kec.provinsi
            ),
        );
    }
    let mut seen = BTreeSet::new();
    for desa in &kec.desa {
        if desa.code.kecamatan() != kec.code {
            push(
                desa.code.to_string(),
                format!(
                    "desa {} ({}) bukan bagian dari kecamatan {}",
                    desa.name, desa.code, kec.code
                ),
                format!(
                    "desa {} ({}) is not in kecamatan {}",
                    desa.name, desa.code, kec.code
                ),
            );
        }
        if !seen.insert(desa.code.to_string()) {
            push(
                desa.code.to_string(),
                format!("kode desa {} muncul dua kali", desa.code),
                format!("desa code {} appears twice", desa.code),
            );
        }
        for tps in &desa.tps {
            if tps.code.desa() != desa.code {
                push(
                    tps.code.to_string(),
                    format!("TPS {} tidak berada di desa {}", tps.code, desa.name),
                    format!("TPS {} is not in desa {}", tps.code, desa.name),
                );
            }
            if !seen.insert(tps.code.to_string()) {
                push(
                    tps.code.to_string(),
                    format!("kode TPS {} muncul dua kali", tps.code),
                    format!("TPS code {} appears twice", tps.code),
                );
            }
        }
    }
    out
}
