//! The predicate language on its own, through small test packs: combinators, operators, catalog
//! defaults and "unknown", neighbour counts, flow selectors.

use super::common::*;
use lens::engine::Basis;
use lens::model::{ComponentId, DataClass, FlowId, Trust, Value};

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
fn a_kind_without_the_property_is_not_asked_it() {
    // `rotation` is a secrets store's, `key_rotation` a key service's: each is asked its own.
    let either = rule(
        r#""secrets_manager", "key_management""#,
        r#"{ any = [ { property = { property = "rotation", equals = true } }, { property = { property = "key_rotation", equals = true } } ] }"#,
    );
    let arch = Arch::new()
        .c("secrets", "secrets_manager", &[])
        .c("keys", "key_management", &[]);
    let found = run(&either, &arch);
    let asked: Vec<(&str, Basis, Vec<&str>)> = found
        .iter()
        .map(|f| {
            let on = f.components[0].as_str();
            let props = f.unanswered.iter().map(|q| q.property.as_str()).collect();
            (on, f.basis, props)
        })
        .collect();
    assert_eq!(
        asked,
        [
            ("keys", Basis::Unstated, vec!["key_rotation"]),
            ("secrets", Basis::Unstated, vec!["rotation"]),
        ]
    );
    // Required of a kind that cannot have it, it fails for what the drawing shows.
    let foreign = rule(
        r#""secrets_manager", "key_management""#,
        r#"{ property = { property = "rotation", equals = true } }"#,
    );
    let found = run(&foreign, &arch);
    let bases: Vec<(&str, Basis, usize)> = found
        .iter()
        .map(|f| (f.components[0].as_str(), f.basis, f.unanswered.len()))
        .collect();
    assert_eq!(
        bases,
        [
            ("keys", Basis::Structure, 0),
            ("secrets", Basis::Unstated, 1)
        ]
    );
}

#[test]
fn downstream_avoiding_counts_paths_that_pass_no_match_between_subject_and_target() {
    // Callers that reach a model themselves, through whatever passes prompts on, and not
    // through another caller; the subject matching `avoiding` takes its first step regardless.
    let text = rule(
        r#""service", "agent""#,
        r#"{ not = { present = { of = { kind = ["model_endpoint"] }, where = "downstream", along = "requests", avoiding = { kind = ["agent", "service"] } } } }"#,
    );
    let arch = Arch::new()
        .c("llm", "model_endpoint", &[])
        .c("guard", "guardrail", &[])
        .c("direct", "service", &[])
        .f("f1", "direct", "llm")
        .c("screened", "service", &[])
        .f("f2", "screened", "guard")
        .f("f3", "guard", "llm")
        .c("front", "service", &[])
        .c("agent", "agent", &[])
        .f("f4", "front", "agent")
        .f("f5", "agent", "guard")
        .c("monitor", "service", &[])
        .c("obs", "observability", &[])
        .f("f6", "llm", "obs")
        .f("f7", "monitor", "obs");
    assert_eq!(subjects(&text, &arch), ["agent", "direct", "screened"]);
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

// ----- Request paths, content that travels, data held -----------------------------------------

#[test]
fn paths_follow_requests_and_not_feedback_or_telemetry() {
    let text = rule(
        r#""model_endpoint""#,
        r#"{ every_path = { from = { kind = ["user"] }, through = { kind = ["guardrail"] } } }"#,
    );
    // The app sends feedback to an evaluation that calls the model as a judge, and the model
    // sends telemetry to a monitor: neither is a route for the user's input.
    let arch = Arch::new()
        .c("user", "user", &[])
        .c("app", "client_app", &[])
        .c("guard", "guardrail", &[])
        .c("llm", "model_endpoint", &[])
        .c("eval", "evaluation", &[])
        .c("obs", "observability", &[])
        .f("f1", "user", "app")
        .f("f2", "app", "guard")
        .f("f3", "guard", "llm")
        .f("f4", "app", "eval")
        .f("f5", "eval", "llm")
        .f("f6", "llm", "obs");
    assert!(
        subjects(&text, &arch).is_empty(),
        "every request passes the guardrail"
    );
    let every_flow = text.replace(
        "through = { kind = [\"guardrail\"] }",
        "through = { kind = [\"guardrail\"] }, along = \"flows\"",
    );
    assert_eq!(
        subjects(&every_flow, &arch),
        ["llm"],
        "along every flow, feedback is a route"
    );
    // The author can say a flow is a request after all.
    let mut said = arch.clone();
    for feedback in &mut said.data.flows[3..5] {
        feedback
            .properties
            .insert("purpose".into(), text_value("request"));
    }
    assert_eq!(subjects(&text, &said), ["llm"]);
}

fn text_value(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// A RAG agent: a user talks to an app, the app to the agent, the agent to a knowledge base and
/// to the model, and calls a tool.
fn rag(guard_between: (&str, &str)) -> Arch {
    let (from, to) = guard_between;
    let mut arch = Arch::new()
        .c("user", "user", &[])
        .c("app", "client_app", &[])
        .c("agent", "agent", &[])
        .c("kb", "knowledge_base", &[])
        .c("llm", "model_endpoint", &[])
        .c("tool", "tool", &[])
        .c("guard", "guardrail", &[])
        .f("f1", "user", "app")
        .f("f3", "agent", "kb")
        .f("f5", "agent", "tool");
    for (id, a, b) in [("f2", "app", "agent"), ("f4", "agent", "llm")] {
        if (a, b) == (from, to) {
            arch = arch
                .f(&format!("{id}a"), a, "guard")
                .f(&format!("{id}b"), "guard", b);
        } else {
            arch = arch.f(id, a, b);
        }
    }
    arch
}

#[test]
fn retrieved_content_reaches_the_model_unless_a_screen_sits_between_retriever_and_model() {
    let text = rule(
        r#""model_endpoint""#,
        r#"{ screened = { from = { kind = ["knowledge_base"] }, through = { kind = ["guardrail"] } } }"#,
    );
    // A guardrail in front of the agent screens the user's messages, not what the agent
    // retrieves: the passages reach the model unscreened.
    let found = run(&text, &rag(("app", "agent")));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, ["kb", "agent", "llm"].map(ComponentId::from));
    assert_eq!(found[0].flows, ["f3", "f4"].map(FlowId::from));
    assert!(
        run(&text, &rag(("agent", "llm"))).is_empty(),
        "between agent and model"
    );
}

#[test]
fn a_model_answer_reaches_people_and_drives_tools_unless_screened_on_the_way() {
    let text = rule(
        r#""model_endpoint""#,
        r#"{ screened = { to = { kind = ["user", "tool"] }, through = { kind = ["guardrail"] } } }"#,
    );
    // Screened in front of the agent: the user is covered, but the agent hands the answer to its
    // tool directly.
    let found = run(&text, &rag(("app", "agent")));
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].path,
        ["llm", "agent", "tool"].map(ComponentId::from)
    );
    // Screened between agent and model: every answer passes it.
    assert!(run(&text, &rag(("agent", "llm"))).is_empty());
    // No screen: the witness is the shortest way out of the model.
    let found = run(&text, &rag(("none", "none")));
    assert_eq!(
        found[0].path,
        ["llm", "agent", "tool"].map(ComponentId::from)
    );
}

