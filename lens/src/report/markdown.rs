//! The Markdown report: the HTML report's content without the diagram drawing (a Mermaid block of
//! the architecture instead, which GitHub and many editors render).

use std::fmt::Write as _;

use super::{Context, DimensionsSection, FindingText, FindingsSection};
use crate::engine::Pack;
use crate::review::{Review, ReviewedFinding};

/// Escapes user text for a Markdown table cell or paragraph: Markdown punctuation gets a
/// backslash, the HTML a renderer would pass through becomes entities, line breaks become spaces.
pub fn escape_markdown(text: &str) -> String {
    super::escape_with(text, |c, out| match c {
        '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' | '(' | ')' => {
            out.push('\\');
            out.push(c);
        }
        '\n' | '\r' | '\t' => out.push(' '),
        c if c.is_control() => out.push('\u{FFFD}'),
        c => out.push(c),
    })
}

/// A validated http(s) URL as a Markdown link target: the characters that could end the target
/// or start markup are percent-encoded.
pub(super) fn link_target(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' | ')' | '<' | '>' | '"' | '\'' | '\\' | '`' | ' ' | '[' | ']' | '|' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn practice_links(ids: &[String]) -> String {
    super::practice_links(ids, escape_markdown, |bp, id| format!("[{id}]({})", bp.url))
}

/// The Markdown findings section: a table per pillar, the orphaned decisions as a list.
const FINDINGS: FindingsSection = FindingsSection {
    heading: "## Findings\n\n",
    none: "No findings.\n\n",
    pillar: |title| {
        format!(
            "### {title}\n\n| Risk | Finding | Best practices | Status |\n| --- | --- | --- | --- |\n"
        )
    },
    table_end: "\n",
    row: finding_row,
    escape: escape_markdown,
    orphans: "### Decisions on findings that no longer exist\n\n",
    orphan: |d| {
        format!(
            "- `{}`: {} — {} ({}, {})\n",
            d.finding.replace('`', "'"),
            d.status.id(),
            escape_markdown(&d.justification),
            escape_markdown(&d.owner),
            escape_markdown(&d.date)
        )
    },
    orphans_end: "\n",
};

/// One finding's row: risk, the finding with its fix and id, best practices, status.
fn finding_row(_: &Context, t: &FindingText, f: &ReviewedFinding) -> String {
    let status = match &f.decision {
        None => "open".to_owned(),
        Some(d) => {
            let ticket = d
                .ticket
                .as_ref()
                .map_or(String::new(), |t| format!(" [ticket]({})", link_target(t)));
            format!(
                "{}: {} ({}, {}){ticket}",
                f.status.label(),
                escape_markdown(&d.justification),
                escape_markdown(&d.owner),
                escape_markdown(&d.date),
            )
        }
    };
    format!(
        "| {risk} | **{title}** — {message}{subject} Fix: {fix} `{id}` | {links} | {status} |\n",
        subject = t
            .subject
            .as_ref()
            .map_or(String::new(), |s| format!(" (component: {s})")),
        risk = t.risk.id(),
        title = t.title,
        message = t.message,
        fix = t.remediation,
        id = t.id.replace('`', "'"),
        links = practice_links(&f.finding.best_practices),
    )
}

/// The Markdown responsible-AI section: a counts table, then bulleted lists per dimension.
const DIMENSIONS: DimensionsSection = DimensionsSection {
    heading: || {
        format!(
            "## Responsible AI\n\n{}\n\n| Dimension | High | Medium | Low | Unanswered questions |\n\
             | --- | ---: | ---: | ---: | ---: |\n",
            super::DIMENSIONS_INTRO
        )
    },
    count_row: |title, [high, medium, low], questions| {
        format!("| {title} | {high} | {medium} | {low} | {questions} |\n")
    },
    table_end: "\n",
    dimension: |d| format!("### {}\n\n", d.title()),
    list: |caption| format!("{caption}\n\n"),
    list_end: "\n",
    finding: |f| {
        format!(
            "- {} **{}** — {} `{}`\n",
            f.risk.id(),
            escape_markdown(&f.title),
            escape_markdown(&f.message),
            f.id.replace('`', "'")
        )
    },
    question: |q| {
        format!(
            "- {} {}\n",
            practice_links(std::slice::from_ref(&q.best_practice)),
            escape_markdown(&q.question)
        )
    },
};

/// The Markdown report of `review`, evaluated with `pack`, dated `date` (`YYYY-MM-DD`).
pub fn markdown(review: &Review, pack: &Pack, date: &str) -> String {
    let cx = Context::new(review, pack);
    let m = escape_markdown;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", m(review.architecture.name()));
    let _ = writeln!(
        out,
        "Generative AI Lens review · {} · report of {}\n",
        match cx.latest_milestone() {
            Some(name) => format!("milestone “{}”", m(name)),
            None => "no milestone".to_owned(),
        },
        m(date)
    );

    let s = &cx.summary;
    out.push_str("## Summary\n\n");
    let _ = writeln!(
        out,
        "{} decided finding(s); {} checklist question(s) unanswered; coverage {} of {} best practices ({}%).\n",
        cx.triage.summary.decided,
        s.unanswered,
        s.addressed,
        s.best_practices,
        s.coverage_percent()
    );
    out.push_str("| Pillar | High | Medium | Low | Unanswered | Addressed |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for p in &s.pillars {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} of {} | {} of {} |",
            m(&p.title),
            p.high,
            p.medium,
            p.low,
            p.unanswered,
            p.questions,
            p.addressed,
            p.best_practices
        );
    }

    out.push_str("\n## Architecture\n\n```mermaid\n");
    out.push_str(&super::mermaid(&review.architecture));
    out.push_str("```\n\n");
    cx.write_findings(&mut out, &FINDINGS);
    cx.write_dimensions(&mut out, &DIMENSIONS);

    out.push_str("## Checklist\n\n");
    for p in &s.pillars {
        let _ = writeln!(out, "### {}\n", m(&p.title));
        out.push_str("| Best practice | Question | Answer | Note |\n| --- | --- | --- | --- |\n");
        for row in cx.checklist_rows(p) {
            let _ = writeln!(
                out,
                "| {} {} ({}) | {} | {} | {} |",
                practice_links(std::slice::from_ref(&row.practice.best_practice)),
                m(&row.practice.title),
                row.practice.risk_if_missing.id(),
                m(row.question),
                row.answer,
                m(row.note)
            );
        }
        out.push('\n');
    }
    out
}
