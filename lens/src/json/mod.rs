//! The architecture JSON interchange of `docs/FORMAT.md`: strict import, deterministic
//! export, and the JSON Schema of the format.
//!
//! **Export** ([`export_architecture`]) writes keys in the documented order, arrays sorted by id,
//! properties sorted by id, two-space indentation and a trailing newline; whole numbers are
//! written without a fraction (`10`, not `10.0`). So export → import → export is byte-identical,
//! and a canonical file (one that export would write) imports and exports byte-identically.
//! Properties are written as the author set them, including values equal to the catalog default:
//! the author wrote them, and "explicitly false" reads differently from "never considered".
//!
//! **Import** ([`import_architecture`], [`import_architecture_bytes`]) is strict and all-or-nothing:
//! the first problem is returned as an [`ImportError`] that names the JSON path
//! (`components[3].properties.max_iterations`) and what was expected, and nothing is loaded.
//! Refused: invalid JSON (line and column), bytes that are not UTF-8, nesting deeper than 128
//! levels, duplicate keys in an object, a wrong `format`, a `version` other than 1 (a newer one
//! says the file was made by a newer Lensboard), unknown or missing fields, values of the wrong
//! type, unknown kinds and properties, values the catalog does not allow, duplicate ids, flows
//! whose ends are not components, boundaries that are unknown or nested in themselves.
//! Every field of an exported file is required except the canvas layout (a component's or a
//! boundary's `position`, a boundary's `size`), which may be left out. A UTF-8 byte
//! order mark is accepted.
//!
//! **Limits** (named errors, never truncation): ids are 1–128 characters, without control
//! characters or surrounding whitespace; the name, labels and text property values are at most
//! 4,096 characters. A 1 MB label is therefore rejected with `ModelError::TooLong`.
//! Sizes of arrays are not limited: a 10,000-component architecture imports in milliseconds
//! (see `BENCHMARKS.md`).

mod export;
mod import;
mod schema;
mod tree;

pub use schema::{architecture_schema, architecture_schema_json};

use crate::error::ErrorCode;
use crate::model::{Architecture, ArchitectureData, ModelError};

/// The `format` of an architecture file.
pub const FORMAT: &str = "lensboard/architecture";
/// The `format` of a full review export (not readable as an architecture).
pub const REVIEW_FORMAT: &str = "lensboard/review";
/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

/// Why an architecture file could not be imported. Paths are JSON paths into the file
/// (`components[3].properties.max_iterations`); an empty path is the top-level object.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "the file is not UTF-8 text: invalid byte at line {line}, column {column} (byte {offset})"
    )]
    NotUtf8 {
        offset: usize,
        line: usize,
        column: usize,
    },
    #[error("the file is not valid JSON: {message} at line {line}, column {column}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the JSON is nested more than 128 levels deep (line {line}, column {column}); an architecture file never is")]
    TooDeep { line: usize, column: usize },
    #[error("this is not a Lensboard architecture: expected an object with \"format\": \"lensboard/architecture\", found {found}")]
    NotAnArchitecture { found: String },
    #[error("this is a full Lensboard review export (\"format\": \"lensboard/review\"), not an architecture; open it as a review")]
    ReviewExport,
    #[error("this file was made by a newer Lensboard (format version {version}); this version reads format version 1. Update Lensboard to open it")]
    NewerVersion { version: String },
    #[error("{}: unknown field \"{field}\"; expected one of {expected}", at(path))]
    UnknownField {
        path: String,
        field: String,
        expected: String,
    },
    #[error("{}: the field \"{field}\" is missing", at(path))]
    MissingField { path: String, field: String },
    #[error("{}: expected {expected}, found {found}", at(path))]
    WrongType {
        path: String,
        expected: String,
        found: String,
    },
    /// The content is well-formed but breaks a rule of the catalog or the model.
    #[error(transparent)]
    Invalid(ModelError),
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "top level"
    } else {
        path
    }
}

impl ImportError {
    /// The code of this kind of error (see [`crate::error`]): every problem of the file's
    /// content is `invalid_architecture` (the message names the JSON path), except a format
    /// version this build does not read yet.
    pub fn code(&self) -> ErrorCode {
        match self {
            ImportError::NewerVersion { .. } => ErrorCode::NewerVersion,
            ImportError::NotUtf8 { .. }
            | ImportError::Syntax { .. }
            | ImportError::TooDeep { .. }
            | ImportError::NotAnArchitecture { .. }
            | ImportError::ReviewExport
            | ImportError::UnknownField { .. }
            | ImportError::MissingField { .. }
            | ImportError::WrongType { .. }
            | ImportError::Invalid(_) => ErrorCode::InvalidArchitecture,
        }
    }

    /// The JSON path of the offending field, where the error has one (`""` is the top level).
    pub fn path(&self) -> Option<&str> {
        match self {
            ImportError::UnknownField { path, .. }
            | ImportError::MissingField { path, .. }
            | ImportError::WrongType { path, .. } => Some(path),
            ImportError::Invalid(e) => e.path(),
            ImportError::NewerVersion { .. } => Some("version"),
            _ => None,
        }
    }
}

/// Reads an architecture from the text of a JSON file, strictly (see the module docs).
pub fn import_architecture(text: &str) -> Result<Architecture, ImportError> {
    import::import_text(text)
}

/// Reads an architecture from the bytes of a JSON file; bytes that are not UTF-8 give
/// [`ImportError::NotUtf8`] with the position of the first bad byte.
pub fn import_architecture_bytes(bytes: &[u8]) -> Result<Architecture, ImportError> {
    import::import_bytes(bytes)
}

/// Writes an architecture as canonical JSON (see the module docs).
pub fn export_architecture(architecture: &Architecture) -> String {
    export::export_architecture(architecture)
}

/// Writes plain architecture data as canonical JSON, sorting its arrays by id. Data that would not
/// import (an unknown kind, say) is written as it is.
pub fn export_data(data: &ArchitectureData) -> String {
    export::export_data(data)
}
