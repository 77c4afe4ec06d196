//! The `boundaries` table: one row per trust zone. `parent` is the id of the enclosing boundary
//! or NULL.

use rusqlite::{Connection, Transaction};

use super::{column, row_id, Corruption, Migration, ReadFailure};
use crate::model::{Boundary, BoundaryId, Trust};

pub const TABLE: &str = "boundaries";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "CREATE TABLE boundaries (
        id     TEXT NOT NULL PRIMARY KEY,
        label  TEXT NOT NULL,
        trust  TEXT NOT NULL,
        parent TEXT
    ) STRICT, WITHOUT ROWID;",
}];

pub fn write<'a>(
    tx: &Transaction<'_>,
    boundaries: impl Iterator<Item = &'a Boundary>,
) -> rusqlite::Result<()> {
    let mut insert =
        tx.prepare("INSERT INTO boundaries (id, label, trust, parent) VALUES (?1, ?2, ?3, ?4)")?;
    for b in boundaries {
        insert.execute((
            b.id.as_str(),
            &b.label,
            trust_name(b.trust),
            b.parent.as_ref().map(BoundaryId::as_str),
        ))?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<Vec<Boundary>, ReadFailure> {
    let mut select = conn.prepare("SELECT id, label, trust, parent FROM boundaries ORDER BY id")?;
    let mut rows = select.query([])?;
    let mut boundaries = Vec::new();
    while let Some(row) = rows.next()? {
        let id = row_id(row, TABLE)?;
        let trust: String = column(row, 2, TABLE, &id)?;
        let trust = parse_trust(&trust).ok_or_else(|| {
            ReadFailure::Corrupt(Corruption::BadRow {
                table: TABLE,
                id: id.clone(),
                problem: format!("\"{trust}\" is not a trust level"),
            })
        })?;
        boundaries.push(Boundary {
            label: column(row, 1, TABLE, &id)?,
            trust,
            parent: column::<Option<String>>(row, 3, TABLE, &id)?.map(BoundaryId),
            id: BoundaryId(id),
        });
    }
    Ok(boundaries)
}

/// The trust level's interchange name (`private`, `third_party`, …), from its serde form.
fn trust_name(trust: Trust) -> String {
    match serde_json::to_value(trust) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{trust:?}"),
    }
}

fn parse_trust(name: &str) -> Option<Trust> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}
