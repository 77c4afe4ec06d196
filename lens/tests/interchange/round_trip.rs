//! Lensboard → Threat Dragon / OTM → Lensboard keeps ids, names, kinds, properties, flows and
//! boundaries; exports pass the formats' schemas and rules; findings become threats with their
//! statuses.

use lens::engine::Pack;
use lens::interchange::{otm, threat_dragon};
use lens::model::ArchitectureData;
use lens::review::{Decision, DecisionStatus, Review};
use serde_json::Value as J;

use super::{architecture, mapping, read_fixture};

const FIXTURES: [&str; 3] = [
    "tests/fixtures/architectures/rag_with_boundaries.json",
    "tests/fixtures/reference/agentic-rag-ungoverned.json",
    "tests/fixtures/architectures/agentic_tools_loop.json",
];

fn to_td(review: &Review) -> String {
    threat_dragon::export(review, Pack::builtin(), &mapping())
}

fn to_otm(review: &Review) -> String {
    otm::export(review, Pack::builtin())
}

/// The architecture without positions and sizes (an export lays out what has none).
fn without_layout(mut data: ArchitectureData) -> ArchitectureData {
    for c in &mut data.components {
        c.position = None;
    }
    for b in &mut data.boundaries {
        b.position = None;
        b.size = None;
    }
    data.components.sort_by(|a, b| a.id.cmp(&b.id));
    data.flows.sort_by(|a, b| a.id.cmp(&b.id));
    data.boundaries.sort_by(|a, b| a.id.cmp(&b.id));
    data
}

#[test]
fn threat_dragon_export_then_import_keeps_the_architecture() {
    for path in FIXTURES {
        let arch = architecture(path);
        let text = to_td(&Review::new(arch.clone()));
        let back = threat_dragon::import_text(&text, "x", &mapping())
            .unwrap_or_else(|e| panic!("{path}: the export imports: {e}"));
        assert_eq!(
            without_layout(back.architecture),
            without_layout(arch.to_data()),
            "{path}: ids, labels, kinds, properties, boundaries and flows survive"
        );
        assert!(
            !back.report.notes.iter().any(|n| n.contains("to confirm")),
            "{path}: nothing to confirm in Lensboard's own export: {:?}",
            back.report.notes
        );
    }
}

#[test]
fn otm_export_then_import_keeps_the_architecture() {
    for path in FIXTURES {
        let arch = architecture(path);
        let text = to_otm(&Review::new(arch.clone()));
        let back = otm::import_text(&text, "x", &mapping())
            .unwrap_or_else(|e| panic!("{path}: the export imports: {e}"));
        assert_eq!(
            without_layout(back.architecture),
            without_layout(arch.to_data()),
            "{path}"
        );
    }
}

#[test]
fn a_second_export_of_an_imported_export_is_identical() {
    let arch = architecture(FIXTURES[0]);
    let first = to_td(&Review::new(arch.clone()));
    let back = threat_dragon::import_text(&first, "x", &mapping()).expect("imports");
    let again = lens::Architecture::from_data_checked(back.architecture).expect("valid");
    assert_eq!(
        to_td(&Review::new(again)),
        first,
        "positions and ids are stable"
    );
    let first = to_otm(&Review::new(arch));
    let back = otm::import_text(&first, "x", &mapping()).expect("imports");
    let again = lens::Architecture::from_data_checked(back.architecture).expect("valid");
    assert_eq!(to_otm(&Review::new(again)), first);
}

#[test]
fn notes_travel_as_descriptions() {
    let imported =
        threat_dragon::import_text(&read_fixture("td-v2-threat-model.json"), "x", &mapping())
            .expect("imports");
    let arch = lens::Architecture::from_data_checked(imported.architecture.clone()).expect("valid");
    for text in [
        to_td(&Review::new(arch.clone())),
        to_otm(&Review::new(arch)),
    ] {
        let back = if text.contains("\"otmVersion\"") {
            otm::import_text(&text, "x", &mapping())
        } else {
            threat_dragon::import_text(&text, "x", &mapping())
        }
        .expect("imports");
        assert_eq!(
            without_layout(back.architecture),
            without_layout(imported.architecture.clone()),
            "the threats kept as notes come back as the same notes"
        );
    }
}

