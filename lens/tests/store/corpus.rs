//! The corpus of bad files (`tests/corpus/`, listed with their expected outcome in
//! `tests/corpus/expected.tsv`): every file gives its own error kind through `store::open` and
//! through `review::load_any`, never a panic, and is byte-for-byte and mtime unchanged afterwards.
//!
//! The corpus is committed; `cargo test -p lens --test store corpus:: -- --ignored` regenerates it
//! (the generator is `regenerate_the_corpus` below, so every file says how it was made).

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lens::review::{load_any, Review};
use lens::{store, Architecture, ErrorCode};
use rusqlite::Connection;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus")
}

/// One line of `expected.tsv`.
struct Expectation {
    file: String,
    open_code: String,
    load_any_code: String,
    message_contains: String,
}

fn expectations() -> Vec<Expectation> {
    let text = fs::read_to_string(corpus_dir().join("expected.tsv")).expect("expected.tsv exists");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                cols.len(),
                4,
                "expected.tsv: four tab-separated columns in {l:?}"
            );
            Expectation {
                file: cols[0].to_owned(),
                open_code: cols[1].to_owned(),
                load_any_code: cols[2].to_owned(),
                message_contains: cols[3].to_owned(),
            }
        })
        .collect()
}

/// The bytes (None for a directory) and modification time of `path`.
fn snapshot(path: &Path) -> (Option<Vec<u8>>, SystemTime) {
    let mtime = fs::metadata(path).unwrap().modified().unwrap();
    (fs::read(path).ok(), mtime)
}

/// Runs `f` on `path` and returns the error's code and message, failing clearly on a panic, on
/// success, or if the file changed.
fn outcome<E: std::fmt::Display>(
    what: &str,
    path: &Path,
    code: impl Fn(&E) -> ErrorCode,
    f: impl Fn(&Path) -> Result<Review, E>,
) -> (String, String) {
    let before = snapshot(path);
    let result = catch_unwind(AssertUnwindSafe(|| f(path)))
        .unwrap_or_else(|_| panic!("{what} panicked on {}", path.display()));
    assert_eq!(
        snapshot(path),
        before,
        "{what} must leave {} untouched",
        path.display()
    );
    match result {
        Ok(_) => panic!("{what} accepted the bad file {}", path.display()),
        Err(e) => (code(&e).to_string(), e.to_string()),
    }
}

fn check(path: &Path, expected: &Expectation) {
    let (open_code, open_message) =
        outcome("store::open", path, store::StoreError::code, store::open);
    assert_eq!(
        open_code, expected.open_code,
        "store::open on {}: {open_message}",
        expected.file
    );
    let (any_code, any_message) = outcome("load_any", path, lens::review::LoadError::code, |p| {
        load_any(p).map(|(review, _)| review)
    });
    assert_eq!(
        any_code, expected.load_any_code,
        "load_any on {}: {any_message}",
        expected.file
    );
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    for message in [&open_message, &any_message] {
        assert!(
            message.contains(&name),
            "the message names the file: {message}"
        );
    }
    assert!(
        any_message.contains(&expected.message_contains),
        "{}: load_any's message says {:?}: {any_message}",
        expected.file,
        expected.message_contains
    );
}

#[test]
fn every_file_of_the_corpus_gives_its_own_error_and_stays_untouched() {
    let expectations = expectations();
    let mut listed: Vec<&str> = expectations.iter().map(|e| e.file.as_str()).collect();
    listed.sort_unstable();
    let mut present: Vec<String> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "expected.tsv" && name != "README.md")
        .collect();
    present.sort_unstable();
    assert_eq!(
        present, listed,
        "every corpus file has a line in expected.tsv, and every line a file"
    );
    for expected in &expectations {
        check(&corpus_dir().join(&expected.file), expected);
    }
}

#[test]
fn a_one_megabyte_label_is_rejected_in_json_and_in_a_review_file() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "x".repeat(1 << 20);

    let mut data = lens::samples::support_assistant();
    data.components[0].label = huge.clone();
    let json = dir.path().join("huge-label.json");
    fs::write(&json, lens::json::export_data(&data)).unwrap();
    check(
        &json,
        &Expectation {
            file: "huge-label.json".into(),
            open_code: "not_a_review".into(),
            load_any_code: "invalid_architecture".into(),
            message_contains: "limit is 4096".into(),
        },
    );

    let file = dir.path().join("huge-label.lensboard");
    write_valid(&file, 5);
    edit(
        &file,
        &format!(
            "UPDATE components SET label = '{huge}' WHERE id = (SELECT min(id) FROM components)"
        ),
    );
    check(
        &file,
        &Expectation {
            file: "huge-label.lensboard".into(),
            open_code: "corrupt_file".into(),
            load_any_code: "corrupt_file".into(),
            message_contains: "limit is 4096".into(),
        },
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_permission_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.lensboard");
    write_valid(&path, 3);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(&path).is_ok() {
        // Running as root: permissions do not apply, so there is nothing to observe.
        return;
    }
    let err = store::open(&path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied, "{err}");
}

#[test]
fn a_missing_file_is_named_in_the_error() {
    let path = Path::new("/nonexistent/dir/review.lensboard");
    let err = store::open(path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileMissing);
    assert_eq!(
        err.to_string(),
        "\"/nonexistent/dir/review.lensboard\" does not exist"
    );
    assert_eq!(load_any(path).unwrap_err().code(), ErrorCode::FileMissing);

    let through_a_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml/review.lensboard");
    assert_eq!(
        store::open(&through_a_file).unwrap_err().code(),
        ErrorCode::FileMissing
    );
}

