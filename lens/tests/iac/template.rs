//! The CloudFormation example of INTERCHANGE §2.4 (agent, knowledge base on OpenSearch
//! Serverless, guardrail, Lambda action group), imported and checked.

use lens::engine::{evaluate, Pack};
use lens::iac::Outcome;
use lens::model::{Component, ComponentId, Flow, FlowId, Properties, Value};
use lens::{Architecture, ArchitectureData};

fn example_json() -> serde_json::Value {
    let text = std::fs::read_to_string(super::fixture("bedrock-agent.json")).expect("fixture");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn example() -> lens::iac::Import {
    super::import_json(&example_json()).expect("the example imports")
}

fn rule_ids(data: ArchitectureData) -> Vec<String> {
    let arch = Architecture::from_data_checked(data).expect("valid");
    let mut ids: Vec<String> = evaluate(&arch, Pack::builtin())
        .iter()
        .map(|f| f.id.clone())
        .collect();
    ids.sort();
    ids
}

/// The architecture with a user sending requests to the agent `SupportAgent` (the template
/// declares no caller; a reviewer adds one).
pub fn with_user(mut data: ArchitectureData) -> ArchitectureData {
    data.components.push(Component {
        id: ComponentId::new("customer"),
        kind: "user".to_owned(),
        preset: None,
        label: "Customer".to_owned(),
        boundary: None,
        properties: Properties::new(),
        position: None,
    });
    data.flows.push(Flow {
        id: FlowId::new("customer-SupportAgent"),
        from: ComponentId::new("customer"),
        to: ComponentId::new("SupportAgent"),
        properties: Properties::new(),
    });
    data
}

fn component<'a>(data: &'a ArchitectureData, id: &str) -> &'a Component {
    data.components
        .iter()
        .find(|c| c.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} is drawn"))
}

fn has_flow(data: &ArchitectureData, from: &str, to: &str) -> bool {
    data.flows
        .iter()
        .any(|f| f.from.as_str() == from && f.to.as_str() == to)
}

#[test]
fn the_example_becomes_the_architecture_a_reviewer_would_draw() {
    let import = example();
    insta::assert_snapshot!(
        "example_architecture",
        lens::json::export_data(&import.architecture)
    );
}

#[test]
fn the_example_report_says_what_each_resource_became_and_where_each_value_came_from() {
    let import = example();
    insta::assert_snapshot!("example_report", import.report.to_text());
}

#[test]
fn the_findings_of_the_example_are_the_ones_a_reviewer_would_expect() {
    insta::assert_snapshot!(
        "example_findings",
        rule_ids(example().architecture).join("\n")
    );
}

#[test]
fn the_guardrail_sits_on_the_path_from_the_agent_to_its_model() {
    let data = example().architecture;
    assert!(has_flow(&data, "SupportAgent", "SupportGuardrail"));
    assert!(has_flow(&data, "SupportGuardrail", "SupportAgent_model"));
    assert!(
        !has_flow(&data, "SupportAgent", "SupportAgent_model"),
        "a direct agent → model flow would bypass the guardrail"
    );
    let ids = rule_ids(with_user(data));
    assert!(
        !ids.iter()
            .any(|id| id.contains("untrusted-input-reaches-model")),
        "the guardrail covers the customer's path: {ids:#?}"
    );
}

#[test]
fn without_the_guardrail_configuration_the_same_path_is_flagged() {
    let mut template = example_json();
    template["Resources"]["SupportAgent"]["Properties"]
        .as_object_mut()
        .expect("properties")
        .remove("GuardrailConfiguration");
    let data = super::import_json(&template).expect("imports").architecture;
    assert!(has_flow(&data, "SupportAgent", "SupportAgent_model"));
    let ids = rule_ids(with_user(data));
    assert!(
        ids.iter()
            .any(|id| id.contains("untrusted-input-reaches-model")),
        "an agent calling its model directly leaves the customer's input unguarded: {ids:#?}"
    );
}

