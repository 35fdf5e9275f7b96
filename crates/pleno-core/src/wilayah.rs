//! Wilayah (administrative area) codes as KPU writes them.
//!
//! A code is all digits: provinsi 2, kabupaten/kota 4, kecamatan 6, desa/kelurahan 10, and a
//! TPS is its desa code plus a 3-digit TPS number (13 digits). Dots are accepted on input
//! (`33.03.21.2001`), because that is how the codes are printed on paper.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which level of the wilayah tree a code belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Provinsi,
    Kabupaten,
    Kecamatan,
    Desa,
    Tps,
}

impl Level {
    /// Number of digits of a code at this level.
    pub const fn digits(self) -> usize {
        match self {
            Level::Provinsi => 2,
            Level::Kabupaten => 4,
            Level::Kecamatan => 6,
            Level::Desa => 10,
            Level::Tps => 13,
        }
    }

    pub const fn name_id(self) -> &'static str {
        match self {
            Level::Provinsi => "provinsi",
            Level::Kabupaten => "kabupaten/kota",
            Level::Kecamatan => "kecamatan",
            Level::Desa => "desa/kelurahan",
            Level::Tps => "TPS",
        }
    }
}

/// Why a wilayah code was refused. The message names the part that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("kode {level} kosong")]
    Empty { level: &'static str },
    #[error("kode {level} '{input}' memuat karakter '{ch}' yang bukan angka")]
    NotDigit {
        level: &'static str,
        input: String,
        ch: char,
    },
    #[error("kode {level} '{input}' harus {expected} digit, tertulis {actual} digit")]
    Length {
        level: &'static str,
        input: String,
        expected: usize,
        actual: usize,
    },
    #[error("kode {level} '{input}': bagian {part} '{value}' tidak boleh 0")]
    ZeroPart {
        level: &'static str,
        input: String,
        part: &'static str,
        value: String,
    },
    #[error("kode {level} '{input}' tidak berada di bawah {parent_level} '{parent}'")]
    NotUnder {
        level: &'static str,
        input: String,
        parent_level: &'static str,
        parent: String,
    },
}

fn parse_digits(input: &str, level: Level) -> Result<String, CodeError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(CodeError::Empty {
            level: level.name_id(),
        });
    }
    let mut digits = String::with_capacity(level.digits());
    for ch in trimmed.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
        } else if ch != '.' {
            return Err(CodeError::NotDigit {
                level: level.name_id(),
                input: trimmed.to_string(),
                ch,
            });
        }
    }
    if digits.len() != level.digits() {
        return Err(CodeError::Length {
            level: level.name_id(),
            input: trimmed.to_string(),
            expected: level.digits(),
            actual: digits.len(),
        });
    }
    // Each part of the code is a number starting at 1; an all-zero part is a typing error.
    let parts: &[(&str, std::ops::Range<usize>)] = &[
        ("provinsi", 0..2),
        ("kabupaten/kota", 2..4),
        ("kecamatan", 4..6),
        ("desa/kelurahan", 6..10),
        ("nomor TPS", 10..13),
    ];
    for (part, range) in parts {
        if range.end > digits.len() {
            break;
        }
        let value = &digits[range.clone()];
        if value.bytes().all(|b| b == b'0') {
            return Err(CodeError::ZeroPart {
                level: level.name_id(),
                input: trimmed.to_string(),
                part,
                value: value.to_string(),
            });
        }
    }
    Ok(digits)
}

