//! The `last_import` table (schema version 7): what the last infrastructure-as-code import put
//! into the review, so that importing again can tell what came from the code from what a person
//! changed since (see [`crate::iac::reimport`]). At most one row: the source's file name, when it
//! was imported, and the architecture the import produced, as canonical architecture JSON.

use rusqlite::{Connection, OptionalExtension, Transaction};

use super::{Corruption, Migration, ReadFailure};
use crate::review::LastImport;

pub const TABLE: &str = "last_import";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 7,
    sql: "CREATE TABLE last_import (
        singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
        source       TEXT NOT NULL,
        imported_at  INTEGER NOT NULL,
        architecture TEXT NOT NULL
    ) STRICT;",
}];

pub fn write(tx: &Transaction<'_>, last: Option<&LastImport>) -> rusqlite::Result<()> {
    if let Some(last) = last {
        tx.execute(
            "INSERT INTO last_import (singleton, source, imported_at, architecture)
             VALUES (1, ?1, ?2, ?3)",
            (
                &last.source,
                last.imported_at,
                crate::json::export_data(&last.architecture),
            ),
        )?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<Option<LastImport>, ReadFailure> {
    let row = conn
        .query_row(
            "SELECT source, imported_at, architecture FROM last_import",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?;
    let Some((source, imported_at, text)) = row else {
        return Ok(None);
    };
    let bad = |problem: String| {
        ReadFailure::Corrupt(Corruption::BadRow {
            table: TABLE,
            id: source.clone(),
            problem,
        })
    };
    let architecture = crate::json::import_architecture(&text)
        .map_err(|e| bad(format!("its architecture is not valid: {e}")))?;
    Ok(Some(LastImport {
        source,
        imported_at,
        architecture: architecture.to_data(),
    }))
}
