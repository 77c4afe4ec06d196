//! Every file in `tests/fixtures/invalid/` is refused with the code, the JSON path and the message
//! recorded in `tests/fixtures/invalid/expected.tsv` (file, code, path, message; the app shows
//! the message of an error that has a path). After a deliberate change of
//! wording, rewrite the table with `UPDATE_SNAPSHOTS=1 cargo test -p lens --test json invalid_fixtures::`
//! and review the diff.

use std::path::PathBuf;

use lens::json::import_architecture_bytes;

#[test]
fn every_invalid_fixture_is_refused_with_its_recorded_message() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    let mut table = String::from("file\tcode\tpath\tmessage\n");
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let bytes = std::fs::read(path).unwrap();
        let err = match import_architecture_bytes(&bytes) {
            Ok(_) => panic!("{name} was accepted"),
            Err(e) => e,
        };
        let path = match err.path() {
            None => "-",
            Some("") => "top level",
            Some(path) => path,
        };
        table.push_str(&format!("{name}\t{}\t{path}\t{err}\n", err.code()));
    }
    let expected_path = dir.join("expected.tsv");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&expected_path, &table).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert!(
        expected == table,
        "the messages differ from expected.tsv:\n{table}"
    );
}
