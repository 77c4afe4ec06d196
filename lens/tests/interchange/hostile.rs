//! Hostile and foreign input: each gives an error that names the problem and where it is, never
//! a panic; labels are data.

use lens::interchange::{otm, threat_dragon, InterchangeError};
use serde_json::json;

use super::mapping;
use super::threat_dragon::{model, node};

fn td(text: &str) -> Result<lens::iac::Import, InterchangeError> {
    threat_dragon::import_text(text, "x", &mapping())
}

fn td_error(text: &str) -> String {
    td(text).map(|_| ()).expect_err("refused").to_string()
}

fn otm_error(text: &str) -> String {
    otm::import_text(text, "x", &mapping())
        .map(|_| ())
        .expect_err("refused")
        .to_string()
}

#[test]
fn what_is_not_threat_dragon_at_all_is_refused_as_such() {
    assert!(td_error("not json").starts_with("not a Threat Dragon v2 model: not JSON ("));
    assert_eq!(
        td_error("[1, 2]"),
        "not a Threat Dragon v2 model: the document is not a JSON object"
    );
    assert_eq!(
        td_error(r#"{"format": "lensboard/architecture"}"#),
        "not a Threat Dragon v2 model: it has no top-level `summary` and `detail` (a v2 model has `version`, `summary` and `detail`)"
    );
    assert_eq!(
        td_error(r#"{"version": "3.0.0", "summary": {}, "detail": {"diagrams": []}}"#),
        "not a Threat Dragon v2 model: version \"3.0.0\": only Threat Dragon 2 models (version 2.x) are read"
    );
}

#[test]
fn a_threat_dragon_v1_model_is_told_apart() {
    let e = td_error(&super::read_fixture("td-v1-demo-threat-model.json"));
    assert!(e.contains("this is a Threat Dragon v1 model"), "{e}");
}

#[test]
fn values_of_the_wrong_type_are_named_by_their_path() {
    let wrong_cells = r#"{"version":"2.3.0","summary":{},"detail":{"diagrams":[{"cells":{}}]}}"#;
    assert_eq!(
        td_error(wrong_cells),
        "detail.diagrams[0].cells: expected an array, found an object"
    );
    let mut cell = node("a", "process", "P", 0.0, 0.0);
    cell["position"]["x"] = json!("ten");
    assert_eq!(
        td_error(&model(json!([cell]))),
        "detail.diagrams[0].cells[0].position.x: expected a number, found a string"
    );
    let mut cell = node("a", "process", "P", 0.0, 0.0);
    cell["data"]["name"] = json!(42);
    assert_eq!(
        td_error(&model(json!([cell]))),
        "detail.diagrams[0].cells[0].data.name: expected a string, found a number"
    );
    let mut cell = node("a", "process", "P", 0.0, 0.0);
    cell["data"]["threats"] = json!([{ "title": ["a"] }]);
    assert_eq!(
        td_error(&model(json!([cell]))),
        "detail.diagrams[0].cells[0].data.threats[0].title: expected a string, found an array"
    );
    let mut cell = node("a", "process", "P", 0.0, 0.0);
    cell["size"]["width"] = json!(-5);
    assert_eq!(
        td_error(&model(json!([cell]))),
        "detail.diagrams[0].cells[0].size.width: a size must not be negative"
    );
}

#[test]
fn a_flow_to_a_cell_that_does_not_exist_is_an_error_naming_the_id() {
    let flow = json!({ "id": "f", "shape": "flow", "zIndex": 1, "source": { "cell": "a" },
        "target": { "cell": "ghost" }, "data": { "type": "tm.Flow", "name": "x", "hasOpenThreats": false } });
    let text = model(json!([node("a", "process", "A", 0.0, 0.0), flow]));
    assert_eq!(
        td_error(&text),
        "detail.diagrams[0].cells[1].target.cell: no cell has the id \"ghost\"; a flow must connect cells of the model"
    );
}

#[test]
fn a_cell_id_used_twice_is_an_error() {
    let text = model(json!([
        node("a", "process", "A", 0.0, 0.0),
        node("a", "store", "B", 0.0, 0.0)
    ]));
    assert_eq!(
        td_error(&text),
        "detail.diagrams[0].cells[1]: another cell already has the id \"a\""
    );
}

#[test]
fn a_huge_label_is_an_error_and_huge_threat_text_is_cut() {
    let huge = "A".repeat(100_000);
    let text = model(json!([node("a", "process", &huge, 0.0, 0.0)]));
    assert_eq!(
        td_error(&text),
        "detail.diagrams[0].cells[0].data.name: the name is 100000 characters long; Lensboard labels have at most 4096"
    );
    let mut cell = node("a", "process", "P", 0.0, 0.0);
    cell["data"]["threats"] = json!([{ "title": "t", "description": huge }]);
    let import = td(&model(json!([cell]))).expect("long threats are cut, not refused");
    let notes = super::notes(&import.architecture.components[0]);
    assert_eq!(notes.chars().count(), lens::catalog::MAX_TEXT_CHARS);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        "{{\"version\":\"2.3.0\",\"summary\":{{}},\"detail\":{{\"diagrams\":{}{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(td_error(&deep).contains("recursion limit exceeded"));
    let yaml = format!(
        "otmVersion: 0.2.0\nproject: {}1{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let e = otm_error(&yaml);
    assert!(e.starts_with("not an Open Threat Model:"), "{e}");
}

#[test]
fn labels_are_data_never_markup() {
    let label = "<img src=x onerror=alert(1)> & \"quotes\"";
    let text = model(json!([node("a", "process", label, 0.0, 0.0)]));
    let import = td(&text).expect("imports");
    assert_eq!(
        import.architecture.components[0].label, label,
        "kept byte for byte"
    );
    let arch = lens::Architecture::from_data_checked(import.architecture).expect("valid");
    let out = threat_dragon::export(
        &lens::review::Review::new(arch),
        lens::engine::Pack::builtin(),
        &mapping(),
    );
    let doc: serde_json::Value = serde_json::from_str(&out).expect("the export is JSON");
    assert_eq!(
        doc["detail"]["diagrams"][0]["cells"][0]["data"]["name"],
        label
    );
}

#[test]
fn otm_references_to_missing_elements_are_errors_naming_them() {
    let base = |components: &str, dataflows: &str| {
        format!(
            r#"{{"otmVersion":"0.2.0","project":{{"name":"p","id":"p"}},
            "trustZones":[{{"id":"z","name":"Zone","risk":{{"trustRating":100}}}}],
            "components":{components},"dataflows":{dataflows}}}"#
        )
    };
    let a = r#"{"id":"a","name":"A","type":"t","parent":{"trustZone":"z"}}"#;
    assert_eq!(
        otm_error(&base(
            &format!("[{a}]"),
            r#"[{"id":"f","name":"F","source":"a","destination":"ghost"}]"#
        )),
        "dataflows[0].destination: no component has the id \"ghost\""
    );
    assert_eq!(
        otm_error(&base(
            r#"[{"id":"a","name":"A","type":"t","parent":{"trustZone":"nowhere"}}]"#,
            "[]"
        )),
        "components[0]: parent.trustZone: no trust zone has the id \"nowhere\""
    );
    assert_eq!(
        otm_error(&base(
            r#"[{"id":"a","name":"A","type":"t","parent":{"component":"b"}},
                {"id":"b","name":"B","type":"t","parent":{"component":"a"}}]"#,
            "[]"
        )),
        "components[1]: parent.component: \"a\" is inside this component itself"
    );
    assert_eq!(
        otm_error(&base(
            r#"[{"id":"a","name":"A","type":"t","parent":{"trustZone":"z"},"threats":[{"threat":"t9","state":"exposed"}]}]"#,
            "[]"
        )),
        "components[0].threats[0].threat: no threat has the id \"t9\""
    );
}