#[test]
fn an_action_group_that_asks_for_confirmation_is_a_tool_that_requires_approval() {
    let data = example().architecture;
    let tool = component(&data, "orders");
    assert_eq!(tool.kind, "tool");
    assert_eq!(
        tool.properties.get("requires_approval"),
        Some(&Value::Bool(true))
    );
    assert_eq!(
        tool.properties.get("timeout_seconds"),
        Some(&Value::Number(10.0)),
        "the Lambda function only this tool uses is folded into it, with its timeout"
    );
    assert!(
        has_flow(&data, "orders", "OrdersTable"),
        "the function's table is the tool's"
    );
    assert!(!data
        .components
        .iter()
        .any(|c| c.id.as_str() == "OrdersFunction"));
}

#[test]
fn a_confirmation_on_only_some_functions_does_not_make_the_tool_approved() {
    let mut template = example_json();
    let functions = &mut template["Resources"]["SupportAgent"]["Properties"]["ActionGroups"][0]
        ["FunctionSchema"]["Functions"];
    functions
        .as_array_mut()
        .expect("functions")
        .push(serde_json::json!({ "Name": "refund", "RequireConfirmation": "DISABLED" }));
    let data = super::import_json(&template).expect("imports").architecture;
    assert_eq!(
        component(&data, "orders")
            .properties
            .get("requires_approval"),
        Some(&Value::Bool(false))
    );
}

#[test]
fn keys_point_at_what_they_encrypt() {
    let data = example().architecture;
    for holder in [
        "DocsBucket",
        "DocsDataSource",
        "SupportGuardrail",
        "SupportAgent",
        "OrdersTable",
        // Through the collection's encryption policy, which names it.
        "VectorCollection",
    ] {
        assert!(has_flow(&data, "DataKey", holder), "DataKey → {holder}");
    }
    assert!(
        !data
            .flows
            .iter()
            .any(|f| f.from.as_str() != "DataKey" && f.to.as_str() == "DataKey"),
        "nothing sends requests to the key"
    );
}

#[test]
fn a_data_source_feeds_what_its_knowledge_base_embeds_with_and_writes_to() {
    let data = example().architecture;
    assert_eq!(component(&data, "DocsBucket").kind, "data_source");
    assert!(has_flow(&data, "DocsBucket", "DocsDataSource"));
    assert!(has_flow(&data, "DocsDataSource", "KnowledgeBase_embedding"));
    assert!(has_flow(&data, "DocsDataSource", "VectorCollection"));
    assert!(has_flow(&data, "SupportAgent", "KnowledgeBase"));
}

#[test]
fn versions_aliases_permissions_and_policies_draw_no_component_and_say_so() {
    let report = example().report;
    let outcome = |id: &str| {
        report
            .resource(id)
            .map(|r| r.outcome.clone())
            .expect("reported")
    };
    assert!(
        matches!(outcome("SupportAgentAlias"), Outcome::StandsFor { component } if component == "SupportAgent")
    );
    assert!(
        matches!(outcome("SupportGuardrailVersion"), Outcome::StandsFor { component } if component == "SupportGuardrail")
    );
    assert!(
        matches!(outcome("VectorEncryptionPolicy"), Outcome::StandsFor { component } if component == "VectorCollection")
    );
    assert!(
        matches!(outcome("OrdersInvokePermission"), Outcome::StandsFor { component } if component == "orders"),
        "a permission stands for the function, folded into its tool"
    );
    assert!(matches!(outcome("OrdersFunction"), Outcome::Folded { into } if into == "orders"));
    assert!(report.notes.iter().any(|n| n.contains("no entry point")));
}

#[test]
fn an_unmapped_resource_is_listed_never_dropped_silently() {
    let mut template = example_json();
    template["Resources"]["Topic"] = serde_json::json!({ "Type": "AWS::SNS::Topic" });
    template["Resources"]["OrdersFunction"]["Properties"]["Environment"]["Variables"]["TOPIC"] =
        serde_json::json!({ "Ref": "Topic" });
    let import = super::import_json(&template).expect("imports");
    let topic = import
        .report
        .resource("Topic")
        .expect("the topic is in the report");
    assert_eq!(topic.outcome, Outcome::Unmapped);
    assert_eq!(import.report.unmapped(), 1);
    let notes = super::notes(&import, "OrdersFunction");
    assert!(
        notes.contains("unmapped"),
        "the reference to the unmapped topic is reported where it is: {notes}"
    );
}

