//! `lens diff A B [--format text|json]`: what changed from A to B. A and B are review files or
//! JSON (the present state), or `FILE#MILESTONE` (a milestone saved in a review file). Exit code
//! 0, or 2 when an input cannot be read or names an unknown milestone (the message lists the
//! milestones there are).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Format;

use crate::diff::diff;
use crate::engine::Pack;
use crate::model::Architecture;
use crate::review::{load_any, LoadError, ReviewError};

/// The arguments of `lens diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier state: a file, or FILE#MILESTONE.
    pub a: String,
    /// The later state: a file, or FILE#MILESTONE.
    pub b: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Why a side of the diff could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SideError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("\"{path}\": {source}")]
    Milestone { path: PathBuf, source: ReviewError },
}

/// Reads one side: `FILE` (its present state) or `FILE#MILESTONE`. A path that exists as written
/// is a file even if it contains `#`.
pub fn load_side(spec: &str) -> Result<Architecture, SideError> {
    let whole = Path::new(spec);
    let (file, milestone) = match spec.rsplit_once('#') {
        Some((file, milestone)) if !whole.exists() => (Path::new(file), Some(milestone)),
        _ => (whole, None),
    };
    let (review, _) = load_any(file)?;
    match milestone {
        None => Ok(review.architecture),
        Some(name) => review
            .find_milestone(name)
            .map(|m| m.snapshot.architecture.clone())
            .map_err(|source| SideError::Milestone {
                path: file.to_owned(),
                source,
            }),
    }
}

pub fn run(args: Args) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    ExitCode::from(compare(&args, &mut out, &mut err))
}

/// Runs the diff, writing it to `out` and problems to `err`; returns the exit code.
pub fn compare(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let sides = load_side(&args.a).and_then(|a| Ok((a, load_side(&args.b)?)));
    let (a, b) = match sides {
        Ok(sides) => sides,
        Err(e) => {
            let _ = writeln!(err, "lens: {e}");
            return super::EXIT_UNREADABLE;
        }
    };
    let d = diff(&a, &b, Pack::builtin());
    let text = match args.format {
        Format::Text => d.to_text(),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&d.to_format_json()).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "lens: could not write the diff: {e}");
            super::EXIT_UNREADABLE
        }
    }
}
