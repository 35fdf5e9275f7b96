//! Recap aggregation TPS → desa → kecamatan (→ kabupaten): the D.Hasil tables. Only agreed
//! forms count; what is missing or not yet agreed is reported beside the figures.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, FieldDef};
use crate::contest::Contest;
use crate::field::FieldKey;
use crate::format::thousands;
use crate::reference::{Desa, Kecamatan};
use crate::values::FormValues;
use crate::wilayah::{Level, TpsCode};

/// Sums of field values. Adding is associative and commutative, so any grouping of the same
/// forms gives the same totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Totals(BTreeMap<FieldKey, u64>);

impl Totals {
    pub fn get(&self, key: FieldKey) -> Option<u64> {
        self.0.get(&key).copied()
    }

    pub fn value(&self, key: FieldKey) -> u64 {
        self.get(key).unwrap_or(0)
    }

    pub fn set(&mut self, key: FieldKey, value: u64) {
        self.0.insert(key, value);
    }

    pub fn add_form(&mut self, values: &FormValues) {
        for (k, v) in values.iter() {
            *self.0.entry(k).or_insert(0) += u64::from(v);
        }
    }

    pub fn add(&mut self, other: &Totals) {
        for (k, v) in &other.0 {
            *self.0.entry(*k).or_insert(0) += v;
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (FieldKey, u64)> + '_ {
        self.0.iter().map(|(k, v)| (*k, *v))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(FieldKey, u64)> for Totals {
    fn from_iter<I: IntoIterator<Item = (FieldKey, u64)>>(iter: I) -> Self {
        Totals(iter.into_iter().collect())
    }
}

/// Where a form stands in the plenary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormState {
    /// Every field has an agreed value and no error finding remains.
    Agreed,
    /// Figures exist but are not yet agreed.
    Unagreed,
}

/// One form's figures as the recap sees them.
#[derive(Debug, Clone, Copy)]
pub struct FormRecord<'a> {
    pub tps: &'a TpsCode,
    pub contest: Contest,
    pub values: &'a FormValues,
    pub state: FormState,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Completeness {
    /// TPS expected from the master list.
    pub expected: usize,
    /// TPS whose form is agreed and counted.
    pub agreed: usize,
    /// TPS with no figures at all.
    pub missing: Vec<TpsCode>,
    /// TPS with figures that are not yet agreed (not counted).
    pub unagreed: Vec<TpsCode>,
    /// TPS whose form the PPK recorded as never received (with a kejadian khusus): not
    /// counted, but accounted for.
    #[serde(default)]
    pub absent: Vec<TpsCode>,
}

impl Completeness {
    pub fn is_complete(&self) -> bool {
        self.agreed + self.absent.len() == self.expected
            && self.missing.is_empty()
            && self.unagreed.is_empty()
    }

    pub fn add(&mut self, other: &Completeness) {
        self.expected += other.expected;
        self.agreed += other.agreed;
        self.missing.extend(other.missing.iter().cloned());
        self.unagreed.extend(other.unagreed.iter().cloned());
        self.absent.extend(other.absent.iter().cloned());
    }

    /// Moves `tps` from missing to not yet agreed, if it is missing here: its form has been
    /// received (a photo filed to it) though no figure is entered yet.
    pub fn mark_received(&mut self, tps: &TpsCode) {
        if let Some(i) = self.missing.iter().position(|t| t == tps) {
            self.missing.remove(i);
            self.unagreed.push(tps.clone());
        }
    }

    /// Moves `tps` from missing to absent, if it is missing here.
    pub fn mark_absent(&mut self, tps: &TpsCode) {
        if let Some(i) = self.missing.iter().position(|t| t == tps) {
            self.missing.remove(i);
            self.absent.push(tps.clone());
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecapColumn {
    pub code: String,
    pub name: String,
    pub totals: Totals,
    pub completeness: Completeness,
}

/// A D.Hasil table: rows are the form's fields, columns are TPS, desa or kecamatan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecapTable {
    pub contest: Contest,
    /// Level of the columns.
    pub column_level: Level,
    pub place_code: String,
    pub place_name: String,
    pub rows: Vec<FieldDef>,
    pub columns: Vec<RecapColumn>,
    pub total: Totals,
    pub completeness: Completeness,
}

impl RecapTable {
    /// Records that the form of `tps` was officially never received (see [`Completeness::absent`]).
    pub fn mark_absent(&mut self, tps: &TpsCode) {
        for c in &mut self.columns {
            c.completeness.mark_absent(tps);
        }
        self.completeness.mark_absent(tps);
    }

    /// Records that the form of `tps` is in the office, waiting for the panel (see
    /// [`Completeness::mark_received`]).
    pub fn mark_received(&mut self, tps: &TpsCode) {
        for c in &mut self.columns {
            c.completeness.mark_received(tps);
        }
        self.completeness.mark_received(tps);
    }

    /// The value in row `key` of column `col` (0 when nothing agreed there).
    pub fn cell(&self, key: FieldKey, col: usize) -> u64 {
        self.columns.get(col).map_or(0, |c| c.totals.value(key))
    }

    fn new(
        cat: &Catalogue,
        column_level: Level,
        place_code: String,
        place_name: String,
        columns: Vec<RecapColumn>,
    ) -> RecapTable {
        let mut total = Totals::default();
        let mut completeness = Completeness::default();
        for c in &columns {
            total.add(&c.totals);
            completeness.add(&c.completeness);
        }
        RecapTable {
            contest: cat.contest,
            column_level,
            place_code,
            place_name,
            rows: cat.fields.clone(),
            columns,
            total,
            completeness,
        }
    }
}

/// Totals and completeness of one desa for one contest.
pub fn desa_totals(
    contest: Contest,
    desa: &Desa,
    forms: &[FormRecord<'_>],
) -> (Totals, Completeness) {
    let mut totals = Totals::default();
    let mut comp = Completeness::default();
    for tps in &desa.tps {
        let (t, c) = tps_column(contest, &tps.code, forms);
        totals.add(&t);
        comp.add(&c);
    }
    (totals, comp)
}

fn tps_column(contest: Contest, tps: &TpsCode, forms: &[FormRecord<'_>]) -> (Totals, Completeness) {
    let mut totals = Totals::default();
    let mut comp = Completeness {
        expected: 1,
        ..Completeness::default()
    };
    let mine: Vec<&FormRecord<'_>> = forms
        .iter()
        .filter(|f| f.contest == contest && f.tps == tps)
        .collect();
    match mine.iter().find(|f| f.state == FormState::Agreed) {
        Some(f) => {
            totals.add_form(f.values);
            comp.agreed = 1;
        }
        None if mine.is_empty() => comp.missing.push(tps.clone()),
        None => comp.unagreed.push(tps.clone()),
    }
    (totals, comp)
}

/// The lampiran table of one desa: one column per TPS.
pub fn recap_desa(cat: &Catalogue, desa: &Desa, forms: &[FormRecord<'_>]) -> RecapTable {
    let columns = desa
        .tps
        .iter()
        .map(|tps| {
            let (totals, completeness) = tps_column(cat.contest, &tps.code, forms);
            RecapColumn {
                code: tps.code.to_string(),
                name: format!("TPS {:03}", tps.code.nomor()),
                totals,
                completeness,
            }
        })
        .collect();
    RecapTable::new(
        cat,
        Level::Tps,
        desa.code.to_string(),
        desa.name.clone(),
        columns,
    )
}

/// The D.Hasil Kecamatan table: one column per desa.
pub fn recap_kecamatan(cat: &Catalogue, kec: &Kecamatan, forms: &[FormRecord<'_>]) -> RecapTable {
    let columns = kec
        .desa
        .iter()
        .map(|desa| {
            let (totals, completeness) = desa_totals(cat.contest, desa, forms);
            RecapColumn {
                code: desa.code.to_string(),
                name: desa.name.clone(),
                totals,
                completeness,
            }
        })
        .collect();
    RecapTable::new(
        cat,
        Level::Desa,
        kec.code.to_string(),
        kec.name.clone(),
        columns,
    )
}

/// One kecamatan's contribution to a kabupaten recap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KecamatanTotals {
    pub code: String,
    pub name: String,
    pub totals: Totals,
    pub completeness: Completeness,
}

/// The D.Hasil Kabupaten/Kota table: one column per kecamatan.
pub fn recap_kabupaten(
    cat: &Catalogue,
    place_code: &str,
    place_name: &str,
    kecamatan: &[KecamatanTotals],
) -> RecapTable {
    let columns = kecamatan
        .iter()
        .map(|k| RecapColumn {
            code: k.code.clone(),
            name: k.name.clone(),
            totals: k.totals.clone(),
            completeness: k.completeness.clone(),
        })
        .collect();
    RecapTable::new(
        cat,
        Level::Kecamatan,
        place_code.to_string(),
        place_name.to_string(),
        columns,
    )
}

impl RecapTable {
    /// The same table with only the rows `keep` accepts (e.g. party totals without candidates).
    #[must_use]
    pub fn with_rows(&self, keep: impl Fn(&FieldDef) -> bool) -> RecapTable {
        RecapTable {
            rows: self.rows.iter().filter(|r| keep(r)).cloned().collect(),
            ..self.clone()
        }
    }

    /// A plain-text rendering laid out like the paper form: row code and label, one column per
    /// place, then JUMLAH. Used by the CLI and snapshot tests.
    pub fn render_text(&self) -> String {
        use std::fmt::Write as _;
        const LABEL: usize = 50;
        let widths: Vec<usize> = self
            .columns
            .iter()
            .map(|c| {
                let longest = self
                    .rows
                    .iter()
                    .map(|r| thousands(c.totals.value(r.key)).len())
                    .max()
                    .unwrap_or(1);
                longest.max(short(&c.name).chars().count()).max(5)
            })
            .collect();
        let total_w = self
            .rows
            .iter()
            .map(|r| thousands(self.total.value(r.key)).len())
            .max()
            .unwrap_or(1)
            .max(6);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "MODEL D.HASIL {}-{}  {} {} ({})",
            match self.column_level {
                Level::Tps => "LAMPIRAN DESA",
                Level::Desa => "KECAMATAN",
                _ => "KABUPATEN/KOTA",
            },
            self.contest.form_suffix(),
            match self.column_level {
                Level::Tps => "Desa/Kelurahan",
                Level::Desa => "Kecamatan",
                _ => "Kabupaten/Kota",
            },
            self.place_name,
            self.place_code
        );
        let _ = write!(out, "{:<9} {:<LABEL$}", "", "URAIAN");
        for (c, w) in self.columns.iter().zip(&widths) {
            let _ = write!(out, " | {:>w$}", short(&c.name));
        }
        let _ = writeln!(out, " | {:>total_w$}", "JUMLAH");
        let mut section = None;
        for row in &self.rows {
            if section != Some(row.section) {
                section = Some(row.section);
                let _ = writeln!(
                    out,
                    "{}. {}",
                    row.section.roman(),
                    row.section.title_id(self.contest)
                );
            }
            let code = match row.col {
                Some(col) => format!("{} {col:?}", row.code),
                None => row.code.clone(),
            };
            let label: String = if row.row_label_id.chars().count() > LABEL {
                let mut cut: String = row.row_label_id.chars().take(LABEL - 1).collect();
                cut.push('…');
                cut
            } else {
                row.row_label_id.clone()
            };
            let _ = write!(out, "{code:<9} {label:<LABEL$}");
            for (c, w) in self.columns.iter().zip(&widths) {
                let _ = write!(out, " | {:>w$}", thousands(c.totals.value(row.key)));
            }
            let _ = writeln!(out, " | {:>total_w$}", thousands(self.total.value(row.key)));
        }
        let comp = &self.completeness;
        let _ = writeln!(
            out,
            "Kelengkapan: {} dari {} TPS disepakati; belum ada {}; belum disepakati {}",
            comp.agreed,
            comp.expected,
            comp.missing.len(),
            comp.unagreed.len()
        );
        out
    }
}

/// Column headings shorten long names so the text table stays readable.
fn short(name: &str) -> String {
    name.chars().take(12).collect()
}
