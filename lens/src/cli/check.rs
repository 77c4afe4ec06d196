//! `lens check FILE [--format text|json|sarif] [--fail-on high|medium|low|never] [--pack DIR]...`:
//! evaluates a review or architecture JSON against the built-in pack (plus custom packs) and
//! prints the findings. Exit code 0 when no finding is at or above `--fail-on`, 1 when some are,
//! 2 when the input or a pack could not be read (the findings of the packs that did load are
//! still printed, so a broken custom pack never hides the built-in rules).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::json;

use crate::engine::{evaluate, sarif, Finding, Pack, Summary};
use crate::model::{Architecture, ComponentId};
use crate::practices::Risk;
use crate::review::load_any;

/// Check an architecture against the Generative AI Lens rules.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The review file or architecture JSON to check.
    pub file: PathBuf,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with 1 when a finding has this risk or a higher one.
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
    /// The JSON object of FORMAT.md.
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
    let text = match args.format {
        Format::Text => render_text(arch, &findings),
        Format::Json => render_json(&findings),
        Format::Sarif => pretty(&sarif::to_sarif(arch, &pack, &findings)),
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
        .is_some_and(|t| findings.iter().any(|f| f.risk >= t));
    u8::from(failing)
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON object of FORMAT.md: `findings` (status `open` until decisions exist) and `summary`.
pub fn render_json(findings: &[Finding]) -> String {
    let list: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
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
                "status": "open",
            })
        })
        .collect();
    pretty(&json!({ "findings": list, "summary": Summary::of(findings) }))
}

/// The report for people: one block per finding, highest risk first, then a summary line.
pub fn render_text(arch: &Architecture, findings: &[Finding]) -> String {
    let label = |id: &ComponentId| {
        arch.component(id)
            .map_or_else(|| id.to_string(), |c| c.label.clone())
    };
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{:<6}  {}  [{}]\n",
            f.risk.id().to_uppercase(),
            f.title,
            f.best_practices.join(", ")
        ));
        out.push_str(&format!("        {}\n", f.message));
        if !f.path.is_empty() {
            let path: Vec<String> = f.path.iter().map(label).collect();
            out.push_str(&format!("        path: {}\n", path.join(" → ")));
        }
        out.push_str(&format!("        fix:  {}\n", f.remediation));
        out.push_str(&format!("        id:   {}\n\n", f.id));
    }
    let s = Summary::of(findings);
    out.push_str(&match findings.len() {
        0 => "No findings.\n".to_owned(),
        n => format!(
            "{n} finding{}: {} high, {} medium, {} low\n",
            if n == 1 { "" } else { "s" },
            s.high,
            s.medium,
            s.low
        ),
    });
    out
}
