//! Hostile and foreign input: a clear error or a report entry, never a panic or a hang.

use lens::iac::{cloudformation, IacError};
use proptest::prelude::*;
use serde_json::json;

fn import_text(text: &str) -> Result<lens::iac::Import, IacError> {
    cloudformation::import_text(text, "test", &super::builtin())
}

#[test]
fn nesting_deeper_than_the_parser_allows_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let text = format!(
        "{{\"Resources\":{{\"A\":{{\"Type\":\"AWS::S3::Bucket\",\"Properties\":{{\"X\":{}1{}}}}}}}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = import_text(&text).expect_err("too deep");
    assert!(matches!(err, IacError::Syntax(_)), "{err}");
}

#[test]
fn nesting_within_the_parser_limit_but_past_the_walk_limit_is_reported() {
    let mut value = json!({ "Ref": "Other" });
    for _ in 0..100 {
        value = json!({ "Deeper": value });
    }
    let template = json!({ "Resources": {
        "Other": { "Type": "AWS::SQS::Queue" },
        "Bucket": { "Type": "AWS::S3::Bucket", "Properties": { "Tags": value } }
    }});
    let import = super::import_json(&template).expect("imports");
    let notes = super::notes(&import, "Bucket");
    assert!(notes.contains("nested deeper"), "{notes}");
}

#[test]
fn resources_that_stand_for_each_other_in_a_cycle_resolve_to_nothing() {
    let template = json!({ "Resources": {
        "A": { "Type": "AWS::Bedrock::GuardrailVersion", "Properties": { "GuardrailIdentifier": { "Ref": "B" } } },
        "B": { "Type": "AWS::Bedrock::GuardrailVersion", "Properties": { "GuardrailIdentifier": { "Ref": "A" } } },
        "Agent": { "Type": "AWS::Bedrock::Agent", "Properties": {
            "FoundationModel": "m", "GuardrailConfiguration": { "GuardrailIdentifier": { "Ref": "A" } } } }
    }});
    let import = super::import_json(&template).expect("imports");
    assert_eq!(
        import.architecture.components.len(),
        2,
        "the agent and its model"
    );
    assert!(
        import
            .architecture
            .flows
            .iter()
            .any(|f| f.from.as_str() == "Agent"),
        "the agent still reaches its model"
    );
}

#[test]
fn resources_that_refer_to_each_other_draw_two_flows_and_stop() {
    let template = json!({ "Resources": {
        "A": { "Type": "AWS::Lambda::Function", "Properties": { "Environment": { "Variables": { "B": { "Ref": "B" } } } } },
        "B": { "Type": "AWS::Lambda::Function", "Properties": { "Environment": { "Variables": { "A": { "Fn::GetAtt": "A.Arn" } } } } }
    }});
    let import = super::import_json(&template).expect("imports");
    assert_eq!(import.architecture.flows.len(), 2);
}

#[test]
fn subnets_that_name_each_other_end_the_search_for_a_vpc_quickly() {
    // Every subnet names every other as its VPC, and every function runs in all of them: a
    // search without memory would follow 200^9 chains.
    let mut resources = serde_json::Map::new();
    let subnets: Vec<String> = (0..200).map(|i| format!("Subnet{i}")).collect();
    let refs: Vec<serde_json::Value> = subnets.iter().map(|s| json!({ "Ref": s })).collect();
    for subnet in &subnets {
        resources.insert(
            subnet.clone(),
            json!({ "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Fn::Join": ["", refs] } } }),
        );
    }
    for i in 0..200 {
        resources.insert(
            format!("F{i}"),
            json!({ "Type": "AWS::Lambda::Function", "Properties": { "VpcConfig": { "SubnetIds": refs } } }),
        );
    }
    let started = std::time::Instant::now();
    let import = super::import_json(&json!({ "Resources": resources })).expect("imports");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "bounded work"
    );
    assert!(
        import.architecture.boundaries.is_empty(),
        "no VPC is ever named"
    );
}

#[test]
fn an_unknown_intrinsic_function_is_reported_and_its_arguments_still_read() {
    let template = json!({ "Resources": {
        "Table": { "Type": "AWS::DynamoDB::Table" },
        "F": { "Type": "AWS::Lambda::Function", "Properties": {
            "Environment": { "Variables": { "T": { "Fn::Frobnicate": [{ "Ref": "Table" }] } } } } }
    }});
    let import = super::import_json(&template).expect("imports");
    let notes = super::notes(&import, "F");
    assert!(notes.contains("Fn::Frobnicate"), "{notes}");
    assert!(import
        .architecture
        .flows
        .iter()
        .any(|f| f.to.as_str() == "Table"));
}

