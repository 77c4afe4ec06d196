//! Other tools' formats in and out, the same for the CLI and the app.
//!
//! [`read_source`] imports a file from another tool — a CloudFormation template (JSON or YAML), a
//! Terraform plan (`terraform show -json`), an OWASP Threat Dragon v2 model or an Open Threat
//! Model — told apart by its content, never by its extension, with the report of how each
//! element was read. [`ExportFormat`] lists what a review can be written as besides a review file
//! and a report, and [`ExportFormat::render`] writes it.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::{Finding, Pack};
use crate::iac::{IacError, Import, ImportReport, Mapping, MappingError};
use crate::interchange::{self, otm, threat_dragon, InterchangeError, ThreatModelMapping};
use crate::review::Review;
use crate::store::{self, StoreError};
use crate::ErrorCode;

/// The formats [`read_source`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    CloudFormation,
    TerraformPlan,
    ThreatDragon,
    Otm,
}

/// A source format with its name for people (the import report's headline).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceKindInfo {
    pub kind: SourceKind,
    pub name: &'static str,
}

impl SourceKind {
    /// Every format with its name.
    pub const INFO: [SourceKindInfo; 4] = [
        SourceKindInfo {
            kind: SourceKind::CloudFormation,
            name: "CloudFormation template",
        },
        SourceKindInfo {
            kind: SourceKind::TerraformPlan,
            name: "Terraform plan",
        },
        SourceKindInfo {
            kind: SourceKind::ThreatDragon,
            name: "Threat Dragon model",
        },
        SourceKindInfo {
            kind: SourceKind::Otm,
            name: "Open Threat Model",
        },
    ];
}

/// An imported file: the architecture with its report, and what the file was.
#[derive(Clone, Debug)]
pub struct Imported {
    pub import: Import,
    pub kind: SourceKind,
}

/// Why a file could not be imported or a review could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The file could not be read (missing, a directory, no permission, …) or written.
    #[error(transparent)]
    File(#[from] StoreError),
    #[error("\"{path}\" is not text (UTF-8): templates, plans and threat models are text files")]
    NotText { path: PathBuf },
    #[error("\"{path}\": {source}")]
    Template { path: PathBuf, source: IacError },
    #[error("\"{path}\": {source}")]
    ThreatModel {
        path: PathBuf,
        source: InterchangeError,
    },
    #[error("\"{path}\": {source}")]
    Mapping { path: PathBuf, source: MappingError },
    /// The custom lens would break the WA Tool's limits (the text lists each one).
    #[error("the custom lens breaks the WA Tool's limits, so it was not written:\n{0}")]
    LensLimits(String),
}

impl ExchangeError {
    /// The code of this kind of error (see [`crate::error`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            ExchangeError::File(e) => e.code(),
            ExchangeError::NotText { .. }
            | ExchangeError::Template { .. }
            | ExchangeError::ThreatModel { .. }
            | ExchangeError::Mapping { .. } => ErrorCode::ImportFailed,
            ExchangeError::LensLimits(_) => ErrorCode::ExportRefused,
        }
    }

    /// The file the message names (for the app to show the message rather than the summary).
    pub fn path(&self) -> Option<String> {
        match self {
            ExchangeError::File(e) => Some(e.path().display().to_string()),
            ExchangeError::NotText { path }
            | ExchangeError::Template { path, .. }
            | ExchangeError::ThreatModel { path, .. }
            | ExchangeError::Mapping { path, .. } => Some(path.display().to_string()),
            ExchangeError::LensLimits(_) => None,
        }
    }
}

