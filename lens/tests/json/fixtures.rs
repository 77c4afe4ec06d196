//! The architecture fixtures in `tests/fixtures/architectures/` are canonical: importing and
//! exporting each gives back the same bytes, and each is valid against the catalog.

use std::path::PathBuf;

use lens::json::{export_architecture, import_architecture};

fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/architectures");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_fixture_imports_and_exports_byte_identically() {
    let all = fixtures();
    assert!(all.len() >= 3, "the realistic fixtures are present");
    for (name, text) in all {
        let arch = import_architecture(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        arch.verify().unwrap();
        let out = export_architecture(&arch);
        assert!(out == text, "{name} is not canonical; export gives:\n{out}");
    }
}

#[test]
fn the_sample_support_assistant_fixture_is_the_built_in_sample() {
    let text = fixtures()
        .into_iter()
        .find(|(n, _)| n == "support_assistant.json")
        .unwrap()
        .1;
    let arch = import_architecture(&text).unwrap();
    let sample = lens::Architecture::from_data_checked(lens::samples::support_assistant()).unwrap();
    assert_eq!(arch.to_data(), sample.to_data());
}

#[test]
fn whole_numbers_are_written_without_a_fraction() {
    let text = fixtures()
        .into_iter()
        .find(|(n, _)| n == "agentic_tools_loop.json")
        .unwrap()
        .1;
    assert!(text.contains("\"max_iterations\": 8,"));
    assert!(text.contains("\"ttl_seconds\": 300.5"));
    let out = export_architecture(&import_architecture(&text).unwrap());
    assert!(!out.contains("8.0") && out.contains("\"x\": 0,"));
}
