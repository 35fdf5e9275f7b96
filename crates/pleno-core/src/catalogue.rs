//! The C.Hasil field catalogue: every number on each form type, in paper order, with its row
//! code, its labels and the page (AprilTag page code) it is written on.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ballot::{Ballot, BallotItems};
use crate::contest::Contest;
use crate::field::{Col, FieldKey, VoterRow};

/// AprilTag page code: contest type × 100 + page (101 = PPWP page 1, 399 = DPD last page).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct PageCode(pub u16);

impl PageCode {
    pub const fn new(contest: Contest, page: u16) -> PageCode {
        PageCode(contest.type_number() * 100 + page)
    }
    pub fn contest(self) -> Option<Contest> {
        Contest::from_type_number(self.0 / 100)
    }
    /// Page number within the contest's form as coded (99 = the closing page).
    pub const fn page(self) -> u16 {
        self.0 % 100
    }
}

impl fmt::Display for PageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// DPD candidates per plano page for codes 302–313 (docs/domain.md §2.1).
pub const DPD_CANDIDATES_PER_PAGE: usize = 8;

/// Code of the page holding section V.
pub const fn closing_page(contest: Contest) -> PageCode {
    match contest {
        Contest::Ppwp => PageCode(103),
        Contest::Dpr => PageCode(220),
        Contest::Dpd => PageCode(399),
        Contest::DprdProv => PageCode(499),
        Contest::DprdKab => PageCode(599),
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Section {
    I,
    II,
    III,
    IV,
    V,
}

impl Section {
    pub const fn title_id(self, contest: Contest) -> &'static str {
        match self {
            Section::I => "DATA PEMILIH DAN PENGGUNA HAK PILIH",
            Section::II => "DATA PENGGUNAAN SURAT SUARA",
            Section::III => "DATA PEMILIH DISABILITAS",
            Section::IV => match contest {
                Contest::Ppwp => "DATA PEROLEHAN SUARA PASANGAN CALON PRESIDEN DAN WAKIL PRESIDEN",
                Contest::Dpd => "DATA PEROLEHAN SUARA CALON PERSEORANGAN ANGGOTA DPD",
                _ => "DATA PEROLEHAN SUARA PARTAI POLITIK DAN SUARA CALON",
            },
            Section::V => "DATA SUARA SAH DAN TIDAK SAH",
        }
    }
    pub const fn roman(self) -> &'static str {
        match self {
            Section::I => "I",
            Section::II => "II",
            Section::III => "III",
            Section::IV => "IV",
            Section::V => "V",
        }
    }
}

/// What the catalogue knows of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FieldDef {
    pub key: FieldKey,
    pub section: Section,
    /// Row code as on the form, e.g. `I.B.2`, `II.3`, `IV.5.A.2.3`, `V.C`.
    pub code: String,
    /// Column for L/P/J rows.
    pub col: Option<Col>,
    /// The row's label without the column (for tables that show L/P/J as columns or codes).
    pub row_label_id: String,
    pub label_id: String,
    pub label_en: String,
    pub page: PageCode,
}

/// The fields of one contest's form for one ballot, in paper order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub contest: Contest,
    pub fields: Vec<FieldDef>,
}

struct VoterRowText {
    row: VoterRow,
    code: &'static str,
    id: &'static str,
    en: &'static str,
}

const VOTER_ROWS: [VoterRowText; 5] = [
    VoterRowText {
        row: VoterRow::Dpt,
        code: "I.A",
        id: "Jumlah pemilih dalam DPT",
        en: "Voters on the final voter list (DPT)",
    },
    VoterRowText {
        row: VoterRow::PenggunaDpt,
        code: "I.B.1",
        id: "Jumlah pengguna hak pilih dalam DPT",
        en: "DPT voters who voted",
    },
    VoterRowText {
        row: VoterRow::PenggunaDptb,
        code: "I.B.2",
        id: "Jumlah pengguna hak pilih dalam DPTb (pindah memilih)",
        en: "Voters from the additional list (DPTb) who voted",
    },
    VoterRowText {
        row: VoterRow::PenggunaDpk,
        code: "I.B.3",
        id: "Jumlah pengguna hak pilih dalam DPK (KTP-el/surat keterangan)",
        en: "Unlisted voters (DPK) who voted",
    },
    VoterRowText {
        row: VoterRow::PenggunaTotal,
        code: "I.B.4",
        id: "Jumlah pengguna hak pilih (B.1 + B.2 + B.3)",
        en: "Total voters who voted (B.1 + B.2 + B.3)",
    },
];

const COL_TEXT: [(Col, &str, &str); 3] = [
    (Col::L, "laki-laki", "men"),
    (Col::P, "perempuan", "women"),
    (Col::J, "jumlah", "total"),
];

