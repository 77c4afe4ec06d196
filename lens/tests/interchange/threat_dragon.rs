//! Threat Dragon v2 models read: OWASP Threat Dragon's own demo models, and small models made
//! here for what the demos do not show.

use lens::iac::Outcome;
use lens::interchange::threat_dragon::import_text;
use lens::model::{Trust, Value};
use serde_json::json;

use super::{component, mapping, notes, read_fixture, report_of};

fn import(name: &str) -> lens::iac::Import {
    import_text(&read_fixture(name), "fallback", &mapping())
        .unwrap_or_else(|e| panic!("{name} imports: {e}"))
}

/// Counts the demo's cells by `data.type` (or `shape` where a cell has no data).
fn count(name: &str, types: &[&str]) -> usize {
    let doc: serde_json::Value = serde_json::from_str(&read_fixture(name)).expect("JSON");
    doc["detail"]["diagrams"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["cells"].as_array().into_iter().flatten())
        .filter(|c| {
            let t = c["data"]["type"]
                .as_str()
                .or(c["shape"].as_str())
                .unwrap_or("");
            types.contains(&t)
        })
        .count()
}

#[test]
fn every_demo_model_gives_a_component_per_actor_process_and_store_and_a_boundary_per_box() {
    for name in [
        "td-v2-threat-model.json",
        "td-generic-cms.json",
        "td-three-tier-web-app.json",
        "td-renting-car.json",
    ] {
        let import = import(name);
        let data = &import.architecture;
        assert_eq!(
            data.components.len(),
            count(name, &["tm.Actor", "tm.Process", "tm.Store"]),
            "{name}: one component per node"
        );
        assert_eq!(
            data.boundaries.len(),
            count(name, &["tm.BoundaryBox"]),
            "{name}: one boundary per box"
        );
        assert!(
            data.components.iter().all(|c| c.position.is_some()),
            "{name}: positions are kept"
        );
        assert!(
            data.boundaries
                .iter()
                .all(|b| b.position.is_some() && b.size.is_some()),
            "{name}: boxes keep their place and size"
        );
        assert_eq!(data.name, {
            let doc: serde_json::Value = serde_json::from_str(&read_fixture(name)).unwrap();
            doc["summary"]["title"].as_str().unwrap_or("").to_owned()
        });
    }
}

#[test]
fn the_demo_models_threats_become_notes_with_status_severity_and_mitigation() {
    let import = import("td-v2-threat-model.json");
    let worker_config = component(&import.architecture, "Worker Config");
    let text = notes(worker_config);
    assert!(
        text.starts_with("Threat: Accessing DB credentials (Open; High severity; STRIDE Information disclosure)\nThe Background Worker configuration stores the credentials"),
        "{text}"
    );
    assert!(
        text.contains("\nMitigation: Encrypt the DB credentials in the configuration file."),
        "{text}"
    );
    let flow = import
        .architecture
        .flows
        .iter()
        .find(|f| f.properties.get("label") == Some(&Value::Text("Worker Query Results".into())))
        .expect("the flow of query results");
    let flow_notes = flow
        .properties
        .get("notes")
        .and_then(Value::as_text)
        .unwrap_or("");
    assert!(
        flow_notes.starts_with("Threat: Man in the middle attack (Open; Low severity;"),
        "threats on flows are kept too: {flow_notes}"
    );
}

#[test]
fn boundary_curves_draw_nothing_and_name_the_flows_that_cross_them() {
    let import = import("td-v2-threat-model.json");
    let curve = report_of(&import, "0adc088b-ebb1-46be-af7b-36112c60c419");
    assert!(curve.starts_with("NoComponent"), "{curve}");
    assert!(
        curve.contains("flows crossing a trust boundary line: web_application_to_browser"),
        "the curve between the browser and the web application is crossed by the response: {curve}"
    );
}

#[test]
fn a_flow_whose_end_is_a_free_point_is_reported_not_drawn() {
    let import = import("td-v2-threat-model.json");
    let loose = import
        .report
        .resource("2d84bfae-f1ed-49e5-8542-10a02f4a1c57")
        .expect("the Web Request flow is in the report");
    assert_eq!(
        loose.outcome,
        Outcome::NoComponent {
            reason: "not drawn: its source is a free point, not attached to a shape".into()
        }
    );
}

