//! `Document` and files: save, save as, open, dirty tracking against the saved state, the
//! recovery autosave and the recent-files list.

use lens::document::recent::{RecentFiles, RECENT_LIMIT};
use lens::document::recovery::Recovery;
use lens::document::{Document, Edit};
use lens::model::{Architecture, BoundaryId, Position, Size, Trust};
use lens::review::Review;
use lens::samples::support_assistant;

fn sample() -> Document {
    Document::new(Review::new(
        Architecture::from_data_checked(support_assistant()).unwrap(),
    ))
}

fn rename(doc: &mut Document, name: &str) {
    doc.apply(Edit::RenameArchitecture { name: name.into() })
        .unwrap();
}

#[test]
fn saving_makes_the_document_clean_and_undo_past_it_dirty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.lensboard");
    let mut doc = sample();
    assert_eq!(
        doc.save().unwrap_err().code(),
        lens::ErrorCode::NoPath,
        "a new review asks where"
    );
    rename(&mut doc, "A");
    doc.save_as(&path).unwrap();
    assert!(!doc.is_dirty(), "a saved document is clean");
    assert_eq!(doc.title(), "review");
    assert_eq!(doc.window_title(), "review — Lensboard");

    rename(&mut doc, "B");
    assert!(doc.is_dirty());
    doc.undo().unwrap();
    assert!(!doc.is_dirty(), "undoing back to the saved state is clean");
    doc.undo().unwrap();
    assert!(doc.is_dirty(), "undoing past the saved state is dirty");
    doc.redo().unwrap();
    assert!(!doc.is_dirty(), "redoing up to the saved state is clean");
    assert_eq!(doc.window_title(), "review — Lensboard");

    rename(&mut doc, "C");
    doc.save().unwrap();
    let reopened = Document::open(&path).unwrap();
    assert_eq!(
        reopened.architecture().to_data(),
        doc.architecture().to_data()
    );
    assert_eq!(reopened.path(), Some(path.as_path()));
    assert!(!reopened.is_dirty() && !reopened.can_undo());
}

#[test]
fn boundary_layout_survives_saving_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("layout.lensboard");
    let mut doc = sample();
    doc.apply(Edit::AddBoundary {
        boundary: lens::model::Boundary {
            id: BoundaryId::from("vpc"),
            label: "VPC".into(),
            trust: Trust::Private,
            parent: None,
            position: Some(Position { x: 10.5, y: -4.0 }),
            size: Some(Size {
                width: 320.0,
                height: 200.0,
            }),
        },
    })
    .unwrap();
    doc.save_as(&path).unwrap();
    let reopened = Document::open(&path).unwrap();
    assert_eq!(
        reopened.architecture().to_data(),
        doc.architecture().to_data()
    );

    let json = lens::json::export_architecture(doc.architecture());
    assert!(
        json.contains("\"size\""),
        "the JSON carries the boundary's size"
    );
    let imported = lens::json::import_architecture(&json).unwrap();
    assert_eq!(imported.to_data(), doc.architecture().to_data());
}

#[test]
fn opening_json_imports_it_without_a_file_to_save_to() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("arch.json");
    let architecture = Architecture::from_data_checked(support_assistant()).unwrap();
    std::fs::write(&path, lens::json::export_architecture(&architecture)).unwrap();
    let mut doc = Document::open(&path).unwrap();
    assert_eq!(
        doc.path(),
        None,
        "saving must not overwrite the JSON with a review file"
    );
    assert_eq!(doc.title(), "Support assistant");
    assert_eq!(doc.save().unwrap_err().code(), lens::ErrorCode::NoPath);
}

#[test]
fn opening_a_missing_or_foreign_file_is_a_coded_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = Document::open(&dir.path().join("nope.lensboard")).unwrap_err();
    assert_eq!(missing.code(), lens::ErrorCode::FileMissing);
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    assert_eq!(
        Document::open(&text).unwrap_err().code(),
        lens::ErrorCode::NotAReview
    );
}

#[test]
fn a_recovered_autosave_belongs_to_its_file_and_is_dirty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.lensboard");
    let recovery = Recovery::new(dir.path().join("recovery"));
    assert_eq!(recovery.find(), None, "no recovery file at first");

    let mut doc = sample();
    doc.save_as(&path).unwrap();
    rename(&mut doc, "Unsaved work");
    recovery.write(&doc).unwrap();
    assert!(
        doc.is_dirty(),
        "writing the recovery file does not save the document"
    );

    let info = recovery.find().expect("the autosave is found");
    assert_eq!(info.original.as_deref(), Some(path.to_str().unwrap()));
    assert_eq!(info.title, "review");
    assert!(info.saved_at > 0.0);

    let restored = recovery.restore().unwrap();
    assert_eq!(restored.architecture().name(), "Unsaved work");
    assert_eq!(restored.path(), Some(path.as_path()));
    assert!(
        restored.is_dirty(),
        "the restored changes are not in the file yet"
    );
    assert_eq!(
        Document::open(&path).unwrap().architecture().name(),
        "Support assistant",
        "the original file is untouched"
    );

    recovery.discard().unwrap();
    assert_eq!(recovery.find(), None);
    recovery.discard().unwrap();
}

#[test]
fn recent_files_keep_the_newest_ten_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let mut recent = RecentFiles::load(dir.path());
    assert!(recent.files().is_empty());
    for i in 0..12 {
        recent.push(format!("/reviews/{i}.lensboard").into());
    }
    recent.push("/reviews/5.lensboard".into());
    assert_eq!(recent.files().len(), RECENT_LIMIT);
    assert_eq!(recent.files()[0].to_str(), Some("/reviews/5.lensboard"));
    assert_eq!(recent.files()[1].to_str(), Some("/reviews/11.lensboard"));
    recent.save().unwrap();

    let loaded = RecentFiles::load(dir.path());
    assert_eq!(loaded.files(), recent.files());

    std::fs::write(recent.path(), "{ not json").unwrap();
    assert!(
        RecentFiles::load(dir.path()).files().is_empty(),
        "a damaged list is an empty one, never an error at start-up"
    );
}

#[test]
fn autosave_writes_unsaved_changes_once_and_deletes_them_when_clean() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = Recovery::new(dir.path());
    let mut written = None;
    let mut doc = sample();
    assert!(
        !recovery.autosave(&doc, &mut written).unwrap(),
        "a clean document is not autosaved"
    );
    assert_eq!(recovery.find(), None);

    rename(&mut doc, "Draft");
    assert!(recovery.autosave(&doc, &mut written).unwrap());
    assert!(recovery.find().is_some());
    assert!(
        !recovery.autosave(&doc, &mut written).unwrap(),
        "nothing new since the last autosave: nothing written"
    );

    doc.undo().unwrap();
    assert!(recovery.autosave(&doc, &mut written).unwrap());
    assert_eq!(
        recovery.find(),
        None,
        "back to clean, the autosave is deleted"
    );
}

#[test]
fn autosave_never_deletes_a_recovery_file_from_an_earlier_session() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = Recovery::new(dir.path());
    let mut crashed = sample();
    rename(&mut crashed, "Lost work");
    recovery.write(&crashed).unwrap();

    let mut written = None;
    recovery.autosave(&sample(), &mut written).unwrap();
    assert!(
        recovery.find().is_some(),
        "the crashed session's work waits for the user to restore or discard it"
    );
}
