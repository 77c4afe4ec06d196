//! Reports: the HTML report is self-contained, has the diagram, and never lets user text become
//! markup; CSV quoting and the formula guard; the Markdown report of a small review (snapshot);
//! `lens report` picks the format by extension; the HTML renders in a real browser.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cli::lens;
use lens::document::{Audience, ReportFormat};
use lens::engine::Pack;
use lens::model::{Component, ComponentId, Flow, FlowId, Position};
use lens::review::{load_any, Answer, AnswerValue, Decision, DecisionStatus, Review};
use lens::{report, store, Architecture, ArchitectureData};

pub const BYPASS: &str = "genai/security/untrusted-input-reaches-model@llm";
const IMG: &str = "<img src=x onerror=alert(1)>";
const SCRIPT: &str = "<script>alert(1)</script>";

pub fn support_bot() -> Review {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/engine_fixtures/support-bot.json");
    load_any(&path).expect("the fixture loads").0
}

/// The support bot with hostile text everywhere a user can type, a decision and answers.
fn hostile() -> Review {
    let mut data = support_bot().architecture.to_data();
    data.name = format!("Bot {SCRIPT}");
    for c in &mut data.components {
        match c.id.as_str() {
            "chat" => c.label = IMG.into(),
            "agent" => c.label = SCRIPT.into(),
            _ => {}
        }
    }
    data.boundaries[0].label = "VPC </text><script>x()</script>".into();
    let mut review = Review::new(Architecture::from_data_checked(data).unwrap());
    review
        .decide(Decision {
            finding: BYPASS.into(),
            status: DecisionStatus::Accepted,
            justification: format!("ok {SCRIPT}"),
            owner: "=cmd|' /C calc'!A0".into(),
            date: "2026-11-25".into(),
            ticket: Some("https://jira.example.com/browse/SEC-1?a=\"><script>".into()),
        })
        .unwrap_or_else(|e| panic!("{e}"));
    review
        .answer(
            Pack::builtin(),
            Answer {
                item: "genai/checklist/user-feedback".into(),
                answer: AnswerValue::No,
                note: format!("note {IMG}"),
            },
        )
        .unwrap();
    review
}

#[test]
fn the_html_report_escapes_every_user_text_and_has_no_script() {
    let html = report::html(&hostile(), Pack::builtin(), "2026-11-25");
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "no script element, whatever the labels say"
    );
    assert!(!html.contains("<img"), "no image element from a label");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        html.contains("ok &lt;script&gt;alert(1)&lt;/script&gt;"),
        "the justification"
    );
    assert!(html.contains("note &lt;img"), "the answer's note");
    assert!(html.contains("<svg"), "the diagram is inline SVG");
    assert!(
        html.contains("class=\"component risk-high"),
        "risky components are marked"
    );
    assert!(html.contains("GENSEC"), "best-practice ids");
    assert!(
        html.contains("https://docs.aws.amazon.com/wellarchitected/"),
        "lens links"
    );
    for external in ["<link", "@import", "src=\"http", "url(http"] {
        assert!(!html.contains(external), "nothing external: {external}");
    }
}

#[test]
fn the_html_report_names_the_review_its_latest_milestone_and_the_date() {
    let mut review = support_bot();
    review.add_milestone("Design review", 10).unwrap();
    review.add_milestone("Launch <gate>", 20).unwrap();
    let html = report::html(&review, Pack::builtin(), "2026-11-25");
    assert!(html.contains("<h1>Support bot</h1>"));
    assert!(html.contains("milestone “Launch &lt;gate&gt;”"));
    assert!(html.contains("report of 2026-11-25"));
    assert!(html.contains("@media print"), "a print stylesheet");
    assert!(html.contains("best practices"));
}

