//! Loading packs: the built-in pack, packs on disk, merging, and the errors a rule author sees —
//! each naming the file, the rule and the field, all of them at once.

use std::path::Path;

use super::common::*;
use lens::engine::{evaluate, Pack, PackError};
use lens::practices::{Dimension, Pillar, Risk};

fn errors(text: &str) -> Vec<PackError> {
    match pack(text) {
        Ok(_) => panic!("the pack should not load"),
        Err(e) => e.0,
    }
}

/// The one error of a pack, as (rule, field, problem).
fn only_rule_error(text: &str) -> (String, String, String) {
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "exactly one error: {errs:?}");
    match errs.into_iter().next() {
        Some(PackError::Rule {
            file,
            rule,
            field,
            problem,
        }) => {
            assert_eq!(file, "test.toml");
            (rule, field, problem)
        }
        other => panic!("expected a rule error, got {other:?}"),
    }
}

#[test]
fn the_built_in_pack_loads_with_rules_for_every_predicate_kind() {
    let pack = Pack::builtin();
    assert!(pack.rules().len() >= 10);
    assert!(!pack.checklist().is_empty());
    let texts: String = [
        "security",
        "operational_excellence",
        "reliability",
        "cost_optimization",
    ]
    .iter()
    .map(|f| {
        std::fs::read_to_string(format!(
            "{}/packs/genai/{f}.toml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("pack file")
    })
    .collect();
    for kind in [
        "property",
        "neighbours",
        "every_path",
        "no_path",
        "cycle_bounded",
        "crossing_protected",
        "present",
        "reached_from_boundaries",
        "any",
        "not",
    ] {
        assert!(
            texts.contains(&format!("{kind} =")) || texts.contains(&format!("requires.{kind}]")),
            "a built-in rule uses {kind}"
        );
    }
}

#[test]
fn the_pack_directory_on_disk_is_the_built_in_pack() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("packs/genai");
    let disk = Pack::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let ids = |p: &Pack| {
        let mut v: Vec<String> = p.rules().iter().map(|r| r.id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(
        ids(&disk),
        ids(Pack::builtin()),
        "every file on disk is compiled in"
    );
    assert_eq!(disk.checklist().len(), Pack::builtin().checklist().len());
}

/// A rule of the security pillar naming `practices`, with these extra lines (`risk = …`).
fn rated(practices: &str, extra: &str) -> String {
    rule(
        "\"code_interpreter\"",
        "{ property = { property = \"sandboxed\", equals = true } }",
    )
    .replace(
        "best_practices = [\"GENSEC05-BP01\"]",
        &format!("best_practices = [{practices}]\n{extra}"),
    )
}

#[test]
fn a_rule_takes_the_highest_lens_risk_of_its_best_practices() {
    // GENSEC04-BP01 is medium risk if missing, GENSEC04-BP02 high: listed second, it still rates
    // the rule.
    let p = pack(&rated("\"GENSEC04-BP01\", \"GENSEC04-BP02\"", "")).expect("loads");
    assert_eq!(p.rules()[0].risk, Risk::High);
    assert_eq!(p.rules()[0].risk_reason, None);
}

#[test]
fn a_risk_below_the_lens_needs_a_reason_and_one_above_it_is_refused() {
    let (_, field, problem) = only_rule_error(&rated("\"GENSEC05-BP01\"", "risk = \"medium\""));
    assert_eq!(field, "risk_reason");
    assert!(
        problem.contains("\"high\"") && problem.contains("\"medium\""),
        "{problem}"
    );
    let p = pack(&rated(
        "\"GENSEC05-BP01\"",
        "risk = \"medium\"\nrisk_reason = \"Only writes, with least privilege.\"",
    ))
    .expect("a lower risk with its reason loads");
    assert_eq!(p.rules()[0].risk, Risk::Medium);
    assert_eq!(
        p.rules()[0].risk_reason.as_deref(),
        Some("Only writes, with least privilege.")
    );
    let (_, field, _) = only_rule_error(&rated("\"GENSEC04-BP01\"", "risk = \"high\""));
    assert_eq!(
        field, "risk",
        "GENSEC04-BP01 is medium: a rule cannot make it high"
    );
    let (_, field, _) = only_rule_error(&rated(
        "\"GENSEC05-BP01\"",
        "risk_reason = \"No reason is needed.\"",
    ));
    assert_eq!(
        field, "risk_reason",
        "a reason without a lower risk is refused"
    );
}

#[test]
fn risk_and_link_default_to_the_first_best_practice() {
    let p = pack(&rule(
        "\"code_interpreter\"",
        "{ property = { property = \"sandboxed\", equals = true } }",
    ))
    .expect("loads");
    let r = &p.rules()[0];
    assert_eq!(r.pillar, Pillar::Security);
    assert_eq!(r.risk, Risk::High, "GENSEC05-BP01 is high risk if missing");
    assert!(r.url.ends_with("gensec05-bp01.html"));
}

#[test]
fn an_unknown_condition_names_the_requires_field() {
    let (rule_id, field, problem) = only_rule_error(&rule("\"tool\"", "{ set_by_nobody = {} }"));
    assert_eq!(
        (rule_id.as_str(), field.as_str()),
        ("test/security/rule", "requires")
    );
    assert!(problem.contains("set_by_nobody"), "{problem}");
}

#[test]
fn an_unknown_kind_names_the_file_rule_and_field() {
    let errs = errors(&rule(
        "\"robot\"",
        "{ present = { of = { kind = [\"guardrail\"] }, where = \"anywhere\" } }",
    ));
    assert_eq!(errs.len(), 1, "{errs:?}");
    let msg = errs[0].to_string();
    assert!(
        msg.starts_with(
            "test.toml: rule \"test/security/rule\", field `applies_to.components.kind[0]`"
        ),
        "{msg}"
    );
    assert!(msg.contains("\"robot\" is not a component kind"), "{msg}");
}

#[test]
fn an_unknown_property_is_a_load_error() {
    let (_, field, problem) = only_rule_error(&rule(
        "\"code_interpreter\"",
        "{ property = { property = \"sandbox\", equals = true } }",
    ));
    assert_eq!(field, "requires.property.property");
    assert!(
        problem.contains("\"sandbox\" is not a property of"),
        "{problem}"
    );
}

#[test]
fn only_paths_avoid_components() {
    let (_, field, problem) = only_rule_error(&rule(
        "\"service\"",
        r#"{ present = { of = { kind = ["model_endpoint"] }, where = "neighbour", avoiding = { kind = ["agent"] } } }"#,
    ));
    assert_eq!(field, "requires.present.avoiding");
    assert!(problem.contains("downstream"), "{problem}");
}

#[test]
fn a_value_outside_the_enum_is_a_load_error() {
    let (_, field, problem) = only_rule_error(&rule(
        "\"tool\"",
        "{ property = { property = \"side_effects\", one_of = [\"writes\", \"explodes\"] } }",
    ));
    assert_eq!(field, "requires.property.one_of[1]");
    assert!(
        problem.contains("\"explodes\"") && problem.contains("irreversible"),
        "{problem}"
    );
}

#[test]
fn only_a_rules_subjects_take_in_unknown_values() {
    let (_, field, problem) = only_rule_error(&rule(
        "\"tool\"",
        "{ property = { property = \"side_effects\", equals = \"writes\", or_unknown = true } }",
    ));
    assert_eq!(field, "requires.property.or_unknown");
    assert!(problem.contains("applies_to.components"), "{problem}");
}

#[test]
fn an_unknown_best_practice_is_a_load_error() {
    let text = rule(
        "\"tool\"",
        "{ property = { property = \"requires_approval\", equals = true } }",
    )
    .replace("GENSEC05-BP01", "GENSEC05-BP09");
    let errs = errors(&text);
    assert!(
        errs.iter().any(|e| e
            .to_string()
            .contains("field `best_practices[0]`: \"GENSEC05-BP09\" is not a best practice")),
        "{errs:?}"
    );
}

#[test]
fn an_unknown_field_is_a_load_error() {
    let text = rule(
        "\"tool\"",
        "{ property = { property = \"requires_approval\", equals = true, strict = true } }",
    );
    let (rule_id, field, problem) = only_rule_error(&text);
    assert_eq!(rule_id, "test/security/rule");
    assert_eq!(field, "requires.property.strict");
    assert!(problem.contains("unknown field `strict`"), "{problem}");
}

#[test]
fn the_pillar_in_the_id_must_be_the_rule_pillar() {
    let text = rule(
        "\"tool\"",
        "{ property = { property = \"requires_approval\", equals = true } }",
    )
    .replace("test/security/rule", "test/reliability/rule");
    let (_, field, problem) = only_rule_error(&text);
    assert_eq!(field, "id");
    assert!(problem.contains("reliability"), "{problem}");
}

#[test]
fn a_placeholder_that_does_not_exist_is_a_load_error() {
    let text = rule(
        "\"tool\"",
        "{ property = { property = \"requires_approval\", equals = true } }",
    )
    .replace("{label} fails.", "{label} fails because of {source}.");
    let (_, field, problem) = only_rule_error(&text);
    assert_eq!(field, "message");
    assert!(problem.contains("`{source}` is not available"), "{problem}");
}

#[test]
fn a_condition_with_two_operators_is_a_load_error() {
    let (_, field, problem) = only_rule_error(&rule(
        "\"agent\"",
        "{ property = { property = \"max_iterations\", set = true, at_most = 10 } }",
    ));
    assert_eq!(field, "requires.property");
    assert!(problem.contains("exactly one"), "{problem}");
}

#[test]
fn a_flow_condition_on_component_subjects_is_a_load_error() {
    let (_, field, _) = only_rule_error(&rule(
        "\"agent\"",
        "{ crossing_protected = { properties = [\"encrypted\"] } }",
    ));
    assert_eq!(field, "requires.crossing_protected");
}

#[test]
fn every_error_of_every_rule_and_file_is_reported_at_once() {
    let one = rule(
        "\"robot\"",
        "{ property = { property = \"sandboxed\", equals = \"yes\" } }",
    );
    let two = rule("\"tool\"", "{ cycle_bounded = { by = [\"max_turns\"] } }")
        .replace("test/security/rule", "test/security/other");
    let errs = Pack::from_sources(&[
        ("a.toml".to_owned(), one.as_str()),
        ("b.toml".to_owned(), two.as_str()),
        ("c.toml".to_owned(), "[[rule]\nid ="),
    ])
    .expect_err("three broken files")
    .0;
    let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
    assert!(
        text.iter().any(|e| e.starts_with(
            "a.toml: rule \"test/security/rule\", field `applies_to.components.kind[0]`"
        )),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|e| e.starts_with(
            "b.toml: rule \"test/security/other\", field `requires.cycle_bounded.by[0]`"
        )),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|e| e.starts_with("c.toml: not valid TOML") && e.contains("line 1")),
        "{text:#?}"
    );
    assert!(errs.len() >= 3);
}

#[test]
fn a_rule_defined_twice_is_a_load_error_naming_both_files() {
    let text = rule(
        "\"tool\"",
        "{ property = { property = \"requires_approval\", equals = true } }",
    );
    let errs = Pack::from_sources(&[
        ("a.toml".to_owned(), text.as_str()),
        ("b.toml".to_owned(), text.as_str()),
    ])
    .expect_err("duplicate")
    .0;
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].to_string().contains("b.toml") && errs[0].to_string().contains("a.toml"),
        "{}",
        errs[0]
    );
}

