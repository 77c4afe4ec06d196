//! Terraform plans (`terraform show -json`): the fixture is a plan of an agent with a guardrail,
//! an action group on a Lambda function, and a knowledge base on OpenSearch Serverless built by
//! a module; plus the Cloud Control provider, unknown values and refused formats.

use lens::engine::{evaluate, Pack};
use lens::iac::{IacError, Import, Outcome, SourceFormat};
use lens::{Architecture, ArchitectureData};
use serde_json::json;

fn plan_text() -> String {
    std::fs::read_to_string(super::fixture("bedrock-agent.tfplan.json")).expect("fixture")
}

fn example() -> Import {
    let (import, format) = lens::iac::import_text(&plan_text(), "support", &[]).expect("imports");
    assert_eq!(
        format,
        SourceFormat::TerraformPlan,
        "a plan is told by its content"
    );
    import
}

/// Imports a plan given as JSON with the built-in mappings.
pub fn import_plan(plan: &serde_json::Value) -> Result<Import, IacError> {
    lens::iac::import_text(&plan.to_string(), "test", &[]).map(|(import, _)| import)
}

/// A plan of `resources` (each `(address, type, values, expressions)`) in the root module.
pub fn plan_of(
    resources: &[(&str, &str, serde_json::Value, serde_json::Value)],
) -> serde_json::Value {
    let planned: Vec<_> = resources
        .iter()
        .map(|(address, kind, values, _)| {
            json!({ "address": address, "mode": "managed", "type": kind,
                    "name": address.rsplit('.').next(), "values": values })
        })
        .collect();
    let configured: Vec<_> = resources
        .iter()
        .map(|(address, kind, _, expressions)| {
            json!({ "address": address, "mode": "managed", "type": kind, "expressions": expressions })
        })
        .collect();
    json!({
        "format_version": "1.2", "terraform_version": "1.9.8",
        "planned_values": { "root_module": { "resources": planned } },
        "configuration": { "root_module": { "resources": configured } }
    })
}

fn has_flow(data: &ArchitectureData, from: &str, to: &str) -> bool {
    data.flows
        .iter()
        .any(|f| f.from.as_str() == from && f.to.as_str() == to)
}

fn property(data: &ArchitectureData, id: &str, prop: &str) -> Option<lens::model::Value> {
    data.components
        .iter()
        .find(|c| c.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} is drawn"))
        .properties
        .get(prop)
        .cloned()
}

#[test]
fn the_plan_becomes_the_architecture_a_reviewer_would_draw() {
    insta::assert_snapshot!(
        "plan_architecture",
        lens::json::export_data(&example().architecture)
    );
}

#[test]
fn the_plan_report_says_what_each_resource_became_and_where_each_value_came_from() {
    insta::assert_snapshot!("plan_report", example().report.to_text());
}

#[test]
fn the_findings_of_the_plan_are_the_ones_a_reviewer_would_expect() {
    let arch = Architecture::from_data_checked(example().architecture).expect("valid");
    let mut ids: Vec<String> = evaluate(&arch, Pack::builtin())
        .iter()
        .map(|f| f.id.clone())
        .collect();
    ids.sort();
    insta::assert_snapshot!("plan_findings", ids.join("\n"));
    assert!(
        !ids.iter()
            .any(|id| id.contains("guardrail-bypass") || id.contains("without-guardrail")),
        "the guardrail sits between the agent and its model: {ids:#?}"
    );
}

#[test]
fn references_through_module_variables_and_outputs_reach_the_resources_behind_them() {
    let data = example().architecture;
    let kb = "module.kb.aws_bedrockagent_knowledge_base.this";
    assert!(
        has_flow(&data, kb, "aws_opensearchserverless_collection.vectors"),
        "var.collection_arn inside the module is the root's collection"
    );
    assert!(
        has_flow(&data, "aws_bedrockagent_agent.support", kb),
        "the association's module.kb.knowledge_base_id is the module's knowledge base"
    );
    assert!(
        has_flow(
            &data,
            "aws_kms_key.data",
            "module.kb.aws_bedrockagent_data_source.docs"
        ),
        "var.kms_key_arn of the data source is the root's key"
    );
    assert!(
        has_flow(
            &data,
            "aws_s3_bucket.docs",
            "module.kb.aws_bedrockagent_data_source.docs"
        ),
        "the bucket passed into the module feeds the pipeline"
    );
}

