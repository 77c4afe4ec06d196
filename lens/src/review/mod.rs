//! A review: the architecture plus what the team decided about it.
//!
//! Today a review holds the architecture and when its file was created and saved; the findings'
//! decisions, the checklist answers and the milestones join it as fields (and as tables of the
//! review file, see [`crate::store`]) in a later issue.
//!
//! [`load_any`] is the door of the CLI: it reads a review file or an architecture JSON, decided by
//! the file's content (the SQLite magic bytes), never by its extension.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::json::{import_architecture_bytes, ImportError};
use crate::model::Architecture;
use crate::store::{self, meta::Meta, StoreError};

/// A review as the app and the CLI hold it.
#[derive(Clone, Debug)]
pub struct Review {
    pub architecture: Architecture,
    /// When and by what the review's file was written; `None` for a review never saved.
    pub saved: Option<Saved>,
}

/// Where a review's file comes from: read from its `meta` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// When the review was first saved, in seconds since the Unix epoch (UTC).
    pub created_at: i64,
    /// When the review was last saved, in seconds since the Unix epoch (UTC).
    pub modified_at: i64,
    /// The version of Lensboard that last saved it.
    pub app_version: String,
}

impl Review {
    /// A new, never saved review of `architecture`.
    pub fn new(architecture: Architecture) -> Self {
        Self {
            architecture,
            saved: None,
        }
    }

    /// The `meta` row a save writes now: the creation time is kept, the rest is this save's.
    pub(crate) fn meta_for_save(&self) -> Meta {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Meta {
            name: self.architecture.name().to_owned(),
            created_at: self.saved.as_ref().map_or(now, |s| s.created_at),
            modified_at: now,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    pub(crate) fn from_meta(architecture: Architecture, meta: &Meta) -> Self {
        Self {
            architecture,
            saved: Some(Saved {
                created_at: meta.created_at,
                modified_at: meta.modified_at,
                app_version: meta.app_version.clone(),
            }),
        }
    }
}

/// Why [`load_any`] could not read a file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read, or it is a review file that could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file is neither an SQLite database nor JSON text.
    #[error("\"{path}\" is neither a Lensboard review nor architecture JSON: {source}")]
    Unrecognised { path: PathBuf, source: ImportError },
    /// The file is JSON but not a valid architecture.
    #[error("\"{path}\" is not a valid architecture: {source}")]
    Json { path: PathBuf, source: ImportError },
}

impl LoadError {
    /// A stable, machine-readable code for each kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::Store(e) => e.code(),
            LoadError::Unrecognised { .. } => "unrecognised",
            LoadError::Json { .. } => "invalid_architecture",
        }
    }
}

/// What [`load_any`] found in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    ReviewFile,
    ArchitectureJson,
}

/// Reads `path` as a review file if it starts with the SQLite magic bytes, else as architecture
/// JSON. The file is never modified.
pub fn load_any(path: &Path) -> Result<(Review, Source), LoadError> {
    let (file, len) = store::open_regular_file(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut file = file.take(len);
    let read_error = |e| LoadError::Store(store::read_error(path, e));
    (&mut file)
        .take(store::SQLITE_MAGIC.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.as_slice() == store::SQLITE_MAGIC {
        return Ok((store::open(path)?, Source::ReviewFile));
    }
    file.read_to_end(&mut bytes).map_err(read_error)?;
    let architecture = import_architecture_bytes(&bytes).map_err(|source| {
        let path = path.to_owned();
        match source {
            ImportError::NotUtf8 { .. } | ImportError::Syntax { .. } => {
                LoadError::Unrecognised { path, source }
            }
            source => LoadError::Json { path, source },
        }
    })?;
    Ok((Review::new(architecture), Source::ArchitectureJson))
}
