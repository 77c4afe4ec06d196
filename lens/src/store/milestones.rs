//! The `milestones` table (schema version 3): named snapshots of the review. The snapshot is one
//! text column holding the review JSON form of that moment ([`crate::review::json`], without
//! milestones), so a milestone needs no second copy of every table and reads like an export.

use rusqlite::{Connection, Transaction};

use super::{column, row_id, Corruption, Migration, ReadFailure};
use crate::engine::Pack;
use crate::review::{json, Milestone};

pub const TABLE: &str = "milestones";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 3,
    sql: "CREATE TABLE milestones (
        name       TEXT NOT NULL PRIMARY KEY,
        created_at INTEGER NOT NULL,
        snapshot   TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;",
}];

pub fn write(tx: &Transaction<'_>, milestones: &[Milestone]) -> rusqlite::Result<()> {
    let mut insert =
        tx.prepare("INSERT INTO milestones (name, created_at, snapshot) VALUES (?1, ?2, ?3)")?;
    for m in milestones {
        insert.execute((
            &m.name,
            m.created_at,
            json::snapshot_json(&m.snapshot, Pack::builtin()),
        ))?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<Vec<Milestone>, ReadFailure> {
    let mut select = conn
        .prepare("SELECT name, created_at, snapshot FROM milestones ORDER BY created_at, name")?;
    let mut rows = select.query([])?;
    let mut milestones = Vec::new();
    while let Some(row) = rows.next()? {
        let name = row_id(row, TABLE)?;
        let created_at = column(row, 1, TABLE, &name)?;
        let text: String = column(row, 2, TABLE, &name)?;
        let snapshot = json::parse_snapshot(&text).map_err(|e| {
            ReadFailure::Corrupt(Corruption::BadRow {
                table: TABLE,
                id: name.clone(),
                problem: format!("its snapshot is not a valid review: {e}"),
            })
        })?;
        milestones.push(Milestone {
            name,
            created_at,
            snapshot,
        });
    }
    Ok(milestones)
}
