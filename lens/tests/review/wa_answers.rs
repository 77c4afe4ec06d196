//! `lens export --to wa-answers` and `--to wa-answers-script`: a review's answers to the exported
//! custom lens. The selections are checked on the ungoverned reference architecture as a
//! reviewer would read them (an open finding leaves its practice unselected, a mitigated one
//! frees it, an accepted one does not; `no`, `yes` and `not_applicable` checklist answers), on
//! every template, and the script is run with a fake `aws` that records its arguments, for a
//! review whose labels and justifications try to break out of the shell's quotes.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::cli::{arg, lens};
use lens::engine::{evaluate, Pack};
use lens::model::{Architecture, ComponentId};
use lens::review::{load_any, Answer, AnswerValue, Decision, DecisionStatus, Review};
use lens::review::{triage, FindingStatus};
use lens::templates::templates;
use lens::wa_lens::answers::{
    answers, ChoiceStatus, QuestionAnswer, Reason, CHOICE_NOTES_MAX, NOTES_MAX,
};

fn reference_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/reference/agentic-rag-ungoverned.json")
}

fn reference() -> Review {
    load_any(&reference_path())
        .expect("the reference architecture loads")
        .0
}

fn question<'a>(all: &'a [QuestionAnswer], id: &str) -> &'a QuestionAnswer {
    all.iter()
        .find(|a| a.question_id == id)
        .unwrap_or_else(|| panic!("no answer for {id}"))
}

fn selected(review: &Review, id: &str) -> Vec<String> {
    question(&answers(review, Pack::builtin()).answers, id)
        .selected_choices
        .clone()
}

fn decision(finding: &str, status: DecisionStatus, justification: &str) -> Decision {
    Decision {
        finding: finding.to_owned(),
        status,
        justification: justification.to_owned(),
        owner: "Platform team".to_owned(),
        date: "2026-12-01".to_owned(),
        ticket: Some("https://tickets.example.com/SEC-7".to_owned()),
    }
}

fn answer(review: &mut Review, item: &str, value: AnswerValue, note: &str) {
    review
        .answer(
            Pack::builtin(),
            Answer {
                item: item.to_owned(),
                answer: value,
                note: note.to_owned(),
            },
        )
        .expect("a checklist item of the built-in pack");
}

const NO_EVALUATION: &str = "genai/operational_excellence/no-evaluation@large_llm";
const NO_FEEDBACK: &str = "genai/operational_excellence/no-user-feedback@web";

#[test]
fn a_practice_with_an_open_high_finding_is_selected_once_the_finding_is_mitigated() {
    let mut review = reference();
    assert_eq!(
        selected(&review, "GENOPS01"),
        Vec::<String>::new(),
        "both practices of GENOPS01 have an open high finding on the ungoverned reference"
    );
    review
        .decide(decision(NO_EVALUATION, DecisionStatus::Mitigated, ""))
        .unwrap();
    assert_eq!(
        selected(&review, "GENOPS01"),
        ["GENOPS01_BP01"],
        "a mitigated finding no longer contradicts its practice, which a rule checks"
    );
    review
        .decide(decision(
            NO_FEEDBACK,
            DecisionStatus::FalsePositive,
            "Feedback is in the CRM",
        ))
        .unwrap();
    assert_eq!(
        selected(&review, "GENOPS01"),
        ["GENOPS01_BP01", "GENOPS01_BP02"]
    );
}

#[test]
fn an_accepted_finding_leaves_its_practice_unselected_and_the_notes_say_who_accepted_it() {
    let mut review = reference();
    review
        .decide(decision(
            NO_EVALUATION,
            DecisionStatus::Accepted,
            "Pilot only",
        ))
        .unwrap();
    let all = answers(&review, Pack::builtin()).answers;
    let ops01 = question(&all, "GENOPS01");
    assert!(
        ops01.selected_choices.is_empty(),
        "the accepted risk stays a risk"
    );
    assert_eq!(
        ops01.notes,
        "GENOPS01_BP01: accepted: Model output is never evaluated — Claude Sonnet on Bedrock; \
         owner: Platform team; ticket: https://tickets.example.com/SEC-7; Pilot only\n\
         GENOPS01_BP02: open (high): Users cannot give feedback on answers — Support web app"
    );
}

#[test]
fn a_secondary_best_practice_of_an_open_finding_is_not_selected_either() {
    let review = reference();
    // `model-invocations-not-logged` cites GENSEC03-BP01 first and GENOPS02-BP02 second.
    let findings = evaluate(&review.architecture, Pack::builtin());
    assert!(findings.iter().any(|f| f.rule.as_ref()
        == "genai/security/model-invocations-not-logged"
        && f.best_practices[1] == "GENOPS02-BP02"));
    assert!(!selected(&review, "GENOPS02").contains(&"GENOPS02_BP02".to_owned()));
}

