//! `lens rules [--format text|json]`: the built-in pack's rules and checklist items, and how much
//! of the lens they cover (per pillar and per best practice: automated, checklist, uncovered),
//! each with the responsible-AI dimensions it concerns.

use std::process::ExitCode;

use super::Format;
use serde_json::json;

use crate::engine::{Coverage, Pack};
use crate::practices::{self, Dimension};

/// List the rules and checklist items, with the lens coverage.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: Args) -> ExitCode {
    let pack = Pack::builtin();
    let text = match args.format {
        Format::Text => render_text(pack),
        Format::Json => render_json(pack),
    };
    super::print(&text)
}

/// `{ "rules": [...], "checklist": [...], "coverage": { "pillars": {...}, "best_practices": {...} } }`.
pub fn render_json(pack: &Pack) -> String {
    let rules: Vec<serde_json::Value> = pack
        .rules()
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.id,
                "title": r.title,
                "best_practices": r.best_practices,
                "pillar": r.pillar,
                "dimensions": r.dimensions,
                "risk": r.risk,
                "subjects": if r.is_about_flows() { "flows" } else { "components" },
                "url": r.url,
            });
            if let (Some(reason), Some(fields)) = (&r.risk_reason, rule.as_object_mut()) {
                fields.insert("risk_reason".into(), json!(reason));
            }
            rule
        })
        .collect();
    let checklist: Vec<serde_json::Value> = pack
        .checklist()
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "best_practice": c.best_practice,
                "pillar": c.pillar,
                "dimensions": c.dimensions,
                "question": c.question,
            })
        })
        .collect();
    let mut pillars = serde_json::Map::new();
    for p in pack.pillar_coverage() {
        pillars.insert(
            p.pillar.id().to_owned(),
            json!({ "automated": p.automated, "checklist": p.checklist, "uncovered": p.uncovered }),
        );
    }
    let mut best_practices = serde_json::Map::new();
    for c in pack.coverage() {
        best_practices.insert(c.best_practice, json!(c.coverage));
    }
    let mut text = serde_json::to_string_pretty(&json!({
        "rules": rules,
        "checklist": checklist,
        "coverage": { "pillars": pillars, "best_practices": best_practices },
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}

/// The line under a rule or checklist item naming its responsible-AI dimensions; none without.
fn dimensions_line(dimensions: &[Dimension]) -> String {
    if dimensions.is_empty() {
        return String::new();
    }
    let ids: Vec<&str> = dimensions.iter().map(|d| d.id()).collect();
    format!("             dimensions: {}\n", ids.join(", "))
}

/// Rules and checklist items grouped by pillar, each pillar with its coverage line.
pub fn render_text(pack: &Pack) -> String {
    let coverage = pack.coverage();
    let mut out = String::new();
    for p in pack.pillar_coverage() {
        out.push_str(&format!(
            "{} — {} automated, {} checklist, {} uncovered\n",
            p.pillar.title(),
            p.automated,
            p.checklist,
            p.uncovered
        ));
        for r in pack.rules().iter().filter(|r| r.pillar == p.pillar) {
            out.push_str(&format!(
                "  rule       {:<6} {}  [{}]\n             {}\n",
                r.risk.id(),
                r.title,
                r.best_practices.join(", "),
                r.id
            ));
            if let Some(reason) = &r.risk_reason {
                out.push_str(&format!("             {} risk: {reason}\n", r.risk.id()));
            }
            out.push_str(&dimensions_line(&r.dimensions));
        }
        for c in pack.checklist().iter().filter(|c| c.pillar == p.pillar) {
            out.push_str(&format!(
                "  checklist  {}  [{}]\n",
                c.question, c.best_practice
            ));
            out.push_str(&dimensions_line(&c.dimensions));
        }
        let uncovered: Vec<&str> = coverage
            .iter()
            .filter(|c| c.pillar == p.pillar && c.coverage == Coverage::Uncovered)
            .map(|c| c.best_practice.as_str())
            .collect();
        if !uncovered.is_empty() {
            out.push_str(&format!("  uncovered  {}\n", uncovered.join(", ")));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{} rules, {} checklist items, {} best practices in the lens\n",
        pack.rules().len(),
        pack.checklist().len(),
        practices::all().len()
    ));
    out
}
