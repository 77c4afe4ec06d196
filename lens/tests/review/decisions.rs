//! Decisions on findings and checklist answers: validation, the join with findings (status,
//! orphans, counts), persistence in the review file, `lens check` statuses and `--fail-on`, and
//! the per-pillar summary.

use std::path::{Path, PathBuf};

use lens::cli::check::{check, Args, FailOn, Format};
use lens::engine::{evaluate, Pack};
use lens::practices::{Pillar, Risk};
use lens::review::{
    lens_summary, load_any, triage, Answer, AnswerValue, Decision, DecisionStatus, FindingStatus,
    Review,
};
use lens::store;

const BYPASS: &str = "genai/security/untrusted-input-reaches-model@llm";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/engine_fixtures/support-bot.json")
}

fn support_bot() -> Review {
    load_any(&fixture()).expect("the fixture loads").0
}

fn decision(finding: &str, status: DecisionStatus, justification: &str) -> Decision {
    Decision {
        finding: finding.into(),
        status,
        justification: justification.into(),
        owner: "Security team".into(),
        date: "2026-11-25".into(),
        ticket: Some("https://jira.example.com/browse/SEC-1".into()),
    }
}

#[test]
fn accepting_or_calling_a_false_positive_needs_a_justification() {
    let mut review = support_bot();
    for status in [DecisionStatus::Accepted, DecisionStatus::FalsePositive] {
        let e = review
            .decide(decision(BYPASS, status, "  "))
            .expect_err("a blank justification is refused");
        assert_eq!(e.code(), lens::ErrorCode::JustificationRequired);
    }
    for status in [DecisionStatus::Mitigated, DecisionStatus::NotApplicable] {
        review
            .decide(decision(BYPASS, status, ""))
            .expect("these statuses need no justification");
    }
    assert_eq!(
        review.decisions.len(),
        1,
        "the latest decision replaced the first"
    );
}

#[test]
fn bad_dates_tickets_and_owners_are_refused_with_their_own_codes() {
    let mut review = support_bot();
    let mut d = decision(BYPASS, DecisionStatus::Mitigated, "");
    d.date = "25/11/2026".into();
    assert_eq!(
        review.decide(d).unwrap_err().code(),
        lens::ErrorCode::InvalidDate
    );
    let mut d = decision(BYPASS, DecisionStatus::Mitigated, "");
    d.ticket = Some("javascript:alert(1)".into());
    assert_eq!(
        review.decide(d).unwrap_err().code(),
        lens::ErrorCode::InvalidTicket
    );
    let mut d = decision(BYPASS, DecisionStatus::Mitigated, "");
    d.owner = String::new();
    assert_eq!(
        review.decide(d).unwrap_err().code(),
        lens::ErrorCode::OwnerRequired
    );
    assert!(review.decisions.is_empty(), "nothing invalid was recorded");
}

#[test]
fn decided_findings_leave_the_open_counts_and_orphaned_decisions_are_listed() {
    let mut review = support_bot();
    let findings = evaluate(&review.architecture, Pack::builtin());
    let before = triage(&findings, &review.decisions);
    review
        .decide(decision(BYPASS, DecisionStatus::Accepted, "Pilot only"))
        .unwrap();
    review
        .decide(decision(
            "genai/security/gone@nothing",
            DecisionStatus::Mitigated,
            "",
        ))
        .unwrap();
    let after = triage(&findings, &review.decisions);
    let bypass = after
        .findings
        .iter()
        .find(|f| f.finding.id == BYPASS)
        .expect("the bypass finding exists");
    assert_eq!(bypass.status, FindingStatus::Accepted);
    assert_eq!(after.summary.open.high + 1, before.summary.open.high);
    assert_eq!(after.summary.decided, 1);
    assert_eq!(
        after.orphaned.len(),
        1,
        "the decision without finding is listed"
    );
    assert_eq!(after.orphaned[0].finding, "genai/security/gone@nothing");
    assert!(after
        .findings
        .iter()
        .filter(|f| f.finding.id != BYPASS)
        .all(|f| f.status == FindingStatus::Open));
    review.reopen(BYPASS, "Ana", "2026-11-26");
    assert_eq!(
        triage(&findings, &review.decisions).summary.open,
        before.summary.open
    );
}

#[test]
fn decisions_and_answers_survive_save_and_open_including_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.lensboard");
    let mut review = support_bot();
    review
        .decide(decision(
            BYPASS,
            DecisionStatus::FalsePositive,
            "The agent filters input",
        ))
        .unwrap();
    review
        .decide(decision("genai/x@gone", DecisionStatus::NotApplicable, ""))
        .unwrap();
    review
        .answer(
            Pack::builtin(),
            Answer {
                item: "genai/checklist/user-feedback".into(),
                answer: AnswerValue::No,
                note: "Planned for Q3 <b>".into(),
            },
        )
        .unwrap();
    store::save(&review, &path).unwrap();
    let opened = store::open(&path).unwrap();
    assert_eq!(opened.decisions, review.decisions);
    assert_eq!(opened.answers, review.answers);
}

