//! Milestones (saved in the review file, round trip) and `lens diff` between milestones, files and
//! the present state, in the library and through the CLI (the JSON shape of `docs/FORMAT.md`,
//! exit codes).

use std::path::{Path, PathBuf};
use std::process::Command;

use lens::cli::diff::{compare, Args};
use lens::cli::Format;
use lens::diff::diff;
use lens::engine::Pack;
use lens::model::{Component, ComponentId, Flow, FlowId, Position};
use lens::review::{json, load_any, Decision, DecisionStatus, Review};
use lens::{store, Architecture};

const BYPASS: &str = "genai/security/untrusted-input-reaches-model@llm";

fn support_bot() -> Review {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/engine_fixtures/support-bot.json");
    load_any(&path).expect("the fixture loads").0
}

/// The support bot with a guardrail in front of the model (the agent's only way to it), the
/// agent relabelled, and the chat UI moved (a move is not a change).
fn with_guardrail(before: &Architecture) -> Architecture {
    let mut data = before.to_data();
    data.flows.retain(|f| f.id.as_str() != "f4");
    data.components.push(Component {
        id: ComponentId("guard_llm".into()),
        kind: "guardrail".into(),
        preset: None,
        label: "Model guardrail".into(),
        boundary: None,
        properties: Default::default(),
        position: None,
    });
    for (id, from, to) in [
        ("f_agent_guard", "agent", "guard_llm"),
        ("f_guard_llm", "guard_llm", "llm"),
    ] {
        data.flows.push(Flow {
            id: FlowId(id.into()),
            from: ComponentId(from.into()),
            to: ComponentId(to.into()),
            properties: Default::default(),
        });
    }
    for c in &mut data.components {
        match c.id.as_str() {
            "agent" => c.label = "Support agent v2".into(),
            "chat" => c.position = Some(Position { x: 500.0, y: 40.0 }),
            _ => {}
        }
    }
    Architecture::from_data_checked(data).expect("the edited architecture is valid")
}

/// A review file with milestone "m1" (the support bot) whose present state has the guardrail.
fn file_with_milestone(dir: &Path) -> PathBuf {
    let mut review = support_bot();
    review
        .decide(Decision {
            finding: BYPASS.into(),
            status: DecisionStatus::Accepted,
            justification: "Until the guardrail ships".into(),
            owner: "Ana".into(),
            date: "2026-11-20".into(),
            ticket: None,
        })
        .unwrap();
    review.add_milestone("m1", 1_767_225_600).unwrap();
    review.architecture = with_guardrail(&review.architecture);
    let path = dir.join("a.lensboard");
    store::save(&review, &path).unwrap();
    path
}

#[test]
fn a_milestone_survives_save_and_open_with_its_architecture_and_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with_milestone(dir.path());
    let opened = store::open(&path).unwrap();
    assert_eq!(opened.milestones.len(), 1);
    let m1 = opened.find_milestone("m1").unwrap();
    assert_eq!(m1.created_at, 1_767_225_600);
    assert_eq!(
        m1.snapshot.architecture.to_data(),
        support_bot().architecture.to_data(),
        "the snapshot is the architecture of that moment"
    );
    assert!(m1.snapshot.decisions.contains_key(BYPASS));
    assert!(opened
        .architecture
        .component(&ComponentId("guard_llm".into()))
        .is_some());
    let names = opened.milestone_infos();
    assert_eq!(
        names[0].date,
        lens::review::decisions::local_date_of(1_767_225_600),
        "the local date of the moment it was taken"
    );
}

#[test]
fn milestone_names_are_unique_and_not_blank() {
    let mut review = support_bot();
    review.add_milestone("Design review", 1).unwrap();
    assert_eq!(
        review.add_milestone("Design review", 2).unwrap_err().code(),
        lens::ErrorCode::MilestoneExists
    );
    assert_eq!(
        review.add_milestone("  ", 2).unwrap_err().code(),
        lens::ErrorCode::EmptyMilestoneName
    );
    let e = review.find_milestone("Launch").unwrap_err();
    assert_eq!(e.code(), lens::ErrorCode::UnknownMilestone);
    assert!(e.to_string().contains("\"Design review\""), "{e}");
}

