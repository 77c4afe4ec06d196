//! Recorded conflicts in the open document, as the app uses them: listed in the snapshot,
//! counted in the window title, resolved as undoable changes, saved while unresolved; and
//! comparing the open review with another file.

use lens::document::Document;
use lens::error::ErrorCode;
use lens::merge::{Conflict, ConflictReason, Element, Side};
use lens::model::{FlowId, Value};
use lens::review::decisions::DecisionStatus;
use lens::review::{Decision, Review};
use lens::store;

use super::conflicts::conflicting;
use super::{base, cid, edited, label, merged};

/// A document of a merged review with two conflicts: chat's label (ours "Ours", theirs
/// "Theirs") and f1's `encrypted` (ours true, theirs false).
fn conflicted() -> Document {
    let (base, ours, theirs) = conflicting();
    let review = merged(&base, &ours, &theirs).review;
    assert_eq!(review.conflicts.len(), 2, "the fixture has two conflicts");
    Document::new(review)
}

fn encrypted(doc: &Document) -> Option<Value> {
    doc.architecture()
        .flow(&FlowId::from("f1"))
        .expect("f1 exists")
        .properties
        .get("encrypted")
        .cloned()
}

fn chat_label(doc: &Document) -> String {
    label(doc.review(), "chat").to_owned()
}

