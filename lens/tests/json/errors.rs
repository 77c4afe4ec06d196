//! One test per way an architecture file can be refused: each asserts the JSON path the error
//! names and the message a person reads.

use lens::json::{import_architecture, import_architecture_bytes, ImportError};
use serde_json::{json, Value};

/// A small valid document to break in one place per test.
fn base() -> Value {
    json!({
        "format": "lensboard/architecture",
        "version": 1,
        "name": "Base",
        "boundaries": [
            { "id": "vpc", "label": "VPC", "trust": "private", "parent": null },
            { "id": "subnet", "label": "Subnet", "trust": "private", "parent": "vpc" }
        ],
        "components": [
            { "id": "user", "kind": "user", "label": "User", "boundary": null, "properties": {} },
            { "id": "agent", "kind": "agent", "label": "Agent", "boundary": "subnet",
              "properties": { "max_iterations": 5 }, "position": { "x": 1, "y": 2.5 } },
            { "id": "llm", "kind": "model_endpoint", "label": "LLM", "boundary": "vpc",
              "properties": { "provider": "amazon_bedrock" } }
        ],
        "flows": [
            { "id": "f1", "from": "user", "to": "agent", "properties": { "encrypted": true } },
            { "id": "f2", "from": "agent", "to": "llm", "properties": {} }
        ]
    })
}

fn refuse(doc: Value) -> ImportError {
    import_architecture(&doc.to_string()).expect_err("the document must be refused")
}

/// Asserts the error's path and its full message.
fn assert_error(err: &ImportError, path: Option<&str>, message: &str) {
    assert_eq!(err.path(), path, "path of: {err}");
    assert_eq!(err.to_string(), message);
}

#[test]
fn the_base_document_is_valid() {
    let arch = import_architecture(&base().to_string()).unwrap();
    assert_eq!(arch.components().count(), 3);
}

#[test]
fn invalid_json_names_the_line_and_column() {
    let err =
        import_architecture("{\n  \"format\": \"lensboard/architecture\",\n  \"version\": 1,,\n}")
            .unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::Syntax {
                line: 3,
                column: 16,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the file is not valid JSON: key must be a string at line 3, column 16"
    );
}

#[test]
fn an_empty_file_is_invalid_json() {
    let err = import_architecture("").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the file is not valid JSON: EOF while parsing"),
        "{err}"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_refused_with_their_position() {
    let mut bytes = b"{\n  \"name\": \"caf".to_vec();
    bytes.push(0xE9); // Latin-1 é
    bytes.extend_from_slice(b"\"\n}");
    let err = import_architecture_bytes(&bytes).unwrap_err();
    assert_error(
        &err,
        None,
        "the file is not UTF-8 text: invalid byte at line 2, column 15 (byte 16)",
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(base().to_string().as_bytes());
    assert!(import_architecture_bytes(&bytes).is_ok());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = "[".repeat(100_000);
    let err = import_architecture(&text).unwrap_err();
    assert!(
        matches!(err, ImportError::TooDeep { line: 1, .. }),
        "{err:?}"
    );
    let text = format!("{}{}", "{\"a\":".repeat(100_000), "1");
    assert!(matches!(
        import_architecture(&text),
        Err(ImportError::TooDeep { .. })
    ));
}

#[test]
fn a_duplicate_key_is_refused() {
    let text = base().to_string().replacen(
        "\"name\":\"Base\"",
        "\"name\":\"Base\",\"name\":\"Other\"",
        1,
    );
    let err = import_architecture(&text).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "the file is not valid JSON: the key \"name\" appears twice in one object at line 1"
        ),
        "{err}"
    );
}

#[test]
fn a_document_that_is_not_an_object_is_not_an_architecture() {
    assert_error(
        &refuse(json!([1, 2])),
        None,
        "this is not a Lensboard architecture: expected an object with \"format\": \"lensboard/architecture\", found an array",
    );
}

#[test]
fn a_wrong_format_is_refused() {
    let mut doc = base();
    doc["format"] = json!("drawio");
    assert_error(
        &refuse(doc),
        None,
        "this is not a Lensboard architecture: expected an object with \"format\": \"lensboard/architecture\", found an object whose \"format\" is the string \"drawio\"",
    );
}

#[test]
fn a_missing_format_is_refused() {
    let mut doc = base();
    doc.as_object_mut().unwrap().remove("format");
    assert!(matches!(refuse(doc), ImportError::NotAnArchitecture { .. }));
}