#[test]
fn a_not_applicable_decision_makes_the_choice_not_applicable_with_its_justification() {
    let mut review = reference();
    review
        .decide(decision(
            "genai/operational_excellence/observability-without-alarms@observability",
            DecisionStatus::NotApplicable,
            "Batch workload, nobody is paged",
        ))
        .unwrap();
    let all = answers(&review, Pack::builtin()).answers;
    let ops02 = question(&all, "GENOPS02");
    let update = &ops02.choice_updates["GENOPS02_BP01"];
    assert_eq!(update.status, ChoiceStatus::NotApplicable);
    assert_eq!(update.reason, Reason::OutOfScope);
    assert_eq!(update.notes, "Batch workload, nobody is paged");
    assert!(!ops02.selected_choices.contains(&"GENOPS02_BP01".to_owned()));
    assert!(
        ops02.is_applicable,
        "the question's other practices still apply"
    );
}

#[test]
fn checklist_answers_select_contradict_or_rule_out_practices() {
    let mut review = reference();
    assert_eq!(
        selected(&review, "GENOPS03"),
        ["GENOPS03_BP02"],
        "tracing is checked by a rule and has no finding on the reference"
    );
    answer(
        &mut review,
        "genai/checklist/end-to-end-tracing",
        AnswerValue::No,
        "",
    );
    assert_eq!(
        selected(&review, "GENOPS03"),
        Vec::<String>::new(),
        "a `no` is the team saying the practice is missing, whatever the drawing shows"
    );

    assert_eq!(selected(&review, "GENOPS04"), ["GENOPS04_BP02"]);
    answer(
        &mut review,
        "genai/checklist/infrastructure-as-code",
        AnswerValue::No,
        "",
    );
    answer(
        &mut review,
        "genai/checklist/genaiops-pipeline",
        AnswerValue::No,
        "next quarter",
    );
    let all = answers(&review, Pack::builtin()).answers;
    let ops04 = question(&all, "GENOPS04");
    assert_eq!(
        ops04.selected_choices,
        ["GENOPS04_no"],
        "every practice of the question answered no: None of these"
    );
    assert!(ops04.notes.ends_with("(next quarter)"), "{}", ops04.notes);

    answer(
        &mut review,
        "genai/checklist/when-to-customize",
        AnswerValue::NotApplicable,
        "No customization",
    );
    let all = answers(&review, Pack::builtin()).answers;
    let ops05 = question(&all, "GENOPS05");
    assert!(ops05.selected_choices.is_empty());
    assert!(!ops05.is_applicable, "its only practice does not apply");
    assert_eq!(ops05.reason, Some(Reason::OutOfScope));
    assert_eq!(
        ops05.choice_updates["GENOPS05_BP01"].notes, "No customization",
        "the answer's note says why"
    );
}

#[test]
fn a_yes_answer_selects_a_practice_no_rule_checks() {
    let pack = Pack::builtin();
    let unchecked = pack.checklist().iter().find(|item| {
        !pack
            .rules()
            .iter()
            .any(|r| r.best_practices.contains(&item.best_practice))
    });
    let item = unchecked.expect("the built-in pack covers some practices by its checklist only");
    let mut review = reference();
    let choice = item.best_practice.replace('-', "_");
    let question_id = item.best_practice.split('-').next().unwrap().to_owned();
    assert!(!selected(&review, &question_id).contains(&choice));
    answer(&mut review, &item.id, AnswerValue::Yes, "");
    assert!(selected(&review, &question_id).contains(&choice));
}

#[test]
fn every_template_gets_an_answer_per_question_with_nothing_selected_that_a_finding_contradicts() {
    for t in templates() {
        let review = Review::new(t.architecture().expect("templates import"));
        let all = answers(&review, Pack::builtin()).answers;
        assert_eq!(all.len(), lens::practices::questions().len(), "{}", t.id);
        let open = triage(
            &evaluate(&review.architecture, Pack::builtin()),
            &review.decisions,
        );
        for f in open
            .findings
            .iter()
            .filter(|f| f.status == FindingStatus::Open)
        {
            for bp in f.finding.best_practices.iter() {
                let q = bp.split('-').next().unwrap();
                assert!(
                    !question(&all, q)
                        .selected_choices
                        .contains(&bp.replace('-', "_")),
                    "{}: {bp} is selected despite the open finding {}",
                    t.id,
                    f.finding.id
                );
            }
        }
        for a in &all {
            assert!(
                a.notes.chars().count() <= NOTES_MAX,
                "{} {}",
                t.id,
                a.question_id
            );
        }
    }
}

