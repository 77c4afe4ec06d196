//! The one error type that crosses IPC. The UI switches on [`ErrorCode`]; `message` is for people
//! and is never parsed. Codes are chosen from the kind of the `lens` error (its enum variant),
//! never from its text.

use lens::document::DocumentError;
use lens::model::ModelError;
use lens::review::{LoadError, ReviewError};
use lens::samples::RelabelError;
use lens::store::StoreError;
use serde::Serialize;

/// What went wrong, as a stable snake_case code the UI can switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The edit named a component the architecture does not have.
    UnknownComponent,
    /// The edit named a flow the architecture does not have.
    UnknownFlow,
    /// The edit named a boundary the architecture does not have.
    UnknownBoundary,
    /// A label was empty or too long.
    InvalidLabel,
    /// The new element's id is already used.
    DuplicateId,
    /// A flow would connect a component that does not exist.
    DanglingFlow,
    /// A boundary would end up inside itself.
    BoundaryCycle,
    /// A kind, property or value the catalog does not allow.
    InvalidValue,
    /// Any other invalid edit (bad id, non-finite position, negative size).
    InvalidEdit,
    /// The file does not exist.
    FileMissing,
    /// No permission to read or write the file.
    PermissionDenied,
    /// The path is a directory or a special file.
    NotAFile,
    /// The file is neither a Lensboard review nor architecture JSON.
    NotAReview,
    /// The file is architecture JSON with an error in it (the message names the JSON path).
    InvalidArchitecture,
    /// The review was written by a newer Lensboard.
    NewerVersion,
    /// The review file is damaged.
    CorruptFile,
    /// Reading the file failed (I/O error).
    ReadFailed,
    /// Writing the file failed (disk full, I/O error, …); the previous file is untouched.
    WriteFailed,
    /// Save was asked for a review without a file: ask where and call `save_review_as`.
    NoPath,
    /// An extra rule pack could not be used.
    InvalidPack,
    /// There is no recovery file to restore.
    NoRecovery,
    /// A decision without the id of its finding.
    NoFinding,
    /// An accepted or false-positive decision without a justification.
    JustificationRequired,
    /// A decision without an owner.
    OwnerRequired,
    /// A date that is not `YYYY-MM-DD`.
    InvalidDate,
    /// A ticket link that is not an http(s) link.
    InvalidTicket,
    /// An answer to a checklist item the pack does not have.
    UnknownChecklistItem,
    /// A milestone without a name.
    EmptyMilestoneName,
    /// A milestone name already used in this review.
    MilestoneExists,
    /// No milestone has this name (the message lists those there are).
    UnknownMilestone,
    /// No starter template has this id.
    UnknownTemplate,
    /// The work on a background thread was interrupted (a bug; the review is unchanged).
    Internal,
}

/// An error returned by a command: a code for the UI and a message for the person using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<RelabelError> for AppError {
    fn from(err: RelabelError) -> Self {
        let code = match err {
            RelabelError::UnknownComponent(_) => ErrorCode::UnknownComponent,
            RelabelError::EmptyLabel | RelabelError::LabelTooLong(_) => ErrorCode::InvalidLabel,
        };
        AppError::new(code, err.to_string())
    }
}

fn model_code(err: &ModelError) -> ErrorCode {
    match err {
        ModelError::UnknownComponent { .. } => ErrorCode::UnknownComponent,
        ModelError::UnknownFlow { .. } => ErrorCode::UnknownFlow,
        ModelError::UnknownBoundary { .. } => ErrorCode::UnknownBoundary,
        ModelError::DuplicateId { .. } => ErrorCode::DuplicateId,
        ModelError::DanglingFlow { .. } => ErrorCode::DanglingFlow,
        ModelError::BoundaryCycle { .. } => ErrorCode::BoundaryCycle,
        ModelError::Catalog { .. } => ErrorCode::InvalidValue,
        ModelError::TooLong { .. } | ModelError::BlankLabel { .. } => ErrorCode::InvalidLabel,
        ModelError::InvalidId { .. }
        | ModelError::NotFinite { .. }
        | ModelError::InvalidSize { .. } => ErrorCode::InvalidEdit,
    }
}

fn review_code(err: &ReviewError) -> ErrorCode {
    match err {
        ReviewError::NoFinding => ErrorCode::NoFinding,
        ReviewError::JustificationRequired { .. } => ErrorCode::JustificationRequired,
        ReviewError::OwnerRequired { .. } => ErrorCode::OwnerRequired,
        ReviewError::InvalidDate { .. } => ErrorCode::InvalidDate,
        ReviewError::InvalidTicket { .. } => ErrorCode::InvalidTicket,
        ReviewError::UnknownChecklistItem { .. } => ErrorCode::UnknownChecklistItem,
        ReviewError::EmptyMilestoneName => ErrorCode::EmptyMilestoneName,
        ReviewError::MilestoneExists { .. } => ErrorCode::MilestoneExists,
        ReviewError::UnknownMilestone { .. } => ErrorCode::UnknownMilestone,
    }
}

fn store_code(err: &StoreError) -> ErrorCode {
    match err {
        StoreError::NotFound { .. } => ErrorCode::FileMissing,
        StoreError::PermissionDenied { .. } => ErrorCode::PermissionDenied,
        StoreError::NotAFile { .. } => ErrorCode::NotAFile,
        StoreError::Empty { .. }
        | StoreError::NotSqlite { .. }
        | StoreError::ForeignDatabase { .. } => ErrorCode::NotAReview,
        StoreError::NewerVersion { .. } => ErrorCode::NewerVersion,
        StoreError::Corrupt { .. } => ErrorCode::CorruptFile,
        StoreError::Read { .. } => ErrorCode::ReadFailed,
        StoreError::Write { .. } | StoreError::WriteDatabase { .. } => ErrorCode::WriteFailed,
    }
}

impl From<DocumentError> for AppError {
    fn from(err: DocumentError) -> Self {
        let code = match &err {
            DocumentError::Edit(e) => model_code(e),
            DocumentError::Load(LoadError::Store(e)) | DocumentError::Store(e) => store_code(e),
            DocumentError::Load(LoadError::Unrecognised { .. }) => ErrorCode::NotAReview,
            // Architecture or review JSON with an error in it; the message names the JSON path.
            DocumentError::Load(_) => ErrorCode::InvalidArchitecture,
            DocumentError::NoPath => ErrorCode::NoPath,
            DocumentError::Packs(_) => ErrorCode::InvalidPack,
            DocumentError::Io { .. } => ErrorCode::WriteFailed,
            DocumentError::Review(e) => review_code(e),
            DocumentError::UnknownTemplate { .. } => ErrorCode::UnknownTemplate,
            DocumentError::BrokenTemplate { .. } => ErrorCode::InvalidArchitecture,
        };
        AppError::new(code, err.to_string())
    }
}