#[test]
fn what_is_not_otm_is_refused_as_such() {
    assert_eq!(
        otm_error(r#"{"project": {"name": "p", "id": "p"}}"#),
        "not an Open Threat Model: it has no `otmVersion`"
    );
    assert_eq!(
        otm_error(r#"{"otmVersion": "0.2.0", "components": [{"name": "x"}]}"#),
        "components[0]: `id` is missing"
    );
    let bomb = "otmVersion: 0.2.0\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
    assert!(otm_error(bomb).starts_with("not an Open Threat Model:"));
}

#[test]
fn a_trust_zone_cycle_is_refused_without_a_panic() {
    let text = r#"{"otmVersion":"0.2.0","project":{"name":"p","id":"p"},
        "trustZones":[{"id":"a","name":"A","risk":{"trustRating":1},"parent":{"trustZone":"b"}},
                      {"id":"b","name":"B","risk":{"trustRating":1},"parent":{"trustZone":"a"}}]}"#;
    let e = otm_error(text);
    assert!(
        e.starts_with("the imported architecture is not valid: "),
        "{e}"
    );
}

#[test]
fn an_otm_dataflow_to_a_trust_zone_is_an_error_saying_so() {
    let text = r#"{"otmVersion":"0.2.0","project":{"name":"p","id":"p"},
        "trustZones":[{"id":"z","name":"Zone","risk":{"trustRating":100}}],
        "components":[{"id":"a","name":"A","type":"t","parent":{"trustZone":"z"}}],
        "dataflows":[{"id":"f","name":"F","source":"a","destination":"z"}]}"#;
    assert_eq!(
        otm_error(text),
        "dataflows[0].destination: \"z\" is a trust zone; Lensboard flows join components"
    );
}

