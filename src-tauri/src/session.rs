//! The app's state: the open [`Document`], the recent-files list, the crash-recovery autosave,
//! and what the window shows of them (title, Open Recent menu).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use lens::document::recent::RecentFiles;
use lens::document::recovery::{Recovery, RecoveryInfo};
use lens::document::Document;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::events::CloseRequested;
use crate::menu;

/// How often unsaved changes are written to the recovery file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(5);

/// Locks the document. Every document operation checks before it changes anything, so the
/// document behind a poisoned lock is still whole and is used as is.
pub fn lock(document: &Mutex<Document>) -> MutexGuard<'_, Document> {
    document.lock().unwrap_or_else(PoisonError::into_inner)
}

fn lock_any<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

pub struct Session {
    document: Arc<Mutex<Document>>,
    recent: Mutex<RecentFiles>,
    recovery: Recovery,
    /// The autosave of an earlier session, until the user restores or discards it; autosave
    /// waits meanwhile so that it never overwrites it.
    pending: Mutex<Option<RecoveryInfo>>,
    /// The revision last autosaved by this session.
    autosaved: Mutex<Option<u32>>,
}

impl Session {
    /// The session for `document`, with the recent files in `config_dir` and the recovery file
    /// in `data_dir`.
    pub fn new(document: Document, config_dir: &Path, data_dir: &Path) -> Self {
        let recovery = Recovery::new(data_dir.join("recovery"));
        let pending = recovery.find();
        Self {
            document: Arc::new(Mutex::new(document)),
            recent: Mutex::new(RecentFiles::load(config_dir)),
            recovery,
            pending: Mutex::new(pending),
            autosaved: Mutex::new(None),
        }
    }

    pub fn document(&self) -> Arc<Mutex<Document>> {
        Arc::clone(&self.document)
    }

    pub fn recovery(&self) -> &Recovery {
        &self.recovery
    }

    pub fn pending_recovery(&self) -> Option<RecoveryInfo> {
        lock_any(&self.pending).clone()
    }

    /// The earlier session's autosave was discarded: autosave may write again.
    pub fn recovery_handled(&self) {
        *lock_any(&self.pending) = None;
        *lock_any(&self.autosaved) = None;
    }

    /// The earlier session's autosave was restored as the document at `revision`: the recovery
    /// file is this session's now (identical to the document, so not written again; deleted
    /// once the document is saved or closed cleanly).
    pub fn recovery_restored(&self, revision: u32) {
        *lock_any(&self.pending) = None;
        *lock_any(&self.autosaved) = Some(revision);
    }

    /// Another review took the document's place (New, Open): this session's autosave of the
    /// previous one is no longer wanted (the UI asked about its unsaved changes first).
    pub fn document_replaced(&self) {
        if lock_any(&self.pending).is_some() {
            return;
        }
        let mut autosaved = lock_any(&self.autosaved);
        if autosaved.take().is_some() {
            if let Err(err) = self.recovery.discard() {
                eprintln!("lensboard: the recovery file could not be deleted: {err}");
            }
        }
    }

    pub fn recent_files(&self) -> Vec<String> {
        lock_any(&self.recent)
            .files()
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    }

    /// Shows the document's state in the window: its title (with the unsaved marker).
    pub fn show(&self, app: &AppHandle, window_title: &str) {
        if let Some(window) = app.get_webview_window("main") {
            // A title that cannot be set is cosmetic; the UI shows the name too.
            let _ = window.set_title(window_title);
        }
    }

    /// Puts `path` at the top of the recent files, saves the list and rebuilds the menu.
    pub fn remember(&self, app: &AppHandle, path: Option<&str>) {
        let Some(path) = path else { return };
        let files = {
            let mut recent = lock_any(&self.recent);
            recent.push(PathBuf::from(path));
            if let Err(err) = recent.save() {
                eprintln!("lensboard: the recent-files list could not be saved: {err}");
            }
            recent.files().to_vec()
        };
        menu::install(app, &files);
    }

    /// Drops a file that no longer exists from the recent files.
    pub fn forget(&self, app: &AppHandle, path: &Path) {
        let files = {
            let mut recent = lock_any(&self.recent);
            recent.remove(path);
            if let Err(err) = recent.save() {
                eprintln!("lensboard: the recent-files list could not be saved: {err}");
            }
            recent.files().to_vec()
        };
        menu::install(app, &files);
    }