#[test]
fn components_belong_to_the_smallest_box_that_holds_their_centre() {
    let cms = import("td-generic-cms.json");
    let data = &cms.architecture;
    assert_eq!(
        component(data, "Web server")
            .boundary
            .as_ref()
            .map(|b| b.as_str()),
        Some("internet")
    );
    assert_eq!(
        component(data, "Admin").boundary,
        None,
        "drawn outside the box"
    );
    let three = import("td-three-tier-web-app.json");
    let labels: Vec<(&str, Trust)> = three
        .architecture
        .boundaries
        .iter()
        .map(|b| (b.label.as_str(), b.trust))
        .collect();
    assert_eq!(
        labels,
        [
            ("Internet", Trust::Internet),
            ("Public Cloud", Trust::Private)
        ],
        "boxes without data.name are named by their caption; a public cloud is the team's own zone"
    );
}

#[test]
fn a_bidirectional_flow_is_drawn_both_ways() {
    let import = import("td-three-tier-web-app.json");
    let report = report_of(&import, "91ccf804-a9b8-45ca-ab35-992337903633");
    assert!(
        report.contains("[\"web_service_to_postgres_sql\", \"postgres_sql_to_web_service\"]"),
        "{report}"
    );
    let ends: Vec<(&str, &str)> = import
        .architecture
        .flows
        .iter()
        .filter(|f| f.id.as_str().contains("postgres_sql"))
        .map(|f| (f.from.as_str(), f.to.as_str()))
        .collect();
    assert_eq!(
        ends,
        [
            ("postgres_sql", "web_service"),
            ("web_service", "postgres_sql")
        ]
    );
}

#[test]
fn a_model_with_only_a_text_block_imports_as_an_empty_architecture() {
    let import = import("td-v2-new-model.json");
    assert!(import.architecture.components.is_empty());
    assert_eq!(import.architecture.name, "New Blank Model");
}

/// A minimal v2 model with the given cells.
pub fn model(cells: serde_json::Value) -> String {
    json!({
        "version": "2.3.0",
        "summary": { "title": "Made here" },
        "detail": { "contributors": [], "diagrams": [ { "id": 0, "title": "d", "diagramType": "STRIDE",
            "thumbnail": "", "version": "2.3.0", "cells": cells } ], "diagramTop": 1, "reviewer": "", "threatTop": 0 }
    })
    .to_string()
}

pub fn node(id: &str, shape: &str, name: &str, x: f64, y: f64) -> serde_json::Value {
    let ty = match shape {
        "actor" => "tm.Actor",
        "store" => "tm.Store",
        _ => "tm.Process",
    };
    json!({ "id": id, "shape": shape, "zIndex": 1, "position": { "x": x, "y": y },
        "size": { "width": 100, "height": 80 }, "data": { "type": ty, "name": name, "hasOpenThreats": false } })
}

#[test]
fn kinds_come_from_words_of_the_name_within_the_cells_shape() {
    let text = model(json!([
        node("a", "process", "Bedrock Guardrail", 0.0, 0.0),
        node("b", "process", "Claude LLM", 200.0, 0.0),
        node("c", "store", "VectorDB", 400.0, 0.0),
        node("d", "process", "Thing", 600.0, 0.0),
        node("e", "store", "User DB", 800.0, 0.0),
    ]));
    let import = import_text(&text, "x", &mapping()).expect("imports");
    let kinds: Vec<(&str, &str)> = import
        .architecture
        .components
        .iter()
        .map(|c| (c.label.as_str(), c.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Bedrock Guardrail", "guardrail"),
            ("Claude LLM", "model_endpoint"),
            ("VectorDB", "vector_store"),
            ("Thing", "service"),
            ("User DB", "database"),
        ]
    );
    assert!(
        report_of(&import, "a").contains("the word \"guardrail\" in its name"),
        "the report says which word decided"
    );
    assert!(report_of(&import, "d").contains("to confirm"));
    assert_eq!(
        import.report.notes,
        ["1 element(s) to confirm (kind or trust level guessed): thing"]
    );
}

#[test]
fn a_kind_read_from_the_description_only_is_to_confirm() {
    let mut cell = node("a", "process", "Answerer", 0.0, 0.0);
    cell["data"]["description"] = json!("Calls the LLM with the user's question");
    let import = import_text(&model(json!([cell])), "x", &mapping()).expect("imports");
    assert_eq!(import.architecture.components[0].kind, "model_endpoint");
    assert!(report_of(&import, "a").contains("to confirm: the kind comes from the description"));
}

