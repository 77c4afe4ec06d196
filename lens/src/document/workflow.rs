//! The review workflow on an open document: decisions on findings, checklist answers,
//! milestones and their differences, starter templates and report export.
//!
//! Decisions, answers and milestones are part of the review, not of the architecture: they are
//! not undo steps. Each change makes the document dirty (saved with the review, autosaved) and
//! bumps the revision, so the UI takes the new snapshot.

use std::path::Path;

use serde::Serialize;

use super::{Document, DocumentError};
use crate::diff::{self, Diff};
use crate::engine::Pack;
use crate::review::{
    self, lens_summary, Answer, AnswerValue, Decision, LensSummary, MilestoneInfo, Review,
};
use crate::templates;

/// A checklist question of the pack, for the lens view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChecklistQuestion {
    /// `genai/checklist/<slug>`.
    pub item: String,
    pub best_practice: String,
    /// The question a person answers.
    pub question: String,
}

/// Everything the lens view shows: the per-pillar summary, the checklist questions and the
/// answers given (with their notes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LensView {
    pub summary: LensSummary,
    pub questions: Vec<ChecklistQuestion>,
    pub answers: Vec<Answer>,
}

/// Who a report is for: the three audiences the Generative AI Lens speaks to.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Data scientists and engineers: every finding with its witness path and fix, the diagram,
    /// the checklist (HTML, Markdown or CSV).
    #[default]
    Engineering,
    /// Business leaders: one page of risk counts by pillar and dimension, the trend since the last milestone,
    /// the top five risks in plain words and the decisions pending (HTML or Markdown).
    Executive,
    /// Risk and compliance: every decision with owner, date, ticket and justification, accepted
    /// risks, the decision history, checklist evidence, changes since the last milestone (HTML or
    /// Markdown).
    Compliance,
}

/// An audience as the export dialog offers it: its name, what its report holds, and the formats
/// it can be written in (the first the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AudienceInfo {
    pub audience: Audience,
    pub name: &'static str,
    pub about: &'static str,
    pub formats: &'static [ReportFormat],
}

impl Audience {
    /// Every audience, engineering (the default) first.
    pub const INFO: [AudienceInfo; 3] = [
        AudienceInfo {
            audience: Audience::Engineering,
            name: "Engineering report",
            about: "Every finding with its path and fix, the diagram and the checklist.",
            formats: &[ReportFormat::Html, ReportFormat::Md, ReportFormat::Csv],
        },
        AudienceInfo {
            audience: Audience::Executive,
            name: "Executive summary",
            about: "One page: risks by pillar and dimension, the trend since the last milestone, the top five \
                    risks and the decisions pending.",
            formats: &[ReportFormat::Html, ReportFormat::Md],
        },
        AudienceInfo {
            audience: Audience::Compliance,
            name: "Compliance view",
            about: "Every decision with owner, date, ticket and justification, accepted risks, \
                    checklist evidence and the changes since the last milestone.",
            formats: &[ReportFormat::Html, ReportFormat::Md],
        },
    ];

    pub fn id(self) -> &'static str {
        match self {
            Audience::Engineering => "engineering",
            Audience::Executive => "executive",
            Audience::Compliance => "compliance",
        }
    }

    /// Whether this audience's report can be written as `format`.
    pub fn takes(self, format: ReportFormat) -> bool {
        Self::INFO
            .iter()
            .any(|i| i.audience == self && i.formats.contains(&format))
    }
}

/// The formats a report can be written in. A file's extension names its format
/// ([`ReportFormat::of_path`]); the app's export dialog and `lens report` both go by it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// One self-contained HTML file with the diagram; prints to PDF.
    #[default]
    Html,
    /// Markdown, with the diagram as a Mermaid block.
    #[value(name = "markdown")]
    Md,
    /// The findings as CSV.
    Csv,
}

/// A report format as a file type, for a save dialog's filters: its name and its extensions, the
/// first of them the one a new file gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReportFileType {
    pub format: ReportFormat,
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

impl ReportFormat {
    /// Every format as a file type, the default ([`ReportFormat::Html`]) first.
    pub const FILE_TYPES: [ReportFileType; 3] = [
        ReportFileType {
            format: ReportFormat::Html,
            name: "HTML report",
            extensions: &["html", "htm"],
        },
        ReportFileType {
            format: ReportFormat::Md,
            name: "Markdown report",
            extensions: &["md", "markdown"],
        },
        ReportFileType {
            format: ReportFormat::Csv,
            name: "CSV (findings)",
            extensions: &["csv"],
        },
    ];

