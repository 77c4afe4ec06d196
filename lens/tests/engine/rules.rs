//! Each predicate kind, through the built-in rules that use it: small architectures that must
//! produce a finding and ones that must not.

use super::common::*;
use lens::engine::{evaluate, Pack};
use lens::model::Trust;

const GUARDRAIL: &str = "genai/security/untrusted-input-reaches-model";
const SIDE_EFFECTS: &str = "genai/security/side-effects-without-approval";
const SANDBOX: &str = "genai/security/unsandboxed-code-interpreter";
const CROSSING: &str = "genai/security/unprotected-flow-into-trusted-zone";
const TENANTS: &str = "genai/security/shared-store-without-tenant-isolation";
const SENSITIVE: &str = "genai/security/unauthenticated-path-to-sensitive-data";
const OBSERVABILITY: &str = "genai/operational_excellence/model-without-observability";
const TRACING: &str = "genai/operational_excellence/agent-without-tracing";
const RATE_LIMIT: &str = "genai/operational_excellence/public-gateway-without-rate-limiting";
const LOOP: &str = "genai/reliability/unbounded-agent-loop";
const PROMPTS: &str = "genai/reliability/no-prompt-catalog";
const ROUTING: &str = "genai/cost_optimization/large-model-without-routing";

/// user → chat → agent → llm, with a guarded route user → chat → guard → llm as well.
fn chatbot() -> Arch {
    Arch::new()
        .c("user", "user", &[])
        .c("chat", "client_app", &[])
        .c("agent", "agent", &[])
        .c("guard", "guardrail", &[])
        .c("llm", "model_endpoint", &[])
        .f("f1", "user", "chat")
        .f("f2", "chat", "guard")
        .f("f3", "guard", "llm")
}

// ---- path: every path from untrusted input to the model passes a guardrail ----

#[test]
fn guardrail_on_every_path_satisfies_the_input_rule() {
    assert!(ids_of(&chatbot(), GUARDRAIL).is_empty());
}

#[test]
fn guardrail_on_one_path_does_not_cover_a_bypass() {
    let arch = chatbot().f("f4", "chat", "agent").f("f5", "agent", "llm");
    let found = findings_of(&arch, GUARDRAIL);
    assert_eq!(found.len(), 1, "the bypass through the agent is reported");
    let f = &found[0];
    assert_eq!(f.id, format!("{GUARDRAIL}@llm"));
    assert_eq!(f.path, ["user", "chat", "agent", "llm"].map(Into::into));
    assert_eq!(f.flows, ["f1", "f4", "f5"].map(Into::into));
    assert_eq!(f.components[0].as_str(), "llm", "the subject comes first");
    assert!(
        f.message.contains("Llm") && f.message.contains("User"),
        "{}",
        f.message
    );
}

#[test]
fn guardrail_enforced_on_the_model_covers_a_bypass() {
    let mut arch = chatbot().f("f4", "chat", "agent").f("f5", "agent", "llm");
    arch.data.components[4]
        .properties
        .insert("guardrail_enforced".into(), yes());
    assert!(ids_of(&arch, GUARDRAIL).is_empty());
}

#[test]
fn authenticated_users_are_not_untrusted_input() {
    let mut arch = chatbot().f("f4", "chat", "llm");
    arch.data.components[0]
        .properties
        .insert("trust".into(), text("authenticated"));
    assert!(ids_of(&arch, GUARDRAIL).is_empty());
}

#[test]
fn a_guardrail_without_input_filtering_does_not_guard_input() {
    let mut arch = chatbot();
    arch.data.components[3]
        .properties
        .insert("input_filtering".into(), no());
    assert_eq!(ids_of(&arch, GUARDRAIL), [format!("{GUARDRAIL}@llm")]);
}

#[test]
fn agent_calling_a_writing_tool_directly_is_reported_and_human_review_fixes_it() {
    let base = Arch::new()
        .c("agent", "agent", &[])
        .c("crm", "tool", &[("side_effects", text("writes"))])
        .c("search", "tool", &[]);
    let direct = base
        .clone()
        .f("f1", "agent", "crm")
        .f("f2", "agent", "search");
    assert_eq!(
        ids_of(&direct, SIDE_EFFECTS),
        [format!("{SIDE_EFFECTS}@crm")],
        "a read-only tool (the catalog default) is not a subject"
    );
    let reviewed = base
        .c("review", "human_review", &[])
        .f("f1", "agent", "review")
        .f("f2", "review", "crm");
    assert!(ids_of(&reviewed, SIDE_EFFECTS).is_empty());
}

