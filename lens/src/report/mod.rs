//! Reports of a review: self-contained HTML (with the diagram as inline SVG), Markdown and CSV,
//! for three audiences: engineering (every finding with its path and fix, the checklist), an
//! executive summary and a compliance view (`audience`).
//!
//! Each function takes the review and the pack and returns the whole document as a string, for
//! the CLI (`lens report`) and the app's Export. Findings are evaluated here and joined with the
//! review's decisions, so a report never shows stale findings.
//!
//! Review files come from other people: **every** piece of user text (names, labels, notes,
//! justifications, owners, ticket links) is escaped for the format it lands in — HTML and SVG
//! text are entity-escaped, Markdown is escaped for both Markdown and the HTML a renderer lets
//! through, CSV cells are quoted (RFC 4180) and guarded against spreadsheet formulas. The HTML
//! report has no scripts and loads nothing: one file that opens offline and prints to PDF.

mod audience;
pub mod csv;
mod html;
mod markdown;
pub mod mermaid;
mod page;
pub mod svg;

pub use csv::csv;
pub use html::html;
pub use markdown::markdown;
pub use mermaid::mermaid;

/// The executive summary (HTML): one page for business leaders.
pub fn executive_html(review: &Review, pack: &Pack, date: &str) -> String {
    audience::executive(review, pack, date).html()
}

/// The executive summary as Markdown.
pub fn executive_markdown(review: &Review, pack: &Pack, date: &str) -> String {
    audience::executive(review, pack, date).markdown()
}

/// The compliance view (HTML): decisions, accepted risks, evidence, changes.
pub fn compliance_html(review: &Review, pack: &Pack, date: &str) -> String {
    audience::compliance(review, pack, date).html()
}

/// The compliance view as Markdown.
pub fn compliance_markdown(review: &Review, pack: &Pack, date: &str) -> String {
    audience::compliance(review, pack, date).markdown()
}

use crate::engine::{evaluate, ChecklistItem, Pack};
use crate::practices::{Dimension, Risk};
use crate::review::answers::{PillarSummary, PracticeSummary};
use crate::review::{lens_summary, triage, LensSummary, Review, Triage};
use crate::review::{FindingStatus, ReviewedFinding};

/// What every report shows, computed once.
pub(crate) struct Context<'a> {
    pub review: &'a Review,
    pub pack: &'a Pack,
    pub triage: Triage,
    pub summary: LensSummary,
}

impl<'a> Context<'a> {
    pub fn new(review: &'a Review, pack: &'a Pack) -> Self {
        let findings = evaluate(&review.architecture, pack);
        let triage = triage(&findings, &review.decisions);
        let summary = lens_summary(&triage, &review.answers, pack);
        Self {
            review,
            pack,
            triage,
            summary,
        }
    }

    /// A component's label, or its id when it does not exist.
    pub fn label(&self, id: &crate::model::ComponentId) -> String {
        self.review
            .architecture
            .component(id)
            .map_or_else(|| id.to_string(), |c| c.label.clone())
    }

    /// The subject component of a finding with the service it was drawn as (`Docs — Amazon
    /// S3`), when it came from a service preset; `None` for any other finding.
    pub fn subject_service(&self, finding: &crate::engine::Finding) -> Option<String> {
        let c = self
            .review
            .architecture
            .component(finding.components.first()?)?;
        let preset = crate::catalog::Catalog::builtin().preset(c.preset.as_deref()?)?;
        Some(format!("{} — {}", c.label, preset.service))
    }

    pub fn latest_milestone(&self) -> Option<&str> {
        self.review.latest_milestone().map(|m| m.name.as_str())
    }

    /// The checklist questions of `pillar`'s best practices (those without one are left out),
    /// with the answer and note the review gives.
    pub fn checklist_rows<'s>(
        &'s self,
        pillar: &'s PillarSummary,
    ) -> impl Iterator<Item = ChecklistRow<'s>> + 's {
        pillar.practices.iter().filter_map(move |practice| {
            let item = practice.checklist_item.as_ref()?;
            let question = self
                .pack
                .checklist()
                .iter()
                .find(|i| &i.id == item)
                .map_or("", |i| i.question.as_str());
            Some(ChecklistRow {
                practice,
                question,
                answer: practice.answer.map_or("unanswered", |a| a.label()),
                note: self
                    .review
                    .answers
                    .get(item)
                    .map_or("", |a| a.note.as_str()),
            })
        })
    }
}