    /// The format's name for people ("HTML", "Markdown", "CSV").
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Html => "HTML",
            ReportFormat::Md => "Markdown",
            ReportFormat::Csv => "CSV",
        }
    }

    /// The format a file's extension names (in any letter case), if it names one.
    pub fn of_path(path: &Path) -> Option<ReportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::FILE_TYPES
            .iter()
            .find(|t| t.extensions.contains(&ext.as_str()))
            .map(|t| t.format)
    }

    /// The report of `review` for `audience` with `pack`'s findings, dated `date`
    /// (`YYYY-MM-DD`); `None` when the format cannot hold that audience's report (CSV is the
    /// engineering findings table alone).
    pub fn render(
        self,
        audience: Audience,
        review: &Review,
        pack: &Pack,
        date: &str,
    ) -> Option<String> {
        use crate::report;
        if !audience.takes(self) {
            return None;
        }
        Some(match (audience, self) {
            (Audience::Engineering, ReportFormat::Html) => report::html(review, pack, date),
            (Audience::Engineering, ReportFormat::Md) => report::markdown(review, pack, date),
            (Audience::Engineering, ReportFormat::Csv) => report::csv(review, pack),
            (Audience::Executive, ReportFormat::Html) => report::executive_html(review, pack, date),
            (Audience::Executive, ReportFormat::Md) => {
                report::executive_markdown(review, pack, date)
            }
            (Audience::Compliance, ReportFormat::Html) => {
                report::compliance_html(review, pack, date)
            }
            (Audience::Compliance, ReportFormat::Md) => {
                report::compliance_markdown(review, pack, date)
            }
            (Audience::Executive | Audience::Compliance, ReportFormat::Csv) => return None,
        })
    }
}

impl Document {
    /// A new, untitled review of the starter template `id` (clean: nothing is lost by closing it).
    pub fn from_template(id: &str) -> Result<Self, DocumentError> {
        let template = templates::template(id).ok_or_else(|| DocumentError::UnknownTemplate {
            id: id.to_owned(),
            available: templates::templates().iter().map(|t| t.id).collect(),
        })?;
        let architecture =
            template
                .architecture()
                .map_err(|source| DocumentError::BrokenTemplate {
                    id: id.to_owned(),
                    source,
                })?;
        Ok(Self::new(Review::new(architecture)))
    }

    /// The review changed outside the architecture's undo history: dirty until saved.
    pub(super) fn review_changed(&mut self) {
        self.saved_state = None;
        self.revision = self.revision.wrapping_add(1);
    }

    /// Records a decision on a finding (replacing its previous one); validated first.
    pub fn decide(&mut self, decision: Decision) -> Result<(), DocumentError> {
        self.review.decide(decision)?;
        self.review_changed();
        Ok(())
    }

    /// Sets a finding back to open. Returns whether it had a decision (nothing changes if not).
    pub fn reopen(&mut self, finding: &str, owner: &str) -> bool {
        let reopened = self
            .review
            .reopen(finding, owner, &review::decisions::today())
            .is_some();
        if reopened {
            self.review_changed();
        }
        reopened
    }

    /// Answers a checklist question of the document's pack; `None` removes the answer.
    pub fn answer(
        &mut self,
        item: &str,
        answer: Option<AnswerValue>,
        note: &str,
    ) -> Result<(), DocumentError> {
        match answer {
            Some(answer) => self.review.answer(
                &self.pack,
                Answer {
                    item: item.to_owned(),
                    answer,
                    note: note.trim().to_owned(),
                },
            )?,
            None => {
                if self.review.unanswer(item).is_none() {
                    return Ok(());
                }
            }
        }
        self.review_changed();
        Ok(())
    }

    /// The lens summary, checklist questions and answers, for the lens view.
    pub fn lens_view(&self) -> LensView {
        let triage = review::triage(&self.findings, &self.review.decisions);
        LensView {
            summary: lens_summary(&triage, &self.review.answers, &self.pack),
            questions: self
                .pack
                .checklist()
                .iter()
                .map(|i| ChecklistQuestion {
                    item: i.id.clone(),
                    best_practice: i.best_practice.clone(),
                    question: i.question.clone(),
                })
                .collect(),
            answers: self.review.answers.values().cloned().collect(),
        }
    }

    /// Saves the review as it is now as the milestone `name`, taken at `created_at` (unix s).
    pub fn add_milestone(&mut self, name: &str, created_at: i64) -> Result<(), DocumentError> {
        self.review.add_milestone(name, created_at)?;
        self.review_changed();
        Ok(())
    }

