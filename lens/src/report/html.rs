//! The HTML report: one self-contained file (inline CSS with a print stylesheet, the diagram as
//! inline SVG, no scripts, no external resources).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{escape_html as e, svg, Context, DimensionsSection, FindingText, FindingsSection};
use crate::engine::Pack;
use crate::practices::Risk;
use crate::review::{FindingStatus, Review, ReviewedFinding};

pub(super) const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1d2733; margin: 0 auto; max-width: 1180px; padding: 24px 32px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 28px 0 8px;
     border-bottom: 2px solid #dfe5ec; padding-bottom: 4px; } h3 { font-size: 16px; margin: 18px 0 6px; }
.meta { color: #5f6b7a; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #dfe5ec; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f3f6fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } td.nowrap { white-space: nowrap; }
.risk { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 12px; font-weight: 600; }
.risk-high { background: #fde2e1; color: #a31515; } .risk-medium { background: #fff1d6; color: #8a5300; }
.risk-low { background: #fdf9d2; color: #6b6200; }
.status { font-size: 12px; font-weight: 600; } .status-open { color: #a31515; } .status-decided { color: #1f6f3a; }
.meter { background: #e6ebf1; border-radius: 4px; height: 10px; width: 140px; display: inline-block;
         vertical-align: middle; margin-right: 6px; }
.meter > span { display: block; height: 10px; border-radius: 4px; background: #2e7d32; }
.diagram-box { border: 1px solid #dfe5ec; border-radius: 6px; padding: 8px; overflow-x: auto; }
svg.diagram { max-width: 100%; height: auto; font-family: inherit; }
.legend span { margin-right: 14px; font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; border: 2px solid; vertical-align: -2px; margin-right: 4px; }
.muted { color: #5f6b7a; } .note { white-space: pre-wrap; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; } tr, .diagram-box, svg.diagram { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .diagram-box { border: none; overflow: visible; }
  @page { margin: 14mm; }
}
"#;

/// The HTML report of `review`, evaluated with `pack`, dated `date` (`YYYY-MM-DD`).
pub fn html(review: &Review, pack: &Pack, date: &str) -> String {
    let cx = Context::new(review, pack);
    let mut h = String::new();
    let name = e(review.architecture.name());
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{name} — Generative AI Lens review</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{name}</h1>\n<p class=\"meta\">Generative AI Lens review · {}{} · report of {}</p>\n",
        match cx.latest_milestone() {
            Some(m) => format!("milestone “{}”", e(m)),
            None => "no milestone".to_owned(),
        },
        match &review.saved {
            Some(s) => format!(" · saved {}", crate::review::decisions::local_date_of(s.modified_at)),
            None => String::new(),
        },
        e(date),
    );

    summary(&mut h, &cx);
    diagram(&mut h, &cx);
    cx.write_findings(&mut h, &FINDINGS);
    cx.write_dimensions(&mut h, &DIMENSIONS);
    checklist(&mut h, &cx);
    h.push_str("</body>\n</html>\n");
    h
}

fn risk_badge(risk: Risk) -> String {
    format!("<span class=\"risk risk-{0}\">{0}</span>", risk.id())
}

fn summary(h: &mut String, cx: &Context) {
    let s = &cx.summary;
    let t = &cx.triage.summary;
    let _ = write!(
        h,
        "<h2>Summary</h2>\n<p>{} open high, {} open medium and {} open low risks; {} decided \
         finding{}; {} of {} checklist questions unanswered. Coverage: {} of {} best practices \
         addressed ({}%).</p>\n",
        s.pillars.iter().map(|p| p.high).sum::<u32>(),
        s.pillars.iter().map(|p| p.medium).sum::<u32>(),
        s.pillars.iter().map(|p| p.low).sum::<u32>(),
        t.decided,
        if t.decided == 1 { "" } else { "s" },
        s.unanswered,
        s.pillars.iter().map(|p| p.questions).sum::<u32>(),
        s.addressed,
        s.best_practices,
        s.coverage_percent(),
    );
    h.push_str(
        "<table class=\"pillars\">\n<tr><th>Pillar</th><th>High</th><th>Medium</th><th>Low</th>\
         <th>Unanswered</th><th>Coverage</th></tr>\n",
    );
    for p in &s.pillars {
        let percent = (p.addressed * 100)
            .checked_div(p.best_practices)
            .unwrap_or(0);
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{} of {}</td><td><span class=\"meter\"><span style=\"width:{percent}%\"></span></span>\
             {} of {}</td></tr>",
            e(&p.title),
            p.high,
            p.medium,
            p.low,
            p.unanswered,
            p.questions,
            p.addressed,
            p.best_practices
        );
    }
    h.push_str("</table>\n<p class=\"muted\">Risks are open findings plus checklist questions answered “no” (at the best practice's risk level). A best practice is addressed when its question is answered yes or not applicable, or when rules check it and none of its findings is open (and it is not answered no).</p>\n");
}

fn diagram(h: &mut String, cx: &Context) {
    let mut risk = BTreeMap::new();
    for f in cx
        .triage
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Open)
    {
        if let Some(subject) = f.finding.components.first() {
            let r = risk.entry(subject.clone()).or_insert(f.finding.risk);
            *r = (*r).max(f.finding.risk);
        }
    }
    h.push_str("<h2>Architecture</h2>\n<div class=\"diagram-box\">\n");
    h.push_str(&svg::diagram(&cx.review.architecture, &risk));
    h.push_str(
        "</div>\n<p class=\"legend\"><span><i class=\"swatch\" style=\"background:#fde2e1;border-color:#c62828\"></i>high open risk</span>\
         <span><i class=\"swatch\" style=\"background:#fff1d6;border-color:#e08a00\"></i>medium</span>\
         <span><i class=\"swatch\" style=\"background:#fdf9d2;border-color:#a89a00\"></i>low</span>\
         <span><i class=\"swatch\" style=\"background:#fff;border-color:#5f6b7a\"></i>no open finding</span></p>\n",
    );
}

fn practice_links(ids: &[String]) -> String {
    super::practice_links(ids, e, |bp, id| {
        format!(
            "<a href=\"{}\" title=\"{}\">{id}</a>",
            e(&bp.url),
            e(&bp.title)
        )
    })
}

/// The HTML findings section: a table per pillar, the orphaned decisions in one more.
const FINDINGS: FindingsSection = FindingsSection {
    heading: "<h2>Findings</h2>\n",
    none: "<p>No findings.</p>\n",
    pillar: |title| {
        format!(
            "<h3>{title}</h3>\n<table class=\"findings\">\n<tr><th>Risk</th><th>Finding</th>\
             <th>Best practices</th><th>Status</th></tr>\n"
        )
    },
    table_end: "</table>\n",
    row: finding_row,
    escape: e,
    orphans: "<h3>Decisions on findings that no longer exist</h3>\n<table>\n<tr><th>Finding</th>\
              <th>Status</th><th>Justification</th><th>Owner</th><th>Date</th></tr>\n",
    orphan: |d| {
        format!(
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"note\">{}</td><td>{}</td>\
             <td>{}</td></tr>\n",
            e(&d.finding),
            e(FindingStatus::from(d.status).label()),
            e(&d.justification),
            e(&d.owner),
            e(&d.date)
        )
    },
    orphans_end: "</table>\n",
};

/// One finding's row: risk, the finding with its path and fix, best practices, status.
fn finding_row(_: &Context, t: &FindingText, f: &ReviewedFinding) -> String {
    let path = match t.path.is_empty() {
        true => String::new(),
        false => format!(
            "<br><span class=\"muted\">path: {}</span>",
            t.path.join(" → ")
        ),
    };
    let status = match &f.decision {
        None => "<span class=\"status status-open\">open</span>".to_owned(),
        Some(d) => {
            let justification = match d.justification.is_empty() {
                true => String::new(),
                false => format!("<span class=\"note\">{}</span>", e(&d.justification)),
            };
            let ticket = d.ticket.as_ref().map_or(String::new(), |t| {
                format!("<br><a href=\"{0}\">{0}</a>", e(t))
            });
            format!(
                "<span class=\"status status-decided\">{}</span><br>{justification}<br>\
                 <span class=\"muted\">{} · {}</span>{ticket}",
                e(f.status.label()),
                e(&d.owner),
                e(&d.date),
            )
        }
    };
    let subject = t.subject.as_ref().map_or(String::new(), |s| {
        format!("<br><span class=\"muted\">component: {s}</span>")
    });
    format!(
        "<tr><td>{badge}</td><td><strong>{title}</strong><br>{message}{subject}{path}<br>\
         <span class=\"muted\">fix: {fix}</span><br><code class=\"muted\">{id}</code></td>\
         <td>{links}</td><td>{status}</td></tr>\n",
        badge = risk_badge(t.risk),
        title = t.title,
        message = t.message,
        fix = t.remediation,
        id = e(&t.id),
        links = practice_links(&f.finding.best_practices),
    )
}

/// The HTML responsible-AI section: a counts table, then lists per dimension (each heading with
/// an anchor, `#dimension-<id>`).
const DIMENSIONS: DimensionsSection = DimensionsSection {
    heading: || {
        format!(
            "<h2>Responsible AI</h2>\n<p class=\"muted\">{}</p>\n<table class=\"dimensions\">\n\
             <tr><th>Dimension</th><th>High</th><th>Medium</th><th>Low</th>\
             <th>Unanswered questions</th></tr>\n",
            e(super::DIMENSIONS_INTRO)
        )
    },
    count_row: |title, [high, medium, low], questions| {
        format!(
            "<tr><td>{}</td><td class=\"num\">{high}</td><td class=\"num\">{medium}</td>\
             <td class=\"num\">{low}</td><td class=\"num\">{questions}</td></tr>\n",
            e(title)
        )
    },
    table_end: "</table>\n",
    dimension: |d| format!("<h3 id=\"dimension-{}\">{}</h3>\n", d.id(), e(d.title())),
    list: |caption| format!("<p>{}</p>\n<ul>\n", e(caption)),
    list_end: "</ul>\n",
    finding: |f| {
        format!(
            "<li>{} <strong>{}</strong> — {} <code class=\"muted\">{}</code></li>\n",
            risk_badge(f.risk),
            e(&f.title),
            e(&f.message),
            e(&f.id)
        )
    },
    question: |q| {
        format!(
            "<li>{} {}</li>\n",
            practice_links(std::slice::from_ref(&q.best_practice)),
            e(&q.question)
        )
    },
};

fn checklist(h: &mut String, cx: &Context) {
    h.push_str("<h2>Checklist</h2>\n");
    for p in &cx.summary.pillars {
        let _ = writeln!(h, "<h3>{}</h3>", e(&p.title));
        h.push_str("<table class=\"checklist\">\n<tr><th>Best practice</th><th>Question</th><th>Answer</th><th>Note</th></tr>\n");
        for row in cx.checklist_rows(p) {
            let _ = writeln!(
                h,
                "<tr><td>{} {}<br><span class=\"muted\">{}</span></td><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
                practice_links(std::slice::from_ref(&row.practice.best_practice)),
                risk_badge(row.practice.risk_if_missing),
                e(&row.practice.title),
                e(row.question),
                e(row.answer),
                e(row.note)
            );
        }
        h.push_str("</table>\n");
    }
    if !cx.summary.orphaned_answers.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"muted\">Answers to questions the pack no longer has: {}</p>",
            cx.summary
                .orphaned_answers
                .iter()
                .map(|a| e(a))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}