#[test]
fn the_code_review_template_claims_only_the_practices_its_drawing_shows() {
    let t = templates()
        .iter()
        .find(|t| t.id == "automated-code-review")
        .expect("the template exists");
    let review = Review::new(t.architecture().unwrap());
    let all = answers(&review, Pack::builtin()).answers;
    // Its three deliberate gaps: uncapped responses, a writing tool without approval, a prompt
    // catalog without access control.
    assert_eq!(
        question(&all, "GENCOST03").selected_choices,
        ["GENCOST03_BP01", "GENCOST03_BP03", "GENCOST03_BP04"]
    );
    assert!(question(&all, "GENSEC05").selected_choices.is_empty());
    assert_eq!(
        question(&all, "GENSEC04").selected_choices,
        ["GENSEC04_BP02"]
    );
    insta::assert_debug_snapshot!(all
        .iter()
        .map(|a| format!("{}: {}", a.question_id, a.selected_choices.join(" ")))
        .collect::<Vec<_>>());
}

#[test]
fn long_notes_are_cut_to_the_wa_tools_limits() {
    let mut review = reference();
    let long = "x".repeat(3000);
    review
        .decide(decision(
            "genai/operational_excellence/observability-without-alarms@observability",
            DecisionStatus::NotApplicable,
            &long,
        ))
        .unwrap();
    review
        .decide(decision(NO_EVALUATION, DecisionStatus::Accepted, &long))
        .unwrap();
    let all = answers(&review, Pack::builtin()).answers;
    let note = &question(&all, "GENOPS02").choice_updates["GENOPS02_BP01"].notes;
    assert_eq!(note.chars().count(), CHOICE_NOTES_MAX);
    assert!(note.ends_with('…'));
    let notes = &question(&all, "GENOPS01").notes;
    assert_eq!(notes.chars().count(), NOTES_MAX);
    assert!(notes.ends_with('…'));
}

