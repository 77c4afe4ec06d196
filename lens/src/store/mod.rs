//! The review file (`.lensboard`): one SQLite database per review.
//!
//! # The file
//!
//! - `PRAGMA application_id` is [`APPLICATION_ID`] (`0x4C4E5342`, the ASCII bytes `LNSB`), so `file(1)`
//!   and this module can tell a review from any other SQLite database.
//! - `PRAGMA user_version` is the schema version, [`SCHEMA_VERSION`] for files this build writes.
//!
//! Schema versions:
//! 1. `meta`, `boundaries`, `components`, `flows`;
//! 2. `boundaries` gains its canvas position and size (`x`, `y`, `width`, `height`);
//! 3. the review workflow: `decisions`, `answers`, `milestones`;
//! 4. `decision_history`, every decision and reopening in order;
//! 5. `conflicts`, what a merge could not settle ([`conflicts`]);
//! 6. `components` gains `preset`, the service preset a component was drawn from;
//! 7. `last_import`, what the last infrastructure-as-code import put into the review.
//!
//! # One module per table
//!
//! Each table has its module, with its migrations next to its reads and writes (the GitButler
//! `but-db` layout): [`meta`] (one row: format, architecture name, created / modified times and the
//! version of Lensboard that wrote the file), [`boundaries`], [`components`], [`flows`],
//! [`decisions`] (the latest decision per finding id), [`decision_history`], [`answers`] (per checklist item),
//! [`milestones`] (named snapshots, each stored as review JSON) and [`last_import`] (what the
//! last infrastructure-as-code import produced, for importing again). A migration
//! is a [`Migration`] step tagged with the schema version it leads to; [`migrate`] runs every step
//! of one version in one transaction together with the `user_version` bump, so a file is always at
//! exactly one version.
//!
//! Properties are stored as a JSON object in a text column of their component's or flow's row, not in
//! a separate property table: values are typed (boolean, number, text) and JSON keeps the type
//! without a type column; a component is always read and written whole (the rules run in Rust, not
//! in SQL), so one row per component keeps save and open to one statement per element (a property
//! table would triple the row count of a large review); and the column reads exactly like the
//! interchange JSON, so a person inspecting a file with `sqlite3` (and SQLite's `json_extract`) sees
//! the familiar shape. There are no SQL foreign keys: a file from elsewhere may break them anyway,
//! so the loaded rows are validated in Rust (ids, references, boundary cycles, catalog kinds and
//! property types) and anything invalid is a [`StoreError::Corrupt`].
//!
//! # The review workflow (version 3)
//!
//! - `decisions(finding, status, justification, owner, date, ticket)` — one row per finding id
//!   (`genai/…@component`), the latest decision; rows of findings that no longer exist are kept;
//! - `answers(item, answer, note)` — one row per answered checklist item;
//! - `milestones(name, created_at, snapshot)` — the `snapshot` column holds the deterministic
//!   review JSON of that moment, so `lens diff FILE#MILESTONE` compares against it without a second
//!   copy of every table;
//! - `decision_history(seq, finding, status, …)` (version 4) — every decision and reopening, in
//!   order (status `open` for a reopening);
//! - `conflicts(seq, element, id, field, reason, base, ours, theirs)` (version 5) — the merge
//!   conflicts not yet resolved, each with the three values as JSON ([`crate::merge`]).
//!
//! # Saving is atomic, opening never writes
//!
//! [`save`] writes the whole review into a new temporary file in the target's directory
//! (`.NAME.tmp-XXXXXX`), in one transaction, syncs it to disk, renames it over the target and syncs
//! the directory. Until the rename the old file is untouched; after it the new one is complete. A
//! crash at any moment leaves either the old or the new review (and at worst a stray temporary file,
//! which the next save of the same file removes once it is older than a quarter of an hour).
//! Because the temporary file is thrown away on any failure, it needs no rollback journal: it is
//! written with `journal_mode = OFF` and `synchronous = OFF` and made durable by one `fsync` at the
//! end, which is what makes a large save fast.
//!
//! [`open`] opens the file read-only and `immutable`: SQLite takes no lock and creates no journal
//! or WAL file, so the file's bytes and modification time are unchanged afterwards. A file from an
//! older schema is copied into memory and migrated there; the file itself moves to the new schema
//! only when the user saves.

