//! The one error type that crosses IPC. The UI switches on [`ErrorCode`]; `message` is for people
//! and is never parsed.

use lens::samples::RelabelError;
use serde::Serialize;

/// What went wrong, as a stable snake_case code the UI can switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The command named a component the architecture does not have.
    UnknownComponent,
    /// A label was empty or too long.
    InvalidLabel,
}

/// An error returned by a command: a code for the UI and a message for the person using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<RelabelError> for AppError {
    fn from(err: RelabelError) -> Self {
        let code = match err {
            RelabelError::UnknownComponent(_) => ErrorCode::UnknownComponent,
            RelabelError::EmptyLabel | RelabelError::LabelTooLong(_) => ErrorCode::InvalidLabel,
        };
        AppError {
            code,
            message: err.to_string(),
        }
    }
}