#[test]
fn the_guardrail_sits_between_the_agent_and_its_model() {
    let data = example().architecture;
    let agent = "aws_bedrockagent_agent.support";
    let guardrail = "aws_bedrock_guardrail.support";
    assert!(has_flow(&data, agent, guardrail));
    assert!(has_flow(
        &data,
        guardrail,
        "aws_bedrockagent_agent.support_model"
    ));
    assert!(
        !has_flow(&data, agent, "aws_bedrockagent_agent.support_model"),
        "no path around the guardrail"
    );
}

#[test]
fn a_separate_action_group_resource_is_the_agents_tool_with_its_lambda_folded_in() {
    let import = example();
    let tool = "aws_bedrockagent_agent_action_group.orders";
    assert!(has_flow(
        &import.architecture,
        "aws_bedrockagent_agent.support",
        tool
    ));
    assert!(
        has_flow(&import.architecture, tool, "aws_dynamodb_table.orders"),
        "the function's environment refers to the table"
    );
    assert_eq!(
        property(&import.architecture, tool, "timeout_seconds"),
        Some(lens::model::Value::Number(10.0))
    );
    let function = import
        .report
        .resource("aws_lambda_function.orders")
        .expect("reported");
    assert_eq!(
        function.outcome,
        Outcome::Folded {
            into: tool.to_owned()
        }
    );
}

#[test]
fn component_ids_are_resource_addresses_and_the_same_on_every_import() {
    let first = example();
    let second = example();
    assert_eq!(
        lens::json::export_data(&first.architecture),
        lens::json::export_data(&second.architecture)
    );
    let ids = super::component_ids(&first);
    assert!(
        ids.contains(&"module.kb.aws_bedrockagent_knowledge_base.this"),
        "{ids:?}"
    );
    assert!(ids.contains(&"aws_bedrockagent_agent.support"), "{ids:?}");
}

#[test]
fn awscc_resources_read_through_the_cloudformation_mapping_in_snake_case() {
    let plan = plan_of(&[
        (
            "awscc_bedrock_guardrail.g",
            "awscc_bedrock_guardrail",
            json!({ "name": "g", "content_policy_config": { "filters_config": [
                { "type": "PROMPT_ATTACK", "input_strength": "HIGH", "output_strength": "NONE" } ] } }),
            json!({ "name": { "constant_value": "g" } }),
        ),
        (
            "awscc_bedrock_knowledge_base.kb",
            "awscc_bedrock_knowledge_base",
            json!({ "name": "kb", "knowledge_base_configuration": { "type": "VECTOR" } }),
            json!({ "name": { "constant_value": "kb" } }),
        ),
        (
            "awscc_bedrock_agent.a",
            "awscc_bedrock_agent",
            json!({
                "agent_name": "a", "foundation_model": "anthropic.claude-3-haiku",
                "guardrail_configuration": { "guardrail_identifier": null, "guardrail_version": null },
                "knowledge_bases": [ { "description": "docs", "knowledge_base_id": null, "knowledge_base_state": "ENABLED" } ],
                "action_groups": [ {
                    "action_group_name": "refunds",
                    "function_schema": { "functions": [ { "name": "refund", "require_confirmation": "ENABLED" } ] } } ]
            }),
            json!({
                "agent_name": { "constant_value": "a" },
                "guardrail_configuration": { "references": [
                    "awscc_bedrock_guardrail.g.guardrail_id", "awscc_bedrock_guardrail.g",
                    "awscc_bedrock_guardrail.g.version" ] },
                "knowledge_bases": { "references": [
                    "awscc_bedrock_knowledge_base.kb.knowledge_base_id", "awscc_bedrock_knowledge_base.kb" ] }
            }),
        ),
    ]);
    let mut plan = plan;
    plan["resource_changes"] = json!([{ "address": "awscc_bedrock_agent.a", "change": {
        "actions": ["create"],
        "after_unknown": { "agent_arn": true,
            "guardrail_configuration": { "guardrail_identifier": true, "guardrail_version": true },
            "knowledge_bases": [ { "knowledge_base_id": true } ] } } }]);
    let import = import_plan(&plan).expect("imports");
    let data = &import.architecture;
    let kinds: Vec<(&str, &str)> = data
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.kind.as_str()))
        .collect();
    assert!(
        kinds.contains(&("awscc_bedrock_agent.a", "agent")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("refunds", "tool")),
        "inline action groups are tools: {kinds:?}"
    );
    assert_eq!(
        property(data, "awscc_bedrock_guardrail.g", "prompt_attack_detection"),
        Some(lens::model::Value::Bool(true)),
        "content_policy_config.filters_config[type=PROMPT_ATTACK].input_strength"
    );
    assert_eq!(
        property(data, "refunds", "requires_approval"),
        Some(lens::model::Value::Bool(true))
    );
    assert!(has_flow(
        data,
        "awscc_bedrock_agent.a",
        "awscc_bedrock_guardrail.g"
    ));
    assert!(has_flow(
        data,
        "awscc_bedrock_guardrail.g",
        "awscc_bedrock_agent.a_model"
    ));
    assert!(
        has_flow(
            data,
            "awscc_bedrock_agent.a",
            "awscc_bedrock_knowledge_base.kb"
        ),
        "the reference inside knowledge_bases lands on the unknown knowledge_base_id"
    );
}

