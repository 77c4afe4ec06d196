//! `lens check FILE [--format text|json|sarif] [--fail-on high|medium|low|never] [--pack DIR]...`:
//! evaluates a review or architecture JSON against the built-in pack (plus custom packs) and
//! prints the findings with their status in the review (`open` unless the team decided about it).
//! Exit code 0 when no *open* finding is at or above `--fail-on` (decided findings never fail the
//! check), 1 when some are,
//! 2 when the input or a pack could not be read (the findings of the packs that did load are
//! still printed, so a broken custom pack never hides the built-in rules).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::Serialize;

use crate::engine::{evaluate, evaluate_with, sarif, Basis, Finding, OpenQuestion, Pack};
use crate::model::{Architecture, ComponentId, FlowId};
use crate::practices::{Dimension, Pillar, Risk};
use crate::review::{
    load_any, triage, Decision, FindingStatus, ReviewedFinding, StatusSummary, Triage, Unstated,
};

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
    /// Leave findings that rest only on properties nobody set (basis `unstated`) out of the
    /// `--fail-on` count; they are still reported.
    #[arg(long)]
    pub ignore_unstated: bool,
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
    let code = run_check(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
        Afterwards::Exit,
    );
    ExitCode::from(code)
}

/// What happens once the report is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Afterwards {
    /// The caller goes on: free what the check built.
    Continue,
    /// The process exits: leave the memory to the operating system, which takes it back at once
    /// (freeing the model and hundreds of thousands of findings one by one takes a noticeable
    /// part of a large check).
    Exit,
}

/// Runs the check, writing the report to `out` and problems to `err`; returns the exit code.
pub fn check(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    run_check(args, out, err, Afterwards::Continue)
}

fn run_check(args: &Args, out: &mut dyn Write, err: &mut dyn Write, afterwards: Afterwards) -> u8 {
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
    let unstated = match args.ignore_unstated {
        true => Unstated::Ignore,
        false => Unstated::Count,
    };
    let fails = |f: &ReviewedFinding| {
        args.fail_on
            .threshold()
            .is_some_and(|t| f.open_at_or_above(t, unstated))
    };
    // Written as it is produced: the report of a large architecture is hundreds of megabytes.
    let mut buffered = BufWriter::with_capacity(1 << 20, out);
    let (written, failing) = match args.format {
        // Rule by rule while the rules are still being evaluated, so that the findings of a
        // large architecture are never all held at once.
        Format::Json => evaluate_with(arch, &pack, |per_rule| {
            match write_json(&mut buffered, per_rule, &review.decisions, &fails) {
                Ok(tally) => (Ok(()), tally.failing > 0),
                Err(e) => (Err(e), false),
            }
        }),
        Format::Text | Format::Sarif => {
            let triage = Triage::new(evaluate(arch, &pack), &review.decisions);
            let written = match args.format {
                Format::Sarif => buffered
                    .write_all(pretty(&sarif::to_sarif(arch, &pack, &triage.findings)).as_bytes()),
                _ => write_reviewed_text(&mut buffered, arch, &triage),
            };
            let failing = triage.findings.iter().any(fails);
            if afterwards == Afterwards::Exit {
                std::mem::forget(triage);
            }
            (written, failing)
        }
    };
    let written = written.and_then(|()| buffered.flush());
    drop(buffered);
    if afterwards == Afterwards::Exit {
        std::mem::forget(review);
    }
    if let Err(e) = written {
        let _ = writeln!(err, "lens: could not write the report: {e}");
        return super::EXIT_UNREADABLE;
    }
    if unreadable {
        return super::EXIT_UNREADABLE;
    }
    u8::from(failing)
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON object of `docs/FORMAT.md` for findings without a review (every status `open`).
pub fn render_json(findings: &[Finding]) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let no_decisions = BTreeMap::new();
    let _ = write_json(
        &mut out,
        &mut std::iter::once(findings.to_vec()),
        &no_decisions,
        &|_| false,
    );
    String::from_utf8(out).unwrap_or_default()
}

/// What [`write_json`] counted of the findings it wrote.
#[derive(Default)]
pub struct Tally {
    /// Open findings per risk, and decided ones.
    pub summary: StatusSummary,
    /// The findings for which `fails` said yes.
    pub failing: usize,
    /// The findings that leave their witness path out.
    pub paths_elided: usize,
}

/// Writes the JSON object of `docs/FORMAT.md` to `out` as it is produced: the findings of
/// `per_rule` (as [`evaluate_with`] gives them) with their status in a review with `decisions`,
/// then `summary`, the counts of the *open* findings per risk.
pub fn write_json(
    out: &mut dyn Write,
    per_rule: &mut dyn Iterator<Item = Vec<Finding>>,
    decisions: &BTreeMap<String, Decision>,
    fails: &dyn Fn(&ReviewedFinding) -> bool,
) -> io::Result<Tally> {
    let report = CheckJson {
        per_rule: RefCell::new(per_rule),
        decisions,
        fails,
        tally: RefCell::default(),
    };
    // Through a writer of a known type: serde_json writes a few bytes at a time (a quote, an
    // indentation), and each write through `dyn Write` is a call it cannot inline.
    let mut out = BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, &report)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(report.tally.into_inner())
}

/// The object `lens check --format json` prints: `findings`, `summary` and, only on very large
/// architectures, `paths_elided` (how many findings leave their witness path out). The findings
/// are serialized one at a time as they come, rather than gathered in a JSON tree first; the
/// counts that follow them are taken on the way.
struct CheckJson<'a> {
    per_rule: RefCell<&'a mut dyn Iterator<Item = Vec<Finding>>>,
    decisions: &'a BTreeMap<String, Decision>,
    fails: &'a dyn Fn(&ReviewedFinding) -> bool,
    tally: RefCell<Tally>,
}

