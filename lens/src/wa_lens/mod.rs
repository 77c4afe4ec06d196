//! The AWS Well-Architected Tool's custom lens JSON (`schemaVersion` `2021-11-01`): typed
//! structs for the format, a validator of every limit the WA Tool's lens format specification
//! states ([`limits`]), the lens Lensboard exports from its rule pack ([`build`]), and a reader
//! (deserialize, then validate) for lenses written by us or by others.
//!
//! Why a custom lens: the WA Tool keeps a review's answers in the service and has no file format
//! for them, but it imports custom lenses (Custom lenses → Create → upload the JSON → publish).
//! Exporting the Generative AI Lens's questions and best practices, with our rules' fixes as
//! improvement plans, lets a team run the same review in the WA Tool and track its risks there.
//!
//! The format's shape, as the WA Tool reads it:
//!
//! ```text
//! lens      { schemaVersion, name, description, pillars[] }
//! pillar    { id, name, questions[] }
//! question  { id, title, description, helpfulResource?, choices[], riskRules[] }
//! choice    { id, title, helpfulResource?, improvementPlan?, additionalResources? }
//! riskRule  { condition, risk }
//! ```
//!
//! Writing is strict (every limit is checked before a byte is written, so the WA Tool never
//! refuses an export of ours); reading ignores keys the format does not have, because lenses in
//! the wild carry extra ones (`"number": 0` on every question and choice, say).

pub mod answers;
pub mod build;
pub mod limits;

use serde::{Deserialize, Serialize};

pub use build::from_pack;
pub use limits::{validate, LimitError, LimitErrors};

/// The only `schemaVersion` the WA Tool's custom lens format has.
pub const SCHEMA_VERSION: &str = "2021-11-01";

/// A custom lens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lens {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: String,
    pub name: String,
    /// Shown when a lens is added to a workload.
    pub description: String,
    pub pillars: Vec<Pillar>,
}

/// A pillar. The framework's ids (`operationalExcellence`, `security`, …) put the questions into
/// the framework's pillars; any other id makes a pillar of the lens's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pillar {
    pub id: String,
    pub name: String,
    pub questions: Vec<Question>,
}

/// A question of a review, answered by selecting choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<Resource>,
    pub choices: Vec<Choice>,
    /// In order: the first condition that holds sets the question's risk.
    pub risk_rules: Vec<RiskRule>,
}

/// A choice of a question: one best practice, or "None of these" (an id ending in
/// [`NONE_SUFFIX`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<Resource>,
    /// Required for every choice except "None of these".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement_plan: Option<Resource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_resources: Vec<AdditionalResources>,
}

/// The suffix of the id of a question's "None of these" choice.
pub const NONE_SUFFIX: &str = "_no";

/// A text with an optional link (`helpfulResource`, `improvementPlan`, an additional resource).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// Required when `url` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// More links of one kind for a choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalResources {
    #[serde(rename = "type")]
    pub kind: ResourceKind,
    pub content: Vec<Resource>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResourceKind {
    HelpfulResource,
    ImprovementPlan,
}

/// `condition` (a Boolean expression of the question's choice ids with `&&`, `||`, `!` and
/// parentheses, or `default`) → `risk`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskRule {
    pub condition: String,
    pub risk: RiskLevel,
}

/// The condition of the rule that applies when no other does; every question has one.
pub const DEFAULT_CONDITION: &str = "default";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RiskLevel {
    HighRisk,
    MediumRisk,
    NoRisk,
}

impl RiskLevel {
    /// The name in the file (`HIGH_RISK`).
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::HighRisk => "HIGH_RISK",
            RiskLevel::MediumRisk => "MEDIUM_RISK",
            RiskLevel::NoRisk => "NO_RISK",
        }
    }
}

/// A custom lens that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("not a WA Tool custom lens: {path}: {message}")]
    Json { path: String, message: String },
    #[error("the custom lens breaks the WA Tool's limits:\n{0}")]
    Invalid(LimitErrors),
}

/// The lens as the file to upload: two-space indented JSON with a trailing newline, after
/// checking every limit (the 500 KB file size included). Nothing is returned for a lens the WA
/// Tool would refuse.
pub fn to_json(lens: &Lens) -> Result<String, LimitErrors> {
    validate(lens)?;
    let mut text =
        serde_json::to_string_pretty(lens).expect("a lens is plain strings, lists and enums");
    text.push('\n');
    limits::check_size(text.len())?;
    Ok(text)
}

/// Reads a custom lens (ours or another tool's; unknown keys are ignored) and checks its limits.
pub fn read(text: &str) -> Result<Lens, ReadError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let lens: Lens = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        ReadError::Json {
            path: if path == "." {
                "top level".into()
            } else {
                path
            },
            message: e.into_inner().to_string(),
        }
    })?;
    deserializer.end().map_err(|e| ReadError::Json {
        path: "top level".into(),
        message: e.to_string(),
    })?;
    limits::check_size(text.len()).map_err(ReadError::Invalid)?;
    validate(&lens).map_err(ReadError::Invalid)?;
    Ok(lens)
}
