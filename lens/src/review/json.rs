//! The review JSON form (`"format": "lensboard/review"`): the architecture JSON plus what the team
//! decided, deterministic like the architecture form.
//!
//! ```json
//! {
//!   "format": "lensboard/review",
//!   "version": 1,
//!   "name": "…", "boundaries": [ … ], "components": [ … ], "flows": [ … ],
//!   "findings": [ { "id": "…", "rule": "…", "pillar": "security", "risk": "high",
//!                   "components": ["llm"], "status": "open" } ],
//!   "decisions": [ { "finding": "…", "status": "accepted", "justification": "…",
//!                    "owner": "…", "date": "2026-11-25", "ticket": null } ],
//!   "answers": [ { "item": "genai/checklist/…", "answer": "yes", "note": "…" } ],
//!   "decision_history": [ { "finding": "…", "status": "open", "justification": "", "owner": "…",
//!                           "date": "2026-11-26", "ticket": null } ],
//!   "milestones": [ { "name": "…", "created_at": 1767225600, "review": { …this form, without
//!                     "milestones"… } } ],
//!   "conflicts": [ { "element": "component", "id": "llm", "field": "label",
//!                    "reason": "both_changed", "base": "…", "ours": "…", "theirs": "…" } ]
//! }
//! ```
//!
//! The first keys are exactly those of the architecture JSON (`docs/FORMAT.md`) with
//! `format` changed. `findings` are the built-in pack's findings at export time with their status:
//! they are informative (a reader sees the risks without running `lens check`) and are recomputed,
//! not read, on import. `decisions` are sorted by finding, `answers` by item,
//! `decision_history` is in the order things happened (status `open` is a reopening), `milestones` by
//! creation time then name, `conflicts` (only when a merge left some, see [`crate::merge`]) in the
//! order found. A milestone's snapshot is stored in the review file in this form
//! (without `decision_history` and `milestones`).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{Answer, Decision, Milestone, Review, Snapshot};
use crate::engine::{evaluate, Pack};
use crate::error::ErrorCode;
use crate::json::{export_architecture, import_architecture};
use crate::model::Architecture;

/// The `format` value of the review JSON form.
pub const REVIEW_FORMAT: &str = "lensboard/review";

/// Why a text is not a valid review JSON.
#[derive(Debug, thiserror::Error)]
pub enum ReviewJsonError {
    #[error("it is not JSON: {0}")]
    Syntax(serde_json::Error),
    #[error("it is not a Lensboard review JSON (\"format\" must be \"{REVIEW_FORMAT}\")")]
    NotReview,
    #[error("its architecture is not valid: {0}")]
    Architecture(crate::json::ImportError),
    #[error("{field}: {problem}")]
    Field { field: String, problem: String },
}

impl ReviewJsonError {
    /// The code of this kind of error (see [`crate::error`]): any error in review JSON is one
    /// in the JSON of an architecture, except a newer format version.
    pub fn code(&self) -> ErrorCode {
        match self {
            ReviewJsonError::Architecture(e) => e.code(),
            ReviewJsonError::Syntax(_)
            | ReviewJsonError::NotReview
            | ReviewJsonError::Field { .. } => ErrorCode::InvalidArchitecture,
        }
    }
}

/// The full review form: architecture, findings with status, decisions, answers and milestones.
pub fn export_review(review: &Review, pack: &Pack) -> String {
    let mut object = snapshot_object(
        &review.architecture,
        &review.decisions,
        &review.answers,
        pack,
    );
    let milestones: Vec<Value> = review
        .milestones
        .iter()
        .map(|m| {
            json!({
                "name": m.name,
                "created_at": m.created_at,
                "review": Value::Object(snapshot_object(
                    &m.snapshot.architecture,
                    &m.snapshot.decisions,
                    &m.snapshot.answers,
                    pack,
                )),
            })
        })
        .collect();
    object.insert(
        "decision_history".into(),
        serde_json::to_value(&review.decision_history).unwrap_or_default(),
    );
    object.insert("milestones".into(), Value::Array(milestones));
    if !review.conflicts.is_empty() {
        object.insert(
            "conflicts".into(),
            serde_json::to_value(&review.conflicts).unwrap_or_default(),
        );
    }
    pretty(&Value::Object(object))
}

