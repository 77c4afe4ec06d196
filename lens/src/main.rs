//! The `lens` command-line tool; everything lives in [`lens::cli`].

fn main() -> std::process::ExitCode {
    lens::cli::main()
}