/// Validates `doc` against a JSON schema fixture, listing every problem.
fn validate(schema: &str, doc: &J) {
    let schema: J = serde_json::from_str(&read_fixture(schema)).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let problems: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A review of the ungoverned reference with one finding of each decided status.
fn decided_review() -> (Review, Vec<(String, DecisionStatus)>) {
    let arch = architecture(FIXTURES[1]);
    let mut review = Review::new(arch);
    let findings = lens::engine::evaluate(&review.architecture, Pack::builtin());
    let mut decided = Vec::new();
    for (f, status) in findings.iter().zip([
        DecisionStatus::Mitigated,
        DecisionStatus::FalsePositive,
        DecisionStatus::NotApplicable,
        DecisionStatus::Accepted,
    ]) {
        review
            .decide(Decision {
                finding: f.id.clone(),
                status,
                justification: "Handled outside the drawing".into(),
                owner: "Security team".into(),
                date: "2026-11-25".into(),
                ticket: None,
            })
            .expect("a valid decision");
        decided.push((f.id.clone(), status));
    }
    (review, decided)
}

#[test]
fn threat_dragon_export_passes_its_schema_and_the_apps_rules() {
    let (review, decided) = decided_review();
    let text = to_td(&review);
    let doc: J = serde_json::from_str(&text).expect("JSON");
    validate("threat-dragon-v2.schema.json", &doc);
    let cells = doc["detail"]["diagrams"][0]["cells"]
        .as_array()
        .expect("cells");
    let ids: Vec<&str> = cells.iter().filter_map(|c| c["id"].as_str()).collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "cell ids are unique");
    let mut statuses = std::collections::BTreeMap::new();
    let mut threats = 0;
    for cell in cells {
        for end in ["source", "target"] {
            if let Some(target) = cell[end]["cell"].as_str() {
                assert!(ids.contains(&target), "a flow end names a cell");
            }
        }
        let data = &cell["data"];
        let list = data["threats"].as_array().cloned().unwrap_or_default();
        let open = list.iter().any(|t| t["status"] == "Open");
        assert_eq!(
            data["hasOpenThreats"],
            J::Bool(open),
            "hasOpenThreats follows the threats"
        );
        for t in &list {
            threats += 1;
            for field in [
                "id",
                "title",
                "type",
                "status",
                "severity",
                "description",
                "mitigation",
            ] {
                assert!(t[field].is_string(), "threat {field} is set: {t}");
            }
            assert!(["Open", "Accepted", "Mitigated", "NotApplicable"]
                .contains(&t["status"].as_str().unwrap_or("")));
            assert!(["High", "Medium", "Low"].contains(&t["severity"].as_str().unwrap_or("")));
            let finding = t["description"]
                .as_str()
                .and_then(|d| d.lines().last())
                .and_then(|l| l.strip_prefix("Lensboard finding: "))
                .expect("the finding id on the last line")
                .to_owned();
            statuses.insert(finding, t["status"].as_str().unwrap_or("").to_owned());
        }
    }
    assert_eq!(doc["detail"]["threatTop"], J::from(threats));
    let expected = |s: DecisionStatus| match s {
        DecisionStatus::Mitigated => "Mitigated",
        DecisionStatus::Accepted => "Accepted",
        DecisionStatus::FalsePositive | DecisionStatus::NotApplicable => "NotApplicable",
    };
    for (finding, status) in &decided {
        assert_eq!(
            statuses.get(finding).map(String::as_str),
            Some(expected(*status)),
            "{finding}"
        );
    }
    let open = statuses.values().filter(|s| *s == "Open").count();
    let total = lens::engine::evaluate(&review.architecture, Pack::builtin()).len();
    assert_eq!(
        open + decided.len(),
        total,
        "every finding is a threat, undecided ones open"
    );
}

