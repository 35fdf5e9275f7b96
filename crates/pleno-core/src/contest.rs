//! The five election types of Pemilu 2024, each with its own C.Hasil form.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Contest {
    /// Presiden dan Wakil Presiden.
    Ppwp,
    Dpr,
    Dpd,
    // URL paths spell them with a dash (`/api/forms/…/dprd-kab`).
    #[serde(alias = "dprd-prov")]
    DprdProv,
    #[serde(alias = "dprd-kab")]
    DprdKab,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("jenis pemilihan '{0}' tidak dikenal; gunakan ppwp, dpr, dpd, dprd-prov atau dprd-kab")]
pub struct UnknownContest(pub String);

impl Contest {
    /// In counting order (PKPU 25/2023 Pasal 52), which is also the order of the forms.
    pub const ALL: [Contest; 5] = [
        Contest::Ppwp,
        Contest::Dpr,
        Contest::Dpd,
        Contest::DprdProv,
        Contest::DprdKab,
    ];

    /// Type number used in AprilTag page codes (code = type × 100 + page).
    pub const fn type_number(self) -> u16 {
        match self {
            Contest::Ppwp => 1,
            Contest::Dpr => 2,
            Contest::Dpd => 3,
            Contest::DprdProv => 4,
            Contest::DprdKab => 5,
        }
    }

    pub fn from_type_number(n: u16) -> Option<Contest> {
        Contest::ALL.into_iter().find(|c| c.type_number() == n)
    }

    /// Stable machine name used in files, URLs and the database.
    pub const fn slug(self) -> &'static str {
        match self {
            Contest::Ppwp => "ppwp",
            Contest::Dpr => "dpr",
            Contest::Dpd => "dpd",
            Contest::DprdProv => "dprd-prov",
            Contest::DprdKab => "dprd-kab",
        }
    }

    /// Suffix of the form names: Model C.HASIL-PPWP, Model D.HASIL KECAMATAN-DPRD PROV.
    pub const fn form_suffix(self) -> &'static str {
        match self {
            Contest::Ppwp => "PPWP",
            Contest::Dpr => "DPR",
            Contest::Dpd => "DPD",
            Contest::DprdProv => "DPRD PROV",
            Contest::DprdKab => "DPRD KAB/KOTA",
        }
    }

    pub const fn name_id(self) -> &'static str {
        match self {
            Contest::Ppwp => "Presiden dan Wakil Presiden",
            Contest::Dpr => "Anggota DPR",
            Contest::Dpd => "Anggota DPD",
            Contest::DprdProv => "Anggota DPRD Provinsi",
            Contest::DprdKab => "Anggota DPRD Kabupaten/Kota",
        }
    }

    pub const fn name_en(self) -> &'static str {
        match self {
            Contest::Ppwp => "President and Vice-President",
            Contest::Dpr => "House of Representatives (DPR)",
            Contest::Dpd => "Regional Representative Council (DPD)",
            Contest::DprdProv => "Provincial Legislature (DPRD Provinsi)",
            Contest::DprdKab => "Regency/City Legislature (DPRD Kab/Kota)",
        }
    }

    /// Contests whose ballot lists parties with candidates (sections A.1, A.2, B).
    pub const fn is_party_list(self) -> bool {
        matches!(self, Contest::Dpr | Contest::DprdProv | Contest::DprdKab)
    }

    /// Contests elected in a daerah pemilihan smaller than the province.
    pub const fn has_dapil(self) -> bool {
        self.is_party_list()
    }

    /// Most candidates a party may list on one C.Hasil party page (docs/domain.md §2.1).
    pub const fn max_candidates_per_party(self) -> usize {
        match self {
            Contest::Dpr => 10,
            Contest::DprdProv | Contest::DprdKab => 14,
            Contest::Ppwp | Contest::Dpd => 0,
        }
    }
}

impl fmt::Display for Contest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for Contest {
    type Err = UnknownContest;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        match norm.as_str() {
            "ppwp" | "pilpres" | "presiden" => Ok(Contest::Ppwp),
            "dpr" | "pdpr" | "dprri" => Ok(Contest::Dpr),
            "dpd" | "pdpd" => Ok(Contest::Dpd),
            "dprdprov" | "dprdprovinsi" | "pdprdp" | "dprdp" => Ok(Contest::DprdProv),
            "dprdkab" | "dprdkabkota" | "dprdkota" | "pdprdk" | "dprdk" => Ok(Contest::DprdKab),
            _ => Err(UnknownContest(s.trim().to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_spellings() {
        assert_eq!("PPWP".parse::<Contest>().unwrap(), Contest::Ppwp);
        assert_eq!("dprd-prov".parse::<Contest>().unwrap(), Contest::DprdProv);
        assert_eq!(
            "DPRD Kab/Kota".parse::<Contest>().unwrap(),
            Contest::DprdKab
        );
        assert_eq!("pdprdk".parse::<Contest>().unwrap(), Contest::DprdKab);
        let err = "pilkada".parse::<Contest>().unwrap_err();
        assert!(err.to_string().contains("pilkada"));
        for c in Contest::ALL {
            assert_eq!(c.slug().parse::<Contest>().unwrap(), c);
            assert_eq!(Contest::from_type_number(c.type_number()), Some(c));
        }
    }
}
