//! The predicate language on its own, through small test packs: combinators, operators, catalog
//! defaults and "unknown", neighbour counts, flow selectors.

mod engine_common;

use engine_common::*;
use lens::engine::Basis;
use lens::model::{ComponentId, Trust};

fn subjects(text: &str, arch: &Arch) -> Vec<String> {
    run(text, arch)
        .into_iter()
        .map(|f| f.id.trim_start_matches("test/security/rule@").to_owned())
        .collect()
}

#[test]
fn all_fails_when_one_condition_fails() {
    let text = rule(
        "\"code_interpreter\"",
        r#"{ all = [ { property = { property = "sandboxed", equals = true } }, { property = { property = "network_access", equals = false } } ] }"#,
    );
    let arch = Arch::new()
        .c(
            "both",
            "code_interpreter",
            &[("sandboxed", yes()), ("network_access", no())],
        )
        .c("open", "code_interpreter", &[("sandboxed", yes())]);
    assert_eq!(
        subjects(&text, &arch),
        ["open"],
        "network_access defaults to true"
    );
}

#[test]
fn any_holds_when_one_condition_holds() {
    let text = rule(
        "\"code_interpreter\"",
        r#"{ any = [ { property = { property = "sandboxed", equals = true } }, { property = { property = "network_access", equals = false } } ] }"#,
    );
    let arch = Arch::new()
        .c("a", "code_interpreter", &[("sandboxed", yes())])
        .c("b", "code_interpreter", &[("network_access", no())])
        .c("c", "code_interpreter", &[]);
    assert_eq!(subjects(&text, &arch), ["c"]);
}

#[test]
fn not_inverts_a_condition() {
    let text = rule(
        "\"code_interpreter\"",
        r#"{ not = { property = { property = "network_access", equals = true } } }"#,
    );
    let arch = Arch::new().c("a", "code_interpreter", &[]).c(
        "b",
        "code_interpreter",
        &[("network_access", no())],
    );
    assert_eq!(subjects(&text, &arch), ["a"]);
}

#[test]
fn unknown_satisfies_no_comparison_and_counts_as_unset() {
    let equals = rule(
        "\"model_endpoint\"",
        r#"{ property = { property = "model_size", one_of = ["small", "medium", "large", "unknown"] } }"#,
    );
    let arch = Arch::new()
        .c("default", "model_endpoint", &[])
        .c("said", "model_endpoint", &[("model_size", text("unknown"))])
        .c("small", "model_endpoint", &[("model_size", text("small"))]);
    assert_eq!(subjects(&equals, &arch), ["default", "said"]);
    let set = rule(
        "\"model_endpoint\"",
        r#"{ property = { property = "model_size", set = true } }"#,
    );
    assert_eq!(subjects(&set, &arch), ["default", "said"]);
}

#[test]
fn number_comparisons_need_a_value() {
    let text = rule(
        "\"agent\"",
        r#"{ property = { property = "max_iterations", at_most = 10 } }"#,
    );
    let arch = Arch::new()
        .c("few", "agent", &[("max_iterations", num(10.0))])
        .c("many", "agent", &[("max_iterations", num(50.0))])
        .c("unset", "agent", &[]);
    assert_eq!(subjects(&text, &arch), ["many", "unset"]);
    let gt = rule(
        "\"agent\"",
        r#"{ property = { property = "max_iterations", greater_than = 10 } }"#,
    );
    assert_eq!(subjects(&gt, &arch), ["few", "unset"]);
}

#[test]
fn neighbour_counts_distinct_components_in_the_given_direction() {
    let text = rule(
        "\"model_endpoint\"",
        r#"{ neighbours = { direction = "from", matching = { kind = ["agent"] }, at_least = 2 } }"#,
    );
    let arch = Arch::new()
        .c("a", "agent", &[])
        .c("b", "agent", &[])
        .c("one", "model_endpoint", &[])
        .c("two", "model_endpoint", &[])
        .f("f1", "a", "one")
        .f("f2", "a", "one")
        .f("f3", "a", "two")
        .f("f4", "b", "two")
        .f("f5", "one", "b");
    assert_eq!(
        subjects(&text, &arch),
        ["one"],
        "two flows from one agent are one neighbour"
    );
}

