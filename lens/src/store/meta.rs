//! The `meta` table: one row describing the file — its format, the architecture's name, when the
//! review was created and last saved (seconds since the Unix epoch, UTC) and which version of
//! Lensboard saved it. New fields arrive as `ALTER TABLE meta ADD COLUMN` migrations.

use rusqlite::{Connection, OptionalExtension, Transaction};

use super::{Corruption, Migration, ReadFailure, FORMAT};

pub const TABLE: &str = "meta";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "CREATE TABLE meta (
        singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
        format      TEXT NOT NULL,
        name        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        app_version TEXT NOT NULL
    ) STRICT;",
}];

/// The row of the `meta` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    pub name: String,
    pub created_at: i64,
    pub modified_at: i64,
    pub app_version: String,
}

pub fn write(tx: &Transaction<'_>, meta: &Meta) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO meta (singleton, format, name, created_at, modified_at, app_version)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        (
            FORMAT,
            &meta.name,
            meta.created_at,
            meta.modified_at,
            &meta.app_version,
        ),
    )?;
    Ok(())
}

pub fn read(conn: &Connection) -> Result<Meta, ReadFailure> {
    let bad = |problem: String| ReadFailure::Corrupt(Corruption::BadMeta(problem));
    let row = conn
        .query_row(
            "SELECT format, name, created_at, modified_at, app_version FROM meta",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0),
                    r.get::<_, String>(1),
                    r.get::<_, i64>(2),
                    r.get::<_, i64>(3),
                    r.get::<_, String>(4),
                ))
            },
        )
        .optional()?;
    let Some((format, name, created_at, modified_at, app_version)) = row else {
        return Err(bad("the meta table has no row".into()));
    };
    let column = |name: &str, e: rusqlite::Error| bad(format!("meta.{name} is unreadable ({e})"));
    let format = format.map_err(|e| column("format", e))?;
    if format != FORMAT {
        return Err(bad(format!(
            "its format is \"{format}\", expected \"{FORMAT}\""
        )));
    }
    Ok(Meta {
        name: name.map_err(|e| column("name", e))?,
        created_at: created_at.map_err(|e| column("created_at", e))?,
        modified_at: modified_at.map_err(|e| column("modified_at", e))?,
        app_version: app_version.map_err(|e| column("app_version", e))?,
    })
}