// ---- no_path (to the subject): no path from untrusted input avoids an authenticating step ----

#[test]
fn regulated_data_behind_an_unauthenticated_gateway_is_reported() {
    let arch = |auth: bool| {
        Arch::new()
            .c("user", "user", &[])
            .c(
                "gw",
                "api_gateway",
                &[("authentication", lens::model::Value::Bool(auth))],
            )
            .c("svc", "service", &[])
            .c(
                "records",
                "data_source",
                &[("classification", text("regulated"))],
            )
            .c("wiki", "data_source", &[])
            .f("f1", "user", "gw")
            .f("f2", "gw", "svc")
            .f("f3", "svc", "records")
            .f("f4", "svc", "wiki")
    };
    let found = findings_of(&arch(false), SENSITIVE);
    assert_eq!(found.len(), 1, "only the regulated source is a subject");
    assert_eq!(
        found[0].path,
        ["user", "gw", "svc", "records"].map(Into::into)
    );
    assert!(ids_of(&arch(true), SENSITIVE).is_empty());
}

// ---- property ----

#[test]
fn unsandboxed_code_interpreter_is_reported() {
    let arch = Arch::new().c("py", "code_interpreter", &[]);
    let found = findings_of(&arch, SANDBOX);
    assert_eq!(found.len(), 1, "sandboxed defaults to false in the catalog");
    assert_eq!(
        found[0].message, "Py does not state that it runs model-written code in a sandbox.",
        "nobody set `sandboxed`: a question, said as one"
    );
    assert_eq!(found[0].basis, lens::engine::Basis::Unstated);
    assert!(
        found[0].path.is_empty(),
        "property rules have no witness path"
    );
}

#[test]
fn sandboxed_code_interpreter_is_not_reported() {
    let arch = Arch::new().c("py", "code_interpreter", &[("sandboxed", yes())]);
    assert!(ids_of(&arch, SANDBOX).is_empty());
}

#[test]
fn irreversible_tool_needs_approval_but_a_read_only_one_does_not() {
    let arch = Arch::new()
        .c("agent", "agent", &[])
        .f("f1", "agent", "delete")
        .f("f2", "agent", "refund")
        .f("f3", "agent", "lookup")
        .c("delete", "tool", &[("side_effects", text("irreversible"))])
        .c(
            "refund",
            "tool",
            &[
                ("side_effects", text("irreversible")),
                ("requires_approval", yes()),
            ],
        )
        .c("lookup", "tool", &[]);
    assert_eq!(
        ids_of(&arch, SIDE_EFFECTS),
        [format!("{SIDE_EFFECTS}@delete")]
    );
}

// ---- neighbours (with not) ----

#[test]
fn public_gateway_without_rate_limiting_is_reported() {
    let arch = Arch::new()
        .c("user", "user", &[])
        .c("gw", "api_gateway", &[])
        .f("f1", "user", "gw");
    assert_eq!(ids_of(&arch, RATE_LIMIT), [format!("{RATE_LIMIT}@gw")]);
}

#[test]
fn internal_gateway_or_rate_limited_gateway_is_not_reported() {
    let internal = Arch::new()
        .c("svc", "service", &[])
        .c("gw", "api_gateway", &[])
        .f("f1", "svc", "gw");
    assert!(
        ids_of(&internal, RATE_LIMIT).is_empty(),
        "no actor calls it"
    );
    let limited = Arch::new()
        .c("user", "user", &[])
        .c("gw", "api_gateway", &[("rate_limiting", yes())])
        .f("f1", "user", "gw");
    assert!(ids_of(&limited, RATE_LIMIT).is_empty());
}

// ---- cycle ----

#[test]
fn agent_on_a_loop_without_a_bound_is_reported_with_the_loop() {
    let arch = Arch::new()
        .c("planner", "agent", &[])
        .c("worker", "agent", &[("max_iterations", num(5.0))])
        .c("tool", "tool", &[])
        .f("f1", "planner", "worker")
        .f("f2", "worker", "tool")
        .f("f3", "tool", "planner");
    let found = findings_of(&arch, LOOP);
    assert_eq!(found.len(), 1, "the worker is bounded");
    assert_eq!(found[0].id, format!("{LOOP}@planner"));
    assert_eq!(
        found[0].path,
        ["planner", "worker", "tool", "planner"].map(Into::into)
    );
    assert_eq!(found[0].flows, ["f1", "f2", "f3"].map(Into::into));
}

