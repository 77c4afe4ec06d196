//! The review file: round trips, damaged and foreign files, saves killed mid-write.
//!
//! One test binary per area (`tests/store/main.rs` and its modules beside it), so that the suite
//! links a few binaries instead of one per file.

mod corpus;
mod crash;
mod roundtrip;
