//! `present`: something matching `of` exists — anywhere, connected to the subject by a flow,
//! downstream of it or upstream of it. Downstream and upstream follow every flow unless `along`
//! says otherwise (a monitor is connected by telemetry, not by requests).
//!
//! ```toml
//! requires = { present = { of = { kind = ["observability"] }, where = "downstream" } }
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
        Box::new(Present {
            of: c.selector(&p.of, &format!("{field}.of")),
            place: p.place,
            along: p.along,
        })
    },
};

#[derive(Debug)]
struct Present {
    of: Selector,
    place: Place,
    along: Along,
}

impl Condition for Present {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, searches: &mut Searches) -> Box<dyn Check + 'r> {
        match self.place {
            Place::Anywhere => Box::new(Found(!self.of.select(ctx).is_empty())),
            Place::Neighbour => Box::new(NextTo(&self.of)),
            // Everything upstream of a match reaches it: one search back from all matches; and
            // everything downstream of a match is reached by it: one search forward.
            Place::Downstream => Box::new(Reaching(Reach::new(
                ctx.topology,
                Walk::Upstream,
                &self.of.select(ctx),
                &[],
                ctx.flows_along(self.along),
                searches,
            ))),
            Place::Upstream => Box::new(Reaching(Reach::new(
                ctx.topology,
                Walk::Downstream,
                &self.of.select(ctx),
                &[],
                ctx.flows_along(self.along),
                searches,
            ))),
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

/// The components a search from the matches reached: those the subject must be among.
struct Reaching(Reach);

impl Check for Reaching {
    fn check(&self, _: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        holds(self.0.reached(n))
    }
    fn give_back(self: Box<Self>, searches: &mut Searches) {
        searches.give_back(self.0);
    }
}