#[test]
fn a_broken_custom_pack_reports_errors_and_leaves_the_built_in_pack_working() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/packs/broken");
    let errs = Pack::load_dir(&dir)
        .expect_err("the broken pack does not load")
        .0;
    assert!(errs.len() >= 2, "all its errors are reported: {errs:?}");
    assert!(
        errs.iter().all(|e| e.to_string().contains("rules.toml")),
        "{errs:?}"
    );
    let arch = Arch::new().c("py", "code_interpreter", &[]);
    assert_eq!(
        evaluate(&arch.build(), Pack::builtin()).len(),
        1,
        "the built-in pack still runs"
    );
}

#[test]
fn a_custom_pack_merges_with_the_built_in_pack_but_cannot_redefine_its_rules() {
    let custom = pack(&rule(
        "\"code_interpreter\"",
        "{ property = { property = \"network_access\", equals = false } }",
    ))
    .expect("loads");
    let merged = Pack::builtin().merge(&custom).expect("no clash");
    assert_eq!(merged.rules().len(), Pack::builtin().rules().len() + 1);
    let arch = Arch::new().c("py", "code_interpreter", &[]);
    let rules: Vec<String> = evaluate(&arch.build(), &merged)
        .into_iter()
        .map(|f| f.rule.to_string())
        .collect();
    assert!(
        rules.contains(&"test/security/rule".to_owned())
            && rules.contains(&"genai/security/unsandboxed-code-interpreter".to_owned())
    );
    let clash = pack(
        &rule(
            "\"tool\"",
            "{ property = { property = \"requires_approval\", equals = true } }",
        )
        .replace(
            "test/security/rule",
            "genai/security/unsandboxed-code-interpreter",
        ),
    )
    .expect("loads alone");
    let errs = Pack::builtin().merge(&clash).expect_err("clash").0;
    assert!(errs[0].to_string().contains("already used"), "{}", errs[0]);
}

