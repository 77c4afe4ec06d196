//! Every graph query of `Architecture` on small hand-built architectures.

use std::collections::BTreeSet;

use lens::model::{
    Architecture, ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId,
    Properties, Trust,
};

fn c(id: &str, kind: &str, boundary: Option<&str>) -> Component {
    Component {
        id: id.into(),
        kind: kind.into(),
        preset: None,
        label: id.to_uppercase(),
        boundary: boundary.map(BoundaryId::from),
        properties: Properties::new(),
        position: None,
    }
}

fn f(id: &str, from: &str, to: &str) -> Flow {
    Flow {
        id: id.into(),
        from: from.into(),
        to: to.into(),
        properties: Properties::new(),
    }
}

fn b(id: &str, trust: Trust, parent: Option<&str>) -> Boundary {
    Boundary {
        id: id.into(),
        label: id.to_uppercase(),
        trust,
        parent: parent.map(BoundaryId::from),
        position: None,
        size: None,
    }
}

/// user → chat → agent → guard → llm, with a bypass chat → llm; agent ⇄ tool; retry → retry.
/// Zones: user on the internet, chat in the DMZ, agent and llm in the VPC, guard in a subnet of
/// the VPC; `retry` outside every boundary.
fn sample() -> Architecture {
    Architecture::from_data_checked(ArchitectureData {
        name: "Queries".into(),
        boundaries: vec![
            b("internet", Trust::Internet, None),
            b("dmz", Trust::Dmz, None),
            b("vpc", Trust::Private, None),
            b("subnet", Trust::Private, Some("vpc")),
        ],
        components: vec![
            c("user", "user", Some("internet")),
            c("chat", "client_app", Some("dmz")),
            c("agent", "agent", Some("vpc")),
            c("guard", "guardrail", Some("subnet")),
            c("llm", "model_endpoint", Some("vpc")),
            c("tool", "tool", Some("vpc")),
            c("retry", "orchestrator", None),
        ],
        flows: vec![
            f("f1", "user", "chat"),
            f("f2", "chat", "agent"),
            f("f3", "agent", "guard"),
            f("f4", "guard", "llm"),
            f("f5", "chat", "llm"),
            f("f6", "agent", "tool"),
            f("f7", "tool", "agent"),
            f("f8", "retry", "retry"),
            f("f9", "llm", "chat"),
        ],
    })
    .expect("the sample is valid")
}

fn ids<'a>(set: impl IntoIterator<Item = &'a ComponentId>) -> Vec<&'a str> {
    set.into_iter().map(ComponentId::as_str).collect()
}

fn cid(s: &str) -> ComponentId {
    ComponentId::from(s)
}

#[test]
fn outgoing_and_incoming_list_flows_in_id_order() {
    let a = sample();
    let out: Vec<&str> = a
        .outgoing(&cid("chat"))
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(out, ["f2", "f5"]);
    let inc: Vec<&str> = a
        .incoming(&cid("llm"))
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(inc, ["f4", "f5"]);
    assert!(
        a.outgoing(&cid("nobody")).is_empty(),
        "unknown ids have no flows"
    );
}

#[test]
fn neighbours_are_each_listed_once_and_sorted() {
    let a = sample();
    assert_eq!(ids(a.out_neighbours(&cid("agent"))), ["guard", "tool"]);
    assert_eq!(ids(a.in_neighbours(&cid("agent"))), ["chat", "tool"]);
    assert_eq!(
        ids(a.in_neighbours(&cid("retry"))),
        ["retry"],
        "a self-loop"
    );
}

#[test]
fn upstream_and_downstream_follow_flows_transitively() {
    let a = sample();
    assert_eq!(
        ids(a.upstream_of(&cid("guard"))),
        ["agent", "chat", "guard", "llm", "tool", "user"],
        "guard is on the cycle guard → llm → chat → agent → guard, so it is upstream of itself"
    );
    assert_eq!(ids(a.upstream_of(&cid("user"))), Vec::<&str>::new());
    assert_eq!(
        ids(a.downstream_of(&cid("user"))),
        ["agent", "chat", "guard", "llm", "tool"]
    );
    assert_eq!(ids(a.downstream_of(&cid("retry"))), ["retry"]);
}