pub mod answers;
pub mod boundaries;
pub mod components;
pub mod conflicts;
pub mod decision_history;
pub mod decisions;
mod file;
pub mod flows;
pub mod last_import;
pub mod meta;
pub mod milestones;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::ErrorCode;
use crate::model::{Architecture, ArchitectureData, ModelError};
use crate::review::{Review, Saved};

pub(crate) use file::{open_regular_file, read_error};
pub use file::{write_atomically, WriteFailure};

/// `PRAGMA application_id` of every review file: the ASCII bytes `LNSB` ("LeNSBoard").
pub const APPLICATION_ID: i32 = 0x4C4E_5342;

/// `PRAGMA user_version` of the files this build writes; it opens every version up to this one.
pub const SCHEMA_VERSION: u32 = 7;

/// The value of the `format` column of the `meta` table, as in the review JSON.
pub const FORMAT: &str = "lensboard/review";

/// The first 16 bytes of every SQLite database.
pub const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// One forward schema step of one table: the SQL that brings it to `version`.
pub struct Migration {
    pub version: u32,
    pub sql: &'static str,
}

/// The migrations of every table, in the order their tables are created.
const TABLES: [&[Migration]; 10] = [
    meta::MIGRATIONS,
    boundaries::MIGRATIONS,
    components::MIGRATIONS,
    flows::MIGRATIONS,
    decisions::MIGRATIONS,
    answers::MIGRATIONS,
    milestones::MIGRATIONS,
    decision_history::MIGRATIONS,
    conflicts::MIGRATIONS,
    last_import::MIGRATIONS,
];

/// The tables' names, in the order of [`TABLES`].
const TABLE_NAMES: [&str; 10] = [
    meta::TABLE,
    boundaries::TABLE,
    components::TABLE,
    flows::TABLE,
    decisions::TABLE,
    answers::TABLE,
    milestones::TABLE,
    decision_history::TABLE,
    conflicts::TABLE,
    last_import::TABLE,
];