/// Imports `path`, with the mapping files `mappings` merged over the built-in mapping of its
/// format (threat-model mappings for a threat model, resource-type mappings for a template or
/// plan). The file is only read.
pub fn read_source(path: &Path, mappings: &[PathBuf]) -> Result<Imported, ExchangeError> {
    let text = read_text(path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let template_error = |source| ExchangeError::Template {
        path: path.to_owned(),
        source,
    };
    if let Some(format) = interchange::detect(&text) {
        let mut mapping = ThreatModelMapping::builtin().map_err(builtin)?;
        for own in mappings {
            let parsed = ThreatModelMapping::parse(&read_text(own)?, &own.display().to_string())
                .map_err(|source| ExchangeError::Mapping {
                    path: own.clone(),
                    source,
                })?;
            mapping.merge(parsed);
        }
        let (imported, kind) = match format {
            interchange::Format::ThreatDragon => (
                threat_dragon::import_text(&text, &name, &mapping),
                SourceKind::ThreatDragon,
            ),
            interchange::Format::Otm => (otm::import_text(&text, &name, &mapping), SourceKind::Otm),
        };
        return imported
            .map(|import| Imported { import, kind })
            .map_err(|source| ExchangeError::ThreatModel {
                path: path.to_owned(),
                source,
            });
    }
    let mut own = Vec::with_capacity(mappings.len());
    for file in mappings {
        let parsed =
            Mapping::parse(&read_text(file)?, &file.display().to_string()).map_err(|source| {
                ExchangeError::Mapping {
                    path: file.clone(),
                    source,
                }
            })?;
        own.push(parsed);
    }
    let (import, format) = crate::iac::import_text(&text, &name, &own).map_err(template_error)?;
    let kind = match format {
        crate::iac::SourceFormat::CloudFormation => SourceKind::CloudFormation,
        crate::iac::SourceFormat::TerraformPlan => SourceKind::TerraformPlan,
    };
    Ok(Imported { import, kind })
}

fn builtin(source: MappingError) -> ExchangeError {
    ExchangeError::Mapping {
        path: PathBuf::from("(built-in mapping)"),
        source,
    }
}

/// The text of a regular file (never a pipe or a device, which could block).
fn read_text(path: &Path) -> Result<String, ExchangeError> {
    let (file, len) = store::open_regular_file(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(len)
        .read_to_end(&mut bytes)
        .map_err(|e| store::read_error(path, e))?;
    String::from_utf8(bytes).map_err(|_| ExchangeError::NotText {
        path: path.to_owned(),
    })
}

/// The findings about what one resource of an import became: the findings that rest on the
/// imported facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResourceFindings {
    pub logical_id: String,
    /// Finding ids, in the engine's order.
    pub findings: Vec<String>,
}

/// Per resource of `report` that drew components, the findings of `findings` about one of them
/// (a finding is about the components it names); findings `decided` says were decided are left
/// out. Resources without such findings are left out.
pub fn findings_by_resource(
    report: &ImportReport,
    findings: &[Finding],
    decided: impl Fn(&str) -> bool,
) -> Vec<ResourceFindings> {
    report
        .resources
        .iter()
        .filter_map(|resource| {
            let ids: Vec<String> = findings
                .iter()
                .filter(|f| !decided(&f.id))
                .filter(|f| {
                    f.components
                        .iter()
                        .any(|c| resource.components.iter().any(|r| r == c.as_str()))
                })
                .map(|f| f.id.clone())
                .collect();
            (!ids.is_empty()).then(|| ResourceFindings {
                logical_id: resource.logical_id.clone(),
                findings: ids,
            })
        })
        .collect()
}

/// The findings of [`findings_by_resource`] as text for people: a block per resource, a line
/// per finding (risk, title, message).
pub fn findings_text(by_resource: &[ResourceFindings], findings: &[Finding]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if by_resource.is_empty() {
        return out;
    }
    out.push_str("findings on what the import drew:\n");
    for entry in by_resource {
        let _ = writeln!(out, "{}:", entry.logical_id);
        for id in &entry.findings {
            if let Some(f) = findings.iter().find(|f| &f.id == id) {
                let _ = writeln!(out, "  [{}] {} ({id})", f.risk, f.message);
            }
        }
    }
    out
}

/// What a review can be exported as (besides a review file, which is Save As, and a report).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// Deterministic architecture JSON (the architecture alone).
    Json,
    /// The full review as JSON: architecture, findings with status, decisions, answers,
    /// milestones.
    ReviewJson,
    /// A Mermaid flowchart (boundaries as subgraphs), for Markdown documents.
    Mermaid,
    /// An OWASP Threat Dragon v2 model: components, flows and boundaries, the findings as
    /// threats.
    ThreatDragon,
    /// An Open Threat Model (JSON): trust zones, components, dataflows, the findings as threats
    /// and their fixes as mitigations.
    Otm,
    /// An AWS Well-Architected Tool custom lens (JSON) of the rule pack, to upload in the WA
    /// Tool.
    WaLens,
    /// The review's answers to that lens: one WA Tool UpdateAnswer body per question (JSON).
    WaAnswers,
    /// The same answers as a POSIX sh script of `aws wellarchitected update-answer` calls
    /// (arguments: WORKLOAD_ID LENS_ALIAS_OR_ARN).
    WaAnswersScript,
}

/// An export format as the app offers it: its name, what it holds and its file type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportFormatInfo {
    pub format: ExportFormat,
    /// The name in `lens export --to` (`threat-dragon`).
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// The file's extension, without the dot.
    pub extension: &'static str,
}

