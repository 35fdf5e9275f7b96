//! Master data a recap works from: the wilayah tree with the TPS and their DPT, the people of
//! the PPK and the saksi. Loading it from files is the app's job; these are the shapes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ballot::Ballot;
use crate::contest::Contest;
use crate::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode, TpsCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tps {
    pub code: TpsCode,
    pub dpt_l: u32,
    pub dpt_p: u32,
}

impl Tps {
    pub fn dpt(&self) -> u32 {
        self.dpt_l + self.dpt_p
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Desa {
    pub code: DesaCode,
    pub name: String,
    pub tps: Vec<Tps>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Kecamatan {
    pub provinsi: ProvinsiCode,
    pub provinsi_name: String,
    pub kabupaten: KabupatenCode,
    pub kabupaten_name: String,
    pub code: KecamatanCode,
    pub name: String,
    pub desa: Vec<Desa>,
}

impl Kecamatan {
    pub fn all_tps(&self) -> impl Iterator<Item = (&Desa, &Tps)> + '_ {
        self.desa
            .iter()
            .flat_map(|d| d.tps.iter().map(move |t| (d, t)))
    }

    pub fn tps_count(&self) -> usize {
        self.desa.iter().map(|d| d.tps.len()).sum()
    }

    pub fn find_tps(&self, code: &TpsCode) -> Option<(&Desa, &Tps)> {
        self.all_tps().find(|(_, t)| t.code == *code)
    }

    pub fn find_desa(&self, code: &DesaCode) -> Option<&Desa> {
        self.desa.iter().find(|d| d.code == *code)
    }
}

/// A PPK member (or KPU Kab/Kota member) who signs the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Member {
    pub name: String,
    /// "Ketua" or "Anggota".
    pub role: String,
}

/// A saksi mandated by one participant of one contest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Saksi {
    pub contest: Contest,
    /// Ballot number of the pair, party or DPD candidate.
    pub participant: u8,
    pub name: String,
}

/// Everything a kecamatan recap is set up with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Election {
    pub kecamatan: Kecamatan,
    pub ballots: Vec<Ballot>,
    pub members: Vec<Member>,
    pub saksi: Vec<Saksi>,
}

impl Election {
    pub fn ballot(&self, contest: Contest) -> Option<&Ballot> {
        self.ballots.iter().find(|b| b.contest == contest)
    }
}
