//! Recorded conflicts: kept in the review file and the review JSON, carried through later merges,
//! listed and resolved.

use lens::merge::{ConflictReason, Element, Side};
use lens::model::{FlowId, Value};
use lens::review::json::{export_review, import_review};
use lens::review::Review;
use lens::store;

use super::{base, cid, edited, merged};

/// Base, ours and theirs with two conflicts: chat's label and f1's `encrypted`, plus a clean
/// change of theirs (llm's label).
pub fn conflicting() -> (Review, Review, Review) {
    let base = base();
    let f1 = FlowId::from("f1");
    let ours = edited(&base, |a| {
        a.set_component_label(&cid("chat"), "Ours").unwrap();
        a.set_flow_property(&f1, "encrypted", Some(Value::Bool(true)))
            .unwrap();
    });
    let theirs = edited(&base, |a| {
        a.set_component_label(&cid("chat"), "Theirs").unwrap();
        a.set_flow_property(&f1, "encrypted", Some(Value::Bool(false)))
            .unwrap();
        a.set_component_label(&cid("llm"), "Claude").unwrap();
    });
    (base, ours, theirs)
}

#[test]
fn conflicts_survive_saving_and_opening_the_review_file() {
    let (base, ours, theirs) = conflicting();
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.review.conflicts.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merged.lensboard");
    store::save(&m.review, &path).unwrap();
    assert_eq!(store::open(&path).unwrap().conflicts, m.review.conflicts);
    assert_eq!(store::conflicts::list(&path).unwrap(), m.review.conflicts);
}

#[test]
fn a_missing_value_and_a_null_value_stay_different_in_the_file_and_in_json() {
    let base = base();
    let vpc = lens::model::BoundaryId::from("vpc");
    let ours = edited(&base, |a| {
        a.set_component_boundary(&cid("agent"), None).unwrap()
    });
    let theirs = edited(&base, |a| {
        a.set_component_boundary(&cid("agent"), Some(lens::model::BoundaryId::from("web")))
            .unwrap()
    });
    let m = merged(&base, &ours, &theirs);
    let c = &m.review.conflicts[0];
    assert_eq!(c.ours, Some(serde_json::Value::Null), "ours: no boundary");
    assert_eq!(c.base, Some(serde_json::json!(vpc.as_str())));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.lensboard");
    store::save(&m.review, &path).unwrap();
    assert_eq!(store::open(&path).unwrap().conflicts, m.review.conflicts);
    let back = import_review(&export_review(&m.review, lens::engine::Pack::builtin())).unwrap();
    assert_eq!(back.conflicts, m.review.conflicts);
}

#[test]
fn the_review_json_lists_conflicts_only_when_there_are_some() {
    let (base, ours, theirs) = conflicting();
    let pack = lens::engine::Pack::builtin();
    assert!(!export_review(&base, pack).contains("\"conflicts\""));
    let m = merged(&base, &ours, &theirs);
    let text = export_review(&m.review, pack);
    assert!(text.contains("\"conflicts\""));
    assert_eq!(import_review(&text).unwrap().conflicts, m.review.conflicts);
}

