//! Small shared types: row ids, the actor behind a change, and the enumerations the schema
//! checks (sources, statuses, kinds). Each enum's text is the one stored in the database.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_i64().map($name)
            }
        }
    };
}

row_id!(
    /// An entry: one figure of one field, made by a person or a process.
    EntryId
);
row_id!(
    /// A page: one photographed or scanned sheet.
    PageId
);
row_id!(
    /// A machine reading of one field on one page.
    ReadingId
);
row_id!(
    /// A plenary panel.
    PanelId
);
row_id!(
    /// A keberatan or kejadian khusus.
    ObjectionId
);
row_id!(
    /// A sign-off: form agreed, form recorded absent, desa closed or kecamatan final.
    SignOffId
);
row_id!(
    /// A PPK member.
    MemberId
);
row_id!(
    /// A saksi.
    SaksiId
);
row_id!(
    /// An imported set of kecamatan totals (kabupaten-level workspaces).
    ImportId
);
row_id!(
    /// The sequence number of an audit event (1, 2, 3, … without gaps).
    EventSeq
);

/// Who made a change: a person's name as they sign, and optionally their role
/// ("Ketua PPK", "Anggota PPK", "Operator"). Processes use a name such as `pleno-reader`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Actor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl Actor {
    pub fn new(name: impl Into<String>) -> Actor {
        Actor {
            name: name.into(),
            role: None,
        }
    }

    pub fn with_role(name: impl Into<String>, role: impl Into<String>) -> Actor {
        Actor {
            name: name.into(),
            role: Some(role.into()),
        }
    }

    /// Refuses empty names and control characters, which would make the audit log ambiguous.
    pub(crate) fn check(&self) -> Result<()> {
        let bad = |s: &str| s.trim().is_empty() || s.chars().any(char::is_control);
        if bad(&self.name) || self.role.as_deref().is_some_and(bad) {
            return Err(StoreError::InvalidActor {
                name: self.name.clone(),
            });
        }
        Ok(())
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.role {
            Some(role) => write!(f, "{} ({role})", self.name),
            None => f.write_str(&self.name),
        }
    }
}

macro_rules! sql_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $text)] $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = StoreError;
            fn from_str(s: &str) -> Result<Self> {
                match s {
                    $($text => Ok($name::$variant),)*
                    _ => Err(StoreError::UnknownValue { what: $what, value: s.to_string() }),
                }
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = value.as_str()?;
                s.parse().map_err(|e: StoreError| FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

sql_enum!(
    /// Who or what produced an entry.
    Source, "sumber angka" {
        /// A machine reading accepted because its form passed every rule.
        OcrAccepted = "ocr_accepted",
        /// Typed or confirmed by a clerk from the C.Hasil.
        Clerk = "clerk",
        /// The result of penghitungan suara ulang (recount) in the plenary.
        Recount = "recount",
        /// Brought in from a file (SIREKAP JSON, a bundle).
        Import = "import",
    }
);

sql_enum!(
    /// Whether a page was recognised.
    PageStatus, "status halaman" {
        Identified = "identified",
        Unidentified = "unidentified",
        Rejected = "rejected",
    }
);

sql_enum!(
    /// The two items of Model D.Kejadian Khusus dan/atau Keberatan.
    ObjectionKind, "jenis catatan" {
        Keberatan = "keberatan",
        KejadianKhusus = "kejadian_khusus",
    }
);

sql_enum!(
    /// Where an objection stands.
    ObjectionStatus, "status keberatan" {
        Open = "open",
        Accepted = "accepted",
        Rejected = "rejected",
    }
);

sql_enum!(
    /// What a sign-off closes.
    SignOffKind, "jenis persetujuan" {
        FormAgreed = "form_agreed",
        DesaClosed = "desa_closed",
        KecamatanFinal = "kecamatan_final",
        /// A TPS form recorded as absent (e.g. a lost ballot box) under a kejadian khusus: it
        /// settles the form for closing the desa, but the recap still shows it as missing.
        FormAbsent = "form_absent",
    }
);

impl SignOffKind {
    /// Sign-offs on one TPS form (agreed or recorded absent), as opposed to a desa or the
    /// kecamatan.
    pub const fn is_form_level(self) -> bool {
        matches!(self, SignOffKind::FormAgreed | SignOffKind::FormAbsent)
    }
}

sql_enum!(
    /// What the reader made of one field.
    ReadingStatus, "status hasil baca" {
        /// A number was read (`value` holds it).
        Read = "read",
        /// The boxes are empty (`value` is 0 or none, as the reader decides).
        Empty = "empty",
        /// The boxes could not be read (`value` is none).
        Unreadable = "unreadable",
        /// The digit boxes and the bubbles disagree, or the digits contradict each other.
        Inconsistent = "inconsistent",
    }
);

sql_enum!(
    /// The office a workspace belongs to.
    WorkspaceLevel, "tingkat ruang kerja" {
        /// PPK: recaps TPS forms into the kecamatan.
        Kecamatan = "kecamatan",
        /// KPU Kab/Kota: recaps imported kecamatan totals into the kabupaten/kota.
        Kabupaten = "kabupaten",
    }
);

/// How a workspace is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One process at a time; takes the workspace lock.
    ReadWrite,
    /// Any number of readers (projector, LAN display, verify, backup); never writes.
    ReadOnly,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_text() {
        for s in Source::ALL {
            assert_eq!(s.as_str().parse::<Source>().unwrap(), *s);
        }
        let err = "ocr".parse::<Source>().unwrap_err();
        assert!(err.to_string().contains("ocr"), "{err}");
        assert_eq!(
            serde_json::to_string(&ObjectionKind::KejadianKhusus).unwrap(),
            "\"kejadian_khusus\""
        );
    }

    #[test]
    fn actor_names_must_be_printable() {
        assert!(Actor::new("Siti Aminah").check().is_ok());
        assert!(Actor::new("  ").check().is_err());
        assert!(Actor::with_role("Budi", "Ketua\nPPK").check().is_err());
        assert_eq!(
            Actor::with_role("Budi", "Ketua PPK").to_string(),
            "Budi (Ketua PPK)"
        );
    }
}
