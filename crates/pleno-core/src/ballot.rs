//! What stands on the ballot of one contest: candidate pairs, parties with their candidates,
//! or DPD candidates. The 2024 pairs and parties are built in (docs/domain.md §6.1, §6.2); party
//! candidates and DPD candidates come from the reference files of a workspace.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::contest::Contest;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Pair {
    /// Ballot number 1..=3.
    pub nomor: u8,
    pub presiden: String,
    pub wakil: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Party {
    /// Ballot number: 1–17 and 24 nationally, 18–23 only in Aceh.
    pub nomor: u8,
    pub name: String,
    pub short: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Gender {
    #[serde(rename = "L")]
    L,
    #[serde(rename = "P")]
    P,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Candidate {
    /// Ballot number within the party list (or within the DPD list).
    pub nomor: u8,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PartyList {
    pub party: Party,
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "items", rename_all = "snake_case")]
pub enum BallotItems {
    Pairs(Vec<Pair>),
    Parties(Vec<PartyList>),
    Candidates(Vec<Candidate>),
}

/// The electoral district a legislative contest is held in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Dapil {
    pub code: String,
    pub name: String,
}

/// The ballot of one contest as seen by one kecamatan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Ballot {
    pub contest: Contest,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dapil: Option<Dapil>,
    pub items: BallotItems,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    #[error("surat suara {contest}: jenis isian tidak cocok (harus {expected})")]
    WrongKind {
        contest: Contest,
        expected: &'static str,
    },
    #[error("surat suara {contest}: nomor urut {nomor} muncul dua kali")]
    DuplicateNumber { contest: Contest, nomor: u8 },
    #[error(
        "surat suara {contest}: partai {party} memuat {count} calon, paling banyak {max} per halaman formulir"
    )]
    TooManyCandidates {
        contest: Contest,
        party: u8,
        count: usize,
        max: usize,
    },
    #[error("surat suara {contest}: daftar kosong")]
    Empty { contest: Contest },
    #[error("surat suara {contest}: nomor urut {nomor} di luar 1..=99")]
    BadNumber { contest: Contest, nomor: u8 },
    #[error("surat suara {contest}: nomor calon {nomor} partai {party} muncul dua kali")]
    DuplicateCandidate {
        contest: Contest,
        party: u8,
        nomor: u8,
    },
}

impl Ballot {
    /// The PPWP ballot of 2024 (docs/domain.md §6.1).
    pub fn ppwp_2024() -> Ballot {
        let pairs = [
            (
                1,
                "H. Anies Rasyid Baswedan, Ph.D.",
                "Dr. (H.C.) H. A. Muhaimin Iskandar",
            ),
            (2, "H. Prabowo Subianto", "Gibran Rakabuming Raka"),
            (
                3,
                "H. Ganjar Pranowo, S.H., M.I.P.",
                "Prof. Dr. H. M. Mahfud MD",
            ),
        ];
        Ballot {
            contest: Contest::Ppwp,
            dapil: None,
            items: BallotItems::Pairs(
                pairs
                    .iter()
                    .map(|&(nomor, p, w)| Pair {
                        nomor,
                        presiden: p.to_string(),
                        wakil: w.to_string(),
                    })
                    .collect(),
            ),
        }
    }

    /// Checks numbering and page capacity; the reference importer calls this.
    pub fn validate(&self) -> Result<(), BallotError> {
        let contest = self.contest;
        let wrong = |expected| BallotError::WrongKind { contest, expected };
        let numbers: Vec<u8> = match (&self.items, contest) {
            (BallotItems::Pairs(p), Contest::Ppwp) => p.iter().map(|x| x.nomor).collect(),
            (BallotItems::Candidates(c), Contest::Dpd) => c.iter().map(|x| x.nomor).collect(),
            (BallotItems::Parties(p), c) if c.is_party_list() => {
                for list in p {
                    let max = contest.max_candidates_per_party();
                    if list.candidates.len() > max {
                        return Err(BallotError::TooManyCandidates {
                            contest,
                            party: list.party.nomor,
                            count: list.candidates.len(),
                            max,
                        });
                    }
                    let mut seen = Vec::new();
                    for cand in &list.candidates {
                        if cand.nomor == 0 || seen.contains(&cand.nomor) {
                            return Err(BallotError::DuplicateCandidate {
                                contest,
                                party: list.party.nomor,
                                nomor: cand.nomor,
                            });
                        }
                        seen.push(cand.nomor);
                    }
                }
                p.iter().map(|x| x.party.nomor).collect()
            }
            (_, Contest::Ppwp) => return Err(wrong("pasangan calon")),
            (_, Contest::Dpd) => return Err(wrong("calon perseorangan")),
            _ => return Err(wrong("partai politik dan calon")),
        };
        if numbers.is_empty() {
            return Err(BallotError::Empty { contest });
        }
        let mut seen = Vec::new();
        for n in numbers {
            if n == 0 || n > 99 {
                return Err(BallotError::BadNumber { contest, nomor: n });
            }
            if seen.contains(&n) {
                return Err(BallotError::DuplicateNumber { contest, nomor: n });
            }
            seen.push(n);
        }
        Ok(())
    }

    pub fn pairs(&self) -> &[Pair] {
        match &self.items {
            BallotItems::Pairs(p) => p,
            _ => &[],
        }
    }

    pub fn parties(&self) -> &[PartyList] {
        match &self.items {
            BallotItems::Parties(p) => p,
            _ => &[],
        }
    }

