//! Every use case the UI calls, declared once (`table.rs`): its name, whether it reads or
//! writes, and its HTTP method and path. From that one table come the HTTP routes of
//! `pleno serve` (`http/api_routes.rs`), the desktop shell's two IPC commands (`read` and
//! `write`, which look the use case up here), the read/write split the projector window and
//! read-only tokens are held to, and the TypeScript route table of the UI
//! (`ui/src/lib/api/generated/commands.ts`, checked by a test in `ts.rs`).
//!
//! A use case is one function `fn(&Arc<Workspace>, [&Who,] Args) -> AppResult<Out>` with
//! serde `Args` and `Out`; the dispatcher decodes the arguments, checks who acts and encodes
//! the answer, so no transport repeats any of it.

// Every use case takes its arguments by value and answers a Result, so that the table calls
// them all alike.
#![allow(clippy::needless_pass_by_value, clippy::unnecessary_wraps)]

mod de;
mod devices;
mod documents;
mod key;
mod layouts;
mod models;
mod objections;
mod pages;
mod reads;
mod review;
mod settings;
mod table;
pub mod ts;

use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{AppError, AppResult, ErrorCode, bad_request};
use crate::workspace::{Who, Workspace};

pub use table::{USE_CASES, call, schemas};

/// What a use case may do, and so who may call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Only reads: the projector window and read-only tokens may call it.
    Read,
    /// Changes what the shell shows (the projector's selection, the floor, a running job) but
    /// no figure or record: the main window without naming a clerk, or a device whose role
    /// allows it (its panel's selection).
    Control,
    /// Changes the workspace: the main window, naming the clerk who acts.
    Write,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Control => "control",
            Access::Write => "write",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct UseCase {
    pub name: &'static str,
    pub method: Method,
    /// The HTTP path; `{name}` segments are fields of the arguments.
    pub path: &'static str,
    pub access: Access,
}

/// The use case called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static UseCase> {
    USE_CASES.iter().find(|c| c.name == name)
}

/// The arguments as they arrive: a JSON object (IPC, HTTP bodies, with path parameters
/// added as strings) or a URL query string (HTTP GET, with path parameters added).
#[derive(Debug, Clone)]
pub enum Input {
    Json(Value),
    Query(String),
}

impl Input {
    fn decode<A: DeserializeOwned>(self, case: &str) -> AppResult<A> {
        let bad = |e: &dyn std::fmt::Display| {
            bad_request(format!(
                "argumen '{case}' tidak sah ({e}); periksa bentuknya di docs/api.md"
            ))
        };
        match self {
            Input::Json(Value::Null) => {
                serde_json::from_value(Value::Object(serde_json::Map::new())).map_err(|e| bad(&e))
            }
            Input::Json(v) => serde_json::from_value(v).map_err(|e| bad(&e)),
            Input::Query(q) => serde_urlencoded::from_str(&q).map_err(|e| bad(&e)),
        }
    }
}

fn read_schemas<A: JsonSchema, O: JsonSchema>(
    _: fn(&Ws, A) -> AppResult<O>,
    args: &mut SchemaGenerator,
    out: &mut SchemaGenerator,
) -> (Schema, Schema) {
    (A::json_schema(args), out.subschema_for::<O>())
}

fn write_schemas<A: JsonSchema, O: JsonSchema>(
    _: fn(&Ws, &Who, A) -> AppResult<O>,
    args: &mut SchemaGenerator,
    out: &mut SchemaGenerator,
) -> (Schema, Schema) {
    (A::json_schema(args), out.subschema_for::<O>())
}

fn control_schemas<A: JsonSchema, O: JsonSchema>(
    _: fn(&Ws, Option<&Who>, A) -> AppResult<O>,
    args: &mut SchemaGenerator,
    out: &mut SchemaGenerator,
) -> (Schema, Schema) {
    (A::json_schema(args), out.subschema_for::<O>())
}

fn encode<T: Serialize>(out: &T) -> AppResult<Value> {
    serde_json::to_value(out).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}

fn acting(who: Option<&Who>) -> AppResult<&Who> {
    who.filter(|w| !w.actor.name.trim().is_empty())
        .ok_or_else(actor_required)
}

/// A change that does not name the clerk (the shell and the dispatcher say it alike).
pub fn actor_required() -> AppError {
    AppError::new(
        ErrorCode::ActorRequired,
        "perubahan harus menyebut nama petugas; isi nama petugas di kanan atas",
    )
}

/// Use cases after which the chain's head is signed at once: sign-offs, and what publishes
/// the head (a printed document, a bundle, a backup).
const SIGNING_CASES: &[&str] = &[
    "close_desa",
    "finalize_kecamatan",
    "reopen_signoff",
    "print",
    "bundle_export",
    "backup",
];

/// After a change: a checkpoint when one is due (`keyring.rs`). The change stands whatever
/// happens here, so a failure is told on standard error, not answered.
fn after_write(ws: &Ws, who: Option<&Who>, case: &str) {
    let Some(who) = who else { return };
    if let Err(e) = ws.checkpoint(&who.actor, SIGNING_CASES.contains(&case)) {
        eprintln!("pleno: titik periksa rantai audit tidak dibuat: {e}");
    }
}

/// An answer with nothing to say (`{}`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Done {}

/// A record made: its id.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Created {
    pub id: i64,
}

/// A sign-off made.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SignedOff {
    pub signoff: i64,
}

/// Arguments of a use case that takes none.
#[derive(Debug, serde::Deserialize, JsonSchema)]
pub struct NoArgs {}

pub(crate) type Ws = Arc<Workspace>;
