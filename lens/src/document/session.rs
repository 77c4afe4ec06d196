//! An editing session: the document open in a window, the crash-recovery autosave that protects
//! its unsaved changes, and the recent files. The desktop app holds one [`Session`] behind a lock
//! and drives it from its commands and an autosave timer; what to do when is decided here, so it
//! is tested without a window.
//!
//! The recovery autosave ([`super::recovery`]) goes through these states:
//!
//! - **Pending**: at start, an autosave left by an earlier session that ended without saving
//!   waits for the person to restore or discard it ([`Session::pending_recovery`]). Meanwhile
//!   autosave writes nothing, so it never overwrites that work.
//! - **Idle**: no autosave of this session exists; the document is clean or was not written yet.
//! - **Written at revision n**: autosave ([`Session::autosave`], every [`AUTOSAVE_EVERY`]) wrote
//!   the document at revision `n`; it writes again when the document has changed since, and
//!   deletes the file once the document is clean (saved, or undone back to its file).
//!
//! Restoring the pending autosave makes it this session's own, written at the restored
//! document's revision. Replacing the document (New, Open, a template) or closing cleanly
//! deletes this session's autosave; the person was asked about the unsaved changes first.
//!
//! Problems with the session's own files (an autosave that cannot be deleted, a recent-files
//! list that cannot be written) never stop what was asked: they are kept for the app to log
//! ([`Session::take_warnings`]).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::recent::RecentFiles;
use super::recovery::{Recovery, RecoveryInfo};
use super::{Document, DocumentError};
use crate::error::ErrorCode;

/// How often unsaved changes are written to the recovery file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(5);

/// The recovery directory's name in the app's data directory.
pub const RECOVERY_DIR: &str = "recovery";

/// What closing the window needs: see [`Session::request_close`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closing {
    /// The document has unsaved changes: ask the person (save, discard or cancel) first.
    AskFirst,
    /// Nothing would be lost: close now (this session's autosave is already deleted).
    Now,
}

/// The open document with its recovery autosave and recent files. See the module docs.
#[derive(Debug)]
pub struct Session {
    document: Document,
    recovery: Recovery,
    recent: RecentFiles,
    /// The autosave of an earlier session, until it is restored or discarded.
    pending: Option<RecoveryInfo>,
    /// The revision this session's autosave holds, if it wrote one that is still there.
    autosaved: Option<u32>,
    warnings: Vec<DocumentError>,
}

impl Session {
    /// A session on `document`, with its recovery files in `recovery` and the recent files in
    /// `recent`. An autosave already in `recovery` is pending; a document opened from a review
    /// file (the app was started on it) goes to the top of the recent files.
    pub fn new(document: Document, recovery: Recovery, recent: RecentFiles) -> Self {
        let pending = recovery.find();
        let mut session = Self {
            document,
            recovery,
            recent,
            pending,
            autosaved: None,
            warnings: Vec::new(),
        };
        session.remember_file();
        session
    }

    /// A session with the recent files in the app's `config_dir` and the recovery files in
    /// [`RECOVERY_DIR`] of its `data_dir`.
    pub fn in_dirs(document: Document, config_dir: &Path, data_dir: &Path) -> Self {
        Self::new(
            document,
            Recovery::new(data_dir.join(RECOVERY_DIR)),
            RecentFiles::load(config_dir),
        )
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The document, for a change of its content (an edit, a decision, a save to its file).
    pub fn document_mut(&mut self) -> &mut Document {
        &mut self.document
    }

    pub fn recovery(&self) -> &Recovery {
        &self.recovery
    }

    /// The autosave of an earlier session, while it waits to be restored or discarded.
    pub fn pending_recovery(&self) -> Option<&RecoveryInfo> {
        self.pending.as_ref()
    }

    /// The recently opened or saved review files, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        self.recent.files()
    }

    /// The problems kept since the last call (see the module docs), oldest first.
    pub fn take_warnings(&mut self) -> Vec<DocumentError> {
        std::mem::take(&mut self.warnings)
    }

    fn warn(&mut self, result: Result<(), DocumentError>) {
        if let Err(err) = result {
            self.warnings.push(err);
        }
    }

    /// Puts `document` in place of the open one (New, a template) and deletes this session's
    /// autosave of the one it replaces. A pending autosave of an earlier session stays.
    pub fn replace(&mut self, document: Document) {
        self.document = document;
        if self.pending.is_none() && self.autosaved.take().is_some() {
            let deleted = self.recovery.discard();
            self.warn(deleted);
        }
    }

