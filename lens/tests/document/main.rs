//! The open review being edited: edits and their undo, files, history, errors.
//!
//! One test binary per area (`tests/document/main.rs` and its modules beside it), so that the suite
//! links a few binaries instead of one per file.

mod edits;
mod errors;
mod exchange;
mod files;
mod history;

#[path = "../support/elements.rs"]
mod elements;

#[path = "../support/edits.rs"]
mod random_edits;