#[test]
fn otm_export_passes_its_schema_and_its_references_resolve() {
    let (review, decided) = decided_review();
    let text = to_otm(&review);
    let doc: J = serde_json::from_str(&text).expect("JSON");
    validate("otm_schema.json", &doc);
    let ids = |key: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x["id"].as_str().map(str::to_owned))
            .collect()
    };
    let (zones, components, threats, mitigations) = (
        ids("trustZones"),
        ids("components"),
        ids("threats"),
        ids("mitigations"),
    );
    let dataflows = ids("dataflows");
    let mut all: Vec<&String> = zones.iter().chain(&components).chain(&dataflows).collect();
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "OTM ids are unique across elements");
    let mut states = std::collections::BTreeMap::new();
    for c in doc["components"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(doc["dataflows"].as_array().into_iter().flatten())
    {
        if let Some(zone) = c["parent"]["trustZone"].as_str() {
            assert!(
                zones.iter().any(|z| z == zone),
                "a parent names a trust zone"
            );
        }
        for end in ["source", "destination"] {
            if let Some(id) = c[end].as_str() {
                assert!(
                    components.iter().any(|x| x == id),
                    "a dataflow end names a component"
                );
            }
        }
        for t in c["threats"].as_array().into_iter().flatten() {
            let id = t["threat"].as_str().unwrap_or("");
            assert!(
                threats.iter().any(|x| x == id),
                "an instance names a threat"
            );
            for m in t["mitigations"].as_array().into_iter().flatten() {
                let mid = m["mitigation"].as_str().unwrap_or("");
                assert!(
                    mitigations.iter().any(|x| x == mid),
                    "an instance names a mitigation"
                );
            }
            states.insert(id.to_owned(), t["state"].as_str().unwrap_or("").to_owned());
        }
    }
    for (finding, status) in &decided {
        let expected = match status {
            DecisionStatus::Mitigated => "mitigated",
            DecisionStatus::Accepted => "accepted",
            DecisionStatus::FalsePositive | DecisionStatus::NotApplicable => "not-applicable",
        };
        assert_eq!(
            states.get(finding).map(String::as_str),
            Some(expected),
            "{finding}"
        );
    }
    assert!(
        states.values().any(|s| s == "exposed"),
        "undecided findings are exposed"
    );
}

#[test]
fn components_outside_every_boundary_get_a_zone_that_the_import_drops() {
    let arch = architecture("tests/fixtures/architectures/support_assistant.json");
    assert!(arch.components().any(|c| c.boundary.is_none()));
    let text = to_otm(&Review::new(arch));
    assert!(text.contains("\"type\": \"lensboard:outside\""));
    let back = otm::import_text(&text, "x", &mapping()).expect("imports");
    assert!(back
        .architecture
        .boundaries
        .iter()
        .all(|b| b.id.as_str() != "lensboard-outside"));
}

#[test]
fn ids_shared_between_a_boundary_and_a_component_stay_apart_in_otm() {
    let text = r#"{"format":"lensboard/architecture","version":1,"name":"Clash",
      "boundaries":[{"id":"llm","label":"Model account","trust":"private","parent":null}],
      "components":[{"id":"llm","kind":"model_endpoint","label":"LLM","boundary":"llm","properties":{}}],
      "flows":[]}"#;
    let arch = lens::json::import_architecture(text).expect("valid");
    let out = to_otm(&Review::new(arch.clone()));
    let doc: J = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["components"][0]["id"], "component:llm");
    assert_eq!(doc["components"][0]["attributes"]["lensboard_id"], "llm");
    let back = otm::import_text(&out, "x", &mapping()).expect("imports");
    assert_eq!(
        without_layout(back.architecture),
        without_layout(arch.to_data())
    );
}

#[test]
fn an_architecture_without_positions_is_laid_out_without_overlaps() {
    let arch = architecture(FIXTURES[1]);
    assert!(arch.components().all(|c| c.position.is_none()));
    let text = to_td(&Review::new(arch));
    let doc: J = serde_json::from_str(&text).expect("JSON");
    let rects: Vec<(f64, f64, f64, f64)> = doc["detail"]["diagrams"][0]["cells"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| ["actor", "process", "store"].contains(&c["shape"].as_str().unwrap_or("")))
        .map(|c| {
            let n = |v: &J| v.as_f64().unwrap_or(f64::NAN);
            (
                n(&c["position"]["x"]),
                n(&c["position"]["y"]),
                n(&c["size"]["width"]),
                n(&c["size"]["height"]),
            )
        })
        .collect();
    assert_eq!(rects.len(), 21);
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}