#[test]
fn importing_twice_gives_the_same_ids_and_bytes() {
    let a = lens::json::export_data(&example().architecture);
    let b = lens::json::export_data(&example().architecture);
    assert_eq!(a, b);
}

#[test]
fn the_imported_architecture_has_no_positions() {
    let data = example().architecture;
    assert!(data.components.iter().all(|c| c.position.is_none()));
}

/// A second template (YAML): an API in front of a function that searches Kendra and calls a
/// SageMaker endpoint, with a queue, a user pool, a role and an alarm.
fn api_rag() -> lens::iac::Import {
    let text = std::fs::read_to_string(super::fixture("api-rag.yaml")).expect("fixture");
    lens::iac::cloudformation::import_text(&text, "api-rag", &super::builtin()).expect("imports")
}

#[test]
fn an_api_in_front_of_a_function_becomes_the_entry_point_of_its_calls() {
    let import = api_rag();
    let data = &import.architecture;
    assert!(
        has_flow(data, "Api", "AskFunction"),
        "the method's integration"
    );
    for target in ["Docs", "Model", "Audit"] {
        assert!(
            has_flow(data, "AskFunction", target),
            "AskFunction → {target}"
        );
    }
    assert_eq!(
        component(data, "Docs").properties.get("permission_aware"),
        Some(&Value::Bool(true))
    );
    assert_eq!(
        component(data, "Audit").properties.get("dead_letter_queue"),
        Some(&Value::Bool(true))
    );
    assert_eq!(
        component(data, "Model").properties.get("provider"),
        Some(&Value::Text("sagemaker_ai".into()))
    );
    assert_eq!(
        component(data, "Users").properties.get("mfa"),
        Some(&Value::Bool(false)),
        "OPTIONAL is not required"
    );
    assert!(!import
        .report
        .notes
        .iter()
        .any(|n| n.contains("no entry point")));
    insta::assert_snapshot!("api_rag_report", import.report.to_text());
}

#[test]
fn memory_secrets_logs_prompts_and_agentcore_resources_map_to_their_kinds() {
    let text = r#"
Resources:
  Agent:
    Type: AWS::Bedrock::Agent
    Properties:
      FoundationModel: m
      MemoryConfiguration: { EnabledMemoryTypes: [SESSION_SUMMARY], StorageDays: 30 }
  Key: { Type: AWS::KMS::Key }
  KeyAlias: { Type: AWS::KMS::Alias, Properties: { AliasName: alias/app, TargetKeyId: !Ref Key } }
  Memory:
    Type: AWS::BedrockAgentCore::Memory
    Properties: { Name: mem, EventExpiryDuration: 90, EncryptionKeyArn: !GetAtt KeyAlias.Arn }
  Sandbox:
    Type: AWS::BedrockAgentCore::CodeInterpreterCustom
    Properties: { Name: sandbox, NetworkConfiguration: { NetworkMode: SANDBOX } }
  Secret: { Type: AWS::SecretsManager::Secret }
  Logs: { Type: AWS::Logs::LogGroup }
  Prompts: { Type: AWS::Bedrock::Prompt, Properties: { Name: p, Variants: [ { Name: v, ModelId: m } ] } }
"#;
    let data = lens::iac::cloudformation::import_text(text, "t", &super::builtin())
        .expect("imports")
        .architecture;
    let kind_of = |id: &str| component(&data, id).kind.clone();
    assert_eq!(kind_of("Agent_memory"), "memory_store");
    assert_eq!(
        component(&data, "Agent_memory")
            .properties
            .get("retention_days"),
        Some(&Value::Number(30.0))
    );
    assert_eq!(
        component(&data, "Agent_memory")
            .properties
            .get("encryption_at_rest"),
        Some(&Value::Bool(true)),
        "Bedrock keeps agent memory encrypted"
    );
    assert!(has_flow(&data, "Agent", "Agent_memory"));
    assert_eq!(kind_of("Memory"), "memory_store");
    assert_eq!(
        component(&data, "Memory").properties.get("retention_days"),
        Some(&Value::Number(90.0))
    );
    assert_eq!(
        component(&data, "Memory")
            .properties
            .get("encryption_at_rest"),
        Some(&Value::Bool(true))
    );
    assert!(
        has_flow(&data, "Key", "Memory"),
        "the alias stands for its key"
    );
    assert_eq!(kind_of("Sandbox"), "code_interpreter");
    assert_eq!(
        component(&data, "Sandbox").properties.get("network_access"),
        Some(&Value::Bool(false))
    );
    assert_eq!(kind_of("Secret"), "secrets_manager");
    assert_eq!(kind_of("Logs"), "observability");
    assert_eq!(kind_of("Prompts"), "prompt_catalog");
}