#[test]
fn csv_cells_are_quoted_and_formulas_are_defused() {
    assert_eq!(report::csv::cell("plain"), "plain");
    assert_eq!(report::csv::cell("a,b"), "\"a,b\"");
    assert_eq!(report::csv::cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(report::csv::cell("two\nlines"), "\"two\nlines\"");
    assert_eq!(report::csv::cell("=1+1"), "'=1+1");
    assert_eq!(report::csv::cell("+1"), "'+1");
    assert_eq!(report::csv::cell("-1"), "'-1");
    assert_eq!(report::csv::cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(
        report::csv::cell("=HYPERLINK(\"x\",1)"),
        "\"'=HYPERLINK(\"\"x\"\",1)\""
    );

    let csv = report::csv(&hostile(), Pack::builtin());
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("id,rule,pillar,risk,best_practices,components,title,message,status,justification,owner,date,ticket")
    );
    let row = csv
        .split("\r\n")
        .find(|l| l.starts_with(BYPASS))
        .expect("the decided finding has a row");
    assert!(row.contains(",accepted,"), "{row}");
    assert!(
        row.contains("'=cmd|' /C calc'!A0"),
        "the owner is defused: {row}"
    );
    assert!(csv.ends_with("\r\n"));
}

/// A small review: three components (one unplaced), a boundary, a decision and an answer.
fn small() -> Review {
    let component =
        |id: &str, kind: &str, label: &str, boundary: Option<&str>, x: Option<f64>| Component {
            id: ComponentId(id.into()),
            kind: kind.into(),
            preset: None,
            label: label.into(),
            boundary: boundary.map(|b| lens::model::BoundaryId(b.into())),
            properties: Default::default(),
            position: x.map(|x| Position { x, y: 0.0 }),
        };
    let flow = |id: &str, from: &str, to: &str| Flow {
        id: FlowId(id.into()),
        from: ComponentId(from.into()),
        to: ComponentId(to.into()),
        properties: Default::default(),
    };
    let data = ArchitectureData {
        name: "Small | review *bold*".into(),
        boundaries: vec![lens::model::Boundary {
            id: lens::model::BoundaryId("vpc".into()),
            label: "VPC".into(),
            trust: lens::model::Trust::Private,
            parent: None,
            position: None,
            size: None,
        }],
        components: vec![
            component("user", "user", "Customer", None, Some(0.0)),
            component("app", "client_app", "App", None, Some(250.0)),
            component("llm", "model_endpoint", "Model [prod]", Some("vpc"), None),
        ],
        flows: vec![flow("f1", "user", "app"), flow("f2", "app", "llm")],
    };
    let mut review = Review::new(Architecture::from_data_checked(data).unwrap());
    review
        .decide(Decision {
            finding: BYPASS.into(),
            status: DecisionStatus::Mitigated,
            justification: "WAF rule set | strict".into(),
            owner: "Platform".into(),
            date: "2026-11-24".into(),
            ticket: Some("https://tickets.example.com/PLAT-9".into()),
        })
        .unwrap();
    review
        .answer(
            Pack::builtin(),
            Answer {
                item: "genai/checklist/functional-evaluation".into(),
                answer: AnswerValue::Yes,
                note: "Nightly <eval> run".into(),
            },
        )
        .unwrap();
    review
        .add_milestone("Design review", 1_767_225_600)
        .unwrap();
    review
}

#[test]
fn markdown_report_of_a_small_review() {
    insta::assert_snapshot!(report::markdown(&small(), Pack::builtin(), "2026-11-25"));
}

#[test]
fn lens_report_picks_the_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("r.lensboard");
    store::save(&hostile(), &input).unwrap();
    let input = input.to_str().unwrap();
    for (name, expect) in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.md", "# Bot "),
        ("r.csv", "id,rule,"),
    ] {
        let out = dir.path().join(name);
        let o = lens(&["report", input, "--output", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{o:?}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.starts_with(expect),
            "{name}: {}",
            &text[..40.min(text.len())]
        );
    }
    let out = dir.path().join("r.txt");
    let o = lens(&["report", input, "--output", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "an unknown extension is refused");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format"));
    let o = lens(&[
        "report",
        input,
        "--output",
        out.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("# Bot"));
}

const CHROMIUM: &str = "/usr/bin/chromium";

/// Where the screenshot of an audience's HTML report is kept for a person to look at.
fn screenshot_path(audience: Audience) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("report-{}.png", audience.id()))
}

