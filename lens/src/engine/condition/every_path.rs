//! `every_path`: every path from a component matching `from` to the subject passes a component
//! matching `through` — no path from `from` to the subject avoids `through`. A subject that
//! matches `from` itself is reached by the empty path.
//!
//! ```toml
//! requires = { every_path = { from = { kind = ["user"] }, through = { kind = ["guardrail"] } } }
//! ```
//!
//! Paths follow requests (`along = "requests"`, the default; `"data"` or `"flows"` to follow
//! more). Prepared as one search from every source at once with the `through` components
//! removed; a subject the search reaches fails, with the shortest such path as its witness.

use serde::Deserialize;

use super::{Check, Condition, Family};
use crate::engine::context::{Context, Evidence, Subject};
use crate::engine::format::{Along, SelectorFormat};
use crate::engine::select::Selector;
use crate::model::topology::{Reach, Searches, Walk};

/// The body of `every_path`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EveryPathFormat {
    pub from: SelectorFormat,
    pub through: SelectorFormat,
    #[serde(default)]
    pub along: Along,
}

pub(super) const FAMILY: Family = Family {
    name: "every_path",
    compile: |body, c, field| {
        c.needs_components(field);
        let Some(e) = c.body::<EveryPathFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        Box::new(EveryPath {
            from: c.selector(&e.from, &format!("{field}.from")),
            through: c.selector(&e.through, &format!("{field}.through")),
            along: e.along,
        })
    },
};

#[derive(Debug)]
struct EveryPath {
    from: Selector,
    through: Selector,
    along: Along,
}

impl Condition for EveryPath {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, searches: &mut Searches) -> Box<dyn Check + 'r> {
        let sources = self.from.select(ctx);
        let blocked = self.through.mask(ctx);
        Box::new(Unguarded(Reach::new(
            ctx.topology,
            Walk::Downstream,
            &sources,
            &blocked,
            ctx.flows_along(self.along),
            searches,
        )))
    }
    fn yields_path(&self) -> bool {
        true
    }
}

/// The components reached from the sources without passing a guard: a component subject the
/// search reached fails, with the search's shortest path to it. (Also what `no_path` without
/// `to` prepares.)
pub(super) struct Unguarded(pub Reach);

impl Check for Unguarded {
    fn check(&self, _: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        match self.0.witness(n) {
            None => Ok(()),
            Some(path) => Err(Evidence::path(path)),
        }
    }
    fn give_back(self: Box<Self>, searches: &mut Searches) {
        searches.give_back(self.0);
    }
}