/// Why a review file could not be opened or saved. Every message names the file and says what is
/// wrong in words a user understands; [`StoreError::code`] gives a stable code for the UI.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("\"{path}\" does not exist")]
    NotFound { path: PathBuf },
    #[error("no permission to read \"{path}\"")]
    PermissionDenied { path: PathBuf },
    #[error("\"{path}\" is {what}, not a regular file")]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("\"{path}\" is empty")]
    Empty { path: PathBuf },
    #[error("\"{path}\" is not a Lensboard review: it is not an SQLite database")]
    NotSqlite { path: PathBuf },
    #[error(
        "\"{path}\" is not a Lensboard review: it is an SQLite database of another application \
         (application_id {application_id:#010x}, a review has {APPLICATION_ID:#010x})"
    )]
    ForeignDatabase { path: PathBuf, application_id: i32 },
    #[error(
        "\"{path}\" was saved by a newer Lensboard (review file version {found}); this version \
         ({app}) reads review files up to version {supported}. Update Lensboard to open it",
        app = env!("CARGO_PKG_VERSION")
    )]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("\"{path}\" is a damaged review file: {reason}")]
    Corrupt {
        path: PathBuf,
        reason: Box<Corruption>,
    },
    #[error("could not read \"{path}\": {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not save \"{path}\": {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not save \"{path}\": SQLite failed: {source}")]
    WriteDatabase {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// What is damaged in a review file.
#[derive(Debug, thiserror::Error)]
pub enum Corruption {
    #[error("it is shorter than its header says ({actual} of {expected} bytes); was it cut off?")]
    Truncated { actual: u64, expected: u64 },
    #[error("SQLite reports that the database is malformed ({0})")]
    Malformed(rusqlite::Error),
    #[error("SQLite's integrity check failed: {0}")]
    IntegrityCheck(String),
    #[error("it has no valid schema version (user_version {0})")]
    NoSchemaVersion(i64),
    #[error("the table \"{0}\" is missing")]
    MissingTable(&'static str),
    #[error("the {table} row \"{id}\": {problem}")]
    BadRow {
        table: &'static str,
        id: String,
        problem: String,
    },
    #[error("{0}")]
    BadMeta(String),
    #[error("its rows do not form a valid architecture: {element}: {error}")]
    InvalidArchitecture { element: String, error: ModelError },
    #[error("it holds something this version of Lensboard does not know: {element}: {error}")]
    Unsupported { element: String, error: ModelError },
}

impl StoreError {
    /// The code of this kind of error (see [`crate::error`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::NotFound { .. } => ErrorCode::FileMissing,
            StoreError::PermissionDenied { .. } => ErrorCode::PermissionDenied,
            StoreError::NotAFile { .. } => ErrorCode::NotAFile,
            StoreError::Empty { .. }
            | StoreError::NotSqlite { .. }
            | StoreError::ForeignDatabase { .. } => ErrorCode::NotAReview,
            StoreError::NewerVersion { .. } => ErrorCode::NewerVersion,
            StoreError::Corrupt { .. } => ErrorCode::CorruptFile,
            StoreError::Read { .. } => ErrorCode::ReadFailed,
            StoreError::Write { .. } | StoreError::WriteDatabase { .. } => ErrorCode::WriteFailed,
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::NotFound { path }
            | StoreError::PermissionDenied { path }
            | StoreError::NotAFile { path, .. }
            | StoreError::Empty { path }
            | StoreError::NotSqlite { path }
            | StoreError::ForeignDatabase { path, .. }
            | StoreError::NewerVersion { path, .. }
            | StoreError::Corrupt { path, .. }
            | StoreError::Read { path, .. }
            | StoreError::Write { path, .. }
            | StoreError::WriteDatabase { path, .. } => path,
        }
    }
}

/// Opens a review file without modifying it: not its bytes, not its modification time, and no
/// journal or WAL file beside it.
pub fn open(path: &Path) -> Result<Review, StoreError> {
    file::check_header(path)?;
    let conn = file::open_read_only(path)?;
    read_review(path, conn)
}

/// Saves `review` to `path` atomically (write a temporary file beside it, sync, rename over
/// `path`). Saving to a new path ("Save As") leaves every other file untouched. Returns what the
/// file now says about itself (creation time kept from `review.saved`, this save's time and
/// version), for the caller to put into its `Review::saved`.
pub fn save(review: &Review, path: &Path) -> Result<Saved, StoreError> {
    let meta = review.meta_for_save();
    file::write_atomically(path, |temp_path| write_review(review, &meta, temp_path))?;
    Ok(Saved {
        created_at: meta.created_at,
        modified_at: meta.modified_at,
        app_version: meta.app_version,
    })
}

