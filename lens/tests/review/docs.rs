//! The documents in `docs/` are kept current by these tests.
//!
//! `docs/CATALOG.md` is generated from the catalog below its hand-written introduction; the test
//! fails when the committed file differs. `docs/FORMAT.md` is written by hand; the tests check
//! that it still names what the code has: every table and column of the review file, its schema
//! version and application id, the CSV columns, every command and option of the CLI with their
//! values, and the id and label limits. To rewrite the generated part after changing the catalog:
//!
//! ```sh
//! make docs    # = UPDATE_DOCS=1 cargo test -p lens --test docs
//! ```

use std::path::PathBuf;

use clap::CommandFactory;
use lens::catalog::Catalog;
use lens::engine::Pack;
use lens::review::Review;
use lens::store::{APPLICATION_ID, SCHEMA_VERSION};

/// The line that separates the hand-written introduction of `docs/CATALOG.md` from the part
/// generated from the catalog.
const CATALOG_MARKER: &str =
    "<!-- Generated from lens/catalog/catalog.toml by `make docs`. Do not edit below this line. -->";

fn doc_path(name: &str) -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest
        .parent()
        .expect("the lens crate sits in the workspace");
    root.join("docs").join(name)
}

fn read_doc(name: &str) -> String {
    let path = doc_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_catalog_document_is_generated_from_the_catalog() {
    let path = doc_path("CATALOG.md");
    let committed = read_doc("CATALOG.md");
    let Some((intro, _)) = committed.split_once(CATALOG_MARKER) else {
        panic!(
            "{} has lost the line that ends its introduction:\n{CATALOG_MARKER}",
            path.display()
        );
    };
    let fresh = format!(
        "{intro}{CATALOG_MARKER}\n\n{}\n",
        Catalog::builtin().markdown_reference().trim_end()
    );
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &fresh).expect("docs/CATALOG.md can be written");
        return;
    }
    assert!(
        committed == fresh,
        "{} is stale: the catalog changed. Regenerate it with `make docs` \
         (UPDATE_DOCS=1 cargo test -p lens --test docs) and commit it.",
        path.display()
    );
}

/// The lines of the section of `doc` that starts with the heading line `heading`, up to the next
/// heading of the same or a higher level.
fn section<'a>(doc: &'a str, heading: &str) -> Vec<&'a str> {
    let level = heading.chars().take_while(|c| *c == '#').count();
    let mut lines = doc.lines().skip_while(|l| *l != heading);
    assert!(
        lines.next().is_some(),
        "FORMAT.md has no heading {heading:?}"
    );
    lines
        .take_while(|l| {
            let hashes = l.chars().take_while(|c| *c == '#').count();
            !(hashes > 0 && hashes <= level && l[hashes..].starts_with(' '))
        })
        .collect()
}

/// The names in the first column of the Markdown tables of `lines` whose cells start with a
/// code span: `| \`name\` | …` gives `name`.
fn first_column(lines: &[&str]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(name, _)| name.to_owned())
        .collect()
}

#[test]
fn the_format_document_describes_every_table_and_column_of_the_review_file() {
    let doc = read_doc("FORMAT.md");
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    lens::store::migrate(&mut conn, 0).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() >= 8, "{tables:?}");
    let documented = first_column(&section(&doc, "### Tables"));
    for table in &tables {
        assert!(
            documented.contains(table),
            "FORMAT.md's table of tables does not list `{table}`"
        );
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let described = first_column(&section(&doc, &format!("#### `{table}`")));
        assert_eq!(
            described, columns,
            "FORMAT.md's section on `{table}` lists its columns in the file's order"
        );
    }
    assert_eq!(
        documented.len(),
        tables.len(),
        "FORMAT.md lists a table the file does not have: {documented:?}"
    );
    assert!(
        doc.contains(&format!(
            "`PRAGMA user_version` is the schema version: **{SCHEMA_VERSION}**"
        )),
        "FORMAT.md names the current schema version {SCHEMA_VERSION}"
    );
    assert!(
        doc.contains(&format!(
            "`PRAGMA application_id` is `{APPLICATION_ID:#010X}`"
        )),
        "FORMAT.md names the application id"
    );
}

#[test]
fn the_format_document_lists_the_csv_columns_in_order() {
    let doc = read_doc("FORMAT.md");
    let arch = lens::Architecture::from_data_checked(lens::samples::support_assistant()).unwrap();
    let csv = lens::report::csv(&Review::new(arch), Pack::builtin());
    let header = csv.lines().next().unwrap();
    assert!(
        doc.lines().any(|l| l == header),
        "FORMAT.md shows the CSV header line as the code writes it: {header}"
    );
}

#[test]
fn the_format_document_gives_every_command_and_option_of_the_cli() {
    let doc = read_doc("FORMAT.md");
    let synopsis = section(&doc, "### Synopsis");
    let cli = lens::cli::Cli::command();
    for command in cli.get_subcommands() {
        let name = command.get_name();
        if name == "help" {
            continue;
        }
        let prefix = format!("lens {name} ");
        let Some(line) = synopsis.iter().find(|l| l.starts_with(&prefix)) else {
            panic!("FORMAT.md's synopsis has no line for `lens {name}`");
        };
        for arg in command.get_arguments() {
            let Some(long) = arg.get_long() else {
                continue;
            };
            if long == "help" {
                continue;
            }
            assert!(
                line.contains(&format!("--{long}")),
                "FORMAT.md's synopsis of `lens {name}` lacks --{long}: {line}"
            );
            // A switch (`--ignore-unstated`) takes no value to list.
            if !arg.get_action().takes_values() {
                continue;
            }
            for value in arg.get_possible_values() {
                assert!(
                    line.contains(value.get_name()),
                    "FORMAT.md's synopsis of `lens {name} --{long}` lacks the value {}: {line}",
                    value.get_name()
                );
            }
        }
    }
}

#[test]
fn the_format_document_states_the_id_and_label_limits() {
    let doc = read_doc("FORMAT.md");
    let max_id = lens::model::MAX_ID_CHARS;
    assert!(
        doc.contains(&format!("1–{max_id} characters")),
        "ids: 1–{max_id} characters"
    );
    let max_label = lens::model::MAX_LABEL_CHARS;
    let written = format!("{},{:03}", max_label / 1000, max_label % 1000);
    assert!(
        doc.contains(&format!("at most {written} characters")),
        "labels: at most {written} characters"
    );
}
