//! The `boundaries` table: one row per trust zone. `parent` is the id of the enclosing boundary
//! or NULL. `x` and `y` (the canvas position) are both NULL when the boundary has none, and so are
//! `width` and `height` (its size on the canvas, added in schema version 2).

use rusqlite::{Connection, Transaction};

use super::{column, row_id, Corruption, Migration, ReadFailure};
use crate::model::{Boundary, BoundaryId, Position, Size, Trust};

pub const TABLE: &str = "boundaries";

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: "CREATE TABLE boundaries (
        id     TEXT NOT NULL PRIMARY KEY,
        label  TEXT NOT NULL,
        trust  TEXT NOT NULL,
        parent TEXT
    ) STRICT, WITHOUT ROWID;",
    },
    Migration {
        version: 2,
        sql: "ALTER TABLE boundaries ADD COLUMN x REAL;
          ALTER TABLE boundaries ADD COLUMN y REAL;
          ALTER TABLE boundaries ADD COLUMN width REAL;
          ALTER TABLE boundaries ADD COLUMN height REAL;",
    },
];

pub fn write<'a>(
    tx: &Transaction<'_>,
    boundaries: impl Iterator<Item = &'a Boundary>,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO boundaries (id, label, trust, parent, x, y, width, height)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for b in boundaries {
        insert.execute((
            b.id.as_str(),
            &b.label,
            trust_name(b.trust),
            b.parent.as_ref().map(BoundaryId::as_str),
            b.position.map(|p| p.x),
            b.position.map(|p| p.y),
            b.size.map(|s| s.width),
            b.size.map(|s| s.height),
        ))?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<Vec<Boundary>, ReadFailure> {
    let mut select = conn.prepare(
        "SELECT id, label, trust, parent, x, y, width, height FROM boundaries ORDER BY id",
    )?;
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
        let pair = |first: usize| -> Result<Option<(f64, f64)>, ReadFailure> {
            match (
                column::<Option<f64>>(row, first, TABLE, &id)?,
                column::<Option<f64>>(row, first + 1, TABLE, &id)?,
            ) {
                (Some(a), Some(b)) => Ok(Some((a, b))),
                (None, None) => Ok(None),
                _ => Err(ReadFailure::Corrupt(Corruption::BadRow {
                    table: TABLE,
                    id: id.clone(),
                    problem: "it has only one of the coordinates x and y, or of width and height"
                        .into(),
                })),
            }
        };
        let position = pair(4)?.map(|(x, y)| Position { x, y });
        let size = pair(6)?.map(|(width, height)| Size { width, height });
        boundaries.push(Boundary {
            label: column(row, 1, TABLE, &id)?,
            trust,
            parent: column::<Option<String>>(row, 3, TABLE, &id)?.map(BoundaryId),
            position,
            size,
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
