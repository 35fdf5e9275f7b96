//! The arithmetic and consistency rules of docs/domain.md §3, declared once as data and checked by
//! the functions of the submodules: within one form ([`form`]), across the five forms of a TPS
//! ([`tps`]) and across levels ([`level`]).

mod constraint;
mod finding;
pub mod form;
pub mod level;
pub mod tps;

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use constraint::{Constraint, Op, Outcome};
pub use finding::{FieldRef, Finding};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Needs an agreed correction, a recount or an objection before the form can be agreed.
    Error,
    /// Plausible but suspicious: needs an explicit acknowledgement.
    Warning,
}

impl Severity {
    pub const fn name_id(self) -> &'static str {
        match self {
            Severity::Error => "galat",
            Severity::Warning => "peringatan",
        }
    }
}

/// Where a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Within one C.Hasil form.
    Form,
    /// Across the five forms of one TPS.
    Tps,
    /// Across levels (TPS → desa → kecamatan → kabupaten) and the master lists.
    Level,
}

macro_rules! rule_ids {
    ($($id:ident),* $(,)?) => {
        /// Identifier of a rule as written in docs/domain.md §3 (R1–R20, X1–X6, L1–L6).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema)]
        pub enum RuleId { $($id),* }

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$id),*];
            pub const fn as_str(self) -> &'static str {
                match self { $(RuleId::$id => stringify!($id)),* }
            }
        }
    };
}

rule_ids!(
    R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13, R14, R15, R16, R17, R18, R19, R20, X1,
    X2, X3, X4, X5, X6, L1, L2, L3, L4, L5, L6,
);

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let want = s.trim().to_ascii_uppercase();
        RuleId::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == want)
            .ok_or_else(|| format!("aturan '{s}' tidak dikenal"))
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// One rule as declared in docs/domain.md §3.
#[derive(Debug, Clone, Serialize)]
pub struct RuleDef {
    pub id: RuleId,
    pub severity: Severity,
    pub scope: Scope,
    pub formula: &'static str,
    pub title_id: &'static str,
    pub title_en: &'static str,
    /// What the plenary does when it fails (docs/domain.md §3 handling codes).
    pub handling_id: &'static str,
    /// `None` when Pleno checks it; otherwise why it is left to people.
    pub not_automated: Option<&'static str>,
}

const H_PPK: &str = "Pembetulan di rapat pleno PPK setelah membaca C.Hasil (h-PPK)";
const H_HSU: &str = "Penghitungan suara ulang untuk TPS dan jenis pemilihan ini (h-HSU)";
const H_READ: &str = "Baca ulang angka pada C.Hasil; periksa salah baca mesin";
const H_NOTE: &str = "Catat dalam D.Kejadian Khusus bila tidak dapat dijelaskan";

