//! A review's answers to the exported custom lens ([`super::build`]), for the WA Tool.
//!
//! The WA Tool imports no answers by file: they are set question by question with its
//! `UpdateAnswer` API (`aws wellarchitected update-answer`). So the review becomes one
//! `UpdateAnswer` body per lens question ([`answers`]), written as JSON ([`to_json`]) or as a
//! POSIX shell script of `aws` calls ([`to_script`]).
//!
//! **Which choices are selected.** Per best practice (one choice each), in this order:
//!
//! 1. *Contradicted* → not selected: an **open** or **accepted** finding cites the practice (any
//!    of the finding's best-practice ids, not only the first: a rule that names a practice says
//!    the drawing falls short of it, and the coverage meter counts it the same way), or its
//!    checklist question is answered `no`. An accepted risk stays a risk.
//! 2. *Not applicable* → `ChoiceUpdates` `NOT_APPLICABLE`, reason `OUT_OF_SCOPE`: a finding
//!    citing it was decided `not_applicable`, or its checklist question was answered
//!    `not_applicable`; the note is the decision's justification or the answer's note.
//! 3. *Supported* → selected: the pack has a rule that checks the practice (and, by 1., none of
//!    its findings is open or accepted: `mitigated` and `false_positive` do not contradict), or
//!    its checklist question is answered `yes`.
//! 4. Otherwise not selected: nothing says the practice is established.
//!
//! "None of these" (`<question>_no`) is selected only when the checklist says so — every practice
//! of the question answered `no` — because an empty selection and "None of these" mean different
//! things in the WA Tool (unanswered versus answered "none"), and the drawing alone never shows
//! that a team follows none of a question's practices. A question whose every practice is not
//! applicable is sent with `IsApplicable: false`.
//!
//! **Notes** (the question's `Notes`, at most [`NOTES_MAX`] characters, and a choice's, at most
//! [`CHOICE_NOTES_MAX`]) list per choice the open findings (rule title and subject label), the
//! decisions (status, rule title, subject, owner, ticket, justification) and the `no` checklist
//! answers; text beyond the limit is cut and ends with `…`. Labels and justifications are other
//! people's text: the script quotes every piece of it so that the shell expands nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::build::choice_id;
use super::NONE_SUFFIX;
use crate::engine::{evaluate, Pack};
use crate::practices::{self, BestPractice};
use crate::review::{AnswerValue, FindingStatus, Review, ReviewedFinding, Triage};

/// The most characters the WA Tool takes in a question's `Notes`.
pub const NOTES_MAX: usize = 2084;
/// The most characters the WA Tool takes in a `ChoiceUpdate`'s `Notes`.
pub const CHOICE_NOTES_MAX: usize = 250;
/// What the JSON names the workload with; the script takes the id as its first argument.
pub const WORKLOAD_PLACEHOLDER: &str = "<workload id>";
/// What the JSON names the lens with; the script takes it as its second argument.
pub const LENS_PLACEHOLDER: &str = "<custom lens ARN or alias>";

/// The body of one `UpdateAnswer` call, with the question it is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QuestionAnswer {
    pub question_id: String,
    pub selected_choices: Vec<String>,
    /// Only choices that are not applicable: selection is said by `SelectedChoices`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub choice_updates: BTreeMap<String, ChoiceUpdate>,
    pub notes: String,
    pub is_applicable: bool,
    /// Why the question is not applicable; only with `IsApplicable: false`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

/// A `ChoiceUpdate` of the WA Tool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChoiceUpdate {
    pub status: ChoiceStatus,
    pub reason: Reason,
    pub notes: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChoiceStatus {
    Selected,
    NotApplicable,
    Unselected,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    OutOfScope,
    BusinessPriorities,
    ArchitectureConstraints,
    Other,
    None,
}

impl Reason {
    /// The name the WA Tool uses (`OUT_OF_SCOPE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::OutOfScope => "OUT_OF_SCOPE",
            Reason::BusinessPriorities => "BUSINESS_PRIORITIES",
            Reason::ArchitectureConstraints => "ARCHITECTURE_CONSTRAINTS",
            Reason::Other => "OTHER",
            Reason::None => "NONE",
        }
    }
}

/// The answers file: the lens and workload to send them to, and one body per question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answers {
    pub workload_id: String,
    pub lens_alias: String,
    pub answers: Vec<QuestionAnswer>,
}

/// What the review says about one best practice.
#[derive(Default)]
struct Evidence<'a> {
    findings: Vec<&'a ReviewedFinding>,
    /// The answers to the practice's checklist questions (a merged pack can have several).
    answers: Vec<ChecklistAnswer<'a>>,
    checked_by_rule: bool,
}