impl Catalogue {
    pub fn new(ballot: &Ballot) -> Catalogue {
        let contest = ballot.contest;
        let admin = PageCode::new(contest, 1);
        let closing = closing_page(contest);
        let mut fields = Vec::new();
        let mut push = |key, section, code: String, col, id: String, en: String, page| {
            let row_label_id = match col {
                Some(_) => id
                    .rsplit_once(" (")
                    .map_or(id.clone(), |(row, _)| row.to_string()),
                None => id.clone(),
            };
            fields.push(FieldDef {
                key,
                section,
                code,
                col,
                row_label_id,
                label_id: id,
                label_en: en,
                page,
            });
        };

        for row in &VOTER_ROWS {
            for (col, cid, cen) in COL_TEXT {
                push(
                    FieldKey::Voter(row.row, col),
                    Section::I,
                    row.code.to_string(),
                    Some(col),
                    format!("{} ({cid})", row.id),
                    format!("{} ({cen})", row.en),
                    admin,
                );
            }
        }
        // Section II in the order of the PKPU 25/2023 plano; rules address rows by key.
        let surat = [
            (
                FieldKey::SuratDiterima,
                "II.1",
                "Jumlah surat suara yang diterima, termasuk cadangan 2% dari DPT",
                "Ballots received, including the 2% reserve",
            ),
            (
                FieldKey::SuratDigunakan,
                "II.2",
                "Jumlah surat suara yang digunakan",
                "Ballots used",
            ),
            (
                FieldKey::SuratDikembalikan,
                "II.3",
                "Jumlah surat suara yang dikembalikan oleh pemilih karena rusak atau keliru coblos",
                "Ballots returned as damaged or wrongly marked",
            ),
            (
                FieldKey::SuratTidakDigunakan,
                "II.4",
                "Jumlah surat suara yang tidak digunakan/tidak terpakai, termasuk sisa cadangan",
                "Ballots not used, including unused reserve",
            ),
        ];
        for (key, code, id, en) in surat {
            push(
                key,
                Section::II,
                code.to_string(),
                None,
                id.to_string(),
                en.to_string(),
                admin,
            );
        }
        for (col, cid, cen) in COL_TEXT {
            push(
                FieldKey::Voter(VoterRow::Disabilitas, col),
                Section::III,
                "III".to_string(),
                Some(col),
                format!("Jumlah seluruh pemilih disabilitas yang menggunakan hak pilih ({cid})"),
                format!("Voters with disabilities who voted ({cen})"),
                admin,
            );
        }

        match &ballot.items {
            BallotItems::Pairs(pairs) => {
                let page = PageCode::new(contest, 2);
                for p in pairs {
                    push(
                        FieldKey::Paslon(p.nomor),
                        Section::IV,
                        format!("IV.{}", p.nomor),
                        None,
                        format!("Suara sah pasangan calon nomor urut {}", p.nomor),
                        format!("Valid votes for candidate pair {}", p.nomor),
                        page,
                    );
                }
            }
            BallotItems::Parties(lists) => {
                for (idx, list) in lists.iter().enumerate() {
                    let p = list.party.nomor;
                    let page = PageCode::new(contest, 2 + idx as u16);
                    let short = &list.party.short;
                    push(
                        FieldKey::PartyVotes(p),
                        Section::IV,
                        format!("IV.{p}.A.1"),
                        None,
                        format!("Suara sah partai {short} (A.1)"),
                        format!("Party-only votes, {short} (A.1)"),
                        page,
                    );
                    for c in &list.candidates {
                        push(
                            FieldKey::CandidateVotes(p, c.nomor),
                            Section::IV,
                            format!("IV.{p}.A.2.{}", c.nomor),
                            None,
                            format!("Suara sah calon {short} nomor {}", c.nomor),
                            format!("Votes for {short} candidate {}", c.nomor),
                            page,
                        );
                    }
                    push(
                        FieldKey::PartyTotal(p),
                        Section::IV,
                        format!("IV.{p}.B"),
                        None,
                        format!("Jumlah suara sah partai {short} dan calon (A.1 + A.2)"),
                        format!("Total valid votes, {short} and its candidates (A.1 + A.2)"),
                        page,
                    );
                }
            }
            BallotItems::Candidates(cands) => {
                for (idx, c) in cands.iter().enumerate() {
                    let page = PageCode::new(contest, 2 + (idx / DPD_CANDIDATES_PER_PAGE) as u16);
                    push(
                        FieldKey::DpdCandidate(c.nomor),
                        Section::IV,
                        format!("IV.{}", c.nomor),
                        None,
                        format!("Suara sah calon anggota DPD nomor urut {}", c.nomor),
                        format!("Valid votes for DPD candidate {}", c.nomor),
                        page,
                    );
                }
            }
        }

        let sah_formula = match contest {
            Contest::Ppwp | Contest::Dpd => "jumlah IV",
            _ => "jumlah IV.B seluruh partai",
        };
        let closing_rows = [
            (
                FieldKey::SuaraSah,
                "V.A",
                format!("Jumlah seluruh suara sah ({sah_formula})"),
                "Total valid votes".to_string(),
            ),
            (
                FieldKey::SuaraTidakSah,
                "V.B",
                "Jumlah suara tidak sah".to_string(),
                "Invalid votes".to_string(),
            ),
            (
                FieldKey::SuaraTotal,
                "V.C",
                "Jumlah seluruh suara sah dan suara tidak sah (V.A + V.B)".to_string(),
                "Total valid and invalid votes (V.A + V.B)".to_string(),
            ),
        ];
        for (key, code, id, en) in closing_rows {
            push(key, Section::V, code.to_string(), None, id, en, closing);
        }
        Catalogue { contest, fields }
    }