fn tool_with_schema(payload: &str) -> ArchitectureData {
    let mut template = example_json();
    let group = &mut template["Resources"]["SupportAgent"]["Properties"]["ActionGroups"][0];
    group
        .as_object_mut()
        .expect("action group")
        .remove("FunctionSchema");
    group["ApiSchema"] = serde_json::json!({ "Payload": payload });
    super::import_json(&template).expect("imports").architecture
}

#[test]
fn an_inline_openapi_schema_says_whether_an_action_group_writes() {
    let writes =
        tool_with_schema("openapi: 3.0.0\npaths:\n  /orders/{id}:\n    get: {}\n    delete: {}\n");
    assert_eq!(
        component(&writes, "orders").properties.get("side_effects"),
        Some(&Value::Text("writes".into()))
    );
    let reads = tool_with_schema(r#"{"openapi": "3.0.0", "paths": {"/orders": {"get": {}}}}"#);
    assert_eq!(
        component(&reads, "orders").properties.get("side_effects"),
        Some(&Value::Text("read_only".into()))
    );
    for schema in ["not: [an openapi", r#"{"openapi": "3.0.0", "paths": {}}"#] {
        let unknown = tool_with_schema(schema);
        assert_eq!(
            component(&unknown, "orders").properties.get("side_effects"),
            Some(&Value::Text("unknown".into())),
            "{schema}: recorded as unknown, not read_only by default"
        );
    }
}

/// The findings of an architecture on one component, by rule id.
fn findings_on(data: ArchitectureData, id: &str) -> Vec<lens::engine::Finding> {
    let arch = Architecture::from_data_checked(data).expect("valid");
    evaluate(&arch, Pack::builtin())
        .into_iter()
        .filter(|f| f.components.first().map(ComponentId::as_str) == Some(id))
        .collect()
}

#[test]
fn an_action_group_whose_side_effects_cannot_be_read_is_asked_about_not_passed() {
    for schema in ["not: [an openapi", r#"{"openapi": "3.0.0", "paths": {}}"#] {
        let findings = findings_on(tool_with_schema(schema), "orders");
        let approval = findings
            .iter()
            .find(|f| &*f.rule == "genai/security/side-effects-without-approval")
            .unwrap_or_else(|| panic!("{schema}: the approval rule asks about the tool"));
        assert_eq!(
            approval.basis,
            lens::engine::Basis::Unstated,
            "{schema}: a question, not a stated fact"
        );
        assert_eq!(
            approval.unanswered.first().map(|q| q.property.as_str()),
            Some("side_effects"),
            "{schema}: the question that settles it comes first"
        );
        assert!(approval
            .message
            .starts_with("Nobody has stated what orders can change"));
    }
    let reads = tool_with_schema(r#"{"openapi": "3.0.0", "paths": {"/orders": {"get": {}}}}"#);
    assert!(
        findings_on(reads, "orders")
            .iter()
            .all(|f| &*f.rule != "genai/security/side-effects-without-approval"),
        "a GET-only schema reads read_only: nothing to approve"
    );
}

#[test]
fn a_web_data_source_is_an_origin_of_its_own_feeding_the_pipeline() {
    let mut template = example_json();
    template["Resources"]["DocsDataSource"]["Properties"]["DataSourceConfiguration"] = serde_json::json!({ "Type": "WEB", "WebConfiguration": { "SourceConfiguration": { "UrlConfiguration": { "SeedUrls": [ { "Url": "https://example.com/docs" } ] } } } });
    let data = super::import_json(&template).expect("imports").architecture;
    assert_eq!(
        component(&data, "DocsDataSource_source").kind,
        "data_source"
    );
    assert!(has_flow(&data, "DocsDataSource_source", "DocsDataSource"));
    assert_eq!(
        component(&data, "DocsBucket").kind,
        "object_store",
        "a bucket no knowledge base ingests stays an object store"
    );
}

fn with_network_policy(allow_from_public: bool) -> ArchitectureData {
    let mut template = example_json();
    template["Resources"]["VectorNetworkPolicy"] = serde_json::json!({
        "Type": "AWS::OpenSearchServerless::SecurityPolicy",
        "Properties": {
            "Name": "kb-vectors-net",
            "Type": "network",
            "Policy": format!(
                "[{{\"Rules\":[{{\"ResourceType\":\"collection\",\"Resource\":[\"collection/kb-vectors\"]}}],\"AllowFromPublic\":{allow_from_public}}}]"
            )
        }
    });
    super::import_json(&template).expect("imports").architecture
}

#[test]
fn a_network_policy_open_to_the_public_makes_its_collection_reachable_from_the_internet() {
    let public = with_network_policy(true);
    assert_eq!(
        component(&public, "VectorCollection")
            .properties
            .get("public_access"),
        Some(&Value::Bool(true))
    );
    assert!(
        findings_on(public, "VectorCollection")
            .iter()
            .any(|f| &*f.rule == "genai/security/store-reachable-from-internet"),
        "a public collection is a stated risk"
    );
    let private = with_network_policy(false);
    assert_eq!(
        component(&private, "VectorCollection")
            .properties
            .get("public_access"),
        Some(&Value::Bool(false))
    );
    let none = example().architecture;
    assert_eq!(
        component(&none, "VectorCollection")
            .properties
            .get("public_access"),
        None,
        "an encryption policy says nothing about the network"
    );
}

#[test]
fn a_bucket_that_blocks_every_public_access_is_not_reachable_from_the_internet() {
    let block = |all: bool| {
        let mut template = example_json();
        template["Resources"]["PlainBucket"] = serde_json::json!({
            "Type": "AWS::S3::Bucket",
            "Properties": { "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": true, "BlockPublicPolicy": all,
                "IgnorePublicAcls": true, "RestrictPublicBuckets": true } }
        });
        super::import_json(&template).expect("imports").architecture
    };
    assert_eq!(
        component(&block(true), "PlainBucket")
            .properties
            .get("public_access"),
        Some(&Value::Bool(false))
    );
    assert_eq!(
        component(&block(false), "PlainBucket")
            .properties
            .get("public_access"),
        None,
        "a public policy allowed: the bucket policy decides, not stated"
    );
}

#[test]
fn encryption_and_session_settings_reach_the_data_source_and_the_agent() {
    let data = example().architecture;
    assert_eq!(
        component(&data, "DocsBucket")
            .properties
            .get("encryption_at_rest"),
        Some(&Value::Bool(true)),
        "the bucket a knowledge base ingests keeps its encryption as a data source"
    );
    assert_eq!(
        component(&data, "SupportAgent")
            .properties
            .get("idle_session_ttl_seconds"),
        Some(&Value::Number(600.0))
    );
}

fn sagemaker_api_text() -> String {
    std::fs::read_to_string(super::fixture("sagemaker-api.yaml")).expect("fixture")
}

fn sagemaker_api_of(text: &str) -> lens::iac::Import {
    lens::iac::cloudformation::import_text(text, "sagemaker-api", &super::builtin())
        .expect("imports")
}

/// The architecture with a user calling the API (the template declares no caller).
fn with_caller_of_api(mut data: ArchitectureData) -> ArchitectureData {
    data = with_user(data);
    let flow = data.flows.last_mut().expect("the user's flow");
    flow.id = FlowId::new("customer-Api");
    flow.to = ComponentId::new("Api");
    data
}

#[test]
fn a_sagemaker_endpoint_behind_an_api_becomes_the_architecture_a_reviewer_would_draw() {
    let import = sagemaker_api_of(&sagemaker_api_text());
    insta::assert_snapshot!(
        "sagemaker_api_architecture",
        lens::json::export_data(&import.architecture)
    );
    insta::assert_snapshot!("sagemaker_api_report", import.report.to_text());
    insta::assert_snapshot!(
        "sagemaker_api_findings",
        rule_ids(with_caller_of_api(import.architecture)).join("\n")
    );
}

#[test]
fn the_api_reads_its_authorizer_throttling_and_web_acl_from_the_resources_around_it() {
    let data = sagemaker_api_of(&sagemaker_api_text()).architecture;
    let api = component(&data, "Api");
    for prop in ["authentication", "rate_limiting", "waf"] {
        assert_eq!(api.properties.get(prop), Some(&Value::Bool(true)), "{prop}");
    }
    assert!(
        has_flow(&data, "Api", "Users"),
        "the authorizer's user pool"
    );
    assert!(has_flow(&data, "Api", "GenerateFunction"));
    assert!(has_flow(&data, "GenerateFunction", "LlmEndpoint"));
    let endpoint = component(&data, "LlmEndpoint");
    assert_eq!(
        endpoint.properties.get("invocation_logging"),
        Some(&Value::Bool(true)),
        "data capture logs the invocations"
    );
    assert_eq!(
        endpoint.properties.get("autoscaling"),
        Some(&Value::Bool(true)),
        "the scalable target names the endpoint's variant"
    );
}

#[test]
fn one_method_without_authorization_leaves_the_api_open_whatever_the_order() {
    // OPTIONS (the CORS preflight) without authorization is expected; a GET is not.
    for name in ["AGetMethod", "ZGetMethod"] {
        let text = format!(
            "{}  {name}:\n    Type: AWS::ApiGateway::Method\n    Properties: {{ RestApiId: !Ref Api, ResourceId: !Ref GenerateResource, HttpMethod: GET, AuthorizationType: NONE }}\n",
            sagemaker_api_text()
        );
        let data = sagemaker_api_of(&text).architecture;
        assert_eq!(
            component(&data, "Api").properties.get("authentication"),
            Some(&Value::Bool(false)),
            "{name}: read before or after the authorized method"
        );
    }
}

#[test]
fn a_direct_aws_integration_calls_the_endpoint_from_the_api() {
    let text = sagemaker_api_text().replace(
        "Uri: !Sub \"arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${GenerateFunction.Arn}/invocations\"",
        "Uri: !Sub \"arn:aws:apigateway:${AWS::Region}:runtime.sagemaker:path//endpoints/${LlmEndpoint.EndpointName}/invocations\"",
    );
    let text = text.replace(
        "      SourceArn: !Sub \"arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/POST/generate\"\n",
        "",
    );
    let data = sagemaker_api_of(&text).architecture;
    assert!(has_flow(&data, "Api", "LlmEndpoint"));
    assert!(!has_flow(&data, "Api", "GenerateFunction"));
}

fn boundary_of<'a>(data: &'a ArchitectureData, id: &str) -> Option<&'a lens::model::Boundary> {
    let boundary = component(data, id).boundary.as_ref()?;
    data.boundaries.iter().find(|b| &b.id == boundary)
}

