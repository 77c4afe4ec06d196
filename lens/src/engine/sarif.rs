//! Findings as SARIF 2.1.0, the format code-scanning tools read: one run, the pack's rules as
//! `tool.driver.rules`, each finding a `result` whose logical location names the subject
//! component (or flow) and whose partial fingerprint is the stable finding id. A finding the
//! review has decided about (accepted, mitigated, false positive, not applicable) carries an
//! accepted `external` suppression with the decision's justification, so that code-scanning
//! tools show it as dismissed instead of as a new alert; open findings have no suppressions.
//! Rules and results carry the pillar and the responsible-AI dimensions as properties and tags.

use serde_json::{json, Value as Json};

use super::{Finding, Pack};
use crate::model::{Architecture, ComponentId};
use crate::practices::{Dimension, Pillar, Risk};
use crate::review::{Decision, FindingStatus, ReviewedFinding};

/// The SARIF level of a risk.
pub fn level(risk: Risk) -> &'static str {
    match risk {
        Risk::High => "error",
        Risk::Medium => "warning",
        Risk::Low => "note",
    }
}

/// A SARIF 2.1.0 log of `findings` (from `pack`'s rules over `arch`), each with its status in
/// the review (see [`crate::review::triage`]).
pub fn to_sarif(arch: &Architecture, pack: &Pack, findings: &[ReviewedFinding]) -> Json {
    let rules: Vec<Json> = pack
        .rules()
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id.rsplit('/').next().unwrap_or(&r.id),
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.why },
                "help": { "text": r.fix_in_general() },
                "helpUri": r.url,
                "defaultConfiguration": { "level": level(r.risk) },
                "properties": {
                    "best_practices": r.best_practices,
                    "pillar": r.pillar,
                    "dimensions": r.dimensions,
                    "risk": r.risk,
                    "tags": tags(r.pillar, &r.dimensions),
                },
            })
        })
        .collect();
    let results: Vec<Json> = findings
        .iter()
        .map(|reviewed| {
            let f = &reviewed.finding;
            let index = pack.rules().iter().position(|r| *r.id == *f.rule);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.risk),
                "message": { "text": f.message },
                "locations": [{ "logicalLocations": [subject_location(arch, f)] }],
                "partialFingerprints": { "lensFindingId/v1": f.id },
                "properties": {
                    "dimensions": f.dimensions,
                    "tags": tags(f.pillar, &f.dimensions),
                    "components": f.components,
                    "flows": f.flows,
                    "path": f.path,
                    "remediation": f.remediation,
                    "status": reviewed.status,
                },
            });
            if let Some(obj) = result.as_object_mut() {
                if let Some(i) = index {
                    obj.insert("ruleIndex".into(), json!(i));
                }
                if let Some(decision) = &reviewed.decision {
                    obj.insert("suppressions".into(), json!([suppression(decision)]));
                }
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "lens",
                    "fullName": "Lensboard rule engine",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }],
    })
}

/// The tags of a rule or a result: its pillar, then its responsible-AI dimensions as
/// `responsible-ai/<dimension>` (a prefix, so that a dimension never reads as a pillar), for
/// code-scanning tools that filter alerts by tag.
fn tags(pillar: Pillar, dimensions: &[Dimension]) -> Vec<String> {
    std::iter::once(pillar.id().to_owned())
        .chain(
            dimensions
                .iter()
                .map(|d| format!("responsible-ai/{}", d.id())),
        )
        .collect()
}

/// The SARIF suppression of a decided finding: recorded outside the code (in the review file),
/// accepted, with the decision's justification (or its status when none was needed) and who
/// decided, when, and the ticket as properties.
fn suppression(decision: &Decision) -> Json {
    let justification = match decision.justification.trim() {
        "" => FindingStatus::from(decision.status).label().to_owned(),
        text => text.to_owned(),
    };
    json!({
        "kind": "external",
        "status": "accepted",
        "justification": justification,
        "properties": {
            "decision": decision.status,
            "owner": decision.owner,
            "date": decision.date,
            "ticket": decision.ticket,
        },
    })
}

/// The logical location of a finding's subject: the flow for flow rules, else the component.
fn subject_location(arch: &Architecture, f: &Finding) -> Json {
    let name = f.subject_label(arch);
    match f.subject_flow() {
        Some(id) => json!({ "name": name, "fullyQualifiedName": id, "kind": "flow" }),
        None => {
            let id: Option<&ComponentId> = f.components.first();
            json!({ "name": name, "fullyQualifiedName": id, "kind": "component" })
        }
    }
}
