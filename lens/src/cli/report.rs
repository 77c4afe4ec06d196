//! `lens report FILE --output report.html|report.md|report.csv [--format html|markdown|csv]`:
//! writes a report of a review (or architecture JSON). The format follows the output's extension
//! unless `--format` says. The output is written atomically. Exit code 0, or 2 when the input
//! cannot be read, the format cannot be told, or the output cannot be written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::engine::Pack;
use crate::report;
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
    pub format: Option<Format>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One self-contained HTML file with the diagram; prints to PDF.
    Html,
    /// Markdown, with the diagram as a Mermaid block.
    Markdown,
    /// The findings as CSV.
    Csv,
}

impl Format {
    /// The format an output path's extension names.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let Some(format) = args.format.or_else(|| Format::of_path(&args.output)) else {
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
    let pack = Pack::builtin();
    let date = today();
    let text = match format {
        Format::Html => report::html(&review, pack, &date),
        Format::Markdown => report::markdown(&review, pack, &date),
        Format::Csv => report::csv(&review, pack),
    };
    match store::write_atomically(&args.output, |temp| {
        std::fs::write(temp, text.as_bytes()).map_err(WriteFailure::Io)
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(&e),
    }
}
