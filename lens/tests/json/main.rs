//! The architecture JSON: strict import with its errors, fixtures, robustness, round trips, the
//! JSON Schema.
//!
//! One test binary per area (`tests/json/main.rs` and its modules beside it), so that the suite
//! links a few binaries instead of one per file.

#[path = "../support/damage.rs"]
mod damage;
mod errors;
mod fixtures;
mod invalid_fixtures;
mod robustness;
mod roundtrip;
mod schema;
