//! Editing operations on `Architecture`: each keeps the invariants (`verify`), holds the content
//! to the catalog, and changes nothing when it returns an error.

use lens::model::{
    Architecture, BoundaryId, ComponentId, FlowId, ModelError, Position, Properties, Trust, Value,
};
use lens::samples::support_assistant;

use crate::elements::{boundary, component, flow};

fn sample() -> Architecture {
    Architecture::from_data_checked(support_assistant()).unwrap()
}

/// Runs an edit that must fail, and checks that it changed nothing.
fn refused(
    a: &mut Architecture,
    edit: impl FnOnce(&mut Architecture) -> Result<(), ModelError>,
) -> ModelError {
    let before = a.to_data();
    let err = edit(a).expect_err("the edit must be refused");
    assert_eq!(a.to_data(), before, "a refused edit changes nothing");
    a.verify().unwrap();
    err
}

fn cid(s: &str) -> ComponentId {
    ComponentId::from(s)
}

#[test]
fn adding_a_component_makes_it_part_of_the_graph() {
    let mut a = sample();
    a.add_component(component("guard", "guardrail")).unwrap();
    a.add_flow(flow("f5", "agent", "guard")).unwrap();
    a.verify().unwrap();
    assert!(a.out_neighbours(&cid("agent")).contains(&cid("guard")));
}

#[test]
fn adding_a_component_with_a_used_id_is_refused() {
    let mut a = sample();
    let err = refused(&mut a, |a| a.add_component(component("llm", "guardrail")));
    assert_eq!(err.path(), Some("components[\"llm\"].id"));
    assert_eq!(
        err.to_string(),
        "components[\"llm\"].id: the id \"llm\" is used twice; ids must be unique"
    );
}

#[test]
fn adding_a_component_of_an_unknown_kind_is_refused() {
    let mut a = sample();
    let err = refused(&mut a, |a| a.add_component(component("x", "firewall")));
    assert_eq!(err.path(), Some("components[\"x\"].kind"));
    assert!(err
        .to_string()
        .starts_with("components[\"x\"].kind: \"firewall\" is not a component kind"));
}

#[test]
fn adding_a_component_with_a_bad_property_or_boundary_is_refused() {
    let mut a = sample();
    let mut c = component("x", "agent");
    c.properties
        .insert("role".into(), Value::Text("boss".into()));
    let err = refused(&mut a, |a| a.add_component(c));
    assert_eq!(err.path(), Some("components[\"x\"].properties.role"));
    let mut c = component("x", "agent");
    c.boundary = Some("nowhere".into());
    let err = refused(&mut a, |a| a.add_component(c));
    assert_eq!(
        err.to_string(),
        "components[\"x\"].boundary: no boundary has the id \"nowhere\""
    );
    let err = refused(&mut a, |a| a.add_component(component("", "agent")));
    assert_eq!(
        err.to_string(),
        "components[\"\"].id: an id must not be empty"
    );
}

#[test]
fn removing_a_component_removes_its_flows() {
    let mut a = sample();
    let removed = a.remove_component(&cid("agent")).unwrap();
    a.verify().unwrap();
    assert_eq!(removed.component.id, cid("agent"));
    let flows: Vec<&str> = removed.flows.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(flows, ["f2", "f3", "f4"]);
    assert_eq!(a.flows().count(), 1);
    assert!(a.outgoing(&cid("chat")).is_empty());
    let err = refused(&mut a, |a| a.remove_component(&cid("agent")).map(|_| ()));
    assert_eq!(err.to_string(), "no component has the id \"agent\"");
}

#[test]
fn a_removed_component_can_be_added_back_with_its_flows() {
    let mut a = sample();
    let before = a.to_data();
    let removed = a.remove_component(&cid("agent")).unwrap();
    a.add_component(removed.component).unwrap();
    for f in removed.flows {
        a.add_flow(f).unwrap();
    }
    assert_eq!(a.to_data(), before, "undo restores the architecture");
    a.verify().unwrap();
}

