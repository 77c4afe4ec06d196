//! `lens export FILE --to json|review-json|mermaid|review [--output OUT]`: writes a review or
//! architecture JSON in another form. `json` is the architecture alone (the plain interchange
//! form, also for reviews with decisions); `review-json` is the full review form
//! (`"format": "lensboard/review"`: architecture, findings with status, decisions, answers and
//! milestones, see [`crate::review::json`]).

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
    /// Where to write. Without it, JSON and Mermaid go to standard output.
    #[arg(long, short, required_if_eq("to", "review"))]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// Deterministic architecture JSON (the architecture alone).
    Json,
    /// The full review as JSON: architecture, findings with status, decisions, answers, milestones.
    ReviewJson,
    /// A Mermaid flowchart (boundaries as subgraphs), for Markdown documents.
    Mermaid,
    /// A review file (SQLite).
    Review,
}

pub fn run(args: Args) -> ExitCode {
    let review = match load_any(&args.file) {
        Ok((review, _)) => review,
        Err(e) => return super::fail(&e),
    };
    let text = match args.to {
        Target::Json => export_architecture(&review.architecture),
        Target::ReviewJson => {
            crate::review::json::export_review(&review, crate::engine::Pack::builtin())
        }
        Target::Mermaid => crate::report::mermaid(&review.architecture),
        Target::Review => {
            let Some(output) = &args.output else {
                eprintln!("lens: --to review needs --output FILE");
                return ExitCode::from(super::EXIT_UNREADABLE);
            };
            return match store::save(&review, output) {
                Ok(_saved) => ExitCode::SUCCESS,
                Err(e) => super::fail(&e),
            };
        }
    };
    let Some(output) = &args.output else {
        return super::print(&text);
    };
    match store::write_atomically(output, |temp| {
        std::fs::write(temp, text.as_bytes()).map_err(WriteFailure::Io)
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(&e),
    }
}
