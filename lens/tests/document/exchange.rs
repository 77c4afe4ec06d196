//! File › Import… and File › Export… on the open review: an import as a new review, an import into
//! the review again as one undo step (undo also gives back the record of the previous import),
//! exports in every format, and the errors a person sees.

use std::path::{Path, PathBuf};

use lens::document::recent::RecentFiles;
use lens::document::recovery::Recovery;
use lens::document::{Document, Edit, Session};
use lens::exchange::{read_source, ExportFormat, SourceKind};
use lens::model::{Architecture, Position, Value};
use lens::review::{Decision, DecisionStatus};
use lens::ErrorCode;
use proptest::prelude::*;

use super::random_edits as edits;

const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vectors:
    Type: AWS::OpenSearchServerless::Collection
    Properties: { Name: kb-vectors, Type: VECTORSEARCH, StandbyReplicas: ENABLED }
  Orders:
    Type: AWS::DynamoDB::Table
    Properties: { BillingMode: PAY_PER_REQUEST, KeySchema: [ { AttributeName: id, KeyType: HASH } ], AttributeDefinitions: [ { AttributeName: id, AttributeType: S } ] }
  Docs:
    Type: AWS::S3::Bucket
"#;

/// The template after the code changed: no standby replicas, the bucket gone, a queue added.
fn changed_template() -> String {
    TEMPLATE
        .replace("StandbyReplicas: ENABLED", "StandbyReplicas: DISABLED")
        .replace(
            "  Docs:\n    Type: AWS::S3::Bucket\n",
            "  Jobs:\n    Type: AWS::SQS::Queue\n",
        )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("a temporary file can be written");
    path
}

fn session(dir: &Path) -> Session {
    Session::new(
        Document::empty(),
        Recovery::new(dir.join("recovery")),
        RecentFiles::load(&dir.join("config")),
    )
}

/// The id of the component the template's resource `logical_id` became.
fn component_of(outcome: &lens::document::ImportOutcome, logical_id: &str) -> String {
    outcome
        .report
        .resource(logical_id)
        .and_then(|r| r.components.first().cloned())
        .unwrap_or_else(|| panic!("{logical_id} was drawn"))
}

#[test]
fn an_imported_template_opens_as_a_new_review_that_remembers_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let template = write(dir.path(), "stack.yaml", TEMPLATE);
    let mut session = session(dir.path());

    let outcome = session.import(&template, false).unwrap();

    assert_eq!(outcome.kind, SourceKind::CloudFormation);
    assert_eq!(outcome.source, "stack.yaml");
    assert!(outcome.merge.is_none(), "a new review merges nothing");
    let snapshot = session.document().snapshot();
    assert_eq!(snapshot.architecture.components.len(), 3);
    assert!(
        snapshot
            .architecture
            .components
            .iter()
            .all(|c| c.position.is_none()),
        "the app lays it out"
    );
    assert_eq!(snapshot.imported_from.as_deref(), Some("stack.yaml"));
    assert_eq!(
        snapshot.path, None,
        "saving asks where: the template is never overwritten"
    );
    assert!(
        !snapshot.findings.is_empty(),
        "the imported review is evaluated"
    );
}

#[test]
fn a_template_opened_like_a_review_remembers_its_import_too() {
    let dir = tempfile::tempdir().unwrap();
    let template = write(dir.path(), "stack.yaml", TEMPLATE);
    let mut opened = Document::open(&template).unwrap();
    assert_eq!(opened.imported_from(), Some("stack.yaml"));
    assert_eq!(opened.path(), None, "saving asks where");

    // Importing the changed code into it removes what left the code, as after File › Import….
    let changed = write(dir.path(), "stack.yaml", &changed_template());
    let imported = read_source(&changed, &[]).unwrap();
    let merge = opened.reimport(&imported, "stack.yaml", 0).unwrap();
    assert_eq!(merge.removed.len(), 1, "{merge:?}");
}

#[test]
fn importing_again_keeps_the_reviewers_work_and_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "stack.yaml", TEMPLATE);
    let mut session = session(dir.path());
    let outcome = session.import(&first, false).unwrap();
    let vectors = component_of(&outcome, "Vectors");
    let orders = component_of(&outcome, "Orders");
    let docs = component_of(&outcome, "Docs");

    // The reviewer places the table, sets a value by hand and decides a finding on the bucket.
    let doc = session.document_mut();
    doc.apply(Edit::MoveComponents {
        moves: vec![lens::document::ComponentMove {
            id: orders.as_str().into(),
            position: Some(Position { x: 40.0, y: 80.0 }),
        }],
    })
    .unwrap();
    doc.apply(Edit::SetComponentLabel {
        id: vectors.as_str().into(),
        label: "Manual vectors".into(),
    })
    .unwrap();
    let on_docs = doc
        .snapshot()
        .findings
        .iter()
        .find(|f| f.components.iter().any(|c| c.as_str() == docs))
        .map(|f| f.id.clone())
        .expect("the bucket has a finding to decide");
    doc.decide(Decision {
        finding: on_docs.clone(),
        status: DecisionStatus::Mitigated,
        justification: String::new(),
        owner: "Ana".into(),
        date: "2026-12-03".into(),
        ticket: None,
    })
    .unwrap();
    let before = doc.snapshot().architecture;

    let second = write(dir.path(), "stack.yaml", &changed_template());
    let outcome = session.import(&second, true).unwrap();
    let merge = outcome
        .merge
        .expect("an import into the review reports the merge");
    assert_eq!(
        merge.removed,
        vec![docs.clone()],
        "the bucket left the code"
    );
    assert!(
        merge.added.iter().any(|c| c.contains("Jobs")),
        "{:?}",
        merge.added
    );
    assert!(
        merge.orphaned_decisions.contains(&on_docs),
        "its decision stays, orphaned"
    );
    assert!(merge
        .kept_by_user
        .iter()
        .any(|k| k.component == vectors && k.field == "label"));

    let after = session.document().snapshot();
    let component = |id: &str| {
        after
            .architecture
            .components
            .iter()
            .find(|c| c.id.as_str() == id)
            .cloned()
    };
    assert_eq!(
        component(&orders).and_then(|c| c.position),
        Some(Position { x: 40.0, y: 80.0 }),
        "positions stay"
    );
    let collection = component(&vectors).expect("the collection stays");
    assert_eq!(
        collection.label, "Manual vectors",
        "the person's label wins"
    );
    assert_eq!(
        collection.properties.get("replicated"),
        Some(&Value::Bool(false)),
        "the code's change comes in"
    );
    assert!(component(&docs).is_none());
    assert!(
        after.decisions.iter().any(|d| d.finding == on_docs),
        "decisions are never dropped"
    );
    assert!(after.dirty && after.can_undo);

    // One undo step gives back the review as it was, and the record of the first import.
    session.document_mut().undo().unwrap();
    let undone = session.document().snapshot();
    assert_eq!(undone.architecture, before);
    // Importing the changed template again after the undo reads the review as before: the
    // bucket is removed again (not "deleted by the person"), which it would not be if the
    // record of the second import had stayed.
    session.document_mut().redo().unwrap();
    assert_eq!(
        session.document().snapshot().architecture,
        after.architecture
    );
    session.document_mut().undo().unwrap();
    let again = session.import(&second, true).unwrap().merge.unwrap();
    assert_eq!(again.removed, vec![docs], "{again:?}");
}

