//! Each case of the three-way merge, on the support assistant.

use lens::catalog::Catalog;
use lens::merge::{Conflict, ConflictReason, Element};
use lens::model::{BoundaryId, FlowId, Position, Value};
use lens::review::{Answer, AnswerValue, Decision, DecisionStatus};
use serde_json::json;

use super::elements::{component, flow};
use super::{base, cid, edited, merged};

/// A property of `kind` that takes a boolean and that `other` does not have.
fn bool_property_only_of(kind: &str, other: &str) -> String {
    let catalog = Catalog::builtin();
    catalog
        .kind(kind)
        .expect("a catalog kind")
        .properties
        .iter()
        .map(|p| p.id.clone())
        .find(|p| {
            catalog.check_value(kind, p, &Value::Bool(true)).is_ok()
                && catalog.property(other, p).is_err()
        })
        .expect("the kinds differ in a boolean property")
}

fn decision(finding: &str, status: DecisionStatus, owner: &str) -> Decision {
    Decision {
        finding: finding.into(),
        status,
        justification: "Handled by the platform team.".into(),
        owner: owner.into(),
        date: "2026-12-01".into(),
        ticket: None,
    }
}

fn only_conflict(conflicts: &[Conflict]) -> &Conflict {
    assert_eq!(conflicts.len(), 1, "exactly one conflict: {conflicts:#?}");
    &conflicts[0]
}

#[test]
fn changes_to_different_fields_of_one_component_both_apply() {
    let base = base();
    let ours = edited(&base, |a| {
        a.set_component_label(&cid("chat"), "Web chat").unwrap()
    });
    let theirs = edited(&base, |a| {
        a.set_component_position(&cid("chat"), Some(Position { x: 5.0, y: 6.0 }))
            .unwrap();
        a.set_flow_property(&FlowId::from("f1"), "encrypted", Some(Value::Bool(true)))
            .unwrap();
    });
    let m = merged(&base, &ours, &theirs);
    assert!(m.new_conflicts.is_empty(), "{:#?}", m.new_conflicts);
    let chat = m.review.architecture.component(&cid("chat")).unwrap();
    assert_eq!(chat.label, "Web chat", "ours' label applies");
    assert_eq!(
        chat.position,
        Some(Position { x: 5.0, y: 6.0 }),
        "theirs' move applies"
    );
    let f1 = m.review.architecture.flow(&FlowId::from("f1")).unwrap();
    assert_eq!(f1.properties.get("encrypted"), Some(&Value::Bool(true)));
}

#[test]
fn the_same_change_on_both_sides_applies_once() {
    let base = base();
    let change = |a: &mut lens::Architecture| {
        a.add_component(component("guard", "guardrail")).unwrap();
        a.add_flow(flow("f9", "chat", "guard")).unwrap();
        a.set_component_label(&cid("llm"), "Claude").unwrap();
    };
    let ours = edited(&base, change);
    let theirs = edited(&base, change);
    let m = merged(&base, &ours, &theirs);
    assert!(m.new_conflicts.is_empty(), "{:#?}", m.new_conflicts);
    assert_eq!(m.review.architecture.to_data(), ours.architecture.to_data());
}

#[test]
fn additions_on_both_sides_are_all_kept() {
    let base = base();
    let ours = edited(&base, |a| {
        a.add_component(component("guard", "guardrail")).unwrap()
    });
    let theirs = edited(&base, |a| {
        a.add_component(component("cache", "vector_store")).unwrap();
        a.add_flow(flow("f9", "agent", "cache")).unwrap();
    });
    let m = merged(&base, &ours, &theirs);
    assert!(m.new_conflicts.is_empty());
    let a = &m.review.architecture;
    assert!(a.component(&cid("guard")).is_some() && a.component(&cid("cache")).is_some());
    assert!(a.flow(&FlowId::from("f9")).is_some());
}