    pub fn dpd_candidates(&self) -> &[Candidate] {
        match &self.items {
            BallotItems::Candidates(c) => c,
            _ => &[],
        }
    }

    /// The participants who may send a saksi (witness): pairs, parties or DPD candidates,
    /// as (number, display name).
    pub fn participants(&self) -> Vec<(u8, String)> {
        match &self.items {
            BallotItems::Pairs(p) => p
                .iter()
                .map(|x| (x.nomor, format!("{} – {}", x.presiden, x.wakil)))
                .collect(),
            BallotItems::Parties(p) => p
                .iter()
                .map(|x| (x.party.nomor, x.party.name.clone()))
                .collect(),
            BallotItems::Candidates(c) => c.iter().map(|x| (x.nomor, x.name.clone())).collect(),
        }
    }
}

/// The parties of Pemilu 2024 in ballot-number order (docs/domain.md §6.2).
pub fn parties_2024() -> Vec<(Party, bool)> {
    const ROWS: [(u8, &str, &str, bool); 24] = [
        (1, "Partai Kebangkitan Bangsa", "PKB", false),
        (2, "Partai Gerakan Indonesia Raya", "Gerindra", false),
        (3, "Partai Demokrasi Indonesia Perjuangan", "PDI-P", false),
        (4, "Partai Golongan Karya", "Golkar", false),
        (5, "Partai Nasional Demokrat", "NasDem", false),
        (6, "Partai Buruh", "Buruh", false),
        (7, "Partai Gelombang Rakyat Indonesia", "Gelora", false),
        (8, "Partai Keadilan Sejahtera", "PKS", false),
        (9, "Partai Kebangkitan Nusantara", "PKN", false),
        (10, "Partai Hati Nurani Rakyat", "Hanura", false),
        (11, "Partai Garda Republik Indonesia", "Garuda", false),
        (12, "Partai Amanat Nasional", "PAN", false),
        (13, "Partai Bulan Bintang", "PBB", false),
        (14, "Partai Demokrat", "Demokrat", false),
        (15, "Partai Solidaritas Indonesia", "PSI", false),
        (16, "Partai Persatuan Indonesia", "Perindo", false),
        (17, "Partai Persatuan Pembangunan", "PPP", false),
        (18, "Partai Nanggroe Aceh", "PNA", true),
        (
            19,
            "Partai Generasi Atjeh Beusaboh Tha'at dan Taqwa",
            "Gabthat",
            true,
        ),
        (20, "Partai Darul Aceh", "PDA", true),
        (21, "Partai Aceh", "PA", true),
        (22, "Partai Adil Sejahtera Aceh", "PAS Aceh", true),
        (23, "Partai Soliditas Independen Rakyat Aceh", "SIRA", true),
        (24, "Partai Ummat", "Ummat", false),
    ];
    ROWS.iter()
        .map(|&(nomor, name, short, aceh)| {
            (
                Party {
                    nomor,
                    name: name.to_string(),
                    short: short.to_string(),
                },
                aceh,
            )
        })
        .collect()
}

/// The parties on a DPR/DPRD ballot: the 18 national ones, plus the six Aceh parties on DPRD
/// ballots in Aceh (provinsi 11).
pub fn parties_for(contest: Contest, provinsi: &str) -> Vec<Party> {
    let aceh_local = provinsi == "11" && matches!(contest, Contest::DprdProv | Contest::DprdKab);
    parties_2024()
        .into_iter()
        .filter(|(_, aceh_only)| !aceh_only || aceh_local)
        .map(|(p, _)| p)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_ballot_has_18_parties_aceh_dprd_24() {
        assert_eq!(parties_for(Contest::Dpr, "33").len(), 18);
        assert_eq!(parties_for(Contest::Dpr, "11").len(), 18);
        assert_eq!(parties_for(Contest::DprdKab, "11").len(), 24);
        let national: Vec<u8> = parties_for(Contest::DprdProv, "33")
            .iter()
            .map(|p| p.nomor)
            .collect();
        assert_eq!(national.last(), Some(&24));
        assert!(!national.contains(&18));
    }

    #[test]
    fn validate_catches_duplicates_and_overfull_lists() {
        assert!(Ballot::ppwp_2024().validate().is_ok());
        let mut b = Ballot::ppwp_2024();
        if let BallotItems::Pairs(p) = &mut b.items {
            p[2].nomor = 1;
        }
        assert!(matches!(
            b.validate(),
            Err(BallotError::DuplicateNumber { nomor: 1, .. })
        ));

        let party = parties_for(Contest::Dpr, "33").remove(0);
        let candidates = (1..=11)
            .map(|n| Candidate {
                nomor: n,
                name: format!("Calon {n}"),
                gender: None,
            })
            .collect();
        let dpr = Ballot {
            contest: Contest::Dpr,
            dapil: None,
            items: BallotItems::Parties(vec![PartyList { party, candidates }]),
        };
        assert!(matches!(
            dpr.validate(),
            Err(BallotError::TooManyCandidates {
                count: 11,
                max: 10,
                ..
            })
        ));
        let wrong = Ballot {
            contest: Contest::Dpd,
            dapil: None,
            items: BallotItems::Pairs(vec![]),
        };
        assert!(matches!(
            wrong.validate(),
            Err(BallotError::WrongKind { .. })
        ));
    }
}