#[test]
fn a_review_export_is_told_apart_from_an_architecture() {
    let mut doc = base();
    doc["format"] = json!("lensboard/review");
    assert_error(
        &refuse(doc),
        None,
        "this is a full Lensboard review export (\"format\": \"lensboard/review\"), not an architecture; open it as a review",
    );
}

#[test]
fn a_newer_version_says_the_file_was_made_by_a_newer_lensboard() {
    let mut doc = base();
    doc["version"] = json!(2);
    assert_error(
        &refuse(doc),
        Some("version"),
        "this file was made by a newer Lensboard (format version 2); this version reads format version 1. Update Lensboard to open it",
    );
}

#[test]
fn a_version_that_is_not_a_known_number_is_refused() {
    for bad in [json!(0), json!("1"), json!(0.5), json!(null)] {
        let mut doc = base();
        doc["version"] = bad;
        let err = refuse(doc);
        assert_eq!(err.path(), Some("version"));
        assert!(
            err.to_string()
                .starts_with("version: expected the format version 1, found"),
            "{err}"
        );
    }
}

#[test]
fn an_unknown_top_level_field_is_refused() {
    let mut doc = base();
    doc["author"] = json!("me");
    assert_error(
        &refuse(doc),
        Some(""),
        "top level: unknown field \"author\"; expected one of \"format\", \"version\", \"name\", \"boundaries\", \"components\", \"flows\"",
    );
}

#[test]
fn a_missing_field_is_refused() {
    let mut doc = base();
    doc["components"][1]
        .as_object_mut()
        .unwrap()
        .remove("label");
    assert_error(
        &refuse(doc),
        Some("components[1]"),
        "components[1]: the field \"label\" is missing",
    );
}

#[test]
fn an_unknown_field_in_a_component_is_refused() {
    let mut doc = base();
    doc["components"][2]["colour"] = json!("red");
    assert_error(
        &refuse(doc),
        Some("components[2]"),
        "components[2]: unknown field \"colour\"; expected one of \"id\", \"kind\", \"preset\", \"label\", \"boundary\", \"properties\", \"position\"",
    );
}

#[test]
fn an_unknown_service_preset_is_refused_like_an_unknown_kind() {
    let mut doc = base();
    doc["components"][2]["preset"] = json!("aurora_dsql");
    let err = refuse(doc);
    assert_eq!(err.path(), Some("components[2].preset"), "{err}");
    assert!(
        err.to_string()
            .starts_with("components[2].preset: \"aurora_dsql\" is not a service preset; expected one of \"bedrock_model\""),
        "{err}"
    );
}

#[test]
fn a_service_preset_of_another_kind_is_refused() {
    let mut doc = base();
    doc["components"][2]["preset"] = json!("s3");
    assert_error(
        &refuse(doc),
        Some("components[2].preset"),
        "components[2].preset: \"s3\" is a preset of \"object_store\" and cannot be used on a component of kind \"model_endpoint\"",
    );
}

#[test]
fn a_service_preset_that_is_not_a_string_is_refused() {
    let mut doc = base();
    doc["components"][2]["preset"] = json!(3);
    let err = refuse(doc);
    assert_eq!(err.path(), Some("components[2].preset"), "{err}");
    assert!(err.to_string().contains("expected a string"), "{err}");
}

#[test]
fn a_field_of_the_wrong_json_type_is_refused() {
    let mut doc = base();
    doc["flows"][0]["to"] = json!(7);
    assert_error(
        &refuse(doc),
        Some("flows[0].to"),
        "flows[0].to: expected a string, found the number 7",
    );
}

#[test]
fn a_position_must_be_two_numbers() {
    let mut doc = base();
    doc["components"][1]["position"] = json!({ "x": "left", "y": 0 });
    assert_error(
        &refuse(doc),
        Some("components[1].position.x"),
        "components[1].position.x: expected a number, found the string \"left\"",
    );
}

#[test]
fn an_unknown_kind_is_refused() {
    let mut doc = base();
    doc["components"][2]["kind"] = json!("llm");
    let err = refuse(doc);
    assert_eq!(err.path(), Some("components[2].kind"));
    assert!(
        err.to_string().starts_with(
            "components[2].kind: \"llm\" is not a component kind; expected one of \"user\", \"external_system\""
        ),
        "{err}"
    );
}

