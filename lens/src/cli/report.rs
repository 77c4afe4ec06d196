//! `lens report FILE --output report.html|report.md|report.csv [--format html|markdown|csv]
//! [--audience engineering|executive|compliance]`: writes a report of a review (or architecture
//! JSON) for one audience (engineering by default). The format follows the output's extension
//! unless `--format` says. The output is written atomically. Exit code 0, or 2 when the input
//! cannot be read, the format cannot be told or does not suit the audience, or the output cannot
//! be written.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::document::{Audience, ReportFormat};
use crate::engine::Pack;
use crate::review::{decisions::today, load_any};
use crate::store::{self, WriteFailure};

/// The arguments of `lens report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The review file or JSON to report on.
    pub file: PathBuf,
    /// Where to write the report (.html, .md or .csv).
    #[arg(long, short)]
    pub output: PathBuf,
    /// The format, when the extension does not say it.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Who the report is for.
    #[arg(long, value_enum, default_value_t = Audience::Engineering)]
    pub audience: Audience,
}

pub fn run(args: Args) -> ExitCode {
    let Some(format) = args.format.or_else(|| ReportFormat::of_path(&args.output)) else {
        eprintln!(
            "lens: cannot tell the report format from \"{}\"; name it .html, .md or .csv, or pass --format",
            args.output.display()
        );
        return ExitCode::from(super::EXIT_UNREADABLE);
    };
    let review = match load_any(&args.file) {
        Ok((review, _)) => review,
        Err(e) => return super::fail(&e),
    };
    let Some(text) = format.render(args.audience, &review, Pack::builtin(), &today()) else {
        return super::fail(&crate::document::DocumentError::ReportFormat {
            audience: args.audience,
            format,
        });
    };
    match store::write_atomically(&args.output, |temp| {
        std::fs::write(temp, text.as_bytes()).map_err(WriteFailure::Io)
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(&e),
    }
}
