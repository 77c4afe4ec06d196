//! The executive summary and the compliance view: what each says about a review that moved on
//! since its milestone (a finding resolved, decisions made and reopened, an answer given), that
//! user text stays text in both formats, and `lens report --audience`.

use lens::diff::diff;
use lens::document::{Audience, ReportFormat};
use lens::engine::Pack;
use lens::model::Value;
use lens::review::{Answer, AnswerValue, Decision, DecisionStatus, Review};
use lens::{report, Architecture};

use crate::cli::{arg, lens};

const LIMIT: &str = "genai/cost_optimization/agent-without-iteration-limit@agent";
const FEEDBACK: &str = "genai/operational_excellence/no-user-feedback@chat";
const SCRIPT: &str = "<script>alert(1)</script>";

fn decision(finding: &str, status: DecisionStatus, justification: &str, date: &str) -> Decision {
    Decision {
        finding: finding.into(),
        status,
        justification: justification.into(),
        owner: "risk-office".into(),
        date: date.into(),
        ticket: Some("https://tickets.example.com/GRC-7".into()),
    }
}

/// The support bot at a milestone, then: the agent gets an iteration limit (a finding resolved),
/// the model bypass is accepted with hostile text, a decision is made and reopened, and a
/// checklist question is answered.
fn moved_on() -> (Review, Architecture) {
    let mut review = super::reports::support_bot();
    review
        .add_milestone("Design review", 1_767_225_600)
        .unwrap();
    let before = review.architecture.clone();
    let mut data = review.architecture.to_data();
    let agent = data
        .components
        .iter_mut()
        .find(|c| c.id.as_str() == "agent")
        .unwrap();
    agent
        .properties
        .insert("max_iterations".into(), Value::Number(10.0));
    review.architecture = Architecture::from_data_checked(data).unwrap();
    review
        .decide(decision(
            super::reports::BYPASS,
            DecisionStatus::Accepted,
            &format!("pilot only {SCRIPT}"),
            "2026-11-25",
        ))
        .unwrap();
    review
        .decide(decision(
            FEEDBACK,
            DecisionStatus::Mitigated,
            "",
            "2026-11-26",
        ))
        .unwrap();
    review
        .reopen(FEEDBACK, "risk-office", "2026-11-27")
        .unwrap();
    review
        .answer(
            Pack::builtin(),
            Answer {
                item: "genai/checklist/functional-evaluation".into(),
                answer: AnswerValue::Yes,
                note: "Weekly ground-truth run.".into(),
            },
        )
        .unwrap();
    (review, before)
}

#[test]
fn the_executive_summary_gives_the_risks_the_trend_the_top_five_and_what_waits() {
    let (review, before) = moved_on();
    let md = report::executive_markdown(&review, Pack::builtin(), "2026-12-03");
    let resolved = diff(&before, &review.architecture, Pack::builtin())
        .findings
        .resolved
        .len();
    assert!(resolved >= 1, "the iteration limit resolves a finding");
    assert!(md.starts_with("# Support bot — Executive summary"), "{md}");
    assert!(md.contains("milestone “Design review”"), "{md}");
    let trend = md
        .lines()
        .find(|l| l.starts_with("Since “Design review”"))
        .expect("a trend line");
    assert!(
        trend.contains(&format!("0 new findings and {resolved} finding")),
        "{trend}"
    );
    let top = md.lines().filter(|l| l.starts_with("- ")).count();
    assert_eq!(top, 5, "five risks: {md}");
    assert!(
        !md.contains("Model answers reach") || md.contains("Security"),
        "each risk names its pillar"
    );
    for row in [
        "Security",
        "Reliability",
        "Sustainability",
        "Fairness",
        "Transparency",
    ] {
        assert!(
            md.contains(&format!("| {row} |")),
            "{row}: a pillar or dimension row"
        );
    }
    assert!(md.contains("for a decision"), "{md}");
    assert!(
        !md.contains("accepted"),
        "an accepted risk is no longer a risk here: {md}"
    );
}

