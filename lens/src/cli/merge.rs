//! `lens merge BASE OURS THEIRS --output OUT`: the three-way merge of reviews ([`crate::merge`]),
//! also git's merge driver for `*.lensboard` files (`lens merge %O %A %B --output %A`, installed by
//! `lens git install`).
//!
//! The output has OURS' form: a review file when OURS is one, else review JSON. An empty BASE is
//! an empty review: git passes an empty file when both branches added the same path. Exit codes
//! (git reads them): 0 merged cleanly; 1 merged with conflicts, which are listed on stdout and
//! recorded in OUT (the merged review keeps ours' value of each, and theirs' in the record); 2 an
//! input could not be read or OUT could not be written (nothing is written then).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::merge::merge;
use crate::review::{json, load_any, LoadError, Review, Source};
use crate::store::{self, WriteFailure};

/// The arguments of `lens merge` (its help text is on [`super::Command::Merge`]).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The common ancestor (git's %O); an empty file is an empty review.
    pub base: PathBuf,
    /// Our version (git's %A).
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// Where to write the merged review; may be OURS itself (as for git: --output %A).
    #[arg(long, short)]
    pub output: PathBuf,
}

/// Exit code: merged, with conflicts recorded in the output.
pub const EXIT_CONFLICTS: u8 = 1;

pub fn run(args: Args) -> ExitCode {
    let base = match load_base(&args.base) {
        Ok(review) => review,
        Err(e) => return super::fail(&e),
    };
    let (ours, form) = match load_any(&args.ours) {
        Ok(loaded) => loaded,
        Err(e) => return super::fail(&e),
    };
    let theirs = match load_any(&args.theirs) {
        Ok((review, _)) => review,
        Err(e) => return super::fail(&e),
    };
    let merged = merge(&base, &ours, &theirs);
    let written = if form == Source::ReviewFile {
        store::save(&merged.review, &args.output).map(|_| ())
    } else {
        let text = json::export_review(&merged.review, crate::engine::Pack::builtin());
        store::write_atomically(&args.output, |temp| {
            std::fs::write(temp, text.as_bytes()).map_err(WriteFailure::Io)
        })
    };
    if let Err(e) = written {
        return super::fail(&e);
    }
    if merged.new_conflicts.is_empty() {
        return ExitCode::SUCCESS;
    }
    let mut text = format!(
        "lens merge: {} conflict{} recorded in {} (ours kept, theirs recorded):\n",
        merged.new_conflicts.len(),
        if merged.new_conflicts.len() == 1 {
            ""
        } else {
            "s"
        },
        args.output.display()
    );
    for c in &merged.new_conflicts {
        text.push_str("  ");
        text.push_str(&c.describe());
        text.push('\n');
    }
    match super::print(&text) {
        code if code == ExitCode::SUCCESS => ExitCode::from(EXIT_CONFLICTS),
        code => code,
    }
}

/// The base: an empty file (what git passes when both sides added the file) is an empty review.
fn load_base(path: &Path) -> Result<Review, LoadError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == 0 => Ok(Review::new(crate::Architecture::default())),
        _ => load_any(path).map(|(review, _)| review),
    }
}
