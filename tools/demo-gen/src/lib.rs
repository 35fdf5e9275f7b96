//! The demo kecamatan generator: `model::build` makes the data, `write` the workbooks.

pub mod model;
mod names;
mod rng;
pub mod write;