#[test]
fn values_unknown_until_apply_are_reported_never_guessed() {
    let mut plan = plan_of(&[
        (
            "aws_bedrock_guardrail.g",
            "aws_bedrock_guardrail",
            json!({ "name": "g", "content_policy_config": [ { "filters_config": [
                { "type": "PROMPT_ATTACK", "output_strength": "NONE" } ] } ] }),
            json!({ "name": { "constant_value": "g" }, "content_policy_config": [ { "filters_config": [ {
                "type": { "constant_value": "PROMPT_ATTACK" },
                "input_strength": { "references": [ "data.external.policy.result" ] } } ] } ] }),
        ),
        (
            "aws_bedrockagent_agent.a",
            "aws_bedrockagent_agent",
            json!({ "agent_name": "a" }),
            json!({ "agent_name": { "constant_value": "a" },
                    "foundation_model": { "references": [ "data.aws_bedrock_inference_profile.p.inference_profile_arn", "data.aws_bedrock_inference_profile.p" ] } }),
        ),
    ]);
    plan["resource_changes"] = json!([
        { "address": "aws_bedrock_guardrail.g", "change": { "actions": ["create"], "after_unknown": {
            "guardrail_arn": true,
            "content_policy_config": [ { "filters_config": [ { "input_strength": true } ] } ] } } },
        { "address": "aws_bedrockagent_agent.a", "change": { "actions": ["create"], "after_unknown": {
            "agent_arn": true, "foundation_model": true } } }
    ]);
    let import = import_plan(&plan).expect("imports");
    let data = &import.architecture;
    assert_eq!(
        property(data, "aws_bedrock_guardrail.g", "prompt_attack_detection"),
        None,
        "an unknown strength is neither on nor off"
    );
    assert_eq!(
        property(data, "aws_bedrock_guardrail.g", "input_filtering"),
        None
    );
    let guardrail = super::notes(&import, "aws_bedrock_guardrail.g");
    assert!(
        guardrail.contains("prompt_attack_detection: unknown until apply"),
        "{guardrail}"
    );
    assert!(
        guardrail.contains("input_filtering: unknown until apply"),
        "{guardrail}"
    );
    let agent = super::notes(&import, "aws_bedrockagent_agent.a");
    assert!(
        agent.contains("model: unknown until apply")
            && agent.contains("data.aws_bedrock_inference_profile.p.inference_profile_arn"),
        "the model is unknown, and where it comes from is named: {agent}"
    );
    assert_eq!(
        property(data, "aws_bedrockagent_agent.a_model", "model"),
        None
    );
}

#[test]
fn a_plan_format_other_than_1_x_is_refused_naming_the_version() {
    let mut plan = plan_of(&[]);
    plan["format_version"] = json!("2.0");
    let err = import_plan(&plan).expect_err("refused");
    assert!(matches!(err, IacError::UnsupportedVersion(_)), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("2.0") && message.contains("1.x"),
        "{message}"
    );
    assert_eq!(err.path(), Some("format_version"));
    plan["format_version"] = json!("1.0");
    assert!(import_plan(&plan).is_ok(), "every 1.x is read");
}

#[test]
fn a_state_is_refused_with_how_to_get_a_plan() {
    let state = json!({ "format_version": "1.0", "terraform_version": "1.9.8",
                        "values": { "root_module": { "resources": [] } } });
    let err = import_plan(&state).expect_err("a state has no configuration");
    assert!(
        err.to_string().contains("terraform show -json plan"),
        "{err}"
    );
}