#[test]
fn functions_in_a_vpc_are_drawn_inside_it_whichever_way_the_template_names_it() {
    let text = r#"
Parameters:
  PrivateSubnets: { Type: "List<AWS::EC2::Subnet::Id>" }
Resources:
  AppVpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  SubnetA: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref AppVpc, CidrBlock: 10.0.1.0/24 } }
  Guard: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: app, VpcId: !Ref AppVpc } }
  BySubnet:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: i.h, Code: { ZipFile: "" }, VpcConfig: { SubnetIds: [ !Ref SubnetA ], SecurityGroupIds: [ !Ref Guard ] } }
  ByGroup:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: i.h, Code: { ZipFile: "" }, VpcConfig: { SecurityGroupIds: [ !GetAtt Guard.GroupId ] } }
  ByParameter:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: i.h, Code: { ZipFile: "" }, VpcConfig: { SubnetIds: !Ref PrivateSubnets } }
  Outside:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: i.h, Code: { ZipFile: "" } }
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties: { EngineVersion: OpenSearch_2.13 }
"#;
    let import =
        lens::iac::cloudformation::import_text(text, "vpc", &super::builtin()).expect("imports");
    let data = &import.architecture;
    for id in ["BySubnet", "ByGroup"] {
        let vpc = boundary_of(data, id).unwrap_or_else(|| panic!("{id} is in a boundary"));
        assert_eq!(vpc.id.as_str(), "vpc_AppVpc", "{id}");
        assert_eq!(vpc.label, "AppVpc");
        assert_eq!(vpc.trust, lens::model::Trust::Private);
    }
    let parameter = boundary_of(data, "ByParameter").expect("in a boundary");
    assert_eq!(parameter.label, "VPC of PrivateSubnets");
    assert!(
        boundary_of(data, "Outside").is_none(),
        "no VpcConfig, no VPC"
    );
    assert_eq!(data.boundaries.len(), 2);
    assert!(
        import
            .report
            .notes
            .iter()
            .any(|n| n.starts_with("boundary vpc_AppVpc (AppVpc, private): ByGroup, BySubnet")),
        "{:?}",
        import.report.notes
    );
    assert_eq!(
        component(data, "Search").properties.get("public_access"),
        Some(&Value::Bool(true)),
        "a domain without VPC options has a public endpoint"
    );
    assert!(import.report.unmapped() == 0, "{}", import.report.to_text());
}

