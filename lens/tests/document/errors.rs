//! The errors a document operation returns, as the app shows them: each has the code of its kind
//! (`lens::ErrorCode`, which the UI switches on) and, when its message names a file or a field
//! the code's summary cannot, that file or field (`DocumentError::path`, for which the UI shows
//! the message instead of the summary).

use lens::document::{Document, DocumentError, Edit};
use lens::model::{ComponentId, Value};
use lens::review::{Decision, DecisionStatus, Review};
use lens::samples::support_assistant;
use lens::{Architecture, ErrorCode};

fn sample() -> Document {
    Document::new(Review::new(
        Architecture::from_data_checked(support_assistant()).unwrap(),
    ))
}

fn refused(doc: &mut Document, edit: Edit) -> DocumentError {
    doc.apply(edit).expect_err("the edit is refused")
}

#[test]
fn a_value_the_catalog_refuses_names_the_property_and_says_what_is_allowed() {
    let mut doc = sample();
    let err = refused(
        &mut doc,
        Edit::SetComponentProperty {
            id: ComponentId::from("agent"),
            property: "max_iterations".into(),
            value: Some(Value::Number(0.0)),
        },
    );
    assert_eq!(err.code(), ErrorCode::InvalidValue);
    let path = err.path().expect("the property is named");
    assert!(path.contains("max_iterations"), "{path}");
    assert!(
        err.to_string().contains("at least 1"),
        "the message says what is allowed: {err}"
    );
}

#[test]
fn an_edit_error_the_summary_describes_names_nothing() {
    let mut doc = sample();
    let blank = refused(
        &mut doc,
        Edit::SetComponentLabel {
            id: ComponentId::from("agent"),
            label: "  ".into(),
        },
    );
    assert_eq!(blank.code(), ErrorCode::InvalidLabel);
    assert_eq!(blank.path(), None);
    let long = refused(
        &mut doc,
        Edit::SetComponentLabel {
            id: ComponentId::from("agent"),
            label: "x".repeat(lens::model::MAX_LABEL_CHARS + 1),
        },
    );
    assert_eq!(long.code(), ErrorCode::InvalidLabel);
    let gone = refused(
        &mut doc,
        Edit::RemoveComponent {
            id: ComponentId::from("ghost"),
        },
    );
    assert_eq!(gone.code(), ErrorCode::UnknownComponent);
    assert_eq!(gone.path(), None);
}

#[test]
fn a_file_error_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.lensboard");
    let err = Document::open(&missing).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileMissing);
    assert_eq!(err.path(), Some(missing.display().to_string()));

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    let err = Document::open(&text).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotAReview);
    assert_eq!(err.path(), Some(text.display().to_string()));
}

#[test]
fn an_error_in_architecture_json_names_its_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.json");
    let mut data = support_assistant();
    data.components[2].kind = "quantum_computer".into();
    std::fs::write(&file, lens::json::export_data(&data)).unwrap();
    let err = Document::open(&file).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArchitecture);
    let path = err.path().expect("the field is named");
    assert!(path.starts_with("components["), "{path}");
    assert!(err.to_string().contains(&path), "{err}");
}

#[test]
fn json_of_a_newer_format_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("future.json");
    let text = lens::json::export_data(&support_assistant()).replacen(
        "\"version\": 1",
        "\"version\": 7",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let err = Document::open(&file).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NewerVersion, "{err}");
}

#[test]
fn a_refused_decision_has_the_code_of_what_is_missing() {
    let mut doc = Document::from_template("autonomous-call-center").unwrap();
    let finding = doc.findings()[0].id.clone();
    let err = doc
        .decide(Decision {
            finding,
            status: DecisionStatus::Accepted,
            justification: String::new(),
            owner: "Ana".into(),
            date: "2026-11-25".into(),
            ticket: None,
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::JustificationRequired);
    assert_eq!(
        err.path(),
        None,
        "the summary says what is missing: the UI shows it"
    );
}
