//! A review: the architecture plus what the team decided about it.
//!
//! A review holds the architecture, when its file was created and saved, the decisions on findings
//! ([`decisions`]), the checklist answers ([`answers`]) and named milestones (snapshots of all of
//! it). Each is a table of the review file (see [`crate::store`]). Findings themselves are never
//! stored: they are recomputed from the architecture and joined with the decisions by [`triage`].
//! [`lens_summary`] gives the per-pillar view (risks, unanswered questions, coverage);
//! [`json`] is the review JSON form (`"format": "lensboard/review"`).
//!
//! [`load_any`] is the door of the CLI: it reads a review file or an architecture JSON, decided by
//! the file's content (the SQLite magic bytes), never by its extension.

pub mod answers;
pub mod decisions;
pub mod json;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::ErrorCode;
use crate::json::{import_architecture_bytes, ImportError};
use crate::model::Architecture;
use crate::store::{self, meta::Meta, StoreError};

pub use answers::{lens_summary, Answer, AnswerValue, LensSummary, PillarSummary, PracticeSummary};
pub use decisions::{
    triage, Decision, DecisionEvent, DecisionStatus, FindingStatus, ReviewedFinding, StatusSummary,
    Triage, Unstated,
};

/// A review as the app and the CLI hold it.
#[derive(Clone, Debug)]
pub struct Review {
    pub architecture: Architecture,
    /// When and by what the review's file was written; `None` for a review never saved.
    pub saved: Option<Saved>,
    /// The latest decision per finding id (orphaned ones included, see [`triage`]).
    pub decisions: BTreeMap<String, Decision>,
    /// Every decision and reopening, oldest first (the `decisions` map is the latest of each).
    pub decision_history: Vec<DecisionEvent>,
    /// The answer per checklist item id.
    pub answers: BTreeMap<String, Answer>,
    /// Named snapshots, oldest first.
    pub milestones: Vec<Milestone>,
    /// What merges of this review could not settle and left for people to resolve, in the
    /// order they were found (see [`crate::merge`]); empty for a review never merged.
    pub conflicts: Vec<crate::merge::Conflict>,
    /// What the last infrastructure-as-code import put into the review, if it came from one:
    /// importing again keeps what a person changed since ([`crate::iac::reimport`]).
    pub last_import: Option<LastImport>,
}

/// What an infrastructure-as-code import put into a review.
#[derive(Clone, Debug, PartialEq)]
pub struct LastImport {
    /// The file name of the template or plan.
    pub source: String,
    /// When, in seconds since the Unix epoch (UTC).
    pub imported_at: i64,
    /// The architecture the import produced, before anyone changed it.
    pub architecture: crate::ArchitectureData,
}

/// A named snapshot of a review: the architecture, decisions and answers of that moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    /// Unique within the review.
    pub name: String,
    /// When it was taken, in seconds since the Unix epoch (UTC).
    pub created_at: i64,
    pub snapshot: Snapshot,
}

/// What a milestone holds. Findings are recomputed from the architecture when compared.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub architecture: Architecture,
    pub decisions: BTreeMap<String, Decision>,
    pub answers: BTreeMap<String, Answer>,
}

impl PartialEq for Snapshot {
    fn eq(&self, other: &Self) -> bool {
        self.decisions == other.decisions
            && self.answers == other.answers
            && self.architecture.to_data() == other.architecture.to_data()
    }
}

/// A milestone as the UI lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MilestoneInfo {
    pub name: String,
    /// Seconds since the Unix epoch (UTC); an `f64` because IPC has no 64-bit integers.
    pub created_at: f64,
    /// The local date it was taken (`YYYY-MM-DD`, see [`decisions::local_date_of`]).
    pub date: String,
}

/// A change to a review that was refused. [`ReviewError::code`] is stable for the UI.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("a decision needs the id of the finding it is about")]
    NoFinding,
    #[error("a decision of \"{}\" needs a justification (finding {finding})", status.id())]
    JustificationRequired {
        finding: String,
        status: DecisionStatus,
    },
    #[error("a decision needs an owner (finding {finding})")]
    OwnerRequired { finding: String },
    #[error("\"{date}\" is not a date; write it as YYYY-MM-DD, for example 2026-11-25")]
    InvalidDate { date: String },
    #[error("\"{ticket}\" is not a web link; a ticket link starts with https:// or http://")]
    InvalidTicket { ticket: String },
    #[error("\"{item}\" is not a checklist item of the pack")]
    UnknownChecklistItem { item: String },
    #[error("a milestone needs a name")]
    EmptyMilestoneName,
    #[error("a milestone named \"{name}\" already exists")]
    MilestoneExists { name: String },
    #[error("there is no milestone named \"{name}\"; {}", available_names(.available))]
    UnknownMilestone {
        name: String,
        available: Vec<String>,
    },
}

