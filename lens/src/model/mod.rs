//! The architecture model: plain data shaped like the interchange JSON ([`types`]) and the
//! validated graph the rules run on ([`Architecture`]).

mod graph;
mod types;

pub use graph::{Architecture, Reachability, Witness};
pub use types::*;

/// A structural problem in an architecture, naming the JSON path of the offending field.
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
}