#[test]
fn a_file_that_cannot_be_imported_changes_nothing_and_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = session(dir.path());
    let good = write(dir.path(), "stack.yaml", TEMPLATE);
    session.import(&good, false).unwrap();
    let shown = session.document().snapshot();

    let cases = [
        (
            write(dir.path(), "binary.json", "\u{0}"),
            ErrorCode::ImportFailed,
        ),
        (dir.path().join("missing.yaml"), ErrorCode::FileMissing),
        (dir.path().to_owned(), ErrorCode::NotAFile),
        (
            write(
                dir.path(),
                "architecture.json",
                r#"{"format":"lensboard/architecture"}"#,
            ),
            ErrorCode::ImportFailed,
        ),
        (
            write(dir.path(), "bad.yaml", "Resources: [unclosed"),
            ErrorCode::ImportFailed,
        ),
    ];
    for (path, code) in cases {
        for into in [false, true] {
            let err = session.import(&path, into).unwrap_err();
            assert_eq!(err.code(), code, "{}: {err}", path.display());
            assert!(err.path().is_some(), "the message names the file: {err}");
            assert_eq!(
                session.document().snapshot().architecture,
                shown.architecture
            );
        }
    }
    std::fs::write(dir.path().join("latin1.yaml"), [0x52, 0xe9, 0x0a]).unwrap();
    let err = read_source(&dir.path().join("latin1.yaml"), &[]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportFailed);
    assert!(err.to_string().contains("not text"), "{err}");
}

#[test]
fn every_export_format_writes_its_file_and_leaves_the_review_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Document::from_template(lens::templates::templates()[0].id).unwrap();
    doc.apply(Edit::RenameArchitecture {
        name: "Exported".into(),
    })
    .unwrap();
    let before = doc.snapshot();
    // What each format's file starts with or holds, so that a format cannot write another's.
    let marks = [
        (ExportFormat::Json, "\"lensboard/architecture\""),
        (ExportFormat::ReviewJson, "\"lensboard/review\""),
        (ExportFormat::Mermaid, "flowchart LR"),
        (ExportFormat::ThreatDragon, "\"summary\""),
        (ExportFormat::Otm, "\"otmVersion\""),
        (ExportFormat::WaLens, "\"schemaVersion\""),
        (ExportFormat::WaAnswers, "\"answers\""),
        (ExportFormat::WaAnswersScript, "#!/bin/sh"),
    ];
    assert_eq!(
        marks.len(),
        ExportFormat::INFO.len(),
        "every format is checked"
    );
    for (format, mark) in marks {
        let info = format.info();
        let path = dir
            .path()
            .join(format!("out-{}.{}", info.id, info.extension));
        doc.export_as(&path, format).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(mark), "{} holds {mark}", info.id);
        if info.extension == "json" {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{} is JSON: {e}", info.id));
        }
    }
    let after = doc.snapshot();
    assert_eq!(
        (after.dirty, after.path, after.revision),
        (before.dirty, before.path, before.revision)
    );

    let err = doc.export_as(dir.path(), ExportFormat::Json).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotAFile, "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A re-import is applied as `Edit::between`: whatever two architectures it joins, the batch
    /// turns the first into the second.
    #[test]
    fn the_edit_between_two_architectures_turns_the_first_into_the_second(
        start in proptest::collection::vec(edits::edit(), 0..40),
        change in proptest::collection::vec(edits::edit(), 0..40),
    ) {
        let mut from = Architecture::from_data(lens::model::ArchitectureData::default()).unwrap();
        for e in start {
            let _ = edits::apply(&mut from, e);
        }
        let mut to = from.clone();
        for e in change {
            let _ = edits::apply(&mut to, e);
        }
        let (from_data, to_data) = (from.to_data(), to.to_data());
        let batch = Edit::between(&from_data, &to_data);
        let mut applied = from.clone();
        batch.apply(&mut applied).map_err(|e| TestCaseError::fail(format!("{e}: {batch:?}")))?;
        prop_assert!(Edit::between(&to_data, &to_data).is_empty());
        prop_assert_eq!(applied.to_data(), to_data);
    }
}