struct ChecklistAnswer<'a> {
    value: AnswerValue,
    question: &'a str,
    note: &'a str,
}

impl Evidence<'_> {
    fn answered(&self, value: AnswerValue) -> bool {
        self.answers.iter().any(|a| a.value == value)
    }
}

/// The review's answer to every question of the lens, evaluated with `pack` (see the module
/// documentation for the selection).
pub fn answers(review: &Review, pack: &Pack) -> Answers {
    let triage = Triage::new(evaluate(&review.architecture, pack), &review.decisions);
    let mut evidence: BTreeMap<&str, Evidence> = BTreeMap::new();
    for rule in pack.rules() {
        for bp in rule.best_practices.iter() {
            evidence.entry(bp.as_str()).or_default().checked_by_rule = true;
        }
    }
    for f in &triage.findings {
        for bp in f.finding.best_practices.iter() {
            evidence.entry(bp.as_str()).or_default().findings.push(f);
        }
    }
    for item in pack.checklist() {
        if let Some(a) = review.answers.get(&item.id) {
            evidence
                .entry(item.best_practice.as_str())
                .or_default()
                .answers
                .push(ChecklistAnswer {
                    value: a.answer,
                    question: item.question.as_str(),
                    note: a.note.as_str(),
                });
        }
    }
    let empty = Evidence::default();
    let answers = practices::questions()
        .iter()
        .map(|q| {
            let bps: Vec<&BestPractice> = practices::all()
                .iter()
                .filter(|bp| bp.question_id == q.id)
                .collect();
            let of = |bp: &BestPractice| evidence.get(bp.id.as_str()).unwrap_or(&empty);
            question_answer(review, &q.id, &bps, of)
        })
        .collect();
    Answers {
        workload_id: WORKLOAD_PLACEHOLDER.to_owned(),
        lens_alias: LENS_PLACEHOLDER.to_owned(),
        answers,
    }
}

fn question_answer<'a>(
    review: &Review,
    question: &str,
    bps: &[&BestPractice],
    of: impl Fn(&BestPractice) -> &'a Evidence<'a>,
) -> QuestionAnswer {
    let mut selected = Vec::new();
    let mut choice_updates = BTreeMap::new();
    let mut notes: Vec<String> = Vec::new();
    let mut noted: BTreeSet<&str> = BTreeSet::new();
    for bp in bps {
        let evidence = of(bp);
        let choice = choice_id(&bp.id);
        let contradicted = evidence
            .findings
            .iter()
            .any(|f| matches!(f.status, FindingStatus::Open | FindingStatus::Accepted))
            || evidence.answered(AnswerValue::No);
        let not_applicable: Vec<String> = evidence
            .findings
            .iter()
            .filter(|f| f.status == FindingStatus::NotApplicable)
            .filter_map(|f| f.decision.as_ref())
            .map(|d| d.justification.trim().to_owned())
            .chain(
                evidence
                    .answers
                    .iter()
                    .filter(|a| a.value == AnswerValue::NotApplicable)
                    .map(|a| a.note.trim().to_owned()),
            )
            .collect();
        if contradicted {
            // Not selected, whatever else is said about it.
        } else if !not_applicable.is_empty() {
            let why: Vec<String> = not_applicable
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect();
            choice_updates.insert(
                choice.clone(),
                ChoiceUpdate {
                    status: ChoiceStatus::NotApplicable,
                    reason: Reason::OutOfScope,
                    notes: truncate(&clean(&why.join("; ")), CHOICE_NOTES_MAX),
                },
            );
        } else if evidence.checked_by_rule || evidence.answered(AnswerValue::Yes) {
            selected.push(choice.clone());
        }
        for f in &evidence.findings {
            if noted.insert(f.finding.id.as_str()) {
                notes.push(format!("{choice}: {}", finding_note(review, f)));
            }
        }
        for a in evidence
            .answers
            .iter()
            .filter(|a| a.value == AnswerValue::No)
        {
            let mut line = format!("{choice}: checklist answered no: {}", a.question);
            if !a.note.trim().is_empty() {
                line.push_str(" (");
                line.push_str(a.note.trim());
                line.push(')');
            }
            notes.push(line);
        }
    }
    let answered_no = |bp: &&BestPractice| of(bp).answered(AnswerValue::No);
    if !bps.is_empty() && bps.iter().all(answered_no) {
        selected = vec![format!("{question}{NONE_SUFFIX}")];
    }
    let is_applicable = bps.is_empty() || choice_updates.len() < bps.len();
    QuestionAnswer {
        question_id: question.to_owned(),
        selected_choices: selected,
        choice_updates,
        notes: truncate(&clean(&notes.join("\n")), NOTES_MAX),
        is_applicable,
        reason: (!is_applicable).then_some(Reason::OutOfScope),
    }
}

