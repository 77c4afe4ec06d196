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

use crate::catalog::{Catalog, CatalogError};
use crate::model::{Architecture, ArchitectureData, ModelError};
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

/// An element of an architecture that the catalog does not allow.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{element}: {source}")]
pub struct CatalogViolation {
    /// The element, as a user finds it: `component "llm"`, `flow "f1"`.
    pub element: String,
    pub source: CatalogError,
}

/// Checks every component kind and property value, and every flow property value, against
/// `catalog`, and reports the first element it does not allow.
pub fn check_catalog(
    architecture: &Architecture,
    catalog: &Catalog,
) -> Result<(), CatalogViolation> {
    for c in architecture.components() {
        let violation = |source| CatalogViolation {
            element: format!("component \"{}\"", c.id),
            source,
        };
        if catalog.kind(&c.kind).is_none() {
            return Err(violation(CatalogError::UnknownKind {
                kind: c.kind.clone(),
                known: catalog
                    .kinds()
                    .iter()
                    .map(|k| format!("\"{}\"", k.id))
                    .collect::<Vec<_>>()
                    .join(", "),
            }));
        }
        for (property, value) in &c.properties {
            catalog
                .check_value(&c.kind, property, value)
                .map_err(violation)?;
        }
    }
    for f in architecture.flows() {
        for (property, value) in &f.properties {
            catalog
                .check_flow_value(property, value)
                .map_err(|source| CatalogViolation {
                    element: format!("flow \"{}\"", f.id),
                    source,
                })?;
        }
    }
    Ok(())
}

/// Why [`load_any`] could not read a file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read, or it is a review file that could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file is not valid architecture JSON.
    #[error("\"{path}\" is not a valid architecture JSON: {source}")]
    JsonSyntax {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// The JSON is well-formed but does not describe a valid architecture.
    #[error("\"{path}\" is not a valid architecture: {source}")]
    Invalid { path: PathBuf, source: ModelError },
}

impl LoadError {
    /// A stable, machine-readable code for each kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::Store(e) => e.code(),
            LoadError::JsonSyntax { .. } => "invalid_json",
            LoadError::Invalid { .. } => "invalid_architecture",
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
    let data: ArchitectureData =
        serde_json::from_slice(&bytes).map_err(|source| LoadError::JsonSyntax {
            path: path.to_owned(),
            source,
        })?;
    let architecture = Architecture::from_data(data).map_err(|source| LoadError::Invalid {
        path: path.to_owned(),
        source,
    })?;
    Ok((Review::new(architecture), Source::ArchitectureJson))
}