#[test]
fn the_snapshot_lists_each_conflict_with_its_three_values_and_the_title_counts_them() {
    let doc = conflicted();
    let views = doc.snapshot().conflicts;
    let chat = views
        .iter()
        .find(|c| c.element == Element::Component)
        .expect("the label conflict is listed");
    assert_eq!(chat.id, "chat");
    assert_eq!(chat.field.as_deref(), Some("label"));
    assert_eq!(chat.path, r#"components["chat"].label"#);
    assert_eq!(chat.ours.as_deref(), Some(r#""Ours""#));
    assert_eq!(chat.theirs.as_deref(), Some(r#""Theirs""#));
    assert!(chat.base.is_some(), "the base had a label");
    let indexes: Vec<u32> = views.iter().map(|c| c.index).collect();
    assert_eq!(
        indexes,
        [0, 1],
        "the index is the place resolve_conflict takes"
    );
    assert!(
        doc.window_title().contains("(2 conflicts)"),
        "the title says how many remain: {}",
        doc.window_title()
    );
}

#[test]
fn keeping_ours_drops_the_record_makes_the_review_dirty_and_undo_records_it_again() {
    let mut doc = conflicted();
    assert!(!doc.is_dirty());
    let before = doc.review().conflicts.clone();
    let index = before
        .iter()
        .position(|c| c.element == Element::Component)
        .unwrap();
    let settled = doc.resolve_conflict(index, Side::Ours).unwrap();
    assert_eq!(settled, before[index]);
    assert_eq!(doc.conflicts().len(), 1);
    assert_eq!(chat_label(&doc), "Ours", "keeping ours changes no value");
    assert!(doc.is_dirty(), "resolving is a change to save");
    assert!(doc.window_title().contains("(1 conflict)"));

    assert!(doc.undo().unwrap());
    assert_eq!(
        doc.review().conflicts,
        before,
        "undo puts the record back in its place"
    );
    assert!(!doc.is_dirty(), "undo is back at the state opened");
    assert!(doc.redo().unwrap());
    assert_eq!(doc.conflicts().len(), 1, "redo settles it again");
}

#[test]
fn taking_theirs_writes_their_value_and_undo_brings_back_ours_and_the_record() {
    let mut doc = conflicted();
    let before = doc.review().conflicts.clone();
    let label_at = before
        .iter()
        .position(|c| c.element == Element::Component)
        .unwrap();
    doc.resolve_conflict(label_at, Side::Theirs).unwrap();
    assert_eq!(chat_label(&doc), "Theirs");
    let flow_at = doc
        .conflicts()
        .iter()
        .position(|c| c.element == Element::Flow)
        .unwrap();
    doc.resolve_conflict(flow_at, Side::Theirs).unwrap();
    assert_eq!(encrypted(&doc), Some(Value::Bool(false)));
    assert!(doc.conflicts().is_empty());
    assert!(!doc.window_title().contains("conflict"));

    doc.undo().unwrap();
    assert_eq!(
        encrypted(&doc),
        Some(Value::Bool(true)),
        "undo restores ours"
    );
    assert_eq!(doc.conflicts().len(), 1);
    doc.undo().unwrap();
    assert_eq!(chat_label(&doc), "Ours");
    assert_eq!(doc.review().conflicts, before);
    assert!(!doc.is_dirty());

    doc.redo().unwrap();
    doc.redo().unwrap();
    assert_eq!(chat_label(&doc), "Theirs");
    assert_eq!(encrypted(&doc), Some(Value::Bool(false)));
    assert!(doc.conflicts().is_empty());
}

#[test]
fn their_value_that_no_longer_fits_is_refused_and_changes_nothing() {
    let mut doc = conflicted();
    doc.apply(lens::document::Edit::RemoveFlow {
        id: FlowId::from("f1"),
    })
    .unwrap();
    let flow_at = doc
        .conflicts()
        .iter()
        .position(|c| c.element == Element::Flow)
        .unwrap();
    let revision = doc.revision();
    let err = doc.resolve_conflict(flow_at, Side::Theirs).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidEdit, "{err}");
    assert_eq!(doc.conflicts().len(), 2, "the conflict stays recorded");
    assert_eq!(doc.revision(), revision, "nothing changed");
    // Keeping ours (the flow is gone) still settles it.
    doc.resolve_conflict(flow_at, Side::Ours).unwrap();
    assert_eq!(doc.conflicts().len(), 1);
}

#[test]
fn a_conflict_that_is_not_there_is_refused_with_a_code() {
    let mut doc = conflicted();
    let err = doc.resolve_conflict(2, Side::Ours).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidEdit);
    assert!(err.to_string().contains("has 2"), "{err}");
    assert!(!doc.is_dirty());
}

#[test]
fn taking_their_decision_is_a_change_outside_the_undo_history() {
    let base = base();
    let finding = "genai/security/untrusted-input-reaches-model@llm".to_owned();
    let decided = |owner: &str| {
        let mut r: Review = base.clone();
        r.decide(Decision {
            finding: finding.clone(),
            status: DecisionStatus::Mitigated,
            justification: String::new(),
            owner: owner.to_owned(),
            date: "2026-12-01".to_owned(),
            ticket: None,
        })
        .unwrap();
        r
    };
    let review = merged(&base, &decided("ours"), &decided("theirs")).review;
    let at = review
        .conflicts
        .iter()
        .position(|c| c.element == Element::Decision)
        .expect("the decisions conflict");
    let mut doc = Document::new(review);
    doc.resolve_conflict(at, Side::Theirs).unwrap();
    assert_eq!(doc.review().decisions[&finding].owner, "theirs");
    assert!(doc.is_dirty());
    assert!(!doc.can_undo(), "a decision is no undo step");
}

#[test]
fn unresolved_conflicts_are_saved_and_come_back_when_the_file_is_opened() {
    let mut doc = conflicted();
    doc.resolve_conflict(0, Side::Ours).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merged.lensboard");
    doc.save_as(&path).unwrap();
    assert!(!doc.is_dirty());
    assert_eq!(store::conflicts::list(&path).unwrap(), doc.conflicts());
    let reopened = Document::open(&path).unwrap();
    assert_eq!(reopened.conflicts(), doc.conflicts());
    assert_eq!(reopened.snapshot().conflicts.len(), 1);
}

#[test]
fn comparing_with_another_file_diffs_it_or_its_milestone_against_the_review_now() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.lensboard");
    let mut other = base();
    other.add_milestone("first", 1_700_000_000).unwrap();
    other
        .architecture
        .set_component_label(&cid("llm"), "Renamed")
        .unwrap();
    other
        .architecture
        .remove_component(&cid("vectors"))
        .unwrap();
    store::save(&other, &path).unwrap();

    let doc = Document::new(base());
    let milestones = lens::document::milestones_of(&path).unwrap();
    assert_eq!(milestones.len(), 1);
    assert_eq!(milestones[0].name, "first");

    let now = doc.compare_with(&path, None).unwrap();
    assert_eq!(
        now.components.added,
        ["vectors"],
        "the review has vectors, the file not"
    );
    assert_eq!(now.components.changed.len(), 1, "llm's label differs");
    let then = doc.compare_with(&path, Some("first")).unwrap();
    assert!(
        then.components.added.is_empty() && then.components.changed.is_empty(),
        "the milestone is the review as it is"
    );

    let missing = doc.compare_with(&path, Some("none")).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::UnknownMilestone);
    let gone = doc
        .compare_with(&dir.path().join("gone.lensboard"), None)
        .unwrap_err();
    assert_eq!(gone.code(), ErrorCode::FileMissing);
    assert!(gone.path().is_some(), "the message names the file");
}

#[test]
fn taking_their_name_is_an_undo_step_like_renaming() {
    let base = base();
    let ours = edited(&base, |a| a.set_name("Ours").unwrap());
    let theirs = edited(&base, |a| a.set_name("Theirs").unwrap());
    let mut doc = Document::new(merged(&base, &ours, &theirs).review);
    assert_eq!(doc.conflicts()[0].element, Element::Name);
    doc.resolve_conflict(0, Side::Theirs).unwrap();
    assert_eq!(doc.architecture().name(), "Theirs");
    doc.undo().unwrap();
    assert_eq!(doc.architecture().name(), "Ours");
    assert_eq!(doc.conflicts().len(), 1);
}

#[test]
fn taking_their_whole_architecture_replaces_it_and_clears_the_undo_history() {
    let mut review = base();
    let theirs = edited(&review, |a| a.set_name("Theirs").unwrap()).architecture;
    let ours = review.architecture.to_data();
    review.conflicts.push(Conflict {
        element: Element::Architecture,
        id: String::new(),
        field: None,
        reason: ConflictReason::Incompatible,
        base: None,
        ours: Some(serde_json::to_value(&ours).unwrap()),
        theirs: Some(serde_json::to_value(theirs.to_data()).unwrap()),
    });
    let mut doc = Document::new(review);
    doc.apply(lens::document::Edit::RenameArchitecture {
        name: "Edited".into(),
    })
    .unwrap();
    doc.resolve_conflict(0, Side::Theirs).unwrap();
    assert_eq!(doc.architecture().to_data(), theirs.to_data());
    assert!(doc.conflicts().is_empty());
    assert!(doc.is_dirty());
    assert!(
        !doc.can_undo(),
        "no edit of the history undoes a replaced architecture exactly"
    );
}
