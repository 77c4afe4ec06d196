//! Reports of a review: self-contained HTML (with the diagram as inline SVG), Markdown and CSV.
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

pub mod csv;
mod html;
mod markdown;
pub mod mermaid;
pub mod svg;

pub use csv::csv;
pub use html::html;
pub use markdown::markdown;
pub use mermaid::mermaid;

use crate::engine::{evaluate, Pack};
use crate::review::answers::{PillarSummary, PracticeSummary};
use crate::review::{lens_summary, triage, LensSummary, Review, Triage};

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
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
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