#[test]
fn resources_the_plan_deletes_and_data_sources_are_not_drawn_but_said() {
    let mut plan = plan_of(&[(
        "aws_kms_key.k",
        "aws_kms_key",
        json!({ "enable_key_rotation": false }),
        json!({}),
    )]);
    plan["planned_values"]["root_module"]["resources"]
        .as_array_mut()
        .expect("list")
        .push(json!({ "address": "data.aws_region.here", "mode": "data", "type": "aws_region", "name": "here", "values": {} }));
    plan["resource_changes"] =
        json!([{ "address": "aws_sqs_queue.old", "change": { "actions": ["delete"] } }]);
    let import = import_plan(&plan).expect("imports");
    assert_eq!(import.architecture.components.len(), 1);
    let notes = import.report.notes.join("\n");
    assert!(notes.contains("1 resource(s) the plan deletes"), "{notes}");
    assert!(notes.contains("1 data source(s)"), "{notes}");
}

#[test]
fn instances_of_a_module_called_with_for_each_refer_to_their_own_resources() {
    let instance = |key: &str| {
        json!({ "address": format!("module.team[\"{key}\"]"), "resources": [
            { "address": format!("module.team[\"{key}\"].aws_kms_key.k"), "mode": "managed",
              "type": "aws_kms_key", "name": "k", "index": key, "values": {} },
            { "address": format!("module.team[\"{key}\"].aws_sqs_queue.q"), "mode": "managed",
              "type": "aws_sqs_queue", "name": "q", "index": key, "values": {} } ] })
    };
    let plan = json!({
        "format_version": "1.2", "terraform_version": "1.9.8",
        "planned_values": { "root_module": { "child_modules": [instance("a.b"), instance("c")] } },
        "configuration": { "root_module": { "module_calls": { "team": {
            "for_each_expression": { "constant_value": ["a.b", "c"] },
            "module": { "resources": [
                { "address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "expressions": {} },
                { "address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "expressions": {
                    "kms_master_key_id": { "references": ["aws_kms_key.k.arn", "aws_kms_key.k"] } } } ] } } } } }
    });
    let import = import_plan(&plan).expect("imports");
    let flows: Vec<(String, String)> = import
        .architecture
        .flows
        .iter()
        .map(|f| (f.from.to_string(), f.to.to_string()))
        .collect();
    assert_eq!(
        flows,
        vec![
            (
                "module.team[\"a.b\"].aws_kms_key.k".to_owned(),
                "module.team[\"a.b\"].aws_sqs_queue.q".to_owned()
            ),
            (
                "module.team[\"c\"].aws_kms_key.k".to_owned(),
                "module.team[\"c\"].aws_sqs_queue.q".to_owned()
            ),
        ],
        "each queue is encrypted by its own instance's key"
    );
}

#[test]
fn a_disabled_knowledge_base_association_draws_no_flow() {
    let association = |state: &str| {
        plan_of(&[
            (
                "aws_bedrockagent_agent.a",
                "aws_bedrockagent_agent",
                json!({ "foundation_model": "m" }),
                json!({}),
            ),
            (
                "aws_bedrockagent_knowledge_base.kb",
                "aws_bedrockagent_knowledge_base",
                json!({}),
                json!({}),
            ),
            (
                "aws_bedrockagent_agent_knowledge_base_association.x",
                "aws_bedrockagent_agent_knowledge_base_association",
                json!({ "knowledge_base_state": state }),
                json!({
                    "agent_id": { "references": ["aws_bedrockagent_agent.a.agent_id", "aws_bedrockagent_agent.a"] },
                    "knowledge_base_id": { "references": ["aws_bedrockagent_knowledge_base.kb.id", "aws_bedrockagent_knowledge_base.kb"] }
                }),
            ),
        ])
    };
    let enabled = import_plan(&association("ENABLED")).expect("imports");
    assert!(has_flow(
        &enabled.architecture,
        "aws_bedrockagent_agent.a",
        "aws_bedrockagent_knowledge_base.kb"
    ));
    let disabled = import_plan(&association("DISABLED")).expect("imports");
    assert!(!has_flow(
        &disabled.architecture,
        "aws_bedrockagent_agent.a",
        "aws_bedrockagent_knowledge_base.kb"
    ));
}

