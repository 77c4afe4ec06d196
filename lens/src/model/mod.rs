//! The architecture model: plain data shaped like the interchange JSON ([`ArchitectureData`]) and the
//! validated graph the rules run on ([`Architecture`]).
//!
//! `topology` is the crate's one graph API: every search over the flows (reachability with
//! avoid sets and witness paths, cycles and loops, boundary ancestry, zone trust and trust
//! crossings) is written there once, by position, and kept by the architecture between
//! evaluations; [`Architecture`]'s id-level queries, the rule engine and the reports all call
//! it. `content` keeps what the rules read of the components' kinds and properties, encoded.
//!
//! # A new graph question
//!
//! When a rule condition needs something the topology does not answer yet (data that travels
//! along flows, say), add it to `topology` as a function of positions — iterative, never
//! recursive, O(V + E) once for all subjects — with a test against a plain search over the maps,
//! and call it from the condition's `prepare` (see `crate::engine`'s module documentation for the
//! condition side). Anything derived from kinds, properties or boundaries that several rules read
//! belongs in `content`, which the architecture rebuilds only after an edit of those.
//!
//! Invariants of an [`Architecture`] (checked by [`Architecture::verify`] in tests):
//! ids are unique within components, within flows and within boundaries (three separate
//! namespaces); every flow end is a component; every boundary reference (a component's boundary,
//! a boundary's parent) resolves; boundary parents form a forest (no cycle).
//!
//! [`Architecture::from_data_checked`] and every editing operation additionally hold the content
//! to the catalog and to the limits below: kinds and properties known to the catalog, values of
//! the right type, ids of 1–[`MAX_ID_CHARS`] characters without control characters or surrounding
//! whitespace, labels and names of at most [`MAX_LABEL_CHARS`] characters, finite positions.

mod check;
pub(crate) mod content;
mod edit;
mod graph;
mod held;
pub(crate) mod topology;
mod types;

pub use check::{MAX_ID_CHARS, MAX_LABEL_CHARS};
pub use edit::RemovedComponent;
pub use graph::{Architecture, Reachability, Witness};
pub use held::{DataClass, HeldData, PersonalData};
pub(crate) use topology::FastHash;
pub use types::*;

use crate::catalog::CatalogError;

/// A problem with an architecture or an edit, naming the path of the offending field: a JSON path
/// (`components[3].properties.max_iterations`) for whole architectures, and an id-based path
/// (`components["llm"].properties.max_iterations`) for edits. Nothing is changed when an edit
/// returns one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: the id \"{id}\" is used twice; ids must be unique")]
    DuplicateId { path: String, id: String },
    #[error(
        "{path}: no component has the id \"{id}\"; a flow must connect two existing components"
    )]
    DanglingFlow { path: String, id: String },
    #[error("{path}: no boundary has the id \"{id}\"")]
    UnknownBoundary { path: String, id: String },
    #[error("{path}: boundary \"{id}\" is inside itself; boundary parents must not form a cycle")]
    BoundaryCycle { path: String, id: String },
    #[error("no component has the id \"{id}\"")]
    UnknownComponent { id: String },
    #[error("no flow has the id \"{id}\"")]
    UnknownFlow { id: String },
    #[error("{path}: {source}")]
    Catalog {
        path: String,
        source: Box<CatalogError>,
    },
    #[error("{path}: {reason}")]
    InvalidId { path: String, reason: String },
    #[error("{path}: the text is {chars} characters long; the limit is {limit}")]
    TooLong {
        path: String,
        chars: usize,
        limit: usize,
    },
    #[error("{path}: a label must not be blank")]
    BlankLabel { path: String },
    #[error("{path}: coordinates must be finite numbers")]
    NotFinite { path: String },
    #[error("{path}: a width and a height must be finite numbers, not negative")]
    InvalidSize { path: String },
}

impl ModelError {
    /// The error's code in the crate's one vocabulary (`crate::ErrorCode`), which the UI
    /// switches on; the message says which rule of the catalog or the model was broken.
    pub fn code(&self) -> crate::ErrorCode {
        crate::ErrorCode::from(self)
    }

    /// The path of the offending field, where the error has one.
    pub fn path(&self) -> Option<&str> {
        match self {
            ModelError::DuplicateId { path, .. }
            | ModelError::DanglingFlow { path, .. }
            | ModelError::UnknownBoundary { path, .. }
            | ModelError::BoundaryCycle { path, .. }
            | ModelError::Catalog { path, .. }
            | ModelError::InvalidId { path, .. }
            | ModelError::TooLong { path, .. }
            | ModelError::BlankLabel { path }
            | ModelError::NotFinite { path }
            | ModelError::InvalidSize { path } => Some(path),
            ModelError::UnknownComponent { .. } | ModelError::UnknownFlow { .. } => None,
        }
    }
}
