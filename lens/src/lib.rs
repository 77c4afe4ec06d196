//! `lens`: the core of Lensboard. The architecture model and its graph queries, the component
//! catalog, the rule engine and the Generative AI Lens pack, the SQLite review file, exports, and
//! the `lens` CLI. It knows nothing of Tauri, IPC or windows: the desktop app and the CLI are thin
//! shells over the same calls.

pub mod catalog;
pub mod cli;
pub mod diff;
pub mod document;
pub mod engine;
pub mod error;
pub mod exchange;
pub mod iac;
pub mod interchange;
pub mod json;
pub mod merge;
pub mod model;
mod parallel;
pub mod practices;
pub mod report;
pub mod review;
pub mod samples;
pub mod store;
pub mod templates;
pub mod wa_lens;

pub use error::ErrorCode;
pub use model::{Architecture, ArchitectureData, ModelError};
