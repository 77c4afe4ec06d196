//! Checklist answers and the per-pillar summary of a review (the Well-Architected Tool's view).
//!
//! Each checklist item of the pack (`genai/checklist/<slug>`, one per best practice) is answered
//! `yes`, `no` or `not_applicable`, with a note. [`lens_summary`] combines answers with findings:
//!
//! - **Risks** of a pillar: its *open* findings counted at their risk, plus every checklist item
//!   answered `no`, counted at its best practice's "risk if missing" level.
//! - **Unanswered**: checklist items of the pillar without an answer.
//! - **Coverage meter**: of the lens's best practices, how many are *addressed*. A best practice is
//!   addressed when its checklist question is answered `yes` or `not_applicable`, or when the
//!   pack has at least one rule for it, no open finding names it and its question is not answered
//!   `no` (a `no` is the team saying the practice is missing, which no drawing overrides).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::decisions::{FindingStatus, Triage};
use crate::engine::Pack;
use crate::practices::{self, Pillar, Risk};

/// The answer to a checklist question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    Yes,
    No,
    NotApplicable,
}

impl AnswerValue {
    pub const ALL: [AnswerValue; 3] = [
        AnswerValue::Yes,
        AnswerValue::No,
        AnswerValue::NotApplicable,
    ];

    pub fn id(self) -> &'static str {
        match self {
            AnswerValue::Yes => "yes",
            AnswerValue::No => "no",
            AnswerValue::NotApplicable => "not_applicable",
        }
    }

    /// For people: "yes", "no", "not applicable".
    pub fn label(self) -> &'static str {
        match self {
            AnswerValue::NotApplicable => "not applicable",
            other => other.id(),
        }
    }

    pub fn from_id(id: &str) -> Option<AnswerValue> {
        Self::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// The answer to one checklist item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The checklist item's id (`genai/checklist/<slug>`).
    pub item: String,
    pub answer: AnswerValue,
    #[serde(default)]
    pub note: String,
}

/// One best practice in the summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PracticeSummary {
    pub best_practice: String,
    pub title: String,
    pub risk_if_missing: Risk,
    pub url: String,
    /// Whether the pack has rules that check it on the drawing.
    pub automated: bool,
    /// Open findings naming it.
    pub open_findings: u32,
    /// Its checklist item, if the pack has one.
    pub checklist_item: Option<String>,
    pub answer: Option<AnswerValue>,
    /// See the module documentation for the definition.
    pub addressed: bool,
}

/// One pillar of the summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PillarSummary {
    pub pillar: Pillar,
    pub title: String,
    /// Open high risks: open high findings plus `no` answers on high-risk best practices.
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    /// Checklist items of this pillar without an answer.
    pub unanswered: u32,
    /// Checklist items of this pillar.
    pub questions: u32,
    /// Best practices addressed / in the pillar.
    pub addressed: u32,
    pub best_practices: u32,
    pub practices: Vec<PracticeSummary>,
}

/// The review at a glance, per pillar and for the whole lens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LensSummary {
    pub pillars: Vec<PillarSummary>,
    /// Best practices addressed, of `best_practices` (the coverage meter).
    pub addressed: u32,
    pub best_practices: u32,
    pub unanswered: u32,
    /// Answers whose checklist item the pack does not have (kept in the review, listed here).
    pub orphaned_answers: Vec<String>,
}

impl LensSummary {
    /// The coverage meter as a whole percentage (rounded down).
    pub fn coverage_percent(&self) -> u32 {
        (self.addressed * 100)
            .checked_div(self.best_practices)
            .unwrap_or(0)
    }
}

/// The per-pillar summary of a review: `triage` is the findings joined with decisions
/// ([`super::triage`]), `answers` the review's answers, `pack` the rules and checklist used.
pub fn lens_summary(
    triage: &Triage,
    answers: &BTreeMap<String, Answer>,
    pack: &Pack,
) -> LensSummary {
    let automated: BTreeSet<&str> = pack
        .rules()
        .iter()
        .flat_map(|r| r.best_practices.iter().map(String::as_str))
        .collect();
    let mut open_by_practice: BTreeMap<&str, u32> = BTreeMap::new();
    let mut open_by_pillar: BTreeMap<Pillar, [u32; 3]> = BTreeMap::new();
    for f in triage
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Open)
    {
        for bp in f.finding.best_practices.iter() {
            *open_by_practice.entry(bp.as_str()).or_default() += 1;
        }
        open_by_pillar.entry(f.finding.pillar).or_default()[risk_slot(f.finding.risk)] += 1;
    }
    let item_of: BTreeMap<&str, &str> = pack
        .checklist()
        .iter()
        .map(|i| (i.best_practice.as_str(), i.id.as_str()))
        .collect();
    let known_items: BTreeSet<&str> = pack.checklist().iter().map(|i| i.id.as_str()).collect();

    let mut pillars = Vec::new();
    for pillar in Pillar::ALL {
        let mut counts = open_by_pillar.get(&pillar).copied().unwrap_or_default();
        let mut practices_of_pillar = Vec::new();
        let mut unanswered = 0;
        let mut questions = 0;
        for bp in practices::all().iter().filter(|bp| bp.pillar == pillar) {
            let item = item_of.get(bp.id.as_str()).copied();
            let answer = item.and_then(|i| answers.get(i)).map(|a| a.answer);
            if item.is_some() {
                questions += 1;
                if answer.is_none() {
                    unanswered += 1;
                }
            }
            if answer == Some(AnswerValue::No) {
                counts[risk_slot(bp.risk_if_missing)] += 1;
            }
            let is_automated = automated.contains(bp.id.as_str());
            let open_findings = open_by_practice.get(bp.id.as_str()).copied().unwrap_or(0);
            let addressed = match answer {
                Some(AnswerValue::Yes | AnswerValue::NotApplicable) => true,
                Some(AnswerValue::No) => false,
                None => is_automated && open_findings == 0,
            };
            practices_of_pillar.push(PracticeSummary {
                best_practice: bp.id.clone(),
                title: bp.title.clone(),
                risk_if_missing: bp.risk_if_missing,
                url: bp.url.clone(),
                automated: is_automated,
                open_findings,
                checklist_item: item.map(str::to_owned),
                answer,
                addressed,
            });
        }
        let addressed = practices_of_pillar.iter().filter(|p| p.addressed).count();
        pillars.push(PillarSummary {
            pillar,
            title: pillar.title().to_owned(),
            high: counts[0],
            medium: counts[1],
            low: counts[2],
            unanswered,
            questions,
            addressed: u32::try_from(addressed).unwrap_or(u32::MAX),
            best_practices: u32::try_from(practices_of_pillar.len()).unwrap_or(u32::MAX),
            practices: practices_of_pillar,
        });
    }
    LensSummary {
        addressed: pillars.iter().map(|p| p.addressed).sum(),
        best_practices: pillars.iter().map(|p| p.best_practices).sum(),
        unanswered: pillars.iter().map(|p| p.unanswered).sum(),
        orphaned_answers: answers
            .keys()
            .filter(|k| !known_items.contains(k.as_str()))
            .cloned()
            .collect(),
        pillars,
    }
}

fn risk_slot(risk: Risk) -> usize {
    match risk {
        Risk::High => 0,
        Risk::Medium => 1,
        Risk::Low => 2,
    }
}
