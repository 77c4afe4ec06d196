//! [`Finding`]: one rule not satisfied by one subject, with everything needed to show it, trace it
//! back to the lens, and key decisions on it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{Architecture, ComponentId, FlowId, Value};
use crate::practices::{Dimension, Pillar, Risk};

/// One rule that one subject (a component or a flow) does not satisfy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    /// Stable id: `<rule>@<component id>` or `<rule>@flow:<flow id>`. Built from ids only, so it
    /// survives relabeling, moving and unrelated edits; decisions are keyed by it.
    pub id: String,
    /// The rule's id. (The rule's own texts are shared between its findings, not copied.)
    pub rule: Arc<str>,
    /// The lens best practices the rule checks.
    pub best_practices: Arc<[String]>,
    pub pillar: Pillar,
    /// The responsible-AI dimensions of the rule, in the lens's order (possibly none). Absent in
    /// findings written before rules had dimensions, which read back as none.
    #[serde(default)]
    pub dimensions: Arc<[Dimension]>,
    pub risk: Risk,
    /// Components to highlight, the subject first (for a flow subject: its two ends).
    pub components: Vec<ComponentId>,
    /// Flows to highlight: a flow subject first, then the witness path's flows.
    pub flows: Vec<FlowId>,
    /// The witness path for path rules (component ids, source first), else empty.
    pub path: Vec<ComponentId>,
    /// Whether the witness path was left out because the rule's findings already carry as many
    /// path steps as one rule may (on very large architectures; see `PATH_STEPS_PER_RULE`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub path_elided: bool,
    /// What the finding rests on: what the drawing shows (`structure`), a property someone set
    /// (`stated`), or only properties nobody set (`unstated`: a question to answer rather than a
    /// risk the drawing shows).
    #[serde(default)]
    pub basis: Basis,
    /// The properties nobody set whose answers would settle the finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unanswered: Vec<OpenQuestion>,
    /// What is wrong, naming the subject by its label.
    pub message: String,
    /// What to add or change so that the finding goes away.
    pub remediation: String,
    /// The rule's title.
    pub title: Arc<str>,
    /// Why it matters.
    pub why: Arc<str>,
    /// Where to read more (the lens page).
    pub url: Arc<str>,
}

impl Finding {
    /// The flow the finding is about, for rules on flows (id `<rule>@flow:<flow>`); `None` when
    /// the subject is a component.
    pub fn subject_flow(&self) -> Option<&FlowId> {
        self.flows
            .first()
            .filter(|id| self.id.ends_with(&format!("@flow:{id}")))
    }

    /// The subject's name for people: a flow's `label` property (else its id), or the subject
    /// component's label (else its id, for a component that no longer exists).
    pub fn subject_label(&self, arch: &Architecture) -> String {
        if let Some(id) = self.subject_flow() {
            return arch
                .flow(id)
                .and_then(|flow| flow.properties.get("label"))
                .and_then(Value::as_text)
                .unwrap_or(id.as_str())
                .to_owned();
        }
        let id = self.components.first();
        id.and_then(|id| arch.component(id)).map_or_else(
            || id.map(ToString::to_string).unwrap_or_default(),
            |c| c.label.clone(),
        )
    }
}

/// What a finding rests on, from the firmest to the weakest.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// What the drawing shows: a path, a loop, something present or missing.
    #[default]
    Structure,
    /// A property someone set.
    Stated,
    /// Only properties nobody set, read at their catalog defaults.
    Unstated,
}

impl Basis {
    pub fn id(self) -> &'static str {
        match self {
            Basis::Structure => "structure",
            Basis::Stated => "stated",
            Basis::Unstated => "unstated",
        }
    }
}

/// A property of a component or a flow that nobody set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenQuestion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<ComponentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<FlowId>,
    /// The catalog property id.
    pub property: String,
}

/// Counts of findings per risk level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Summary {
    pub high: u32,
    pub medium: u32,
    pub low: u32,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match f.risk {
                Risk::High => s.high += 1,
                Risk::Medium => s.medium += 1,
                Risk::Low => s.low += 1,
            }
        }
        s
    }
}