fn available_names(names: &[String]) -> String {
    if names.is_empty() {
        "the review has no milestones".to_owned()
    } else {
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        format!("the milestones are {}", quoted.join(", "))
    }
}

impl ReviewError {
    /// The code of this kind of error (see [`crate::error`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            ReviewError::NoFinding => ErrorCode::NoFinding,
            ReviewError::JustificationRequired { .. } => ErrorCode::JustificationRequired,
            ReviewError::OwnerRequired { .. } => ErrorCode::OwnerRequired,
            ReviewError::InvalidDate { .. } => ErrorCode::InvalidDate,
            ReviewError::InvalidTicket { .. } => ErrorCode::InvalidTicket,
            ReviewError::UnknownChecklistItem { .. } => ErrorCode::UnknownChecklistItem,
            ReviewError::EmptyMilestoneName => ErrorCode::EmptyMilestoneName,
            ReviewError::MilestoneExists { .. } => ErrorCode::MilestoneExists,
            ReviewError::UnknownMilestone { .. } => ErrorCode::UnknownMilestone,
        }
    }
}

/// Where a review's file comes from: read from its `meta` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// When the review was first saved, in seconds since the Unix epoch (UTC).
    pub created_at: i64,
    /// When the review was last saved, in seconds since the Unix epoch (UTC).
    pub modified_at: i64,
    /// The version of Lensboard that last saved it.
    pub app_version: String,
}

impl Review {
    /// A new, never saved review of `architecture`.
    pub fn new(architecture: Architecture) -> Self {
        Self {
            architecture,
            saved: None,
            decisions: BTreeMap::new(),
            decision_history: Vec::new(),
            answers: BTreeMap::new(),
            milestones: Vec::new(),
            last_import: None,
            conflicts: Vec::new(),
        }
    }

    /// Settles the merge conflict number `index` of [`Review::conflicts`] by keeping `side`'s
    /// value, and removes it from the list; see [`crate::merge::resolve`]. On an error nothing
    /// changed.
    pub fn resolve_conflict(
        &mut self,
        index: usize,
        side: crate::merge::Side,
    ) -> Result<crate::merge::Conflict, crate::merge::ConflictError> {
        crate::merge::resolve(self, index, side)
    }

    /// Records a decision (replacing the finding's previous one) after validating it. The finding
    /// need not exist now: a decision may be recorded for a finding that comes back later.
    pub fn decide(&mut self, decision: Decision) -> Result<(), ReviewError> {
        decision.validate()?;
        self.decision_history.push(DecisionEvent::from(&decision));
        self.decisions.insert(decision.finding.clone(), decision);
        Ok(())
    }

    /// Sets a finding back to open by removing its decision; returns the removed decision. The
    /// history records the reopening (by `owner`, on `date`) when there was a decision.
    pub fn reopen(&mut self, finding: &str, owner: &str, date: &str) -> Option<Decision> {
        let removed = self.decisions.remove(finding)?;
        self.decision_history.push(DecisionEvent {
            finding: finding.to_owned(),
            status: FindingStatus::Open,
            justification: String::new(),
            owner: owner.to_owned(),
            date: date.to_owned(),
            ticket: None,
        });
        Some(removed)
    }

    /// The history of one finding's decisions, oldest first.
    pub fn history_of<'a>(&'a self, finding: &'a str) -> impl Iterator<Item = &'a DecisionEvent> {
        self.decision_history
            .iter()
            .filter(move |e| e.finding == finding)
    }

    /// Records the answer to a checklist item of `pack` (replacing a previous one).
    pub fn answer(
        &mut self,
        pack: &crate::engine::Pack,
        answer: Answer,
    ) -> Result<(), ReviewError> {
        if !pack.checklist().iter().any(|i| i.id == answer.item) {
            return Err(ReviewError::UnknownChecklistItem { item: answer.item });
        }
        self.answers.insert(answer.item.clone(), answer);
        Ok(())
    }

    /// Removes the answer to a checklist item (it becomes unanswered).
    pub fn unanswer(&mut self, item: &str) -> Option<Answer> {
        self.answers.remove(item)
    }