impl Serialize for CheckJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("CheckJson", 3)?;
        object.serialize_field("findings", &FindingsJson(self))?;
        let tally = self.tally.borrow();
        object.serialize_field("summary", &tally.summary.open)?;
        if tally.paths_elided > 0 {
            object.serialize_field("paths_elided", &tally.paths_elided)?;
        }
        object.end()
    }
}

/// The findings of a [`CheckJson`], reviewed and counted as they are written.
struct FindingsJson<'r, 'a>(&'r CheckJson<'a>);

impl Serialize for FindingsJson<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let mut seq = serializer.serialize_seq(None)?;
        let mut per_rule = report.per_rule.borrow_mut();
        let mut tally = report.tally.borrow_mut();
        for found in &mut **per_rule {
            for finding in found {
                let reviewed = ReviewedFinding::of(finding, report.decisions, &mut tally.summary);
                tally.failing += usize::from((report.fails)(&reviewed));
                tally.paths_elided += usize::from(reviewed.finding.path_elided);
                seq.serialize_element(&FindingJson::of(&reviewed))?;
            }
        }
        seq.end()
    }
}

/// One finding of `lens check --format json` (the fields of `docs/FORMAT.md`, in its order).
#[derive(Serialize)]
struct FindingJson<'a> {
    id: &'a str,
    rule: &'a str,
    best_practices: &'a [String],
    pillar: Pillar,
    dimensions: &'a [Dimension],
    risk: Risk,
    basis: Basis,
    components: &'a [ComponentId],
    flows: &'a [FlowId],
    path: &'a [ComponentId],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    path_elided: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    unanswered: &'a [OpenQuestion],
    message: &'a str,
    remediation: &'a str,
    status: FindingStatus,
}

impl<'a> FindingJson<'a> {
    fn of(reviewed: &'a ReviewedFinding) -> Self {
        let f = &reviewed.finding;
        FindingJson {
            id: &f.id,
            rule: &f.rule,
            best_practices: &f.best_practices,
            pillar: f.pillar,
            dimensions: &f.dimensions,
            risk: f.risk,
            basis: f.basis,
            components: &f.components,
            flows: &f.flows,
            path: &f.path,
            path_elided: f.path_elided,
            unanswered: &f.unanswered,
            message: &f.message,
            remediation: &f.remediation,
            status: reviewed.status,
        }
    }
}

/// The report for people, for findings without a review.
pub fn render_text(arch: &Architecture, findings: &[Finding]) -> String {
    render_reviewed_text(arch, &triage(findings, &Default::default()))
}

/// The report for people: one block per finding, highest risk first (a decided finding says its
/// status), then a summary line of the open findings.
pub fn render_reviewed_text(arch: &Architecture, triage: &Triage) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_reviewed_text(&mut out, arch, triage);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render_reviewed_text`], written to `out` as it is produced.
pub fn write_reviewed_text(
    out: &mut dyn Write,
    arch: &Architecture,
    triage: &Triage,
) -> io::Result<()> {
    let label = |id: &ComponentId| {
        arch.component(id)
            .map_or_else(|| id.to_string(), |c| c.label.clone())
    };
    for reviewed in &triage.findings {
        let f = &reviewed.finding;
        // A finding that rests only on properties nobody set is a question, not a risk shown.
        let risk = match f.basis {
            Basis::Unstated => format!("{}?", f.risk.id().to_uppercase()),
            _ => f.risk.id().to_uppercase(),
        };
        writeln!(
            out,
            "{risk:<6}  {}  [{}]",
            f.title,
            f.best_practices.join(", ")
        )?;
        if let Some(d) = &reviewed.decision {
            let justification = if d.justification.is_empty() {
                String::new()
            } else {
                format!(": {}", d.justification)
            };
            writeln!(
                out,
                "        status: {} by {} on {}{justification}",
                reviewed.status.label(),
                d.owner,
                d.date,
            )?;
        }
        writeln!(out, "        {}", f.message)?;
        if !f.path.is_empty() {
            let path: Vec<String> = f.path.iter().map(label).collect();
            writeln!(out, "        path: {}", path.join(" → "))?;
        } else if f.path_elided {
            writeln!(
                out,
                "        path: not shown (the rule's findings already show as many path steps \
                 as one rule may)"
            )?;
        }
        if !f.unanswered.is_empty() {
            let questions: Vec<String> = f
                .unanswered
                .iter()
                .map(|q| match (&q.component, &q.flow) {
                    (Some(c), _) => format!("{} of {}", q.property, label(c)),
                    (None, Some(flow)) => format!("{} of flow {flow}", q.property),
                    (None, None) => q.property.clone(),
                })
                .collect();
            writeln!(out, "        not stated: {}", questions.join(", "))?;
        }
        writeln!(out, "        fix:  {}", f.remediation)?;
        writeln!(out, "        id:   {}\n", f.id)?;
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
    match (triage.findings.len(), open) {
        (0, _) => writeln!(out, "No findings.")?,
        (_, 0) => writeln!(out, "No open findings{decided}.")?,
        (_, n) => writeln!(
            out,
            "{n} {word}finding{}: {} high, {} medium, {} low{decided}",
            if n == 1 { "" } else { "s" },
            s.high,
            s.medium,
            s.low
        )?,
    }
    for d in &triage.orphaned {
        writeln!(
            out,
            "orphaned decision: {} ({}) — the finding no longer exists",
            d.finding,
            d.status.id()
        )?;
    }
    Ok(())
}
