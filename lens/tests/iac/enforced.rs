//! Bedrock's enforced guardrails: an account-level configuration applies a guardrail to every
//! invocation of the models it covers. Enforcement is a property of the model
//! (`guardrail_enforced`, which the rules read), never a component on the path.

use lens::engine::{evaluate, Pack};
use lens::iac::{cloudformation, Import, Outcome};
use lens::model::{ComponentId, Value};
use lens::{Architecture, ArchitectureData};
use serde_json::json;

use super::terraform::{import_plan, plan_of};

fn template() -> serde_json::Value {
    let text = std::fs::read_to_string(super::fixture("enforced-guardrail.yaml")).expect("fixture");
    cloudformation::parse(&text).expect("the fixture is YAML")
}

fn import(template: &serde_json::Value) -> Import {
    super::import_json(template).expect("imports")
}

/// The template with these model lists in its enforced guardrail configuration.
fn with_lists(included: serde_json::Value, excluded: serde_json::Value) -> serde_json::Value {
    let mut template = template();
    template["Resources"]["EnforcedGuardrail"]["Properties"]["ModelEnforcement"] =
        json!({ "IncludedModels": included, "ExcludedModels": excluded });
    template
}

fn enforced(import: &Import, id: &str) -> Option<Value> {
    import
        .architecture
        .components
        .iter()
        .find(|c| c.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} is drawn"))
        .properties
        .get("guardrail_enforced")
        .cloned()
}

/// The security rules that flag the agent's model, with a customer sending requests to the agent
/// (the template declares no caller).
fn model_findings(data: ArchitectureData) -> Vec<String> {
    let arch = Architecture::from_data_checked(super::template::with_user(data)).expect("valid");
    let mut ids: Vec<String> = evaluate(&arch, Pack::builtin())
        .into_iter()
        .filter(|f| f.components.first().map(ComponentId::as_str) == Some("SupportAgent_model"))
        .filter_map(|f| f.id.split('@').next().map(str::to_owned))
        .filter(|id| id.starts_with("genai/security/"))
        .collect();
    ids.sort();
    ids
}

#[test]
fn the_enforced_guardrail_report_says_which_models_it_covers_and_which_guardrail_it_applies() {
    insta::assert_snapshot!("enforced_report", import(&template()).report.to_text());
}

#[test]
fn a_guardrail_enforced_on_every_model_marks_the_agents_model_and_draws_nothing_on_the_path() {
    let import = import(&template());
    assert_eq!(
        enforced(&import, "SupportAgent_model"),
        Some(Value::Bool(true))
    );
    let report = import
        .report
        .resource("EnforcedGuardrail")
        .expect("reported");
    assert_eq!(
        report.outcome,
        Outcome::StandsFor {
            component: "SupportAgent_model".to_owned()
        },
        "the configuration draws no component of its own"
    );
    let set = report
        .properties
        .iter()
        .find(|p| p.component == "SupportAgent_model" && p.property == "guardrail_enforced")
        .expect("the report says where the value came from");
    assert_eq!(
        set.from,
        "Resources.EnforcedGuardrail.Properties.ModelEnforcement.IncludedModels[0]"
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.message.contains("names AccountGuardrail, drawn")),
        "the report names the guardrail: {:#?}",
        report.notes
    );
    let data = &import.architecture;
    assert!(
        !data
            .flows
            .iter()
            .any(|f| f.to.as_str() == "AccountGuardrail" || f.from.as_str() == "AccountGuardrail"),
        "an enforced guardrail is not drawn on any path: {:#?}",
        data.flows
    );
    assert_eq!(
        enforced(&import, "Reranker"),
        None,
        "a SageMaker endpoint is not a Bedrock model"
    );
}

#[test]
fn the_findings_that_ask_for_a_guardrail_before_and_after_the_model_pass_when_it_is_enforced() {
    let checked = [
        "genai/security/model-response-not-filtered",
        "genai/security/retrieved-content-reaches-model-unscreened",
        "genai/security/untrusted-input-reaches-model",
    ];
    let with = model_findings(import(&template()).architecture);
    let mut without = template();
    without["Resources"]
        .as_object_mut()
        .expect("resources")
        .remove("EnforcedGuardrail");
    let without = model_findings(import(&without).architecture);
    for rule in checked {
        assert!(
            !with.iter().any(|id| id == rule),
            "{rule} passes with the guardrail enforced: {with:#?}"
        );
    }
    for rule in checked {
        assert!(
            without.iter().any(|id| id == rule),
            "without the configuration {rule} flags the model: {without:#?}"
        );
    }
}

