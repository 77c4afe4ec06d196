//! `Document`: every kind of `Edit` applies, comes back exactly on undo and again on redo, keeps
//! the invariants, and re-evaluates the findings; dirty tracking follows the saved state.

use lens::document::{ComponentMove, Document, DocumentError, Edit, HISTORY_LIMIT};
use lens::model::{
    Architecture, ArchitectureData, ComponentId, FlowId, ModelError, Position, Properties, Size,
    Trust, Value,
};
use lens::review::Review;
use lens::samples::support_assistant;

use crate::elements::{boundary, component, flow};

fn sample() -> Document {
    Document::new(Review::new(
        Architecture::from_data_checked(support_assistant()).unwrap(),
    ))
}

fn data(doc: &Document) -> ArchitectureData {
    doc.architecture().to_data()
}

/// Applies `edit`, checks that it changed something and kept the invariants, then that undo
/// restores the state before exactly, that redo restores the state after exactly, and that undo
/// brings back the dirty flag of the state before. Returns the document at the state after the
/// edit.
fn round_trip(mut doc: Document, edit: Edit) -> Document {
    let before = data(&doc);
    let was_dirty = doc.is_dirty();
    doc.apply(edit.clone())
        .unwrap_or_else(|e| panic!("{edit:?} must apply: {e}"));
    doc.architecture().verify().unwrap();
    let after = data(&doc);
    assert_ne!(before, after, "{edit:?} changes the architecture");
    assert!(doc.is_dirty(), "an edit makes a clean document dirty");
    assert!(doc.can_undo() && !doc.can_redo());

    assert!(doc.undo().unwrap(), "there is a step to undo");
    assert_eq!(
        data(&doc),
        before,
        "undo of {edit:?} restores the state before"
    );
    doc.architecture().verify().unwrap();
    assert_eq!(
        doc.is_dirty(),
        was_dirty,
        "undo brings back the dirty flag (clean at the opened state)"
    );
    assert!(doc.can_redo());

    assert!(doc.redo().unwrap(), "there is a step to redo");
    assert_eq!(
        data(&doc),
        after,
        "redo of {edit:?} restores the state after"
    );
    assert!(doc.is_dirty());

    // Twice more, so that an inverse recorded by redo is itself correct.
    doc.undo().unwrap();
    assert_eq!(data(&doc), before);
    doc.redo().unwrap();
    assert_eq!(data(&doc), after);
    doc
}

fn cid(s: &str) -> ComponentId {
    ComponentId::from(s)
}

#[test]
fn renaming_the_architecture_undoes_and_redoes() {
    round_trip(
        sample(),
        Edit::RenameArchitecture {
            name: "Renamed".into(),
        },
    );
}

#[test]
fn adding_a_component_undoes_and_redoes() {
    round_trip(
        sample(),
        Edit::AddComponent {
            component: component("guard", "guardrail"),
        },
    );
}

#[test]
fn removing_a_component_brings_back_its_flows_on_undo() {
    let doc = round_trip(sample(), Edit::RemoveComponent { id: cid("agent") });
    assert!(doc.architecture().flow(&FlowId::from("f3")).is_none());
}

#[test]
fn replacing_a_component_undoes_and_redoes() {
    let mut c = sample()
        .architecture()
        .component(&cid("llm"))
        .unwrap()
        .clone();
    c.label = "Other model".into();
    c.properties.insert("fallback".into(), Value::Bool(true));
    round_trip(sample(), Edit::ReplaceComponent { component: c });
}

#[test]
fn changing_the_kind_brings_back_dropped_properties_on_undo() {
    let doc = round_trip(
        sample(),
        Edit::SetComponentKind {
            id: cid("llm"),
            kind: "service".into(),
        },
    );
    let llm = doc.architecture().component(&cid("llm")).unwrap();
    assert!(
        llm.properties.is_empty(),
        "a service has no provider property"
    );
}

#[test]
fn relabelling_a_component_undoes_and_redoes() {
    round_trip(
        sample(),
        Edit::SetComponentLabel {
            id: cid("chat"),
            label: "Web chat".into(),
        },
    );
}

