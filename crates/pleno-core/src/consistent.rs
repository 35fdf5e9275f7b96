//! Builds arithmetically consistent forms from a few turnout figures and the votes: used by the
//! demo generator, the property tests and anyone who needs a form that passes every rule.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::field::{Col, FieldKey, VoterRow};
use crate::values::FormValues;

/// The independent turnout figures of one TPS; everything else on sections I–III follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turnout {
    pub dpt_l: u32,
    pub dpt_p: u32,
    pub dpt_used_l: u32,
    pub dpt_used_p: u32,
    pub dptb_l: u32,
    pub dptb_p: u32,
    pub dpk_l: u32,
    pub dpk_p: u32,
    pub disabled_l: u32,
    pub disabled_p: u32,
    /// Ballots returned as damaged or wrongly marked.
    pub spoiled: u32,
}

impl Turnout {
    pub fn voters_l(&self) -> u32 {
        self.dpt_used_l + self.dptb_l + self.dpk_l
    }
    pub fn voters_p(&self) -> u32 {
        self.dpt_used_p + self.dptb_p + self.dpk_p
    }
    pub fn voters(&self) -> u32 {
        self.voters_l() + self.voters_p()
    }
    pub fn dpt(&self) -> u32 {
        self.dpt_l + self.dpt_p
    }
    /// Ballots delivered: DPT plus the 2 % reserve, rounded up.
    pub fn ballots_received(&self) -> u32 {
        (self.dpt() * 102).div_ceil(100)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("suara sah {valid} melebihi pengguna hak pilih {voters}")]
    TooManyVotes { valid: u32, voters: u32 },
    #[error(
        "pengguna hak pilih {voters} ditambah surat rusak {spoiled} melebihi surat diterima {received}"
    )]
    TooFewBallots {
        voters: u32,
        spoiled: u32,
        received: u32,
    },
    #[error("isian {0} bukan baris perolehan suara formulir ini")]
    NotAResultRow(FieldKey),
}

/// Fills every field of `cat` so that all rules hold. `votes` gives the independent result rows:
/// pairs, party-only votes (A.1) and candidate votes (A.2), or DPD candidates; missing ones are 0.
/// Invalid votes are what is left of the turnout.
pub fn build_form(
    cat: &Catalogue,
    t: &Turnout,
    votes: &BTreeMap<FieldKey, u32>,
) -> Result<FormValues, BuildError> {
    let mut v = FormValues::new();
    let put_row = |row: VoterRow, l: u32, p: u32, v: &mut FormValues| {
        v.set(FieldKey::Voter(row, Col::L), l);
        v.set(FieldKey::Voter(row, Col::P), p);
        v.set(FieldKey::Voter(row, Col::J), l + p);
    };
    put_row(VoterRow::Dpt, t.dpt_l, t.dpt_p, &mut v);
    put_row(VoterRow::PenggunaDpt, t.dpt_used_l, t.dpt_used_p, &mut v);
    put_row(VoterRow::PenggunaDptb, t.dptb_l, t.dptb_p, &mut v);
    put_row(VoterRow::PenggunaDpk, t.dpk_l, t.dpk_p, &mut v);
    put_row(VoterRow::PenggunaTotal, t.voters_l(), t.voters_p(), &mut v);
    put_row(VoterRow::Disabilitas, t.disabled_l, t.disabled_p, &mut v);

    let voters = t.voters();
    let received = t.ballots_received();
    if voters + t.spoiled > received {
        return Err(BuildError::TooFewBallots {
            voters,
            spoiled: t.spoiled,
            received,
        });
    }
    v.set(FieldKey::SuratDiterima, received);
    v.set(FieldKey::SuratDigunakan, voters);
    v.set(FieldKey::SuratDikembalikan, t.spoiled);
    v.set(FieldKey::SuratTidakDigunakan, received - voters - t.spoiled);

    for k in votes.keys() {
        if !cat.contains(*k) || !k.is_result() || matches!(k, FieldKey::PartyTotal(_)) {
            return Err(BuildError::NotAResultRow(*k));
        }
    }
    let mut valid = 0u32;
    for key in cat.keys().filter(|k| k.is_result()) {
        match key {
            FieldKey::PartyTotal(p) => {
                let total: u32 = cat
                    .keys()
                    .filter(|k| match k {
                        FieldKey::PartyVotes(q) | FieldKey::CandidateVotes(q, _) => *q == p,
                        _ => false,
                    })
                    .map(|k| votes.get(&k).copied().unwrap_or(0))
                    .sum();
                v.set(key, total);
                valid += total;
            }
            FieldKey::Paslon(_) | FieldKey::DpdCandidate(_) => {
                let n = votes.get(&key).copied().unwrap_or(0);
                v.set(key, n);
                valid += n;
            }
            _ => {
                v.set(key, votes.get(&key).copied().unwrap_or(0));
            }
        }
    }
    if valid > voters {
        return Err(BuildError::TooManyVotes { valid, voters });
    }
    v.set(FieldKey::SuaraSah, valid);
    v.set(FieldKey::SuaraTidakSah, voters - valid);
    v.set(FieldKey::SuaraTotal, voters);
    Ok(v)
}
