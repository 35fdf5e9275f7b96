//! Errors as they cross into the CLI, the desktop shell and HTTP: a stable `code` the UI can
//! translate and test against (`ErrorCode`, with its HTTP status), and a message in Indonesian
//! that says what happened and what to do next. The codes are listed in docs/api.md.

use serde::Serialize;

pub use crate::error_code::ErrorCode;
use crate::import::ImportError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
        }
    }

    /// HTTP status for this error.
    pub fn status(&self) -> u16 {
        self.code.status()
    }
}

impl From<pleno_store::StoreError> for AppError {
    fn from(e: pleno_store::StoreError) -> Self {
        AppError::new(ErrorCode::from(&e), e.to_string())
    }
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        AppError::new(ErrorCode::BadInputFile, e.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A request that is malformed in a way the user can fix.
pub fn bad_request(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::BadRequest, message)
}

pub fn not_found(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::NotFound, message)
}