/// What a report says about one responsible-AI dimension: the open findings of the rules that
/// concern it and the checklist questions concerning it that nobody has answered yet.
pub(crate) struct DimensionRow<'a> {
    pub dimension: Dimension,
    pub findings: Vec<&'a ReviewedFinding>,
    pub questions: Vec<&'a ChecklistItem>,
}

impl DimensionRow<'_> {
    /// Open findings per risk: high, medium, low.
    pub fn risks(&self) -> [usize; 3] {
        Risk::ALL.map(|risk| {
            self.findings
                .iter()
                .filter(|f| f.finding.risk == risk)
                .count()
        })
    }
}

impl Context<'_> {
    /// Every dimension in the lens's order, each with its open findings (highest risk first, as
    /// triaged) and its unanswered checklist questions (in pack order). A finding or question
    /// that concerns several dimensions is listed under each; one that concerns none, nowhere.
    pub fn dimension_rows(&self) -> Vec<DimensionRow<'_>> {
        Dimension::ALL
            .into_iter()
            .map(|dimension| DimensionRow {
                dimension,
                findings: self
                    .triage
                    .findings
                    .iter()
                    .filter(|f| f.status == FindingStatus::Open)
                    .filter(|f| f.finding.dimensions.contains(&dimension))
                    .collect(),
                questions: self
                    .pack
                    .checklist()
                    .iter()
                    .filter(|c| c.dimensions.contains(&dimension))
                    .filter(|c| !self.review.answers.contains_key(&c.id))
                    .collect(),
            })
            .collect()
    }
}

/// How one report format writes the responsible-AI section; [`Context::write_dimensions`] walks
/// the dimensions once for every format. User text reaches the pieces unescaped: each escapes
/// it for its format.
pub(crate) struct DimensionsSection {
    /// The heading, the introduction and the opening of the counts table.
    pub heading: fn() -> String,
    /// A row of the counts table: the dimension's title, open findings per risk (high, medium,
    /// low) and unanswered questions.
    pub count_row: fn(&str, [usize; 3], usize) -> String,
    pub table_end: &'static str,
    /// The heading of one dimension's lists.
    pub dimension: fn(Dimension) -> String,
    /// A list's opening (from its caption) and end.
    pub list: fn(&str) -> String,
    pub list_end: &'static str,
    pub finding: fn(&crate::engine::Finding) -> String,
    pub question: fn(&ChecklistItem) -> String,
}

impl Context<'_> {
    /// Writes the responsible-AI section in the format `style` describes: the counts of every
    /// dimension in one table, then the lists of each dimension that has any.
    pub fn write_dimensions(&self, out: &mut String, style: &DimensionsSection) {
        let rows = self.dimension_rows();
        out.push_str(&(style.heading)());
        for row in &rows {
            let title = row.dimension.title();
            out.push_str(&(style.count_row)(title, row.risks(), row.questions.len()));
        }
        out.push_str(style.table_end);
        for row in rows
            .iter()
            .filter(|r| !r.findings.is_empty() || !r.questions.is_empty())
        {
            out.push_str(&(style.dimension)(row.dimension));
            let findings = row.findings.iter().map(|f| (style.finding)(&f.finding));
            let questions = row.questions.iter().map(|q| (style.question)(q));
            let lists: [(&str, Vec<String>); 2] = [
                ("Open findings:", findings.collect()),
                ("Unanswered checklist questions:", questions.collect()),
            ];
            for (caption, items) in lists.iter().filter(|(_, items)| !items.is_empty()) {
                out.push_str(&(style.list)(caption));
                items.iter().for_each(|item| out.push_str(item));
                out.push_str(style.list_end);
            }
        }
    }
}

/// What the responsible-AI section of every report says before its table.
pub(crate) const DIMENSIONS_INTRO: &str = "The Generative AI Lens's eight dimensions of \
    responsible AI, each with the open findings of the rules and the unanswered checklist \
    questions whose best practices concern it. One finding or question may concern several \
    dimensions, or none.";

/// One checklist question in a report.
pub(crate) struct ChecklistRow<'a> {
    pub practice: &'a PracticeSummary,
    pub question: &'a str,
    /// "yes", "no", "not applicable" or "unanswered".
    pub answer: &'static str,
    pub note: &'a str,
}

