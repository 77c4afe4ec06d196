//! The one error type that crosses IPC. Its code is the `lens` error's own
//! ([`lens::ErrorCode`], the vocabulary shared with the UI); `message` is for people and is never
//! parsed.

use lens::document::DocumentError;
pub use lens::ErrorCode;
use serde::Serialize;

/// An error returned by a command: a code for the UI and a message for the person using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The file or the field (a JSON path such as `components[3].properties.max_iterations`)
    /// the message names, when the code's summary cannot say it: the UI then shows the message
    /// instead of the summary.
    pub path: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            path: None,
        }
    }
}

impl From<DocumentError> for AppError {
    fn from(err: DocumentError) -> Self {
        Self {
            code: err.code(),
            path: err.path(),
            message: err.to_string(),
        }
    }
}
