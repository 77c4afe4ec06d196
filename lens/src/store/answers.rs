//! The `answers` table (schema version 3): the answer to each checklist item, keyed by the item's
//! id (`genai/checklist/<slug>`). An answer to an item the pack no longer has is kept.

use std::collections::BTreeMap;

use rusqlite::{Connection, Transaction};

use super::{column, row_id, Corruption, Migration, ReadFailure};
use crate::review::{Answer, AnswerValue};

pub const TABLE: &str = "answers";

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 3,
    sql: "CREATE TABLE answers (
        item   TEXT NOT NULL PRIMARY KEY,
        answer TEXT NOT NULL,
        note   TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;",
}];

pub fn write<'a>(
    tx: &Transaction<'_>,
    answers: impl Iterator<Item = &'a Answer>,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare("INSERT INTO answers (item, answer, note) VALUES (?1, ?2, ?3)")?;
    for a in answers {
        insert.execute((&a.item, a.answer.id(), &a.note))?;
    }
    Ok(())
}

pub fn read(conn: &Connection) -> Result<BTreeMap<String, Answer>, ReadFailure> {
    let mut select = conn.prepare("SELECT item, answer, note FROM answers ORDER BY item")?;
    let mut rows = select.query([])?;
    let mut answers = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let id = row_id(row, TABLE)?;
        let value: String = column(row, 1, TABLE, &id)?;
        let Some(answer) = AnswerValue::from_id(&value) else {
            return Err(ReadFailure::Corrupt(Corruption::BadRow {
                table: TABLE,
                id,
                problem: format!("\"{value}\" is not an answer (yes, no or not_applicable)"),
            }));
        };
        let note = column(row, 2, TABLE, &id)?;
        answers.insert(
            id.clone(),
            Answer {
                item: id,
                answer,
                note,
            },
        );
    }
    Ok(answers)
}