#[test]
fn an_unknown_property_is_refused() {
    let mut doc = base();
    doc["components"][1]["properties"]["max_iteration"] = json!(3);
    assert_error(
        &refuse(doc),
        Some("components[1].properties.max_iteration"),
        "components[1].properties.max_iteration: the kind \"agent\" has no property \"max_iteration\"; its properties are \"role\", \"max_iterations\", \"timeout_seconds\", \"framework\", \"least_privilege\", \"tracing\", \"idle_session_ttl_seconds\", \"region\", \"notes\"",
    );
}

#[test]
fn a_property_value_of_the_wrong_type_is_refused() {
    let mut doc = base();
    doc["components"][1]["properties"]["max_iterations"] = json!("ten");
    assert_error(
        &refuse(doc),
        Some("components[1].properties.max_iterations"),
        "components[1].properties.max_iterations: \"max_iterations\" must be a number, found the string \"ten\"",
    );
}

#[test]
fn a_null_property_value_explains_how_to_unset_it() {
    let mut doc = base();
    doc["components"][1]["properties"]["max_iterations"] = json!(null);
    assert_error(
        &refuse(doc),
        Some("components[1].properties.max_iterations"),
        "components[1].properties.max_iterations: expected a number (to leave a property unset, leave it out), found null",
    );
}

#[test]
fn an_enum_value_outside_the_allowed_values_is_refused() {
    let mut doc = base();
    doc["components"][2]["properties"]["provider"] = json!("openai");
    assert_error(
        &refuse(doc),
        Some("components[2].properties.provider"),
        "components[2].properties.provider: \"provider\" must be one of \"amazon_bedrock\", \"sagemaker_ai\", \"sagemaker_hyperpod\", \"self_hosted\", \"third_party\", found the string \"openai\"",
    );
}

#[test]
fn a_number_below_the_minimum_or_not_whole_is_refused() {
    let mut doc = base();
    doc["components"][1]["properties"]["max_iterations"] = json!(2.5);
    assert_error(
        &refuse(doc),
        Some("components[1].properties.max_iterations"),
        "components[1].properties.max_iterations: \"max_iterations\" must be a whole number, found 2.5",
    );
    let mut doc = base();
    doc["components"][1]["properties"]["timeout_seconds"] = json!(-1);
    assert_error(
        &refuse(doc),
        Some("components[1].properties.timeout_seconds"),
        "components[1].properties.timeout_seconds: \"timeout_seconds\" must be at least 0, found -1",
    );
}

#[test]
fn an_unknown_flow_property_is_refused() {
    let mut doc = base();
    doc["flows"][1]["properties"]["protocol"] = json!("https");
    assert_error(
        &refuse(doc),
        Some("flows[1].properties.protocol"),
        "flows[1].properties.protocol: a flow has no property \"protocol\"; its properties are \"encrypted\", \"authenticated\", \"carries\", \"purpose\", \"label\", \"notes\"",
    );
}

#[test]
fn a_flow_property_of_the_wrong_type_is_refused() {
    let mut doc = base();
    doc["flows"][0]["properties"]["encrypted"] = json!("yes");
    assert_error(
        &refuse(doc),
        Some("flows[0].properties.encrypted"),
        "flows[0].properties.encrypted: \"encrypted\" must be true or false, found the string \"yes\"",
    );
}

#[test]
fn an_unknown_boundary_trust_is_refused() {
    let mut doc = base();
    doc["boundaries"][0]["trust"] = json!("secret");
    assert_error(
        &refuse(doc),
        Some("boundaries[0].trust"),
        "boundaries[0].trust: expected one of \"internet\", \"third_party\", \"dmz\", \"tenant\", \"private\", found the string \"secret\"",
    );
}

#[test]
fn a_duplicate_component_id_is_refused() {
    let mut doc = base();
    doc["components"][2]["id"] = json!("user");
    assert_error(
        &refuse(doc),
        Some("components[2].id"),
        "components[2].id: the id \"user\" is used twice; ids must be unique",
    );
}

#[test]
fn a_duplicate_flow_id_is_refused() {
    let mut doc = base();
    doc["flows"][1]["id"] = json!("f1");
    assert_error(
        &refuse(doc),
        Some("flows[1].id"),
        "flows[1].id: the id \"f1\" is used twice; ids must be unique",
    );
}

#[test]
fn a_duplicate_boundary_id_is_refused() {
    let mut doc = base();
    doc["boundaries"][1]["id"] = json!("vpc");
    doc["boundaries"][1]["parent"] = json!(null);
    assert_error(
        &refuse(doc),
        Some("boundaries[1].id"),
        "boundaries[1].id: the id \"vpc\" is used twice; ids must be unique",
    );
}

