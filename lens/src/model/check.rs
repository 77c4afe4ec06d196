//! Content checks shared by [`Architecture::from_data_checked`](super::Architecture) and the
//! editing operations: ids, label lengths, kinds and properties against the catalog, positions.

use crate::catalog::{Catalog, CatalogError};

use super::types::{Boundary, Component, Flow, Position, Properties, Size};
use super::ModelError;

/// The longest id, in characters.
pub const MAX_ID_CHARS: usize = 128;
/// The longest label (of a component or boundary) or architecture name, in characters. Longer
/// text is rejected with [`ModelError::TooLong`], never truncated. Text property values have the
/// same limit ([`crate::catalog::MAX_TEXT_CHARS`]).
pub const MAX_LABEL_CHARS: usize = 4096;

pub(super) fn check_id(path: impl FnOnce() -> String, id: &str) -> Result<(), ModelError> {
    let reason = if id.is_empty() {
        "an id must not be empty".to_owned()
    } else if id.chars().count() > MAX_ID_CHARS {
        format!("an id must have at most {MAX_ID_CHARS} characters")
    } else if id.chars().any(char::is_control) {
        "an id must not contain control characters".to_owned()
    } else if id.trim() != id {
        format!("the id \"{id}\" starts or ends with whitespace")
    } else {
        return Ok(());
    };
    Err(ModelError::InvalidId {
        path: path(),
        reason,
    })
}

pub(super) fn check_label(path: impl FnOnce() -> String, text: &str) -> Result<(), ModelError> {
    // Counting stops just past the limit, so a huge label costs no more than a short one.
    let chars = text.chars().take(MAX_LABEL_CHARS + 1).count();
    if chars > MAX_LABEL_CHARS {
        return Err(ModelError::TooLong {
            path: path(),
            chars: text.chars().count(),
            limit: MAX_LABEL_CHARS,
        });
    }
    Ok(())
}

/// A label given in an edit: within the limit, and not blank (an imported file may hold an empty
/// label; a person editing one gets told).
pub(super) fn check_edited_label(path: impl Fn() -> String, text: &str) -> Result<(), ModelError> {
    if text.trim().is_empty() {
        return Err(ModelError::BlankLabel { path: path() });
    }
    check_label(path, text)
}

pub(super) fn check_position(
    path: impl FnOnce() -> String,
    position: Option<&Position>,
) -> Result<(), ModelError> {
    match position {
        Some(p) if !(p.x.is_finite() && p.y.is_finite()) => {
            Err(ModelError::NotFinite { path: path() })
        }
        _ => Ok(()),
    }
}

pub(super) fn check_size(
    path: impl FnOnce() -> String,
    size: Option<&Size>,
) -> Result<(), ModelError> {
    match size {
        Some(s)
            if !(s.width.is_finite()
                && s.height.is_finite()
                && s.width >= 0.0
                && s.height >= 0.0) =>
        {
            Err(ModelError::InvalidSize { path: path() })
        }
        _ => Ok(()),
    }
}

pub(super) fn check_kind(path: impl FnOnce() -> String, kind: &str) -> Result<(), ModelError> {
    let catalog = Catalog::builtin();
    if catalog.kind(kind).is_none() {
        return Err(ModelError::Catalog {
            path: path(),
            source: Box::new(CatalogError::UnknownKind {
                kind: kind.to_owned(),
                known: catalog
                    .kinds()
                    .iter()
                    .map(|k| format!("\"{}\"", k.id))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        });
    }
    Ok(())
}

pub(super) fn check_component_properties(
    at: &dyn Fn() -> String,
    kind: &str,
    properties: &Properties,
) -> Result<(), ModelError> {
    if properties.is_empty() {
        return Ok(());
    }
    let catalog = Catalog::builtin();
    // One kind lookup for all properties; the catalog's own lookup reports an unknown kind.
    let spec = catalog.kind(kind);
    for (prop, value) in properties {
        let checked = match spec.and_then(|k| k.property(prop)) {
            Some(p) => p.check(value),
            None => catalog.check_value(kind, prop, value),
        };
        checked.map_err(|source| ModelError::Catalog {
            path: format!("{}.properties.{prop}", at()),
            source: Box::new(source),
        })?;
    }
    Ok(())
}

pub(super) fn check_flow_properties(
    at: &dyn Fn() -> String,
    properties: &Properties,
) -> Result<(), ModelError> {
    let catalog = Catalog::builtin();
    for (prop, value) in properties {
        catalog
            .check_flow_value(prop, value)
            .map_err(|source| ModelError::Catalog {
                path: format!("{}.properties.{prop}", at()),
                source: Box::new(source),
            })?;
    }
    Ok(())
}

// The element checks below build their error paths only when a check fails: a valid
// architecture of 10,000 components is checked without formatting a single path.

/// Everything about one component that does not depend on the rest of the architecture.
pub(super) fn check_component(at: &dyn Fn() -> String, c: &Component) -> Result<(), ModelError> {
    check_id(|| format!("{}.id", at()), c.id.as_str())?;
    check_kind(|| format!("{}.kind", at()), &c.kind)?;
    if let Some(preset) = &c.preset {
        Catalog::builtin()
            .check_preset(&c.kind, preset)
            .map_err(|source| ModelError::Catalog {
                path: format!("{}.preset", at()),
                source: Box::new(source),
            })?;
    }
    check_label(|| format!("{}.label", at()), &c.label)?;
    check_component_properties(at, &c.kind, &c.properties)?;
    check_position(|| format!("{}.position", at()), c.position.as_ref())
}

/// Everything about one flow that does not depend on the rest of the architecture.
pub(super) fn check_flow(at: &dyn Fn() -> String, f: &Flow) -> Result<(), ModelError> {
    check_id(|| format!("{}.id", at()), f.id.as_str())?;
    check_flow_properties(at, &f.properties)
}

/// Everything about one boundary that does not depend on the rest of the architecture.
pub(super) fn check_boundary(at: &dyn Fn() -> String, b: &Boundary) -> Result<(), ModelError> {
    check_id(|| format!("{}.id", at()), b.id.as_str())?;
    check_label(|| format!("{}.label", at()), &b.label)?;
    check_position(|| format!("{}.position", at()), b.position.as_ref())?;
    check_size(|| format!("{}.size", at()), b.size.as_ref())
}
