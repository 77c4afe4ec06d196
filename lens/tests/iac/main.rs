//! Infrastructure-as-code import: the CloudFormation mapping against the catalog, the §2.4
//! example template imported and checked, a Terraform plan of the same system, an account's
//! enforced guardrail, hostile and foreign input, and `lens import`.
//!
//! One test binary per area (`tests/iac/main.rs` and its modules beside it), so that the suite
//! links a few binaries instead of one per file.

mod cli;
#[path = "../support/damage.rs"]
mod damage;
mod enforced;
mod hostile;
mod mapping;
mod reimport;
mod template;
mod terraform;
mod yaml;

use std::path::{Path, PathBuf};

use lens::iac::{cloudformation, Import, Mapping};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/iac/fixtures")
        .join(name)
}

pub fn builtin() -> Mapping {
    Mapping::builtin_cloudformation().expect("the built-in mapping is valid")
}

/// Imports a template given as a JSON value with the built-in mapping.
pub fn import_json(template: &serde_json::Value) -> Result<Import, lens::iac::IacError> {
    cloudformation::import(template, "test", &builtin())
}

/// The notes of a resource in an import report, one per line.
pub fn notes(import: &Import, logical_id: &str) -> String {
    let resource = import
        .report
        .resource(logical_id)
        .unwrap_or_else(|| panic!("{logical_id} is in the report"));
    resource
        .notes
        .iter()
        .map(|n| format!("{} ({})", n.message, n.path))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The ids of the components an import drew.
pub fn component_ids(import: &Import) -> Vec<&str> {
    import
        .architecture
        .components
        .iter()
        .map(|c| c.id.as_str())
        .collect()
}