#[test]
fn a_users_mapping_goes_before_the_built_in_one() {
    let mut mapping = mapping();
    let own = lens::interchange::ThreatModelMapping::parse(
        "[[kind]]\nkind = \"agent\"\nwords = [\"thing\"]\n",
        "own.toml",
    )
    .expect("a valid mapping");
    mapping.merge(own);
    let text = model(json!([node("d", "process", "Thing", 0.0, 0.0)]));
    let import = import_text(&text, "x", &mapping).expect("imports");
    assert_eq!(import.architecture.components[0].kind, "agent");
}

#[test]
fn a_mapping_naming_an_unknown_kind_is_refused() {
    let e = lens::interchange::ThreatModelMapping::parse(
        "[[kind]]\nkind = \"robot\"\nwords = [\"bot\"]\n",
        "own.toml",
    )
    .expect_err("robot is no kind");
    assert_eq!(
        e.to_string(),
        "the mapping own.toml does not fit the catalog: kind[0]: \"robot\" is not a component kind"
    );
}

#[test]
fn nested_boxes_nest_boundaries() {
    let outer = json!({ "id": "o", "shape": "trust-boundary-box", "zIndex": -1, "position": { "x": 0, "y": 0 },
        "size": { "width": 1000, "height": 1000 }, "data": { "type": "tm.BoundaryBox", "name": "Corporate network", "hasOpenThreats": false } });
    let inner = json!({ "id": "i", "shape": "trust-boundary-box", "zIndex": -1, "position": { "x": 100, "y": 100 },
        "size": { "width": 300, "height": 300 }, "data": { "type": "tm.BoundaryBox", "name": "DMZ", "hasOpenThreats": false } });
    let text = model(json!([
        outer,
        inner,
        node("n", "process", "Gateway", 150.0, 150.0)
    ]));
    let import = import_text(&text, "x", &mapping()).expect("imports");
    let data = &import.architecture;
    let dmz = data
        .boundaries
        .iter()
        .find(|b| b.label == "DMZ")
        .expect("DMZ");
    assert_eq!(
        dmz.parent.as_ref().map(|p| p.as_str()),
        Some("corporate_network")
    );
    assert_eq!(dmz.trust, Trust::Dmz);
    assert_eq!(
        component(data, "Gateway")
            .boundary
            .as_ref()
            .map(|b| b.as_str()),
        Some("dmz"),
        "the innermost box"
    );
}

#[test]
fn every_diagram_is_read_each_to_the_right_of_the_one_before() {
    let doc = json!({
        "version": "2.3.0",
        "summary": { "title": "Two" },
        "detail": { "diagrams": [
            { "cells": [ node("a", "process", "Left", 0.0, 10.0) ] },
            { "cells": [ node("b", "process", "Right", 0.0, 10.0) ] },
        ] }
    });
    let import = import_text(&doc.to_string(), "x", &mapping()).expect("imports");
    let xs: Vec<f64> = import
        .architecture
        .components
        .iter()
        .filter_map(|c| c.position.map(|p| p.x))
        .collect();
    assert_eq!(xs, [0.0, 300.0], "100 wide, then 200 apart");
    assert_eq!(
        import.report.notes[0],
        "2 diagrams: each is drawn to the right of the one before, on one canvas"
    );
}

#[test]
fn a_flow_to_a_text_block_is_reported_not_drawn() {
    let text_block = json!({ "id": "t", "shape": "td-text-block", "zIndex": 1,
        "data": { "type": "tm.Text", "name": "note", "hasOpenThreats": false } });
    let flow = json!({ "id": "f", "shape": "flow", "zIndex": 1, "source": { "cell": "a" },
        "target": { "cell": "t" }, "data": { "type": "tm.Flow", "name": "x", "hasOpenThreats": false } });
    let text = model(json!([
        node("a", "process", "A", 0.0, 0.0),
        text_block,
        flow
    ]));
    let import = import_text(&text, "x", &mapping()).expect("imports");
    assert!(import.architecture.flows.is_empty());
    assert_eq!(
        import.report.resource("f").map(|r| r.outcome.clone()),
        Some(Outcome::NoComponent {
            reason: "not drawn: its target is a text block, not an actor, process or store".into()
        })
    );
}

#[test]
fn an_unknown_cell_type_is_reported_unmapped() {
    let odd = json!({ "id": "w", "shape": "widget", "zIndex": 1 });
    let import = import_text(&model(json!([odd])), "x", &mapping()).expect("imports");
    assert_eq!(import.report.unmapped(), 1);
}

#[test]
fn the_demo_models_import_report_says_what_each_cell_became() {
    insta::assert_snapshot!(
        "td_demo_report",
        import("td-v2-threat-model.json").report.to_text()
    );
}
