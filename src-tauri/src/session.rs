//! The app's state: the editing session of `lens` ([`DocumentSession`]: the open document, its
//! crash-recovery autosave and the recent files) behind a lock, and what the window shows of it.
//! What happens when (autosave, restore, what closing needs) is decided by the session in
//! `lens::document::session`; this module only connects it to the window title, the Open Recent
//! menu, the close prompt and a timer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use lens::document::session::AUTOSAVE_EVERY;
use lens::document::{Closing, Document, Session as DocumentSession};
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::events::CloseRequested;
use crate::menu;

/// Locks the session. Every document operation checks before it changes anything, so the
/// session behind a poisoned lock is still whole and is used as is.
pub fn lock(session: &Mutex<DocumentSession>) -> MutexGuard<'_, DocumentSession> {
    session.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `work` on the locked session, then logs the problems it set aside (an autosave or a
/// recent-files list that could not be written): they never fail what was asked.
pub fn with<T>(
    session: &Mutex<DocumentSession>,
    work: impl FnOnce(&mut DocumentSession) -> T,
) -> T {
    let mut session = lock(session);
    let result = work(&mut session);
    for warning in session.take_warnings() {
        eprintln!("lensboard: {warning}");
    }
    result
}

/// The app's managed state.
pub struct Session {
    inner: Arc<Mutex<DocumentSession>>,
}

impl Session {
    /// The session for `document`, with the recent files in `config_dir` and the recovery file
    /// in `data_dir`.
    pub fn new(document: Document, config_dir: &Path, data_dir: &Path) -> Self {
        Self {
            inner: Arc::new(Mutex::new(DocumentSession::in_dirs(
                document, config_dir, data_dir,
            ))),
        }
    }

    /// The session, for work on a blocking thread.
    pub fn shared(&self) -> Arc<Mutex<DocumentSession>> {
        Arc::clone(&self.inner)
    }

    pub fn lock(&self) -> MutexGuard<'_, DocumentSession> {
        lock(&self.inner)
    }

    /// Shows the document's state in the window: its title (with the unsaved marker).
    pub fn show(&self, app: &AppHandle, window_title: &str) {
        if let Some(window) = app.get_webview_window("main") {
            // A title that cannot be set is cosmetic; the UI shows the name too.
            let _ = window.set_title(window_title);
        }
    }

    /// Rebuilds the menu with the recent files as they are now (after Open or Save As).
    pub fn show_recent(&self, app: &AppHandle) {
        menu::install(app, &self.recent_paths());
    }

    pub fn recent_paths(&self) -> Vec<PathBuf> {
        self.lock().recent_files().to_vec()
    }

    /// The window asks to close (close button, File › Quit): with unsaved changes the UI is
    /// asked (`close-requested` event) and the close waits for `close_window`; otherwise the
    /// session ends. Returns whether the close may proceed now.
    pub fn close_requested(&self, app: &AppHandle) -> bool {
        match with(&self.inner, DocumentSession::request_close) {
            Closing::Now => true,
            Closing::AskFirst => {
                if let Err(err) = CloseRequested.emit(app) {
                    // The autosave stays, so the changes are offered back at the next start.
                    eprintln!("lensboard: could not ask the window about unsaved changes: {err}");
                    return true;
                }
                false
            }
        }
    }

    /// Ends the session and quits now (the user chose to save or discard).
    pub fn quit(&self, app: &AppHandle) {
        with(&self.inner, DocumentSession::end);
        app.exit(0);
    }

    /// One autosave tick (see `lens::document::Session::autosave`).
    fn autosave(&self) {
        if let Err(err) = with(&self.inner, DocumentSession::autosave) {
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
