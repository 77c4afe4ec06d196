//! `lens export` through the real binary: both directions, re-canonicalising JSON, writing over
//! the input, and exit code 2 with a clear message for inputs that cannot be read.

use std::fs;
use std::path::Path;

use crate::cli::{arg, lens};
use lens::json;

fn canonical_sample() -> String {
    json::export_data(&lens::samples::support_assistant())
}

#[test]
fn json_becomes_a_review_file_and_comes_back_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("arch.json");
    let review = dir.path().join("arch.lensboard");
    fs::write(&input, canonical_sample()).unwrap();

    let out = lens(&[
        "export",
        arg(&input),
        "--to",
        "review",
        "--output",
        arg(&review),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert!(
        lens::store::open(&review).is_ok(),
        "the output is a review file"
    );

    let out = lens(&["export", arg(&review), "--to", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), canonical_sample());
}

#[test]
fn exporting_json_to_json_canonicalises_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("messy.json");
    // Same content, other order and layout: components reversed, everything on one line.
    let mut value: serde_json::Value = serde_json::from_str(&canonical_sample()).unwrap();
    value["components"].as_array_mut().unwrap().reverse();
    fs::write(&input, serde_json::to_string(&value).unwrap()).unwrap();

    let output = dir.path().join("clean.json");
    let out = lens(&["export", arg(&input), "--to", "json", "-o", arg(&output)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&output).unwrap(), canonical_sample());
}

#[test]
fn the_output_may_be_the_input_itself() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in-place.json");
    let mut value: serde_json::Value = serde_json::from_str(&canonical_sample()).unwrap();
    value["flows"].as_array_mut().unwrap().reverse();
    fs::write(&file, serde_json::to_string(&value).unwrap()).unwrap();
    let out = lens(&["export", arg(&file), "--to", "json", "--output", arg(&file)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), canonical_sample());

    let review = dir.path().join("in-place.lensboard");
    lens(&[
        "export",
        arg(&file),
        "--to",
        "review",
        "--output",
        arg(&review),
    ]);
    let out = lens(&[
        "export",
        arg(&review),
        "--to",
        "review",
        "--output",
        arg(&review),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = lens(&["export", arg(&review), "--to", "json"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), canonical_sample());
}

#[test]
fn a_corrupt_file_exits_with_2_and_says_which_file_and_why() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    for (file, says) in [
        ("truncated.lensboard", "cut off"),
        ("future-version.lensboard", "newer Lensboard"),
        ("foreign.sqlite", "not a Lensboard review"),
        ("duplicate-ids.json", "used twice"),
    ] {
        let out = lens(&["export", arg(&corpus.join(file)), "--to", "json"]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(out.stdout.is_empty(), "{file}: nothing on stdout");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("lens: "), "{stderr}");
        assert!(
            stderr.contains(file),
            "the message names the file: {stderr}"
        );
        assert!(stderr.contains(says), "the message says {says:?}: {stderr}");
    }
}

#[test]
fn a_missing_input_exits_with_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out.lensboard");
    let missing = dir.path().join("missing.json");
    let out = lens(&[
        "export",
        arg(&missing),
        "--to",
        "review",
        "--output",
        arg(&output),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("missing.json") && stderr.contains("does not exist"),
        "{stderr}"
    );
    assert!(
        !output.exists(),
        "no output is written when the input cannot be read"
    );
}

#[test]
fn a_review_needs_an_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("arch.json");
    fs::write(&input, canonical_sample()).unwrap();
    let out = lens(&["export", arg(&input), "--to", "review"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output"));
}

#[test]
fn the_help_documents_the_export_verb() {
    let out = lens(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("export") && help.contains("Exit codes"),
        "{help}"
    );
    let out = lens(&["export", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    for word in ["--to", "--output", "json", "review", "atomically"] {
        assert!(help.contains(word), "export --help mentions {word}: {help}");
    }
}

#[test]
fn mermaid_goes_to_stdout_as_a_flowchart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("arch.json");
    fs::write(&input, canonical_sample()).unwrap();
    let out = lens(&["export", arg(&input), "--to", "mermaid"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("flowchart LR\n"), "{text}");
    assert!(text.contains("  c_user[\"Customer\"]\n"), "{text}");
    assert!(text.contains("  c_agent --> c_llm\n"), "{text}");
}
