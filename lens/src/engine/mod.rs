//! The rule engine: rules as data, evaluated over the architecture graph into findings.
//!
//! A rule (TOML, [`format`](mod@format)) names the lens best practices it checks, its pillar and risk, the
//! subjects it applies to (components or flows, selected by kind, category, property values and
//! zone trust) and one condition that must hold for each subject. Packs are compiled into
//! validated [`Rule`]s at load time ([`Pack`]); every unknown name is an error that names the
//! file, the rule and the field. [`evaluate`] runs a pack over an [`Architecture`] and returns
//! [`Finding`]s with stable ids, the components and flows to highlight, and witness paths.
//!
//! Path conditions are what make the rules graph-aware: "every path from untrusted input to the
//! model passes a guardrail" is checked as "no path from the inputs to the model survives once the
//! guardrails are removed", one breadth-first search per rule for all subjects.
//!
//! # Where things are
//!
//! - [`format`](mod@format): the rule format as written (serde types).
//! - `compile`: the compiler that resolves a rule's names against the catalog and collects its
//!   problems; `rule`: the validated [`Rule`] and the steps that compile one; `select`: compiled
//!   selectors and property conditions; `operator`: property operators encoded for the tables.
//! - `condition`: **the condition families, one module each, and their registry** — the
//!   engine's extension point (below).
//! - `context`: what one evaluation knows (positions, the kept topology and content tables);
//!   `eval`: the scheduler and the finding builder. All graph work goes through
//!   `crate::model::topology`, the crate's one graph API.
//! - [`pack`](Pack), `coverage`, [`sarif`], `finding`: packs, best-practice coverage, SARIF output.
//!
//! # Adding a condition family
//!
//! One new file plus one registry line: write `condition/<name>.rs` (the body's serde format,
//! its compile function, the compiled type implementing `Condition` — prepare once per rule,
//! check each subject), then add `mod <name>;` and its `Family` to `FAMILIES` in
//! `condition/mod.rs`. If the family needs a new graph question (a search, a zone fact), add it
//! to `model::topology` rather than walking the graph in the family. Test it with fires/passes
//! fixtures in a pack (`lens/packs/genai/fixtures/`) and document the format in `docs/FORMAT.md`.
//!
//! [`Architecture`]: crate::model::Architecture

mod compile;
mod condition;
mod context;
mod coverage;
mod eval;
mod finding;
pub mod format;
mod operator;
mod pack;
mod rule;
pub mod sarif;
mod select;
mod template;

pub use coverage::{Coverage, PillarCoverage, PracticeCoverage};
pub use eval::{evaluate, evaluate_with};
pub use finding::{Basis, Finding, OpenQuestion, Summary};
pub use pack::{ChecklistItem, Pack, PackError, PackErrors, CHECKLIST_FILE};
pub use rule::Rule;