/// Writes the whole review into the new, empty database at `temp_path`, in one transaction.
fn write_review(
    review: &Review,
    meta: &meta::Meta,
    temp_path: &Path,
) -> Result<(), file::WriteFailure> {
    let mut conn = Connection::open_with_flags(
        temp_path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // The temporary file is deleted on any failure and synced before the rename, so neither a
    // journal nor per-transaction syncs would protect anything.
    conn.pragma_update(None, "journal_mode", "OFF")?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    migrate(&mut conn, 0)?;

    let tx = conn.transaction()?;
    let architecture = &review.architecture;
    meta::write(&tx, meta)?;
    boundaries::write(&tx, architecture.boundaries())?;
    components::write(&tx, architecture.components())?;
    flows::write(&tx, architecture.flows())?;
    decisions::write(&tx, review.decisions.values())?;
    decision_history::write(&tx, &review.decision_history)?;
    answers::write(&tx, review.answers.values())?;
    milestones::write(&tx, &review.milestones)?;
    conflicts::write(&tx, &review.conflicts)?;
    last_import::write(&tx, review.last_import.as_ref())?;
    tx.commit()?;
    conn.close().map_err(|(_, e)| e)?;
    Ok(())
}

/// Brings the schema of `conn` from version `from` to [`SCHEMA_VERSION`], one transaction per
/// version: a failure leaves the database at the last complete version.
pub fn migrate(conn: &mut Connection, from: u32) -> rusqlite::Result<()> {
    migrate_with(conn, from, SCHEMA_VERSION, &TABLES)
}

/// [`migrate`] over any list of tables' migrations (tests use it with a made-up next version).
fn migrate_with(
    conn: &mut Connection,
    from: u32,
    to: u32,
    tables: &[&[Migration]],
) -> rusqlite::Result<()> {
    for version in from + 1..=to {
        let tx = conn.transaction()?;
        for table in tables {
            for step in table.iter().filter(|step| step.version == version) {
                tx.execute_batch(step.sql)?;
            }
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// A copy in memory of the (read-only) database `conn`, migrated from `from` to `to`: how a file
/// of an older schema is read without writing to it.
fn migrated_copy(
    conn: &Connection,
    from: u32,
    to: u32,
    tables: &[&[Migration]],
) -> rusqlite::Result<Connection> {
    let mut memory = Connection::open_in_memory()?;
    rusqlite::backup::Backup::new(conn, &mut memory)?.run_to_completion(
        1024,
        std::time::Duration::ZERO,
        None,
    )?;
    migrate_with(&mut memory, from, to, tables)?;
    Ok(memory)
}

/// Checks the identity and health of an open (read-only) database and reads the review from it.
fn read_review(path: &Path, conn: Connection) -> Result<Review, StoreError> {
    let corrupt = |reason| StoreError::Corrupt {
        path: path.to_owned(),
        reason: Box::new(reason),
    };
    let sqlite = |e: rusqlite::Error| sqlite_read_error(path, e);

    let application_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sqlite)?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::ForeignDatabase {
            path: path.to_owned(),
            application_id,
        });
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sqlite)?;
    let version = match u32::try_from(version) {
        Ok(0) | Err(_) => return Err(corrupt(Corruption::NoSchemaVersion(version))),
        Ok(v) if v > SCHEMA_VERSION => {
            return Err(StoreError::NewerVersion {
                path: path.to_owned(),
                found: v,
                supported: SCHEMA_VERSION,
            })
        }
        Ok(v) => v,
    };
    integrity_check(&conn).map_err(|e| match e {
        CheckFailure::Sqlite(e) => sqlite(e),
        CheckFailure::Report(report) => corrupt(Corruption::IntegrityCheck(report)),
    })?;

    let conn = if version < SCHEMA_VERSION {
        // The file stays as it is: migrate a copy in memory.
        migrated_copy(&conn, version, SCHEMA_VERSION, &TABLES).map_err(sqlite)?
    } else {
        conn
    };

    let table = |e: ReadFailure| match e {
        ReadFailure::Sqlite(e) => sqlite(e),
        ReadFailure::Corrupt(reason) => corrupt(reason),
    };
    let meta = meta::read(&conn).map_err(table)?;
    let data = ArchitectureData {
        name: meta.name.clone(),
        boundaries: boundaries::read(&conn).map_err(table)?,
        components: components::read(&conn).map_err(table)?,
        flows: flows::read(&conn).map_err(table)?,
    };
    // Row ids, to name the element an error's path points at (the data moves into the model).
    let ids = RowIds::of(&data);
    let architecture = Architecture::from_data_checked(data).map_err(|error| {
        let element = ids.element(error.path().unwrap_or_default());
        corrupt(match error {
            ModelError::Catalog { .. } => Corruption::Unsupported { element, error },
            error => Corruption::InvalidArchitecture { element, error },
        })
    })?;
    let mut review = Review::from_meta(architecture, &meta);
    review.decisions = decisions::read(&conn).map_err(table)?;
    review.decision_history = decision_history::read(&conn).map_err(table)?;
    review.answers = answers::read(&conn).map_err(table)?;
    review.milestones = milestones::read(&conn).map_err(table)?;
    review.conflicts = conflicts::read(&conn).map_err(table)?;
    review.last_import = last_import::read(&conn).map_err(table)?;
    Ok(review)
}

enum CheckFailure {
    Sqlite(rusqlite::Error),
    Report(String),
}

/// SQLite's own check of every page, b-tree and index of the file.
fn integrity_check(conn: &Connection) -> Result<(), CheckFailure> {
    let mut stmt = conn
        .prepare("PRAGMA integrity_check(20)")
        .map_err(CheckFailure::Sqlite)?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(CheckFailure::Sqlite)?;
    if lines.len() == 1 && lines[0] == "ok" {
        Ok(())
    } else {
        Err(CheckFailure::Report(lines.join("; ")))
    }
}

/// Why a table's rows could not be read.
pub enum ReadFailure {
    Sqlite(rusqlite::Error),
    Corrupt(Corruption),
}

impl From<rusqlite::Error> for ReadFailure {
    fn from(e: rusqlite::Error) -> Self {
        ReadFailure::Sqlite(e)
    }
}

/// Classifies an SQLite error met while reading: damage is [`StoreError::Corrupt`], a missing table
/// names the table, anything else is a read failure.
fn sqlite_read_error(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    let corrupt = |reason| StoreError::Corrupt {
        path: path.to_owned(),
        reason: Box::new(reason),
    };
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            corrupt(Corruption::Malformed(e))
        }
        Some(ErrorCode::PermissionDenied) => StoreError::PermissionDenied {
            path: path.to_owned(),
        },
        _ => {
            if let Some(table) = missing_table(&e) {
                return corrupt(Corruption::MissingTable(table));
            }
            StoreError::Read {
                path: path.to_owned(),
                source: std::io::Error::other(e),
            }
        }
    }
}

