//! `lens import SOURCE --output FILE|--into REVIEW [--mapping FILE]... [--format text|json]`: reads an
//! infrastructure-as-code source (a CloudFormation template, JSON or YAML, or a Terraform plan
//! as `terraform show -json` prints it) or a threat model (OWASP Threat Dragon v2 JSON, Open
//! Threat Model JSON or YAML) into a review file or architecture JSON, or into an existing review
//! again, and prints the import report. What the source is, is read from its content
//! ([`crate::exchange::read_source`]), never from its extension.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Format;

use crate::exchange::{findings_by_resource, findings_text, read_source, ExchangeError};
use crate::iac::reimport::MergeReport;
use crate::iac::Import;
use crate::json::export_data;
use crate::review::Review;
use crate::store::{self, WriteFailure};

/// The arguments of `lens import` (its help text is on [`super::Command::Import`]).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CloudFormation template (JSON or YAML), Terraform plan JSON, Threat Dragon v2 model or
    /// OTM model.
    #[arg(value_name = "SOURCE")]
    pub template: PathBuf,
    /// Where to write: a review file (`.lensboard`) or architecture JSON (`.json`).
    #[arg(long, short, required_unless_present = "into", conflicts_with = "into")]
    pub output: Option<PathBuf>,
    /// An existing review file to import into again: what changed in the code comes in;
    /// positions, hand-added components, flows and boundaries, values set by hand, decisions
    /// and checklist answers stay; components no longer in the code are removed.
    #[arg(long)]
    pub into: Option<PathBuf>,
    /// A mapping file (TOML) merged over the built-in one of the source's format; may be given
    /// more than once.
    #[arg(long)]
    pub mapping: Vec<PathBuf>,
    /// The form of the import report printed on standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What `--output` names.
enum Output {
    Review,
    Json,
}

/// Why `lens import` stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error(transparent)]
    Source(#[from] ExchangeError),
    #[error(
        "\"{0}\": the output must end in .lensboard (a review file) or .json (architecture JSON)"
    )]
    OutputKind(PathBuf),
    #[error("give --output FILE for a new file or --into REVIEW to import into a review again")]
    NoOutput,
    #[error(
        "\"{path}\": the re-imported review would not be valid, nothing was written: {source}"
    )]
    Merge {
        path: PathBuf,
        source: crate::ModelError,
    },
}

pub fn run(args: Args) -> ExitCode {
    let import = match read(&args) {
        Ok(import) => import,
        Err(e) => return super::fail(&e),
    };
    let source = args
        .template
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (merged, review) = match (&args.into, &args.output) {
        (Some(into), _) => match reimport(&import, &source, into) {
            Ok((report, review)) => (Some(report), review),
            Err(code) => return code,
        },
        (None, Some(output)) => match write_new(&import, &source, output) {
            Ok(review) => (None, review),
            Err(code) => return code,
        },
        (None, None) => return super::fail(&ImportFailure::NoOutput),
    };
    // Which findings rest on what the import drew: the review as written, with its decisions.
    let findings = crate::engine::evaluate(&review.architecture, crate::engine::Pack::builtin());
    let by_resource = findings_by_resource(&import.report, &findings, |id| {
        review.decisions.contains_key(id)
    });
    let text = match (args.format, &merged) {
        (Format::Text, None) => format!(
            "{}{}",
            import.report.to_text(),
            findings_text(&by_resource, &findings)
        ),
        (Format::Text, Some(merge)) => format!(
            "{}\nre-import into {}:\n{}{}",
            import.report.to_text(),
            args.into.as_deref().unwrap_or(Path::new("")).display(),
            merge.to_text(),
            findings_text(&by_resource, &findings)
        ),
        (Format::Json, None) => {
            let mut report = serde_json::to_value(&import.report).unwrap_or_default();
            if let Some(object) = report.as_object_mut() {
                object.insert(
                    "findings".into(),
                    serde_json::to_value(&by_resource).unwrap_or_default(),
                );
            }
            json_text(&report)
        }
        (Format::Json, Some(merge)) => json_text(&serde_json::json!({
            "import": import.report,
            "merge": merge,
            "findings": by_resource,
        })),
    };
    super::print(&text)
}

fn json_text(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes a new review file or architecture JSON; returns the review written (for JSON, the
/// architecture as a review without decisions).
fn write_new(import: &Import, source: &str, output: &Path) -> Result<Review, ExitCode> {
    let review = crate::iac::reimport::new_review(import, source, crate::review::unix_now())
        .map_err(|e| super::fail(&e))?;
    let written = match output_kind(output) {
        Some(Output::Json) => store::write_atomically(output, |temp| {
            std::fs::write(temp, export_data(&import.architecture).as_bytes())
                .map_err(WriteFailure::Io)
        }),
        Some(Output::Review) => store::save(&review, output).map(|_saved| ()),
        None => return Err(super::fail(&ImportFailure::OutputKind(output.to_owned()))),
    };
    written.map_err(|e| super::fail(&e))?;
    Ok(review)
}

/// Imports again into an existing review file, written once, only when everything succeeded.
fn reimport(import: &Import, source: &str, into: &Path) -> Result<(MergeReport, Review), ExitCode> {
    let mut review = store::open(into).map_err(|e| super::fail(&e))?;
    let report =
        crate::iac::reimport::into_review(&mut review, import, source, crate::review::unix_now())
            .map_err(|source| {
            super::fail(&ImportFailure::Merge {
                path: into.to_owned(),
                source,
            })
        })?;
    store::save(&review, into).map_err(|e| super::fail(&e))?;
    Ok((report, review))
}

/// Reads the source, then the mapping files of its format, and imports it.
pub fn read(args: &Args) -> Result<Import, ImportFailure> {
    Ok(read_source(&args.template, &args.mapping)?.import)
}

fn output_kind(path: &Path) -> Option<Output> {
    match path.extension()?.to_str()? {
        "lensboard" => Some(Output::Review),
        "json" => Some(Output::Json),
        _ => None,
    }
}
