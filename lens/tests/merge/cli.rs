//! `lens merge` as a command: its output form, an empty base, its exit codes.

use std::path::Path;
use std::process::{Command, Output};

use lens::review::json::export_review;
use lens::review::{load_any, Review, Source};
use lens::store;

use super::{base, cid, edited, label};

fn lens(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lens"))
        .arg("merge")
        .args(&args[..3])
        .arg("--output")
        .arg(args[3])
        .output()
        .expect("the lens binary runs")
}

fn write_json(path: &Path, review: &Review) {
    std::fs::write(path, export_review(review, lens::engine::Pack::builtin())).unwrap();
}

#[test]
fn a_clean_merge_of_review_files_writes_a_review_file_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    let base = base();
    store::save(&base, &p("base.lensboard")).unwrap();
    let ours = edited(&base, |a| {
        a.set_component_label(&cid("chat"), "Web chat").unwrap()
    });
    store::save(&ours, &p("ours.lensboard")).unwrap();
    let theirs = edited(&base, |a| {
        a.set_component_label(&cid("llm"), "Claude 4").unwrap()
    });
    store::save(&theirs, &p("theirs.lensboard")).unwrap();
    let out = lens(&[
        &p("base.lensboard"),
        &p("ours.lensboard"),
        &p("theirs.lensboard"),
        &p("ours.lensboard"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nothing to report");
    let (merged, source) = load_any(&p("ours.lensboard")).unwrap();
    assert_eq!(
        source,
        Source::ReviewFile,
        "OURS was a review file, replaced in place"
    );
    assert_eq!(label(&merged, "llm"), "Claude 4");
    assert_eq!(label(&merged, "chat"), "Web chat");
}

#[test]
fn review_json_inputs_with_an_empty_base_merge_into_review_json_with_conflicts_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    std::fs::write(p("empty"), b"").unwrap();
    let base = base();
    write_json(
        &p("ours.json"),
        &edited(&base, |a| {
            a.set_component_label(&cid("chat"), "Ours").unwrap()
        }),
    );
    write_json(&p("theirs.json"), &base);
    let out = lens(&[
        &p("empty"),
        &p("ours.json"),
        &p("theirs.json"),
        &p("merged.json"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(r#"components["chat"].label: changed on both sides (base (none), ours "Ours", theirs "Chat UI")"#), "{said}");
    let (merged, source) = load_any(&p("merged.json")).unwrap();
    assert_eq!(source, Source::ReviewJson);
    assert!(
        !merged.conflicts.is_empty(),
        "the conflicts are in the JSON"
    );
}

#[test]
fn an_unreadable_input_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    store::save(&base(), &p("base.lensboard")).unwrap();
    let out = lens(&[
        &p("base.lensboard"),
        &p("base.lensboard"),
        &p("missing.lensboard"),
        &p("out.lensboard"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.lensboard"));
    assert!(!p("out.lensboard").exists());
}
