//! `lens import TEMPLATE --output FILE [--mapping FILE]... [--format text|json]`: reads an
//! infrastructure-as-code template (CloudFormation, JSON or YAML) into a review file or architecture JSON,
//! and prints the import report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Format;

use crate::iac::{cloudformation, Import, Mapping};
use crate::json::export_data;
use crate::review::Review;
use crate::store::{self, WriteFailure};

/// The arguments of `lens import` (its help text is on [`super::Command::Import`]).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CloudFormation template (JSON or YAML).
    pub template: PathBuf,
    /// Where to write: a review file (`.lensboard`) or architecture JSON (`.json`).
    #[arg(long, short)]
    pub output: PathBuf,
    /// A mapping file (TOML) merged over the built-in one; may be given more than once.
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
    #[error("could not read \"{path}\": {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("\"{path}\": {source}")]
    Template {
        path: PathBuf,
        source: crate::iac::IacError,
    },
    #[error("\"{path}\": {source}")]
    Mapping {
        path: PathBuf,
        source: crate::iac::MappingError,
    },
    #[error(
        "\"{0}\": the output must end in .lensboard (a review file) or .json (architecture JSON)"
    )]
    OutputKind(PathBuf),
}

pub fn run(args: Args) -> ExitCode {
    let import = match read(&args) {
        Ok(import) => import,
        Err(e) => return super::fail(&e),
    };
    let written = match output_kind(&args.output) {
        Some(Output::Json) => store::write_atomically(&args.output, |temp| {
            std::fs::write(temp, export_data(&import.architecture).as_bytes())
                .map_err(WriteFailure::Io)
        }),
        Some(Output::Review) => {
            // The importer has already checked the data; this builds the graph to save.
            let arch = match crate::Architecture::from_data_checked(import.architecture.clone()) {
                Ok(arch) => arch,
                Err(e) => return super::fail(&e),
            };
            store::save(&Review::new(arch), &args.output).map(|_saved| ())
        }
        None => return super::fail(&ImportFailure::OutputKind(args.output.clone())),
    };
    if let Err(e) = written {
        return super::fail(&e);
    }
    let text = match args.format {
        Format::Text => import.report.to_text(),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&import.report).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    super::print(&text)
}

/// Reads the mapping files and the template and imports it.
pub fn read(args: &Args) -> Result<Import, ImportFailure> {
    let mut mapping =
        Mapping::builtin_cloudformation().map_err(|source| ImportFailure::Mapping {
            path: PathBuf::from("(built-in mapping)"),
            source,
        })?;
    for path in &args.mapping {
        let text = read_text(path)?;
        let own = Mapping::parse(&text, &path.display().to_string()).map_err(|source| {
            ImportFailure::Mapping {
                path: path.clone(),
                source,
            }
        })?;
        mapping.merge(own);
    }
    let text = read_text(&args.template)?;
    let name = args
        .template
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    cloudformation::import_text(&text, &name, &mapping).map_err(|source| ImportFailure::Template {
        path: args.template.clone(),
        source,
    })
}

fn read_text(path: &Path) -> Result<String, ImportFailure> {
    std::fs::read_to_string(path).map_err(|source| ImportFailure::Read {
        path: path.to_owned(),
        source,
    })
}

fn output_kind(path: &Path) -> Option<Output> {
    match path.extension()?.to_str()? {
        "lensboard" => Some(Output::Review),
        "json" => Some(Output::Json),
        _ => None,
    }
}
