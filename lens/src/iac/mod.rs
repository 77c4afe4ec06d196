//! Infrastructure-as-code import: a template becomes an unpositioned architecture and a report
//! of how each resource was read.
//!
//! One module per source format ([`cloudformation`], [`terraform`], which turns a plan into
//! the resources the CloudFormation importer reads); what each resource type means is data
//! ([`mapping`], `lens/mapping/*.toml`), so that a reviewer can read and extend it without
//! touching code. The importer never guesses optimistically: a property the template cannot
//! settle is listed in the report (and set to `"unknown"` where the catalog has that value),
//! a resource no rule covers is listed as unmapped, never dropped silently.
//!
//! [`reimport`] imports again into an existing review, keeping what a person changed since the
//! last import (recorded in the review file).

use serde::Serialize;

use crate::model::Value;
use crate::{ArchitectureData, ErrorCode};

pub mod cloudformation;
pub mod mapping;
pub mod reimport;
pub mod terraform;
pub mod yaml;

pub use mapping::{Mapping, MappingError};

/// The source formats of infrastructure as code the importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    /// A CloudFormation template, JSON or YAML.
    CloudFormation,
    /// `terraform show -json` of a saved plan (format 1.x).
    TerraformPlan,
}

/// Imports a CloudFormation template or a Terraform plan, told apart by content (a JSON object
/// with `format_version` and `terraform_version` or `planned_values` is a plan), with the
/// built-in mappings and the user's files `own` merged over them in order. A user's rule for a
/// CloudFormation type also applies to its `awscc_*` type in a plan.
pub fn import_text(
    text: &str,
    name: &str,
    own: &[Mapping],
) -> Result<(Import, SourceFormat), IacError> {
    let mut cloudformation_mapping = Mapping::builtin_cloudformation()?;
    for mapping in own {
        cloudformation_mapping.merge(mapping.clone());
    }
    if !text.trim_start().starts_with('{') {
        let import = cloudformation::import_text(text, name, &cloudformation_mapping)?;
        return Ok((import, SourceFormat::CloudFormation));
    }
    let document = terraform::parse(text)?;
    if terraform::is_plan(&document) {
        let mut mapping = Mapping::builtin_terraform(&cloudformation_mapping)?;
        for own in own {
            mapping.merge(own.clone());
        }
        let import = terraform::import(&document, name, &mapping)?;
        return Ok((import, SourceFormat::TerraformPlan));
    }
    let import = cloudformation::import(&document, name, &cloudformation_mapping)?;
    Ok((import, SourceFormat::CloudFormation))
}

/// Parses JSON text, naming the line and column of a syntax error.
fn parse_json(text: &str) -> Result<serde_json::Value, IacError> {
    serde_json::from_str(text).map_err(|e| {
        IacError::Syntax(format!(
            "not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })
}

/// An imported architecture with its report.
#[derive(Clone, Debug)]
pub struct Import {
    /// The architecture, without positions (the app and the CLI lay it out).
    pub architecture: ArchitectureData,
    pub report: ImportReport,
}

/// How each resource of a template was read.
#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    /// Per resource, by logical id.
    pub resources: Vec<ResourceReport>,
    /// What concerns the whole template (no entry point, template-level problems).
    pub notes: Vec<String>,
}

/// What one resource became.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResourceReport {
    pub logical_id: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub outcome: Outcome,
    /// The components drawn for it (the resource itself, its parts, its inline items).
    pub components: Vec<String>,
    /// Every property set, with the template path it came from.
    pub properties: Vec<PropertySet>,
    /// What the template leaves open or what could not be used: for the reviewer.
    pub notes: Vec<Note>,
}

/// What a resource became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Drawn as one or more components.
    Drawn,
    /// Folded into another component (a Lambda function that only implements a tool).
    Folded { into: String },
    /// Stands for another resource's component (a guardrail version, an agent alias).
    StandsFor { component: String },
    /// Draws no component, for the reason given by the mapping.
    NoComponent { reason: String },
    /// No mapping rule covers this resource type.
    Unmapped,
}

/// One property set on a component.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PropertySet {
    pub component: String,
    pub property: String,
    pub value: Value,
    /// The template path the value was read from (`Resources.X.Properties.…`), or `(fixed)`
    /// for what the resource type implies, or the path looked for when the value was set
    /// because nothing was found.
    pub from: String,
}

/// Something the reviewer should look at.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Note {
    /// Where in the template.
    pub path: String,
    pub message: String,
}

/// Why a template could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum IacError {
    /// The text is not JSON (or YAML).
    #[error("{0}")]
    Syntax(String),
    /// The document is not a CloudFormation template.
    #[error("not a CloudFormation template: {0}")]
    NotATemplate(String),
    /// The document is not a Terraform plan.
    #[error("not a Terraform plan: {0}")]
    NotAPlan(String),
    /// A Terraform plan of a JSON format this version does not read.
    #[error(
        "the Terraform plan's format_version is {0}: lens reads plan JSON format 1.x \
         (terraform show -json of Terraform 1.x)"
    )]
    UnsupportedVersion(String),
    /// A part of the template has the wrong shape.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// The architecture built does not pass the model's checks (a defect of the mapping).
    #[error("the imported architecture is not valid: {0}")]
    Model(#[from] crate::ModelError),
}

impl IacError {
    /// The code of this kind of error (see [`crate::error`]).
    pub fn code(&self) -> ErrorCode {
        ErrorCode::InvalidArchitecture
    }

    /// The path inside the template the error is about, if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            IacError::Invalid { path, .. } => Some(path),
            IacError::UnsupportedVersion(_) => Some("format_version"),
            _ => None,
        }
    }
}

impl ImportReport {
    /// The report as text, for people: one block per resource.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for r in &self.resources {
            let outcome = match &r.outcome {
                Outcome::Drawn => format!("drawn as {}", r.components.join(", ")),
                Outcome::Folded { into } => format!("folded into {into}"),
                Outcome::StandsFor { component } => format!("stands for {component}"),
                Outcome::NoComponent { reason } => format!("no component: {reason}"),
                Outcome::Unmapped => "UNMAPPED: no rule for this type, not drawn".to_owned(),
            };
            let _ = writeln!(out, "{} ({}): {outcome}", r.logical_id, r.resource_type);
            for p in &r.properties {
                let _ = writeln!(
                    out,
                    "  set {}.{} = {} (from {})",
                    p.component,
                    p.property,
                    show(&p.value),
                    p.from
                );
            }
            for n in &r.notes {
                let _ = writeln!(out, "  review: {} ({})", n.message, n.path);
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "note: {n}");
        }
        out
    }

    /// The entry of a resource, by logical id.
    pub fn resource(&self, logical_id: &str) -> Option<&ResourceReport> {
        self.resources.iter().find(|r| r.logical_id == logical_id)
    }

    /// The number of resources no rule covers.
    pub fn unmapped(&self) -> usize {
        self.resources
            .iter()
            .filter(|r| r.outcome == Outcome::Unmapped)
            .count()
    }
}

/// A value as the text report shows it: `true`, `10`, `"VECTOR"` (long text shortened).
fn show(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Text(s) => {
            let short: String = s.chars().take(80).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            format!("\"{short}{more}\"")
        }
    }
}
