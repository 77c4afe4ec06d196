//! The `conflicts` table (schema version 5): what a merge of the review could not settle
//! ([`crate::merge::Conflict`]), in the order found, until someone resolves it. The three values
//! are JSON texts; SQL `NULL` means the value does not exist on that side (a deleted element, an
//! unset property), which is different from the JSON text `null`.
//!
//! [`list`] and [`resolve`] read and settle the conflicts of a file directly, for tools that do not
//! hold the review open; the app works on its open [`crate::review::Review`] instead
//! ([`crate::review::Review::resolve_conflict`]) and saves as usual.

use std::path::Path;

use rusqlite::{Connection, Transaction};

use super::{column, Corruption, Migration, ReadFailure, StoreError};
use crate::error::ErrorCode;
use crate::merge::{Conflict, ConflictError, ConflictReason, Element, Side};

pub const TABLE: &str = "conflicts";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 5,
    sql: "CREATE TABLE conflicts (
        seq     INTEGER NOT NULL PRIMARY KEY,
        element TEXT NOT NULL,
        id      TEXT NOT NULL,
        field   TEXT,
        reason  TEXT NOT NULL,
        base    TEXT,
        ours    TEXT,
        theirs  TEXT
    ) STRICT;",
}];

pub fn write(tx: &Transaction<'_>, conflicts: &[Conflict]) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO conflicts (seq, element, id, field, reason, base, ours, theirs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let text = |v: &Option<serde_json::Value>| v.as_ref().map(serde_json::Value::to_string);
    for (seq, c) in conflicts.iter().enumerate() {
        insert.execute((
            i64::try_from(seq).unwrap_or(i64::MAX),
            c.element.id(),
            &c.id,
            &c.field,
            c.reason.id(),
            text(&c.base),
            text(&c.ours),
            text(&c.theirs),
        ))?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<Vec<Conflict>, ReadFailure> {
    let mut select = conn.prepare(
        "SELECT seq, element, id, field, reason, base, ours, theirs FROM conflicts ORDER BY seq",
    )?;
    let mut rows = select.query([])?;
    let mut conflicts = Vec::new();
    while let Some(row) = rows.next()? {
        let seq: i64 = column(row, 0, TABLE, "(unreadable sequence number)")?;
        let id = seq.to_string();
        let bad = |problem: String| {
            ReadFailure::Corrupt(Corruption::BadRow {
                table: TABLE,
                id: id.clone(),
                problem,
            })
        };
        let element: String = column(row, 1, TABLE, &id)?;
        let element = Element::from_id(&element)
            .ok_or_else(|| bad(format!("\"{element}\" is not a kind of element")))?;
        let reason: String = column(row, 4, TABLE, &id)?;
        let reason = ConflictReason::from_id(&reason)
            .ok_or_else(|| bad(format!("\"{reason}\" is not a reason for a conflict")))?;
        let mut values = [None, None, None];
        for (i, (index, name)) in [(5, "base"), (6, "ours"), (7, "theirs")]
            .into_iter()
            .enumerate()
        {
            let text: Option<String> = column(row, index, TABLE, &id)?;
            values[i] = text
                .map(|t| serde_json::from_str(&t))
                .transpose()
                .map_err(|e| bad(format!("its {name} value is not JSON ({e})")))?;
        }
        let [base, ours, theirs] = values;
        conflicts.push(Conflict {
            element,
            id: column(row, 2, TABLE, &id)?,
            field: column(row, 3, TABLE, &id)?,
            reason,
            base,
            ours,
            theirs,
        });
    }
    Ok(conflicts)
}

/// The merge conflicts recorded in the review file at `path`, in order.
pub fn list(path: &Path) -> Result<Vec<Conflict>, StoreError> {
    Ok(super::open(path)?.conflicts)
}

/// Settles conflict number `index` of the review file at `path` by keeping `side`'s value, and
/// saves the file (atomically, as every save). Returns the settled conflict; on an error the file
/// is unchanged.
pub fn resolve(path: &Path, index: usize, side: Side) -> Result<Conflict, ResolveError> {
    let mut review = super::open(path)?;
    let conflict =
        review
            .resolve_conflict(index, side)
            .map_err(|source| ResolveError::Conflict {
                path: path.to_owned(),
                source,
            })?;
    super::save(&review, path)?;
    Ok(conflict)
}

/// Why [`resolve`] changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("\"{path}\": {source}")]
    Conflict {
        path: std::path::PathBuf,
        source: ConflictError,
    },
}

impl ResolveError {
    /// The code of this kind of error (see [`crate::error`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            ResolveError::Store(e) => e.code(),
            ResolveError::Conflict { source, .. } => source.code(),
        }
    }
}