#[test]
fn setting_and_clearing_a_property_undo_and_redo() {
    let doc = round_trip(
        sample(),
        Edit::SetComponentProperty {
            id: cid("agent"),
            property: "max_iterations".into(),
            value: Some(Value::Number(8.0)),
        },
    );
    round_trip(
        doc,
        Edit::SetComponentProperty {
            id: cid("llm"),
            property: "provider".into(),
            value: None,
        },
    );
}

#[test]
fn replacing_all_properties_undoes_and_redoes() {
    let mut props = Properties::new();
    props.insert("tracing".into(), Value::Bool(true));
    props.insert("role".into(), Value::Text("supervisor".into()));
    round_trip(
        sample(),
        Edit::SetComponentProperties {
            id: cid("agent"),
            properties: props,
        },
    );
}

#[test]
fn moving_into_and_out_of_a_boundary_undoes_and_redoes() {
    let doc = round_trip(
        sample(),
        Edit::AddBoundary {
            boundary: boundary("vpc", None),
        },
    );
    let doc = round_trip(
        doc,
        Edit::SetComponentBoundary {
            id: cid("llm"),
            boundary: Some("vpc".into()),
        },
    );
    round_trip(
        doc,
        Edit::SetComponentBoundary {
            id: cid("llm"),
            boundary: None,
        },
    );
}

#[test]
fn moving_a_selection_is_one_step() {
    let mut doc = round_trip(
        sample(),
        Edit::MoveComponents {
            moves: vec![
                ComponentMove {
                    id: cid("user"),
                    position: Some(Position { x: 5.0, y: 6.0 }),
                },
                ComponentMove {
                    id: cid("chat"),
                    position: None,
                },
            ],
        },
    );
    doc.undo().unwrap();
    assert!(!doc.can_undo(), "the multi-move was a single undo step");
    assert_eq!(
        doc.architecture().component(&cid("user")).unwrap().position,
        Some(Position { x: 0.0, y: 100.0 })
    );
}

#[test]
fn a_move_with_a_bad_position_moves_nothing() {
    let mut doc = sample();
    let before = data(&doc);
    let err = doc
        .apply(Edit::MoveComponents {
            moves: vec![
                ComponentMove {
                    id: cid("user"),
                    position: Some(Position { x: 1.0, y: 1.0 }),
                },
                ComponentMove {
                    id: cid("chat"),
                    position: Some(Position {
                        x: f64::NAN,
                        y: 0.0,
                    }),
                },
            ],
        })
        .unwrap_err();
    assert!(
        matches!(err, DocumentError::Edit(ModelError::NotFinite { .. })),
        "{err:?}"
    );
    assert_eq!(err.code(), lens::ErrorCode::InvalidEdit);
    assert_eq!(data(&doc), before, "a refused move changes nothing");
    assert!(!doc.is_dirty() && !doc.can_undo());
}

#[test]
fn flow_edits_undo_and_redo() {
    let doc = round_trip(
        sample(),
        Edit::AddFlow {
            flow: flow("f9", "chat", "llm"),
        },
    );
    let doc = round_trip(doc, Edit::RemoveFlow { id: "f1".into() });
    let doc = round_trip(
        doc,
        Edit::ReconnectFlow {
            id: "f3".into(),
            from: cid("chat"),
            to: cid("vectors"),
        },
    );
    let doc = round_trip(
        doc,
        Edit::SetFlowProperty {
            id: "f2".into(),
            property: "encrypted".into(),
            value: Some(Value::Bool(true)),
        },
    );
    let mut props = Properties::new();
    props.insert("authenticated".into(), Value::Bool(true));
    let doc = round_trip(
        doc,
        Edit::SetFlowProperties {
            id: "f4".into(),
            properties: props,
        },
    );
    let doc = round_trip(
        doc,
        Edit::SetFlowLabel {
            id: "f2".into(),
            label: Some("questions".into()),
        },
    );
    assert_eq!(
        doc.architecture().flow(&"f2".into()).unwrap().properties["label"],
        Value::Text("questions".into())
    );
    round_trip(
        doc,
        Edit::SetFlowLabel {
            id: "f2".into(),
            label: None,
        },
    );
}