    /// Saves the review as it is now as the milestone `name`, taken now.
    pub fn add_milestone_now(&mut self, name: &str) -> Result<(), DocumentError> {
        self.add_milestone(name, review::unix_now())
    }

    /// The review's milestones, oldest first.
    pub fn milestones(&self) -> Vec<MilestoneInfo> {
        self.review.milestone_infos()
    }

    /// What changed from `before` to `after`, each a milestone name or `None` for the review as
    /// it is now. Findings of both sides are computed with the document's pack.
    pub fn diff(&self, before: Option<&str>, after: Option<&str>) -> Result<Diff, DocumentError> {
        let side = |name: Option<&str>| -> Result<&crate::Architecture, DocumentError> {
            match name {
                Some(name) => Ok(&self.review.find_milestone(name)?.snapshot.architecture),
                None => Ok(&self.review.architecture),
            }
        };
        Ok(diff::diff(side(before)?, side(after)?, &self.pack))
    }

    /// The review as a report in `format`, dated `date` (`YYYY-MM-DD`).
    pub fn report(
        &self,
        audience: Audience,
        format: ReportFormat,
        date: &str,
    ) -> Result<String, DocumentError> {
        format
            .render(audience, &self.review, &self.pack, date)
            .ok_or(DocumentError::ReportFormat { audience, format })
    }

    /// Writes the report, dated today, to `path` in the format its extension names; HTML when
    /// it names none (the export dialog offers HTML first, and a name typed without an
    /// extension means the first filter). The document's file and dirty state are not touched.
    /// Returns the format written.
    pub fn export_report(
        &self,
        path: &Path,
        audience: Audience,
    ) -> Result<ReportFormat, DocumentError> {
        let format = ReportFormat::of_path(path).unwrap_or_default();
        let text = self.report(audience, format, &review::decisions::today())?;
        std::fs::write(path, text).map_err(|source| DocumentError::Io {
            path: path.to_owned(),
            source,
        })?;
        Ok(format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::DecisionStatus;

    fn template_doc() -> Document {
        let id = templates::templates()[0].id;
        Document::from_template(id).unwrap()
    }

    fn false_positive(finding: &str, justification: &str) -> Decision {
        Decision {
            finding: finding.to_owned(),
            status: DecisionStatus::FalsePositive,
            justification: justification.to_owned(),
            owner: "Ana".to_owned(),
            date: "2026-11-25".to_owned(),
            ticket: None,
        }
    }

    #[test]
    fn a_template_opens_untitled_and_clean_with_findings() {
        let doc = template_doc();
        assert_eq!(doc.path(), None);
        assert!(!doc.is_dirty());
        assert!(
            !doc.findings().is_empty(),
            "every template has deliberate gaps"
        );
    }

    #[test]
    fn an_unknown_template_is_refused_with_its_own_code() {
        let err = Document::from_template("no-such-template").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnknownTemplate);
        assert!(err.to_string().contains("no-such-template"));
    }

    #[test]
    fn a_decision_lowers_the_open_counts_dirties_the_document_and_survives_save_and_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.lensboard");
        let mut doc = template_doc();
        doc.save_as(&path).unwrap();
        let before = doc.snapshot();
        let finding = before.findings[0].clone();
        let open_before = before.summary.high + before.summary.medium + before.summary.low;

        doc.decide(false_positive(&finding.id, "the gateway filters it"))
            .unwrap();
        let after = doc.snapshot();
        assert!(after.dirty);
        assert!(after.revision > before.revision);
        assert_eq!(
            after.summary.high + after.summary.medium + after.summary.low,
            open_before - 1
        );

        doc.save().unwrap();
        let reopened = Document::open(&path).unwrap().snapshot();
        assert_eq!(reopened.decisions.len(), 1);
        assert_eq!(reopened.decisions[0].finding, finding.id);
    }

