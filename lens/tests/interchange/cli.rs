//! `lens import` recognises Threat Dragon and OTM by content and prints the import report;
//! `lens export --to threat-dragon|otm` writes what `lens import` reads back.

use std::path::Path;
use std::process::{Command, Output};

use super::fixture;

fn lens(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lens"))
        .args(args)
        .output()
        .expect("lens runs")
}

fn stderr(run: &Output) -> String {
    String::from_utf8_lossy(&run.stderr).into_owned()
}

fn import(source: &Path, output: &Path) -> Output {
    lens(&[
        "import".as_ref(),
        source.as_os_str(),
        "--output".as_ref(),
        output.as_os_str(),
    ])
}

#[test]
fn a_threat_dragon_model_without_a_json_extension_imports_by_content() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("model.txt");
    std::fs::copy(fixture("td-v2-threat-model.json"), &source).expect("copy");
    let out = dir.path().join("model.lensboard");
    let run = import(&source, &out);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        report.contains("a25bbb4e-093f-4238-a620-31efdee452dc (tm.Store): drawn as worker_config"),
        "{report}"
    );
    assert!(report.contains("element(s) to confirm"), "{report}");
    let check = lens(&[
        "check".as_ref(),
        out.as_os_str(),
        "--fail-on".as_ref(),
        "never".as_ref(),
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn an_otm_yaml_model_imports_with_a_json_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("model.json");
    let run = lens(&[
        "import".as_ref(),
        fixture("otm-manual_threat_model.yaml").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("a JSON report");
    assert_eq!(report["resources"][3]["logical_id"], "user");
    assert_eq!(report["resources"][3]["components"][0], "user");
}

#[test]
fn exports_to_threat_dragon_and_otm_import_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/architectures/rag_with_boundaries.json");
    for (to, file) in [("threat-dragon", "model.td.json"), ("otm", "model.otm")] {
        let exported = dir.path().join(file);
        let run = lens(&[
            "export".as_ref(),
            source.as_os_str(),
            "--to".as_ref(),
            to.as_ref(),
            "--output".as_ref(),
            exported.as_os_str(),
        ]);
        assert_eq!(run.status.code(), Some(0), "{to}: {}", stderr(&run));
        let back = dir.path().join(format!("{to}.json"));
        let run = import(&exported, &back);
        assert_eq!(run.status.code(), Some(0), "{to}: {}", stderr(&run));
        let diff = lens(&[
            "diff".as_ref(),
            source.as_os_str(),
            back.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
        let diff: serde_json::Value = serde_json::from_slice(&diff.stdout).expect("JSON diff");
        let unchanged = serde_json::json!({ "added": [], "removed": [], "changed": [] });
        assert_eq!(diff["components"], unchanged, "{to}: {diff}");
        assert_eq!(diff["flows"], unchanged, "{to}: {diff}");
    }
}

#[test]
fn a_threat_dragon_v1_model_exits_2_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = import(
        &fixture("td-v1-demo-threat-model.json"),
        &dir.path().join("x.json"),
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("td-v1-demo-threat-model.json\": not a Threat Dragon v2 model: this is a Threat Dragon v1 model"),
        "{}",
        stderr(&run)
    );
    assert!(!dir.path().join("x.json").exists(), "nothing is written");
}

#[test]
fn a_mapping_file_applies_to_threat_models_and_a_wrong_one_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let own = dir.path().join("own.toml");
    std::fs::write(
        &own,
        "[[kind]]\nkind = \"agent\"\nwords = [\"background worker\"]\n",
    )
    .expect("write");
    let out = dir.path().join("model.json");
    let run = lens(&[
        "import".as_ref(),
        fixture("td-v2-threat-model.json").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--mapping".as_ref(),
        own.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    let worker = data["components"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["label"] == "Background\nWorker Process")
        .expect("the worker");
    assert_eq!(worker["kind"], "agent", "the user's rule goes first");
    std::fs::write(
        &own,
        "[[resource]]\ntype = \"AWS::S3::Bucket\"\nkind = \"object_store\"\n",
    )
    .expect("write");
    let run = lens(&[
        "import".as_ref(),
        fixture("td-v2-threat-model.json").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--mapping".as_ref(),
        own.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("own.toml") && stderr(&run).contains("unknown field `resource`"),
        "a CloudFormation mapping given for a threat model is named: {}",
        stderr(&run)
    );
}
