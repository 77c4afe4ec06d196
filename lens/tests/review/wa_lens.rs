//! `lens export --to wa-lens`: the pack as an AWS Well-Architected Tool custom lens. The exported
//! built-in lens is snapshotted (it is the file people upload), read back with the reader, and a
//! custom pack that breaks a limit of the WA Tool gets an error naming the element, with nothing
//! written. The validator's limits are tested one by one on copies of the built-in lens.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::cli::{arg, lens};
use lens::engine::Pack;
use lens::practices;
use lens::wa_lens::{self, limits, Lens, LimitError, RiskLevel};

/// A review to export from: the lens depends on the pack, not on the architecture.
fn architecture(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("arch.json");
    fs::write(
        &path,
        lens::json::export_data(&lens::samples::support_assistant()),
    )
    .unwrap();
    path
}

/// `lens export ARCH --to wa-lens` and `extra`, on an architecture written into `dir`.
fn export_wa_lens(dir: &Path, extra: &[&str]) -> Output {
    let input = architecture(dir);
    let mut args = vec!["export", arg(&input), "--to", "wa-lens"];
    args.extend_from_slice(extra);
    lens(&args)
}

fn builtin() -> Lens {
    wa_lens::from_pack(Pack::builtin())
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_exported_built_in_lens_is_the_file_people_upload() {
    let dir = tempfile::tempdir().unwrap();
    let out = export_wa_lens(dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).expect("the lens is UTF-8");
    assert_eq!(
        wa_lens::read(&text).expect("our own export reads back"),
        builtin(),
        "stdout is the built-in pack's lens"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn the_lens_has_every_question_and_best_practice_of_the_generative_ai_lens() {
    let lens = builtin();
    assert_eq!(
        lens.pillars
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        [
            "operationalExcellence",
            "security",
            "reliability",
            "performance",
            "costOptimization",
            "sustainability"
        ],
        "the framework's pillar ids put the questions into the framework's pillars"
    );
    let questions: Vec<_> = lens.pillars.iter().flat_map(|p| &p.questions).collect();
    assert_eq!(questions.len(), practices::questions().len());
    for bp in practices::all() {
        let q = questions
            .iter()
            .find(|q| q.id == bp.question_id)
            .unwrap_or_else(|| panic!("{} has its question", bp.question_id));
        let choice_id = bp.id.replace('-', "_");
        let choice = q
            .choices
            .iter()
            .find(|c| c.id == choice_id)
            .unwrap_or_else(|| panic!("{} is a choice of {}", bp.id, q.id));
        assert_eq!(choice.title, bp.title);
        let help = choice
            .helpful_resource
            .as_ref()
            .expect("a helpful resource");
        assert_eq!(help.url.as_deref(), Some(bp.url.as_str()));
        let plan = choice
            .improvement_plan
            .as_ref()
            .expect("an improvement plan");
        let plan_text = plan.display_text.as_deref().unwrap_or_default();
        assert!(!plan_text.is_empty(), "{} has an improvement plan", bp.id);
        assert!(
            !plan_text.contains(['{', '}']),
            "placeholders are rendered generically in {}: {plan_text}",
            bp.id
        );
    }
    for q in &questions {
        let last = q.choices.last().expect("questions have choices");
        assert_eq!(last.id, format!("{}_no", q.id), "None of these comes last");
        assert!(last.improvement_plan.is_none());
        assert!(q
            .helpful_resource
            .as_ref()
            .and_then(|r| r.url.as_deref())
            .is_some_and(|u| u.ends_with(&format!("{}.html", q.id.to_lowercase()))));
    }
}

#[test]
fn a_fix_of_a_rule_becomes_the_improvement_plan_of_its_best_practice() {
    let lens = builtin();
    let choice = lens
        .pillars
        .iter()
        .flat_map(|p| &p.questions)
        .flat_map(|q| &q.choices)
        .find(|c| c.id == "GENSUS01_BP01")
        .expect("GENSUS01-BP01 is exported");
    let plan = choice.improvement_plan.as_ref().unwrap();
    assert!(
        plan.display_text.as_deref().unwrap_or_default().contains(
            "Service neither scales nor runs serverless: Run the component serverless or give it auto scaling"
        ),
        "the rule's title and its fix with {{label}} named generically: {plan:?}"
    );
}

#[test]
fn questions_are_high_risk_until_their_high_risk_practices_are_selected() {
    let lens = builtin();
    let question = |id: &str| {
        lens.pillars
            .iter()
            .flat_map(|p| &p.questions)
            .find(|q| q.id == id)
            .unwrap_or_else(|| panic!("{id} is exported"))
    };
    let rules = |id: &str| -> Vec<(String, RiskLevel)> {
        question(id)
            .risk_rules
            .iter()
            .map(|r| (r.condition.clone(), r.risk))
            .collect()
    };
    // GENSEC04: BP01 medium, BP02 high.
    assert_eq!(
        rules("GENSEC04"),
        [
            (
                "GENSEC04_BP01 && GENSEC04_BP02".to_owned(),
                RiskLevel::NoRisk
            ),
            ("GENSEC04_BP02".to_owned(), RiskLevel::MediumRisk),
            ("default".to_owned(), RiskLevel::HighRisk),
        ]
    );
    // Sustainability's practices are all medium: at worst a medium risk.
    assert_eq!(
        rules("GENSUS01"),
        [
            (
                "GENSUS01_BP01 && GENSUS01_BP02".to_owned(),
                RiskLevel::NoRisk
            ),
            ("default".to_owned(), RiskLevel::MediumRisk),
        ]
    );
}

/// A question's id and title, and its choices' ids and titles.
type QuestionShape = (String, String, Vec<(String, String)>);

#[test]
fn the_exported_lens_reads_back_with_the_same_questions_and_choices() {
    let exported = builtin();
    let text = wa_lens::to_json(&exported).expect("the built-in lens is within the limits");
    let read = wa_lens::read(&text).expect("the export reads back");
    let shape = |lens: &Lens| -> Vec<QuestionShape> {
        lens.pillars
            .iter()
            .flat_map(|p| &p.questions)
            .map(|q| {
                let choices = q
                    .choices
                    .iter()
                    .map(|c| (c.id.clone(), c.title.clone()))
                    .collect();
                (q.id.clone(), q.title.clone(), choices)
            })
            .collect()
    };
    assert_eq!(shape(&read), shape(&exported));
    assert_eq!(read, exported, "and everything else too");
}

/// A directory holding one custom rule file for GENSEC02-BP01 whose fix is `fix`.
fn custom_pack(dir: &Path, fix: &str) -> std::path::PathBuf {
    let pack = dir.join("pack");
    fs::create_dir(&pack).unwrap();
    fs::write(
        pack.join("team.toml"),
        format!(
            r#"[[rule]]
id = "team/security/guardrail-owner"
best_practices = ["GENSEC02-BP01"]
pillar = "security"
title = "Guardrail without a named owner"
message = "{{label}} has no owner."
why = "Someone must answer for the guardrail's policy."
fix = "{fix}"
applies_to = {{ components = {{ kind = ["guardrail"] }} }}
requires = {{ property = {{ property = "input_filtering", equals = true }} }}
"#
        ),
    )
    .unwrap();
    pack
}

#[test]
fn a_custom_pack_adds_its_fixes_to_the_improvement_plans() {
    let dir = tempfile::tempdir().unwrap();
    let pack = custom_pack(dir.path(), "Name an owner for {label} in the runbook.");
    let output = dir.path().join("lens.json");
    let out = export_wa_lens(
        dir.path(),
        &["--pack", arg(&pack), "--output", arg(&output)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let read = wa_lens::read(&fs::read_to_string(&output).unwrap()).unwrap();
    let ids = |lens: &Lens| -> Vec<String> {
        let questions = lens.pillars.iter().flat_map(|p| &p.questions);
        questions
            .flat_map(|q| std::iter::once(&q.id).chain(q.choices.iter().map(|c| &c.id)))
            .cloned()
            .collect()
    };
    assert_eq!(
        ids(&read),
        ids(&builtin()),
        "a pack changes texts, never the ids answers are kept under"
    );
    let plan = read
        .pillars
        .iter()
        .flat_map(|p| &p.questions)
        .flat_map(|q| &q.choices)
        .find(|c| c.id == "GENSEC02_BP01")
        .and_then(|c| c.improvement_plan.as_ref())
        .and_then(|p| p.display_text.clone())
        .unwrap();
    assert!(
        plan.ends_with(
            "Guardrail without a named owner: Name an owner for the component in the runbook."
        ),
        "{plan}"
    );
}

#[test]
fn a_custom_pack_whose_fix_breaks_a_limit_gets_a_clear_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let pack = custom_pack(dir.path(), &"Do the thing. ".repeat(215));
    let output = dir.path().join("lens.json");
    let out = export_wa_lens(
        dir.path(),
        &["--pack", arg(&pack), "--output", arg(&output)],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("question GENSEC02, choice GENSEC02_BP01: `improvementPlan.displayText` is")
            && err.contains("the WA Tool allows at most 2048"),
        "the message names the choice, the field and the limit: {err}"
    );
    assert!(
        !output.exists(),
        "a lens the WA Tool would refuse is not written"
    );
}

#[test]
fn a_pack_that_does_not_load_stops_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    fs::create_dir(&pack).unwrap();
    fs::write(pack.join("bad.toml"), "[[rule]]\nid = 3\n").unwrap();
    let out = export_wa_lens(dir.path(), &["--pack", arg(&pack)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no lens without the team's rules");
    assert!(stderr(&out).contains("was not loaded"), "{}", stderr(&out));
}

#[test]
fn pack_is_refused_for_other_targets() {
    let dir = tempfile::tempdir().unwrap();
    let out = lens(&[
        "export",
        arg(&architecture(dir.path())),
        "--to",
        "json",
        "--pack",
        arg(dir.path()),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(
        "--pack is for --to wa-lens, wa-answers, wa-answers-script, threat-dragon and otm only"
    ));
}

/// The problems of a copy of the built-in lens changed by `change`.
fn problems(change: impl FnOnce(&mut Lens)) -> Vec<LimitError> {
    let mut lens = builtin();
    change(&mut lens);
    wa_lens::validate(&lens).map_or_else(|e| e.0, |()| Vec::new())
}

#[test]
fn the_built_in_lens_is_within_every_limit() {
    assert_eq!(problems(|_| {}), []);
}

/// A change to a lens that breaks one limit.
type Change = Box<dyn FnOnce(&mut Lens)>;

#[test]
fn every_limit_of_the_format_is_checked_and_names_the_element() {
    let long = |n: usize| "x".repeat(n);
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "schema version",
            Box::new(|l| l.schema_version = "2020-01-01".into()),
            "schemaVersion is \"2020-01-01\"",
        ),
        (
            "lens name",
            Box::new(move |l| l.name = long(129)),
            "the lens: `name` is 129 characters long; the WA Tool allows at most 128",
        ),
        (
            "lens description",
            Box::new(move |l| l.description = long(2049)),
            "the lens: `description` is 2049 characters long",
        ),
        (
            "pillars",
            Box::new(|l| {
                for i in 0..5 {
                    let mut p = l.pillars[0].clone();
                    p.id = format!("custom{i}");
                    p.questions.clear();
                    l.pillars.push(p);
                }
            }),
            "the lens: has 11 pillars; the WA Tool allows at most 10",
        ),
        (
            "pillar id characters",
            Box::new(|l| l.pillars[0].id = "operational-excellence".into()),
            "pillar operational-excellence: the id \"operational-excellence\" has characters other than",
        ),
        (
            "pillar id length",
            Box::new(|l| l.pillars[0].id = "op".into()),
            "the id \"op\" is too short",
        ),
        (
            "pillar id unique",
            Box::new(|l| l.pillars[1].id = "reliability".into()),
            "pillar reliability: the id \"reliability\" is used twice among the pillars",
        ),
        (
            "questions per pillar",
            Box::new(|l| {
                let q = l.pillars[1].questions[0].clone();
                for i in 0..15 {
                    let mut q = q.clone();
                    q.id = format!("EXTRA{i:02}");
                    l.pillars[1].questions.push(q);
                }
            }),
            "pillar security: has 21 questions; the WA Tool allows at most 20",
        ),
        (
            "question id unique in the lens",
            Box::new(|l| l.pillars[2].questions[0].id = "GENSEC01".into()),
            "question GENSEC01: the id \"GENSEC01\" is used twice among the questions of the lens",
        ),
        (
            "question title",
            Box::new(move |l| l.pillars[0].questions[0].title = long(129)),
            "question GENOPS01: `title` is 129 characters long",
        ),
        (
            "question title empty",
            Box::new(|l| l.pillars[0].questions[0].title = " ".into()),
            "question GENOPS01: `title` must not be empty",
        ),
        (
            "choices per question",
            Box::new(|l| {
                let q = &mut l.pillars[0].questions[0];
                let c = q.choices[0].clone();
                for i in 0..13 {
                    let mut c = c.clone();
                    c.id = format!("GENOPS01_X{i:02}");
                    q.choices.push(c);
                }
            }),
            "question GENOPS01: has 16 choices; the WA Tool allows at most 15",
        ),
        (
            "choice id characters",
            Box::new(|l| l.pillars[1].questions[0].choices[0].id = "GENSEC01-BP01".into()),
            "question GENSEC01, choice GENSEC01-BP01: the id \"GENSEC01-BP01\" has characters",
        ),
        (
            "choice id unique in the question",
            Box::new(|l| l.pillars[1].questions[0].choices[1].id = "GENSEC01_BP01".into()),
            "is used twice among the choices of the question",
        ),
        (
            "choice title",
            Box::new(move |l| l.pillars[1].questions[0].choices[0].title = long(200)),
            "question GENSEC01, choice GENSEC01_BP01: `title` is 200 characters long",
        ),
        (
            "improvement plan required",
            Box::new(|l| l.pillars[1].questions[0].choices[0].improvement_plan = None),
            "question GENSEC01, choice GENSEC01_BP01: has no improvementPlan",
        ),
        (
            "helpful resource url scheme",
            Box::new(|l| {
                l.pillars[1].questions[0].choices[0]
                    .helpful_resource
                    .as_mut()
                    .unwrap()
                    .url = Some("ftp://example.test".into())
            }),
            "`helpfulResource.url` \"ftp://example.test\" must start with http:// or https://",
        ),
        (
            "helpful resource text with a url",
            Box::new(|l| {
                l.pillars[1].questions[0]
                    .helpful_resource
                    .as_mut()
                    .unwrap()
                    .display_text = None
            }),
            "question GENSEC01: `helpfulResource` has a url but no displayText",
        ),
        (
            "additional resources per type",
            Box::new(|l| {
                let content = (0..6)
                    .map(|i| wa_lens::Resource {
                        display_text: Some(format!("more {i}")),
                        url: Some("https://example.test".into()),
                    })
                    .collect();
                l.pillars[1].questions[0].choices[0].additional_resources =
                    vec![wa_lens::AdditionalResources {
                        kind: wa_lens::ResourceKind::HelpfulResource,
                        content,
                    }];
            }),
            "has 6 additional helpful resources; the WA Tool allows at most 5",
        ),
        (
            "risk rules per question",
            Box::new(|l| {
                let q = &mut l.pillars[1].questions[3];
                let extra = q.risk_rules[0].clone();
                q.risk_rules.insert(0, extra);
            }),
            "question GENSEC04: has 4 risk rules; the WA Tool allows at most 3",
        ),
        (
            "one rule per risk level",
            Box::new(|l| l.pillars[1].questions[3].risk_rules[1].risk = RiskLevel::NoRisk),
            "question GENSEC04: two risk rules set NO_RISK",
        ),
        (
            "a default rule",
            Box::new(|l| {
                l.pillars[1].questions[0].risk_rules.pop();
            }),
            "question GENSEC01: has no `default` risk rule",
        ),
        (
            "conditions over the question's choices",
            Box::new(|l| l.pillars[1].questions[0].risk_rules[0].condition = "GENSEC02_BP01".into()),
            "names \"GENSEC02_BP01\", which is not a choice of the question",
        ),
    ];
    for (name, change, expected) in cases {
        let found = problems(change);
        assert!(
            found.iter().any(|e| e.to_string().contains(expected)),
            "{name}: expected a problem containing {expected:?}, found {found:#?}"
        );
    }
}

#[test]
fn a_lens_over_500_kb_is_refused() {
    assert!(limits::check_size(limits::MAX_FILE_BYTES).is_ok());
    let e = limits::check_size(limits::MAX_FILE_BYTES + 1).unwrap_err();
    assert!(e.to_string().contains("500001 bytes"), "{e}");
    let mut lens = builtin();
    // Many long, legal descriptions: within every per-field limit, too large as a file.
    for p in &mut lens.pillars {
        for q in &mut p.questions {
            for c in &mut q.choices {
                c.additional_resources = vec![wa_lens::AdditionalResources {
                    kind: wa_lens::ResourceKind::ImprovementPlan,
                    content: vec![
                        wa_lens::Resource {
                            display_text: Some("y".repeat(2048)),
                            url: None,
                        };
                        5
                    ],
                }];
            }
        }
    }
    let e = wa_lens::to_json(&lens).unwrap_err();
    assert!(matches!(e.0[..], [LimitError::FileTooLarge { .. }]), "{e}");
}

#[test]
fn a_lens_from_another_tool_reads_with_its_extra_keys() {
    // Trimmed from a published custom lens: `number` keys the format does not have.
    let text = r#"{
      "schemaVersion": "2021-11-01",
      "name": "API Gateway and Lambda Lens",
      "description": "Serverless APIs.",
      "pillars": [{
        "id": "SEC", "name": "Security", "number": 0,
        "questions": [{
          "id": "SEC1", "title": "How do you authorize callers?", "description": "Callers.",
          "number": 0,
          "choices": [
            { "id": "SEC1_1", "title": "Use an authorizer", "number": 0,
              "improvementPlan": { "displayText": "Add an authorizer." } },
            { "id": "SEC1_no", "title": "None of these",
              "helpfulResource": { "displayText": "Choose this if none apply." } }
          ],
          "riskRules": [
            { "condition": "SEC1_1", "risk": "NO_RISK" },
            { "condition": "default", "risk": "HIGH_RISK" }
          ]
        }]
      }]
    }"#;
    let lens = wa_lens::read(text).expect("extra keys are ignored");
    assert_eq!(lens.pillars[0].questions[0].choices.len(), 2);
}

#[test]
fn reading_a_lens_that_breaks_a_limit_names_the_element() {
    let mut lens = builtin();
    lens.pillars[0].questions[0].choices[0].id = "GENOPS01-BP01".into();
    let text = serde_json::to_string(&lens).unwrap();
    let e = wa_lens::read(&text).unwrap_err();
    assert!(
        e.to_string()
            .contains("question GENOPS01, choice GENOPS01-BP01: the id \"GENOPS01-BP01\""),
        "{e}"
    );
    let e =
        wa_lens::read(r#"{"schemaVersion": "2021-11-01", "name": "x", "pillars": 3}"#).unwrap_err();
    assert!(
        matches!(&e, wa_lens::ReadError::Json { path, .. } if path == "pillars" || path == "description"),
        "{e}"
    );
}
