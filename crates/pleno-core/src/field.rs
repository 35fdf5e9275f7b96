//! Stable keys of every number on a C.Hasil form. Names follow SIREKAP's public JSON where one
//! exists (docs/domain.md §2.2, §5.1), so exported data lines up with what observers already parse.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Column of the sex-disaggregated rows of sections I and III.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Col {
    L,
    P,
    J,
}

impl Col {
    pub const ALL: [Col; 3] = [Col::L, Col::P, Col::J];
    const fn suffix(self) -> &'static str {
        match self {
            Col::L => "l",
            Col::P => "p",
            Col::J => "j",
        }
    }
}

/// The L/P/J rows: section I (A, B.1–B.4) and section III.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema)]
pub enum VoterRow {
    /// I.A Jumlah pemilih dalam DPT.
    Dpt,
    /// I.B.1 pengguna hak pilih dalam DPT.
    PenggunaDpt,
    /// I.B.2 pindahan (DPTb).
    PenggunaDptb,
    /// I.B.3 pemilih khusus (DPK).
    PenggunaDpk,
    /// I.B.4 = B.1 + B.2 + B.3.
    PenggunaTotal,
    /// III pemilih disabilitas yang menggunakan hak pilih.
    Disabilitas,
}

impl VoterRow {
    pub const ALL: [VoterRow; 6] = [
        VoterRow::Dpt,
        VoterRow::PenggunaDpt,
        VoterRow::PenggunaDptb,
        VoterRow::PenggunaDpk,
        VoterRow::PenggunaTotal,
        VoterRow::Disabilitas,
    ];
    const fn stem(self) -> &'static str {
        match self {
            VoterRow::Dpt => "pemilih_dpt",
            VoterRow::PenggunaDpt => "pengguna_dpt",
            VoterRow::PenggunaDptb => "pengguna_dptb",
            VoterRow::PenggunaDpk => "pengguna_dpk",
            VoterRow::PenggunaTotal => "pengguna_total",
            VoterRow::Disabilitas => "pemilih_disabilitas",
        }
    }
}

/// One number on a form. `Ord` follows the paper order of the sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldKey {
    Voter(VoterRow, Col),
    /// II.1 diterima, termasuk cadangan 2 %.
    SuratDiterima,
    /// II digunakan.
    SuratDigunakan,
    /// II dikembalikan karena rusak/keliru coblos.
    SuratDikembalikan,
    /// II tidak digunakan/tidak terpakai.
    SuratTidakDigunakan,
    /// IV (PPWP) votes of candidate pair N.
    Paslon(u8),
    /// IV.A.1 party-only votes of party P.
    PartyVotes(u8),
    /// IV.A.2 votes of candidate N of party P.
    CandidateVotes(u8, u8),
    /// IV.B total of party P (A.1 + A.2).
    PartyTotal(u8),
    /// IV (DPD) votes of candidate N.
    DpdCandidate(u8),
    /// V.A jumlah seluruh suara sah.
    SuaraSah,
    /// V.B jumlah suara tidak sah.
    SuaraTidakSah,
    /// V.C jumlah seluruh suara sah dan tidak sah.
    SuaraTotal,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("kunci isian '{0}' tidak dikenal")]
pub struct UnknownField(pub String);

impl FieldKey {
    pub const fn voter(row: VoterRow, col: Col) -> FieldKey {
        FieldKey::Voter(row, col)
    }

    /// A vote count in section IV (a result row).
    pub const fn is_result(self) -> bool {
        matches!(
            self,
            FieldKey::Paslon(_)
                | FieldKey::PartyVotes(_)
                | FieldKey::CandidateVotes(..)
                | FieldKey::PartyTotal(_)
                | FieldKey::DpdCandidate(_)
        )
    }

    /// The rows that Σ IV sums (R8): pairs, party totals B, or DPD candidates.
    pub const fn counts_in_valid_total(self) -> bool {
        matches!(
            self,
            FieldKey::Paslon(_) | FieldKey::PartyTotal(_) | FieldKey::DpdCandidate(_)
        )
    }
}

