//! `no_path`: no path from a component matching `from` to a component matching `to` avoids the
//! components matching `avoiding`.
//!
//! ```toml
//! requires = { no_path = { from = { kind = ["user"] }, avoiding = { kind = ["gateway"] } } }
//! ```
//!
//! Without `to`, the target is the subject (components only), and it reads "no path from `from`
//! to the subject avoids `avoiding`". With `to`, the condition is about the whole architecture:
//! every subject fails with the same witness when such a path exists. Without `avoiding`, any
//! path at all violates.

use serde::Deserialize;

use super::every_path::Unguarded;
use super::{Check, Condition, Family};
use crate::engine::context::{Context, Evidence, Subject};
use crate::engine::format::{Along, SelectorFormat};
use crate::engine::select::Selector;
use crate::model::topology::{Reach, Searches, Walk};

/// The body of `no_path`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoPathFormat {
    pub from: SelectorFormat,
    /// Defaults to the subject.
    #[serde(default)]
    pub to: Option<SelectorFormat>,
    /// Defaults to nothing: then any path at all violates.
    #[serde(default)]
    pub avoiding: Option<SelectorFormat>,
    /// Which flows paths follow (default: requests).
    #[serde(default)]
    pub along: Along,
}

pub(super) const FAMILY: Family = Family {
    name: "no_path",
    compile: |body, c, field| {
        let Some(n) = c.body::<NoPathFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        let from = c.selector(&n.from, &format!("{field}.from"));
        let to = match &n.to {
            Some(to) => Some(c.selector(to, &format!("{field}.to"))),
            None => {
                c.needs_components(&format!("{field} (without `to`)"));
                None
            }
        };
        let avoiding = n
            .avoiding
            .as_ref()
            .map(|a| c.selector(a, &format!("{field}.avoiding")));
        Box::new(NoPath {
            from,
            to,
            avoiding,
            along: n.along,
        })
    },
};

#[derive(Debug)]
struct NoPath {
    from: Selector,
    /// `None`: the subject.
    to: Option<Selector>,
    avoiding: Option<Selector>,
    along: Along,
}

impl Condition for NoPath {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, searches: &mut Searches) -> Box<dyn Check + 'r> {
        let blocked = match &self.avoiding {
            Some(a) => a.mask(ctx),
            None => Vec::new(),
        };
        let sources = self.from.select(ctx);
        let along = ctx.flows_along(self.along);
        let reach = Reach::new(
            ctx.topology,
            Walk::Downstream,
            &sources,
            &blocked,
            along,
            searches,
        );
        let Some(to) = &self.to else {
            return Box::new(Unguarded(reach));
        };
        let hit = to.select(ctx).into_iter().find(|&n| reach.reached(n));
        let violation = hit.and_then(|n| reach.witness(n)).map(Evidence::path);
        searches.give_back(reach);
        Box::new(Violation(violation))
    }
    fn yields_path(&self) -> bool {
        true
    }
}

/// The violating path, if any: the same for every subject.
struct Violation(Option<Evidence>);

impl Check for Violation {
    fn check(&self, _: &Context<'_>, _: Subject<'_>) -> Result<(), Evidence> {
        match &self.0 {
            None => Ok(()),
            Some(e) => Err(e.clone()),
        }
    }
}