#[test]
fn a_model_the_configuration_leaves_out_is_not_enforced() {
    let model = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    let import = import(&with_lists(json!(["ALL"]), json!([model])));
    assert_eq!(enforced(&import, "SupportAgent_model"), None);
    assert!(matches!(
        import
            .report
            .resource("EnforcedGuardrail")
            .expect("reported")
            .outcome,
        Outcome::NoComponent { .. }
    ));
}

#[test]
fn a_named_model_is_covered_by_its_id_or_its_arn_and_no_other_is() {
    let named = import(&with_lists(
        json!(["anthropic.claude-3-5-sonnet-20240620-v1:0"]),
        json!([]),
    ));
    assert_eq!(
        enforced(&named, "SupportAgent_model"),
        Some(Value::Bool(true))
    );
    let other = import(&with_lists(
        json!(["anthropic.claude-3-haiku-20240307-v1:0"]),
        json!([]),
    ));
    assert_eq!(enforced(&other, "SupportAgent_model"), None);

    let mut template = with_lists(
        json!(["anthropic.claude-3-5-sonnet-20240620-v1:0"]),
        json!([]),
    );
    template["Resources"]["SupportAgent"]["Properties"]["FoundationModel"] = json!({ "Fn::Sub":
        "arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0" });
    assert_eq!(
        enforced(&import(&template), "SupportAgent_model"),
        Some(Value::Bool(true)),
        "an ARN ending with the model id"
    );
}

#[test]
fn an_inference_profile_of_a_named_model_is_left_for_review_not_guessed() {
    let mut template = with_lists(
        json!(["anthropic.claude-3-5-sonnet-20240620-v1:0"]),
        json!([]),
    );
    template["Resources"]["SupportAgent"]["Properties"]["FoundationModel"] =
        json!("us.anthropic.claude-3-5-sonnet-20240620-v1:0");
    let import = import(&template);
    assert_eq!(enforced(&import, "SupportAgent_model"), None);
    let notes = super::notes(&import, "EnforcedGuardrail");
    assert!(
        notes.contains("SupportAgent_model: guardrail_enforced not set")
            && notes.contains("inference profile"),
        "{notes}"
    );
}

#[test]
fn model_lists_the_template_does_not_settle_mark_no_model_and_are_reported() {
    for included in [
        json!({ "Ref": "EnforcedModels" }),
        json!([{ "Fn::Sub": "${ModelFamily}.claude-3-5-sonnet-20240620-v1:0" }]),
    ] {
        let import = import(&with_lists(included, json!([])));
        assert_eq!(enforced(&import, "SupportAgent_model"), None);
        let notes = super::notes(&import, "EnforcedGuardrail");
        assert!(
            notes.contains("computed (an intrinsic function): set on no model, to review"),
            "{notes}"
        );
    }
}

#[test]
fn a_model_whose_id_is_not_known_is_covered_only_by_a_configuration_of_every_model() {
    for model in [
        json!({ "Ref": "ModelId" }),
        json!({ "Fn::Sub": "arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/${ModelId}" }),
    ] {
        let mut template = with_lists(json!(["ALL"]), json!([]));
        template["Resources"]["SupportAgent"]["Properties"]["FoundationModel"] = model;
        assert_eq!(
            enforced(&import(&template), "SupportAgent_model"),
            Some(Value::Bool(true))
        );
        template["Resources"]["EnforcedGuardrail"]["Properties"]["ModelEnforcement"]
            ["ExcludedModels"] = json!(["meta.llama3-70b-instruct-v1:0"]);
        let import = import(&template);
        assert_eq!(
            enforced(&import, "SupportAgent_model"),
            None,
            "the model left out may be this one"
        );
        let notes = super::notes(&import, "EnforcedGuardrail");
        assert!(notes.contains("its model id is not known"), "{notes}");
    }
}