#[test]
fn a_flow_to_a_missing_component_is_refused() {
    let mut doc = base();
    doc["flows"][1]["to"] = json!("gpt");
    assert_error(
        &refuse(doc),
        Some("flows[1].to"),
        "flows[1].to: no component has the id \"gpt\"; a flow must connect two existing components",
    );
}

#[test]
fn a_flow_from_a_missing_component_is_refused() {
    let mut doc = base();
    doc["flows"][0]["from"] = json!("ghost");
    assert_error(
        &refuse(doc),
        Some("flows[0].from"),
        "flows[0].from: no component has the id \"ghost\"; a flow must connect two existing components",
    );
}

#[test]
fn a_component_in_an_unknown_boundary_is_refused() {
    let mut doc = base();
    doc["components"][2]["boundary"] = json!("dmz");
    assert_error(
        &refuse(doc),
        Some("components[2].boundary"),
        "components[2].boundary: no boundary has the id \"dmz\"",
    );
}

#[test]
fn a_boundary_with_an_unknown_parent_is_refused() {
    let mut doc = base();
    doc["boundaries"][1]["parent"] = json!("account");
    assert_error(
        &refuse(doc),
        Some("boundaries[1].parent"),
        "boundaries[1].parent: no boundary has the id \"account\"",
    );
}

#[test]
fn a_boundary_cycle_names_a_boundary_on_the_cycle() {
    let mut doc = base();
    // zone → vpc → subnet → vpc: "zone" leads into the cycle but is not on it.
    doc["boundaries"][0]["parent"] = json!("subnet");
    doc["boundaries"].as_array_mut().unwrap().insert(
        0,
        json!({ "id": "zone", "label": "Zone", "trust": "dmz", "parent": "vpc" }),
    );
    assert_error(
        &refuse(doc),
        Some("boundaries[1].parent"),
        "boundaries[1].parent: boundary \"vpc\" is inside itself; boundary parents must not form a cycle",
    );
}

#[test]
fn a_boundary_that_is_its_own_parent_is_a_cycle() {
    let mut doc = base();
    doc["boundaries"][0]["parent"] = json!("vpc");
    assert_error(
        &refuse(doc),
        Some("boundaries[0].parent"),
        "boundaries[0].parent: boundary \"vpc\" is inside itself; boundary parents must not form a cycle",
    );
}

#[test]
fn an_empty_id_is_refused() {
    let mut doc = base();
    doc["components"][0]["id"] = json!("");
    doc["flows"][0]["from"] = json!("");
    assert_error(
        &refuse(doc),
        Some("components[0].id"),
        "components[0].id: an id must not be empty",
    );
}

#[test]
fn an_id_with_surrounding_whitespace_is_refused() {
    let mut doc = base();
    doc["flows"][0]["id"] = json!(" f1");
    assert_error(
        &refuse(doc),
        Some("flows[0].id"),
        "flows[0].id: the id \" f1\" starts or ends with whitespace",
    );
}

#[test]
fn a_one_megabyte_label_is_refused_with_the_limit() {
    let mut doc = base();
    doc["components"][0]["label"] = json!("é".repeat(1 << 20));
    assert_error(
        &refuse(doc),
        Some("components[0].label"),
        "components[0].label: the text is 1048576 characters long; the limit is 4096",
    );
}

#[test]
fn a_label_at_the_limit_is_accepted() {
    let mut doc = base();
    doc["components"][0]["label"] = json!("é".repeat(lens::model::MAX_LABEL_CHARS));
    doc["boundaries"][0]["label"] = json!("b".repeat(lens::model::MAX_LABEL_CHARS));
    assert!(import_architecture(&doc.to_string()).is_ok());
}

#[test]
fn an_overlong_name_or_text_property_is_refused() {
    let mut doc = base();
    doc["name"] = json!("n".repeat(5000));
    assert_error(
        &refuse(doc),
        Some("name"),
        "name: the text is 5000 characters long; the limit is 4096",
    );
    let mut doc = base();
    doc["components"][1]["properties"]["framework"] = json!("f".repeat(5000));
    assert_error(
        &refuse(doc),
        Some("components[1].properties.framework"),
        "components[1].properties.framework: \"framework\" is 5000 characters long; the limit is 4096",
    );
}

#[test]
fn a_numeric_overflow_is_invalid_json() {
    let text = base()
        .to_string()
        .replacen("\"max_iterations\":5", "\"max_iterations\":1e400", 1);
    let err = import_architecture(&text).unwrap_err();
    assert!(matches!(err, ImportError::Syntax { .. }), "{err:?}");
}