#[test]
fn a_missing_parent_zone_is_named_at_its_own_zone_after_a_dropped_one() {
    let text = r#"{"otmVersion":"0.2.0","project":{"name":"p","id":"p"},
        "trustZones":[{"id":"out","name":"Outside","type":"lensboard:outside","risk":{"trustRating":50}},
                      {"id":"a","name":"A","risk":{"trustRating":1},"parent":{"trustZone":"nowhere"}}]}"#;
    assert_eq!(
        otm_error(text),
        "trustZones[1]: parent.trustZone: no trust zone has the id \"nowhere\""
    );
}

/// Every place of a JSON document, as JSON pointers.
fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Values of every JSON type, and ones at the edges of what the importers accept.
fn replacements() -> Vec<serde_json::Value> {
    vec![
        json!(null),
        json!(true),
        json!(-1e308),
        json!(0),
        json!("ghost"),
        json!("x".repeat(5000)),
        json!([]),
        json!([1, "a"]),
        json!({}),
        json!({ "x": "1", "y": null }),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Any one value of a real model replaced by a value of another type or shape gives an
    /// import or an error, never a panic.
    #[test]
    fn a_damaged_model_is_imported_or_refused_never_a_panic(place in 0usize..100_000, with in 0usize..10, which in 0usize..2) {
        let name = ["td-v2-threat-model.json", "otm-MTMT_MVP.otm"][which];
        let mut doc: serde_json::Value =
            serde_json::from_str(&super::read_fixture(name)).expect("JSON");
        let mut places = Vec::new();
        pointers(&doc, String::new(), &mut places);
        let pointer = &places[place % places.len()];
        let value = replacements()[with].clone();
        if pointer.is_empty() {
            doc = value;
        } else if let Some(slot) = doc.pointer_mut(pointer) {
            *slot = value;
        }
        let text = doc.to_string();
        let _ = if which == 0 { td(&text).map(|_| ()) } else {
            otm::import_text(&text, "x", &mapping()).map(|_| ())
        };
    }
}
