//! The rows of a D.Hasil table as a clerk reads them: section bands, the L/P/J rows grouped
//! under their label, pairs, parties with A.1 / A.2 / B, DPD candidates with their names.
//! Rows come in units that a page break should not split (a voter row with its L, P and J; a
//! whole party block), each led by the section band when it opens a section.

use pleno_core::catalogue::{FieldDef, Section};
use pleno_core::{Ballot, Col, Contest, FieldKey};

#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// Shaded band across the table: "I. DATA PEMILIH DAN PENGGUNA HAK PILIH".
    Section(String),
    /// A heading without figures: the label of an L/P/J group, or a party's name.
    Group { code: String, label: String },
    /// A row of figures.
    Value {
        code: String,
        label: String,
        key: FieldKey,
        /// Totals (J, B, V.C) are printed bold.
        strong: bool,
        indent: bool,
    },
}

/// A run of rows kept on one page where possible.
#[derive(Debug, Clone)]
pub struct Unit {
    pub rows: Vec<Row>,
}

fn col_label(col: Col) -> &'static str {
    match col {
        Col::L => "Laki-laki (L)",
        Col::P => "Perempuan (P)",
        Col::J => "Jumlah (L + P)",
    }
}

/// Builds the units of `rows` (the catalogue of the table) with names from `ballot`.
pub fn units(contest: Contest, rows: &[FieldDef], ballot: &Ballot) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut section: Option<Section> = None;
    let mut pending_band: Option<Row> = None;
    let mut i = 0;
    while i < rows.len() {
        let f = &rows[i];
        if section != Some(f.section) {
            section = Some(f.section);
            pending_band = Some(Row::Section(format!(
                "{}. {}",
                f.section.roman(),
                f.section.title_id(contest)
            )));
        }
        let mut unit = Vec::new();
        if let Some(band) = pending_band.take() {
            unit.push(band);
        }
        match f.key {
            FieldKey::Voter(..) => {
                // The L, P, J fields of one row share its code.
                unit.push(Row::Group {
                    code: f.code.clone(),
                    label: f.row_label_id.clone(),
                });
                while i < rows.len() && rows[i].code == f.code && rows[i].section == f.section {
                    let col = rows[i].col.unwrap_or(Col::J);
                    unit.push(Row::Value {
                        code: String::new(),
                        label: col_label(col).to_string(),
                        key: rows[i].key,
                        strong: col == Col::J,
                        indent: true,
                    });
                    i += 1;
                }
            }
            FieldKey::PartyVotes(p) => {
                let party = ballot.parties().iter().find(|l| l.party.nomor == p);
                let name = party.map_or_else(
                    || format!("Partai nomor {p}"),
                    |l| format!("{} ({})", l.party.name, l.party.short),
                );
                unit.push(Row::Group {
                    code: format!("IV.{p}"),
                    label: name.to_uppercase(),
                });
                while i < rows.len() {
                    let r = &rows[i];
                    let (code, label, strong) = match r.key {
                        FieldKey::PartyVotes(q) if q == p => (
                            "A.1".to_string(),
                            "Suara sah partai politik".to_string(),
                            false,
                        ),
                        FieldKey::CandidateVotes(q, n) if q == p => {
                            let cand = party
                                .and_then(|l| l.candidates.iter().find(|c| c.nomor == n))
                                .map_or_else(|| format!("Calon nomor {n}"), |c| c.name.clone());
                            (format!("A.2.{n}"), format!("{n}. {cand}"), false)
                        }
                        FieldKey::PartyTotal(q) if q == p => (
                            "B".to_string(),
                            "Jumlah suara sah partai politik dan calon (A.1 + A.2)".to_string(),
                            true,
                        ),
                        _ => break,
                    };
                    unit.push(Row::Value {
                        code,
                        label,
                        key: r.key,
                        strong,
                        indent: true,
                    });
                    i += 1;
                }
            }
            key => {
                let label = match key {
                    FieldKey::Paslon(n) => {
                        ballot.pairs().iter().find(|p| p.nomor == n).map_or_else(
                            || f.label_id.clone(),
                            |p| format!("{:02}. {} – {}", p.nomor, p.presiden, p.wakil),
                        )
                    }
                    FieldKey::DpdCandidate(n) => ballot
                        .dpd_candidates()
                        .iter()
                        .find(|c| c.nomor == n)
                        .map_or_else(|| f.label_id.clone(), |c| format!("{n}. {}", c.name)),
                    _ => f.label_id.clone(),
                };
                unit.push(Row::Value {
                    code: f.code.clone(),
                    label,
                    key,
                    strong: matches!(key, FieldKey::SuaraTotal | FieldKey::SuaraSah),
                    indent: false,
                });
                i += 1;
            }
        }
        units.push(Unit { rows: unit });
    }
    units
}
