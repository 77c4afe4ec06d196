//! `lens import SOURCE --into REVIEW`: the code's changes come into a review, the reviewer's work
//! stays. The scenario: the Terraform plan of the fixture is imported, a reviewer lays it out,
//! adds the customer, a boundary, a value and decisions; then the code drops the guardrail,
//! turns standby replicas off and adds a queue, and the plan is imported again.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lens::iac::reimport::{merge, FieldValue};
use lens::model::{
    Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Position, Properties, Trust, Value,
};
use lens::review::{Decision, DecisionStatus, Review};
use serde_json::json;

const AGENT: &str = "aws_bedrockagent_agent.support";
const GUARDRAIL: &str = "aws_bedrock_guardrail.support";
const MODEL: &str = "aws_bedrockagent_agent.support_model";
const TABLE: &str = "aws_dynamodb_table.orders";
const VECTORS: &str = "aws_opensearchserverless_collection.vectors";
const REMOVED_FINDING: &str =
    "genai/cost_optimization/guardrail-filters-whole-prompt@aws_bedrock_guardrail.support";
const KEPT_FINDING: &str = "genai/reliability/agent-without-timeout@aws_bedrockagent_agent.support";

fn lens(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lens"))
        .args(args)
        .output()
        .expect("lens runs")
}

fn import_into(plan: &Path, review: &Path, format: &str) -> Output {
    lens(&[
        "import".as_ref(),
        plan.as_os_str(),
        "--into".as_ref(),
        review.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
    ])
}

fn plan() -> serde_json::Value {
    let text =
        std::fs::read_to_string(super::fixture("bedrock-agent.tfplan.json")).expect("fixture");
    serde_json::from_str(&text).expect("JSON")
}

