//! The committed JSON Schema (`lens/schema/architecture.schema.json`) is generated from the Rust
//! types and the catalog. This test regenerates it and fails when the committed file is stale.
//! To update the committed file after changing the model types or the catalog, run:
//!
//! ```sh
//! UPDATE_SCHEMA=1 cargo test -p lens --test json schema::
//! ```
//!
//! (`UPDATE_SNAPSHOTS=1` works too.) The schema must also accept every fixture and refuse
//! documents the importer refuses for reasons a schema can express.

use std::path::PathBuf;

use lens::json::{architecture_schema, architecture_schema_json};
use serde_json::{json, Value};

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/architecture.schema.json")
}

#[test]
fn the_committed_schema_is_up_to_date() {
    let fresh = architecture_schema_json();
    let path = committed_path();
    let update = ["UPDATE_SCHEMA", "UPDATE_SNAPSHOTS"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| x == "1"));
    if update {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale; regenerate it with UPDATE_SCHEMA=1 cargo test -p lens --test json schema::",
        path.display()
    );
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&architecture_schema()).expect("the schema is a valid JSON Schema")
}

#[test]
fn the_schema_accepts_every_fixture() {
    let v = validator();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/architectures");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_schema_accepts_generated_architectures() {
    let v = validator();
    let a = lens::Architecture::from_data_checked(lens::samples::generated(300, 5)).unwrap();
    let doc: Value = serde_json::from_str(&lens::json::export_architecture(&a)).unwrap();
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).take(5).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn the_schema_refuses_what_the_catalog_refuses() {
    let v = validator();
    let base = json!({
        "format": "lensboard/architecture", "version": 1, "name": "x", "boundaries": [],
        "components": [{ "id": "a", "kind": "agent", "label": "A", "boundary": null,
                         "properties": { "max_iterations": 3 } }],
        "flows": [{ "id": "f", "from": "a", "to": "a", "properties": { "encrypted": true } }]
    });
    assert!(v.is_valid(&base));
    let broken = [
        ("/format", json!("drawio")),
        ("/version", json!(2)),
        ("/components/0/kind", json!("wizard")),
        ("/components/0/properties/max_iterations", json!("ten")),
        ("/components/0/properties/max_iterations", json!(2.5)),
        ("/components/0/properties/role", json!("boss")),
        ("/components/0/properties/retries", json!(true)),
        ("/flows/0/properties/encrypted", json!("yes")),
        ("/flows/0/properties/speed", json!(1)),
        ("/components/0/colour", json!("red")),
        ("/components/0/id", json!("")),
        ("/components/0/label", json!("x".repeat(4097))),
    ];
    let mut doc = base.clone();
    doc["components"][0]
        .as_object_mut()
        .unwrap()
        .remove("boundary");
    assert!(
        !v.is_valid(&doc),
        "boundary is required (null when outside every boundary)"
    );
    for (pointer, value) in broken {
        let mut doc = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        doc.pointer_mut(parent).unwrap()[key] = value;
        assert!(
            !v.is_valid(&doc),
            "the schema accepts {pointer} = {}",
            doc.pointer(pointer).unwrap()
        );
    }
}