/// `open (high): Title — Subject`, or for a decided finding
/// `mitigated: Title — Subject; owner: …; ticket: …; justification`.
fn finding_note(review: &Review, f: &ReviewedFinding) -> String {
    let subject = f.finding.subject_label(&review.architecture);
    let mut line = match f.status {
        FindingStatus::Open => format!(
            "open ({}): {} — {subject}",
            f.finding.risk.id(),
            f.finding.title
        ),
        status => format!("{}: {} — {subject}", status.label(), f.finding.title),
    };
    if let Some(d) = &f.decision {
        if !d.owner.trim().is_empty() {
            line.push_str("; owner: ");
            line.push_str(d.owner.trim());
        }
        if let Some(ticket) = d.ticket.as_deref().filter(|t| !t.trim().is_empty()) {
            line.push_str("; ticket: ");
            line.push_str(ticket.trim());
        }
        if !d.justification.trim().is_empty() {
            line.push_str("; ");
            line.push_str(d.justification.trim());
        }
    }
    line
}

/// `text` without NUL characters, which neither a command-line argument nor the WA Tool takes.
fn clean(text: &str) -> String {
    text.replace('\0', "")
}

/// `text` cut to at most `max` characters, ending with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The answers as two-space indented JSON with a trailing newline.
pub fn to_json(answers: &Answers) -> String {
    let mut text = serde_json::to_string_pretty(answers)
        .expect("answers are plain strings, lists, maps and enums");
    text.push('\n');
    text
}

/// The answers as a POSIX shell script: `sh answers.sh WORKLOAD_ID LENS_ALIAS_OR_ARN` runs one
/// `aws wellarchitected update-answer` per question. Every value is single-quoted (a `'` inside
/// becomes `'\''`), so nothing in a label or a justification is expanded or run.
pub fn to_script(answers: &Answers) -> String {
    let mut out = String::from(
        "#!/bin/sh\n\
         # The answers of a Lensboard review to the Generative AI Lens (Lensboard) custom lens,\n\
         # one WA Tool UpdateAnswer per question. Written by `lens export --to wa-answers-script`.\n\
         # Usage: sh answers.sh WORKLOAD_ID LENS_ALIAS_OR_ARN\n\
         set -eu\n\
         if [ \"$#\" -ne 2 ]; then\n\
         \x20 echo \"usage: $0 WORKLOAD_ID LENS_ALIAS_OR_ARN (the custom lens's ARN or alias, as added to the workload)\" >&2\n\
         \x20 exit 2\n\
         fi\n",
    );
    for a in &answers.answers {
        out.push_str("aws wellarchitected update-answer --workload-id \"$1\" --lens-alias \"$2\"");
        out.push_str(" \\\n  --question-id ");
        out.push_str(&quote(&a.question_id));
        out.push_str(" \\\n  --selected-choices ");
        out.push_str(&quote(&compact(&a.selected_choices)));
        if !a.choice_updates.is_empty() {
            out.push_str(" \\\n  --choice-updates ");
            out.push_str(&quote(&compact(&a.choice_updates)));
        }
        out.push_str(" \\\n  --notes ");
        out.push_str(&quote(&a.notes));
        if a.is_applicable {
            out.push_str(" \\\n  --is-applicable\n");
        } else {
            out.push_str(" \\\n  --no-is-applicable --reason ");
            out.push_str(&quote(a.reason.unwrap_or(Reason::OutOfScope).as_str()));
            out.push('\n');
        }
    }
    out
}

/// `text` as one single-quoted shell word: inside single quotes the shell expands nothing, and a
/// `'` is written as `'\''` (close the quotes, an escaped quote, reopen).
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Compact JSON of a value, for the `aws` CLI's JSON-valued options.
fn compact<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("answers are plain strings, lists, maps and enums")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_inside_a_shell_word_closes_escapes_and_reopens_the_quotes() {
        assert_eq!(quote("it's $(x)"), r"'it'\''s $(x)'");
    }

    #[test]
    fn long_notes_are_cut_to_the_limit_with_an_ellipsis() {
        let cut = truncate(&"é".repeat(300), CHOICE_NOTES_MAX);
        assert_eq!(cut.chars().count(), CHOICE_NOTES_MAX);
        assert!(cut.ends_with("é…"));
        assert_eq!(truncate("short", CHOICE_NOTES_MAX), "short");
    }
}
