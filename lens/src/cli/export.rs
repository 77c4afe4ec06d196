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

use clap::ValueEnum;

use crate::engine::Pack;
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
    /// Where to write. Without it, every form but `review` goes to standard output.
    #[arg(long, short, required_if_eq("to", "review"))]
    pub output: Option<PathBuf>,
    /// With `--to wa-lens`, `wa-answers`, `wa-answers-script`, `threat-dragon` or `otm`: a
    /// directory of custom rule files (`*.toml`) whose rules and checklist items join the built-in
    /// pack's in the lens, its answers or the threats; repeatable.
    #[arg(long = "pack", value_name = "DIR")]
    pub packs: Vec<PathBuf>,
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
    /// An AWS Well-Architected Tool custom lens (JSON) of the rule pack, to upload in the WA Tool.
    WaLens,
    /// The review's answers to that lens: one WA Tool UpdateAnswer body per question (JSON).
    WaAnswers,
    /// The same answers as a POSIX sh script of `aws wellarchitected update-answer` calls
    /// (arguments: WORKLOAD_ID LENS_ALIAS_OR_ARN).
    WaAnswersScript,
    /// An OWASP Threat Dragon v2 model: components, flows and boundaries, the findings as threats.
    ThreatDragon,
    /// An Open Threat Model (JSON): trust zones, components, dataflows, the findings as threats
    /// and their fixes as mitigations.
    Otm,
}

pub fn run(args: Args) -> ExitCode {
    let with_pack = matches!(
        args.to,
        Target::WaLens
            | Target::WaAnswers
            | Target::WaAnswersScript
            | Target::ThreatDragon
            | Target::Otm
    );
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
    let text = match args.to {
        Target::WaLens => {
            let pack = match pack_with(&args.packs) {
                Ok(pack) => pack,
                Err(code) => return code,
            };
            match crate::wa_lens::to_json(&crate::wa_lens::from_pack(&pack)) {
                Ok(text) => text,
                Err(errors) => {
                    eprintln!(
                        "lens: the custom lens breaks the WA Tool's limits, so it was not written:\n{errors}"
                    );
                    return ExitCode::from(super::EXIT_UNREADABLE);
                }
            }
        }
        Target::WaAnswers | Target::WaAnswersScript => {
            let pack = match pack_with(&args.packs) {
                Ok(pack) => pack,
                Err(code) => return code,
            };
            let answers = crate::wa_lens::answers::answers(&review, &pack);
            if args.to == Target::WaAnswers {
                crate::wa_lens::answers::to_json(&answers)
            } else {
                crate::wa_lens::answers::to_script(&answers)
            }
        }
        Target::ThreatDragon | Target::Otm => {
            let pack = match pack_with(&args.packs) {
                Ok(pack) => pack,
                Err(code) => return code,
            };
            if args.to == Target::Otm {
                crate::interchange::otm::export(&review, &pack)
            } else {
                let mapping = match crate::interchange::ThreatModelMapping::builtin() {
                    Ok(mapping) => mapping,
                    Err(e) => return super::fail(&e),
                };
                crate::interchange::threat_dragon::export(&review, &pack, &mapping)
            }
        }
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
