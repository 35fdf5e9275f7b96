//! Use cases over a Pleno workspace: import, review, panels, recap, print, export, HTTP API.
//! The only crate the CLI, the desktop shell and the browser UI talk to.

pub mod api;
pub mod backup;
pub mod bundle;
pub mod calibration;
pub mod crops;
pub mod demo;
pub mod demo_photos;
pub mod demo_plenary;
pub mod devices;
pub mod digit_model;
pub mod documents;
pub mod error;
mod error_code;
pub mod events;
pub mod figures_import;
pub mod floor;
pub mod forms;
pub mod http;
pub mod import;
pub mod jobs;
pub mod keyring;
pub mod loose_read;
pub mod organisation;
pub mod outputs;
pub mod photos;
pub mod policy;
pub mod queue;
pub mod recap;
pub mod records;
pub mod recount;
pub mod review;
pub mod signoff;
mod stale;
pub mod uploads;
pub mod workspace;

pub use error::{AppError, AppResult, ErrorCode};
pub use workspace::{CreateOptions, Who, Workspace};
// Value types callers name without depending on pleno-store (pleno-app is their only door).
pub use pleno_store::{Anchor, AnchorCheck, ChainHead, Mode, PageId, PanelId};