#[test]
fn boundary_edits_undo_and_redo() {
    let doc = round_trip(
        sample(),
        Edit::Batch {
            edits: vec![
                Edit::AddBoundary {
                    boundary: boundary("aws", None),
                },
                Edit::AddBoundary {
                    boundary: boundary("vpc", Some("aws")),
                },
            ],
        },
    );
    let mut vpc = boundary("vpc", None);
    vpc.label = "Production".into();
    vpc.trust = Trust::Tenant;
    let doc = round_trip(doc, Edit::UpdateBoundary { boundary: vpc });
    let doc = round_trip(
        doc,
        Edit::SetBoundaryLabel {
            id: "vpc".into(),
            label: "VPC".into(),
        },
    );
    let doc = round_trip(
        doc,
        Edit::SetBoundaryTrust {
            id: "vpc".into(),
            trust: Trust::Dmz,
        },
    );
    let doc = round_trip(
        doc,
        Edit::SetBoundaryParent {
            id: "vpc".into(),
            parent: Some("aws".into()),
        },
    );
    let doc = round_trip(
        doc,
        Edit::SetBoundaryLayout {
            id: "aws".into(),
            position: Some(Position { x: -20.0, y: 10.0 }),
            size: Some(Size {
                width: 400.0,
                height: 300.0,
            }),
        },
    );
    let b = doc.architecture().boundary(&"aws".into()).unwrap();
    assert_eq!(
        b.size,
        Some(Size {
            width: 400.0,
            height: 300.0
        })
    );
}

#[test]
fn removing_a_boundary_puts_its_members_back_on_undo() {
    let mut doc = sample();
    doc.apply(Edit::Batch {
        edits: vec![
            Edit::AddBoundary {
                boundary: boundary("aws", None),
            },
            Edit::AddBoundary {
                boundary: boundary("vpc", Some("aws")),
            },
            Edit::AddBoundary {
                boundary: boundary("subnet", Some("vpc")),
            },
            Edit::SetComponentBoundary {
                id: cid("llm"),
                boundary: Some("vpc".into()),
            },
            Edit::SetComponentBoundary {
                id: cid("agent"),
                boundary: Some("vpc".into()),
            },
        ],
    })
    .unwrap();
    let doc = round_trip(doc, Edit::RemoveBoundary { id: "vpc".into() });
    let a = doc.architecture();
    assert_eq!(
        a.component(&cid("llm")).unwrap().boundary,
        Some("aws".into()),
        "the members of a removed boundary move to its parent"
    );
    assert_eq!(
        a.boundary(&"subnet".into()).unwrap().parent,
        Some("aws".into())
    );
}

#[test]
fn a_boundary_with_a_negative_size_is_refused() {
    let mut doc = sample();
    doc.apply(Edit::AddBoundary {
        boundary: boundary("vpc", None),
    })
    .unwrap();
    let err = doc
        .apply(Edit::SetBoundaryLayout {
            id: "vpc".into(),
            position: None,
            size: Some(Size {
                width: -1.0,
                height: 5.0,
            }),
        })
        .unwrap_err();
    assert!(
        matches!(err, DocumentError::Edit(ModelError::InvalidSize { .. })),
        "{err:?}"
    );
    assert_eq!(err.code(), lens::ErrorCode::InvalidEdit);
}

#[test]
fn a_batch_that_fails_half_way_changes_nothing() {
    let mut doc = sample();
    let before = data(&doc);
    let err = doc
        .apply(Edit::Batch {
            edits: vec![
                Edit::RemoveComponent { id: cid("agent") },
                Edit::AddComponent {
                    component: component("guard", "guardrail"),
                },
                Edit::SetComponentLabel {
                    id: cid("missing"),
                    label: "x".into(),
                },
            ],
        })
        .unwrap_err();
    assert_eq!(err.code(), lens::ErrorCode::UnknownComponent);
    assert_eq!(
        data(&doc),
        before,
        "nothing of a failed batch stays applied"
    );
    doc.architecture().verify().unwrap();
    assert!(!doc.can_undo() && !doc.is_dirty());
}