#[test]
fn region_wide_invocation_logging_marks_every_bedrock_model_as_logged() {
    let import = example();
    let data = &import.architecture;
    for model in [
        "aws_bedrockagent_agent.support_model",
        "module.kb.aws_bedrockagent_knowledge_base.this_embedding",
    ] {
        assert_eq!(
            property(data, model, "invocation_logging"),
            Some(lens::model::Value::Bool(true)),
            "{model}"
        );
        assert!(
            has_flow(data, model, "aws_cloudwatch_log_group.bedrock"),
            "{model} logs to the log group"
        );
    }
    let setting = import
        .report
        .resource("aws_bedrock_model_invocation_logging_configuration.main")
        .expect("reported");
    assert!(
        matches!(setting.outcome, Outcome::StandsFor { .. }),
        "{:?}",
        setting.outcome
    );
}

#[test]
fn a_public_access_block_and_a_public_network_policy_say_whether_stores_face_the_internet() {
    let plan = plan_of(&[
        (
            "aws_s3_bucket.docs",
            "aws_s3_bucket",
            json!({ "bucket": "docs" }),
            json!({}),
        ),
        (
            "aws_s3_bucket_public_access_block.docs",
            "aws_s3_bucket_public_access_block",
            json!({ "block_public_acls": true, "block_public_policy": true,
                    "ignore_public_acls": true, "restrict_public_buckets": true }),
            json!({ "bucket": { "references": ["aws_s3_bucket.docs.id", "aws_s3_bucket.docs"] } }),
        ),
        (
            "aws_opensearchserverless_collection.vectors",
            "aws_opensearchserverless_collection",
            json!({ "name": "kb-vectors", "type": "VECTORSEARCH" }),
            json!({}),
        ),
        (
            "aws_opensearchserverless_security_policy.network",
            "aws_opensearchserverless_security_policy",
            json!({ "name": "kb-vectors-net", "type": "network",
                    "policy": "[{\"Rules\":[{\"ResourceType\":\"collection\",\"Resource\":[\"collection/kb-vectors\"]}],\"AllowFromPublic\":true}]" }),
            json!({}),
        ),
    ]);
    let import = import_plan(&plan).expect("imports");
    let data = &import.architecture;
    assert_eq!(
        property(data, "aws_s3_bucket.docs", "public_access"),
        Some(lens::model::Value::Bool(false))
    );
    assert_eq!(
        property(
            data,
            "aws_opensearchserverless_collection.vectors",
            "public_access"
        ),
        Some(lens::model::Value::Bool(true))
    );
}

fn refs(address: &str) -> serde_json::Value {
    json!({ "references": [format!("{address}.id"), address] })
}

#[test]
fn an_api_and_a_sagemaker_endpoint_read_their_settings_from_the_resources_around_them() {
    let api = "aws_api_gateway_rest_api.generate";
    let method = |http: &str, authorization: &str| {
        (
            json!({ "http_method": http, "authorization": authorization }),
            json!({ "rest_api_id": refs(api) }),
        )
    };
    let (post, post_refs) = method("POST", "COGNITO_USER_POOLS");
    let (options, options_refs) = method("OPTIONS", "NONE");
    let plan = plan_of(&[
        (
            api,
            "aws_api_gateway_rest_api",
            json!({ "name": "generate" }),
            json!({}),
        ),
        (
            "aws_api_gateway_method.post",
            "aws_api_gateway_method",
            post,
            post_refs,
        ),
        (
            "aws_api_gateway_method.options",
            "aws_api_gateway_method",
            options,
            options_refs,
        ),
        (
            "aws_api_gateway_stage.prod",
            "aws_api_gateway_stage",
            json!({ "stage_name": "prod" }),
            json!({ "rest_api_id": refs(api) }),
        ),
        (
            "aws_api_gateway_method_settings.all",
            "aws_api_gateway_method_settings",
            json!({ "method_path": "*/*", "settings": [ { "throttling_rate_limit": 20, "throttling_burst_limit": 40 } ] }),
            json!({ "rest_api_id": refs(api) }),
        ),
        (
            "aws_wafv2_web_acl_association.api",
            "aws_wafv2_web_acl_association",
            json!({}),
            json!({ "resource_arn": { "references": ["aws_api_gateway_stage.prod.arn", "aws_api_gateway_stage.prod"] } }),
        ),
        (
            "aws_sagemaker_endpoint_configuration.llm",
            "aws_sagemaker_endpoint_configuration",
            json!({ "production_variants": [ { "instance_type": "ml.g5.2xlarge", "serverless_config": [] } ],
                    "data_capture_config": [ { "enable_capture": true } ] }),
            json!({}),
        ),
        (
            "aws_sagemaker_endpoint.llm",
            "aws_sagemaker_endpoint",
            json!({ "name": "llm" }),
            json!({ "endpoint_config_name": { "references": ["aws_sagemaker_endpoint_configuration.llm.name", "aws_sagemaker_endpoint_configuration.llm"] } }),
        ),
        (
            "aws_appautoscaling_target.llm",
            "aws_appautoscaling_target",
            json!({ "service_namespace": "sagemaker" }),
            json!({ "resource_id": { "references": ["aws_sagemaker_endpoint.llm.name", "aws_sagemaker_endpoint.llm"] } }),
        ),
    ]);
    let data = import_plan(&plan).expect("imports").architecture;
    let yes = Some(lens::model::Value::Bool(true));
    for prop in ["authentication", "rate_limiting", "waf"] {
        assert_eq!(property(&data, api, prop), yes, "{prop}");
    }
    let endpoint = "aws_sagemaker_endpoint.llm";
    assert_eq!(property(&data, endpoint, "invocation_logging"), yes);
    assert_eq!(property(&data, endpoint, "autoscaling"), yes);
    assert_eq!(
        property(&data, endpoint, "throughput"),
        Some(lens::model::Value::Text("provisioned".into())),
        "an empty serverless block is no serverless configuration"
    );
    assert!(
        !data
            .components
            .iter()
            .any(|c| c.id.as_str() == "aws_sagemaker_endpoint_configuration.llm"),
        "the configuration is folded into its endpoint"
    );
}

