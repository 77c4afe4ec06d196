//! The autosave that survives a crash. While a document has unsaved changes the app writes it
//! every few seconds to a recovery file in its data directory (with the store's atomic save, so a
//! crash mid-write leaves the previous recovery file whole), plus a small JSON note naming the
//! file the document belongs to. A clean close or a save deletes both. When the app starts and
//! finds them, the previous session ended without saving: the UI offers to restore.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Document, DocumentError};
use crate::store;

/// The recovery review file's name in the recovery directory.
pub const RECOVERY_FILE: &str = "recovery.lensboard";
/// The note's name in the recovery directory.
pub const RECOVERY_NOTE: &str = "recovery.json";

/// What a recovery file holds, as the UI shows it when offering to restore.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RecoveryInfo {
    /// The review file the unsaved changes belong to, if it had one.
    pub original: Option<String>,
    /// The document's title when it was autosaved.
    pub title: String,
    /// When it was autosaved, in seconds since the Unix epoch (UTC).
    pub saved_at: f64,
}

/// The recovery files in one directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    dir: PathBuf,
}

impl Recovery {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn file(&self) -> PathBuf {
        self.dir.join(RECOVERY_FILE)
    }

    fn note(&self) -> PathBuf {
        self.dir.join(RECOVERY_NOTE)
    }

    fn io(path: PathBuf) -> impl FnOnce(std::io::Error) -> DocumentError {
        move |source| DocumentError::Io { path, source }
    }

    /// Writes `document` to the recovery file and its note. The document itself is unchanged (it
    /// stays dirty, with its own file).
    pub fn write(&self, document: &Document) -> Result<(), DocumentError> {
        fs::create_dir_all(&self.dir).map_err(Self::io(self.dir.clone()))?;
        document.write_copy(&self.file())?;
        let note = RecoveryInfo {
            original: document.path().map(|p| p.display().to_string()),
            title: document.title(),
            saved_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64().floor()),
        };
        let text = serde_json::to_string_pretty(&note)
            .map_err(|e| Self::io(self.note())(std::io::Error::other(e)))?;
        let temp = self.dir.join(format!("{RECOVERY_NOTE}.tmp"));
        fs::write(&temp, text).map_err(Self::io(temp.clone()))?;
        fs::rename(&temp, self.note()).map_err(Self::io(self.note()))
    }

    /// Brings the recovery file up to date with `document`, for a timer to call every few
    /// seconds: writes it when the document has unsaved changes not written yet, and deletes the
    /// one this session wrote once the document is clean (saved, or undone back to its file).
    /// `written` is the revision last written, kept by the caller between calls (`None` at
    /// first); a recovery file this session did not write is never deleted here. Returns whether
    /// anything was written or deleted.
    pub fn autosave(
        &self,
        document: &Document,
        written: &mut Option<u32>,
    ) -> Result<bool, DocumentError> {
        if document.is_dirty() {
            if *written == Some(document.revision()) {
                return Ok(false);
            }
            self.write(document)?;
            *written = Some(document.revision());
            Ok(true)
        } else if written.is_some() {
            self.discard()?;
            *written = None;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// The recovery file left by a previous session, if there is one.
    pub fn find(&self) -> Option<RecoveryInfo> {
        if !self.file().is_file() {
            return None;
        }
        let note = fs::read(self.note())
            .ok()
            .and_then(|bytes| serde_json::from_slice::<RecoveryInfo>(&bytes).ok());
        Some(note.unwrap_or_else(|| RecoveryInfo {
            original: None,
            title: super::UNTITLED.to_owned(),
            saved_at: 0.0,
        }))
    }

    /// Opens the recovery file as a document: it belongs to the original file again (saving
    /// writes there) and has unsaved changes. The recovery files stay until discarded or
    /// replaced by the next autosave.
    pub fn restore(&self) -> Result<Document, DocumentError> {
        let info = self.find();
        let review = store::open(&self.file())?;
        let mut document = Document::new(review);
        document.set_path(
            info.and_then(|i| i.original)
                .map(PathBuf::from)
                .filter(|p| !p.as_os_str().is_empty()),
        );
        document.mark_dirty();
        Ok(document)
    }

    /// Deletes the recovery file and its note (after a save, a clean close, or when the user
    /// declines to restore). Missing files are fine.
    pub fn discard(&self) -> Result<(), DocumentError> {
        for path in [self.file(), self.note()] {
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(DocumentError::Io { path, source: e }),
            }
        }
        Ok(())
    }

    /// The directory the recovery files live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