#[test]
fn changing_the_kind_keeps_the_properties_the_new_kind_allows() {
    let mut a = sample();
    a.set_component_property(&cid("agent"), "timeout_seconds", Some(Value::Number(30.0)))
        .unwrap();
    a.set_component_property(&cid("agent"), "role", Some(Value::Text("worker".into())))
        .unwrap();
    let dropped = a.set_component_kind(&cid("agent"), "orchestrator").unwrap();
    assert_eq!(dropped.keys().collect::<Vec<_>>(), ["role"]);
    let agent = a.component(&cid("agent")).unwrap();
    assert_eq!(agent.kind, "orchestrator");
    assert_eq!(
        agent.properties.get("timeout_seconds"),
        Some(&Value::Number(30.0))
    );
    let err = refused(&mut a, |a| {
        a.set_component_kind(&cid("agent"), "wizard").map(|_| ())
    });
    assert_eq!(err.path(), Some("components[\"agent\"].kind"));
}

#[test]
fn setting_and_unsetting_a_property() {
    let mut a = sample();
    let id = cid("agent");
    assert_eq!(
        a.set_component_property(&id, "max_iterations", Some(Value::Number(10.0))),
        Ok(None)
    );
    assert_eq!(
        a.set_component_property(&id, "max_iterations", None),
        Ok(Some(Value::Number(10.0))),
        "unsetting returns the previous value"
    );
    assert!(a.component(&id).unwrap().properties.is_empty());
    let err = refused(&mut a, |a| {
        a.set_component_property(&id, "max_iterations", Some(Value::Bool(true)))
            .map(|_| ())
    });
    assert_eq!(
        err.to_string(),
        "components[\"agent\"].properties.max_iterations: \"max_iterations\" must be a number, found true"
    );
    let err = refused(&mut a, |a| {
        a.set_component_property(&id, "colour", None).map(|_| ())
    });
    assert_eq!(err.path(), Some("components[\"agent\"].properties.colour"));
    let err = refused(&mut a, |a| {
        a.set_component_properties(
            &id,
            [("retries".to_owned(), Value::Bool(true))]
                .into_iter()
                .collect(),
        )
        .map(|_| ())
    });
    assert_eq!(err.path(), Some("components[\"agent\"].properties.retries"));
}

#[test]
fn labels_positions_and_boundaries_of_components() {
    let mut a = sample();
    let id = cid("llm");
    a.set_component_label(&id, "Claude Sonnet").unwrap();
    a.set_component_position(&id, Some(Position { x: 1.5, y: -2.0 }))
        .unwrap();
    a.add_boundary(boundary("vpc", None)).unwrap();
    a.set_component_boundary(&id, Some("vpc".into())).unwrap();
    let llm = a.component(&id).unwrap();
    assert_eq!(
        (llm.label.as_str(), llm.position, llm.boundary.clone()),
        (
            "Claude Sonnet",
            Some(Position { x: 1.5, y: -2.0 }),
            Some(BoundaryId::from("vpc"))
        )
    );
    let err = refused(&mut a, |a| a.set_component_label(&id, "x".repeat(4097)));
    assert_eq!(
        err.to_string(),
        "components[\"llm\"].label: the text is 4097 characters long; the limit is 4096"
    );
    let err = refused(&mut a, |a| {
        a.set_component_position(
            &id,
            Some(Position {
                x: f64::NAN,
                y: 0.0,
            }),
        )
    });
    assert_eq!(
        err.to_string(),
        "components[\"llm\"].position: coordinates must be finite numbers"
    );
    let err = refused(&mut a, |a| {
        a.set_component_boundary(&id, Some("dmz".into()))
    });
    assert_eq!(err.path(), Some("components[\"llm\"].boundary"));
    let err = refused(&mut a, |a| a.set_component_label(&cid("ghost"), "x"));
    assert_eq!(err, ModelError::UnknownComponent { id: "ghost".into() });
}

#[test]
fn replacing_a_component_checks_the_new_version() {
    let mut a = sample();
    let mut llm = a.component(&cid("llm")).unwrap().clone();
    llm.kind = "embedding_model".into();
    llm.properties
        .insert("dimensions".into(), Value::Number(256.0));
    let old = a.replace_component(llm.clone()).unwrap();
    assert_eq!(old.kind, "model_endpoint");
    assert_eq!(a.component(&cid("llm")), Some(&llm));
    llm.properties
        .insert("dimensions".into(), Value::Number(0.0));
    let err = refused(&mut a, |a| a.replace_component(llm).map(|_| ()));
    assert_eq!(
        err.to_string(),
        "components[\"llm\"].properties.dimensions: \"dimensions\" must be at least 1, found 0"
    );
    let err = refused(&mut a, |a| {
        a.replace_component(component("new", "agent")).map(|_| ())
    });
    assert_eq!(err, ModelError::UnknownComponent { id: "new".into() });
}