#[test]
fn the_review_json_form_round_trips_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let review = store::open(&file_with_milestone(dir.path())).unwrap();
    let text = json::export_review(&review, Pack::builtin());
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "format",
            "version",
            "name",
            "boundaries",
            "components",
            "flows",
            "findings",
            "decisions",
            "answers",
            "decision_history",
            "milestones"
        ]
    );
    assert_eq!(v["format"], "lensboard/review");
    assert_eq!(v["milestones"][0]["name"], "m1");
    let again = json::import_review(&text).expect("the export imports");
    assert_eq!(json::export_review(&again, Pack::builtin()), text);

    // load_any reads the review JSON form by its content.
    let path = dir.path().join("review.json");
    std::fs::write(&path, &text).unwrap();
    let (loaded, source) = load_any(&path).unwrap();
    assert_eq!(source, lens::review::Source::ReviewJson);
    assert_eq!(loaded.decisions, review.decisions);
}

#[test]
fn adding_a_guardrail_resolves_the_untrusted_input_finding_in_the_diff() {
    let before = support_bot().architecture;
    let after = with_guardrail(&before);
    let d = diff(&before, &after, Pack::builtin());
    assert_eq!(d.components.added, ["guard_llm"]);
    assert!(d.components.removed.is_empty());
    assert_eq!(
        d.components.changed.len(),
        1,
        "the move of chat is not a change"
    );
    assert_eq!(d.components.changed[0].id, "agent");
    assert_eq!(d.components.changed[0].fields, ["label"]);
    assert_eq!(d.flows.added, ["f_agent_guard", "f_guard_llm"]);
    assert_eq!(d.flows.removed, ["f4"]);
    assert!(
        d.findings.resolved.iter().any(|f| f.id == BYPASS),
        "the model is now behind a guardrail on every path: {:?}",
        d.findings
    );
    assert!(!d.findings.unchanged.iter().any(|f| f.id == BYPASS));
    assert!(
        diff(&before, &before, Pack::builtin())
            .findings
            .new
            .is_empty(),
        "a state compared with itself has no new findings"
    );
}

fn run_diff(a: &str, b: &str, format: Format) -> (u8, String, String) {
    let args = Args {
        a: a.into(),
        b: b.into(),
        format,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = compare(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn lens_diff_of_a_milestone_and_now_prints_the_documented_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with_milestone(dir.path());
    let file = path.to_str().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_lens"))
        .args(["diff", &format!("{file}#m1"), file, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&v), ["components", "flows", "findings"]);
    assert_eq!(keys(&v["components"]), ["added", "removed", "changed"]);
    assert_eq!(keys(&v["flows"]), ["added", "removed", "changed"]);
    assert_eq!(keys(&v["findings"]), ["new", "resolved", "unchanged"]);
    assert_eq!(v["components"]["added"], serde_json::json!(["guard_llm"]));
    assert_eq!(v["components"]["changed"], serde_json::json!(["agent"]));
    assert_eq!(v["flows"]["removed"], serde_json::json!(["f4"]));
    let resolved = v["findings"]["resolved"].as_array().unwrap();
    let bypass = resolved.iter().find(|f| f["id"] == BYPASS).unwrap();
    assert_eq!(keys(bypass), ["id", "rule", "components"]);
    assert_eq!(bypass["components"][0], "llm");

    let (code, text, _) = run_diff(&format!("{file}#m1"), file, Format::Text);
    assert_eq!(code, 0);
    assert!(text.contains("+ component guard_llm"), "{text}");
    assert!(text.contains("~ component agent (label)"), "{text}");
    assert!(
        text.contains(&format!("- finding {BYPASS} (resolved)")),
        "{text}"
    );
}

#[test]
fn an_unknown_milestone_or_unreadable_file_exits_2_naming_the_milestones() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with_milestone(dir.path());
    let file = path.to_str().unwrap();
    let (code, out, err) = run_diff(&format!("{file}#launch"), file, Format::Json);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("\"launch\"") && err.contains("\"m1\""),
        "{err}"
    );
    let missing = dir.path().join("missing.lensboard");
    let (code, _, err) = run_diff(missing.to_str().unwrap(), file, Format::Json);
    assert_eq!(code, 2);
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn a_milestone_whose_snapshot_is_not_a_review_is_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with_milestone(dir.path());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE milestones SET snapshot = '{\"format\": \"lensboard/architecture\"}'",
            [],
        )
        .unwrap();
    }
    let e = store::open(&path).unwrap_err();
    assert_eq!(e.code(), lens::ErrorCode::CorruptFile);
    assert!(e.to_string().contains("milestones row \"m1\""), "{e}");
}