#[test]
fn a_checklist_item_with_an_unknown_best_practice_is_a_load_error() {
    let errs = Pack::from_sources(&[(
        "checklist.toml".to_owned(),
        "[[item]]\nid = \"x/checklist/a\"\nbest_practice = \"GENOPS09-BP01\"\nquestion = \"Q?\"\n",
    )])
    .expect_err("bad item")
    .0;
    assert_eq!(
        errs[0].to_string(),
        "checklist.toml: checklist item \"x/checklist/a\", field `best_practice`: \"GENOPS09-BP01\" is not a best practice of the Generative AI Lens"
    );
}

#[test]
fn a_boundary_count_beyond_what_the_engine_tracks_is_a_load_error() {
    let (_, field, problem) = only_rule_error(&rule(
        "\"vector_store\"",
        "{ reached_from_boundaries = { from = { zone_trust = [\"tenant\"] }, at_most = 9 } }",
    ));
    assert_eq!(field, "requires.reached_from_boundaries.at_most");
    assert!(problem.contains("at most 8"), "{problem}");
}

/// The sandbox rule of [`rule`] with `dimensions = [names]`.
fn with_dimensions(names: &str) -> String {
    rated("\"GENSEC05-BP01\"", &format!("dimensions = [{names}]"))
}

#[test]
fn dimensions_are_read_in_the_lens_order_and_carried_by_findings() {
    let text = with_dimensions("\"controllability\", \"privacy_security\"");
    let p = pack(&text).expect("known dimensions load");
    assert_eq!(
        p.rules()[0].dimensions,
        [Dimension::PrivacySecurity, Dimension::Controllability],
        "listed in the lens's order whatever the order written"
    );
    let findings = run(&text, &Arch::new().c("ci", "code_interpreter", &[]));
    assert_eq!(findings.len(), 1, "the unsandboxed interpreter fails");
    assert_eq!(
        &*findings[0].dimensions,
        [Dimension::PrivacySecurity, Dimension::Controllability],
        "a finding carries its rule's dimensions"
    );
}

