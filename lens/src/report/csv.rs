//! The findings as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or
//! line breaks quoted, quotes doubled), one row per finding with its status and decision.
//!
//! Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) get a leading `'`, the OWASP guard against CSV injection.

use super::Context;
use crate::engine::Pack;
use crate::review::Review;

const HEADER: [&str; 13] = [
    "id",
    "rule",
    "pillar",
    "risk",
    "best_practices",
    "components",
    "title",
    "message",
    "status",
    "justification",
    "owner",
    "date",
    "ticket",
];

/// One CSV cell: guarded against formulas, quoted when needed.
pub fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The findings of `review` (evaluated with `pack`) as CSV.
pub fn csv(review: &Review, pack: &Pack) -> String {
    let cx = Context::new(review, pack);
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for f in &cx.triage.findings {
        let fi = &f.finding;
        let d = f.decision.as_ref();
        let components: Vec<&str> = fi.components.iter().map(|c| c.as_str()).collect();
        let row = [
            fi.id.as_str(),
            &fi.rule,
            fi.pillar.id(),
            fi.risk.id(),
            &fi.best_practices.join(" "),
            &components.join(" "),
            &fi.title,
            &fi.message,
            f.status.id(),
            d.map_or("", |d| d.justification.as_str()),
            d.map_or("", |d| d.owner.as_str()),
            d.map_or("", |d| d.date.as_str()),
            d.and_then(|d| d.ticket.as_deref()).unwrap_or(""),
        ]
        .map(cell);
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
