//! The Markdown report: the HTML report's content without the diagram drawing (a Mermaid block of
//! the architecture instead, which GitHub and many editors render).

use std::fmt::Write as _;

use super::Context;
use crate::engine::Pack;
use crate::practices;
use crate::review::Review;

/// Escapes user text for a Markdown table cell or paragraph: Markdown punctuation gets a
/// backslash, the HTML a renderer would pass through becomes entities, line breaks become spaces.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A validated http(s) URL as a Markdown link target: the characters that could end the target
/// or start markup are percent-encoded.
fn link_target(url: &str) -> String {
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
    ids.iter()
        .map(|id| match practices::get(id) {
            Some(bp) => format!("[{}]({})", escape_markdown(id), bp.url),
            None => escape_markdown(id),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

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
    out.push_str("```\n\n## Findings\n\n");
    if cx.triage.findings.is_empty() {
        out.push_str("No findings.\n\n");
    }
    for (pillar, list) in super::findings_by_pillar(&cx.triage) {
        let _ = writeln!(out, "### {}\n", m(pillar.title()));
        out.push_str("| Risk | Finding | Best practices | Status |\n| --- | --- | --- | --- |\n");
        for f in list {
            let fi = &f.finding;
            let status = match &f.decision {
                None => "open".to_owned(),
                Some(d) => format!(
                    "{}: {} ({}, {}){}",
                    f.status.label(),
                    m(&d.justification),
                    m(&d.owner),
                    m(&d.date),
                    d.ticket
                        .as_ref()
                        .map_or(String::new(), |t| format!(" [ticket]({})", link_target(t)))
                ),
            };
            let _ = writeln!(
                out,
                "| {} | **{}** — {} Fix: {} `{}` | {} | {} |",
                fi.risk.id(),
                m(&fi.title),
                m(&fi.message),
                m(&fi.remediation),
                fi.id.replace('`', "'"),
                practice_links(&fi.best_practices),
                status
            );
        }
        out.push('\n');
    }
    if !cx.triage.orphaned.is_empty() {
        out.push_str("### Decisions on findings that no longer exist\n\n");
        for d in &cx.triage.orphaned {
            let _ = writeln!(
                out,
                "- `{}`: {} — {} ({}, {})",
                d.finding.replace('`', "'"),
                d.status.id(),
                m(&d.justification),
                m(&d.owner),
                m(&d.date)
            );
        }
        out.push('\n');
    }

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