#[test]
fn selectors_match_categories_and_zone_trust() {
    let text = rule(
        "\"model_endpoint\"",
        r#"{ present = { of = { category = ["safety"], zone_trust = ["private"] }, where = "anywhere" } }"#,
    );
    let outside = Arch::new()
        .zone("vpc", Trust::Private)
        .c("llm", "model_endpoint", &[])
        .c("review", "human_review", &[]);
    assert_eq!(
        subjects(&text, &outside),
        ["llm"],
        "outside every zone counts as the internet"
    );
    let inside = outside.cz("guard", "guardrail", Some("vpc"), &[]);
    assert!(subjects(&text, &inside).is_empty());
}

#[test]
fn flow_rules_select_by_ends_and_flow_properties_and_name_both_ends() {
    let pack_text = r#"
[[rule]]
id = "test/security/rule"
best_practices = ["GENSEC01-BP02"]
pillar = "security"
title = "Regulated data in the clear"
message = "{label} carries regulated data from {from} to {to} unencrypted."
why = "Because."
fix = "Encrypt {label}."
applies_to = { flows = { to = { kind = ["model_endpoint"] }, properties = [{ property = "carries", equals = "regulated" }] } }
requires = { property = { property = "encrypted", equals = true } }
"#;
    let arch = Arch::new()
        .c("app", "client_app", &[])
        .c("llm", "model_endpoint", &[])
        .c("db", "database", &[])
        .fp(
            "f1",
            "app",
            "llm",
            &[("carries", text("regulated")), ("label", text("HTTPS"))],
        )
        .fp("f2", "app", "db", &[("carries", text("regulated"))])
        .f("f3", "app", "llm");
    let found = run(pack_text, &arch);
    assert_eq!(
        found.len(),
        1,
        "f2 goes elsewhere, f3 carries internal data (the default)"
    );
    assert_eq!(found[0].id, "test/security/rule@flow:f1");
    assert_eq!(
        found[0].message,
        "HTTPS carries regulated data from App to Llm unencrypted."
    );
}

#[test]
fn a_subject_that_is_itself_a_source_is_reached_by_the_empty_path() {
    let text = rule(
        "\"agent\"",
        r#"{ every_path = { from = { kind = ["agent"] }, through = { kind = ["guardrail"] } } }"#,
    );
    let found = run(&text, &Arch::new().c("a", "agent", &[]));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, ["a"].map(Into::into));
}

#[test]
fn only_loops_through_a_component_matching_within_count() {
    let text = rule(
        r#""orchestrator""#,
        r#"{ cycle_bounded = { by = ["timeout_seconds"], within = { kind = ["agent"] } } }"#,
    );
    // A workflow that calls a classifier and reads its answer back, drawn both ways, and one
    // that hands work to an agent which hands it back.
    let arch = Arch::new()
        .c("flow", "orchestrator", &[])
        .c("classifier", "model_endpoint", &[])
        .f("f1", "flow", "classifier")
        .f("f2", "classifier", "flow")
        .c("steps", "orchestrator", &[])
        .c("worker", "agent", &[])
        .c("llm", "model_endpoint", &[])
        .f("g1", "steps", "llm")
        .f("g2", "llm", "steps")
        .f("g3", "steps", "worker")
        .f("g4", "worker", "steps");
    let found = run(&text, &arch);
    let ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        ["test/security/rule@steps"],
        "the classifier pair is no agent loop"
    );
    // The shortest loop through `steps` is the one with the model; the witness is the agent's.
    assert_eq!(
        found[0].path,
        ["steps", "worker", "steps"].map(ComponentId::from)
    );
    assert_eq!(found[0].basis, Basis::Unstated, "nobody stated a timeout");
}