#[test]
fn the_html_report_of_each_audience_renders_in_headless_chromium() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("note: {CHROMIUM} is not installed; the browser rendering check is skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut review = hostile();
    review
        .add_milestone("Design review", 1_767_225_600)
        .unwrap();
    for audience in [
        Audience::Engineering,
        Audience::Executive,
        Audience::Compliance,
    ] {
        let html = dir.path().join(format!("{}.html", audience.id()));
        let text = ReportFormat::Html
            .render(audience, &review, Pack::builtin(), "2026-11-25")
            .unwrap();
        std::fs::write(&html, text).unwrap();
        let shot = screenshot_path(audience);
        let _ = std::fs::remove_file(&shot);
        let output = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                &format!("--user-data-dir={}", dir.path().join("profile").display()),
                &format!("--screenshot={}", shot.display()),
                "--window-size=1280,1600",
                &format!("file://{}", html.display()),
            ])
            .output()
            .expect("chromium runs");
        let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 10_000,
            "a screenshot of the {} report was written ({size} bytes): {}",
            audience.id(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_markdown_report_escapes_user_text_too() {
    let md = report::markdown(&hostile(), Pack::builtin(), "2026-11-25");
    assert!(
        !md.to_ascii_lowercase().contains("<script"),
        "no raw HTML a renderer would run"
    );
    assert!(!md.contains("<img"));
    assert!(md.contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"));
    assert!(
        md.contains("[ticket](https://jira.example.com/browse/SEC-1?a=%22%3E%3Cscript%3E)"),
        "the ticket link cannot end early or carry markup"
    );
}

#[test]
fn reports_name_the_service_of_a_component_drawn_from_a_preset() {
    let mut data = small().architecture.to_data();
    let cognito = lens::catalog::Catalog::builtin()
        .preset("cognito")
        .expect("the Cognito preset");
    let mut idp = cognito.component(ComponentId("idp".into()));
    idp.label = "Sign-in <pool>".into();
    data.components.push(idp);
    let review = Review::new(Architecture::from_data_checked(data).unwrap());
    let html = report::html(&review, Pack::builtin(), "2026-11-25");
    assert!(
        html.contains("component: Sign-in &lt;pool&gt; — Amazon Cognito"),
        "the HTML report names the service next to the component (escaped)"
    );
    let markdown = report::markdown(&review, Pack::builtin(), "2026-11-25");
    assert!(
        markdown.contains("(component: Sign-in &lt;pool&gt; — Amazon Cognito)"),
        "the Markdown report too"
    );
    assert!(
        !html.contains("component: Customer"),
        "components drawn without a preset are named as before"
    );
}

/// The part of a report from `start` up to `end`.
fn section<'a>(report: &'a str, start: &str, end: &str) -> &'a str {
    let from = report
        .find(start)
        .unwrap_or_else(|| panic!("the report has {start}"));
    let to = report[from..].find(end).map_or(report.len(), |i| from + i);
    &report[from..to]
}

/// The built-in pack plus a checklist question with markup in it, about safety.
fn pack_with_hostile_question() -> Pack {
    let extra = Pack::from_sources(&[(
        "team/checklist.toml".to_owned(),
        "[[item]]\nid = \"team/checklist/red-team\"\nbest_practice = \"GENSEC02-BP01\"\n\
         dimensions = [\"safety\"]\nquestion = \"Was it red-teamed? <script>x()</script>\"\n",
    )])
    .expect("the team's checklist loads");
    Pack::builtin().merge(&extra).expect("no clash")
}

#[test]
fn the_responsible_ai_section_lists_open_findings_and_unanswered_questions_per_dimension() {
    let pack = pack_with_hostile_question();
    let html = report::html(&hostile(), &pack, "2026-11-25");
    let part = section(&html, "<h2>Responsible AI</h2>", "<h2>Checklist</h2>");
    assert!(
        part.contains("<tr><td>Fairness</td>") && part.contains("<tr><td>Transparency</td>"),
        "every dimension has its row"
    );
    let safety = section(
        part,
        "<h3 id=\"dimension-safety\">",
        "<h3 id=\"dimension-controllability\">",
    );
    assert!(
        safety.contains("genai/security/model-response-not-filtered@llm"),
        "an open finding of a safety rule is listed under safety"
    );
    assert!(
        !part.contains(BYPASS),
        "the accepted finding is not open, so it is not listed"
    );
    assert!(
        safety.contains("Was it red-teamed? &lt;script&gt;x()&lt;/script&gt;"),
        "an unanswered question of a custom pack, escaped"
    );
    let controllability = section(
        part,
        "<h3 id=\"dimension-controllability\">",
        "<h3 id=\"dimension-veracity_robustness\">",
    );
    assert!(
        !controllability.contains("Do you collect user feedback on answers"),
        "the user-feedback question is answered (no), so it is not unanswered"
    );
    assert!(
        controllability.contains("Does every agentic workflow have a timeout"),
        "an unanswered controllability question is listed"
    );
    assert!(
        !part.to_ascii_lowercase().contains("<script") && !part.contains("<img"),
        "labels in finding messages stay text"
    );
    assert!(
        part.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the agent's label, escaped, in a finding message"
    );

    let md = report::markdown(&hostile(), &pack, "2026-11-25");
    let part = section(&md, "## Responsible AI", "## Checklist");
    assert!(
        part.contains("| Safety |"),
        "the Markdown has the same table"
    );
    assert!(
        part.contains("Was it red-teamed? &lt;script&gt;x\\(\\)&lt;/script&gt;"),
        "the question escaped for Markdown: {part}"
    );
    assert!(!part.to_ascii_lowercase().contains("<script") && !part.contains("<img"));
}
