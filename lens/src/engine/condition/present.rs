//! `present`: something matching `of` exists — anywhere, connected to the subject by a flow,
//! downstream of it or upstream of it. Downstream and upstream follow every flow unless `along`
//! says otherwise (a monitor is connected by telemetry, not by requests), and with `avoiding` only
//! paths whose components between the subject and the match avoid it count (a caller reaches a
//! model itself, not through another caller).
//!
//! ```toml
//! requires = { present = { of = { kind = ["observability"] }, where = "downstream" } }
//! requires = { present = { of = { kind = ["model_endpoint"] }, where = "downstream", avoiding = { kind = ["agent"] } } }
//! ```

use serde::Deserialize;

use super::neighbours::{neighbours, Direction};
use super::{Check, Condition, Family};
use crate::engine::context::{holds, Context, Evidence, Subject};
use crate::engine::format::{Along, SelectorFormat};
use crate::engine::select::Selector;
use crate::model::topology::{Reach, Searches, Walk};

/// The body of `present`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresentFormat {
    pub of: SelectorFormat,
    #[serde(rename = "where")]
    pub place: Place,
    /// Which flows `downstream` and `upstream` follow (default: every flow).
    #[serde(default = "every_flow")]
    pub along: Along,
    /// For `downstream` and `upstream`: components a path may not pass between the subject and
    /// the match (the subject and the match themselves may match it).
    #[serde(default)]
    pub avoiding: Option<SelectorFormat>,
}

fn every_flow() -> Along {
    Along::Flows
}

/// Where the required component must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// Anywhere in the architecture.
    Anywhere,
    /// Connected to the subject by a flow, either way.
    Neighbour,
    /// Reached from the subject through flows.
    Downstream,
    /// Reaching the subject through flows.
    Upstream,
}

pub(super) const FAMILY: Family = Family {
    name: "present",
    compile: |body, c, field| {
        let Some(p) = c.body::<PresentFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        if p.place != Place::Anywhere {
            c.needs_components(field);
        }
        let avoiding = p.avoiding.as_ref().map(|a| {
            if !matches!(p.place, Place::Downstream | Place::Upstream) {
                c.problem(
                    &format!("{field}.avoiding"),
                    "only paths avoid components: use it with `where = \"downstream\"` or `\"upstream\"`"
                        .into(),
                );
            }
            c.selector(a, &format!("{field}.avoiding"))
        });
        Box::new(Present {
            of: c.selector(&p.of, &format!("{field}.of")),
            place: p.place,
            along: p.along,
            avoiding,
        })
    },
};

#[derive(Debug)]
struct Present {
    of: Selector,
    place: Place,
    along: Along,
    avoiding: Option<Selector>,
}

impl Condition for Present {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, searches: &mut Searches) -> Box<dyn Check + 'r> {
        match self.place {
            Place::Anywhere => Box::new(Found(!self.of.select(ctx).is_empty())),
            Place::Neighbour => Box::new(NextTo(&self.of)),
            // Everything upstream of a match reaches it: one search back from all matches; and
            // everything downstream of a match is reached by it: one search forward. The subject
            // takes the first step itself, so an `avoiding` it matches does not stop it.
            Place::Downstream => Box::new(self.reaching(ctx, Walk::Downstream, searches)),
            Place::Upstream => Box::new(self.reaching(ctx, Walk::Upstream, searches)),
        }
    }
}

impl Present {
    /// The search from the matches against `walk` (the way from the subject to a match).
    fn reaching(&self, ctx: &Context<'_>, walk: Walk, searches: &mut Searches) -> Reaching {
        let blocked = self.avoiding.as_ref().map(|a| a.mask(ctx));
        let back = match walk {
            Walk::Downstream => Walk::Upstream,
            Walk::Upstream => Walk::Downstream,
        };
        let reach = Reach::new(
            ctx.topology,
            back,
            &self.of.select(ctx),
            blocked.as_deref().unwrap_or(&[]),
            ctx.flows_along(self.along),
            searches,
        );
        Reaching {
            reach,
            first_step: blocked.map(|_| (walk, self.along)),
        }
    }
}

/// Whether something matching exists at all.
struct Found(bool);

impl Check for Found {
    fn check(&self, _: &Context<'_>, _: Subject<'_>) -> Result<(), Evidence> {
        holds(self.0)
    }
}

/// Something matching is a neighbour of the subject.
struct NextTo<'r>(&'r Selector);

impl Check for NextTo<'_> {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        holds(neighbours(ctx.topology, n, Direction::Either).any(|m| self.0.matches(ctx, m)))
    }
}

/// The components a search from the matches reached: those the subject must be among, or, when
/// paths avoid components, one of the subject's first steps.
struct Reaching {
    reach: Reach,
    /// With `avoiding`: the way from the subject to a match and the flows it follows.
    first_step: Option<(Walk, Along)>,
}

impl Check for Reaching {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        let stepped = || {
            let Some((walk, along)) = self.first_step else {
                return false;
            };
            let along = ctx.flows_along(along);
            ctx.topology.steps(n, walk).any(|(m, f)| {
                (along.is_empty() || along.get(f).copied().unwrap_or(false))
                    && self.reach.reached(m)
            })
        };
        holds(self.reach.reached(n) || stepped())
    }
    fn give_back(self: Box<Self>, searches: &mut Searches) {
        searches.give_back(self.reach);
    }
}
