//! The `decisions` table (schema version 3): the latest decision per finding, keyed by the
//! finding's stable id. Rows whose finding no longer exists are kept (they are listed as
//! orphaned, never dropped).

use std::collections::BTreeMap;

use rusqlite::{Connection, Transaction};

use super::{column, row_id, Corruption, Migration, ReadFailure};
use crate::review::{Decision, DecisionStatus};

pub const TABLE: &str = "decisions";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 3,
    sql: "CREATE TABLE decisions (
        finding       TEXT NOT NULL PRIMARY KEY,
        status        TEXT NOT NULL,
        justification TEXT NOT NULL,
        owner         TEXT NOT NULL,
        date          TEXT NOT NULL,
        ticket        TEXT
    ) STRICT, WITHOUT ROWID;",
}];

pub fn write<'a>(
    tx: &Transaction<'_>,
    decisions: impl Iterator<Item = &'a Decision>,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO decisions (finding, status, justification, owner, date, ticket)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for d in decisions {
        insert.execute((
            &d.finding,
            d.status.id(),
            &d.justification,
            &d.owner,
            &d.date,
            &d.ticket,
        ))?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<BTreeMap<String, Decision>, ReadFailure> {
    let mut select = conn.prepare(
        "SELECT finding, status, justification, owner, date, ticket FROM decisions ORDER BY finding",
    )?;
    let mut rows = select.query([])?;
    let mut decisions = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let id = row_id(row, TABLE)?;
        let status: String = column(row, 1, TABLE, &id)?;
        let bad = |problem: String| {
            ReadFailure::Corrupt(Corruption::BadRow {
                table: TABLE,
                id: id.clone(),
                problem,
            })
        };
        let Some(status) = DecisionStatus::from_id(&status) else {
            return Err(bad(format!("\"{status}\" is not a decision status")));
        };
        let decision = Decision {
            finding: id.clone(),
            status,
            justification: column(row, 2, TABLE, &id)?,
            owner: column(row, 3, TABLE, &id)?,
            date: column(row, 4, TABLE, &id)?,
            ticket: column(row, 5, TABLE, &id)?,
        };
        decision.validate().map_err(|e| bad(e.to_string()))?;
        decisions.insert(id, decision);
    }
    Ok(decisions)
}