fn missing_table(e: &rusqlite::Error) -> Option<&'static str> {
    let message = match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message,
        _ => return None,
    };
    let name = message.strip_prefix("no such table: ")?;
    TABLE_NAMES.into_iter().find(|t| *t == name)
}

/// A row's JSON text column parsed as properties, or the row's problem.
pub(crate) fn parse_properties(
    table: &'static str,
    id: &str,
    text: &str,
) -> Result<crate::model::Properties, ReadFailure> {
    serde_json::from_str(text).map_err(|e| {
        ReadFailure::Corrupt(Corruption::BadRow {
            table,
            id: id.to_owned(),
            problem: format!(
                "its properties are not a JSON object of booleans, numbers and texts ({e})"
            ),
        })
    })
}

/// Serialises properties for a row's JSON text column.
pub(crate) fn properties_json(properties: &crate::model::Properties) -> rusqlite::Result<String> {
    serde_json::to_string(properties).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
}

/// Reads column `index` of a row of `table` whose id is `id`; a value of the wrong type is a
/// damaged row, named by table, id and column.
pub(crate) fn column<T: rusqlite::types::FromSql>(
    row: &rusqlite::Row<'_>,
    index: usize,
    table: &'static str,
    id: &str,
) -> Result<T, ReadFailure> {
    row.get(index).map_err(|e| {
        let name = row.as_ref().column_name(index).unwrap_or("?").to_owned();
        ReadFailure::Corrupt(Corruption::BadRow {
            table,
            id: id.to_owned(),
            problem: format!("the column \"{name}\" holds an unexpected value ({e})"),
        })
    })
}