#[test]
fn a_property_set_to_different_values_keeps_ours_and_records_both() {
    let base = base();
    let f1 = FlowId::from("f1");
    let ours = edited(&base, |a| {
        a.set_flow_property(&f1, "encrypted", Some(Value::Bool(true)))
            .unwrap();
    });
    let theirs = edited(&base, |a| {
        a.set_flow_property(&f1, "encrypted", Some(Value::Bool(false)))
            .unwrap();
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(c.path(), r#"flows["f1"].properties.encrypted"#);
    assert_eq!(c.reason, ConflictReason::BothChanged);
    assert_eq!(
        (&c.base, &c.ours, &c.theirs),
        (&None, &Some(json!(true)), &Some(json!(false))),
        "the base had no value; both sides' values are recorded"
    );
    let merged_flow = m.review.architecture.flow(&f1).unwrap();
    assert_eq!(
        merged_flow.properties.get("encrypted"),
        Some(&Value::Bool(true))
    );
    assert_eq!(m.review.conflicts, m.new_conflicts, "the review holds them");
}

#[test]
fn a_component_deleted_by_ours_and_edited_by_theirs_stays_deleted_with_theirs_recorded() {
    let base = base();
    let ours = edited(&base, |a| {
        a.remove_component(&cid("vectors")).unwrap();
    });
    let theirs = edited(&base, |a| {
        a.set_component_label(&cid("vectors"), "Docs").unwrap()
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(
        (c.element, c.id.as_str(), c.reason),
        (
            Element::Component,
            "vectors",
            ConflictReason::DeletedAndChanged
        )
    );
    assert!(c.ours.is_none(), "ours deleted it");
    assert_eq!(c.theirs.as_ref().unwrap()["label"], json!("Docs"));
    assert!(m.review.architecture.component(&cid("vectors")).is_none());
    assert!(m.review.architecture.flow(&FlowId::from("f4")).is_none());
}

#[test]
fn a_component_deleted_by_theirs_and_edited_by_ours_is_kept() {
    let base = base();
    let ours = edited(&base, |a| {
        a.set_component_label(&cid("vectors"), "Docs").unwrap()
    });
    let theirs = edited(&base, |a| {
        a.remove_component(&cid("vectors")).unwrap();
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(c.reason, ConflictReason::DeletedAndChanged);
    assert!(c.theirs.is_none());
    let vectors = m.review.architecture.component(&cid("vectors")).unwrap();
    assert_eq!(vectors.label, "Docs");
    assert!(
        m.review.architecture.flow(&FlowId::from("f4")).is_none(),
        "theirs deleted the flow with the component and ours did not change it"
    );
}

#[test]
fn a_component_deleted_on_one_side_and_untouched_on_the_other_is_deleted() {
    let base = base();
    let theirs = edited(&base, |a| {
        a.remove_component(&cid("vectors")).unwrap();
    });
    let m = merged(&base, &base, &theirs);
    assert!(m.new_conflicts.is_empty());
    assert_eq!(
        m.review.architecture.to_data(),
        theirs.architecture.to_data()
    );
}

#[test]
fn a_new_flow_of_ours_keeps_the_component_theirs_deleted() {
    let base = base();
    let ours = edited(&base, |a| {
        a.add_flow(flow("f9", "chat", "vectors")).unwrap()
    });
    let theirs = edited(&base, |a| {
        a.remove_component(&cid("vectors")).unwrap();
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(
        (c.element, c.id.as_str(), c.reason),
        (Element::Component, "vectors", ConflictReason::DeletedInUse)
    );
    assert!(c.theirs.is_none() && c.ours.is_some());
    let a = &m.review.architecture;
    assert!(a.component(&cid("vectors")).is_some() && a.flow(&FlowId::from("f9")).is_some());
}

#[test]
fn a_new_flow_of_theirs_to_a_component_ours_deleted_is_recorded_not_added() {
    let base = base();
    let ours = edited(&base, |a| {
        a.remove_component(&cid("vectors")).unwrap();
    });
    let theirs = edited(&base, |a| {
        a.add_flow(flow("f9", "chat", "vectors")).unwrap()
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(
        (c.element, c.id.as_str(), c.reason),
        (Element::Flow, "f9", ConflictReason::RefersToDeleted)
    );
    assert_eq!(c.theirs.as_ref().unwrap()["to"], json!("vectors"));
    assert!(m.review.architecture.flow(&FlowId::from("f9")).is_none());
    assert!(m.review.architecture.component(&cid("vectors")).is_none());
}

#[test]
fn a_flow_theirs_reconnected_to_a_component_ours_deleted_keeps_ours_ends() {
    let base = base();
    let ours = edited(&base, |a| {
        a.remove_component(&cid("vectors")).unwrap();
    });
    let theirs = edited(&base, |a| {
        a.reconnect_flow(&FlowId::from("f3"), cid("agent"), cid("vectors"))
            .unwrap()
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(c.path(), r#"flows["f3"]"#);
    assert_eq!(c.reason, ConflictReason::RefersToDeleted);
    let f3 = m.review.architecture.flow(&FlowId::from("f3")).unwrap();
    assert_eq!(f3.to, cid("llm"), "ours' end is kept");
}

#[test]
fn boundaries_moved_inside_each_other_keep_ours_parent_and_stay_a_forest() {
    let base = base();
    let aws = BoundaryId::from("aws");
    let web = BoundaryId::from("web");
    let ours = edited(&base, |a| {
        a.set_boundary_parent(&aws, Some(web.clone())).unwrap()
    });
    let theirs = edited(&base, |a| {
        a.set_boundary_parent(&web, Some(aws.clone())).unwrap()
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(c.reason, ConflictReason::Incompatible);
    assert_eq!(c.path(), r#"boundaries["web"].parent"#);
    assert_eq!(c.theirs, Some(json!("aws")));
    let a = &m.review.architecture;
    assert_eq!(
        a.boundary(&aws).unwrap().parent,
        Some(web.clone()),
        "ours' move applies"
    );
    assert_eq!(
        a.boundary(&web).unwrap().parent,
        None,
        "theirs' is recorded"
    );
}

#[test]
fn a_component_ours_placed_in_a_boundary_theirs_deleted_keeps_the_boundary() {
    let base = base();
    let vpc = BoundaryId::from("vpc");
    let ours = edited(&base, |a| {
        a.set_component_boundary(&cid("vectors"), Some(vpc.clone()))
            .unwrap()
    });
    let theirs = edited(&base, |a| {
        a.remove_boundary(&vpc).unwrap();
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(
        (c.element, c.id.as_str(), c.reason),
        (Element::Boundary, "vpc", ConflictReason::DeletedInUse)
    );
    let a = &m.review.architecture;
    assert_eq!(
        a.component(&cid("vectors")).unwrap().boundary,
        Some(vpc.clone())
    );
    assert_eq!(
        a.component(&cid("agent")).unwrap().boundary,
        Some(BoundaryId::from("aws")),
        "theirs moved the members out when deleting the boundary; that still applies"
    );
}

#[test]
fn a_new_component_theirs_placed_in_a_boundary_ours_deleted_goes_to_its_parent() {
    let base = base();
    let vpc = BoundaryId::from("vpc");
    let ours = edited(&base, |a| {
        a.remove_boundary(&vpc).unwrap();
    });
    let theirs = edited(&base, |a| {
        let mut cache = component("cache", "vector_store");
        cache.boundary = Some(vpc.clone());
        a.add_component(cache).unwrap();
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(c.path(), r#"components["cache"].boundary"#);
    assert_eq!(c.reason, ConflictReason::RefersToDeleted);
    assert_eq!((&c.ours, &c.theirs), (&None, &Some(json!("vpc"))));
    let cache = m.review.architecture.component(&cid("cache")).unwrap();
    assert_eq!(cache.boundary, Some(BoundaryId::from("aws")));
}

#[test]
fn a_kind_changed_on_one_side_and_a_property_of_the_old_kind_set_on_the_other_keeps_ours() {
    let base = base();
    let property = bool_property_only_of("model_endpoint", "agent");
    let ours = edited(&base, |a| {
        a.set_component_kind(&cid("llm"), "agent").unwrap();
    });
    let theirs = edited(&base, |a| {
        a.set_component_property(&cid("llm"), &property, Some(Value::Bool(true)))
            .unwrap();
    });
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(
        (c.path().as_str(), c.reason),
        (r#"components["llm"]"#, ConflictReason::Incompatible)
    );
    assert_eq!(
        c.theirs.as_ref().unwrap()["properties"][&property],
        json!(true)
    );
    let llm = m.review.architecture.component(&cid("llm")).unwrap();
    assert_eq!(llm.kind, "agent");
    assert!(!llm.properties.contains_key(&property));
}

#[test]
fn names_changed_differently_are_a_conflict() {
    let base = base();
    let ours = edited(&base, |a| a.set_name("Ours").unwrap());
    let theirs = edited(&base, |a| a.set_name("Theirs").unwrap());
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!((c.element, c.path().as_str()), (Element::Name, "name"));
    assert_eq!(m.review.architecture.name(), "Ours");
}

#[test]
fn decisions_merge_by_finding_and_keep_both_histories() {
    let base = base();
    let mut ours = base.clone();
    ours.decide(decision("rule/a@llm", DecisionStatus::Mitigated, "Ana"))
        .unwrap();
    ours.decide(decision("rule/c@llm", DecisionStatus::Mitigated, "Ana"))
        .unwrap();
    let mut theirs = base.clone();
    theirs
        .decide(decision("rule/b@llm", DecisionStatus::NotApplicable, "Ben"))
        .unwrap();
    theirs
        .decide(decision("rule/c@llm", DecisionStatus::Accepted, "Ben"))
        .unwrap();
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!(
        (c.element, c.id.as_str(), c.reason),
        (Element::Decision, "rule/c@llm", ConflictReason::BothChanged)
    );
    let d = &m.review.decisions;
    assert_eq!(d.len(), 3);
    assert_eq!(d["rule/b@llm"].owner, "Ben", "theirs' decision applies");
    assert_eq!(d["rule/c@llm"].owner, "Ana", "ours is kept in the conflict");
    let owners: Vec<&str> = m
        .review
        .decision_history
        .iter()
        .map(|e| e.owner.as_str())
        .collect();
    assert_eq!(
        owners,
        ["Ana", "Ana", "Ben", "Ben"],
        "both histories, ours first"
    );
}

#[test]
fn a_decision_made_on_both_sides_is_kept_once_with_one_history_event() {
    let base = base();
    let mut ours = base.clone();
    ours.decide(decision("rule/a@llm", DecisionStatus::Mitigated, "Ana"))
        .unwrap();
    let theirs = ours.clone();
    let m = merged(&base, &ours, &theirs);
    assert!(m.new_conflicts.is_empty());
    assert_eq!(m.review.decision_history.len(), 1);
}

#[test]
fn checklist_answers_merge_by_item() {
    let base = base();
    let answer = |item: &str, value: AnswerValue| Answer {
        item: item.into(),
        answer: value,
        note: String::new(),
    };
    let mut ours = base.clone();
    ours.answers
        .insert("i/one".into(), answer("i/one", AnswerValue::Yes));
    ours.answers
        .insert("i/two".into(), answer("i/two", AnswerValue::No));
    let mut theirs = base.clone();
    theirs
        .answers
        .insert("i/three".into(), answer("i/three", AnswerValue::Yes));
    theirs
        .answers
        .insert("i/two".into(), answer("i/two", AnswerValue::Yes));
    let m = merged(&base, &ours, &theirs);
    let c = only_conflict(&m.new_conflicts);
    assert_eq!((c.element, c.id.as_str()), (Element::Answer, "i/two"));
    let items: Vec<&String> = m.review.answers.keys().collect();
    assert_eq!(items, ["i/one", "i/three", "i/two"]);
    assert_eq!(m.review.answers["i/two"].answer, AnswerValue::No);
}

#[test]
fn milestones_of_both_sides_are_kept() {
    let base = base();
    let mut ours = base.clone();
    ours.add_milestone("ours", 200).unwrap();
    let mut theirs = base.clone();
    theirs.add_milestone("theirs", 100).unwrap();
    let m = merged(&base, &ours, &theirs);
    assert!(m.new_conflicts.is_empty());
    let names: Vec<&str> = m
        .review
        .milestones
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(names, ["ours", "theirs"], "ours, then theirs' new ones");
}

#[test]
fn two_milestones_of_one_name_with_different_content_are_a_conflict() {
    let base = base();
    let mut ours = base.clone();
    ours.add_milestone("review", 200).unwrap();
    let mut theirs = edited(&base, |a| a.set_name("Other").unwrap());
    theirs.add_milestone("review", 100).unwrap();
    let m = merged(&base, &ours, &theirs);
    let c = m
        .new_conflicts
        .iter()
        .find(|c| c.element == Element::Milestone)
        .expect("a milestone conflict");
    assert_eq!(c.theirs.as_ref().unwrap()["created_at"], json!(100));
    assert_eq!(m.review.milestones.len(), 1);
    assert_eq!(m.review.milestones[0].created_at, 200);
}

#[test]
fn the_merged_review_keeps_the_newer_last_import_of_the_two_sides() {
    let import = |imported_at| {
        Some(lens::review::LastImport {
            source: "main.tfplan.json".into(),
            imported_at,
            architecture: base().architecture.to_data(),
        })
    };
    let base = base();
    let mut ours = base.clone();
    ours.last_import = import(100);
    let mut theirs = base.clone();
    theirs.last_import = import(200);
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.review.last_import, import(200), "theirs imported later");
    let m = merged(&base, &theirs, &ours);
    assert_eq!(m.review.last_import, import(200), "whichever side it is on");
    let m = merged(&base, &ours, &base);
    assert_eq!(
        m.review.last_import,
        import(100),
        "a side without one takes nothing away"
    );
}
