//! `lens import`: the output's form by extension, the report on stdout, exit code 2 with the
//! file and the path inside it on stderr.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `lens import TEMPLATE --output OUTPUT` with `extra` arguments.
fn import(template: &Path, output: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lens"))
        .arg("import")
        .arg(template)
        .arg("--output")
        .arg(output)
        .args(extra)
        .output()
        .expect("lens runs")
}

fn example() -> std::path::PathBuf {
    super::fixture("bedrock-agent.json")
}

fn stderr(run: &Output) -> String {
    String::from_utf8_lossy(&run.stderr).into_owned()
}

/// A mapping file in `dir`.
fn mapping(dir: &Path, text: &str) -> String {
    let path = dir.join("own.toml");
    std::fs::write(&path, text).expect("write the mapping");
    path.display().to_string()
}

#[test]
fn import_writes_architecture_json_that_lens_check_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("agent.json");
    let run = import(&example(), &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        report.contains("SupportAgent (AWS::Bedrock::Agent): drawn as"),
        "{report}"
    );
    let check = Command::new(env!("CARGO_BIN_EXE_lens"))
        .arg("check")
        .arg(&out)
        .args(["--fail-on", "never"])
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn import_writes_a_review_file_and_a_json_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("agent.lensboard");
    let run = import(&example(), &out, &["--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let report: serde_json::Value =
        serde_json::from_slice(&run.stdout).expect("the report is JSON");
    assert!(
        report["resources"]
            .as_array()
            .is_some_and(|r| r.len() == 13),
        "one entry per resource of the template"
    );
    let (review, _) = lens::review::load_any(&out).expect("a review file");
    assert!(review
        .architecture
        .component(&"SupportAgent".into())
        .is_some());
}

#[test]
fn an_unreadable_template_exits_2_naming_the_file_and_the_path_inside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = dir.path().join("bad.json");
    std::fs::write(&template, r#"{"Resources": {"Bucket": {"Type": 7}}}"#).expect("write");
    let out = dir.path().join("out.json");
    let run = import(&template, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(
        err.contains("bad.json") && err.contains("Resources.Bucket.Type"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn an_output_of_another_kind_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = import(&example(), &dir.path().join("out.txt"), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains(".lensboard"));
}

#[test]
fn a_users_mapping_is_merged_over_the_built_in_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let own = mapping(
        dir.path(),
        "[[resource]]\ntype = \"AWS::KMS::Key\"\nno_component = \"keys are reviewed elsewhere\"\n",
    );
    let out = dir.path().join("out.json");
    let run = import(&example(), &out, &["--mapping", &own]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(String::from_utf8_lossy(&run.stdout).contains("keys are reviewed elsewhere"));
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(!written.contains("DataKey"), "the key is no longer drawn");
}

#[test]
fn an_invalid_users_mapping_exits_2_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let own = mapping(
        dir.path(),
        "[[resource]]\ntype = \"AWS::KMS::Key\"\nkind = \"vault\"\n",
    );
    let run = import(
        &example(),
        &dir.path().join("out.json"),
        &["--mapping", &own],
    );
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(err.contains("own.toml") && err.contains("vault"), "{err}");
}

#[test]
fn lens_check_reads_a_cloudformation_template_directly() {
    let run = Command::new(env!("CARGO_BIN_EXE_lens"))
        .arg("check")
        .arg(example())
        .args(["--format", "json", "--fail-on", "never"])
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let out: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
    let ids: Vec<&str> = out["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"genai/security/ingestion-without-validation@DocsDataSource"),
        "the findings are those of the imported architecture: {ids:?}"
    );
    for name in ["bedrock-agent.json", "bedrock-agent.yaml"] {
        let (_, source) = lens::review::load_any(&super::fixture(name)).expect("loads");
        assert_eq!(source, lens::review::Source::CloudFormation, "{name}");
    }
}

#[test]
fn lens_check_of_a_broken_template_exits_2_naming_the_path_inside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = dir.path().join("stack.json");
    std::fs::write(
        &template,
        r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Q": []}}"#,
    )
    .expect("write");
    let run = Command::new(env!("CARGO_BIN_EXE_lens"))
        .arg("check")
        .arg(&template)
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(
        err.contains("stack.json") && err.contains("Resources.Q"),
        "{err}"
    );
    let Err(error) = lens::review::load_any(&template) else {
        panic!("a broken template does not load");
    };
    assert_eq!(error.path(), "Resources.Q");
}

#[test]
fn import_and_check_read_a_terraform_plan_by_its_content() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = super::fixture("bedrock-agent.tfplan.json");
    let out = dir.path().join("support.lensboard");
    let run = import(&plan, &out, &["--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("a JSON report");
    assert!(
        report["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .any(|r| r["logical_id"] == "module.kb.aws_bedrockagent_knowledge_base.this"),
        "resources are reported by address"
    );
    let (review, _) = lens::review::load_any(&out).expect("a review file");
    assert!(review
        .architecture
        .component(&lens::model::ComponentId::new(
            "aws_bedrockagent_agent.support"
        ))
        .is_some());
    let (_, source) = lens::review::load_any(&plan).expect("loads");
    assert_eq!(source, lens::review::Source::TerraformPlan);
    let run = Command::new(env!("CARGO_BIN_EXE_lens"))
        .arg("check")
        .arg(&plan)
        .args(["--format", "json", "--fail-on", "never"])
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let out: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
    assert!(
        out["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["id"]
                == "genai/security/ingestion-without-validation@module.kb.aws_bedrockagent_data_source.docs"),
        "the findings are those of the imported plan"
    );
}

#[test]
fn a_plan_of_another_format_version_exits_2_naming_the_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        r#"{"format_version": "2.0", "terraform_version": "2.0.0", "planned_values": {}}"#,
    )
    .expect("write");
    let run = import(&plan, &dir.path().join("out.json"), &[]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(
        err.contains("plan.json") && err.contains("2.0") && err.contains("1.x"),
        "{err}"
    );
    assert!(!dir.path().join("out.json").exists(), "nothing written");
    let run = Command::new(env!("CARGO_BIN_EXE_lens"))
        .arg("check")
        .arg(&plan)
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("is a Terraform plan that could not be imported"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn the_report_lists_the_findings_that_rest_on_what_each_resource_became() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("agent.lensboard");
    let run = import(&example(), &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = String::from_utf8_lossy(&run.stdout);
    let (_, findings) = text
        .split_once("findings on what the import drew:\n")
        .unwrap_or_else(|| panic!("a findings section: {text}"));
    let (review, _) = lens::review::load_any(&out).expect("a review file");
    let evaluated = lens::engine::evaluate(&review.architecture, lens::engine::Pack::builtin());
    let on_agent: Vec<&str> = evaluated
        .iter()
        .filter(|f| f.components.iter().any(|c| c.as_str() == "SupportAgent"))
        .map(|f| f.id.as_str())
        .collect();
    assert!(!on_agent.is_empty(), "the agent has findings");
    let agent_block = findings
        .split("\nSupportAgent:\n")
        .nth(1)
        .or_else(|| findings.strip_prefix("SupportAgent:\n"))
        .unwrap_or_else(|| panic!("a block for the agent: {findings}"));
    for id in on_agent {
        assert!(
            agent_block.contains(&format!("({id})")),
            "{id} in {agent_block}"
        );
    }

    let json = import(
        &example(),
        &dir.path().join("again.lensboard"),
        &["--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let listed = report["findings"].as_array().expect("a findings list");
    assert!(listed.iter().any(|r| r["logical_id"] == "SupportAgent"
        && r["findings"].as_array().is_some_and(|f| !f.is_empty())));
    assert!(
        listed
            .iter()
            .all(|r| r["logical_id"] != "OrdersInvokePermission"),
        "a resource that drew nothing has no findings"
    );
}
