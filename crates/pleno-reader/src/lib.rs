//! Reads photographed C.Hasil pages: alignment, page identity, digit model, OMR.
//!
//! The app layer calls [`Reader::read`] with the image bytes and [`ReadOptions`] (the TPS's
//! catalogues, optionally the expected page and manual corners) and gets a [`PageReading`]:
//! either a typed [`Rejection`] or per-field values with probabilities. The reader computes;
//! what is accepted without a person is the app's policy.

pub mod adapt;
mod align;
pub mod calibrate;
pub mod corners;
pub mod debug;
pub mod decode;
pub mod digits;
mod error;
pub mod fields;
pub mod frame;
pub mod geom;
mod locate;
pub mod model;
pub mod omr;
mod page;
mod par;
pub mod pdf;
mod place;
pub mod qr;
pub mod quality;
pub mod register;
mod rulings;
pub mod segments;
pub mod stages;
pub mod tagfind;
pub mod tagread;
pub mod untagged;

pub use adapt::{AdaptParams, Adaptation, Prototypes};
pub use error::{CodeMessage, Rejection};
pub use fields::{DigitReading, FieldReading, FieldStatus};
pub use frame::Framing;
pub use model::{DigitModel, ModelError};
pub use omr::{BubbleColumn, BubbleReading};
pub use page::{PageReading, ReadOptions, Reader};
pub use par::set_max_threads;
pub use quality::{MAX_SMEAR, Quality, QualityReason};
pub use segments::SegmentReading;
pub use tagread::Identity;