#[test]
fn agent_calling_itself_is_on_a_loop() {
    let arch = Arch::new().c("a", "agent", &[]).f("f1", "a", "a");
    let found = findings_of(&arch, LOOP);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, ["a", "a"].map(Into::into));
}

#[test]
fn agent_with_a_timeout_or_off_any_loop_is_not_reported() {
    let bounded = Arch::new()
        .c("a", "agent", &[("timeout_seconds", num(30.0))])
        .c("b", "agent", &[("max_iterations", num(3.0))])
        .f("f1", "a", "b")
        .f("f2", "b", "a");
    assert!(ids_of(&bounded, LOOP).is_empty());
    let straight = Arch::new()
        .c("a", "agent", &[])
        .c("b", "agent", &[])
        .f("f1", "a", "b");
    assert!(ids_of(&straight, LOOP).is_empty());
}

// ---- boundary crossing ----

fn zones(props: &[(&str, lens::model::Value)]) -> Arch {
    Arch::new()
        .zone("vpc", Trust::Private)
        .c("user", "user", &[])
        .cz("svc", "service", Some("vpc"), &[])
        .cz("db", "database", Some("vpc"), &[])
        .fp("in", "user", "svc", props)
        .f("inside", "svc", "db")
        .f("out", "svc", "user")
}

#[test]
fn plaintext_flow_into_a_private_zone_is_reported() {
    let found = findings_of(&zones(&[("encrypted", yes())]), CROSSING);
    assert_eq!(
        found.len(),
        1,
        "encrypted but not authenticated still fails"
    );
    assert_eq!(found[0].id, format!("{CROSSING}@flow:in"));
    assert_eq!(found[0].flows, ["in"].map(Into::into));
    assert_eq!(found[0].components, ["user", "svc"].map(Into::into));
}

#[test]
fn encrypted_authenticated_crossing_and_flows_within_or_out_of_a_zone_are_not_reported() {
    let arch = zones(&[("encrypted", yes()), ("authenticated", yes())]);
    assert!(ids_of(&arch, CROSSING).is_empty());
}

// ---- reached from several tenant zones ----

fn tenants(isolation: Option<&str>, second_tenant: bool) -> Arch {
    let mut props = Vec::new();
    if let Some(i) = isolation {
        props.push(("tenant_isolation", text(i)));
    }
    let mut arch = Arch::new()
        .zone("acme", Trust::Tenant)
        .zone("globex", Trust::Tenant)
        .cz("app_a", "client_app", Some("acme"), &[])
        .cz("app_b", "client_app", Some("globex"), &[])
        .c("rag", "agent", &[])
        .c("vectors", "vector_store", &props)
        .f("f1", "app_a", "rag")
        .f("f3", "rag", "vectors");
    if second_tenant {
        arch = arch.f("f2", "app_b", "rag");
    }
    arch
}

#[test]
fn store_reached_from_two_tenant_zones_without_isolation_is_reported() {
    let found = findings_of(&tenants(None, true), TENANTS);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].components,
        ["vectors", "app_a", "app_b"].map(Into::into)
    );
}

#[test]
fn store_of_one_tenant_or_with_isolation_is_not_reported() {
    assert!(ids_of(&tenants(None, false), TENANTS).is_empty());
    assert!(ids_of(&tenants(Some("index_per_tenant"), true), TENANTS).is_empty());
    assert_eq!(
        ids_of(&tenants(Some("none"), true), TENANTS).len(),
        1,
        "`none` is no isolation"
    );
}

// ---- presence ----

#[test]
fn no_prompt_catalog_is_reported_per_model_until_one_is_drawn() {
    let arch = Arch::new()
        .c("a", "model_endpoint", &[])
        .c("b", "model_endpoint", &[]);
    assert_eq!(
        ids_of(&arch, PROMPTS),
        [format!("{PROMPTS}@a"), format!("{PROMPTS}@b")]
    );
    assert!(ids_of(&arch.c("prompts", "prompt_catalog", &[]), PROMPTS).is_empty());
}

#[test]
fn model_connected_to_observability_either_way_is_monitored() {
    let lonely = Arch::new()
        .c("llm", "model_endpoint", &[])
        .c("obs", "observability", &[]);
    assert_eq!(
        ids_of(&lonely, OBSERVABILITY).len(),
        1,
        "drawn but not connected"
    );
    let connected = lonely.f("f1", "obs", "llm");
    assert!(ids_of(&connected, OBSERVABILITY).is_empty());
}