#[test]
fn a_guardrail_on_one_path_does_not_cover_a_bypass() {
    let mut a = sample();
    let user = cid("user");
    let users: BTreeSet<&ComponentId> = [&user].into_iter().collect();
    let is_guard = |c: &Component| c.kind == "guardrail";
    let w = a
        .path_avoiding(&users, &cid("llm"), &is_guard)
        .expect("the bypass chat → llm avoids the guardrail");
    assert_eq!(ids(&w.components), ["user", "chat", "llm"]);
    assert_eq!(
        w.flows.iter().map(FlowId::as_str).collect::<Vec<_>>(),
        ["f1", "f5"]
    );
    a.remove_flow(&FlowId::from("f5")).unwrap();
    let user = cid("user");
    let users: BTreeSet<&ComponentId> = [&user].into_iter().collect();
    assert_eq!(
        a.path_avoiding(&users, &cid("llm"), &is_guard),
        None,
        "without the bypass every path passes the guardrail"
    );
    let w = a
        .path_avoiding(&users, &cid("llm"), &|_: &Component| false)
        .expect("reachable when nothing is avoided");
    assert_eq!(
        ids(&w.components),
        ["user", "chat", "agent", "guard", "llm"]
    );
}

#[test]
fn reach_avoiding_answers_every_target_from_one_search() {
    let a = sample();
    let user = cid("user");
    let sources: BTreeSet<&ComponentId> = [&user].into_iter().collect();
    let is_agent = |c: &Component| c.kind == "agent";
    let r = a.reach_avoiding(&sources, &is_agent);
    assert!(r.reaches(&cid("user")), "a source reaches itself");
    assert!(r.reaches(&cid("llm")));
    assert!(
        !r.reaches(&cid("tool")),
        "tool is only reachable through the agent"
    );
    assert!(
        !r.reaches(&cid("agent")),
        "avoided components are not reached"
    );
    assert_eq!(r.witness(&cid("tool")), None);
    assert_eq!(ids(&r.witness(&cid("user")).unwrap().components), ["user"]);
    let agent = cid("agent");
    let avoided_source = a.reach_avoiding(&[&agent].into_iter().collect(), &is_agent);
    assert!(
        !avoided_source.reaches(&cid("tool")),
        "an avoided source is skipped"
    );
}

#[test]
fn boundary_chain_lists_boundaries_innermost_first() {
    let a = sample();
    let chain: Vec<&str> = a
        .boundary_chain(&cid("guard"))
        .iter()
        .map(|b| b.id.as_str())
        .collect();
    assert_eq!(chain, ["subnet", "vpc"]);
    assert!(a.boundary_chain(&cid("retry")).is_empty());
    assert_eq!(a.trust_of(&cid("user")), Some(Trust::Internet));
    assert_eq!(a.trust_of(&cid("guard")), Some(Trust::Private));
    assert_eq!(a.trust_of(&cid("retry")), None);
}

#[test]
fn entering_a_more_trusted_zone_is_a_boundary_crossing() {
    let a = sample();
    let crosses = |id: &str| a.enters_higher_trust(&FlowId::from(id));
    assert!(crosses("f1"), "internet → DMZ");
    assert!(crosses("f2"), "DMZ → private VPC");
    assert!(crosses("f5"), "DMZ → private VPC through the bypass");
    assert!(!crosses("f3"), "VPC → its subnet of equal trust");
    assert!(!crosses("f4"), "subnet → the VPC it is already inside");
    assert!(!crosses("f9"), "private → DMZ is less trusted");
    assert!(
        !crosses("f8"),
        "a component outside every boundary to itself"
    );
    assert!(!crosses("nope"), "unknown flows cross nothing");
}

#[test]
fn a_component_outside_every_boundary_counts_as_the_internet() {
    let mut a = sample();
    a.add_flow(f("g1", "retry", "chat")).unwrap();
    assert!(a.enters_higher_trust(&FlowId::from("g1")));
}

#[test]
fn cycles_are_groups_of_components_with_a_loop() {
    let a = sample();
    let cycles: Vec<Vec<&str>> = a.cycles().into_iter().map(ids).collect();
    assert_eq!(
        cycles,
        vec![vec!["agent", "chat", "guard", "llm", "tool"], vec!["retry"]]
    );
    let mut a = a;
    a.remove_flow(&FlowId::from("f9")).unwrap();
    let cycles: Vec<Vec<&str>> = a.cycles().into_iter().map(ids).collect();
    assert_eq!(cycles, vec![vec!["agent", "tool"], vec!["retry"]]);
}

#[test]
fn verify_holds_for_the_sample() {
    sample().verify().unwrap();
}
