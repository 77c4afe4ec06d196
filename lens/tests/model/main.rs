//! The architecture model: its graph queries and edits.
//!
//! One test binary per area (`tests/model/main.rs` and its modules beside it), so that the suite
//! links a few binaries instead of one per file.

mod edit;
mod graph;

#[path = "../support/elements.rs"]
mod elements;

#[path = "../support/edits.rs"]
mod edits;
