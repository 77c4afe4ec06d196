//! The rule engine: rules as data, evaluated over the architecture graph into findings.
//!
//! A rule (TOML, [`format`]) names the lens best practices it checks, its pillar and risk, the
//! subjects it applies to (components or flows, selected by kind, category, property values and
//! zone trust) and what must hold for each subject: property, neighbour, path, cycle, boundary
//! crossing and presence conditions, combined with `all`, `any` and `not`. Packs are compiled
//! into validated [`Rule`]s at load time ([`Pack`]); every unknown name is an error that names
//! the file, the rule and the field. [`evaluate`] runs a pack over an [`Architecture`] and returns
//! [`Finding`]s with stable ids, the components and flows to highlight, and witness paths.
//!
//! Path conditions are what make the rules graph-aware: "every path from untrusted input to the
//! model passes a guardrail" is checked as "no path from the inputs to the model survives once the
//! guardrails are removed", one breadth-first search per rule for all subjects.
//!
//! [`Architecture`]: crate::model::Architecture

mod coverage;
mod eval;
mod finding;
pub mod format;
mod pack;
mod rule;
pub mod sarif;
mod table;
mod vocabulary;

pub use coverage::{Coverage, PillarCoverage, PracticeCoverage};
pub use eval::evaluate;
pub use finding::{Finding, Summary};
pub use pack::{ChecklistItem, Pack, PackError, PackErrors, CHECKLIST_FILE};
pub use rule::Rule;