#[test]
fn deleting_a_selection_with_shared_flows_is_one_step() {
    let doc = round_trip(
        sample(),
        Edit::Batch {
            edits: vec![
                Edit::RemoveComponent { id: cid("chat") },
                Edit::RemoveComponent { id: cid("agent") },
            ],
        },
    );
    assert_eq!(doc.architecture().flows().count(), 0);
}

#[test]
fn an_empty_batch_is_not_a_step() {
    let mut doc = sample();
    doc.apply(Edit::Batch { edits: vec![] }).unwrap();
    assert!(!doc.can_undo() && !doc.is_dirty());
    assert_eq!(doc.revision(), 0);
}

#[test]
fn a_new_edit_after_undo_clears_redo() {
    let mut doc = sample();
    doc.apply(Edit::RenameArchitecture { name: "A".into() })
        .unwrap();
    doc.undo().unwrap();
    assert!(doc.can_redo());
    doc.apply(Edit::RenameArchitecture { name: "B".into() })
        .unwrap();
    assert!(!doc.can_redo(), "a new edit starts a new branch");
    assert!(
        !doc.redo().unwrap(),
        "redo does nothing when there is nothing to redo"
    );
    assert!(doc.undo().unwrap());
    assert!(
        !doc.undo().unwrap(),
        "undo does nothing past the first step"
    );
}

#[test]
fn the_findings_follow_every_edit_undo_and_redo() {
    let mut doc = sample();
    let has = |doc: &Document| {
        doc.findings()
            .iter()
            .any(|f| f.rule.ends_with("/agent-without-iteration-limit"))
    };
    assert!(has(&doc), "the sample's agent has no iteration limit");
    doc.apply(Edit::SetComponentProperty {
        id: cid("agent"),
        property: "max_iterations".into(),
        value: Some(Value::Number(10.0)),
    })
    .unwrap();
    assert!(!has(&doc), "setting the limit resolves the finding at once");
    doc.undo().unwrap();
    assert!(has(&doc), "undo brings it back");
    doc.redo().unwrap();
    assert!(!has(&doc));
}

#[test]
fn the_snapshot_carries_what_the_ui_shows() {
    let mut doc = sample();
    let snap = doc.snapshot();
    assert!(!snap.dirty && !snap.can_undo && !snap.can_redo);
    assert_eq!(snap.title, "Support assistant");
    assert_eq!(snap.path, None);
    assert!(!snap.findings.is_empty());
    for f in &snap.findings {
        for bp in f.best_practices.iter() {
            let practice = snap
                .practices
                .iter()
                .find(|p| &p.id == bp)
                .unwrap_or_else(|| panic!("best practice {bp} of {} is in the snapshot", f.id));
            assert!(!practice.title.is_empty() && practice.url.starts_with("https://"));
        }
    }
    let total = snap.summary.high + snap.summary.medium + snap.summary.low;
    assert_eq!(total as usize, snap.findings.len());
    doc.apply(Edit::RenameArchitecture {
        name: "Renamed".into(),
    })
    .unwrap();
    let next = doc.snapshot();
    assert!(next.dirty && next.can_undo);
    assert!(
        next.revision > snap.revision,
        "every change has a newer revision"
    );
    assert_eq!(doc.window_title(), "• Renamed — Lensboard");
}

#[test]
fn the_document_is_dirty_again_when_the_saved_state_left_the_history() {
    let mut doc = sample();
    for i in 0..=HISTORY_LIMIT {
        doc.apply(Edit::RenameArchitecture {
            name: format!("name {i}"),
        })
        .unwrap();
    }
    let mut undone = 0;
    while doc.undo().unwrap() {
        undone += 1;
    }
    assert_eq!(
        undone, HISTORY_LIMIT,
        "the history keeps {HISTORY_LIMIT} steps"
    );
    assert!(
        doc.is_dirty(),
        "the opened state can no longer be reached, so the document stays dirty"
    );
}

