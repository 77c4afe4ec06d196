//! The `decision_history` table (schema version 4): every decision ever recorded and every
//! reopening, in order, so that a review shows who decided what and when even after a finding's
//! decision changed. [`super::decisions`] holds only the latest decision per finding.

use rusqlite::{Connection, Transaction};

use super::{column, Corruption, Migration, ReadFailure};
use crate::review::{DecisionEvent, FindingStatus};

pub const TABLE: &str = "decision_history";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 4,
    sql: "CREATE TABLE decision_history (
        seq           INTEGER NOT NULL PRIMARY KEY,
        finding       TEXT NOT NULL,
        status        TEXT NOT NULL,
        justification TEXT NOT NULL,
        owner         TEXT NOT NULL,
        date          TEXT NOT NULL,
        ticket        TEXT
    ) STRICT;",
}];

pub fn write(tx: &Transaction<'_>, events: &[DecisionEvent]) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO decision_history (seq, finding, status, justification, owner, date, ticket)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (seq, e) in events.iter().enumerate() {
        insert.execute((
            i64::try_from(seq).unwrap_or(i64::MAX),
            &e.finding,
            e.status.id(),
            &e.justification,
            &e.owner,
            &e.date,
            &e.ticket,
        ))?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<Vec<DecisionEvent>, ReadFailure> {
    let mut select = conn.prepare(
        "SELECT seq, finding, status, justification, owner, date, ticket
         FROM decision_history ORDER BY seq",
    )?;
    let mut rows = select.query([])?;
    let mut events = Vec::new();
    while let Some(row) = rows.next()? {
        let seq: i64 = column(row, 0, TABLE, "(unreadable sequence number)")?;
        let id = seq.to_string();
        let status: String = column(row, 2, TABLE, &id)?;
        let Some(status) = FindingStatus::from_id(&status) else {
            return Err(ReadFailure::Corrupt(Corruption::BadRow {
                table: TABLE,
                id,
                problem: format!("\"{status}\" is not a finding status"),
            }));
        };
        events.push(DecisionEvent {
            finding: column(row, 1, TABLE, &id)?,
            status,
            justification: column(row, 3, TABLE, &id)?,
            owner: column(row, 4, TABLE, &id)?,
            date: column(row, 5, TABLE, &id)?,
            ticket: column(row, 6, TABLE, &id)?,
        });
    }
    Ok(events)
}