    /// Saves the review's present state as a milestone named `name` (unique, not blank), taken
    /// at `created_at` (seconds since the Unix epoch).
    pub fn add_milestone(&mut self, name: &str, created_at: i64) -> Result<(), ReviewError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ReviewError::EmptyMilestoneName);
        }
        if self.milestone(name).is_some() {
            return Err(ReviewError::MilestoneExists { name: name.into() });
        }
        self.milestones.push(Milestone {
            name: name.to_owned(),
            created_at,
            snapshot: self.snapshot(),
        });
        Ok(())
    }

    /// The review's present state as a snapshot.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            architecture: self.architecture.clone(),
            decisions: self.decisions.clone(),
            answers: self.answers.clone(),
        }
    }

    pub fn milestone(&self, name: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.name == name)
    }

    /// The milestone named `name`, or an error naming the milestones there are.
    pub fn find_milestone(&self, name: &str) -> Result<&Milestone, ReviewError> {
        self.milestone(name)
            .ok_or_else(|| ReviewError::UnknownMilestone {
                name: name.to_owned(),
                available: self.milestones.iter().map(|m| m.name.clone()).collect(),
            })
    }

    /// Removes a milestone; returns it.
    pub fn remove_milestone(&mut self, name: &str) -> Option<Milestone> {
        let i = self.milestones.iter().position(|m| m.name == name)?;
        Some(self.milestones.remove(i))
    }

    /// The milestones for a list in the UI, oldest first.
    pub fn milestone_infos(&self) -> Vec<MilestoneInfo> {
        self.milestones
            .iter()
            .map(|m| MilestoneInfo {
                name: m.name.clone(),
                created_at: m.created_at as f64,
                date: decisions::local_date_of(m.created_at),
            })
            .collect()
    }

    /// The latest milestone (by creation time), if any.
    pub fn latest_milestone(&self) -> Option<&Milestone> {
        self.milestones.iter().max_by_key(|m| m.created_at)
    }

    /// The `meta` row a save writes now: the creation time is kept, the rest is this save's.
    pub(crate) fn meta_for_save(&self) -> Meta {
        let now = unix_now();
        Meta {
            name: self.architecture.name().to_owned(),
            created_at: self.saved.as_ref().map_or(now, |s| s.created_at),
            modified_at: now,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    pub(crate) fn from_meta(architecture: Architecture, meta: &Meta) -> Self {
        Self {
            saved: Some(Saved {
                created_at: meta.created_at,
                modified_at: meta.modified_at,
                app_version: meta.app_version.clone(),
            }),
            ..Self::new(architecture)
        }
    }
}

/// Now, in whole seconds since the Unix epoch (the times a review file and its milestones keep).
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Why [`load_any`] could not read a file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read, or it is a review file that could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file is neither an SQLite database nor JSON text.
    #[error("\"{path}\" is neither a Lensboard review nor architecture JSON: {source}")]
    Unrecognised { path: PathBuf, source: ImportError },
    /// The file is JSON but not a valid architecture.
    #[error("\"{path}\" is not a valid architecture: {source}")]
    Json { path: PathBuf, source: ImportError },
    /// The file is a CloudFormation template or a Terraform plan that could not be imported.
    #[error("\"{path}\" is {} that could not be imported: {source}", what(.source))]
    Template {
        path: PathBuf,
        source: crate::iac::IacError,
    },
    /// The file is a review JSON (`"format": "lensboard/review"`) that is not valid.
    #[error("\"{path}\" is not a valid review JSON: {source}")]
    ReviewJson {
        path: PathBuf,
        source: json::ReviewJsonError,
    },
}

impl LoadError {
    /// The code of this kind of error (see [`crate::error`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            LoadError::Store(e) => e.code(),
            LoadError::Unrecognised { .. } => ErrorCode::NotAReview,
            LoadError::Json { source, .. } => source.code(),
            LoadError::ReviewJson { source, .. } => source.code(),
            LoadError::Template { source, .. } => source.code(),
        }
    }

    /// What the message names: the field of the JSON (its JSON path) when there is one, else
    /// the file.
    pub fn path(&self) -> String {
        match self {
            LoadError::Store(e) => e.path().display().to_string(),
            LoadError::Json { path, source } => source
                .path()
                .filter(|field| !field.is_empty())
                .map_or_else(|| path.display().to_string(), str::to_owned),
            LoadError::Template { path, source } => source
                .path()
                .map_or_else(|| path.display().to_string(), str::to_owned),
            LoadError::Unrecognised { path, .. } | LoadError::ReviewJson { path, .. } => {
                path.display().to_string()
            }
        }
    }
}

/// What [`load_any`] found in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    ReviewFile,
    ArchitectureJson,
    ReviewJson,
    /// A CloudFormation template, imported with the built-in mapping (the import report is not
    /// kept; `lens import` prints it).
    CloudFormation,
    /// A Terraform plan (`terraform show -json`), imported the same way.
    TerraformPlan,
}