#[test]
fn huge_names_and_values_are_cut_to_the_limits_or_reported_never_refused_whole() {
    let long = "A".repeat(20_000);
    let mut resources = serde_json::Map::new();
    resources.insert(long.clone(), json!({ "Type": "AWS::SQS::Queue" }));
    resources.insert(format!("{long}B"), json!({ "Type": "AWS::SQS::Queue" }));
    resources.insert(
        "Agent".to_owned(),
        json!({ "Type": "AWS::Bedrock::Agent", "Properties": { "FoundationModel": long.clone() } }),
    );
    let import = super::import_json(&json!({ "Resources": resources })).expect("imports");
    let ids = super::component_ids(&import);
    assert!(
        ids.iter()
            .all(|id| id.chars().count() <= lens::model::MAX_ID_CHARS),
        "{ids:?}"
    );
    assert_eq!(
        ids.len(),
        4,
        "two queues with distinct ids, the agent and its model"
    );
    let notes = super::notes(&import, "Agent");
    assert!(
        notes.contains("model not set"),
        "a model id longer than the catalog allows is reported: {notes}"
    );
}

#[test]
fn too_many_resources_are_refused() {
    let mut resources = serde_json::Map::new();
    for i in 0..=cloudformation::MAX_RESOURCES {
        resources.insert(format!("Q{i}"), json!({ "Type": "AWS::SQS::Queue" }));
    }
    let err = super::import_json(&json!({ "Resources": resources })).expect_err("too many");
    assert_eq!(err.path(), Some("Resources"), "{err}");
}