#[test]
fn a_saas_source_and_a_saas_vector_store_sit_in_a_third_party_boundary() {
    let mut template = example_json();
    template["Resources"]["DocsDataSource"]["Properties"]["DataSourceConfiguration"] =
        serde_json::json!({ "Type": "CONFLUENCE", "ConfluenceConfiguration": {} });
    template["Resources"]["KnowledgeBase"]["Properties"]["StorageConfiguration"] = serde_json::json!({
        "Type": "PINECONE",
        "PineconeConfiguration": { "ConnectionString": "https://kb.svc.pinecone.io", "CredentialsSecretArn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:pinecone" }
    });
    let data = super::import_json(&template).expect("imports").architecture;
    for id in ["DocsDataSource_source", "KnowledgeBase_store"] {
        let zone = boundary_of(&data, id).unwrap_or_else(|| panic!("{id} is in a boundary"));
        assert_eq!(zone.trust, lens::model::Trust::ThirdParty, "{id}");
    }
    assert_eq!(component(&data, "KnowledgeBase_store").kind, "vector_store");
    assert!(has_flow(&data, "KnowledgeBase", "KnowledgeBase_store"));
    assert!(
        boundary_of(&data, "KnowledgeBase").is_none(),
        "only the outside services are placed"
    );
    let mut web = example_json();
    web["Resources"]["DocsDataSource"]["Properties"]["DataSourceConfiguration"] =
        serde_json::json!({ "Type": "WEB" });
    let data = super::import_json(&web).expect("imports").architecture;
    assert_eq!(
        boundary_of(&data, "DocsDataSource_source").map(|b| b.trust),
        Some(lens::model::Trust::Internet),
        "a web crawler reads the public internet"
    );
}

