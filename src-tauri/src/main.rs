//! The `lensboard` binary: the desktop app, and the `lens` command-line tool when its first
//! argument is `--lens-cli` (the packaged `/usr/bin/lens` is a two-line script that runs
//! `lensboard --lens-cli ARGS`), so that the package carries one copy of the core, not two.

// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;

/// The allocator of the `lens` binary too (see there): the packaged `lens` runs this binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match lensboard_lib::cli_args(std::env::args_os()) {
        Some(args) => lens::cli::run(lens::cli::Cli::parse_from(args)),
        None => {
            lensboard_lib::run();
            ExitCode::SUCCESS
        }
    }
}
