//! The `lens` command line: a thin shell over the library, for people and for CI.
//!
//! Every verb is a module with an `Args` struct (clap derive) and `run(args) -> ExitCode`; this
//! root only parses and dispatches. Exit codes follow `docs/FORMAT.md`: 0 success,
//! 1 findings at or above `--fail-on` (`check`), 2 an input could not be read (or an output could
//! not be written), with the reason on stderr.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod check;
pub mod diff;
pub mod export;
pub mod git;
pub mod import;
pub mod merge;
pub mod report;
pub mod rules;

/// How `rules`, `diff` and `import` print what they say: for people, or as one JSON object
/// (its fields in docs/FORMAT.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// One JSON object (docs/FORMAT.md).
    Json,
}

/// Exit code: an input could not be read or an output could not be written.
pub const EXIT_UNREADABLE: u8 = 2;

/// Review generative-AI architectures against the AWS Well-Architected Generative AI Lens.
///
/// FILE arguments are review files (`.lensboard`), review JSON (`lens export --to review-json`)
/// or architecture JSON; the content decides which, not the extension. No command modifies its
/// input.
#[derive(Debug, Parser)]
#[command(name = "lens", version, about, long_about)]
#[command(
    after_help = "Exit codes: 0 success, 1 findings at or above --fail-on (check) or conflicts \
                        recorded (merge), 2 a file could not be read or written (the reason is \
                        printed on stderr)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert a review or architecture JSON to deterministic JSON, Mermaid or a review file.
    ///
    /// `--to json` writes the deterministic architecture JSON (arrays sorted by id, two-space
    /// indentation), the form to diff and to check into git; from JSON it re-canonicalises the
    /// file. `--to review-json` writes the full review (`"format": "lensboard/review"`: the
    /// architecture plus findings with their status, decisions, checklist answers and milestones).
    /// `--to mermaid` writes a Mermaid flowchart (boundaries as subgraphs) to paste into
    /// Markdown. `--to review` writes a review file (`.lensboard`) and needs `--output`. `--to
    /// wa-lens` writes the rule pack (built-in plus `--pack` directories) as an AWS Well-Architected
    /// Tool custom lens to upload in the WA Tool, and refuses a lens the WA Tool would not accept
    /// (exit code 2, every problem named); `--to wa-answers` (JSON) and `--to wa-answers-script`
    /// (sh) write the review's answers to that lens for the WA Tool's UpdateAnswer. `--to
    /// threat-dragon` and `--to otm` write an OWASP Threat Dragon v2 model or an Open Threat Model
    /// (JSON) with the review's findings as threats, their status from the decisions. Outputs are
    /// written atomically (a temporary file renamed over the target), so `--output` may name the
    /// input itself. Exit code 2 (with the reason on stderr) when the input cannot be read or the
    /// output cannot be written.
    Export(export::Args),
    /// Import a CloudFormation template (JSON or YAML), a Terraform plan (`terraform show
    /// -json`) or a threat model (Threat Dragon v2, OTM) into a review file or architecture JSON,
    /// or into an existing review again.
    ///
    /// The source's content says what it is. Template and plan resources become components and
    /// references become flows, following the built-in mappings (`lens/mapping/cloudformation.toml`,
    /// `lens/mapping/terraform.toml`) with any --mapping file merged over them. A threat model's
    /// elements become components, flows and boundaries with their positions, their kinds read
    /// from their names by `lens/mapping/threat-models.toml` (--mapping files go first), their
    /// threats kept as notes; what no rule matched is listed "to confirm". The output's
    /// extension decides its form: `.lensboard` a review file, `.json` architecture JSON (a
    /// template's components without positions: the app lays them out). With --into, the review
    /// file is updated instead: the source's changes come in, positions, hand-drawn parts, values
    /// set by hand, decisions and answers stay, and what left the source is removed. The import
    /// report (per resource or element: the components it became, each property set with the
    /// path it came from, what is unknown, unmapped or to confirm; with --into also what was
    /// added, updated, removed and kept) goes to standard output. Exit code 2 when the source or
    /// a mapping cannot be read (the message names the file and the path inside it) or the
    /// output cannot be written; the review of --into is then untouched.
    Import(import::Args),
    /// Check a review or architecture JSON against the Generative AI Lens rules.
    Check(check::Args),
    /// List the rules and checklist items, with how much of the lens they cover.
    Rules(rules::Args),
    /// Compare two states: files, or FILE#MILESTONE for a milestone saved in a review file.
    ///
    /// Components and flows added, removed and changed (label, kind, properties, boundary; from,
    /// to, properties — positions are not changes), and findings new, resolved and unchanged.
    /// Exit code 2 when an input cannot be read or a milestone does not exist.
    Diff(diff::Args),
    /// Merge two versions of a review with their common ancestor (also git's merge driver).
    ///
    /// The architecture is merged by component, flow and boundary id and by property, decisions by
    /// finding id (with both sides' history), checklist answers by item, milestones by name. A
    /// change on one side applies, the same change on both sides applies once. A conflict (a value
    /// changed differently on both sides, something deleted on one side and changed or used on
    /// the other) keeps OURS' value and is recorded in the merged review with the base's, ours
    /// and theirs' values until someone resolves it; the conflicts are listed on stdout. The
    /// output has OURS' form (a review file, or review JSON) and may be OURS itself. Exit code 0
    /// merged cleanly, 1 merged with conflicts, 2 an input could not be read or the output
    /// could not be written.
    Merge(merge::Args),
    /// Set git up for review files: diffs as review JSON, merges with `lens merge`.
    Git(git::Args),
    /// Write a report of a review: self-contained HTML (with the diagram), Markdown or CSV.
    ///
    /// The format follows the extension of --output (.html, .md, .csv) unless --format says.
    /// --audience chooses the report: engineering (every finding with its path and fix, the
    /// checklist; the default), executive (one page: risks by pillar, trend since the last
    /// milestone, top five risks, decisions pending) or compliance (decisions with owner, date,
    /// ticket and justification, accepted risks, history, checklist evidence, changes since the
    /// last milestone). The executive and compliance reports are HTML or Markdown.
    Report(report::Args),
}

/// Parses the command line and runs the verb.
pub fn main() -> ExitCode {
    run(Cli::parse())
}

/// Runs an already parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Report(args) => report::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Git(args) => git::run(args),
    }
}

/// Prints `lens: ERROR` on stderr and returns exit code 2.
pub(crate) fn fail(error: &dyn std::error::Error) -> ExitCode {
    eprintln!("lens: {error}");
    ExitCode::from(EXIT_UNREADABLE)
}

/// Writes `text` to standard output; exit code 0, or 2 with the reason on stderr.
pub(crate) fn print(text: &str) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lens: could not write to standard output: {e}");
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}
