//! The `components` table: one row per component. `properties` is a JSON object (see the module
//! docs of [`crate::store`] for why); `x` and `y` are both NULL when the component has no position;
//! `preset` (schema version 6) is the id of the service preset it was drawn from, NULL for none.

use rusqlite::{Connection, Transaction};

use super::{
    column, parse_properties, properties_json, row_id, Corruption, Migration, ReadFailure,
};
use crate::model::{BoundaryId, Component, ComponentId, Position};

pub const TABLE: &str = "components";

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: "CREATE TABLE components (
            id         TEXT NOT NULL PRIMARY KEY,
            kind       TEXT NOT NULL,
            label      TEXT NOT NULL,
            boundary   TEXT,
            properties TEXT NOT NULL,
            x          REAL,
            y          REAL
        ) STRICT, WITHOUT ROWID;",
    },
    // Version 6: the service preset a component was drawn from (NULL: none, as in older files).
    Migration {
        version: 6,
        sql: "ALTER TABLE components ADD COLUMN preset TEXT;",
    },
];

pub fn write<'a>(
    tx: &Transaction<'_>,
    components: impl Iterator<Item = &'a Component>,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO components (id, kind, label, boundary, properties, x, y, preset)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for c in components {
        insert.execute((
            c.id.as_str(),
            &c.kind,
            &c.label,
            c.boundary.as_ref().map(BoundaryId::as_str),
            properties_json(&c.properties)?,
            c.position.map(|p| p.x),
            c.position.map(|p| p.y),
            c.preset.as_deref(),
        ))?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<Vec<Component>, ReadFailure> {
    let mut select = conn.prepare(
        "SELECT id, kind, label, boundary, properties, x, y, preset FROM components ORDER BY id",
    )?;
    let mut rows = select.query([])?;
    let mut components = Vec::new();
    while let Some(row) = rows.next()? {
        let id = row_id(row, TABLE)?;
        let properties: String = column(row, 4, TABLE, &id)?;
        let x: Option<f64> = column(row, 5, TABLE, &id)?;
        let y: Option<f64> = column(row, 6, TABLE, &id)?;
        let position = match (x, y) {
            (Some(x), Some(y)) => Some(Position { x, y }),
            (None, None) => None,
            _ => {
                return Err(ReadFailure::Corrupt(Corruption::BadRow {
                    table: TABLE,
                    id,
                    problem: "it has only one of the coordinates x and y".into(),
                }))
            }
        };
        components.push(Component {
            kind: column(row, 1, TABLE, &id)?,
            preset: column(row, 7, TABLE, &id)?,
            label: column(row, 2, TABLE, &id)?,
            boundary: column::<Option<String>>(row, 3, TABLE, &id)?.map(BoundaryId),
            properties: parse_properties(TABLE, &id, &properties)?,
            position,
            id: ComponentId(id),
        });
    }
    Ok(components)
}
