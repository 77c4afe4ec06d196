//! `lens export FILE --to json|review-json|mermaid|review|wa-lens|wa-answers|wa-answers-script
//! [--output OUT] [--pack DIR]...`:
//! writes a review or architecture JSON in another form. `json` is the architecture alone (the
//! plain interchange form, also for reviews with decisions); `review-json` is the full review form
//! (`"format": "lensboard/review"`: architecture, findings with status, decisions, answers and
//! milestones, see [`crate::review::json`]). `wa-lens` is the pack as an AWS Well-Architected Tool
//! custom lens ([`crate::wa_lens`]): review files do not hold packs, so it is the built-in pack
//! plus the `--pack` directories, and a lens the WA Tool would refuse is not written.
//! `wa-answers` and `wa-answers-script` are the review's answers to that lens, as `UpdateAnswer`
//! bodies or as `aws` calls ([`crate::wa_lens::answers`]), evaluated with the same pack.
//! `threat-dragon` and `otm` are the architecture as a threat model with the review's findings
//! (evaluated with the same pack) as threats ([`crate::interchange`]).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::engine::Pack;
use crate::exchange::ExportFormat;
use crate::review::load_any;
use crate::store;

/// The arguments of `lens export` (its help text is on [`super::Command::Export`]).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The review file or architecture JSON to read.
    pub file: PathBuf,
    /// The form to write.
    #[arg(long, value_enum)]
    pub to: Target,
    /// Where to write. Without it, every form but `review` goes to standard output.
    #[arg(long, short, required_if_eq("to", "review"))]
    pub output: Option<PathBuf>,
    /// With `--to wa-lens`, `wa-answers`, `wa-answers-script`, `threat-dragon` or `otm`: a
    /// directory of custom rule files (`*.toml`) whose rules and checklist items join the built-in
    /// pack's in the lens, its answers or the threats; repeatable.
    #[arg(long = "pack", value_name = "DIR")]
    pub packs: Vec<PathBuf>,
}

/// What `--to` names: a review file, or one of the [`ExportFormat`]s the app offers too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A review file (SQLite).
    Review,
    Format(ExportFormat),
}

/// Every target, in the order `--help` lists them.
const TARGETS: [Target; 9] = [
    Target::Format(ExportFormat::Json),
    Target::Format(ExportFormat::ReviewJson),
    Target::Format(ExportFormat::Mermaid),
    Target::Review,
    Target::Format(ExportFormat::WaLens),
    Target::Format(ExportFormat::WaAnswers),
    Target::Format(ExportFormat::WaAnswersScript),
    Target::Format(ExportFormat::ThreatDragon),
    Target::Format(ExportFormat::Otm),
];

impl ValueEnum for Target {
    fn value_variants<'a>() -> &'a [Self] {
        &TARGETS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Target::Review => PossibleValue::new("review").help("A review file (SQLite)."),
            Target::Format(format) => {
                let info = format.info();
                PossibleValue::new(info.id).help(info.description)
            }
        })
    }
}

pub fn run(args: Args) -> ExitCode {
    let with_pack = matches!(args.to, Target::Format(f) if f.uses_pack());
    if !args.packs.is_empty() && !with_pack {
        eprintln!(
            "lens: --pack is for --to wa-lens, wa-answers, wa-answers-script, threat-dragon and otm only"
        );
        return ExitCode::from(super::EXIT_UNREADABLE);
    }
    let review = match load_any(&args.file) {
        Ok((review, _)) => review,
        Err(e) => return super::fail(&e),
    };
    let format = match args.to {
        Target::Format(format) => format,
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
    let pack = match pack_with(&args.packs) {
        Ok(pack) => pack,
        Err(code) => return code,
    };
    let written = match &args.output {
        None => format
            .render(&review, &pack)
            .map(|text| super::print(&text)),
        Some(output) => format
            .write(&review, &pack, output)
            .map(|()| ExitCode::SUCCESS),
    };
    written.unwrap_or_else(|e| super::fail(&e))
}

/// The built-in pack plus the packs of `dirs`; every problem of a pack that does not load is
/// printed, and nothing is exported then (a lens without the team's rules would look complete).
fn pack_with(dirs: &[PathBuf]) -> Result<Pack, ExitCode> {
    let mut pack = Pack::builtin().clone();
    for dir in dirs {
        match Pack::load_dir(dir).and_then(|custom| pack.merge(&custom)) {
            Ok(merged) => pack = merged,
            Err(errors) => {
                eprintln!("lens: the pack {} was not loaded:", dir.display());
                for e in &errors.0 {
                    eprintln!("  {e}");
                }
                return Err(ExitCode::from(super::EXIT_UNREADABLE));
            }
        }
    }
    Ok(pack)
}