#[test]
fn a_rule_or_checklist_item_without_dimensions_still_loads_and_concerns_none() {
    let p = pack(&rated("\"GENSEC05-BP01\"", "")).expect("a rule without dimensions loads");
    assert!(p.rules()[0].dimensions.is_empty());
    let p = Pack::from_sources(&[(
        "checklist.toml".to_owned(),
        "[[item]]\nid = \"x/checklist/a\"\nbest_practice = \"GENOPS01-BP01\"\nquestion = \"Q?\"\n",
    )])
    .expect("an item without dimensions loads");
    assert!(p.checklist()[0].dimensions.is_empty());
}

#[test]
fn an_unknown_dimension_is_a_load_error_naming_the_rule_and_the_value() {
    let (rule_id, field, problem) = only_rule_error(&with_dimensions("\"safety\", \"privacy\""));
    assert_eq!(rule_id, "test/security/rule");
    assert_eq!(field, "dimensions[1]");
    assert!(
        problem.starts_with(
            "\"privacy\" is not a responsible-AI dimension; use one of \"fairness\", "
        ),
        "the problem names the value and what to write instead: {problem}"
    );
    assert!(problem.contains("\"privacy_security\""), "{problem}");
}

#[test]
fn a_dimension_listed_twice_is_a_load_error() {
    let (_, field, problem) = only_rule_error(&with_dimensions("\"safety\", \"safety\""));
    assert_eq!(field, "dimensions[1]");
    assert_eq!(problem, "\"safety\" is listed twice");
}

