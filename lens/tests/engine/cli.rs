//! `lens check` and `lens rules` as `docs/FORMAT.md` specifies them: output formats, exit codes,
//! custom packs, and SARIF validated against the SARIF 2.1.0 schema.

use std::path::{Path, PathBuf};
use std::process::Command;

use lens::cli::check::{check, Args, FailOn, Format};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/engine_fixtures/support-bot.json")
}

fn broken_pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/packs/broken")
}

/// Runs the check in-process: (exit code, stdout, stderr).
fn run(format: Format, fail_on: FailOn, packs: Vec<PathBuf>) -> (u8, String, String) {
    let args = Args {
        file: fixture(),
        format,
        fail_on,
        packs,
        ignore_unstated: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = check(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).expect("utf-8"),
        String::from_utf8(err).expect("utf-8"),
    )
}

fn json(format: Format) -> serde_json::Value {
    let (_, out, _) = run(format, FailOn::Never, Vec::new());
    serde_json::from_str(&out).expect("the output is JSON")
}

#[test]
fn text_report_of_the_support_bot() {
    let (code, out, err) = run(Format::Text, FailOn::High, Vec::new());
    assert_eq!(code, 1, "there are high findings");
    assert!(err.is_empty(), "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn json_output_has_exactly_the_documented_shape() {
    let v = json(Format::Json);
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["findings", "summary"]);
    let findings = v["findings"].as_array().expect("findings");
    let mut with_questions = 0;
    for f in findings {
        let keys: Vec<&str> = f
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        // `unanswered` is there only when some property is left to answer.
        let questions = keys.contains(&"unanswered");
        with_questions += usize::from(questions);
        let mut expected = vec![
            "id",
            "rule",
            "best_practices",
            "pillar",
            "dimensions",
            "risk",
            "basis",
            "components",
            "flows",
            "path",
        ];
        expected.extend(questions.then_some("unanswered"));
        expected.extend(["message", "remediation", "status"]);
        assert_eq!(keys, expected, "{}", f["id"]);
        assert!(["structure", "stated", "unstated"].contains(&f["basis"].as_str().unwrap_or("")));
    }
    assert!(
        with_questions > 0,
        "the support bot leaves properties unanswered"
    );
    assert_eq!(findings[0]["status"], "open");
    let guard = v["findings"]
        .as_array()
        .expect("array")
        .iter()
        .find(|f| f["id"] == "genai/security/untrusted-input-reaches-model@llm")
        .expect("the bypass around the guardrail is found");
    assert_eq!(
        guard["path"],
        serde_json::json!(["user", "chat", "agent", "llm"])
    );
    assert_eq!(guard["flows"], serde_json::json!(["f1", "f6", "f4"]));
    let count = |risk: &str| {
        v["findings"]
            .as_array()
            .expect("array")
            .iter()
            .filter(|f| f["risk"] == risk)
            .count()
    };
    assert_eq!(
        v["summary"],
        serde_json::json!({ "high": count("high"), "medium": count("medium"), "low": count("low") })
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    assert_eq!(run(Format::Json, FailOn::High, Vec::new()).0, 1);
    assert_eq!(run(Format::Json, FailOn::Never, Vec::new()).0, 0);
    let empty = std::env::temp_dir().join(format!("lens-engine-empty-{}.json", std::process::id()));
    std::fs::write(&empty, r#"{ "format": "lensboard/architecture", "version": 1, "name": "Empty", "boundaries": [], "components": [], "flows": [] }"#).expect("write");
    let args = Args {
        file: empty.clone(),
        format: Format::Text,
        fail_on: FailOn::Low,
        packs: Vec::new(),
        ignore_unstated: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(
        check(&args, &mut out, &mut err),
        0,
        "no findings, nothing to fail on"
    );
    assert_eq!(String::from_utf8_lossy(&out), "No findings.\n");
    std::fs::remove_file(empty).ok();
}

#[test]
fn a_broken_custom_pack_exits_2_but_the_built_in_findings_are_still_reported() {
    let (code, out, err) = run(Format::Json, FailOn::Never, vec![broken_pack()]);
    assert_eq!(code, 2);
    assert!(err.contains("rules.toml: rule \"acme/security/robots-need-leashes\", field `applies_to.components.kind[0]`"), "{err}");
    assert!(
        err.contains("field `requires.property.equal`: unknown field `equal`"),
        "{err}"
    );
    let (_, alone, _) = run(Format::Json, FailOn::Never, Vec::new());
    assert_eq!(
        out, alone,
        "the built-in findings are printed as without the broken pack"
    );
}

#[test]
fn an_unreadable_input_exits_2_with_a_message() {
    let args = Args {
        file: PathBuf::from("/nonexistent/arch.json"),
        format: Format::Text,
        fail_on: FailOn::High,
        packs: Vec::new(),
        ignore_unstated: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(check(&args, &mut out, &mut err), 2);
    assert!(out.is_empty());
    assert!(String::from_utf8_lossy(&err).starts_with("lens: "));
}

#[test]
fn the_binary_follows_the_exit_code_contract() {
    let lens = env!("CARGO_BIN_EXE_lens");
    let status = |args: &[&str]| {
        Command::new(lens)
            .args(args)
            .output()
            .expect("lens runs")
            .status
            .code()
    };
    let file = fixture();
    let file = file.to_str().expect("utf-8 path");
    assert_eq!(status(&["check", file]), Some(1));
    assert_eq!(
        status(&["check", file, "--fail-on", "never", "--format", "sarif"]),
        Some(0)
    );
    let pack = broken_pack();
    assert_eq!(
        status(&["check", file, "--pack", pack.to_str().expect("utf-8")]),
        Some(2)
    );
    assert_eq!(status(&["rules", "--format", "json"]), Some(0));
}

/// The SARIF 2.1.0 schema shipped under tests/sarif, compiled.
fn sarif_validator() -> jsonschema::Validator {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/sarif/sarif-2.1.0-rtm.5.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("the schema is shipped"))
            .expect("schema JSON");
    // The rtm.5 schema's `language` patterns have a stray `]` that the meta-schema rejects as a
    // regex (fixed in the final OASIS text as below); our logs have no `language` at all.
    let schema: serde_json::Value = serde_json::from_str(&schema.to_string().replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    ))
    .expect("schema JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn schema_problems(validator: &jsonschema::Validator, log: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let validator = sarif_validator();
    let log = json(Format::Sarif);
    let problems = schema_problems(&validator, &log);
    assert!(problems.is_empty(), "{problems:#?}");
    // And the validator does reject a broken log, so the check above means something.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_results_name_the_subject_and_carry_the_finding_id() {
    let log = json(Format::Sarif);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.iter().any(
        |r| r["id"] == "genai/security/untrusted-input-reaches-model"
            && r["properties"]["pillar"] == "security"
            && r["helpUri"]
                .as_str()
                .is_some_and(|u| u.ends_with("gensec04-bp02.html"))
    ));
    // A rule's help is its fix said of no drawing in particular: no placeholder is left.
    for rule in rules {
        let help = rule["help"]["text"].as_str().expect("help text");
        assert!(
            !help.is_empty() && !help.contains('{'),
            "{}: {help}",
            rule["id"]
        );
    }
    let results = run["results"].as_array().expect("results");
    let llm = results
        .iter()
        .find(|r| {
            r["partialFingerprints"]["lensFindingId/v1"]
                == "genai/security/untrusted-input-reaches-model@llm"
        })
        .expect("the finding is a result");
    assert_eq!(llm["level"], "error");
    assert_eq!(
        llm["locations"][0]["logicalLocations"][0],
        serde_json::json!({ "name": "Claude on Bedrock", "fullyQualifiedName": "llm", "kind": "component" })
    );
    let flow = results
        .iter()
        .find(|r| {
            r["partialFingerprints"]["lensFindingId/v1"]
                == "genai/security/unprotected-flow-into-trusted-zone@flow:f6"
        })
        .expect("the flow finding is a result");
    assert_eq!(flow["locations"][0]["logicalLocations"][0]["kind"], "flow");
    let medium = results
        .iter()
        .find(|r| r["ruleId"] == "genai/reliability/no-prompt-catalog")
        .expect("medium");
    assert_eq!(medium["level"], "warning");
}

/// The ids of a JSON array of dimension ids, for comparing with a rule's.
fn dimension_ids(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("dimensions are a list: {list}"))
        .iter()
        .map(|d| d.as_str().expect("a dimension id").to_owned())
        .collect()
}

/// The dimensions of a built-in rule, as ids.
fn rule_dimensions(rule: &str) -> Vec<String> {
    lens::engine::Pack::builtin()
        .rule(rule)
        .unwrap_or_else(|| panic!("the built-in pack has {rule}"))
        .dimensions
        .iter()
        .map(|d| d.id().to_owned())
        .collect()
}

#[test]
fn check_json_carries_each_findings_responsible_ai_dimensions() {
    let v = json(Format::Json);
    let findings = v["findings"].as_array().expect("findings");
    for f in findings {
        let rule = f["rule"].as_str().expect("rule id");
        assert_eq!(
            dimension_ids(&f["dimensions"]),
            rule_dimensions(rule),
            "{}: a finding has its rule's dimensions",
            f["id"]
        );
    }
    let guard = findings
        .iter()
        .find(|f| f["id"] == "genai/security/untrusted-input-reaches-model@llm")
        .expect("the bypass around the guardrail is found");
    assert_eq!(
        guard["dimensions"],
        serde_json::json!(["privacy_security", "safety", "veracity_robustness"])
    );
    assert!(
        findings
            .iter()
            .any(|f| f["dimensions"] == serde_json::json!([])),
        "a finding whose practice concerns no dimension says so with an empty list"
    );
}

#[test]
fn sarif_rules_and_results_carry_the_dimensions_as_properties_and_tags() {
    let log = json(Format::Sarif);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for rule in rules {
        let id = rule["id"].as_str().expect("rule id");
        let dimensions = rule_dimensions(id);
        assert_eq!(
            dimension_ids(&rule["properties"]["dimensions"]),
            dimensions,
            "{id}"
        );
        let mut tags = vec![rule["properties"]["pillar"]
            .as_str()
            .expect("pillar")
            .to_owned()];
        tags.extend(dimensions.iter().map(|d| format!("responsible-ai/{d}")));
        assert_eq!(rule["properties"]["tags"], serde_json::json!(tags), "{id}");
    }
    let results = run["results"].as_array().expect("results");
    let guard = results
        .iter()
        .find(|r| {
            r["partialFingerprints"]["lensFindingId/v1"]
                == "genai/security/untrusted-input-reaches-model@llm"
        })
        .expect("the finding is a result");
    assert_eq!(
        guard["properties"]["dimensions"],
        serde_json::json!(["privacy_security", "safety", "veracity_robustness"])
    );
    assert_eq!(
        guard["properties"]["tags"],
        serde_json::json!([
            "security",
            "responsible-ai/privacy_security",
            "responsible-ai/safety",
            "responsible-ai/veracity_robustness"
        ])
    );
}

#[test]
fn rules_text_and_json_name_the_dimensions_of_rules_and_checklist_questions() {
    let pack = lens::engine::Pack::builtin();
    let v: serde_json::Value =
        serde_json::from_str(&lens::cli::rules::render_json(pack)).expect("JSON");
    let rule = v["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "genai/operational_excellence/agent-without-tracing")
        .expect("the tracing rule is listed");
    assert_eq!(
        rule["dimensions"],
        serde_json::json!(["explainability", "controllability"])
    );
    assert!(v["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .all(|c| c["dimensions"].is_array()));
    let text = lens::cli::rules::render_text(pack);
    assert!(
        text.contains(
            "             genai/operational_excellence/agent-without-tracing\n             dimensions: explainability, controllability\n"
        ),
        "the text names a rule's dimensions under its id"
    );
    assert!(
        text.contains(
            "[GENOPS03-BP02]\n             dimensions: explainability, controllability\n"
        ),
        "and a checklist question's under it"
    );
}

#[test]
fn rules_json_lists_rules_checklist_and_coverage_of_every_best_practice() {
    let v: serde_json::Value =
        serde_json::from_str(&lens::cli::rules::render_json(lens::engine::Pack::builtin()))
            .expect("JSON");
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["rules", "checklist", "coverage"]);
    assert!(v["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .all(|r| r["id"].is_string()
            && r["best_practices"].is_array()
            && r["pillar"].is_string()
            && r["risk"].is_string()));
    assert!(v["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .all(|c| c["best_practice"].is_string()));
    let per_bp = v["coverage"]["best_practices"]
        .as_object()
        .expect("per best practice");
    assert_eq!(per_bp.len(), 51);
    assert_eq!(per_bp["GENSEC04-BP02"], "automated");
    for (bp, coverage) in per_bp {
        let named = |list: &str, field: &str| {
            v[list].as_array().expect("list").iter().any(|x| {
                x[field] == *bp.as_str()
                    || x[field]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|b| b == bp.as_str()))
            })
        };
        // A rule covers the practice it is about, its first.
        let primary = v["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .any(|r| r["best_practices"][0] == *bp.as_str());
        let expected = if primary {
            "automated"
        } else if named("checklist", "best_practice") {
            "checklist"
        } else {
            "uncovered"
        };
        assert_eq!(coverage, expected, "{bp}");
    }
    let pillars = v["coverage"]["pillars"].as_object().expect("per pillar");
    let total: u64 = pillars
        .values()
        .map(|p| {
            p["automated"].as_u64().unwrap_or(0)
                + p["checklist"].as_u64().unwrap_or(0)
                + p["uncovered"].as_u64().unwrap_or(0)
        })
        .sum();
    assert_eq!(total, 51);
}

#[test]
fn decided_findings_are_accepted_suppressions_in_sarif_and_open_ones_are_not() {
    use lens::review::{load_any, Decision, DecisionStatus};
    const BYPASS: &str = "genai/security/untrusted-input-reaches-model@llm";
    let mut review = load_any(&fixture()).expect("the fixture loads").0;
    review
        .decide(Decision {
            finding: BYPASS.into(),
            status: DecisionStatus::Accepted,
            justification: "Launch exception LX-7".into(),
            owner: "Security team".into(),
            date: "2026-11-25".into(),
            ticket: Some("https://jira.example.com/browse/SEC-1".into()),
        })
        .expect("a valid decision");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("decided.lensboard");
    lens::store::save(&review, &path).expect("saved");
    let args = Args {
        file: path,
        format: Format::Sarif,
        fail_on: FailOn::Never,
        packs: Vec::new(),
        ignore_unstated: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(check(&args, &mut out, &mut err), 0);
    let log: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    let problems = schema_problems(&sarif_validator(), &log);
    assert!(problems.is_empty(), "{problems:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let decided = results
        .iter()
        .find(|r| r["partialFingerprints"]["lensFindingId/v1"] == BYPASS)
        .expect("the decided finding is still a result");
    assert_eq!(
        decided["suppressions"],
        serde_json::json!([{
            "kind": "external",
            "status": "accepted",
            "justification": "Launch exception LX-7",
            "properties": {
                "decision": "accepted",
                "owner": "Security team",
                "date": "2026-11-25",
                "ticket": "https://jira.example.com/browse/SEC-1",
            },
        }])
    );
    assert_eq!(decided["properties"]["status"], "accepted");
    let open: Vec<_> = results
        .iter()
        .filter(|r| r["partialFingerprints"]["lensFindingId/v1"] != BYPASS)
        .collect();
    assert!(!open.is_empty());
    for r in open {
        assert!(r.get("suppressions").is_none(), "{r:#}");
        assert_eq!(r["properties"]["status"], "open");
    }
}

#[test]
fn findings_that_rest_only_on_unset_properties_fail_the_check_unless_ignored() {
    // A code interpreter nobody has described: `sandboxed` is unset, so the high finding about
    // it is a question to answer.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("interpreter.json");
    std::fs::write(
        &file,
        r#"{"format":"lensboard/architecture","version":1,"name":"One interpreter","boundaries":[],
        "components":[{"id":"py","kind":"code_interpreter","label":"Python","boundary":null,"properties":{}}],
        "flows":[]}"#,
    )
    .expect("written");
    let run = |ignore_unstated: bool, sandboxed: Option<bool>| {
        if let Some(value) = sandboxed {
            let text = std::fs::read_to_string(&file).expect("readable");
            let set = text.replace(
                r#""properties":{}"#,
                &format!(r#""properties":{{"sandboxed":{value}}}"#),
            );
            std::fs::write(&file, set).expect("written");
        }
        let args = Args {
            file: file.clone(),
            format: Format::Json,
            fail_on: FailOn::High,
            packs: Vec::new(),
            ignore_unstated,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = check(&args, &mut out, &mut err);
        let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        (code, v["findings"][0]["basis"].as_str().map(str::to_owned))
    };
    assert_eq!(
        run(false, None),
        (1, Some("unstated".into())),
        "counted by default"
    );
    assert_eq!(
        run(true, None),
        (0, Some("unstated".into())),
        "left out when asked"
    );
    // Said outright: the same finding now rests on what was stated, and always counts.
    assert_eq!(run(true, Some(false)), (1, Some("stated".into())));
}