#[test]
fn the_decision_history_keeps_every_decision_and_reopening_across_save_and_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.lensboard");
    let mut review = support_bot();
    review
        .decide(decision(BYPASS, DecisionStatus::Accepted, "For the pilot"))
        .unwrap();
    review
        .decide(decision(BYPASS, DecisionStatus::Mitigated, ""))
        .unwrap();
    assert!(review.reopen(BYPASS, "Ana", "2026-11-26").is_some());
    assert!(
        review.reopen(BYPASS, "Ana", "2026-11-26").is_none(),
        "reopening an open finding changes nothing"
    );
    store::save(&review, &path).unwrap();
    let opened = store::open(&path).unwrap();
    assert!(opened.decisions.is_empty(), "the finding is open again");
    let statuses: Vec<FindingStatus> = opened.history_of(BYPASS).map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [
            FindingStatus::Accepted,
            FindingStatus::Mitigated,
            FindingStatus::Open
        ]
    );
    assert_eq!(opened.decision_history[2].owner, "Ana");
}

#[test]
fn answers_to_unknown_checklist_items_are_refused() {
    let mut review = support_bot();
    let e = review
        .answer(
            Pack::builtin(),
            Answer {
                item: "genai/checklist/no-such-item".into(),
                answer: AnswerValue::Yes,
                note: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), lens::ErrorCode::UnknownChecklistItem);
}

fn check_saved(review: &Review, format: Format, fail_on: FailOn) -> (u8, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.lensboard");
    store::save(review, &path).unwrap();
    let args = Args {
        file: path,
        format,
        fail_on,
        packs: Vec::new(),
        ignore_unstated: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = check(&args, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap())
}

#[test]
fn lens_check_json_reports_each_findings_status_and_counts_open_ones() {
    let mut review = support_bot();
    review
        .decide(decision(BYPASS, DecisionStatus::Mitigated, ""))
        .unwrap();
    let (_, out) = check_saved(&review, Format::Json, FailOn::Never);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let bypass = findings.iter().find(|f| f["id"] == BYPASS).unwrap();
    assert_eq!(bypass["status"], "mitigated");
    let open_high = findings
        .iter()
        .filter(|f| f["status"] == "open" && f["risk"] == "high")
        .count();
    assert_eq!(
        v["summary"]["high"], open_high,
        "the summary counts open findings"
    );
}

#[test]
fn fail_on_ignores_decided_findings() {
    let mut review = support_bot();
    let findings = evaluate(&review.architecture, Pack::builtin());
    assert_eq!(check_saved(&review, Format::Json, FailOn::High).0, 1);
    for f in findings.iter().filter(|f| f.risk == Risk::High) {
        review
            .decide(decision(
                &f.id,
                DecisionStatus::Accepted,
                "Launch exception LX-7",
            ))
            .unwrap();
    }
    assert_eq!(
        check_saved(&review, Format::Json, FailOn::High).0,
        0,
        "every high finding is decided"
    );
    if findings.iter().any(|f| f.risk == Risk::Medium) {
        assert_eq!(check_saved(&review, Format::Json, FailOn::Medium).0, 1);
    }
    let (_, text) = check_saved(&review, Format::Text, FailOn::Never);
    assert!(text.contains("status: accepted by Security team on 2026-11-25: Launch exception LX-7"));
}

#[test]
fn the_pillar_summary_counts_open_risks_no_answers_and_coverage() {
    let mut review = support_bot();
    let pack = Pack::builtin();
    let findings = evaluate(&review.architecture, pack);
    let plain = lens_summary(&triage(&findings, &review.decisions), &review.answers, pack);
    assert_eq!(plain.best_practices, 51, "the whole lens is measured");
    assert_eq!(plain.unanswered, 51, "nothing is answered yet");
    let security = |s: &lens::review::LensSummary| {
        s.pillars
            .iter()
            .find(|p| p.pillar == Pillar::Security)
            .cloned()
            .unwrap()
    };
    let open_security_high = findings
        .iter()
        .filter(|f| f.pillar == Pillar::Security && f.risk == Risk::High)
        .count() as u32;
    assert_eq!(security(&plain).high, open_security_high);

    // GENOPS01-BP02 (user feedback) is high risk and not automated: "no" adds a high risk;
    // GENOPS01-BP01 answered yes becomes addressed.
    for (item, answer) in [
        ("genai/checklist/user-feedback", AnswerValue::No),
        ("genai/checklist/functional-evaluation", AnswerValue::Yes),
    ] {
        review
            .answer(
                pack,
                Answer {
                    item: item.into(),
                    answer,
                    note: String::new(),
                },
            )
            .unwrap();
    }
    let answered = lens_summary(&triage(&findings, &review.decisions), &review.answers, pack);
    let ops = |s: &lens::review::LensSummary| {
        s.pillars
            .iter()
            .find(|p| p.pillar == Pillar::OperationalExcellence)
            .cloned()
            .unwrap()
    };
    assert_eq!(ops(&answered).high, ops(&plain).high + 1, "a no is a risk");
    assert_eq!(ops(&answered).unanswered, ops(&plain).unanswered - 2);
    let bp01 = ops(&answered)
        .practices
        .into_iter()
        .find(|p| p.best_practice == "GENOPS01-BP01")
        .unwrap();
    assert!(bp01.addressed, "answered yes");
    assert!(answered.addressed >= plain.addressed);
    assert_eq!(answered.unanswered, 49);
}

/// Saves `review` into a new directory, then runs `sql` on the file: an older version's file or
/// a damaged one. The directory lives as long as the returned guard.
fn saved_and_altered(review: &Review, sql: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.lensboard");
    store::save(review, &path).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
    (dir, path)
}

#[test]
fn a_version_2_review_file_opens_without_decisions_and_stays_untouched() {
    // A version-2 file: today's file without the version-3 to -7 tables and columns and with
    // user_version 2.
    let (_dir, path) = saved_and_altered(
        &support_bot(),
        "DROP TABLE decisions; DROP TABLE answers; DROP TABLE milestones;
         DROP TABLE decision_history; DROP TABLE conflicts; DROP TABLE last_import;
         ALTER TABLE components DROP COLUMN preset;
         PRAGMA user_version = 2;",
    );
    let bytes = std::fs::read(&path).unwrap();
    let review = store::open(&path).expect("a version 2 file opens");
    assert!(review.decisions.is_empty() && review.answers.is_empty());
    assert!(review.milestones.is_empty());
    assert_eq!(review.architecture.name(), "Support bot");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the file is unchanged"
    );
}

