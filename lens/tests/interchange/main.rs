//! Threat models in and out: Threat Dragon v2 and OTM files read (the tools' own demo and test
//! models), written (checked against the formats' schemas), round trips, hostile input and the
//! CLI.
//!
//! One test binary per area (`tests/interchange/main.rs` and its modules beside it).

mod cli;
mod hostile;
mod otm;
mod round_trip;
mod threat_dragon;

use std::path::{Path, PathBuf};

use lens::iac::Import;
use lens::interchange::ThreatModelMapping;
use lens::model::{ArchitectureData, Value};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interchange/fixtures")
        .join(name)
}

pub fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// An architecture fixture of the repository (`tests/fixtures/…`).
pub fn architecture(path: &str) -> lens::Architecture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    lens::json::import_architecture(&text).expect("the fixture is a valid architecture")
}

pub fn mapping() -> ThreatModelMapping {
    ThreatModelMapping::builtin().expect("the built-in mapping is valid")
}

/// The component with this label.
pub fn component<'a>(data: &'a ArchitectureData, label: &str) -> &'a lens::model::Component {
    data.components
        .iter()
        .find(|c| c.label == label)
        .unwrap_or_else(|| panic!("a component labelled {label:?}"))
}

/// A component's notes ("" when none).
pub fn notes(c: &lens::model::Component) -> &str {
    c.properties
        .get("notes")
        .and_then(Value::as_text)
        .unwrap_or("")
}

/// Everything the report says about the element with this id in the source, one line each.
pub fn report_of(import: &Import, source_id: &str) -> String {
    let r = import
        .report
        .resource(source_id)
        .unwrap_or_else(|| panic!("{source_id} is in the report"));
    let mut lines = vec![format!("{:?} {:?}", r.outcome, r.components)];
    lines.extend(r.properties.iter().map(|p| {
        format!(
            "set {}.{} = {:?} ({})",
            p.component, p.property, p.value, p.from
        )
    }));
    lines.extend(
        r.notes
            .iter()
            .map(|n| format!("{} ({})", n.message, n.path)),
    );
    lines.join("\n")
}