fn plan_with_enforcement(model_enforcement: serde_json::Value) -> serde_json::Value {
    plan_of(&[
        (
            "aws_bedrock_guardrail.baseline",
            "aws_bedrock_guardrail",
            json!({ "name": "baseline", "content_policy_config": [ { "filters_config": [
                { "type": "PROMPT_ATTACK", "input_strength": "HIGH", "output_strength": "NONE" } ] } ] }),
            json!({ "name": { "constant_value": "baseline" } }),
        ),
        (
            "aws_bedrock_enforced_guardrail_configuration.account",
            "aws_bedrock_enforced_guardrail_configuration",
            json!({ "guardrail_identifier": null, "guardrail_version": "1",
                    "model_enforcement": model_enforcement }),
            json!({ "guardrail_identifier": { "references": [
                        "aws_bedrock_guardrail.baseline.guardrail_arn", "aws_bedrock_guardrail.baseline" ] },
                    "guardrail_version": { "constant_value": "1" } }),
        ),
        (
            "aws_bedrockagent_agent.support",
            "aws_bedrockagent_agent",
            json!({ "agent_name": "support", "foundation_model": "anthropic.claude-3-5-sonnet-20240620-v1:0" }),
            json!({ "agent_name": { "constant_value": "support" } }),
        ),
    ])
}

#[test]
fn a_terraform_enforced_guardrail_configuration_marks_the_models_it_covers() {
    let every = import_plan(&plan_with_enforcement(json!([
        { "included_models": ["ALL"], "excluded_models": [] }
    ])))
    .expect("imports");
    assert_eq!(
        enforced(&every, "aws_bedrockagent_agent.support_model"),
        Some(Value::Bool(true))
    );
    assert!(
        !every
            .architecture
            .flows
            .iter()
            .any(|f| f.to.as_str() == "aws_bedrock_guardrail.baseline"),
        "nothing drawn on the path: {:#?}",
        every.architecture.flows
    );
    let notes = super::notes(
        &every,
        "aws_bedrock_enforced_guardrail_configuration.account",
    );
    assert!(
        notes.contains("names aws_bedrock_guardrail.baseline, drawn"),
        "{notes}"
    );
    let absent = import_plan(&plan_with_enforcement(json!([]))).expect("imports");
    assert_eq!(
        enforced(&absent, "aws_bedrockagent_agent.support_model"),
        Some(Value::Bool(true)),
        "without model_enforcement the configuration covers every model"
    );
    let left_out = import_plan(&plan_with_enforcement(json!([
        { "included_models": ["ALL"],
          "excluded_models": ["anthropic.claude-3-5-sonnet-20240620-v1:0"] }
    ])))
    .expect("imports");
    assert_eq!(
        enforced(&left_out, "aws_bedrockagent_agent.support_model"),
        None
    );
}

#[test]
fn an_awscc_enforced_guardrail_configuration_reads_through_the_cloudformation_rule() {
    let plan = plan_of(&[
        (
            "awscc_bedrock_enforced_guardrail_configuration.account",
            "awscc_bedrock_enforced_guardrail_configuration",
            json!({ "guardrail_identifier": "abcdef123456", "guardrail_version": "2",
                    "model_enforcement": { "included_models": ["meta.llama3-70b-instruct-v1:0"],
                                           "excluded_models": [] } }),
            json!({ "guardrail_identifier": { "constant_value": "abcdef123456" } }),
        ),
        (
            "awscc_bedrock_agent.a",
            "awscc_bedrock_agent",
            json!({ "agent_name": "a", "foundation_model": "meta.llama3-70b-instruct-v1:0" }),
            json!({ "agent_name": { "constant_value": "a" } }),
        ),
    ]);
    let import = import_plan(&plan).expect("imports");
    assert_eq!(
        enforced(&import, "awscc_bedrock_agent.a_model"),
        Some(Value::Bool(true))
    );
    let notes = super::notes(
        &import,
        "awscc_bedrock_enforced_guardrail_configuration.account",
    );
    assert!(
        notes.contains("names abcdef123456, not in this source"),
        "{notes}"
    );
}