/// Every rule of docs/domain.md §3, in the order of the document.
pub static RULES: &[RuleDef] = &[
    RuleDef {
        id: RuleId::R1,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "J = L + P (I.A, I.B.1–4, III)",
        title_id: "Penjumlahan L + P tidak benar",
        title_en: "Men + women does not equal the total",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R2,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "B.4 = B.1 + B.2 + B.3 (L, P, J)",
        title_id: "Jumlah pengguna hak pilih tidak sama dengan B.1 + B.2 + B.3",
        title_en: "Turnout total does not equal B.1 + B.2 + B.3",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R3,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "B.1 ≤ A (L, P, J)",
        title_id: "Pengguna hak pilih DPT melebihi jumlah pemilih DPT",
        title_en: "DPT voters who voted exceed the DPT",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R4,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "diterima = dikembalikan + tidak digunakan + digunakan",
        title_id: "Surat suara diterima tidak sama dengan jumlah rinciannya",
        title_en: "Ballots received do not balance",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R5,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "dikembalikan ≤ diterima; tidak digunakan ≤ diterima",
        title_id: "Rincian surat suara melebihi surat suara diterima",
        title_en: "A ballot sub-item exceeds ballots received",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R6,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "surat digunakan = B.4 (J)",
        title_id: "Surat suara digunakan harus sama dengan jumlah pengguna hak pilih",
        title_en: "Ballots used must equal the number of voters",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R7,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "V.C = V.A + V.B",
        title_id: "Jumlah suara sah dan tidak sah tidak sama dengan V.A + V.B",
        title_en: "Total votes do not equal valid + invalid",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R8,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "V.A = Σ IV",
        title_id: "Jumlah suara sah harus sama dengan total perolehan suara",
        title_en: "Valid votes must equal the sum of all results",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R9,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "B = A.1 + Σ A.2 (per partai)",
        title_id: "Jumlah suara partai dan calon tidak sama dengan A.1 + A.2",
        title_en: "Party total does not equal party votes + candidate votes",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R10,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "V.C = B.4 (J)",
        title_id: "Jumlah suara sah dan tidak sah tidak sama dengan jumlah pengguna hak pilih",
        title_en: "Votes cast do not equal turnout",
        handling_id: H_HSU,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R11,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "III ≤ B.4 (L, P, J)",
        title_id: "Pemilih disabilitas melebihi jumlah pengguna hak pilih",
        title_en: "Voters with disabilities exceed turnout",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R12,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "0 ≤ nilai ≤ 999",
        title_id: "Angka di luar jangkauan tiga kotak",
        title_en: "Value outside what three boxes can hold",
        handling_id: H_READ,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R13,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "huruf = angka",
        title_id: "Angka yang ditulis dengan huruf berbeda dengan kotak angka",
        title_en: "Number in words differs from the boxes",
        handling_id: H_PPK,
        not_automated: Some(
            "tulisan huruf tidak dibaca mesin; panel membandingkannya pada gambar formulir",
        ),
    },
    RuleDef {
        id: RuleId::R14,
        severity: Severity::Warning,
        scope: Scope::Form,
        formula: "A (J) ≤ 300; setiap perolehan suara ≤ 300",
        title_id: "Angka di atas 300 untuk satu TPS (anomali)",
        title_en: "A figure above 300 for one TPS (anomaly)",
        handling_id: H_READ,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R15,
        severity: Severity::Warning,
        scope: Scope::Form,
        formula: "diterima ≈ A (J) + 2%",
        title_id: "Surat suara diterima jauh dari DPT + 2%",
        title_en: "Ballots received far from DPT + 2%",
        handling_id: H_NOTE,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R16,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "B.4 (J) ≤ diterima",
        title_id: "Pengguna hak pilih melebihi surat suara diterima",
        title_en: "Turnout exceeds ballots received",
        handling_id: H_HSU,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R17,
        severity: Severity::Warning,
        scope: Scope::Form,
        formula: "Σ IV ≤ 1,02 × A (J)",
        title_id: "Perolehan suara melebihi DPT + 2%",
        title_en: "Votes exceed DPT + 2%",
        handling_id: H_READ,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R18,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "setiap isian terisi",
        title_id: "Isian kosong atau belum terbaca",
        title_en: "Field empty or not yet read",
        handling_id: H_READ,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::R19,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "calon per partai ≤ kursi dapil",
        title_id: "Jumlah calon partai melebihi batas halaman formulir",
        title_en: "More candidates than the form holds",
        handling_id: "Periksa berkas daftar calon",
        not_automated: Some("diperiksa saat berkas daftar calon diimpor (Ballot::validate)"),
    },
    RuleDef {
        id: RuleId::R20,
        severity: Severity::Error,
        scope: Scope::Form,
        formula: "plano = salinan",
        title_id: "C.Hasil plano berbeda dengan salinan",
        title_en: "Plano differs from the salinan",
        handling_id: H_HSU,
        not_automated: Some("dibandingkan oleh aplikasi bila plano dan salinan sama-sama diunggah"),
    },
    RuleDef {
        id: RuleId::X1,
        severity: Severity::Warning,
        scope: Scope::Tps,
        formula: "I.A sama pada kelima jenis pemilihan",
        title_id: "Jumlah pemilih DPT berbeda antar jenis pemilihan",
        title_en: "DPT differs between the forms of the TPS",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::X2,
        severity: Severity::Warning,
        scope: Scope::Tps,
        formula: "B.1 dan B.3 sama pada kelima jenis pemilihan",
        title_id: "Pengguna hak pilih DPT/DPK berbeda antar jenis pemilihan",
        title_en: "DPT/DPK turnout differs between the forms of the TPS",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::X3,
        severity: Severity::Warning,
        scope: Scope::Tps,
        formula: "B.2: PPWP ≥ DPD ≥ DPR; DPD ≥ DPRD Prov, DPRD Kab/Kota",
        title_id: "Urutan pemilih DPTb antar jenis pemilihan tidak wajar",
        title_en: "DPTb turnout out of order between forms",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::X4,
        severity: Severity::Warning,
        scope: Scope::Tps,
        formula: "B.4: PPWP ≥ DPD ≥ jenis lain",
        title_id: "Urutan jumlah pengguna hak pilih antar jenis pemilihan tidak wajar",
        title_en: "Turnout out of order between forms",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::X5,
        severity: Severity::Error,
        scope: Scope::Tps,
        formula: "surat digunakan = B.4 (J) untuk setiap jenis",
        title_id: "Surat suara digunakan tidak sama dengan pengguna hak pilih pada jenis ini",
        title_en: "Ballots used differ from turnout for this contest",
        handling_id: H_HSU,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::X6,
        severity: Severity::Warning,
        scope: Scope::Tps,
        formula: "V.B/V.C PPWP ≤ V.B/V.C legislatif + 5 poin",
        title_id: "Persentase suara tidak sah PPWP tidak wajar dibanding jenis lain",
        title_en: "PPWP invalid-vote rate unusually high versus other forms",
        handling_id: H_NOTE,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::L1,
        severity: Severity::Error,
        scope: Scope::Level,
        formula: "angka desa = Σ TPS",
        title_id: "Angka desa tidak sama dengan jumlah TPS-nya",
        title_en: "Desa figure differs from the sum of its TPS",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::L2,
        severity: Severity::Error,
        scope: Scope::Level,
        formula: "angka kecamatan = Σ desa",
        title_id: "Angka kecamatan tidak sama dengan jumlah desanya",
        title_en: "Kecamatan figure differs from the sum of its desa",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::L3,
        severity: Severity::Error,
        scope: Scope::Level,
        formula: "angka kab/kota = Σ D.Hasil kecamatan",
        title_id: "Angka kabupaten/kota tidak sama dengan jumlah kecamatannya",
        title_en: "Kab/Kota figure differs from the sum of its kecamatan",
        handling_id: "Keberatan atau pembetulan di pleno KPU Kabupaten/Kota",
        not_automated: None,
    },
    RuleDef {
        id: RuleId::L4,
        severity: Severity::Warning,
        scope: Scope::Level,
        formula: "SIREKAP/ketikan = kertas",
        title_id: "Angka tercatat berbeda dengan foto C.Hasil",
        title_en: "Recorded figure differs from the C.Hasil photo",
        handling_id: H_PPK,
        not_automated: None,
    },
    RuleDef {
        id: RuleId::L5,
        severity: Severity::Error,
        scope: Scope::Level,
        formula: "setiap TPS daftar induk tepat satu kali per jenis",
        title_id: "TPS hilang, ganda, atau tidak ada di daftar induk",
        title_en: "TPS missing, duplicated or not in the master list",
        handling_id: "Lengkapi atau hapus formulir TPS tersebut",
        not_automated: None,
    },
    RuleDef {
        id: RuleId::L6,
        severity: Severity::Error,
        scope: Scope::Level,
        formula: "kode wilayah 2/4/6/10 digit, TPS = desa + 3 digit",
        title_id: "Kode wilayah tidak sah atau tidak berada di induknya",
        title_en: "Wilayah code invalid or not under its parent",
        handling_id: "Perbaiki berkas data wilayah",
        not_automated: None,
    },
];

/// The declaration of `id`.
pub fn rule(id: RuleId) -> &'static RuleDef {
    // RULES lists every RuleId exactly once (checked by a test), so the index is the position.
    &RULES[RuleId::ALL.iter().position(|r| *r == id).unwrap_or(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_declared_once_in_order() {
        assert_eq!(RULES.len(), RuleId::ALL.len());
        for (def, id) in RULES.iter().zip(RuleId::ALL) {
            assert_eq!(def.id, *id);
            assert_eq!(rule(*id).id, *id);
        }
        assert_eq!("x3".parse::<RuleId>().unwrap(), RuleId::X3);
    }
}
