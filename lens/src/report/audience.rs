//! The reports for the lens's other two audiences (the engineering report is [`super::html`] /
//! [`super::markdown`]):
//!
//! - **Executive summary** — one page for business leaders: how many risks are open, by pillar
//!   and by responsible-AI dimension;
//!   the trend since the last milestone; the five worst risks in plain words; what waits for a
//!   decision.
//! - **Compliance view** — for risk and compliance: every decision with its owner, date, ticket and
//!   justification, the accepted risks, the decision history, the checklist answers as evidence,
//!   and what changed since the last milestone.
//!
//! Both are built as a [`Page`] of blocks and written as HTML or Markdown by its renderers, so
//! the escaping of user text is the renderers' alone.

use std::collections::BTreeMap;

use super::page::{text, Block, Inline, Line, Page};
use super::Context;
use crate::diff::Diff;
use crate::engine::{evaluate, Basis, Pack};
use crate::practices::Risk;
use crate::review::{
    decisions::local_date_of, lens_summary, triage, FindingStatus, LensSummary, Review,
    ReviewedFinding,
};

/// How many risks the executive summary names.
const TOP_RISKS: usize = 5;

/// The review as it was at its latest milestone, and what changed since.
pub(crate) struct SinceMilestone {
    pub name: String,
    pub date: String,
    pub then: LensSummary,
    pub diff: Diff,
    /// The decisions (by finding) and answers (by item) of the milestone.
    pub decisions: BTreeMap<String, crate::review::Decision>,
    pub answers: BTreeMap<String, crate::review::Answer>,
    /// The titles of the milestone's findings, by id (a resolved finding has no other).
    pub titles: BTreeMap<String, String>,
}

impl Context<'_> {
    /// The latest milestone evaluated with this report's pack, and the diff from it to now.
    pub fn since_last_milestone(&self) -> Option<SinceMilestone> {
        let milestone = self.review.latest_milestone()?;
        let snapshot = &milestone.snapshot;
        let findings = evaluate(&snapshot.architecture, self.pack);
        let then = lens_summary(
            &triage(&findings, &snapshot.decisions),
            &snapshot.answers,
            self.pack,
        );
        Some(SinceMilestone {
            name: milestone.name.clone(),
            date: local_date_of(milestone.created_at),
            then,
            diff: crate::diff::diff(&snapshot.architecture, &self.review.architecture, self.pack),
            decisions: snapshot.decisions.clone(),
            answers: snapshot.answers.clone(),
            titles: findings
                .iter()
                .map(|f| (f.id.clone(), f.title.to_string()))
                .collect(),
        })
    }

    fn meta(&self, date: &str) -> String {
        let milestone = match self.latest_milestone() {
            Some(m) => format!("milestone “{m}”"),
            None => "no milestone".to_owned(),
        };
        format!("Generative AI Lens review · {milestone} · report of {date}")
    }

    /// The title of the finding `id`, or the id when the finding does not exist (any more).
    fn finding_title(&self, id: &str) -> String {
        self.triage
            .findings
            .iter()
            .find(|f| f.finding.id == id)
            .map_or_else(|| id.to_owned(), |f| f.finding.title.to_string())
    }
}