macro_rules! wilayah_code {
    ($(#[$doc:meta])* $name:ident, $level:expr, $dots:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub const LEVEL: Level = $level;

            pub fn parse(input: &str) -> Result<Self, CodeError> {
                parse_digits(input, $level).map(Self)
            }

            /// The plain digits, as used in file names and SIREKAP URLs.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The dotted form printed on KPU documents, e.g. `33.03.21.2001`.
            pub fn dotted(&self) -> String {
                let cuts: &[usize] = $dots;
                let mut out = String::with_capacity(self.0.len() + cuts.len());
                let mut start = 0;
                for &cut in cuts {
                    out.push_str(&self.0[start..cut]);
                    out.push('.');
                    start = cut;
                }
                out.push_str(&self.0[start..]);
                out
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        // A string of digits on the wire; named so the UI's types say which code it is.
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "pattern": "^[0-9]+$" })
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

wilayah_code!(
    /// Provinsi code, 2 digits (33 = Jawa Tengah).
    ProvinsiCode, Level::Provinsi, &[]
);
wilayah_code!(
    /// Kabupaten/kota code, 4 digits (3303 = Purbalingga).
    KabupatenCode, Level::Kabupaten, &[2]
);
wilayah_code!(
    /// Kecamatan code, 6 digits.
    KecamatanCode, Level::Kecamatan, &[2, 4]
);
wilayah_code!(
    /// Desa/kelurahan code, 10 digits.
    DesaCode, Level::Desa, &[2, 4, 6]
);
wilayah_code!(
    /// TPS code: the desa code followed by the 3-digit TPS number (13 digits).
    TpsCode, Level::Tps, &[2, 4, 6, 10]
);

impl KabupatenCode {
    pub fn provinsi(&self) -> ProvinsiCode {
        ProvinsiCode(self.0[..2].to_string())
    }
}

impl KecamatanCode {
    pub fn kabupaten(&self) -> KabupatenCode {
        KabupatenCode(self.0[..4].to_string())
    }
    pub fn provinsi(&self) -> ProvinsiCode {
        ProvinsiCode(self.0[..2].to_string())
    }
}

impl DesaCode {
    pub fn kecamatan(&self) -> KecamatanCode {
        KecamatanCode(self.0[..6].to_string())
    }

    /// The TPS with number `nomor` (1..=999) in this desa.
    pub fn tps(&self, nomor: u16) -> Result<TpsCode, CodeError> {
        TpsCode::parse(&format!("{}{:03}", self.0, nomor))
    }
}

impl TpsCode {
    pub fn desa(&self) -> DesaCode {
        DesaCode(self.0[..10].to_string())
    }

    pub fn kecamatan(&self) -> KecamatanCode {
        KecamatanCode(self.0[..6].to_string())
    }

    /// The TPS number within its desa (1..=999).
    pub fn nomor(&self) -> u16 {
        self.0[10..].parse().unwrap_or(0)
    }

    /// Parses a TPS code and checks that it lies in `desa`.
    pub fn parse_in(input: &str, desa: &DesaCode) -> Result<Self, CodeError> {
        let code = Self::parse(input)?;
        if code.desa() == *desa {
            Ok(code)
        } else {
            Err(CodeError::NotUnder {
                level: Level::Tps.name_id(),
                input: input.trim().to_string(),
                parent_level: Level::Desa.name_id(),
                parent: desa.to_string(),
            })
        }
    }
}

/// Checks that `child` (any level) starts with the digits of `parent`.
pub fn is_under(child: &str, parent: &str) -> bool {
    child.len() > parent.len() && child.starts_with(parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dotted_and_plain() {
        let a = TpsCode::parse("33.03.21.2001.004").unwrap();
        let b = TpsCode::parse("3303212001004").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.nomor(), 4);
        assert_eq!(a.desa().as_str(), "3303212001");
        assert_eq!(a.kecamatan().as_str(), "330321");
        assert_eq!(a.dotted(), "33.03.21.2001.004");
        assert_eq!(a.desa().dotted(), "33.03.21.2001");
    }

    #[test]
    fn errors_name_the_wrong_part() {
        let err = DesaCode::parse("33.03.21.200").unwrap_err();
        assert!(matches!(
            err,
            CodeError::Length {
                expected: 10,
                actual: 9,
                ..
            }
        ));
        assert!(err.to_string().contains("harus 10 digit"));

        let err = TpsCode::parse("3303212001000").unwrap_err();
        assert!(err.to_string().contains("nomor TPS"), "{err}");

        let err = KecamatanCode::parse("33O321").unwrap_err();
        assert!(matches!(err, CodeError::NotDigit { ch: 'O', .. }));

        let err = KabupatenCode::parse("3300").unwrap_err();
        assert!(err.to_string().contains("kabupaten/kota"), "{err}");

        let err = ProvinsiCode::parse("  ").unwrap_err();
        assert!(matches!(err, CodeError::Empty { .. }));
    }

    #[test]
    fn tps_must_lie_in_its_desa() {
        let desa = DesaCode::parse("3303212001").unwrap();
        assert!(TpsCode::parse_in("3303212001007", &desa).is_ok());
        let err = TpsCode::parse_in("3303212002007", &desa).unwrap_err();
        assert!(matches!(err, CodeError::NotUnder { .. }));
        assert_eq!(desa.tps(12).unwrap().as_str(), "3303212001012");
        assert!(desa.tps(0).is_err());
    }

    #[test]
    fn serde_round_trip_validates() {
        let code: TpsCode = serde_json::from_str("\"3303212001004\"").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"3303212001004\"");
        assert!(serde_json::from_str::<TpsCode>("\"33032120010\"").is_err());
    }
}