#[test]
fn edits_cross_ipc_as_tagged_json() {
    let edit: Edit = serde_json::from_str(
        r#"{ "type": "batch", "edits": [
            { "type": "set_component_label", "id": "llm", "label": "Claude" },
            { "type": "move_components", "moves": [ { "id": "user", "position": { "x": 1, "y": 2 } } ] },
            { "type": "set_component_property", "id": "agent", "property": "tracing", "value": true },
            { "type": "set_flow_label", "id": "f1", "label": null }
        ] }"#,
    )
    .unwrap();
    let mut doc = sample();
    doc.apply(edit).unwrap();
    assert_eq!(
        doc.architecture().component(&cid("llm")).unwrap().label,
        "Claude"
    );
    let unknown = serde_json::from_str::<Edit>(r#"{ "type": "teleport", "id": "llm" }"#);
    assert!(unknown.is_err(), "an unknown edit type is refused");
}

#[test]
fn marks_count_the_findings_about_each_element_and_colour_it_by_what_the_drawing_shows() {
    use lens::engine::Basis;
    use lens::practices::Risk;
    type Expected = (u32, u32, Option<Risk>, Option<Risk>);
    let snap = sample().snapshot();
    // Per element: how many findings, how many questions, the highest risk shown, the highest
    // risk among the questions.
    let mut expected: std::collections::BTreeMap<String, Expected> = Default::default();
    for f in &snap.findings {
        let key = match f.id.split_once("@flow:") {
            Some((_, flow)) => format!("flow {flow}"),
            None => format!("component {}", f.components[0]),
        };
        let e = expected.entry(key).or_insert((0, 0, None, None));
        e.0 += 1;
        if f.basis == Basis::Unstated {
            e.1 += 1;
            e.3 = e.3.max(Some(f.risk));
        } else {
            e.2 = e.2.max(Some(f.risk));
        }
    }
    let expected: std::collections::BTreeMap<String, (u32, u32, Risk)> = expected
        .into_iter()
        .map(|(k, (count, questions, shown, asked))| {
            let risk = shown.or(asked).expect("some finding");
            (k, (count, questions, risk))
        })
        .collect();
    let mut actual: std::collections::BTreeMap<String, (u32, u32, Risk)> = Default::default();
    for (id, m) in &snap.marks.components {
        actual.insert(format!("component {id}"), (m.count, m.questions, m.risk));
    }
    for (id, m) in &snap.marks.flows {
        actual.insert(format!("flow {id}"), (m.count, m.questions, m.risk));
    }
    assert!(
        actual
            .values()
            .any(|(count, questions, _)| questions > &0 && questions < count),
        "the sample has elements with both questions and findings the drawing shows"
    );
    assert_eq!(actual, expected);
}

#[test]
fn a_decided_finding_is_not_open_in_the_summary_and_marks() {
    use lens::review::{Decision, DecisionStatus};
    let mut review = Review::new(Architecture::from_data_checked(support_assistant()).unwrap());
    let before = Document::new(review.clone()).snapshot();
    let finding = before.findings[0].clone();
    review
        .decide(Decision {
            finding: finding.id.clone(),
            status: DecisionStatus::Mitigated,
            justification: "handled by the platform team".into(),
            owner: "platform".into(),
            date: "2026-11-25".into(),
            ticket: None,
        })
        .unwrap();
    let after = Document::new(review).snapshot();
    assert_eq!(
        after.findings, before.findings,
        "decided findings are still listed"
    );
    assert_eq!(after.decisions.len(), 1);
    let total = |s: &lens::engine::Summary| s.high + s.medium + s.low;
    assert_eq!(
        total(&after.summary) + 1,
        total(&before.summary),
        "the summary counts open findings only"
    );
    let count = |snap: &lens::document::DocumentSnapshot| -> u32 {
        snap.marks.components.values().map(|m| m.count).sum::<u32>()
            + snap.marks.flows.values().map(|m| m.count).sum::<u32>()
    };
    assert_eq!(
        count(&after) + 1,
        count(&before),
        "marks count open findings only"
    );
}