/// The plan after the code changed: no guardrail, standby replicas off, a new queue.
fn changed_plan() -> serde_json::Value {
    let mut plan = plan();
    let gone = [
        "aws_bedrock_guardrail.support",
        "aws_bedrock_guardrail_version.support",
    ];
    let keep = |list: &mut serde_json::Value| {
        if let Some(items) = list.as_array_mut() {
            items.retain(|r| !gone.contains(&r["address"].as_str().unwrap_or("")));
        }
    };
    keep(&mut plan["planned_values"]["root_module"]["resources"]);
    keep(&mut plan["resource_changes"]);
    keep(&mut plan["configuration"]["root_module"]["resources"]);
    for list in [
        "/planned_values/root_module/resources",
        "/configuration/root_module/resources",
    ] {
        let items = plan
            .pointer_mut(list)
            .and_then(|l| l.as_array_mut())
            .expect("resources");
        for r in items.iter_mut() {
            match r["address"].as_str() {
                Some(AGENT) => {
                    if let Some(o) = r["values"].as_object_mut() {
                        o.insert("guardrail_configuration".into(), json!([]));
                    }
                    if let Some(o) = r["expressions"].as_object_mut() {
                        o.remove("guardrail_configuration");
                    }
                }
                Some(VECTORS) => {
                    if let Some(o) = r["values"].as_object_mut() {
                        o.insert("standby_replicas".into(), json!("DISABLED"));
                    }
                    if let Some(o) = r["expressions"].as_object_mut() {
                        o.insert(
                            "standby_replicas".into(),
                            json!({ "constant_value": "DISABLED" }),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    let queue = json!({ "address": "aws_sqs_queue.escalations", "mode": "managed", "type": "aws_sqs_queue",
        "name": "escalations", "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
        "values": { "name": "support-escalations", "redrive_policy": null }, "sensitive_values": {} });
    plan["planned_values"]["root_module"]["resources"]
        .as_array_mut()
        .expect("resources")
        .push(queue);
    plan["configuration"]["root_module"]["resources"]
        .as_array_mut()
        .expect("resources")
        .push(json!({ "address": "aws_sqs_queue.escalations", "mode": "managed", "type": "aws_sqs_queue",
            "name": "escalations", "expressions": { "name": { "constant_value": "support-escalations" } } }));
    plan
}

fn write_json(dir: &Path, name: &str, value: &serde_json::Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).expect("write");
    path
}

fn decision(finding: &str) -> Decision {
    Decision {
        finding: finding.into(),
        status: DecisionStatus::Accepted,
        justification: "Reviewed with the team".into(),
        owner: "Security team".into(),
        date: "2026-12-01".into(),
        ticket: None,
    }
}

/// A review imported from the plan and then worked on by a reviewer.
fn worked_on_review(dir: &Path) -> PathBuf {
    let plan = write_json(dir, "plan.json", &plan());
    let review_path = dir.join("support.lensboard");
    let run = lens(&[
        "import".as_ref(),
        plan.as_os_str(),
        "--output".as_ref(),
        review_path.as_os_str(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut review = lens::store::open(&review_path).expect("opens");
    assert!(
        review.last_import.is_some(),
        "a new review records its import"
    );
    let mut data = review.architecture.to_data();
    for (i, c) in data.components.iter_mut().enumerate() {
        c.position = Some(Position {
            x: 100.0 * i as f64,
            y: 50.0,
        });
    }
    data.boundaries.push(Boundary {
        id: BoundaryId::new("account"),
        label: "Production account".into(),
        trust: Trust::Private,
        parent: None,
        position: None,
        size: None,
    });
    for c in data.components.iter_mut() {
        if c.id.as_str() == AGENT {
            c.boundary = Some(BoundaryId::new("account"));
        }
        if c.id.as_str() == TABLE {
            c.properties.insert("backups".into(), Value::Bool(false));
        }
    }
    data.components.push(Component {
        id: ComponentId::new("customer"),
        kind: "user".into(),
        preset: None,
        label: "Customer".into(),
        boundary: None,
        properties: Properties::new(),
        position: Some(Position { x: -200.0, y: 0.0 }),
    });
    data.flows.push(Flow {
        id: FlowId::new("customer-agent"),
        from: ComponentId::new("customer"),
        to: ComponentId::new(AGENT),
        properties: Properties::new(),
    });
    review.architecture = lens::Architecture::from_data_checked(data).expect("valid");
    review.decide(decision(REMOVED_FINDING)).expect("valid");
    review.decide(decision(KEPT_FINDING)).expect("valid");
    lens::store::save(&review, &review_path).expect("saves");
    review_path
}

fn component<'a>(review: &'a Review, id: &str) -> Option<&'a Component> {
    review.architecture.component(&ComponentId::new(id))
}

fn has_flow(review: &Review, from: &str, to: &str) -> bool {
    review
        .architecture
        .to_data()
        .flows
        .iter()
        .any(|f| f.from.as_str() == from && f.to.as_str() == to)
}

#[test]
fn importing_the_changed_code_again_brings_its_changes_and_keeps_the_reviewers_work() {
    let dir = tempfile::tempdir().expect("temp dir");
    let review_path = worked_on_review(dir.path());
    let before = lens::store::open(&review_path).expect("opens");
    let changed = write_json(dir.path(), "plan.json", &changed_plan());
    let run = import_into(&changed, &review_path, "text");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report = String::from_utf8_lossy(&run.stdout).into_owned();
    let merge_part = report
        .split_once("re-import into ")
        .map(|(_, m)| m.split_once('\n').map_or("", |(_, rest)| rest))
        .expect("the merge report follows the import report");
    let (merge_part, findings) = merge_part
        .split_once("findings on what the import drew:\n")
        .expect("the findings on what the import drew follow the merge report");
    insta::assert_snapshot!("reimport_report", merge_part);
    assert!(
        findings.contains("aws_sqs_queue.escalations:\n")
            && !findings.contains(&format!("({KEPT_FINDING})")),
        "the new queue's findings are listed, a decided finding is not: {findings}"
    );

    let after = lens::store::open(&review_path).expect("opens");
    // The code's changes.
    assert!(
        component(&after, "aws_sqs_queue.escalations").is_some(),
        "added"
    );
    assert!(
        component(&after, GUARDRAIL).is_none(),
        "removed with the code"
    );
    assert!(!has_flow(&after, AGENT, GUARDRAIL));
    assert!(
        has_flow(&after, AGENT, MODEL),
        "the agent calls its model directly now"
    );
    assert_eq!(
        component(&after, VECTORS).and_then(|c| c.properties.get("replicated")),
        Some(&Value::Bool(false)),
        "a value nobody changed by hand follows the code"
    );
    // The reviewer's work.
    for c in before.architecture.components() {
        if let Some(now) = component(&after, c.id.as_str()) {
            assert_eq!(now.position, c.position, "{} keeps its position", c.id);
        }
    }
    assert_eq!(
        component(&after, AGENT).and_then(|c| c.boundary.clone()),
        Some(BoundaryId::new("account")),
        "the boundary the reviewer drew stays, with what is in it"
    );
    assert!(
        component(&after, "customer").is_some(),
        "hand-added component kept"
    );
    assert!(has_flow(&after, "customer", AGENT), "hand-drawn flow kept");
    assert_eq!(
        component(&after, TABLE).and_then(|c| c.properties.get("backups")),
        Some(&Value::Bool(false)),
        "the reviewer's value wins over the code's"
    );
    assert!(after.decisions.contains_key(KEPT_FINDING), "decisions stay");
    assert!(
        after.decisions.contains_key(REMOVED_FINDING),
        "the removed guardrail's decision stays, orphaned"
    );
    let findings = lens::engine::evaluate(&after.architecture, lens::engine::Pack::builtin());
    let triage = lens::review::triage(&findings, &after.decisions);
    assert!(
        triage.orphaned.iter().any(|d| d.finding == REMOVED_FINDING),
        "the app and lens check list it as orphaned"
    );
    assert!(
        !triage.orphaned.iter().any(|d| d.finding == KEPT_FINDING),
        "the agent's finding still exists"
    );
    // Importing the same code again changes nothing the reviewer has not kept.
    let run = import_into(&changed, &review_path, "json");
    assert_eq!(run.status.code(), Some(0));
    let out: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
    let merge = &out["merge"];
    for list in [
        "added",
        "updated",
        "removed",
        "flows_added",
        "flows_removed",
    ] {
        assert_eq!(
            merge[list],
            json!([]),
            "{list} after a second identical import"
        );
    }
    assert_eq!(merge["kept_by_user"][0]["field"], "backups");
}

#[test]
fn a_failed_re_import_leaves_the_review_file_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let review_path = worked_on_review(dir.path());
    let bytes = std::fs::read(&review_path).expect("read");
    let mut bad = plan();
    bad["format_version"] = json!("3.1");
    let bad = write_json(dir.path(), "bad.json", &bad);
    let run = import_into(&bad, &review_path, "text");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("3.1"));
    assert_eq!(
        std::fs::read(&review_path).expect("read"),
        bytes,
        "untouched"
    );
    let not_a_review = write_json(dir.path(), "arch.json", &json!({ "name": "x" }));
    let before = std::fs::read(&not_a_review).expect("read");
    let run = import_into(
        &write_json(dir.path(), "plan.json", &plan()),
        &not_a_review,
        "text",
    );
    assert_eq!(run.status.code(), Some(2), "--into takes a review file");
    assert_eq!(std::fs::read(&not_a_review).expect("read"), before);
}

#[test]
fn without_a_recorded_import_values_that_differ_from_the_code_are_the_persons() {
    let code = lens::samples::support_assistant();
    let mut current = code.clone();
    let first = current.components[0].id.clone();
    current.components[0].label = "Renamed by hand".into();
    let (merged, report) = merge(&current, None, &code);
    let label = merged
        .components
        .iter()
        .find(|c| c.id == first)
        .map(|c| c.label.clone());
    assert_eq!(label.as_deref(), Some("Renamed by hand"));
    assert!(report
        .kept_by_user
        .iter()
        .any(|k| k.field == "label" && k.user == Some(FieldValue::Text("Renamed by hand".into()))));
    assert!(
        report.removed.is_empty(),
        "nothing is removed without a recorded import"
    );
}

#[test]
fn a_component_deleted_by_hand_is_not_drawn_again() {
    let code = lens::samples::support_assistant();
    let mut current = code.clone();
    let gone = current.components.remove(0).id;
    current.flows.retain(|f| f.from != gone && f.to != gone);
    let (merged, report) = merge(&current, Some(&code), &code);
    assert!(!merged.components.iter().any(|c| c.id == gone));
    assert!(report
        .kept_by_user
        .iter()
        .any(|k| k.component == gone.as_str() && k.field == "component"));
    assert!(report.added.is_empty() && report.flows_added.is_empty());
}

/// The code of a review with a function in a VPC added: the component and its boundary.
fn with_function_in_a_vpc(mut code: lens::ArchitectureData) -> lens::ArchitectureData {
    code.boundaries.push(Boundary {
        id: BoundaryId::new("vpc_AppVpc"),
        label: "AppVpc".into(),
        trust: Trust::Private,
        parent: None,
        position: None,
        size: None,
    });
    code.components.push(Component {
        id: ComponentId::new("Worker"),
        kind: "service".into(),
        preset: None,
        label: "Worker".into(),
        boundary: Some(BoundaryId::new("vpc_AppVpc")),
        properties: Properties::new(),
        position: None,
    });
    code
}

#[test]
fn a_new_component_comes_in_with_its_boundary_unless_a_person_deleted_that_boundary() {
    let before = lens::samples::support_assistant();
    let code = with_function_in_a_vpc(before.clone());
    let (merged, _) = merge(&before, Some(&before), &code);
    let worker = merged
        .components
        .iter()
        .find(|c| c.id.as_str() == "Worker")
        .expect("added");
    assert_eq!(worker.boundary, Some(BoundaryId::new("vpc_AppVpc")));
    assert!(merged
        .boundaries
        .iter()
        .any(|b| b.id.as_str() == "vpc_AppVpc"));
    lens::Architecture::from_data_checked(merged).expect("the merged review is valid");

    // The previous import drew the boundary (and the component, which was deleted with it).
    let mut previous = with_function_in_a_vpc(before.clone());
    previous.components.retain(|c| c.id.as_str() != "Worker");
    let (merged, _) = merge(&before, Some(&previous), &code);
    assert!(
        !merged
            .boundaries
            .iter()
            .any(|b| b.id.as_str() == "vpc_AppVpc"),
        "a boundary a person deleted is not drawn again"
    );
    let worker = merged
        .components
        .iter()
        .find(|c| c.id.as_str() == "Worker")
        .expect("added");
    assert_eq!(worker.boundary, None);
    lens::Architecture::from_data_checked(merged).expect("the merged review is valid");
}
