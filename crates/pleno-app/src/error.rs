//! Errors as they cross into the CLI, the desktop shell and HTTP: a stable `code` the UI can
//! translate and test against, and a message in Indonesian that says what happened and what to
//! do next. The codes are listed in docs/api.md.

use serde::Serialize;

use crate::import::ImportError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> AppError {
        AppError {
            code: code.to_string(),
            message: message.into(),
        }
    }

    /// HTTP status for this error.
    pub fn status(&self) -> u16 {
        match self.code.as_str() {
            "not_found" => 404,
            "unauthorized" => 401,
            "forbidden" | "read_only" => 403,
            "workspace_locked" | "database_busy" | "conflict" | "already_signed_off"
            | "job_running" => 409,
            "database" | "database_corrupt" | "io" | "disk_full" | "internal" => 500,
            _ => 400,
        }
    }
}

impl From<pleno_store::StoreError> for AppError {
    fn from(e: pleno_store::StoreError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        AppError::new("bad_input_file", e.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A request that is malformed in a way the user can fix.
pub fn bad_request(message: impl Into<String>) -> AppError {
    AppError::new("bad_request", message)
}

pub fn not_found(message: impl Into<String>) -> AppError {
    AppError::new("not_found", message)
}