#[test]
fn personal_data_spreads_from_its_source_until_redacted_and_is_shown_with_its_way() {
    let text = rule(r#""memory_store""#, r#"{ holds_none = { pii = true } }"#);
    let ingest = |redacts: bool| {
        Arch::new()
            .c(
                "crm",
                "data_source",
                &[
                    ("contains_pii", yes()),
                    ("classification", text_value("regulated")),
                ],
            )
            .c(
                "etl",
                "ingestion_pipeline",
                &[("pii_redaction", Value::Bool(redacts))],
            )
            .c("vectors", "vector_store", &[])
            .c("kb", "knowledge_base", &[])
            .c("agent", "agent", &[])
            .c("memory", "memory_store", &[])
            .f("d1", "crm", "etl")
            .f("d2", "etl", "vectors")
            .f("q1", "agent", "kb")
            .f("q2", "kb", "vectors")
            .f("w1", "agent", "memory")
    };
    // Copied into the vector store, retrieved by the agent, written to its memory.
    let found = run(&text, &ingest(false));
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].path,
        ["crm", "etl", "vectors", "kb", "agent", "memory"].map(ComponentId::from)
    );
    assert!(
        run(&text, &ingest(true)).is_empty(),
        "redacted on the way in"
    );
    // What each component holds, for the inspector.
    let built = ingest(true).build();
    let held = built.data_held();
    let memory = held
        .iter()
        .find(|h| h.component.as_str() == "memory")
        .expect("held");
    assert_eq!(
        memory.classification,
        DataClass::Regulated,
        "redaction keeps the class"
    );
    assert_eq!(memory.source.as_str(), "crm");
    assert_eq!(memory.personal, None);
    let etl = held
        .iter()
        .find(|h| h.component.as_str() == "etl")
        .expect("held");
    assert!(
        etl.personal.is_some(),
        "the pipeline itself reads the personal data"
    );
}

#[test]
fn a_neighbour_in_another_region_is_a_fallback_and_an_unset_region_a_question() {
    let text = rule(
        r#""model_endpoint""#,
        r#"{ neighbour_differs = { matching = { kind = ["model_endpoint"] }, property = "region" } }"#,
    );
    let pair = |a: &str, b: &str| {
        let mut arch = Arch::new()
            .c("primary", "model_endpoint", &[("region", text_value(a))])
            .c("backup", "model_endpoint", &[("region", text_value(b))])
            .f("f1", "primary", "backup");
        arch.data.components.retain(|_| true);
        arch
    };
    assert!(run(&text, &pair("eu-west-1", "eu-central-1")).is_empty());
    let same = run(&text, &pair("eu-west-1", "eu-west-1"));
    assert_eq!(same.len(), 2, "both are in one region");
    assert_eq!(same[0].basis, Basis::Structure);
    let lone = run(&text, &Arch::new().c("llm", "model_endpoint", &[]));
    assert_eq!(lone[0].basis, Basis::Unstated);
    assert_eq!(lone[0].unanswered[0].property, "region");
}
