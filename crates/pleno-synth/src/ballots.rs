//! Sample ballots for pages printed or photographed without a real one: the 2024 pairs and
//! parties with full candidate lists, and a DPD list of 24.

use pleno_core::ballot::{BallotItems, Candidate, PartyList, parties_for};
use pleno_core::template::SALINAN_TAG_BASE;
use pleno_core::{Ballot, Contest, Dapil};

fn candidates(n: u8) -> Vec<Candidate> {
    (1..=n)
        .map(|k| Candidate {
            nomor: k,
            name: format!("Calon {k}"),
            gender: None,
        })
        .collect()
}

/// DPD candidates on the sample ballot (pages 302–304).
pub const SAMPLE_DPD_CANDIDATES: u8 = 24;

pub fn sample_ballot(contest: Contest) -> Ballot {
    let parties = |rows: u8| {
        BallotItems::Parties(
            parties_for(contest, "33")
                .into_iter()
                .map(|party| PartyList {
                    party,
                    candidates: candidates(rows),
                })
                .collect(),
        )
    };
    let dapil = Some(Dapil {
        code: "3307".into(),
        name: "Jawa Tengah VII".into(),
    });
    match contest {
        Contest::Ppwp => Ballot::ppwp_2024(),
        Contest::Dpd => Ballot {
            contest,
            dapil: None,
            items: BallotItems::Candidates(candidates(SAMPLE_DPD_CANDIDATES)),
        },
        Contest::Dpr => Ballot {
            contest,
            dapil,
            items: parties(10),
        },
        Contest::DprdProv => Ballot {
            contest,
            dapil,
            items: parties(12),
        },
        Contest::DprdKab => Ballot {
            contest,
            dapil,
            items: parties(14),
        },
    }
}

/// The contest a tag id belongs to (plano page code or salinan sheet id).
pub fn contest_of(tag_id: u16) -> Option<Contest> {
    let code = if tag_id > SALINAN_TAG_BASE {
        tag_id - SALINAN_TAG_BASE
    } else {
        tag_id
    };
    Contest::from_type_number(code / 100)
}
