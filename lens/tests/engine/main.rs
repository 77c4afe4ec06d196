//! The rule engine and the built-in pack: rules as data, condition families, paths against brute
//! force, packs and their errors, the CLI report, the pack's fixtures.
//!
//! One test binary per area (`tests/engine/main.rs` and its modules beside it), so that the suite
//! links a few binaries instead of one per file.

mod cli;
mod common;
mod pack;
mod packs;
mod paths;
mod predicates;
mod presets;
mod rules;