    pub fn get(&self, key: FieldKey) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn contains(&self, key: FieldKey) -> bool {
        self.get(key).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = FieldKey> + '_ {
        self.fields.iter().map(|f| f.key)
    }

    /// The distinct pages of the form in order.
    pub fn pages(&self) -> Vec<PageCode> {
        let mut pages: Vec<PageCode> = self.fields.iter().map(|f| f.page).collect();
        pages.sort_unstable();
        pages.dedup();
        pages
    }

    pub fn page_fields(&self, page: PageCode) -> impl Iterator<Item = &FieldDef> + '_ {
        self.fields.iter().filter(move |f| f.page == page)
    }

    /// The section IV rows that V.A sums (R8).
    pub fn valid_total_parts(&self) -> Vec<FieldKey> {
        self.keys().filter(|k| k.counts_in_valid_total()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::{Candidate, Dapil, PartyList, parties_for};

    fn dpr_ballot() -> Ballot {
        let lists = parties_for(Contest::Dpr, "33")
            .into_iter()
            .map(|party| PartyList {
                candidates: (1..=3)
                    .map(|n| Candidate {
                        nomor: n,
                        name: format!("Calon {n}"),
                        gender: None,
                    })
                    .collect(),
                party,
            })
            .collect();
        Ballot {
            contest: Contest::Dpr,
            dapil: Some(Dapil {
                code: "3307".into(),
                name: "JAWA TENGAH VII".into(),
            }),
            items: BallotItems::Parties(lists),
        }
    }

    #[test]
    fn ppwp_has_three_pages_with_the_expected_fields() {
        let cat = Catalogue::new(&Ballot::ppwp_2024());
        assert_eq!(
            cat.pages(),
            vec![PageCode(101), PageCode(102), PageCode(103)]
        );
        // 5 voter rows × 3 + 4 ballot rows + 3 disability + 3 pairs + 3 totals.
        assert_eq!(cat.fields.len(), 28);
        assert_eq!(cat.page_fields(PageCode(102)).count(), 3);
        assert_eq!(cat.get(FieldKey::SuaraTotal).unwrap().code, "V.C");
        assert_eq!(
            cat.valid_total_parts(),
            vec![
                FieldKey::Paslon(1),
                FieldKey::Paslon(2),
                FieldKey::Paslon(3)
            ]
        );
    }

    #[test]
    fn dpr_has_one_page_per_party_and_page_220() {
        let cat = Catalogue::new(&dpr_ballot());
        let pages = cat.pages();
        assert_eq!(pages.first(), Some(&PageCode(201)));
        assert_eq!(pages.len(), 20);
        assert_eq!(pages.last(), Some(&PageCode(220)));
        // Partai Ummat (24) is the 18th party, on page 219.
        assert_eq!(
            cat.get(FieldKey::PartyTotal(24)).unwrap().page,
            PageCode(219)
        );
        assert_eq!(
            cat.get(FieldKey::CandidateVotes(15, 2)).unwrap().code,
            "IV.15.A.2.2"
        );
    }

    #[test]
    fn dpd_pages_hold_eight_candidates() {
        let ballot = Ballot {
            contest: Contest::Dpd,
            dapil: None,
            items: BallotItems::Candidates(
                (1..=20)
                    .map(|n| Candidate {
                        nomor: n,
                        name: format!("Calon {n}"),
                        gender: None,
                    })
                    .collect(),
            ),
        };
        let cat = Catalogue::new(&ballot);
        assert_eq!(
            cat.get(FieldKey::DpdCandidate(8)).unwrap().page,
            PageCode(302)
        );
        assert_eq!(
            cat.get(FieldKey::DpdCandidate(9)).unwrap().page,
            PageCode(303)
        );
        assert_eq!(
            cat.get(FieldKey::DpdCandidate(20)).unwrap().page,
            PageCode(304)
        );
        assert_eq!(cat.get(FieldKey::SuaraSah).unwrap().page, PageCode(399));
        assert_eq!(PageCode(399).contest(), Some(Contest::Dpd));
    }
}
