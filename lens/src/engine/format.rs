//! The rule format as written in a pack's TOML files: plain serde types, every field documented,
//! unknown fields rejected. `super::rule` compiles them into validated rules; every check that
//! spans several fields (ids against the catalog and the lens, one operator per condition,
//! placeholders in messages) happens there, at load time.
//!
//! A pack file holds `[[rule]]` tables:
//!
//! ```toml
//! [[rule]]
//! id = "genai/security/unsandboxed-code-interpreter"
//! best_practices = ["GENSEC05-BP01"]
//! pillar = "security"
//! dimensions = ["safety", "controllability"]
//! title = "Code interpreter runs without a sandbox"
//! message = "{label} runs model-written code outside a sandbox."
//! why = "…"
//! fix = "…"
//! applies_to = { components = { kind = ["code_interpreter"] } }
//! requires = { property = { property = "sandboxed", equals = true } }
//! ```

use serde::Deserialize;

use crate::model::Value;
use crate::practices::{Pillar, Risk};

/// One rule as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFormat {
    /// Stable id, `<namespace>/<pillar>/<slug>` (`genai/security/untrusted-input-reaches-model`).
    /// Findings and decisions are keyed by it: never rename a published rule.
    pub id: String,
    /// The lens best practices the rule checks (`GENSEC02-BP01`), at least one.
    pub best_practices: Vec<String>,
    /// Must be the pillar named in the id and the pillar of the best practices.
    pub pillar: Pillar,
    /// The responsible-AI dimensions the rule concerns (`fairness`, `explainability`,
    /// `privacy_security`, `safety`, `controllability`, `veracity_robustness`, `governance`,
    /// `transparency`; see [`crate::practices::Dimension`]), each at most once. Optional: a rule
    /// may concern none.
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// Defaults to the highest risk-if-missing of the rule's best practices, the lens's own
    /// rating of what is exposed. A lower risk needs `risk_reason`.
    #[serde(default)]
    pub risk: Option<Risk>,
    /// Why the rule rates its findings below the lens (a partial mitigation the subjects are
    /// selected for, say); required when `risk` is lower than the lens's level, refused otherwise.
    #[serde(default)]
    pub risk_reason: Option<String>,
    /// One line, the rule's name in lists.
    pub title: String,
    /// The finding's message. Placeholders: `{label}` and `{id}` of the subject, `{source}` (label
    /// of the first component of the witness path, path rules only), `{from}` and `{to}` (labels
    /// of a flow subject's ends, flow rules only).
    pub message: String,
    /// The message for a finding that rests only on properties nobody set (basis `unstated`):
    /// what the drawing does not say, rather than a risk it shows ("{label} does not state that
    /// it is reached over a private network"). Same placeholders as `message`; without it such a
    /// finding keeps `message`.
    #[serde(default)]
    pub unstated: Option<String>,
    /// Why it matters, one or two sentences.
    pub why: String,
    /// What to add or change so that the finding goes away; same placeholders as `message`.
    pub fix: String,
    /// Link to read more; defaults to the first best practice's lens page.
    #[serde(default)]
    pub url: Option<String>,
    /// What the rule is about: one finding per subject that does not satisfy `requires`.
    pub applies_to: SubjectFormat,
    /// What must hold for each subject.
    pub requires: PredicateFormat,
}

/// The subjects of a rule: components or flows.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectFormat {
    Components(SelectorFormat),
    Flows(FlowSelectorFormat),
}

/// Selects components. Every given field must match; an empty selector matches every component.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectorFormat {
    /// Catalog kind ids; the component's kind must be one of them.
    #[serde(default)]
    pub kind: Vec<String>,
    /// Catalog category ids; the component's kind must be in one of them.
    #[serde(default)]
    pub category: Vec<String>,
    /// Conditions on the component's properties (catalog default when unset), all must hold.
    #[serde(default)]
    pub properties: Vec<PropertyFormat>,
    /// Trust of the zone the component sits in (its innermost boundary); a component outside
    /// every boundary counts as being on the `internet`.
    #[serde(default)]
    pub zone_trust: Vec<crate::model::Trust>,
    /// The data the component holds, carried to it along the flows from data sources (and flows
    /// that state what they carry): see `model::held`.
    #[serde(default)]
    pub holds: Option<HoldsFormat>,
}

/// Conditions on the data a component holds; every given field must match.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldsFormat {
    /// The most sensitive class it holds is one of these (`public`, `internal`, `confidential`,
    /// `regulated`).
    #[serde(default)]
    pub classification: Vec<String>,
    /// `true`: personal data reaches it unredacted; `false`: none does.
    #[serde(default)]
    pub pii: Option<bool>,
}

/// Selects flows. Every given field must match.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowSelectorFormat {
    /// The component the flow leaves.
    #[serde(default)]
    pub from: Option<SelectorFormat>,
    /// The component the flow enters.
    #[serde(default)]
    pub to: Option<SelectorFormat>,
    /// Conditions on the flow's own properties (catalog default when unset).
    #[serde(default)]
    pub properties: Vec<PropertyFormat>,
    /// `true`: only flows that enter a zone of higher trust; `false`: only flows that do not.
    #[serde(default)]
    pub enters_higher_trust: Option<bool>,
}

/// A condition on one property; exactly one operator. A property that is unset and has no
/// catalog default, or whose value is `"unknown"`, satisfies no operator except `set = false`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyFormat {
    /// The catalog property id.
    pub property: String,
    #[serde(default)]
    pub equals: Option<Value>,
    #[serde(default)]
    pub one_of: Option<Vec<Value>>,
    /// `true`: the property has a known value; `false`: it has none.
    #[serde(default)]
    pub set: Option<bool>,
    #[serde(default)]
    pub greater_than: Option<f64>,
    #[serde(default)]
    pub at_least: Option<f64>,
    #[serde(default)]
    pub less_than: Option<f64>,
    #[serde(default)]
    pub at_most: Option<f64>,
    /// In a rule's `applies_to.components` only: a component whose value is `"unknown"` is a
    /// subject too, because the condition may hold on it; a finding on it asks the property
    /// (basis unstated) instead of stating a fact.
    #[serde(default)]
    pub or_unknown: bool,
}

/// Which flows a path condition follows, by what they are for (the flow property `purpose`,
/// or the default for the kinds a flow joins).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Along {
    /// Requests only: the paths input and answers travel.
    #[default]
    Requests,
    /// The flows data travels on: requests, responses and data syncs.
    Data,
    /// Every flow, telemetry, feedback and evaluation traffic included.
    Flows,
}

/// What must hold for a subject, as written: a table with one key, the name of a condition
/// family, whose value is that family's own format (`{ all = [...] }`, `{ property = {...} }`).
/// The families and their formats are listed in `super::condition`; the compiler looks the
/// name up there.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct PredicateFormat(pub toml::Value);

/// A checklist item as written in `checklist.toml` (`[[item]]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItemFormat {
    /// Stable id, `<namespace>/checklist/<slug>`.
    pub id: String,
    /// The best practice the answer establishes.
    pub best_practice: String,
    /// The responsible-AI dimensions the question concerns, as for a rule; optional.
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// The question a person answers.
    pub question: String,
}