#[test]
fn the_account_the_providers_deploy_to_is_a_boundary_around_the_vpcs_and_components() {
    let mut plan = plan_of(&[
        (
            "aws_vpc.main",
            "aws_vpc",
            json!({ "cidr_block": "10.0.0.0/16" }),
            json!({}),
        ),
        (
            "aws_subnet.a",
            "aws_subnet",
            json!({ "id": "subnet-0abc123", "cidr_block": "10.0.1.0/24" }),
            json!({ "vpc_id": refs("aws_vpc.main") }),
        ),
        (
            "aws_lambda_function.worker",
            "aws_lambda_function",
            json!({ "function_name": "worker", "vpc_config": [ { "subnet_ids": ["subnet-0abc123"] } ] }),
            json!({ "vpc_config": [ { "subnet_ids": { "references": ["aws_subnet.a.id", "aws_subnet.a"] } } ] }),
        ),
        (
            "aws_dynamodb_table.orders",
            "aws_dynamodb_table",
            json!({ "name": "orders" }),
            json!({}),
        ),
    ]);
    let provider = json!({ "aws": { "name": "aws", "expressions": {
        "region": { "constant_value": "eu-west-1" },
        "assume_role": [ { "role_arn": { "constant_value": "arn:aws:iam::111122223333:role/deploy" } } ] } } });
    plan["configuration"]["provider_config"] = provider.clone();
    let data = import_plan(&plan).expect("imports").architecture;
    let boundary = |id: &str| {
        data.components
            .iter()
            .find(|c| c.id.as_str() == id)
            .and_then(|c| c.boundary.clone())
            .map(|b| b.to_string())
    };
    assert_eq!(
        boundary("aws_lambda_function.worker").as_deref(),
        Some("vpc_aws_vpc.main")
    );
    assert_eq!(
        boundary("aws_dynamodb_table.orders").as_deref(),
        Some("account_111122223333")
    );
    let vpc = data
        .boundaries
        .iter()
        .find(|b| b.id.as_str() == "vpc_aws_vpc.main")
        .expect("the VPC");
    assert_eq!(
        vpc.parent.as_ref().map(|p| p.as_str()),
        Some("account_111122223333")
    );
    lens::Architecture::from_data_checked(data.clone()).expect("valid");

    // Two accounts named: the plan does not say which one; no account boundary.
    let mut two = plan.clone();
    two["configuration"]["provider_config"]["aws.other"] = json!({ "name": "aws", "alias": "other",
        "expressions": { "allowed_account_ids": { "constant_value": ["444455556666"] } } });
    let data = import_plan(&two).expect("imports").architecture;
    assert!(data
        .boundaries
        .iter()
        .all(|b| !b.id.as_str().starts_with("account_")));
}