#[test]
fn adding_and_removing_flows() {
    let mut a = sample();
    a.add_flow(flow("f9", "llm", "agent")).unwrap();
    a.verify().unwrap();
    assert_eq!(a.cycles().len(), 1);
    let removed = a.remove_flow(&FlowId::from("f9")).unwrap();
    assert_eq!(removed.to, cid("agent"));
    assert!(a.cycles().is_empty());
    let err = refused(&mut a, |a| a.add_flow(flow("f1", "llm", "agent")));
    assert_eq!(err.path(), Some("flows[\"f1\"].id"));
    let err = refused(&mut a, |a| a.add_flow(flow("f9", "llm", "gpt")));
    assert_eq!(
        err.to_string(),
        "flows[\"f9\"].to: no component has the id \"gpt\"; a flow must connect two existing components"
    );
    let err = refused(&mut a, |a| a.remove_flow(&FlowId::from("f9")).map(|_| ()));
    assert_eq!(err.to_string(), "no flow has the id \"f9\"");
}

#[test]
fn reconnecting_a_flow_moves_its_ends() {
    let mut a = sample();
    let id = FlowId::from("f4");
    a.set_flow_property(&id, "encrypted", Some(Value::Bool(true)))
        .unwrap();
    a.reconnect_flow(&id, cid("chat"), cid("llm")).unwrap();
    a.verify().unwrap();
    let f = a.flow(&id).unwrap();
    assert_eq!((f.from.as_str(), f.to.as_str()), ("chat", "llm"));
    assert_eq!(f.properties.get("encrypted"), Some(&Value::Bool(true)));
    assert!(a.out_neighbours(&cid("chat")).contains(&cid("llm")));
    assert!(!a.out_neighbours(&cid("agent")).contains(&cid("vectors")));
    let err = refused(&mut a, |a| a.reconnect_flow(&id, cid("chat"), cid("nope")));
    assert_eq!(err.path(), Some("flows[\"f4\"].to"));
}

#[test]
fn flow_properties_are_checked_against_the_catalog() {
    let mut a = sample();
    let id = FlowId::from("f1");
    a.set_flow_property(&id, "carries", Some(Value::Text("regulated".into())))
        .unwrap();
    assert_eq!(
        a.set_flow_property(&id, "carries", None),
        Ok(Some(Value::Text("regulated".into())))
    );
    let err = refused(&mut a, |a| {
        a.set_flow_property(&id, "carries", Some(Value::Text("secret".into())))
            .map(|_| ())
    });
    assert_eq!(err.path(), Some("flows[\"f1\"].properties.carries"));
    let err = refused(&mut a, |a| {
        a.set_flow_property(&id, "speed", None).map(|_| ())
    });
    assert_eq!(
        err.to_string(),
        "flows[\"f1\"].properties.speed: a flow has no property \"speed\"; its properties are \"encrypted\", \"authenticated\", \"carries\", \"purpose\", \"label\", \"notes\""
    );
    let props: Properties = [("label".to_owned(), Value::Text("HTTPS".into()))]
        .into_iter()
        .collect();
    a.set_flow_properties(&id, props.clone()).unwrap();
    assert_eq!(a.flow(&id).unwrap().properties, props);
}