    #[test]
    fn a_false_positive_without_justification_is_refused_and_changes_nothing() {
        let mut doc = template_doc();
        let id = doc.findings()[0].id.clone();
        let err = doc.decide(false_positive(&id, "  ")).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::JustificationRequired);
        assert!(!doc.is_dirty());
        assert!(doc.snapshot().decisions.is_empty());
    }

    #[test]
    fn reopening_a_decided_finding_makes_it_open_again() {
        let mut doc = template_doc();
        let id = doc.findings()[0].id.clone();
        doc.decide(false_positive(&id, "not reachable")).unwrap();
        assert!(doc.reopen(&id, "Ana"));
        assert!(doc.snapshot().decisions.is_empty());
        assert!(!doc.reopen(&id, "Ana"), "no decision left to remove");
    }

    #[test]
    fn a_milestone_diff_shows_a_removed_component_and_its_findings_resolved() {
        let mut doc = template_doc();
        doc.add_milestone("first", 1_764_000_000).unwrap();
        assert_eq!(doc.milestones()[0].name, "first");
        let subject = doc.findings()[0].components[0].clone();
        doc.apply(crate::document::Edit::RemoveComponent {
            id: subject.clone(),
        })
        .unwrap();
        let diff = doc.diff(Some("first"), None).unwrap();
        assert_eq!(diff.components.removed, vec![subject.to_string()]);
        assert!(!diff.findings.resolved.is_empty());
        let err = doc.diff(Some("nope"), None).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnknownMilestone);
    }

    #[test]
    fn an_answer_to_a_checklist_question_is_in_the_lens_view_and_can_be_removed() {
        let mut doc = template_doc();
        let view = doc.lens_view();
        assert_eq!(view.summary.best_practices, 51);
        let item = view.questions[0].item.clone();
        doc.answer(&item, Some(AnswerValue::Yes), " done ").unwrap();
        let view = doc.lens_view();
        assert_eq!(view.answers[0].note, "done");
        assert_eq!(
            view.summary.unanswered + 1,
            doc.lens_view().questions.len() as u32
        );
        doc.answer(&item, None, "").unwrap();
        assert!(doc.lens_view().answers.is_empty());
        let err = doc
            .answer("genai/checklist/nope", Some(AnswerValue::No), "")
            .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnknownChecklistItem);
    }

    #[test]
    fn a_report_is_written_in_the_format_its_extension_names() {
        let dir = tempfile::tempdir().unwrap();
        let doc = template_doc();
        for (name, format) in [
            ("r.html", ReportFormat::Html),
            ("r.HTM", ReportFormat::Html),
            ("r.md", ReportFormat::Md),
            ("r.markdown", ReportFormat::Md),
            ("r.csv", ReportFormat::Csv),
            ("report", ReportFormat::Html),
            ("r.txt", ReportFormat::Html),
        ] {
            let path = dir.path().join(name);
            assert_eq!(
                doc.export_report(&path, Audience::Engineering).unwrap(),
                format,
                "{name}"
            );
            let today = review::decisions::today();
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                doc.report(Audience::Engineering, format, &today).unwrap(),
                "{name}"
            );
        }
        assert!(!doc.is_dirty());
    }

    #[test]
    fn the_executive_and_compliance_reports_are_html_or_markdown_and_csv_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let doc = template_doc();
        for audience in [Audience::Executive, Audience::Compliance] {
            for name in ["r.html", "r.md"] {
                let path = dir.path().join(name);
                doc.export_report(&path, audience).unwrap();
                let text = std::fs::read_to_string(&path).unwrap();
                let kind = match audience {
                    Audience::Executive => "Executive summary",
                    _ => "Compliance view",
                };
                assert!(text.contains(kind), "{name}: {text}");
            }
            let csv = dir.path().join(format!("{}.csv", audience.id()));
            let err = doc.export_report(&csv, audience).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::ReportFormat);
            assert!(err.to_string().contains(audience.id()), "{err}");
            assert!(!csv.exists(), "nothing is written");
        }
    }

    #[test]
    fn every_audience_renders_exactly_the_formats_it_offers() {
        let doc = template_doc();
        assert_eq!(Audience::INFO[0].audience, Audience::default());
        for info in Audience::INFO {
            for t in ReportFormat::FILE_TYPES {
                let rendered = doc.report(info.audience, t.format, "2026-12-03").is_ok();
                assert_eq!(rendered, info.formats.contains(&t.format), "{info:?} {t:?}");
            }
        }
    }

    #[test]
    fn every_format_is_a_file_type_once_and_html_comes_first() {
        assert_eq!(ReportFormat::FILE_TYPES[0].format, ReportFormat::default());
        for t in ReportFormat::FILE_TYPES {
            assert_eq!(
                ReportFormat::FILE_TYPES
                    .iter()
                    .filter(|o| o.format == t.format)
                    .count(),
                1
            );
            let first = Path::new("r").with_extension(t.extensions[0]);
            assert_eq!(ReportFormat::of_path(&first), Some(t.format));
        }
        assert_eq!(ReportFormat::of_path(Path::new("r")), None);
    }
}