/// What a JSON file's top-level keys say it is, read in one pass.
enum JsonForm<'a> {
    /// `"format": "lensboard/review"`.
    Review(&'a str),
    /// `AWSTemplateFormatVersion` or `Resources` (which architecture JSON never has), or a
    /// Terraform plan's `format_version` with `terraform_version` or `planned_values`.
    InfrastructureAsCode(&'a str),
}

fn json_form(bytes: &[u8]) -> Option<JsonForm<'_>> {
    #[derive(serde::Deserialize)]
    struct Head<'a> {
        #[serde(borrow)]
        format: Option<std::borrow::Cow<'a, str>>,
        #[serde(rename = "AWSTemplateFormatVersion")]
        template_version: Option<serde::de::IgnoredAny>,
        #[serde(rename = "Resources")]
        resources: Option<serde::de::IgnoredAny>,
        format_version: Option<serde::de::IgnoredAny>,
        terraform_version: Option<serde::de::IgnoredAny>,
        planned_values: Option<serde::de::IgnoredAny>,
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let head: Head = serde_json::from_str(text).ok()?;
    if head.format.as_deref() == Some(json::REVIEW_FORMAT) {
        Some(JsonForm::Review(text))
    } else if head.template_version.is_some()
        || head.resources.is_some()
        || (head.format_version.is_some()
            && (head.terraform_version.is_some() || head.planned_values.is_some()))
    {
        Some(JsonForm::InfrastructureAsCode(text))
    } else {
        None
    }
}

/// The text of `bytes` if a line starts with `AWSTemplateFormatVersion:` or `Resources:`, as the
/// top-level keys of a CloudFormation template in YAML do.
fn yaml_template_text(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    text.lines()
        .any(|line| line.starts_with("AWSTemplateFormatVersion:") || line.starts_with("Resources:"))
        .then_some(text)
}

/// Imports a CloudFormation template or a Terraform plan with the built-in mappings.
fn import_template(path: &Path, text: &str) -> Result<(Review, Source), LoadError> {
    let error = |source| LoadError::Template {
        path: path.to_owned(),
        source,
    };
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (import, format) = crate::iac::import_text(text, &name, &[]).map_err(error)?;
    let architecture =
        crate::Architecture::from_data_checked(import.architecture).map_err(|e| error(e.into()))?;
    let source = match format {
        crate::iac::SourceFormat::CloudFormation => Source::CloudFormation,
        crate::iac::SourceFormat::TerraformPlan => Source::TerraformPlan,
    };
    Ok((Review::new(architecture), source))
}

/// What an infrastructure-as-code file that failed to import was taken for.
fn what(error: &crate::iac::IacError) -> &'static str {
    match error {
        crate::iac::IacError::NotAPlan(_) | crate::iac::IacError::UnsupportedVersion(_) => {
            "a Terraform plan"
        }
        _ => "a CloudFormation template or Terraform plan",
    }
}

/// Reads `path` as a review file if it starts with the SQLite magic bytes, else as review JSON
/// (when its `format` is `lensboard/review`), else as a CloudFormation template (when it has
/// `AWSTemplateFormatVersion` or `Resources`, in JSON or YAML) or a Terraform plan (JSON with
/// `format_version` and `terraform_version` or `planned_values`), else as architecture JSON. The file is never modified.
pub fn load_any(path: &Path) -> Result<(Review, Source), LoadError> {
    let (file, len) = store::open_regular_file(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut file = file.take(len);
    let read_error = |e| LoadError::Store(store::read_error(path, e));
    (&mut file)
        .take(store::SQLITE_MAGIC.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.as_slice() == store::SQLITE_MAGIC {
        return Ok((store::open(path)?, Source::ReviewFile));
    }
    file.read_to_end(&mut bytes).map_err(read_error)?;
    match json_form(&bytes) {
        Some(JsonForm::Review(text)) => {
            return match json::import_review(text) {
                Ok(review) => Ok((review, Source::ReviewJson)),
                Err(source) => Err(LoadError::ReviewJson {
                    path: path.to_owned(),
                    source,
                }),
            };
        }
        Some(JsonForm::InfrastructureAsCode(text)) => {
            return import_template(path, text);
        }
        None => {}
    }
    let architecture = match import_architecture_bytes(&bytes) {
        Ok(architecture) => architecture,
        Err(source @ ImportError::Syntax { .. }) => {
            // Not JSON: a CloudFormation template in YAML is recognised by its top-level keys.
            if let Some(text) = yaml_template_text(&bytes) {
                return import_template(path, text);
            }
            return Err(LoadError::Unrecognised {
                path: path.to_owned(),
                source,
            });
        }
        Err(source @ ImportError::NotUtf8 { .. }) => {
            return Err(LoadError::Unrecognised {
                path: path.to_owned(),
                source,
            })
        }
        Err(source) => {
            return Err(LoadError::Json {
                path: path.to_owned(),
                source,
            })
        }
    };
    Ok((Review::new(architecture), Source::ArchitectureJson))
}
