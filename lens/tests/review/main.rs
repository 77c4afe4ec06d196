//! The review workflow and what it produces: decisions, milestones and diffs, reports, templates,
//! exports, the documentation kept current.
//!
//! One test binary per area (`tests/review/main.rs` and its modules beside it), so that the suite
//! links a few binaries instead of one per file.

mod audiences;
mod cli;
mod decisions;
mod docs;
mod export;
mod milestones;
mod reports;
mod templates;
mod wa_answers;
mod wa_lens;