/// Escapes text for HTML and SVG element content and attribute values.
pub fn escape_html(text: &str) -> String {
    escape_with(text, |c, out| match c {
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
        c => out.push(c),
    })
}

/// `text` with the characters HTML gives a meaning (`&`, `<`, `>`) as entities, and every other
/// character written by `rest`: the part of escaping that the HTML and Markdown reports share.
pub(crate) fn escape_with(text: &str, rest: impl Fn(char, &mut String)) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => rest(c, &mut out),
        }
    }
    out
}

/// How one report format writes the findings section: the text of each piece escaped by the
/// format, placed by its own templates. [`Context::write_findings`] walks the findings (by
/// pillar) and the orphaned decisions once for every format.
pub(crate) struct FindingsSection {
    /// The section's heading and what it says when there is no finding.
    pub heading: &'static str,
    pub none: &'static str,
    /// A pillar's heading and the table that opens under it, from the pillar's title.
    pub pillar: fn(&str) -> String,
    pub table_end: &'static str,
    /// A finding's row, from its text (escaped) and the review's word on it.
    pub row: fn(&Context<'_>, &FindingText, &crate::review::ReviewedFinding) -> String,
    pub escape: fn(&str) -> String,
    /// The orphaned decisions: the heading with what opens the list, one decision, the end.
    pub orphans: &'static str,
    pub orphan: fn(&crate::review::Decision) -> String,
    pub orphans_end: &'static str,
}

/// Best-practice ids as links to their lens pages, by `link` (given the practice and its id
/// escaped), joined by commas; an id the lens does not have stays plain text.
pub(crate) fn practice_links(
    ids: &[String],
    escape: fn(&str) -> String,
    link: impl Fn(&crate::practices::BestPractice, &str) -> String,
) -> String {
    ids.iter()
        .map(|id| match crate::practices::get(id) {
            Some(bp) => link(bp, &escape(id)),
            None => escape(id),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A finding's text, each piece escaped for the report's format.
pub(crate) struct FindingText {
    pub risk: crate::practices::Risk,
    pub title: String,
    pub message: String,
    pub remediation: String,
    /// The finding id, not escaped: formats quote it their own way.
    pub id: String,
    /// The labels along the witness path; empty without one.
    pub path: Vec<String>,
    /// The subject component with its service ([`Context::subject_service`]), when it has one.
    pub subject: Option<String>,
}

impl Context<'_> {
    /// Writes the findings section of a report in the format `style` describes.
    pub fn write_findings(&self, out: &mut String, style: &FindingsSection) {
        out.push_str(style.heading);
        if self.triage.findings.is_empty() {
            out.push_str(style.none);
        }
        let e = style.escape;
        for (pillar, list) in findings_by_pillar(&self.triage) {
            out.push_str(&(style.pillar)(&e(pillar.title())));
            for reviewed in list {
                let f = &reviewed.finding;
                let text = FindingText {
                    risk: f.risk,
                    title: e(&f.title),
                    message: e(&f.message),
                    remediation: e(&f.remediation),
                    id: f.id.clone(),
                    path: f.path.iter().map(|c| e(&self.label(c))).collect(),
                    subject: self.subject_service(f).map(|s| e(&s)),
                };
                out.push_str(&(style.row)(self, &text, reviewed));
            }
            out.push_str(style.table_end);
        }
        if !self.triage.orphaned.is_empty() {
            out.push_str(style.orphans);
            for d in &self.triage.orphaned {
                out.push_str(&(style.orphan)(d));
            }
            out.push_str(style.orphans_end);
        }
    }
}

/// The findings of each pillar in pillar order, leaving out pillars without findings: how every
/// report lists them.
pub(crate) fn findings_by_pillar(
    triage: &Triage,
) -> Vec<(
    crate::practices::Pillar,
    Vec<&crate::review::ReviewedFinding>,
)> {
    crate::practices::Pillar::ALL
        .into_iter()
        .map(|pillar| {
            let list: Vec<_> = triage
                .findings
                .iter()
                .filter(|f| f.finding.pillar == pillar)
                .collect();
            (pillar, list)
        })
        .filter(|(_, list)| !list.is_empty())
        .collect()
}