#[test]
fn a_resource_without_a_type_is_an_error_naming_its_path() {
    let err = import_text(r#"{"Resources": {"Bucket": {"Properties": {}}}}"#).expect_err("no type");
    assert_eq!(err.path(), Some("Resources.Bucket.Type"), "{err}");
}

#[test]
fn a_terraform_plan_is_not_a_cloudformation_template() {
    let plan = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": []}}, "configuration": {}}"#;
    let err = import_text(plan).expect_err("not a template");
    assert!(matches!(err, IacError::NotATemplate(_)), "{err}");
    assert!(err.to_string().contains("Resources"), "{err}");
}

#[test]
fn random_json_and_text_are_clear_errors() {
    assert!(matches!(
        import_text("[1, 2, 3]"),
        Err(IacError::NotATemplate(_))
    ));
    assert!(matches!(
        import_text("{\"Resources\": []}"),
        Err(IacError::Invalid { .. })
    ));
    let err = import_text("{\"Resources\": {\"A\": ").expect_err("cut short");
    assert!(err.to_string().contains("line 1"), "{err}");
}

#[test]
fn references_to_parameters_and_pseudo_parameters_draw_nothing() {
    let template = json!({
        "Parameters": { "Role": { "Type": "String" } },
        "Resources": { "F": { "Type": "AWS::Lambda::Function", "Properties": {
            "Role": { "Ref": "Role" },
            "Environment": { "Variables": { "R": { "Ref": "AWS::Region" }, "S": { "Fn::Sub": "${AWS::AccountId}-${!Literal}" } } } } } }
    });
    let import = super::import_json(&template).expect("imports");
    assert!(import.architecture.flows.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Damaged templates (JSON and YAML) are imported or refused, never a panic; what is
    /// imported passes the model's checks (the importer checks it before returning).
    #[test]
    fn damaged_templates_are_imported_or_refused_never_a_panic(
        at in any::<prop::sample::Index>(),
        len in 0usize..40,
        byte in any::<u8>(),
        how in 0u8..3,
        yaml in any::<bool>(),
    ) {
        let name = if yaml { "bedrock-agent.yaml" } else { "bedrock-agent.json" };
        let text = std::fs::read_to_string(super::fixture(name)).expect("fixture");
        let damaged = super::damage::damage(text.into_bytes(), at, len, byte, how);
        let _ = import_text(&String::from_utf8_lossy(&damaged));
    }
}

#[test]
fn a_policy_that_names_no_collection_of_the_template_draws_nothing_and_says_so() {
    let template = json!({ "Resources": {
        "Key": { "Type": "AWS::KMS::Key" },
        "Policy": { "Type": "AWS::OpenSearchServerless::SecurityPolicy", "Properties": {
            "Type": "encryption",
            "Policy": { "Fn::Sub": "{\"Rules\":[{\"Resource\":[\"collection/other-*\"]}],\"KmsARN\":\"${Key.Arn}\"}" } } },
        "Vectors": { "Type": "AWS::OpenSearchServerless::Collection", "Properties": { "Name": "kb-vectors" } }
    }});
    let import = super::import_json(&template).expect("imports");
    assert!(
        import.architecture.flows.is_empty(),
        "the key encrypts no collection of this template"
    );
    let policy = import.report.resource("Policy").expect("reported");
    assert!(matches!(
        policy.outcome,
        lens::iac::Outcome::NoComponent { .. }
    ));
}

#[test]
fn a_resource_with_huge_arrays_of_references_and_items_is_read_in_bounded_time() {
    let groups: Vec<serde_json::Value> = (0..20_000)
        .map(|i| json!({ "ActionGroupName": format!("g{i}"), "ActionGroupExecutor": { "Lambda": { "Ref": "F" } } }))
        .collect();
    let kbs: Vec<serde_json::Value> = (0..20_000)
        .map(|_| json!({ "KnowledgeBaseId": { "Ref": "KB" } }))
        .collect();
    let template = json!({ "Resources": {
        "F": { "Type": "AWS::Lambda::Function" },
        "KB": { "Type": "AWS::Bedrock::KnowledgeBase" },
        "Agent": { "Type": "AWS::Bedrock::Agent", "Properties": {
            "FoundationModel": "m", "ActionGroups": groups, "KnowledgeBases": kbs } }
    }});
    let started = std::time::Instant::now();
    let import = super::import_json(&template).expect("imports");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    let tools = import
        .architecture
        .components
        .iter()
        .filter(|c| c.kind == "tool")
        .count();
    assert_eq!(tools, cloudformation::MAX_ITEMS);
    let notes = super::notes(&import, "Agent");
    assert!(notes.contains("more are not"), "{notes}");
    assert!(
        notes.contains("references: the rest are not followed"),
        "{notes}"
    );
}

// ---------------------------------------------------------------------------------------------
// Terraform plans

use super::terraform::{import_plan, plan_of};

fn import_any(text: &str) -> Result<lens::iac::Import, IacError> {
    lens::iac::import_text(text, "test", &[]).map(|(import, _)| import)
}

#[test]
fn a_plan_nested_deeper_than_the_parser_allows_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let text = format!(
        "{{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.8\",\"planned_values\":{{\"root_module\":{{\"resources\":[{{\"address\":\"aws_s3_bucket.b\",\"type\":\"aws_s3_bucket\",\"values\":{{\"tags\":{}1{}}}}}]}}}}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = import_any(&text).expect_err("too deep");
    assert!(matches!(err, IacError::Syntax(_)), "{err}");
}

#[test]
fn plan_values_and_expressions_past_the_walk_limit_are_reported() {
    let mut values = json!("deep");
    let mut expressions = json!({ "references": ["aws_kms_key.k.arn", "aws_kms_key.k"] });
    for _ in 0..100 {
        values = json!({ "deeper": values });
        expressions = json!({ "deeper": expressions });
    }
    let plan = plan_of(&[
        ("aws_kms_key.k", "aws_kms_key", json!({}), json!({})),
        (
            "aws_sqs_queue.q",
            "aws_sqs_queue",
            json!({ "tags": values }),
            json!({ "policy": expressions }),
        ),
    ]);
    let import = import_plan(&plan).expect("imports");
    let notes = super::notes(&import, "aws_sqs_queue.q");
    assert!(notes.contains("nested deeper"), "{notes}");
}

#[test]
fn modules_nested_past_the_limit_are_reported_not_followed() {
    let mut module = json!({ "resources": [] });
    for i in 0..200 {
        module = json!({ "module_calls": { format!("m{i}"): { "module": module } } });
    }
    let mut plan = plan_of(&[]);
    plan["configuration"]["root_module"] = module;
    // Deeper than JSON text may nest (the parser stops at 128 levels): a plan built in memory.
    let mapping = lens::iac::Mapping::builtin_terraform(&super::builtin()).expect("valid");
    let import = lens::iac::terraform::import(&plan, "test", &mapping).expect("imports");
    let notes = import.report.notes.join("\n");
    assert!(notes.contains("nested deeper than"), "{notes}");
}

#[test]
fn cyclic_references_through_module_outputs_and_variables_are_reported_and_stop() {
    // Terraform itself refuses such a configuration; a hand-edited or damaged plan may hold it.
    let mut plan = plan_of(&[(
        "aws_bedrockagent_agent.a",
        "aws_bedrockagent_agent",
        json!({ "foundation_model": "m" }),
        json!({ "customer_encryption_key_arn": { "references": ["module.loop.out", "module.loop"] } }),
    )]);
    plan["configuration"]["root_module"]["module_calls"] = json!({ "loop": {
        "expressions": { "input": { "references": ["module.loop.out", "module.loop"] } },
        "module": {
            "outputs": { "out": { "expression": { "references": ["var.input"] } } },
            "resources": []
        }
    }});
    let started = std::time::Instant::now();
    let import = import_plan(&plan).expect("imports");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let notes = super::notes(&import, "aws_bedrockagent_agent.a");
    assert!(notes.contains("cyclic reference"), "{notes}");
    assert!(
        !import
            .architecture
            .flows
            .iter()
            .any(|f| f.to.as_str() == "aws_bedrockagent_agent.a"),
        "a cycle reaches no key"
    );
}

#[test]
fn module_outputs_that_fan_out_are_followed_in_bounded_time() {
    // Every output of each of 30 nested modules refers to both outputs of the next: 2^30 paths
    // unless the resolution is bounded.
    let mut module = json!({
        "resources": [ { "address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "expressions": {} } ],
        "outputs": { "a": { "expression": { "references": ["aws_kms_key.k.arn"] } },
                     "b": { "expression": { "references": ["aws_kms_key.k.arn"] } } }
    });
    for _ in 0..30 {
        module = json!({
            "module_calls": { "n": { "module": module } },
            "outputs": { "a": { "expression": { "references": ["module.n.a", "module.n.b"] } },
                         "b": { "expression": { "references": ["module.n.a", "module.n.b"] } } }
        });
    }
    let mut plan = plan_of(&[(
        "aws_bedrockagent_agent.a",
        "aws_bedrockagent_agent",
        json!({ "foundation_model": "m" }),
        json!({ "customer_encryption_key_arn": { "references": ["module.top.a"] } }),
    )]);
    plan["configuration"]["root_module"]["module_calls"] = json!({ "top": { "module": module } });
    let started = std::time::Instant::now();
    let import = import_plan(&plan).expect("imports");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    let notes = super::notes(&import, "aws_bedrockagent_agent.a");
    assert!(notes.contains("not followed"), "{notes}");
}

#[test]
fn huge_plan_addresses_and_strings_are_cut_to_the_limits() {
    let name = "n".repeat(100_000);
    let address = format!("aws_kms_key.{name}");
    let plan = plan_of(&[(
        &address,
        "aws_kms_key",
        json!({ "description": "d".repeat(1_000_000), "enable_key_rotation": true }),
        json!({}),
    )]);
    let import = import_plan(&plan).expect("imports");
    let component = &import.architecture.components[0];
    assert_eq!(
        component.id.as_str().chars().count(),
        lens::model::MAX_ID_CHARS
    );
    assert_eq!(
        component.properties.get("key_rotation"),
        Some(&lens::model::Value::Bool(true))
    );
}

#[test]
fn plans_of_the_wrong_shape_are_clear_errors() {
    let bad_resource = json!({ "format_version": "1.2", "terraform_version": "1.9.8",
        "planned_values": { "root_module": { "resources": [ { "values": {} } ] } } });
    let err = import_plan(&bad_resource).expect_err("a resource needs an address");
    assert_eq!(
        err.path(),
        Some("planned_values.root_module.resources[0]"),
        "{err}"
    );
    let number_version = json!({ "format_version": 1, "planned_values": {} });
    let err = import_plan(&number_version).expect_err("a version is a string");
    assert!(err.to_string().contains("format_version is 1"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Damaged plans are imported or refused, never a panic.
    #[test]
    fn damaged_plans_are_imported_or_refused_never_a_panic(
        at in any::<prop::sample::Index>(),
        len in 0usize..40,
        byte in any::<u8>(),
        how in 0u8..3,
    ) {
        let text = std::fs::read_to_string(super::fixture("bedrock-agent.tfplan.json")).expect("fixture");
        let damaged = super::damage::damage(text.into_bytes(), at, len, byte, how);
        let _ = import_any(&String::from_utf8_lossy(&damaged));
    }
}
