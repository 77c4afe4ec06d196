//! The `flows` table: one row per directed flow between two components (`source` → `target`, the
//! `from` / `to` of the interchange JSON). `properties` is a JSON object.

use rusqlite::{Connection, Transaction};

use super::{column, parse_properties, properties_json, row_id, Migration, ReadFailure};
use crate::model::{ComponentId, Flow, FlowId};

pub const TABLE: &str = "flows";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "CREATE TABLE flows (
        id         TEXT NOT NULL PRIMARY KEY,
        source     TEXT NOT NULL,
        target     TEXT NOT NULL,
        properties TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;",
}];

pub fn write<'a>(
    tx: &Transaction<'_>,
    flows: impl Iterator<Item = &'a Flow>,
) -> rusqlite::Result<()> {
    let mut insert =
        tx.prepare("INSERT INTO flows (id, source, target, properties) VALUES (?1, ?2, ?3, ?4)")?;
    for f in flows {
        insert.execute((
            f.id.as_str(),
            f.from.as_str(),
            f.to.as_str(),
            properties_json(&f.properties)?,
        ))?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<Vec<Flow>, ReadFailure> {
    let mut select =
        conn.prepare("SELECT id, source, target, properties FROM flows ORDER BY id")?;
    let mut rows = select.query([])?;
    let mut flows = Vec::new();
    while let Some(row) = rows.next()? {
        let id = row_id(row, TABLE)?;
        let properties: String = column(row, 3, TABLE, &id)?;
        flows.push(Flow {
            from: ComponentId(column(row, 1, TABLE, &id)?),
            to: ComponentId(column(row, 2, TABLE, &id)?),
            properties: parse_properties(TABLE, &id, &properties)?,
            id: FlowId(id),
        });
    }
    Ok(flows)
}