#[test]
fn boundaries_nest_without_cycles() {
    let mut a = sample();
    a.add_boundary(boundary("account", None)).unwrap();
    a.add_boundary(boundary("vpc", Some("account"))).unwrap();
    a.add_boundary(boundary("subnet", Some("vpc"))).unwrap();
    a.verify().unwrap();
    let err = refused(&mut a, |a| {
        a.set_boundary_parent(&BoundaryId::from("account"), Some("subnet".into()))
    });
    assert_eq!(
        err.to_string(),
        "boundaries[\"account\"].parent: boundary \"account\" is inside itself; boundary parents must not form a cycle"
    );
    let err = refused(&mut a, |a| a.add_boundary(boundary("loop", Some("loop"))));
    assert_eq!(err.path(), Some("boundaries[\"loop\"].parent"));
    let err = refused(&mut a, |a| a.add_boundary(boundary("x", Some("cloud"))));
    assert_eq!(
        err.to_string(),
        "boundaries[\"x\"].parent: no boundary has the id \"cloud\""
    );
    let err = refused(&mut a, |a| a.add_boundary(boundary("vpc", None)));
    assert_eq!(err.path(), Some("boundaries[\"vpc\"].id"));
    a.set_boundary_parent(&BoundaryId::from("subnet"), None)
        .unwrap();
    a.set_boundary_trust(&BoundaryId::from("subnet"), Trust::Tenant)
        .unwrap();
    a.set_boundary_label(&BoundaryId::from("subnet"), "Tenant subnet")
        .unwrap();
    let subnet = a.boundary(&BoundaryId::from("subnet")).unwrap();
    assert_eq!(
        (subnet.parent.clone(), subnet.trust, subnet.label.as_str()),
        (None, Trust::Tenant, "Tenant subnet")
    );
    let mut vpc = a.boundary(&BoundaryId::from("vpc")).unwrap().clone();
    vpc.parent = Some("subnet".into());
    a.replace_boundary(vpc.clone()).unwrap();
    vpc.parent = Some("vpc".into());
    let err = refused(&mut a, |a| a.replace_boundary(vpc).map(|_| ()));
    assert_eq!(err.path(), Some("boundaries[\"vpc\"].parent"));
    a.verify().unwrap();
}

#[test]
fn removing_a_boundary_moves_its_contents_to_its_parent() {
    let mut a = sample();
    a.add_boundary(boundary("account", None)).unwrap();
    a.add_boundary(boundary("vpc", Some("account"))).unwrap();
    a.add_boundary(boundary("subnet", Some("vpc"))).unwrap();
    a.set_component_boundary(&cid("llm"), Some("vpc".into()))
        .unwrap();
    a.remove_boundary(&BoundaryId::from("vpc")).unwrap();
    a.verify().unwrap();
    assert_eq!(
        a.component(&cid("llm")).unwrap().boundary,
        Some(BoundaryId::from("account"))
    );
    assert_eq!(
        a.boundary(&BoundaryId::from("subnet")).unwrap().parent,
        Some(BoundaryId::from("account"))
    );
    a.remove_boundary(&BoundaryId::from("account")).unwrap();
    assert_eq!(a.component(&cid("llm")).unwrap().boundary, None);
    let err = refused(&mut a, |a| {
        a.remove_boundary(&BoundaryId::from("vpc")).map(|_| ())
    });
    assert_eq!(
        err.to_string(),
        "boundaries[\"vpc\"]: no boundary has the id \"vpc\""
    );
}

#[test]
fn renaming_the_architecture() {
    let mut a = sample();
    a.set_name("Support assistant v2").unwrap();
    assert_eq!(a.name(), "Support assistant v2");
    let err = refused(&mut a, |a| a.set_name("n".repeat(5000)));
    assert_eq!(err.path(), Some("name"));
}

mod random_edits {
    //! Random sequences of edits, valid and invalid, keep every invariant: after each edit
    //! `verify()` holds and the architecture still passes the full catalog check; a refused edit
    //! changes nothing.

    use super::*;
    use crate::edits::{apply, edit};
    use lens::samples::generated;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn random_edit_sequences_keep_every_invariant(
            seed in any::<u64>(),
            size in 0usize..12,
            edits in proptest::collection::vec(edit(), 1..40),
        ) {
            let mut a = Architecture::from_data_checked(generated(size, seed)).unwrap();
            for e in edits {
                let before = a.to_data();
                let result = apply(&mut a, e.clone());
                prop_assert!(a.verify().is_ok(), "{e:?} broke an invariant: {:?}", a.verify());
                if result.is_err() {
                    prop_assert_eq!(&a.to_data(), &before, "refused {:?} changed something", e);
                }
                let recheck = Architecture::from_data_checked(a.to_data());
                prop_assert!(recheck.is_ok(), "{e:?} left content the catalog refuses: {:?}", recheck.err());
            }
        }
    }
}

#[test]
fn a_blank_label_is_refused_and_changes_nothing() {
    let mut a = sample();
    let id = ComponentId::from("agent");
    let err = a.set_component_label(&id, "   ").unwrap_err();
    assert!(
        matches!(err, ModelError::BlankLabel { .. }),
        "a label of spaces is blank, not a name: {err:?}"
    );
    assert_eq!(err.code(), lens::ErrorCode::InvalidLabel);
    assert_eq!(
        a.component(&id).unwrap().label,
        "Support agent",
        "the refused edit changed nothing"
    );
    a.verify().unwrap();
}