    /// Opens a review file or imports JSON (see [`Document::open`]) in place of the open
    /// document. A review file goes to the top of the recent files; a file that does not exist
    /// leaves them. Nothing changes but that list when it cannot be opened.
    pub fn open(&mut self, path: &Path) -> Result<(), DocumentError> {
        let document = match Document::open(path) {
            Ok(document) => document,
            Err(err) => {
                if err.code() == ErrorCode::FileMissing {
                    self.recent.remove(path);
                    let saved = self.recent.save();
                    self.warn(saved);
                }
                return Err(err);
            }
        };
        self.replace(document);
        self.remember_file();
        Ok(())
    }

    /// Saves the document to `path`, which becomes its file and the newest recent file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), DocumentError> {
        self.document.save_as(path)?;
        self.remember_file();
        Ok(())
    }

    fn remember_file(&mut self) {
        if let Some(path) = self.document.path() {
            self.recent.push(path.to_owned());
            let saved = self.recent.save();
            self.warn(saved);
        }
    }

    /// Opens the pending autosave in place of the document ([`Recovery::restore`]): it belongs
    /// to its original file again and has unsaved changes. [`DocumentError::NoRecovery`] when
    /// nothing is pending.
    pub fn restore_recovery(&mut self) -> Result<(), DocumentError> {
        if self.pending.is_none() {
            return Err(DocumentError::NoRecovery);
        }
        let document = self.recovery.restore()?;
        // The recovery file now holds this session's document, as if autosaved just now:
        // not written again until the document changes, deleted once it is saved or closed.
        self.autosaved = Some(document.revision());
        self.document = document;
        self.pending = None;
        Ok(())
    }

    /// Deletes the pending autosave (the person declined to restore it); autosave may write
    /// again.
    pub fn discard_recovery(&mut self) -> Result<(), DocumentError> {
        self.recovery.discard()?;
        self.pending = None;
        self.autosaved = None;
        Ok(())
    }

    /// One autosave tick: writes the document when it has unsaved changes not written yet,
    /// deletes this session's autosave once the document is clean, and does nothing while an
    /// earlier session's autosave is pending. Returns whether a file was written or deleted.
    pub fn autosave(&mut self) -> Result<bool, DocumentError> {
        if self.pending.is_some() {
            return Ok(false);
        }
        self.recovery.autosave(&self.document, &mut self.autosaved)
    }

    /// The window asks to close (its close button, File › Quit). With unsaved changes the
    /// person must be asked first, and closes with [`Session::end`] afterwards; otherwise the
    /// session ends now.
    pub fn request_close(&mut self) -> Closing {
        if self.document.is_dirty() {
            Closing::AskFirst
        } else {
            self.end();
            Closing::Now
        }
    }

    /// Ends the session cleanly (the person saved, or chose to discard the changes): deletes
    /// this session's autosave. A pending autosave of an earlier session stays for the next
    /// start.
    pub fn end(&mut self) {
        if self.autosaved.take().is_some() {
            let deleted = self.recovery.discard();
            self.warn(deleted);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Edit;
    use super::*;

    fn edited(name: &str) -> Document {
        let mut doc = Document::empty();
        doc.apply(Edit::RenameArchitecture { name: name.into() })
            .unwrap();
        doc
    }

    fn session_in(dir: &Path, document: Document) -> Session {
        Session::in_dirs(document, &dir.join("config"), &dir.join("data"))
    }

    fn recovery_in(dir: &Path) -> Recovery {
        Recovery::new(dir.join("data").join(RECOVERY_DIR))
    }

    fn autosaved_name(dir: &Path) -> String {
        recovery_in(dir)
            .restore()
            .expect("an autosave is there")
            .architecture()
            .name()
            .to_owned()
    }

    #[test]
    fn autosave_waits_while_an_earlier_sessions_work_is_pending() {
        let dir = tempfile::tempdir().unwrap();
        recovery_in(dir.path())
            .write(&edited("Crashed work"))
            .unwrap();

        let mut session = session_in(dir.path(), edited("Draft"));
        assert_eq!(
            session.pending_recovery().map(|p| p.title.as_str()),
            Some("Crashed work")
        );
        assert!(!session.autosave().unwrap(), "nothing is written");
        assert_eq!(
            autosaved_name(dir.path()),
            "Crashed work",
            "the pending autosave is not overwritten by this session's edits"
        );

        session.discard_recovery().unwrap();
        assert_eq!(session.pending_recovery(), None);
        assert!(session.autosave().unwrap());
        assert_eq!(autosaved_name(dir.path()), "Draft");
        assert!(
            !session.autosave().unwrap(),
            "an unchanged revision is not written twice"
        );
    }

    #[test]
    fn restoring_opens_the_earlier_work_with_unsaved_changes_and_makes_the_autosave_ours() {
        let dir = tempfile::tempdir().unwrap();
        recovery_in(dir.path())
            .write(&edited("Crashed work"))
            .unwrap();
        let mut session = session_in(dir.path(), Document::empty());

        session.restore_recovery().unwrap();
        assert_eq!(session.document().architecture().name(), "Crashed work");
        assert!(session.document().is_dirty());
        assert_eq!(session.pending_recovery(), None);
        assert!(
            !session.autosave().unwrap(),
            "the autosave already holds the restored document"
        );

        session
            .save_as(&dir.path().join("saved.lensboard"))
            .unwrap();
        assert!(session.autosave().unwrap());
        assert_eq!(
            recovery_in(dir.path()).find(),
            None,
            "saved, the autosave goes"
        );
    }

    #[test]
    fn restoring_or_discarding_without_a_pending_autosave_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = session_in(dir.path(), edited("Draft"));
        let err = session.restore_recovery().unwrap_err();
        assert_eq!(err.code(), ErrorCode::NoRecovery);
        assert_eq!(session.document().architecture().name(), "Draft");
        session.discard_recovery().unwrap();
    }

    #[test]
    fn replacing_the_document_drops_this_sessions_autosave_but_not_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = session_in(dir.path(), edited("Draft"));
        session.autosave().unwrap();
        assert!(session.recovery().find().is_some());
        session.replace(Document::empty());
        assert_eq!(session.recovery().find(), None);

        recovery_in(dir.path())
            .write(&edited("Crashed work"))
            .unwrap();
        let mut session = session_in(dir.path(), edited("Draft"));
        session.replace(Document::empty());
        assert_eq!(autosaved_name(dir.path()), "Crashed work");
        assert!(session.take_warnings().is_empty());
    }

    #[test]
    fn closing_asks_first_only_with_unsaved_changes_and_a_clean_close_drops_the_autosave() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = session_in(dir.path(), edited("Draft"));
        session.autosave().unwrap();
        assert_eq!(session.request_close(), Closing::AskFirst);
        assert!(
            session.recovery().find().is_some(),
            "kept until the person answers"
        );
        session.end();
        assert_eq!(session.recovery().find(), None);

        let mut clean = session_in(dir.path(), Document::empty());
        assert_eq!(clean.request_close(), Closing::Now);
    }

    #[test]
    fn opening_and_saving_as_fill_the_recent_files_and_a_missing_file_leaves_them() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first.lensboard");
        let second = dir.path().join("second.lensboard");
        let mut session = session_in(dir.path(), edited("Draft"));
        session.save_as(&first).unwrap();
        session.save_as(&second).unwrap();
        session.open(&first).unwrap();
        assert_eq!(session.recent_files(), [first.clone(), second.clone()]);

        std::fs::remove_file(&second).unwrap();
        let err = session.open(&second).unwrap_err();
        assert_eq!(err.code(), ErrorCode::FileMissing);
        assert_eq!(
            session.document().path(),
            Some(first.as_path()),
            "the open review stays"
        );
        assert_eq!(session.recent_files(), std::slice::from_ref(&first));

        let reloaded = session_in(dir.path(), Document::empty());
        assert_eq!(reloaded.recent_files(), [first], "the list is kept on disk");
    }

    #[test]
    fn a_session_started_on_a_review_file_lists_it_first() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.lensboard");
        edited("Draft").save_as(&file).unwrap();
        let session = session_in(dir.path(), Document::open(&file).unwrap());
        assert_eq!(session.recent_files(), [file]);
    }

    #[test]
    fn an_imported_json_file_is_not_a_recent_review() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("a.json");
        std::fs::write(
            &json,
            crate::json::export_data(&crate::samples::support_assistant()),
        )
        .unwrap();
        let mut session = session_in(dir.path(), Document::empty());
        session.open(&json).unwrap();
        assert_eq!(session.document().path(), None);
        assert!(session.recent_files().is_empty());
    }

    #[test]
    fn a_recent_list_that_cannot_be_written_is_a_warning_not_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        // The config directory is a file: the list cannot be written there.
        let config = dir.path().join("config");
        std::fs::write(&config, "not a directory").unwrap();
        let mut session = Session::in_dirs(edited("Draft"), &config, &dir.path().join("data"));
        session.save_as(&dir.path().join("a.lensboard")).unwrap();
        assert!(!session.document().is_dirty(), "the review is saved");
        let warnings = session.take_warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(session.take_warnings().is_empty(), "taken once");
    }
}
