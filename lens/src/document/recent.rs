//! The recently opened or saved review files, newest first, kept as a small JSON file in the
//! app's config directory (the desktop shell chooses the directory).

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::DocumentError;

/// The most files the list keeps.
pub const RECENT_LIMIT: usize = 10;

/// The name of the list's file in its directory.
pub const RECENT_FILE: &str = "recent-files.json";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    files: Vec<PathBuf>,
}

/// The list of recent files, stored at [`RecentFiles::path`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecentFiles {
    path: PathBuf,
    files: Vec<PathBuf>,
}

impl RecentFiles {
    /// Reads the list from `dir`. A missing or unreadable list is an empty one: the list is a
    /// convenience, and a damaged one must never keep the app from starting.
    pub fn load(dir: &Path) -> Self {
        let path = dir.join(RECENT_FILE);
        let files = fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .map(|s| s.files)
            .unwrap_or_default();
        let mut list = Self {
            path,
            files: Vec::new(),
        };
        for f in files.into_iter().rev() {
            list.push(f);
        }
        list
    }

    /// Where the list is stored.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The files, newest first.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Puts `file` at the top (moving it there if it is already in the list), keeping at most
    /// [`RECENT_LIMIT`] files. Call [`RecentFiles::save`] to keep the change.
    pub fn push(&mut self, file: PathBuf) {
        self.files.retain(|f| f != &file);
        self.files.insert(0, file);
        self.files.truncate(RECENT_LIMIT);
    }

    /// Removes `file` (it could not be opened any more).
    pub fn remove(&mut self, file: &Path) {
        self.files.retain(|f| f != file);
    }

    /// Writes the list, creating its directory if needed.
    pub fn save(&self) -> Result<(), DocumentError> {
        let io = |source| DocumentError::Io {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).map_err(io)?;
        }
        let text = serde_json::to_string_pretty(&Stored {
            files: self.files.clone(),
        })
        .map_err(|e| io(std::io::Error::other(e)))?;
        // Written beside and renamed over, so a crash never leaves half a list.
        let temp = self.path.with_extension("json.tmp");
        fs::write(&temp, text).map_err(io)?;
        fs::rename(&temp, &self.path).map_err(io)
    }
}
