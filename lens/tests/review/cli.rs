//! Running the real `lens` binary, shared by the tests of its commands.

use std::path::Path;
use std::process::{Command, Output};

/// `lens ARGS…`, its exit code and outputs.
pub fn lens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lens"))
        .args(args)
        .output()
        .expect("the lens binary runs")
}

/// A path as a command-line argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}