#[test]
fn the_compliance_view_lists_every_decision_the_history_the_evidence_and_the_changes() {
    let (review, _) = moved_on();
    let md = report::compliance_markdown(&review, Pack::builtin(), "2026-12-03");
    let section = |title: &str| -> String {
        let start = md
            .find(&format!("## {title}\n"))
            .unwrap_or_else(|| panic!("{title}: {md}"));
        let rest = &md[start + 3..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
    };
    let accepted = section("Accepted risks");
    assert!(accepted.contains("risk-office"), "{accepted}");
    assert!(accepted.contains("2026-11-25"), "{accepted}");
    assert!(
        accepted.contains("(https://tickets.example.com/GRC-7)"),
        "the ticket links: {accepted}"
    );
    assert!(
        accepted.contains("pilot only &lt;script&gt;"),
        "justification, escaped: {accepted}"
    );
    let decisions = section("Decisions");
    assert!(decisions.contains(super::reports::BYPASS), "{decisions}");
    assert!(
        !decisions.contains(FEEDBACK),
        "a reopened finding has no decision: {decisions}"
    );
    let history = section("Decision history");
    assert_eq!(
        history
            .lines()
            .filter(|l| l.starts_with("| ")
                && !l.starts_with("| Finding")
                && !l.starts_with("| ---"))
            .count(),
        3,
        "accepted, mitigated, reopened: {history}"
    );
    assert!(
        history.contains("| open | risk-office | 2026-11-27 |"),
        "{history}"
    );
    let evidence = section("Checklist evidence");
    assert!(evidence.contains("Weekly ground-truth run."), "{evidence}");
    assert!(evidence.contains("Not answered: "), "{evidence}");
    let changes = section("Changes since the last milestone");
    assert!(
        changes.contains("Findings resolved: Agent has no stopping condition"),
        "{LIMIT}, by its title: {changes}"
    );
    assert!(
        changes.contains(r"Components changed: Support agent \(properties\)"),
        "{changes}"
    );
    assert!(changes.contains("Decisions made or changed: "), "{changes}");
    assert!(changes.contains("functional-evaluation: yes"), "{changes}");
}

#[test]
fn both_reports_keep_user_text_as_text_in_html_and_markdown() {
    let (mut review, _) = moved_on();
    let mut data = review.architecture.to_data();
    data.name = format!("Bot {SCRIPT}");
    for c in &mut data.components {
        c.label = format!("{} <img src=x onerror=alert(1)>", c.label);
    }
    review.architecture = Architecture::from_data_checked(data).unwrap();
    for audience in [Audience::Executive, Audience::Compliance] {
        let html = ReportFormat::Html
            .render(audience, &review, Pack::builtin(), "2026-12-03")
            .unwrap();
        let lower = html.to_ascii_lowercase();
        assert!(
            !lower.contains("<script"),
            "{audience:?}: no script element"
        );
        assert!(!lower.contains("<img"), "{audience:?}: no image element");
        assert!(html.contains("Bot &lt;script&gt;"), "{audience:?}");
        assert!(
            html.contains("default-src 'none'"),
            "{audience:?}: loads nothing"
        );
        assert!(html.contains("@media print"), "{audience:?}: printable");
        let md = ReportFormat::Md
            .render(audience, &review, Pack::builtin(), "2026-12-03")
            .unwrap();
        let lower = md.to_ascii_lowercase();
        assert!(
            !lower.contains("<script") && !lower.contains("<img"),
            "{audience:?}: {md}"
        );
    }
}

#[test]
fn lens_report_writes_each_audience_and_refuses_csv_for_the_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("review.lensboard");
    lens::store::save(&moved_on().0, &input).unwrap();
    for (audience, heading) in [
        ("executive", "Executive summary"),
        ("compliance", "Compliance view"),
        ("engineering", "<h2>Findings</h2>"),
    ] {
        let out = dir.path().join(format!("{audience}.html"));
        let o = lens(&[
            "report",
            arg(&input),
            "--audience",
            audience,
            "-o",
            arg(&out),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(html.contains(heading), "{audience}");
    }
    let csv = dir.path().join("summary.csv");
    let o = lens(&[
        "report",
        arg(&input),
        "--audience",
        "executive",
        "-o",
        arg(&csv),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("executive report cannot be written as CSV"),
        "{err}"
    );
    assert!(!csv.exists());
}