/// Open risks (high, medium, low) of a summary: open findings plus "no" answers.
fn risk_counts(summary: &LensSummary) -> [u32; 3] {
    summary
        .pillars
        .iter()
        .fold([0; 3], |[h, m, l], p| [h + p.high, m + p.medium, l + p.low])
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The executive summary of `review` with `pack`, dated `date`.
pub(crate) fn executive(review: &Review, pack: &Pack, date: &str) -> Page {
    let cx = Context::new(review, pack);
    let [high, medium, low] = risk_counts(&cx.summary);
    let open: Vec<&ReviewedFinding> = cx
        .triage
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Open)
        .collect();
    let mut blocks = vec![
        Block::Heading("Where the system stands".to_owned()),
        Block::Paragraph(vec![
            Inline::Strong(format!("{} open risks", high + medium + low)),
            text(format!(
                ": {high} high, {medium} medium, {low} low. {} of {} best practices of the lens \
                 are addressed ({}%).",
                cx.summary.addressed,
                cx.summary.best_practices,
                cx.summary.coverage_percent()
            )),
        ]),
        Block::Table {
            head: vec!["Pillar", "#High", "#Medium", "#Low", "#Addressed"],
            rows: cx
                .summary
                .pillars
                .iter()
                .map(|p| {
                    vec![
                        vec![text(&p.title)],
                        vec![text(p.high.to_string())],
                        vec![text(p.medium.to_string())],
                        vec![text(p.low.to_string())],
                        vec![text(format!("{} of {}", p.addressed, p.best_practices))],
                    ]
                })
                .collect(),
        },
    ];

    blocks.push(Block::Subheading("By responsible-AI dimension".to_owned()));
    blocks.push(Block::Table {
        head: vec![
            "Dimension",
            "#High",
            "#Medium",
            "#Low",
            "#Unanswered questions",
        ],
        rows: cx
            .dimension_rows()
            .iter()
            .map(|row| {
                let [h, m, l] = row.risks();
                vec![
                    vec![text(row.dimension.title())],
                    vec![text(h.to_string())],
                    vec![text(m.to_string())],
                    vec![text(l.to_string())],
                    vec![text(row.questions.len().to_string())],
                ]
            })
            .collect(),
    });

    blocks.push(Block::Heading("Since the last milestone".to_owned()));
    blocks.push(match cx.since_last_milestone() {
        None => Block::Paragraph(vec![text(
            "No milestone yet: save one (Review › Save milestone) to follow the trend.",
        )]),
        Some(since) => {
            let [h0, m0, l0] = risk_counts(&since.then);
            Block::Paragraph(vec![text(format!(
                "Since “{}” ({}): open risks went from {} to {} (high {h0} → {high}, medium \
                 {m0} → {medium}, low {l0} → {low}); {} and {}.",
                since.name,
                since.date,
                h0 + m0 + l0,
                high + medium + low,
                counted(since.diff.findings.new.len(), "new finding", "new findings"),
                counted(
                    since.diff.findings.resolved.len(),
                    "finding resolved",
                    "findings resolved"
                ),
            ))])
        }
    });

    blocks.push(Block::Heading(format!("Top {TOP_RISKS} risks")));
    let worst = worst_first(&open);
    if worst.is_empty() {
        blocks.push(Block::Paragraph(vec![text("No open finding.")]));
    } else {
        blocks.push(Block::List(
            worst
                .iter()
                .take(TOP_RISKS)
                .map(|f| {
                    vec![
                        Inline::Risk(f.finding.risk),
                        text(" "),
                        Inline::Strong(f.finding.title.to_string()),
                        // Plain words: property names without the code marks of the rule texts.
                        text(
                            format!(
                                " ({}). {} What to do: {}",
                                f.finding.pillar.title(),
                                f.finding.message,
                                f.finding.remediation
                            )
                            .replace('`', ""),
                        ),
                    ]
                })
                .collect(),
        ));
    }

    blocks.push(Block::Heading("Decisions pending".to_owned()));
    let by_risk = |risk: Risk| open.iter().filter(|f| f.finding.risk == risk).count();
    blocks.push(Block::Paragraph(vec![text(format!(
        "{} for a decision — mitigate, or accept with a justification ({} high, {} medium, {} \
         low); {} of the lens checklist unanswered.",
        counted(open.len(), "finding waits", "findings wait"),
        by_risk(Risk::High),
        by_risk(Risk::Medium),
        by_risk(Risk::Low),
        counted(cx.summary.unanswered as usize, "question", "questions"),
    ))]));
    blocks.push(Block::Note(
        "Risks are open findings plus checklist questions answered “no”, at the risk level of \
         their best practice. The engineering report has every finding with its path and fix."
            .to_owned(),
    ));

    Page {
        kind: "Executive summary",
        name: review.architecture.name().to_owned(),
        meta: cx.meta(date),
        blocks,
    }
}

/// The open findings, worst first: highest risk, then what the drawing shows before what a
/// property states before questions nobody answered; among equals the pillars take turns, so
/// that the top of the list is not one pillar's.
fn worst_first<'a>(open: &[&'a ReviewedFinding]) -> Vec<&'a ReviewedFinding> {
    let key = |f: &ReviewedFinding| {
        let basis = match f.finding.basis {
            Basis::Structure => 0,
            Basis::Stated => 1,
            Basis::Unstated => 2,
        };
        (std::cmp::Reverse(f.finding.risk), basis)
    };
    let mut turn: BTreeMap<(std::cmp::Reverse<Risk>, u8, crate::practices::Pillar), usize> =
        BTreeMap::new();
    let mut ranked: Vec<(_, usize, _, &ReviewedFinding)> = open
        .iter()
        .map(|f| {
            let (risk, basis) = key(f);
            let n = turn.entry((risk, basis, f.finding.pillar)).or_default();
            *n += 1;
            ((risk, basis), *n, f.finding.pillar, *f)
        })
        .collect();
    ranked.sort_by_key(|(key, n, pillar, _)| (*key, *n, *pillar));
    ranked.into_iter().map(|(.., f)| f).collect()
}