#[test]
fn keeping_ours_drops_the_record_and_changes_nothing_else() {
    let (base, ours, theirs) = conflicting();
    let mut review = merged(&base, &ours, &theirs).review;
    let before = review.architecture.to_data();
    let settled = review.resolve_conflict(0, Side::Ours).unwrap();
    assert_eq!(settled.path(), r#"components["chat"].label"#);
    assert_eq!(review.conflicts.len(), 1);
    assert_eq!(review.architecture.to_data(), before);
}

#[test]
fn taking_theirs_writes_their_value_back() {
    let (base, ours, theirs) = conflicting();
    let mut review = merged(&base, &ours, &theirs).review;
    review.resolve_conflict(0, Side::Theirs).unwrap();
    review.resolve_conflict(0, Side::Theirs).unwrap();
    assert!(review.conflicts.is_empty());
    let a = &review.architecture;
    assert_eq!(a.component(&cid("chat")).unwrap().label, "Theirs");
    assert_eq!(
        a.flow(&FlowId::from("f1"))
            .unwrap()
            .properties
            .get("encrypted"),
        Some(&Value::Bool(false))
    );
    assert_eq!(a.component(&cid("llm")).unwrap().label, "Claude");
}

#[test]
fn taking_theirs_of_a_deleted_component_brings_it_back_and_taking_theirs_deletion_removes_it() {
    let base = base();
    let ours = edited(&base, |a| {
        a.remove_component(&cid("vectors")).unwrap();
    });
    let theirs = edited(&base, |a| {
        a.set_component_label(&cid("vectors"), "Docs").unwrap()
    });
    let mut review = merged(&base, &ours, &theirs).review;
    review.resolve_conflict(0, Side::Theirs).unwrap();
    assert_eq!(
        review
            .architecture
            .component(&cid("vectors"))
            .unwrap()
            .label,
        "Docs"
    );

    let mut swapped = merged(&base, &theirs, &ours).review;
    assert_eq!(
        swapped.conflicts[0].reason,
        ConflictReason::DeletedAndChanged
    );
    swapped.resolve_conflict(0, Side::Theirs).unwrap();
    assert!(swapped.architecture.component(&cid("vectors")).is_none());
}

#[test]
fn a_resolution_that_would_break_the_architecture_is_refused_and_changes_nothing() {
    let base = base();
    let ours = edited(&base, |a| {
        a.remove_component(&cid("vectors")).unwrap();
    });
    let theirs = edited(&base, |a| {
        a.add_flow(super::elements::flow("f9", "chat", "vectors"))
            .unwrap()
    });
    let mut review = merged(&base, &ours, &theirs).review;
    assert_eq!(review.conflicts[0].element, Element::Flow);
    let before = review.architecture.to_data();
    let err = review.resolve_conflict(0, Side::Theirs).unwrap_err();
    assert!(
        err.to_string().contains("flows[\"f9\"]"),
        "the error names the conflict: {err}"
    );
    assert_eq!(err.code(), lens::ErrorCode::DanglingFlow);
    assert_eq!(review.architecture.to_data(), before);
    assert_eq!(review.conflicts.len(), 1, "the conflict stays recorded");
    assert!(review.resolve_conflict(5, Side::Ours).is_err());
}

#[test]
fn resolving_a_conflict_in_a_file_saves_it() {
    let (base, ours, theirs) = conflicting();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.lensboard");
    store::save(&merged(&base, &ours, &theirs).review, &path).unwrap();
    store::conflicts::resolve(&path, 1, Side::Theirs).unwrap();
    let opened = store::open(&path).unwrap();
    assert_eq!(opened.conflicts.len(), 1);
    assert_eq!(
        opened
            .architecture
            .flow(&FlowId::from("f1"))
            .unwrap()
            .properties
            .get("encrypted"),
        Some(&Value::Bool(false))
    );
}

#[test]
fn recorded_conflicts_stay_through_a_later_merge_unless_a_side_resolved_them() {
    let (base, ours, theirs) = conflicting();
    let first = merged(&base, &ours, &theirs).review;
    // One branch goes on from the merge and edits; the other resolves the first conflict.
    let edited_on = edited(&first, |a| {
        a.set_component_label(&cid("user"), "Client").unwrap()
    });
    let mut resolved = first.clone();
    resolved.resolve_conflict(0, Side::Ours).unwrap();
    let m = merged(&first, &edited_on, &resolved);
    assert!(m.new_conflicts.is_empty());
    assert_eq!(
        m.review.conflicts, resolved.conflicts,
        "the resolution is not undone"
    );
    let kept = merged(&first, &edited_on, &first);
    assert_eq!(kept.review.conflicts, first.conflicts);
}

#[test]
fn a_version_4_file_opens_without_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.lensboard");
    store::save(&base(), &path).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "DROP TABLE conflicts; DROP TABLE last_import;
             ALTER TABLE components DROP COLUMN preset; PRAGMA user_version = 4;",
        )
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let review = store::open(&path).expect("a version 4 file opens");
    assert!(review.conflicts.is_empty());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the file is unchanged"
    );
}

#[test]
fn a_conflict_row_with_an_unknown_reason_is_reported_as_damage() {
    let (base, ours, theirs) = conflicting();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.lensboard");
    store::save(&merged(&base, &ours, &theirs).review, &path).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("UPDATE conflicts SET reason = 'bad luck' WHERE seq = 1;")
        .unwrap();
    let err = store::open(&path).unwrap_err();
    assert_eq!(err.code(), lens::ErrorCode::CorruptFile);
    assert!(err.to_string().contains("bad luck"), "{err}");
}

#[test]
fn taking_theirs_of_a_decision_an_answer_and_a_milestone_puts_theirs_in_place() {
    let base = base();
    let decision = |owner: &str| lens::review::Decision {
        finding: "rule/a@llm".into(),
        status: lens::review::DecisionStatus::Mitigated,
        justification: String::new(),
        owner: owner.into(),
        date: "2026-12-01".into(),
        ticket: None,
    };
    let answer = |value| lens::review::Answer {
        item: "i/one".into(),
        answer: value,
        note: String::new(),
    };
    let mut ours = base.clone();
    ours.decide(decision("Ana")).unwrap();
    ours.answers
        .insert("i/one".into(), answer(lens::review::AnswerValue::Yes));
    ours.add_milestone("review", 200).unwrap();
    let mut theirs = edited(&base, |a| {
        a.set_component_label(&cid("user"), "Client").unwrap()
    });
    theirs.decide(decision("Ben")).unwrap();
    theirs
        .answers
        .insert("i/one".into(), answer(lens::review::AnswerValue::No));
    theirs.add_milestone("review", 100).unwrap();
    let mut review = merged(&base, &ours, &theirs).review;
    let elements: Vec<Element> = review.conflicts.iter().map(|c| c.element).collect();
    assert_eq!(
        elements,
        [Element::Decision, Element::Answer, Element::Milestone]
    );
    while !review.conflicts.is_empty() {
        review.resolve_conflict(0, Side::Theirs).unwrap();
    }
    assert_eq!(review.decisions["rule/a@llm"].owner, "Ben");
    assert_eq!(
        review.answers["i/one"].answer,
        lens::review::AnswerValue::No
    );
    let milestone = review.milestone("review").unwrap();
    assert_eq!(milestone.created_at, 100);
    assert_eq!(milestone.snapshot, theirs.milestones[0].snapshot);
}