#[test]
fn an_event_source_feeds_its_function_and_a_permission_draws_the_caller_towards_it() {
    let text = r#"
Resources:
  Jobs: { Type: AWS::SQS::Queue }
  Failed: { Type: AWS::SQS::Queue }
  Worker:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: i.h, Code: { ZipFile: "" } }
  JobsToWorker:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Jobs.Arn
      FunctionName: !Ref Worker
      DestinationConfig: { OnFailure: { Destination: !GetAtt Failed.Arn } }
  Uploads:
    Type: AWS::S3::Bucket
  UploadsInvokeWorker:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: !GetAtt Worker.Arn, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com, SourceArn: !GetAtt Uploads.Arn }
"#;
    let import =
        lens::iac::cloudformation::import_text(text, "events", &super::builtin()).expect("imports");
    let data = &import.architecture;
    assert!(
        has_flow(data, "Jobs", "Worker"),
        "the queue feeds the function"
    );
    assert!(
        !has_flow(data, "Worker", "Jobs"),
        "the reference's direction is not the data's"
    );
    assert!(
        has_flow(data, "Worker", "Failed"),
        "failures go to the destination"
    );
    assert!(
        has_flow(data, "Uploads", "Worker"),
        "the permission names the bucket as the caller"
    );
    assert_eq!(component(data, "Worker").kind, "service");
}

