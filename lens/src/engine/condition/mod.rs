//! The conditions a rule can require, one module per family, and the registry that names them.
//!
//! A family is what a rule writes as `requires = { <name> = <body> }`. Its module holds all of
//! it: the body's format (a serde type, `deny_unknown_fields`, documented fields), the compile
//! step that checks it against the catalog with the [`Compiler`] (every problem names its field),
//! and the compiled [`Condition`], which evaluates in two steps:
//!
//! - **prepare** ([`Condition::prepare`]): the graph work that does not depend on the subject,
//!   once per rule and evaluation — a multi-source search from every source at once, the zones
//!   that reach each component, … — through the graph API of [`crate::model::topology`] (no
//!   family walks the graph itself);
//! - **check** ([`Check::check`]): each subject answered from what was prepared, in about
//!   constant time, with the evidence to highlight when it fails. So a rule costs O(V + E)
//!   whatever the number of subjects.
//!
//! # Adding a family
//!
//! 1. Write `condition/<name>.rs` with the body's format type, a `compile` function
//!    (`fn(&toml::Value, &mut Compiler, field) -> Box<dyn Condition>`; read the body with
//!    [`Compiler::body`], resolve selectors and properties with the compiler's methods, report
//!    misuse with [`Compiler::problem`], [`Compiler::needs_components`], …), and the condition
//!    type implementing [`Condition`] (and [`Check`], or a prepared type that does).
//! 2. Add `mod <name>;` below and one line to [`FAMILIES`].
//! 3. Add fixtures that fire and pass to the pack tests, and document the format in
//!    `docs/FORMAT.md`.
//!
//! Nothing else changes: the scheduler, the finding builder and the pack loader know conditions
//! only through these two traits.

mod all;
mod crossing_protected;
mod cycle_bounded;
mod every_path;
mod holds_none;
mod neighbour_differs;
mod neighbours;
mod no_path;
mod present;
mod property;
mod reached_from_boundaries;
mod screened;

use std::fmt;

use super::compile::Compiler;
use super::context::{Context, Evidence, Subject};
use super::format::PredicateFormat;
use crate::model::topology::Searches;

/// A compiled condition of one family.
pub(crate) trait Condition: fmt::Debug + Send + Sync {
    /// Does the work that does not depend on the subject, once per rule and evaluation. Searches
    /// take their buffers from `searches` and give them back in [`Check::give_back`].
    fn prepare<'r>(&'r self, ctx: &Context<'_>, searches: &mut Searches) -> Box<dyn Check + 'r>;

    /// Whether a failure can carry a witness path (so that `{source}` means something in the
    /// rule's messages).
    fn yields_path(&self) -> bool {
        false
    }

    /// Whether a failure can rest only on properties nobody set (basis `unstated`).
    fn may_be_unstated(&self) -> bool {
        false
    }
}

/// A condition prepared for one evaluation.
pub(crate) trait Check {
    /// Whether the subject satisfies the condition; if not, what to highlight.
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence>;

    /// Hands the buffers of the searches it prepared back for the next rule.
    fn give_back(self: Box<Self>, _searches: &mut Searches) {}
}

/// A condition that needs no preparation is its own check.
impl<T: Check + ?Sized> Check for &T {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        (**self).check(ctx, subject)
    }
}

/// A condition family: its name in the rule format and how to compile its body.
pub(crate) struct Family {
    pub name: &'static str,
    pub compile: fn(&toml::Value, &mut Compiler<'_>, &str) -> Box<dyn Condition>,
}

/// Every family, by the name a rule writes.
pub(crate) const FAMILIES: &[Family] = &[
    all::ALL,
    all::ANY,
    all::NOT,
    property::FAMILY,
    neighbours::FAMILY,
    every_path::FAMILY,
    no_path::FAMILY,
    cycle_bounded::FAMILY,
    crossing_protected::FAMILY,
    present::FAMILY,
    holds_none::FAMILY,
    neighbour_differs::FAMILY,
    reached_from_boundaries::FAMILY,
    screened::FAMILY,
];

/// Compiles a condition written as `{ <family> = <body> }` at `field`.
pub(crate) fn compile(
    p: &PredicateFormat,
    c: &mut Compiler<'_>,
    field: &str,
) -> Box<dyn Condition> {
    let names = || {
        FAMILIES
            .iter()
            .map(|f| format!("`{}`", f.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let entry = match &p.0 {
        toml::Value::Table(t) if t.len() == 1 => t.iter().next(),
        _ => None,
    };
    let Some((name, body)) = entry else {
        c.problem(
            field,
            format!(
                "write one condition as a table with one key, such as `{{ property = {{ … }} }}`; \
                 the conditions are {}",
                names()
            ),
        );
        return Box::new(all::Nothing);
    };
    match FAMILIES.iter().find(|f| f.name == name) {
        Some(family) => (family.compile)(body, c, &format!("{field}.{name}")),
        None => {
            c.problem(
                field,
                format!("unknown condition `{name}`; use one of {}", names()),
            );
            Box::new(all::Nothing)
        }
    }
}
