//! Use cases over a Pleno workspace: import, review, panels, recap, print, export, HTTP API.
//! The only crate the CLI, the desktop shell and the browser UI talk to.

pub mod demo;
pub mod import;
pub mod policy;