/// The form a milestone's snapshot is stored in.
pub(crate) fn snapshot_json(snapshot: &Snapshot, pack: &Pack) -> String {
    pretty(&Value::Object(snapshot_object(
        &snapshot.architecture,
        &snapshot.decisions,
        &snapshot.answers,
        pack,
    )))
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn snapshot_object(
    architecture: &Architecture,
    decisions: &BTreeMap<String, Decision>,
    answers: &BTreeMap<String, Answer>,
    pack: &Pack,
) -> Map<String, Value> {
    // The architecture's own deterministic export is the start; serde_json keeps key order.
    let mut object: Map<String, Value> =
        serde_json::from_str(&export_architecture(architecture)).unwrap_or_default();
    object.insert("format".into(), Value::String(REVIEW_FORMAT.into()));
    let triage = super::triage(&evaluate(architecture, pack), decisions);
    let findings: Vec<Value> = triage
        .findings
        .iter()
        .map(|f| {
            json!({
                "id": f.finding.id,
                "rule": f.finding.rule,
                "pillar": f.finding.pillar,
                "risk": f.finding.risk,
                "components": f.finding.components,
                "status": f.status,
            })
        })
        .collect();
    object.insert("findings".into(), Value::Array(findings));
    object.insert(
        "decisions".into(),
        serde_json::to_value(decisions.values().collect::<Vec<_>>()).unwrap_or_default(),
    );
    object.insert(
        "answers".into(),
        serde_json::to_value(answers.values().collect::<Vec<_>>()).unwrap_or_default(),
    );
    object
}

/// Reads the full review form (what [`export_review`] writes). Decisions are validated.
pub fn import_review(text: &str) -> Result<Review, ReviewJsonError> {
    let value: Value = serde_json::from_str(text).map_err(ReviewJsonError::Syntax)?;
    let Value::Object(mut object) = value else {
        return Err(ReviewJsonError::NotReview);
    };
    let milestones = object.remove("milestones");
    let history = object.remove("decision_history");
    let conflicts = object.remove("conflicts");
    let snapshot = snapshot_from(object, "")?;
    let mut review = Review::new(snapshot.architecture);
    review.decisions = snapshot.decisions;
    review.answers = snapshot.answers;
    if let Some(history) = history {
        review.decision_history = serde_json::from_value(history)
            .map_err(|e| field("decision_history", &e.to_string()))?;
    }
    if let Some(conflicts) = conflicts {
        review.conflicts =
            serde_json::from_value(conflicts).map_err(|e| field("conflicts", &e.to_string()))?;
    }
    if let Some(milestones) = milestones {
        let Value::Array(list) = milestones else {
            return Err(field("milestones", "expected an array"));
        };
        for (i, m) in list.into_iter().enumerate() {
            let at = format!("milestones[{i}]");
            let Value::Object(mut m) = m else {
                return Err(field(&at, "expected an object"));
            };
            let name = match m.remove("name") {
                Some(Value::String(s)) if !s.trim().is_empty() => s,
                _ => return Err(field(&format!("{at}.name"), "expected a non-empty text")),
            };
            let created_at = m
                .remove("created_at")
                .and_then(|v| v.as_i64())
                .ok_or_else(|| field(&format!("{at}.created_at"), "expected an integer"))?;
            let Some(Value::Object(inner)) = m.remove("review") else {
                return Err(field(&format!("{at}.review"), "expected an object"));
            };
            if let Some(key) = m.keys().next() {
                return Err(field(&format!("{at}.{key}"), "unknown field"));
            }
            let snapshot = snapshot_from(inner, &format!("{at}.review."))?;
            if review.milestone(&name).is_some() {
                return Err(field(
                    &format!("{at}.name"),
                    "a milestone of this name exists",
                ));
            }
            review.milestones.push(Milestone {
                name,
                created_at,
                snapshot,
            });
        }
    }
    Ok(review)
}

/// Reads a milestone's stored snapshot.
pub(crate) fn parse_snapshot(text: &str) -> Result<Snapshot, ReviewJsonError> {
    match serde_json::from_str(text).map_err(ReviewJsonError::Syntax)? {
        Value::Object(object) => snapshot_from(object, ""),
        _ => Err(ReviewJsonError::NotReview),
    }
}

fn field(field: &str, problem: &str) -> ReviewJsonError {
    ReviewJsonError::Field {
        field: field.to_owned(),
        problem: problem.to_owned(),
    }
}

fn snapshot_from(mut object: Map<String, Value>, at: &str) -> Result<Snapshot, ReviewJsonError> {
    if object.get("format").and_then(Value::as_str) != Some(REVIEW_FORMAT) {
        return Err(ReviewJsonError::NotReview);
    }
    object.remove("findings");
    let decisions = object.remove("decisions").unwrap_or(Value::Array(vec![]));
    let answers = object.remove("answers").unwrap_or(Value::Array(vec![]));
    object.insert(
        "format".into(),
        Value::String("lensboard/architecture".into()),
    );
    let architecture = import_architecture(&Value::Object(object).to_string())
        .map_err(ReviewJsonError::Architecture)?;
    let decisions: Vec<Decision> = serde_json::from_value(decisions)
        .map_err(|e| field(&format!("{at}decisions"), &e.to_string()))?;
    let answers: Vec<Answer> = serde_json::from_value(answers)
        .map_err(|e| field(&format!("{at}answers"), &e.to_string()))?;
    let mut by_finding = BTreeMap::new();
    for (i, d) in decisions.into_iter().enumerate() {
        d.validate()
            .map_err(|e| field(&format!("{at}decisions[{i}]"), &e.to_string()))?;
        by_finding.insert(d.finding.clone(), d);
    }
    Ok(Snapshot {
        architecture,
        decisions: by_finding,
        answers: answers.into_iter().map(|a| (a.item.clone(), a)).collect(),
    })
}