impl fmt::Display for FieldKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            FieldKey::Voter(row, col) => write!(f, "{}_{}", row.stem(), col.suffix()),
            FieldKey::SuratDiterima => f.write_str("surat_diterima"),
            FieldKey::SuratDigunakan => f.write_str("surat_digunakan"),
            FieldKey::SuratDikembalikan => f.write_str("surat_dikembalikan"),
            FieldKey::SuratTidakDigunakan => f.write_str("surat_tidak_digunakan"),
            FieldKey::Paslon(n) => write!(f, "suara_paslon_{n}"),
            FieldKey::PartyVotes(p) => write!(f, "suara_partai_{p}"),
            FieldKey::CandidateVotes(p, n) => write!(f, "suara_calon_{p}_{n}"),
            FieldKey::PartyTotal(p) => write!(f, "jumlah_suara_partai_{p}"),
            FieldKey::DpdCandidate(n) => write!(f, "suara_calon_{n}"),
            FieldKey::SuaraSah => f.write_str("suara_sah"),
            FieldKey::SuaraTidakSah => f.write_str("suara_tidak_sah"),
            FieldKey::SuaraTotal => f.write_str("suara_total"),
        }
    }
}

fn number(part: &str, whole: &str) -> Result<u8, UnknownField> {
    match part.parse::<u8>() {
        Ok(n) if n > 0 && !part.starts_with('0') => Ok(n),
        _ => Err(UnknownField(whole.to_string())),
    }
}

impl FromStr for FieldKey {
    type Err = UnknownField;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownField(s.to_string());
        match s {
            "surat_diterima" => return Ok(FieldKey::SuratDiterima),
            "surat_digunakan" => return Ok(FieldKey::SuratDigunakan),
            "surat_dikembalikan" => return Ok(FieldKey::SuratDikembalikan),
            "surat_tidak_digunakan" => return Ok(FieldKey::SuratTidakDigunakan),
            "suara_sah" => return Ok(FieldKey::SuaraSah),
            "suara_tidak_sah" => return Ok(FieldKey::SuaraTidakSah),
            "suara_total" => return Ok(FieldKey::SuaraTotal),
            _ => {}
        }
        if let Some((stem, col)) = s.rsplit_once('_') {
            let col = match col {
                "l" => Some(Col::L),
                "p" => Some(Col::P),
                "j" => Some(Col::J),
                _ => None,
            };
            if let Some(col) = col
                && let Some(row) = VoterRow::ALL.into_iter().find(|r| r.stem() == stem)
            {
                return Ok(FieldKey::Voter(row, col));
            }
        }
        if let Some(rest) = s.strip_prefix("suara_paslon_") {
            return number(rest, s).map(FieldKey::Paslon);
        }
        if let Some(rest) = s.strip_prefix("suara_partai_") {
            return number(rest, s).map(FieldKey::PartyVotes);
        }
        if let Some(rest) = s.strip_prefix("jumlah_suara_partai_") {
            return number(rest, s).map(FieldKey::PartyTotal);
        }
        if let Some(rest) = s.strip_prefix("suara_calon_") {
            return match rest.split_once('_') {
                Some((p, n)) => Ok(FieldKey::CandidateVotes(number(p, s)?, number(n, s)?)),
                None => number(rest, s).map(FieldKey::DpdCandidate),
            };
        }
        Err(unknown())
    }
}

impl Serialize for FieldKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

// Travels as its text (`Display`), so the UI sees a string.
impl schemars::JsonSchema for FieldKey {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FieldKey".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

impl<'de> Deserialize<'de> for FieldKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_their_names() {
        let keys = [
            (FieldKey::Voter(VoterRow::Dpt, Col::L), "pemilih_dpt_l"),
            (
                FieldKey::Voter(VoterRow::PenggunaDpk, Col::J),
                "pengguna_dpk_j",
            ),
            (
                FieldKey::Voter(VoterRow::Disabilitas, Col::P),
                "pemilih_disabilitas_p",
            ),
            (FieldKey::SuratTidakDigunakan, "surat_tidak_digunakan"),
            (FieldKey::Paslon(2), "suara_paslon_2"),
            (FieldKey::PartyVotes(15), "suara_partai_15"),
            (FieldKey::CandidateVotes(24, 3), "suara_calon_24_3"),
            (FieldKey::PartyTotal(1), "jumlah_suara_partai_1"),
            (FieldKey::DpdCandidate(13), "suara_calon_13"),
            (FieldKey::SuaraTotal, "suara_total"),
        ];
        for (key, name) in keys {
            assert_eq!(key.to_string(), name);
            assert_eq!(name.parse::<FieldKey>().unwrap(), key);
        }
        for bad in [
            "suara_paslon_0",
            "suara_calon_01",
            "pemilih_dpt_x",
            "suara",
            "suara_calon_1_",
        ] {
            assert!(bad.parse::<FieldKey>().is_err(), "{bad}");
        }
    }
}