#[test]
fn dimensions_must_be_a_list_of_names() {
    let (_, field, _) = only_rule_error(&rated("\"GENSEC05-BP01\"", "dimensions = \"safety\""));
    assert_eq!(field, "dimensions", "a bare string is not a list");
}

#[test]
fn a_checklist_item_with_an_unknown_dimension_reports_it_with_its_other_problems() {
    let errs = Pack::from_sources(&[(
        "checklist.toml".to_owned(),
        "[[item]]\nid = \"x/checklist/a\"\nbest_practice = \"GENOPS09-BP01\"\ndimensions = [\"fairness\", \"ethics\"]\nquestion = \"Q?\"\n",
    )])
    .expect_err("bad item")
    .0;
    let texts: Vec<String> = errs.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 2, "both problems at once: {texts:?}");
    assert!(texts[0].contains("field `best_practice`"), "{}", texts[0]);
    assert!(
        texts[1].starts_with(
            "checklist.toml: checklist item \"x/checklist/a\", field `dimensions[1]`: \"ethics\" is not a responsible-AI dimension"
        ),
        "{}",
        texts[1]
    );
}

#[test]
fn the_built_in_pack_uses_every_dimension_and_tags_rules_and_checklist_questions() {
    let pack = Pack::builtin();
    for d in Dimension::ALL {
        let rules = pack
            .rules()
            .iter()
            .filter(|r| r.dimensions.contains(&d))
            .count();
        let items = pack
            .checklist()
            .iter()
            .filter(|c| c.dimensions.contains(&d))
            .count();
        assert!(
            rules + items > 0,
            "{d:?}: the lens names it, so some practice of the pack concerns it"
        );
        assert!(
            items > 0,
            "{d:?}: a checklist question concerns it, so the report can ask about it"
        );
    }
    let guardrail = pack
        .rule("genai/security/untrusted-input-reaches-model")
        .expect("the guardrail rule exists");
    assert!(
        guardrail.dimensions.contains(&Dimension::Safety),
        "screening untrusted input is about safety"
    );
    let region = pack
        .rule("genai/reliability/single-region-inference")
        .expect("the region rule exists");
    assert!(
        region.dimensions.is_empty(),
        "availability in one region concerns no responsible-AI dimension"
    );
}