#[test]
fn an_agent_calling_an_inference_profile_reaches_it_through_its_guardrail() {
    let mut template = example_json();
    template["Resources"]["Claude"] = serde_json::json!({
        "Type": "AWS::Bedrock::ApplicationInferenceProfile",
        "Properties": { "InferenceProfileName": "support", "ModelSource": { "CopyFrom": {
            "Fn::Sub": "arn:aws:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0" } } }
    });
    template["Resources"]["SupportAgent"]["Properties"]["FoundationModel"] =
        serde_json::json!({ "Fn::GetAtt": ["Claude", "InferenceProfileArn"] });
    let data = super::import_json(&template).expect("imports").architecture;
    assert!(
        !data
            .components
            .iter()
            .any(|c| c.id.as_str() == "SupportAgent_model"),
        "the profile is the agent's model"
    );
    assert!(has_flow(&data, "SupportGuardrail", "Claude"));
    assert!(
        !has_flow(&data, "SupportAgent", "Claude"),
        "no path around the guardrail"
    );
    assert_eq!(
        component(&data, "Claude").properties.get("cross_region"),
        Some(&Value::Bool(true)),
        "copied from a cross-Region profile"
    );
    let ids = rule_ids(with_user(data));
    assert!(
        !ids.iter()
            .any(|id| id.contains("untrusted-input-reaches-model")),
        "{ids:#?}"
    );
}

#[test]
fn a_sagemaker_model_in_a_vpc_puts_its_endpoint_in_that_vpc() {
    let text = sagemaker_api_text()
        .replace(
            "  FunctionRoleArn: { Type: String }\n",
            "  FunctionRoleArn: { Type: String }\n  ModelSubnets: { Type: \"List<AWS::EC2::Subnet::Id>\" }\n",
        )
        .replace(
            "      ExecutionRoleArn: !Ref SageMakerRoleArn\n",
            "      ExecutionRoleArn: !Ref SageMakerRoleArn\n      VpcConfig: { Subnets: !Ref ModelSubnets, SecurityGroupIds: [sg-0123456789abcdef0] }\n",
        );
    let data = sagemaker_api_of(&text).architecture;
    assert_eq!(
        boundary_of(&data, "LlmEndpoint").map(|b| b.label.as_str()),
        Some("VPC of ModelSubnets")
    );
    assert!(
        boundary_of(&data, "GenerateFunction").is_none(),
        "the function has no VpcConfig"
    );
    let plain = sagemaker_api_of(&sagemaker_api_text()).architecture;
    assert!(plain.boundaries.is_empty(), "no VpcConfig, no boundary");
}

#[test]
fn a_network_policy_written_with_sub_or_to_json_string_is_read_the_same() {
    let rules = serde_json::json!([{ "Rules": [{ "ResourceType": "collection", "Resource": ["collection/kb-vectors"] }], "AllowFromPublic": true }]);
    for policy in [
        serde_json::json!({ "Fn::Sub": rules.to_string() }),
        serde_json::json!({ "Fn::ToJsonString": rules }),
    ] {
        let mut template = example_json();
        template["Resources"]["VectorNetworkPolicy"] = serde_json::json!({
            "Type": "AWS::OpenSearchServerless::SecurityPolicy",
            "Properties": { "Name": "kb-vectors-net", "Type": "network", "Policy": policy.clone() }
        });
        let data = super::import_json(&template).expect("imports").architecture;
        let public = component(&data, "VectorCollection")
            .properties
            .get("public_access")
            .cloned();
        assert_eq!(public, Some(Value::Bool(true)), "{policy}");
    }
}