// ---- the generator ----

/// A valid review of a generated architecture of `components` components.
fn write_valid(path: &Path, components: usize) {
    let architecture = Architecture::from_data_checked(lens::samples::generated(components, 42))
        .expect("generated architectures are valid");
    store::save(&Review::new(architecture), path).expect("save succeeds");
    // Fixed times, so that regenerating the corpus gives the same bytes.
    edit(
        path,
        "UPDATE meta SET created_at = 1767225600, modified_at = 1767225600;",
    );
}

/// Runs SQL on a review file behind the store's back, as another program would.
fn edit(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
#[ignore = "writes tests/corpus; run with --ignored to regenerate it"]
fn regenerate_the_corpus() {
    let dir = corpus_dir();
    let at = |name: &str| dir.join(name);

    // A review cut in half.
    write_valid(&at("truncated.lensboard"), 200);
    let bytes = fs::read(at("truncated.lensboard")).unwrap();
    fs::write(at("truncated.lensboard"), &bytes[..bytes.len() / 2]).unwrap();

    // A review whose third page was overwritten.
    write_valid(&at("damaged-page.lensboard"), 200);
    let mut bytes = fs::read(at("damaged-page.lensboard")).unwrap();
    for b in &mut bytes[2 * 4096..3 * 4096] {
        *b = 0xA5;
    }
    fs::write(at("damaged-page.lensboard"), &bytes).unwrap();

    // Pseudo-random bytes (a fixed xorshift stream).
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let random: Vec<u8> = (0..2048)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    fs::write(at("random-bytes.lensboard"), random).unwrap();

    // Another application's SQLite database.
    let _ = fs::remove_file(at("foreign.sqlite"));
    edit(
        &at("foreign.sqlite"),
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
         INSERT INTO notes (text) VALUES ('buy milk');",
    );

    let variant = |name: &str, sql: &str| {
        write_valid(&at(name), 20);
        edit(&at(name), sql);
    };
    variant("future-version.lensboard", "PRAGMA user_version = 99;");
    variant(
        "wrong-application-id.lensboard",
        "PRAGMA application_id = 1234;",
    );
    variant("no-schema-version.lensboard", "PRAGMA user_version = 0;");
    variant(
        "negative-schema-version.lensboard",
        "PRAGMA user_version = -1;",
    );
    variant("missing-table.lensboard", "DROP TABLE flows;");
    variant(
        "dangling-flow.lensboard",
        "UPDATE flows SET target = 'ghost' WHERE id = (SELECT min(id) FROM flows);",
    );
    variant(
        "boundary-cycle.lensboard",
        "DELETE FROM boundaries;
         INSERT INTO boundaries (id, label, trust, parent) VALUES
           ('a', 'A', 'private', 'b'), ('b', 'B', 'private', 'a');
         UPDATE components SET boundary = NULL;",
    );
    variant(
        "unknown-kind.lensboard",
        "UPDATE components SET kind = 'quantum_computer' WHERE id = (SELECT min(id) FROM components);",
    );
    variant(
        "bad-properties.lensboard",
        "UPDATE components SET properties = '[1, 2' WHERE id = (SELECT min(id) FROM components);",
    );
    variant(
        "bad-trust.lensboard",
        "UPDATE boundaries SET trust = 'absolute';",
    );

    fs::write(at("empty.lensboard"), b"").unwrap();
    fs::create_dir_all(at("a-directory.lensboard")).unwrap();
    fs::write(
        at("a-directory.lensboard/README.md"),
        "A directory where a review file is expected.\n",
    )
    .unwrap();

    let mut data = lens::samples::support_assistant();
    let duplicate = data.components[0].clone();
    data.components.push(duplicate);
    fs::write(at("duplicate-ids.json"), lens::json::export_data(&data)).unwrap();
    let nested = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    fs::write(at("deeply-nested.json"), nested).unwrap();
    let mut non_utf8 = lens::json::export_data(&lens::samples::support_assistant()).into_bytes();
    let at_label = non_utf8.windows(7).position(|w| w == b"Chat UI").unwrap();
    non_utf8[at_label] = 0xFF;
    fs::write(at("non-utf8.json"), non_utf8).unwrap();
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_without_reading_it() {
    let path = Path::new("/dev/zero"); // reading it would never end
    let err = store::open(path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotAFile, "{err}");
    assert_eq!(load_any(path).unwrap_err().code(), ErrorCode::NotAFile);
}

// ---- property: damaged files never panic and are never written ----

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]

    #[test]
    fn a_review_file_with_random_damage_gives_a_result_not_a_panic(
        flips in proptest::collection::vec((proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()), 1..8),
        cut in proptest::option::of(proptest::prelude::any::<proptest::sample::Index>()),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("damaged.lensboard");
        write_valid(&path, 30);
        let mut bytes = fs::read(&path).unwrap();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        fs::write(&path, &bytes).unwrap();
        let before = snapshot(&path);
        let opened = catch_unwind(AssertUnwindSafe(|| store::open(&path)));
        proptest::prop_assert!(opened.is_ok(), "store::open panicked");
        let loaded = catch_unwind(AssertUnwindSafe(|| load_any(&path)));
        proptest::prop_assert!(loaded.is_ok(), "load_any panicked");
        proptest::prop_assert_eq!(snapshot(&path), before, "the file is untouched");
    }
}