/// The columns of a table of decisions.
const DECISION_HEAD: [&str; 6] = [
    "Finding",
    "Status",
    "Owner",
    "@Date",
    "Ticket",
    "Justification",
];

/// A table of `rows` under `head`, or the sentence `none` when there is no row.
fn table_or(blocks: &mut Vec<Block>, head: &[&'static str], rows: Vec<Vec<Line>>, none: &str) {
    blocks.push(if rows.is_empty() {
        Block::Paragraph(vec![text(none)])
    } else {
        Block::Table {
            head: head.to_vec(),
            rows,
        }
    });
}

/// One decision's owner, date, ticket and justification as table cells.
fn decision_cells(
    status: FindingStatus,
    owner: &str,
    date: &str,
    ticket: Option<&String>,
    justification: &str,
) -> [Line; 5] {
    [
        vec![text(status.label())],
        vec![text(owner)],
        vec![text(date)],
        ticket.map_or_else(Vec::new, |t| {
            vec![Inline::Link {
                text: t.clone(),
                href: t.clone(),
            }]
        }),
        vec![text(justification)],
    ]
}

/// The compliance view of `review` with `pack`, dated `date`.
pub(crate) fn compliance(review: &Review, pack: &Pack, date: &str) -> Page {
    let cx = Context::new(review, pack);
    let decided: Vec<&ReviewedFinding> = cx
        .triage
        .findings
        .iter()
        .filter(|f| f.decision.is_some())
        .collect();
    let accepted: Vec<&&ReviewedFinding> = decided
        .iter()
        .filter(|f| f.status == FindingStatus::Accepted)
        .collect();
    let answered = review.answers.len();
    let mut blocks = vec![Block::Paragraph(vec![text(format!(
        "{} on current findings ({}), {} on findings that no longer exist, {} in the history; \
         {} answered, {} unanswered; {} without a decision.",
        counted(decided.len(), "decision", "decisions"),
        counted(accepted.len(), "accepted risk", "accepted risks"),
        counted(cx.triage.orphaned.len(), "decision", "decisions"),
        counted(review.decision_history.len(), "event", "events"),
        counted(answered, "checklist question", "checklist questions"),
        cx.summary.unanswered,
        counted(
            cx.triage.findings.len() - decided.len(),
            "open finding",
            "open findings"
        ),
    ))])];

    blocks.push(Block::Heading("Accepted risks".to_owned()));
    if accepted.is_empty() {
        blocks.push(Block::Paragraph(vec![text("No risk is accepted.")]));
    } else {
        blocks.push(Block::Table {
            head: vec![
                "Risk",
                "Finding",
                "Owner",
                "@Date",
                "Ticket",
                "Justification",
            ],
            rows: accepted
                .iter()
                .filter_map(|f| {
                    let d = f.decision.as_ref()?;
                    let [_, owner, date, ticket, why] = decision_cells(
                        f.status,
                        &d.owner,
                        &d.date,
                        d.ticket.as_ref(),
                        &d.justification,
                    );
                    Some(vec![
                        vec![Inline::Risk(f.finding.risk)],
                        vec![
                            Inline::Strong(f.finding.title.to_string()),
                            Inline::Break,
                            text(&f.finding.message),
                        ],
                        owner,
                        date,
                        ticket,
                        why,
                    ])
                })
                .collect(),
        });
    }

    blocks.push(Block::Heading("Decisions".to_owned()));
    let decision_rows: Vec<Vec<Line>> = decided
        .iter()
        .filter_map(|f| {
            f.decision
                .as_ref()
                .map(|d| (f.finding.title.to_string(), d))
        })
        .chain(
            cx.triage
                .orphaned
                .iter()
                .map(|d| (format!("{} (no longer found)", d.finding), d)),
        )
        .map(|(title, d)| {
            let cells = decision_cells(
                d.status.into(),
                &d.owner,
                &d.date,
                d.ticket.as_ref(),
                &d.justification,
            );
            let mut row = vec![vec![
                text(title),
                Inline::Break,
                Inline::Code(d.finding.clone()),
            ]];
            row.extend(cells);
            row
        })
        .collect();
    table_or(
        &mut blocks,
        &DECISION_HEAD,
        decision_rows,
        "No decision yet.",
    );

    blocks.push(Block::Heading("Decision history".to_owned()));
    let history: Vec<Vec<Line>> = review
        .decision_history
        .iter()
        .map(|event| {
            let mut row = vec![vec![text(cx.finding_title(&event.finding))]];
            row.extend(decision_cells(
                event.status,
                &event.owner,
                &event.date,
                event.ticket.as_ref(),
                &event.justification,
            ));
            row
        })
        .collect();
    if !history.is_empty() {
        blocks.push(Block::Note(
            "Oldest first; a status of “open” is a reopening.".to_owned(),
        ));
    }
    table_or(&mut blocks, &DECISION_HEAD, history, "No decision yet.");

    blocks.push(Block::Heading("Checklist evidence".to_owned()));
    for pillar in &cx.summary.pillars {
        let rows: Vec<Vec<Line>> = cx
            .checklist_rows(pillar)
            .filter(|row| row.answer != "unanswered")
            .map(|row| {
                let practice = &row.practice;
                vec![
                    vec![
                        Inline::Link {
                            text: practice.best_practice.clone(),
                            href: practice.url.clone(),
                        },
                        Inline::Break,
                        Inline::Muted(practice.title.clone()),
                    ],
                    vec![text(row.question)],
                    vec![text(row.answer)],
                    vec![text(row.note)],
                ]
            })
            .collect();
        let missing: Vec<String> = cx
            .checklist_rows(pillar)
            .filter(|row| row.answer == "unanswered")
            .map(|row| row.practice.best_practice.clone())
            .collect();
        blocks.push(Block::Subheading(pillar.title.clone()));
        if !rows.is_empty() {
            blocks.push(Block::Table {
                head: vec!["Best practice", "Question", "Answer", "Evidence (note)"],
                rows,
            });
        }
        if !missing.is_empty() {
            blocks.push(Block::Paragraph(vec![text(format!(
                "Not answered: {}.",
                missing.join(", ")
            ))]));
        }
    }

    blocks.push(Block::Heading(
        "Changes since the last milestone".to_owned(),
    ));
    match cx.since_last_milestone() {
        None => blocks.push(Block::Paragraph(vec![text("No milestone yet.")])),
        Some(since) => changes(&mut blocks, &cx, &since),
    }

    Page {
        kind: "Compliance view",
        name: review.architecture.name().to_owned(),
        meta: cx.meta(date),
        blocks,
    }
}

/// What changed since the milestone: the drawing, the findings, the decisions and the answers.
fn changes(blocks: &mut Vec<Block>, cx: &Context, since: &SinceMilestone) {
    let label = |id: &String| {
        cx.review
            .architecture
            .component(&crate::model::ComponentId::from(id.as_str()))
            .map_or_else(|| id.clone(), |c| c.label.clone())
    };
    let d = &since.diff;
    let mut items: Vec<Line> = Vec::new();
    let mut list = |what: &str, ids: Vec<String>| {
        if !ids.is_empty() {
            items.push(vec![text(format!("{what}: {}", ids.join(", ")))]);
        }
    };
    list(
        "Components added",
        d.components.added.iter().map(label).collect(),
    );
    list("Components removed", d.components.removed.clone());
    list(
        "Components changed",
        d.components
            .changed
            .iter()
            .map(|c| format!("{} ({})", label(&c.id), c.fields.join(", ")))
            .collect(),
    );
    list("Flows added", d.flows.added.clone());
    list("Flows removed", d.flows.removed.clone());
    list(
        "Flows changed",
        d.flows.changed.iter().map(|c| c.id.clone()).collect(),
    );
    list(
        "New findings",
        d.findings
            .new
            .iter()
            .map(|f| cx.finding_title(&f.id))
            .collect(),
    );
    list(
        "Findings resolved",
        d.findings
            .resolved
            .iter()
            .map(|f| {
                since
                    .titles
                    .get(&f.id)
                    .cloned()
                    .unwrap_or_else(|| f.id.clone())
            })
            .collect(),
    );
    list(
        "Decisions made or changed",
        cx.review
            .decisions
            .values()
            .filter(|now| since.decisions.get(&now.finding) != Some(*now))
            .map(|now| {
                format!(
                    "{} → {} ({}, {})",
                    cx.finding_title(&now.finding),
                    FindingStatus::from(now.status).label(),
                    now.owner,
                    now.date
                )
            })
            .collect(),
    );
    list(
        "Checklist answers given or changed",
        cx.review
            .answers
            .values()
            .filter(|now| since.answers.get(&now.item) != Some(*now))
            .map(|now| format!("{}: {}", now.item, now.answer.label()))
            .collect(),
    );
    blocks.push(Block::Paragraph(vec![text(format!(
        "Since “{}” ({}):",
        since.name, since.date
    ))]));
    if items.is_empty() {
        blocks.push(Block::Paragraph(vec![text("Nothing changed.")]));
    } else {
        blocks.push(Block::List(items));
    }
}