/// Reads the id (column 0) of a row of `table`.
pub(crate) fn row_id(row: &rusqlite::Row<'_>, table: &'static str) -> Result<String, ReadFailure> {
    column(row, 0, table, "(unreadable id)")
}

/// The ids of the rows, in the order the model sees them.
struct RowIds {
    boundaries: Vec<String>,
    components: Vec<String>,
    flows: Vec<String>,
}

impl RowIds {
    fn of(data: &ArchitectureData) -> Self {
        Self {
            boundaries: data.boundaries.iter().map(|b| b.id.0.clone()).collect(),
            components: data.components.iter().map(|c| c.id.0.clone()).collect(),
            flows: data.flows.iter().map(|f| f.id.0.clone()).collect(),
        }
    }

    /// The element a model error's path (`components[3].kind`) points at, named by its id
    /// (`component "llm"`): in a review file, row positions mean nothing to a user.
    fn element(&self, path: &str) -> String {
        let index = |prefix: &str| -> Option<usize> {
            let rest = path.strip_prefix(prefix)?.strip_prefix('[')?;
            rest[..rest.find(']')?].parse().ok()
        };
        let named = |what: &str, ids: &[String], i: usize| match ids.get(i) {
            Some(id) => format!("{what} \"{id}\""),
            None => path.to_owned(),
        };
        if let Some(i) = index("components") {
            named("component", &self.components, i)
        } else if let Some(i) = index("flows") {
            named("flow", &self.flows, i)
        } else if let Some(i) = index("boundaries") {
            named("boundary", &self.boundaries, i)
        } else if path.is_empty() {
            "the architecture".to_owned()
        } else {
            path.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up next version: a new column on `meta` and a new table.
    const NEXT: &[Migration] = &[Migration {
        version: SCHEMA_VERSION + 1,
        sql: "ALTER TABLE meta ADD COLUMN note TEXT;
              CREATE TABLE labels (id TEXT NOT NULL PRIMARY KEY, text TEXT NOT NULL) STRICT;",
    }];

    fn user_version(conn: &Connection) -> u32 {
        conn.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    }

    fn has_table(conn: &Connection, name: &str) -> bool {
        conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
            == 1
    }

    fn with_next() -> Vec<&'static [Migration]> {
        TABLES.iter().copied().chain([NEXT]).collect()
    }

    #[test]
    fn migrating_a_blank_database_creates_every_table_at_the_current_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, 0).unwrap();
        assert_eq!(user_version(&conn), SCHEMA_VERSION);
        for table in TABLE_NAMES {
            assert!(has_table(&conn, table), "{table} exists");
        }
    }

    #[test]
    fn a_failing_migration_leaves_the_database_at_the_last_complete_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, 0).unwrap();
        const BROKEN: &[Migration] = &[Migration {
            version: SCHEMA_VERSION + 1,
            sql: "CREATE TABLE labels (id TEXT); THIS IS NOT SQL;",
        }];
        let tables: Vec<&[Migration]> = TABLES.iter().copied().chain([BROKEN]).collect();
        assert!(migrate_with(&mut conn, SCHEMA_VERSION, SCHEMA_VERSION + 1, &tables).is_err());
        assert_eq!(
            user_version(&conn),
            SCHEMA_VERSION,
            "the broken version did not half-apply"
        );
        assert!(
            !has_table(&conn, "labels"),
            "its first statement was rolled back"
        );
    }

    #[test]
    fn an_older_file_is_migrated_in_memory_and_the_file_is_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("current.lensboard");
        let review = Review::new(
            Architecture::from_data_checked(crate::samples::support_assistant()).unwrap(),
        );
        save(&review, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();

        let conn = file::open_read_only(&path).unwrap();
        let copy = migrated_copy(&conn, SCHEMA_VERSION, SCHEMA_VERSION + 1, &with_next()).unwrap();
        assert_eq!(user_version(&copy), SCHEMA_VERSION + 1);
        assert!(has_table(&copy, "labels"));
        let note: Option<String> = copy
            .query_row("SELECT note FROM meta", [], |r| r.get(0))
            .unwrap();
        assert_eq!(note, None, "the new column exists, empty");
        assert_eq!(
            meta::read(&copy).ok().map(|m| m.name),
            Some("Support assistant".into())
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "the file itself is unchanged"
        );
    }

    #[test]
    fn a_review_file_of_schema_version_1_opens_and_stays_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.lensboard");
        {
            // What Lensboard wrote before boundaries had a canvas position (schema version 1).
            let mut conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            migrate_with(&mut conn, 0, 1, &TABLES).unwrap();
            conn.execute_batch(
                "INSERT INTO meta VALUES (1, 'lensboard/review', 'Old', 1767225600, 1767225600, '0.1.0');
                 INSERT INTO boundaries VALUES ('vpc', 'VPC', 'private', NULL);
                 INSERT INTO components VALUES
                   ('app', 'client_app', 'App', NULL, '{}', 0.0, 0.0),
                   ('llm', 'model_endpoint', 'Model', 'vpc', '{\"provider\":\"amazon_bedrock\"}', NULL, NULL);
                 INSERT INTO flows VALUES ('f1', 'app', 'llm', '{\"encrypted\":true}');",
            )
            .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();

        let review = open(&path).expect("a version 1 file opens");
        let data = review.architecture.to_data();
        assert_eq!(data.name, "Old");
        assert_eq!(data.boundaries.len(), 1);
        assert_eq!(
            data.boundaries[0].position, None,
            "the new columns read as unset"
        );
        assert_eq!(data.components.len(), 2);
        assert!(
            data.components.iter().all(|c| c.preset.is_none()),
            "components of files older than service presets have none"
        );
        assert_eq!(
            data.flows[0].properties.get("encrypted"),
            Some(&crate::model::Value::Bool(true))
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "opening did not migrate the file itself"
        );

        // Saving writes the current schema.
        save(&review, &path).unwrap();
        let conn = file::open_read_only(&path).unwrap();
        assert_eq!(user_version(&conn), SCHEMA_VERSION);
    }

    #[test]
    fn a_component_keeps_its_service_preset_through_save_and_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("presets.lensboard");
        let mut data = crate::samples::support_assistant();
        let s3 = crate::catalog::Catalog::builtin().preset("s3").unwrap();
        data.components
            .push(s3.component(crate::model::ComponentId("docs".into())));
        let review = Review::new(Architecture::from_data_checked(data).unwrap());
        save(&review, &path).unwrap();
        let opened = open(&path).unwrap().architecture.to_data();
        let docs = opened
            .components
            .iter()
            .find(|c| c.id.as_str() == "docs")
            .unwrap();
        assert_eq!(docs.preset.as_deref(), Some("s3"));
        assert_eq!(opened, review.architecture.to_data());
    }

    #[test]
    fn a_file_naming_an_unknown_service_preset_is_refused_clearly_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer-preset.lensboard");
        let review = Review::new(
            Architecture::from_data_checked(crate::samples::support_assistant()).unwrap(),
        );
        save(&review, &path).unwrap();
        {
            // The components table has no rowid: pick the first component by id.
            let conn = Connection::open(&path).unwrap();
            conn.execute(
                "UPDATE components SET preset = 'bedrock_data_automation' \
                 WHERE id = (SELECT MIN(id) FROM components)",
                [],
            )
            .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        let e = open(&path).expect_err("an unknown preset is refused like an unknown kind");
        let message = e.to_string();
        assert!(
            message.contains("\"bedrock_data_automation\" is not a service preset"),
            "{message}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "the file is untouched"
        );
    }
}
