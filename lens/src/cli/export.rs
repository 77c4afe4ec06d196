//! `lens export FILE --to json|review [--output OUT]`: converts between the two forms of a review.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::json::export_architecture;
use crate::review::load_any;
use crate::store::{self, WriteFailure};

/// The arguments of `lens export` (its help text is on [`super::Command::Export`]).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The review file or architecture JSON to read.
    pub file: PathBuf,
    /// The form to write.
    #[arg(long, value_enum)]
    pub to: Target,
    /// Where to write. Without it, JSON goes to standard output.
    #[arg(long, short, required_if_eq("to", "review"))]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// Deterministic architecture JSON.
    Json,
    /// A review file (SQLite).
    Review,
}

pub fn run(args: Args) -> ExitCode {
    let review = match load_any(&args.file) {
        Ok((review, _)) => review,
        Err(e) => return super::fail(&e),
    };
    let written = match (args.to, &args.output) {
        (Target::Json, None) => {
            let text = export_architecture(&review.architecture);
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => Ok(()),
                Err(e) => {
                    eprintln!("lens: could not write to standard output: {e}");
                    return ExitCode::from(super::EXIT_UNREADABLE);
                }
            }
        }
        (Target::Json, Some(output)) => {
            let text = export_architecture(&review.architecture);
            store::write_atomically(output, |temp| {
                std::fs::write(temp, text.as_bytes()).map_err(WriteFailure::Io)
            })
        }
        (Target::Review, Some(output)) => store::save(&review, output).map(|_saved| ()),
        (Target::Review, None) => {
            eprintln!("lens: --to review needs --output FILE");
            return ExitCode::from(super::EXIT_UNREADABLE);
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(&e),
    }
}
