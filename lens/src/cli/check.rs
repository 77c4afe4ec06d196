//! `lens check FILE [--format text|json|sarif] [--fail-on high|medium|low|never] [--pack DIR]...`:
//! evaluates a review or architecture JSON against the built-in pack (plus custom packs) and
//! prints the findings with their status in the review (`open` unless the team decided about it).
//! Exit code 0 when no *open* finding is at or above `--fail-on` (decided findings never fail the
//! check), 1 when some are,
//! 2 when the input or a pack could not be read (the findings of the packs that did load are
//! still printed, so a broken custom pack never hides the built-in rules).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::json;

use crate::engine::{evaluate, sarif, Finding, Pack};
use crate::model::{Architecture, ComponentId};
use crate::practices::Risk;
use crate::review::{load_any, triage, FindingStatus, Triage};

/// Check an architecture against the Generative AI Lens rules.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The review file or architecture JSON to check.
    pub file: PathBuf,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with 1 when an open finding (one without a decision) has this risk or a higher one.
    #[arg(long, value_enum, default_value_t = FailOn::High)]
    pub fail_on: FailOn,
    /// A directory of custom rule files (`*.toml`) to add to the built-in pack; repeatable.
    #[arg(long = "pack", value_name = "DIR")]
    pub packs: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// One JSON object: the findings with their status and a summary (docs/FORMAT.md).
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    High,
    Medium,
    Low,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Risk> {
        match self {
            FailOn::High => Some(Risk::High),
            FailOn::Medium => Some(Risk::Medium),
            FailOn::Low => Some(Risk::Low),
            FailOn::Never => None,
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let code = check(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}

/// Runs the check, writing the report to `out` and problems to `err`; returns the exit code.
pub fn check(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let review = match load_any(&args.file) {
        Ok((review, _)) => review,
        Err(e) => {
            let _ = writeln!(err, "lens: {e}");
            return super::EXIT_UNREADABLE;
        }
    };
    let mut pack = Pack::builtin().clone();
    let mut unreadable = false;
    for dir in &args.packs {
        let merged = Pack::load_dir(dir).and_then(|custom| pack.merge(&custom));
        match merged {
            Ok(p) => pack = p,
            Err(errors) => {
                unreadable = true;
                let _ = writeln!(err, "lens: the pack {} was not loaded:", dir.display());
                for e in &errors.0 {
                    let _ = writeln!(err, "  {e}");
                }
            }
        }
    }
    let arch = &review.architecture;
    let findings = evaluate(arch, &pack);
    let triage = triage(&findings, &review.decisions);
    let text = match args.format {
        Format::Text => render_reviewed_text(arch, &triage),
        Format::Json => render_reviewed_json(&triage),
        Format::Sarif => pretty(&sarif::to_sarif(arch, &pack, &triage.findings)),
    };
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        let _ = writeln!(err, "lens: could not write the report: {e}");
        return super::EXIT_UNREADABLE;
    }
    if unreadable {
        return super::EXIT_UNREADABLE;
    }
    let failing = args
        .fail_on
        .threshold()
        .is_some_and(|t| triage.open_at_or_above(t) > 0);
    u8::from(failing)
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON object of `docs/FORMAT.md` for findings without a review (every status `open`).
pub fn render_json(findings: &[Finding]) -> String {
    render_reviewed_json(&triage(findings, &Default::default()))
}

/// The JSON object of `docs/FORMAT.md`: `findings` with their status and `summary`, the counts
/// of the *open* findings per risk.
pub fn render_reviewed_json(triage: &Triage) -> String {
    let list: Vec<serde_json::Value> = triage
        .findings
        .iter()
        .map(|reviewed| {
            let f = &reviewed.finding;
            json!({
                "id": f.id,
                "rule": f.rule,
                "best_practices": f.best_practices,
                "pillar": f.pillar,
                "risk": f.risk,
                "components": f.components,
                "flows": f.flows,
                "path": f.path,
                "message": f.message,
                "remediation": f.remediation,
                "status": reviewed.status,
            })
        })
        .collect();
    pretty(&json!({ "findings": list, "summary": triage.summary.open }))
}

/// The report for people, for findings without a review.
pub fn render_text(arch: &Architecture, findings: &[Finding]) -> String {
    render_reviewed_text(arch, &triage(findings, &Default::default()))
}

/// The report for people: one block per finding, highest risk first (a decided finding says its
/// status), then a summary line of the open findings.
pub fn render_reviewed_text(arch: &Architecture, triage: &Triage) -> String {
    let label = |id: &ComponentId| {
        arch.component(id)
            .map_or_else(|| id.to_string(), |c| c.label.clone())
    };
    let mut out = String::new();
    for reviewed in &triage.findings {
        let f = &reviewed.finding;
        out.push_str(&format!(
            "{:<6}  {}  [{}]\n",
            f.risk.id().to_uppercase(),
            f.title,
            f.best_practices.join(", ")
        ));
        if let Some(d) = &reviewed.decision {
            out.push_str(&format!(
                "        status: {} by {} on {}{}\n",
                reviewed.status.label(),
                d.owner,
                d.date,
                if d.justification.is_empty() {
                    String::new()
                } else {
                    format!(": {}", d.justification)
                }
            ));
        }
        out.push_str(&format!("        {}\n", f.message));
        if !f.path.is_empty() {
            let path: Vec<String> = f.path.iter().map(label).collect();
            out.push_str(&format!("        path: {}\n", path.join(" → ")));
        }
        out.push_str(&format!("        fix:  {}\n", f.remediation));
        out.push_str(&format!("        id:   {}\n\n", f.id));
    }
    let s = triage.summary.open;
    let open = triage
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Open)
        .count();
    // Without decisions every finding is open: the line keeps its plain wording.
    let (word, decided) = match triage.summary.decided {
        0 => ("", String::new()),
        n => ("open ", format!(" ({n} decided)")),
    };
    out.push_str(&match (triage.findings.len(), open) {
        (0, _) => "No findings.\n".to_owned(),
        (_, 0) => format!("No open findings{decided}.\n"),
        (_, n) => format!(
            "{n} {word}finding{}: {} high, {} medium, {} low{decided}\n",
            if n == 1 { "" } else { "s" },
            s.high,
            s.medium,
            s.low
        ),
    });
    for d in &triage.orphaned {
        out.push_str(&format!(
            "orphaned decision: {} ({}) — the finding no longer exists\n",
            d.finding,
            d.status.id()
        ));
    }
    out
}