#[test]
fn the_json_export_of_the_reference_is_one_update_answer_body_per_question() {
    let out = lens(&["export", arg(&reference_path()), "--to", "wa-answers"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(text);
}

/// A label, owner and justification that would run commands or end the quotes if the script
/// quoted them carelessly.
const HOSTILE: &str =
    "O'Brien's \"bot\" $(touch pwned) `touch pwned2` ${HOME} \\ '\n'; touch pwned3 #";

fn hostile_review() -> Review {
    let mut review = reference();
    let mut data = review.architecture.to_data();
    let llm = data
        .components
        .iter_mut()
        .find(|c| c.id == ComponentId::new("large_llm"))
        .expect("the reference has large_llm");
    llm.label = format!("LLM {HOSTILE}");
    review.architecture = Architecture::from_data(data).unwrap();
    let mut d = decision(NO_EVALUATION, DecisionStatus::Mitigated, HOSTILE);
    d.owner = format!("owner {HOSTILE}");
    review.decide(d).unwrap();
    review
}

/// A fake `aws` that appends its arguments, each ended by a NUL byte, and a line of its own
/// after each call, to `$AWS_LOG`.
fn fake_aws(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    fs::create_dir(&bin).unwrap();
    let aws = bin.join("aws");
    fs::write(
        &aws,
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\000' \"$a\" >> \"$AWS_LOG\"; done\nprintf 'END\\000' >> \"$AWS_LOG\"\n",
    )
    .unwrap();
    fs::set_permissions(&aws, fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

fn run_script(dir: &Path, script: &Path, args: &[&str]) -> (Output, Vec<Vec<String>>) {
    let bin = fake_aws(dir);
    let log = dir.join("aws.log");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg(script)
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("AWS_LOG", &log)
        .output()
        .expect("sh runs");
    let recorded = fs::read_to_string(&log).unwrap_or_default();
    let mut pieces: Vec<&str> = recorded.split('\0').collect();
    pieces.pop(); // what follows the last NUL: nothing
    let mut calls = Vec::new();
    let mut call = Vec::new();
    for piece in pieces {
        if piece == "END" {
            calls.push(std::mem::take(&mut call));
        } else {
            call.push(piece.to_owned());
        }
    }
    (out, calls)
}

#[test]
fn the_script_passes_every_label_and_justification_to_aws_verbatim_and_runs_nothing_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let review_file = dir.path().join("review.lensboard");
    let review = hostile_review();
    lens::store::save(&review, &review_file).unwrap();
    let script = dir.path().join("answers.sh");
    let out = lens(&[
        "export",
        arg(&review_file),
        "--to",
        "wa-answers-script",
        "--output",
        arg(&script),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let lens_arn = "arn:aws:wellarchitected:eu-west-1:123456789012:lens/abc";
    let (out, calls) = run_script(dir.path(), &script, &["wl-1", lens_arn]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in ["pwned", "pwned2", "pwned3"] {
        assert!(
            !dir.path().join(name).exists(),
            "the script ran `touch {name}`"
        );
    }
    let expected = answers(&review, Pack::builtin()).answers;
    assert_eq!(calls.len(), expected.len(), "one call per question");

    let ops01 = calls
        .iter()
        .find(|c| c.get(7).map(String::as_str) == Some("GENOPS01"))
        .expect("a call for GENOPS01");
    let notes = format!(
        "GENOPS01_BP01: mitigated: Model output is never evaluated — LLM {HOSTILE}; owner: owner \
         {HOSTILE}; ticket: https://tickets.example.com/SEC-7; {}\n\
         GENOPS01_BP02: open (high): Users cannot give feedback on answers — Support web app",
        HOSTILE.trim()
    );
    assert_eq!(
        ops01,
        &[
            "wellarchitected",
            "update-answer",
            "--workload-id",
            "wl-1",
            "--lens-alias",
            lens_arn,
            "--question-id",
            "GENOPS01",
            "--selected-choices",
            "[\"GENOPS01_BP01\"]",
            "--notes",
            notes.as_str(),
            "--is-applicable",
        ]
    );
    for (call, answer) in calls.iter().zip(&expected) {
        assert_eq!(call[7], answer.question_id);
        let notes_at = call.iter().position(|a| a == "--notes").unwrap() + 1;
        assert_eq!(call[notes_at], answer.notes, "{}", answer.question_id);
    }
}

#[test]
fn the_script_without_its_two_arguments_prints_its_usage_and_calls_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("answers.sh");
    let out = lens(&[
        "export",
        arg(&reference_path()),
        "--to",
        "wa-answers-script",
        "--output",
        arg(&script),
    ]);
    assert!(out.status.success());
    let (out, calls) = run_script(dir.path(), &script, &["wl-1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
    assert!(calls.is_empty());
}

#[test]
fn answers_are_not_written_when_a_pack_does_not_load() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    fs::create_dir(&pack).unwrap();
    fs::write(pack.join("bad.toml"), "[[rule]]\nid = 3\n").unwrap();
    let output = dir.path().join("answers.sh");
    let out = lens(&[
        "export",
        arg(&reference_path()),
        "--to",
        "wa-answers-script",
        "--pack",
        arg(&pack),
        "--output",
        arg(&output),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !output.exists(),
        "answers without the team's rules would select practices its rules question"
    );
}

#[test]
fn a_custom_packs_open_finding_unselects_the_practice_it_cites() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    fs::create_dir(&pack).unwrap();
    fs::write(
        pack.join("team.toml"),
        r#"[[rule]]
id = "team/operational_excellence/traces-without-alarms"
best_practices = ["GENOPS03-BP02"]
pillar = "operational_excellence"
title = "Traces nobody is alerted on"
message = "{label} raises no alarm on its traces."
why = "A trace nobody looks at explains nothing."
fix = "Add alarms to {label}."
applies_to = { components = { kind = ["observability"] } }
requires = { property = { property = "alarms", equals = true } }
"#,
    )
    .unwrap();
    let ops03 = |extra: &[&str]| -> serde_json::Value {
        let path = reference_path();
        let mut args = vec!["export", arg(&path), "--to", "wa-answers"];
        args.extend_from_slice(extra);
        let out = lens(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        all["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["QuestionId"] == "GENOPS03")
            .cloned()
            .unwrap()
    };
    assert_eq!(
        ops03(&[])["SelectedChoices"],
        serde_json::json!(["GENOPS03_BP02"])
    );
    let with_pack = ops03(&["--pack", arg(&pack)]);
    assert_eq!(
        with_pack["SelectedChoices"],
        serde_json::json!([]),
        "the team's rule finds tracing wanting on the reference's observability"
    );
    let notes = with_pack["Notes"].as_str().unwrap();
    assert!(
        notes.contains("GENOPS03_BP02: open (")
            && notes.contains("Traces nobody is alerted on — CloudWatch and X-Ray"),
        "{notes}"
    );
}