#[test]
fn a_version_3_review_file_keeps_its_decisions_and_gains_an_empty_history() {
    let mut review = support_bot();
    review
        .decide(decision(BYPASS, DecisionStatus::Mitigated, ""))
        .unwrap();
    let (_dir, path) = saved_and_altered(
        &review,
        "DROP TABLE decision_history; DROP TABLE conflicts; DROP TABLE last_import;
         ALTER TABLE components DROP COLUMN preset; PRAGMA user_version = 3;",
    );
    let bytes = std::fs::read(&path).unwrap();
    let opened = store::open(&path).expect("a version 3 file opens");
    assert_eq!(opened.decisions, review.decisions);
    assert!(opened.decision_history.is_empty());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the file is unchanged"
    );
}

#[test]
fn a_version_6_review_file_opens_without_a_last_import_and_stays_untouched() {
    let (_dir, path) = saved_and_altered(
        &support_bot(),
        "DROP TABLE last_import; PRAGMA user_version = 6;",
    );
    let bytes = std::fs::read(&path).unwrap();
    let opened = store::open(&path).expect("a version 6 file opens");
    assert!(opened.last_import.is_none(), "no import was recorded");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the file is unchanged"
    );
}

#[test]
fn a_last_import_that_is_not_an_architecture_is_reported_as_damage() {
    let mut review = support_bot();
    review.last_import = Some(lens::review::LastImport {
        source: "plan.json".into(),
        imported_at: 1_764_000_000,
        architecture: review.architecture.to_data(),
    });
    let (_dir, path) = saved_and_altered(&review, "");
    assert_eq!(
        store::open(&path).expect("opens").last_import,
        review.last_import,
        "the last import round-trips"
    );
    let (_dir, path) = saved_and_altered(
        &review,
        "UPDATE last_import SET architecture = '{\"components\": 3}';",
    );
    let err = store::open(&path).expect_err("damaged");
    let message = err.to_string();
    assert!(
        message.contains("last_import") && message.contains("plan.json"),
        "{message}"
    );
}

#[test]
fn a_decision_row_with_an_unknown_status_is_reported_as_damage() {
    let mut review = support_bot();
    review
        .decide(decision(BYPASS, DecisionStatus::Mitigated, ""))
        .unwrap();
    let (_dir, path) = saved_and_altered(&review, "UPDATE decisions SET status = 'ignored';");
    let e = store::open(&path).unwrap_err();
    assert_eq!(e.code(), lens::ErrorCode::CorruptFile);
    assert!(
        e.to_string()
            .contains("\"ignored\" is not a decision status"),
        "{e}"
    );
}