    pub fn recent_paths(&self) -> Vec<PathBuf> {
        lock_any(&self.recent).files().to_vec()
    }

    /// The window asks to close (close button, File › Quit): with unsaved changes the UI is
    /// asked (`close-requested` event) and the close waits for `close_window`; otherwise the app
    /// quits. Returns whether the close may proceed now.
    pub fn close_requested(&self, app: &AppHandle) -> bool {
        if lock(&self.document).is_dirty() {
            if let Err(err) = CloseRequested.emit(app) {
                eprintln!("lensboard: could not ask the window about unsaved changes: {err}");
                return true;
            }
            false
        } else {
            self.clean_exit();
            true
        }
    }

    /// Quits now, deleting this session's autosave (the user chose to save or discard).
    pub fn quit(&self, app: &AppHandle) {
        self.clean_exit();
        app.exit(0);
    }

    fn clean_exit(&self) {
        if lock_any(&self.autosaved).is_some() {
            if let Err(err) = self.recovery.discard() {
                eprintln!("lensboard: the recovery file could not be deleted: {err}");
            }
        }
    }

    /// One autosave tick: see [`Recovery::autosave`]. Skipped while an earlier session's
    /// autosave waits for the user.
    pub fn autosave(&self) {
        if lock_any(&self.pending).is_some() {
            return;
        }
        let document = lock(&self.document);
        let mut autosaved = lock_any(&self.autosaved);
        if let Err(err) = self.recovery.autosave(&document, &mut autosaved) {
            eprintln!("lensboard: autosave failed: {err}");
        }
    }
}

/// Starts the autosave timer: a thread that ticks every [`AUTOSAVE_EVERY`] for the app's life.
pub fn start_autosave(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(AUTOSAVE_EVERY);
        app.state::<Session>().autosave();
    });
}

#[cfg(test)]
mod tests {
    use lens::document::recovery::Recovery;
    use lens::document::{Document, Edit};

    use super::*;

    fn edited() -> Document {
        let mut doc = Document::empty();
        doc.apply(Edit::RenameArchitecture {
            name: "Draft".into(),
        })
        .unwrap();
        doc
    }

    fn session_in(dir: &Path, document: Document) -> Session {
        Session::new(document, &dir.join("config"), &dir.join("data"))
    }

    #[test]
    fn autosave_waits_while_an_earlier_sessions_work_is_pending() {
        let dir = tempfile::tempdir().unwrap();
        let recovery = Recovery::new(dir.path().join("data/recovery"));
        let mut crashed = edited();
        crashed
            .apply(Edit::RenameArchitecture {
                name: "Crashed work".into(),
            })
            .unwrap();
        recovery.write(&crashed).unwrap();

        let session = session_in(dir.path(), edited());
        assert!(session.pending_recovery().is_some());
        session.autosave();
        let restored = recovery.restore().unwrap();
        assert_eq!(
            restored.architecture().name(),
            "Crashed work",
            "the pending autosave is not overwritten by this session's edits"
        );

        session.recovery_handled();
        session.autosave();
        assert_eq!(recovery.restore().unwrap().architecture().name(), "Draft");
    }

    #[test]
    fn a_restored_autosave_is_deleted_once_the_review_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let recovery = Recovery::new(dir.path().join("data/recovery"));
        recovery.write(&edited()).unwrap();
        let session = session_in(dir.path(), Document::empty());

        let restored = recovery.restore().unwrap();
        let revision = restored.revision();
        *lock(&session.document()) = restored;
        session.recovery_restored(revision);
        session.autosave();
        assert!(recovery.find().is_some(), "unsaved, the autosave stays");

        lock(&session.document())
            .save_as(&dir.path().join("saved.lensboard"))
            .unwrap();
        session.autosave();
        assert_eq!(recovery.find(), None, "saved, the autosave goes");
    }

    #[test]
    fn opening_another_review_drops_this_sessions_autosave() {
        let dir = tempfile::tempdir().unwrap();
        let session = session_in(dir.path(), edited());
        session.autosave();
        assert!(session.recovery().find().is_some());
        *lock(&session.document()) = Document::empty();
        session.document_replaced();
        assert_eq!(session.recovery().find(), None);
    }
}
