//! Findings as SARIF 2.1.0, the format code-scanning tools read: one run, the pack's rules as
//! `tool.driver.rules`, each finding a `result` whose logical location names the subject
//! component (or flow) and whose partial fingerprint is the stable finding id.

use serde_json::{json, Value as Json};

use super::{Finding, Pack};
use crate::model::{Architecture, ComponentId, FlowId, Value};
use crate::practices::Risk;

/// The SARIF level of a risk.
pub fn level(risk: Risk) -> &'static str {
    match risk {
        Risk::High => "error",
        Risk::Medium => "warning",
        Risk::Low => "note",
    }
}

/// A SARIF 2.1.0 log of `findings` (from `pack`'s rules over `arch`).
pub fn to_sarif(arch: &Architecture, pack: &Pack, findings: &[Finding]) -> Json {
    let rules: Vec<Json> = pack
        .rules()
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id.rsplit('/').next().unwrap_or(&r.id),
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.why },
                "help": { "text": r.fix_template() },
                "helpUri": r.url,
                "defaultConfiguration": { "level": level(r.risk) },
                "properties": {
                    "best_practices": r.best_practices,
                    "pillar": r.pillar,
                    "risk": r.risk,
                    "tags": [r.pillar.id()],
                },
            })
        })
        .collect();
    let results: Vec<Json> = findings
        .iter()
        .map(|f| {
            let index = pack.rules().iter().position(|r| r.id == f.rule);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.risk),
                "message": { "text": f.message },
                "locations": [{ "logicalLocations": [subject_location(arch, f)] }],
                "partialFingerprints": { "lensFindingId/v1": f.id },
                "properties": {
                    "components": f.components,
                    "flows": f.flows,
                    "path": f.path,
                    "remediation": f.remediation,
                },
            });
            if let (Some(i), Some(obj)) = (index, result.as_object_mut()) {
                obj.insert("ruleIndex".into(), json!(i));
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

/// The logical location of a finding's subject: the flow for flow rules, else the component.
fn subject_location(arch: &Architecture, f: &Finding) -> Json {
    let flow = f
        .flows
        .first()
        .filter(|id| f.id.ends_with(&format!("@flow:{id}")));
    match flow {
        Some(id) => {
            let name = arch
                .flow(&FlowId::new(id.as_str()))
                .and_then(|fl| fl.properties.get("label"))
                .and_then(Value::as_text)
                .unwrap_or(id.as_str())
                .to_owned();
            json!({ "name": name, "fullyQualifiedName": id, "kind": "flow" })
        }
        None => {
            let id: Option<&ComponentId> = f.components.first();
            let name = id.and_then(|id| arch.component(id)).map_or_else(
                || id.map(ToString::to_string).unwrap_or_default(),
                |c| c.label.clone(),
            );
            json!({ "name": name, "fullyQualifiedName": id, "kind": "component" })
        }
    }
}