impl ExportFormat {
    /// Every format with its name, description and extension, in the order the app lists them.
    pub const INFO: [ExportFormatInfo; 8] = [
        ExportFormatInfo {
            format: ExportFormat::Json,
            id: "json",
            name: "Architecture JSON",
            description: "The architecture alone, in Lensboard's JSON interchange form.",
            extension: "json",
        },
        ExportFormatInfo {
            format: ExportFormat::ReviewJson,
            id: "review-json",
            name: "Review JSON",
            description: "The whole review: architecture, findings with their status, decisions, answers and milestones.",
            extension: "json",
        },
        ExportFormatInfo {
            format: ExportFormat::Mermaid,
            id: "mermaid",
            name: "Mermaid flowchart",
            description: "The drawing as a Mermaid flowchart, boundaries as subgraphs, for Markdown documents.",
            extension: "mmd",
        },
        ExportFormatInfo {
            format: ExportFormat::ThreatDragon,
            id: "threat-dragon",
            name: "OWASP Threat Dragon model",
            description: "Components, flows and boundaries as a Threat Dragon v2 model, the open findings as its threats.",
            extension: "json",
        },
        ExportFormatInfo {
            format: ExportFormat::Otm,
            id: "otm",
            name: "Open Threat Model (OTM)",
            description: "Trust zones, components and dataflows, the findings as threats and their fixes as mitigations.",
            extension: "json",
        },
        ExportFormatInfo {
            format: ExportFormat::WaLens,
            id: "wa-lens",
            name: "Well-Architected Tool custom lens",
            description: "The rule pack and checklist as a custom lens to upload in the AWS Well-Architected Tool.",
            extension: "json",
        },
        ExportFormatInfo {
            format: ExportFormat::WaAnswers,
            id: "wa-answers",
            name: "Well-Architected Tool answers",
            description: "This review's answers to that lens, one UpdateAnswer body per question.",
            extension: "json",
        },
        ExportFormatInfo {
            format: ExportFormat::WaAnswersScript,
            id: "wa-answers-script",
            name: "Well-Architected Tool answers script",
            description: "The same answers as a shell script of aws wellarchitected update-answer calls.",
            extension: "sh",
        },
    ];

    /// This format's entry of [`ExportFormat::INFO`].
    pub fn info(self) -> &'static ExportFormatInfo {
        Self::INFO
            .iter()
            .find(|i| i.format == self)
            .unwrap_or_else(|| unreachable!("every format has an entry"))
    }

    /// Whether the output depends on the rule pack (the findings or the lens), so that the
    /// team's own packs belong in it.
    pub fn uses_pack(self) -> bool {
        matches!(
            self,
            ExportFormat::WaLens
                | ExportFormat::WaAnswers
                | ExportFormat::WaAnswersScript
                | ExportFormat::ThreatDragon
                | ExportFormat::Otm
        )
    }

    /// `review` in this format, its findings evaluated with `pack`.
    pub fn render(self, review: &Review, pack: &Pack) -> Result<String, ExchangeError> {
        Ok(match self {
            ExportFormat::Json => crate::json::export_architecture(&review.architecture),
            ExportFormat::ReviewJson => crate::review::json::export_review(review, pack),
            ExportFormat::Mermaid => crate::report::mermaid(&review.architecture),
            ExportFormat::ThreatDragon => {
                let mapping = ThreatModelMapping::builtin().map_err(builtin)?;
                threat_dragon::export(review, pack, &mapping)
            }
            ExportFormat::Otm => otm::export(review, pack),
            ExportFormat::WaLens => crate::wa_lens::to_json(&crate::wa_lens::from_pack(pack))
                .map_err(|errors| ExchangeError::LensLimits(errors.to_string()))?,
            ExportFormat::WaAnswers => {
                crate::wa_lens::answers::to_json(&crate::wa_lens::answers::answers(review, pack))
            }
            ExportFormat::WaAnswersScript => {
                crate::wa_lens::answers::to_script(&crate::wa_lens::answers::answers(review, pack))
            }
        })
    }

    /// Writes `review` in this format to `path`, replacing it at once (a failed write leaves the
    /// previous file as it was).
    pub fn write(self, review: &Review, pack: &Pack, path: &Path) -> Result<(), ExchangeError> {
        let text = self.render(review, pack)?;
        store::write_atomically(path, |temp| {
            std::fs::write(temp, text.as_bytes()).map_err(store::WriteFailure::Io)
        })?;
        Ok(())
    }
}