#[test]
fn agent_reaching_a_tracing_backend_downstream_is_traced() {
    let base = Arch::new()
        .c("agent", "agent", &[])
        .c("svc", "service", &[])
        .f("f1", "agent", "svc");
    assert_eq!(ids_of(&base, TRACING).len(), 1);
    let traced = base
        .clone()
        .c("obs", "observability", &[])
        .f("f2", "svc", "obs");
    assert!(ids_of(&traced, TRACING).is_empty());
    let upstream_only = base
        .clone()
        .c("obs", "observability", &[])
        .f("f2", "obs", "agent");
    assert_eq!(
        ids_of(&upstream_only, TRACING).len(),
        1,
        "upstream does not count"
    );
    let no_tracing = base
        .c("obs", "observability", &[("tracing", no())])
        .f("f2", "svc", "obs");
    assert_eq!(ids_of(&no_tracing, TRACING).len(), 1);
}

#[test]
fn large_model_needs_a_router_upstream_and_unknown_size_is_not_large() {
    let large = Arch::new()
        .c("app", "client_app", &[])
        .c("llm", "model_endpoint", &[("model_size", text("large"))])
        .f("f1", "app", "llm");
    assert_eq!(ids_of(&large, ROUTING), [format!("{ROUTING}@llm")]);
    let routed = Arch::new()
        .c("app", "client_app", &[])
        .c("router", "model_router", &[])
        .c("llm", "model_endpoint", &[("model_size", text("large"))])
        .f("f1", "app", "router")
        .f("f2", "router", "llm");
    assert!(ids_of(&routed, ROUTING).is_empty());
    let unknown = Arch::new().c("llm", "model_endpoint", &[]);
    assert!(
        ids_of(&unknown, ROUTING).is_empty(),
        "model_size defaults to unknown"
    );
}

// ---- findings as a whole ----

#[test]
fn finding_ids_survive_relabeling_and_unrelated_edits() {
    let arch = chatbot().f("f4", "chat", "agent").f("f5", "agent", "llm");
    let before: Vec<String> = evaluate(&arch.build(), Pack::builtin())
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert!(!before.is_empty());
    let edited = arch.relabel("llm", "Claude").relabel("user", "Customer").c(
        "unrelated",
        "database",
        &[("encryption_at_rest", yes()), ("backups", yes())],
    );
    let after: Vec<String> = evaluate(&edited.build(), Pack::builtin())
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(before, after);
}

#[test]
fn findings_come_highest_risk_first_and_in_the_same_order_every_time() {
    let arch = chatbot()
        .f("f4", "chat", "agent")
        .f("f5", "agent", "llm")
        .c("py", "code_interpreter", &[]);
    let a = evaluate(&arch.build(), Pack::builtin());
    let mut reversed = arch.clone();
    reversed.data.components.reverse();
    reversed.data.flows.reverse();
    let b = evaluate(&reversed.build(), Pack::builtin());
    assert_eq!(a, b, "input order does not matter");
    assert!(a.windows(2).all(|w| w[0].risk >= w[1].risk));
}

#[test]
fn every_agent_on_a_large_loop_gets_a_real_loop_through_itself() {
    // A ring with chords (short loops exist) and a plain ring too long for the shortest-loop
    // search (the loop goes through the group's root instead).
    for (n, chords) in [(100, true), (200, false)] {
        let mut arch = Arch::new();
        for i in 0..n {
            arch = arch.c(&format!("a{i:03}"), "agent", &[]);
        }
        for i in 0..n {
            let next = format!("a{:03}", (i + 1) % n);
            arch = arch.f(&format!("r{i:03}"), &format!("a{i:03}"), &next);
            if chords && i % 7 == 0 {
                let far = format!("a{:03}", (i + 30) % n);
                arch = arch.f(&format!("c{i:03}"), &format!("a{i:03}"), &far);
            }
        }
        let built = arch.build();
        let found = findings_of(&arch, LOOP);
        assert_eq!(found.len(), n, "every agent is on the loop");
        for f in &found {
            let subject = &f.components[0];
            assert_eq!(f.path.first(), Some(subject));
            assert_eq!(f.path.last(), Some(subject));
            assert_eq!(f.flows.len() + 1, f.path.len());
            for (step, flow) in f.path.windows(2).zip(&f.flows) {
                let flow = built.flow(flow).expect("the witness names real flows");
                assert_eq!(
                    (&flow.from, &flow.to),
                    (&step[0], &step[1]),
                    "each step is its flow"
                );
            }
        }
    }
}
