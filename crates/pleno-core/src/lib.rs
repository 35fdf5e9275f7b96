//! Pleno's election domain: pure data and functions, no I/O.
//!
//! - [`wilayah`]: validated area and TPS codes;
//! - [`contest`], [`ballot`]: the five contests and what stands on their ballots;
//! - [`field`], [`catalogue`]: every number on the C.Hasil forms and the page it is on;
//! - [`rules`]: the checks of docs/domain.md §3 as data plus functions;
//! - [`misread`]: ranked explanations of failing forms as digit-box misreads;
//! - [`recap`]: TPS → desa → kecamatan → kabupaten aggregation (the D.Hasil tables);
//! - [`template`]: page geometry shared by the reader and the printer;
//! - [`boxes`]: what two readers of a field's boxes say together.

pub mod ballot;
pub mod boxes;
pub mod catalogue;
pub mod consistent;
pub mod contest;
pub mod field;
pub mod format;
pub mod kind;
pub mod misread;
pub mod recap;
pub mod reference;
pub mod rules;
pub mod template;
pub mod values;
pub mod wilayah;

pub use ballot::{Ballot, BallotItems, Candidate, Dapil, Pair, Party, PartyList};
pub use catalogue::{Catalogue, FieldDef, PageCode, Section};
pub use contest::Contest;
pub use field::{Col, FieldKey, VoterRow};
pub use rules::{Finding, RuleId, Severity};
pub use values::FormValues;
