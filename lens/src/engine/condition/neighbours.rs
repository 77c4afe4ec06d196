//! `neighbours`: the subject has flows to or from at least `at_least` distinct components that
//! match a selector.
//!
//! ```toml
//! requires = { neighbours = { direction = "to", matching = { kind = ["guardrail"] } } }
//! ```

use serde::Deserialize;

use super::{Check, Condition, Family};
use crate::engine::context::{holds, Context, Evidence, Subject};
use crate::engine::format::SelectorFormat;
use crate::engine::select::Selector;
use crate::model::topology::{Searches, Topology, Walk};

/// The body of `neighbours`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeighboursFormat {
    pub direction: Direction,
    pub matching: SelectorFormat,
    /// Defaults to 1.
    #[serde(default)]
    pub at_least: Option<u32>,
}

/// Which way a flow runs relative to the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Flows from the subject to the neighbour.
    To,
    /// Flows from the neighbour to the subject.
    From,
    /// Either way.
    Either,
}

pub(super) const FAMILY: Family = Family {
    name: "neighbours",
    compile: |body, c, field| {
        c.needs_components(field);
        let Some(n) = c.body::<NeighboursFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        let at_least = n.at_least.unwrap_or(1);
        if at_least == 0 {
            c.problem(
                &format!("{field}.at_least"),
                "0 always holds; use 1 or more".into(),
            );
        }
        Box::new(Neighbours {
            direction: n.direction,
            matching: c.selector(&n.matching, &format!("{field}.matching")),
            at_least,
        })
    },
};

#[derive(Debug)]
struct Neighbours {
    direction: Direction,
    matching: Selector,
    at_least: u32,
}

/// Positions of the components with a flow from (`To`), to (`From`) or either way to the
/// component at `n`; a component connected twice appears twice.
pub(super) fn neighbours(
    topology: &Topology,
    n: usize,
    direction: Direction,
) -> impl Iterator<Item = usize> + '_ {
    let out = matches!(direction, Direction::To | Direction::Either);
    let inc = matches!(direction, Direction::From | Direction::Either);
    let outs = topology.steps(n, Walk::Downstream).filter(move |_| out);
    let incs = topology.steps(n, Walk::Upstream).filter(move |_| inc);
    outs.chain(incs).map(|(m, _)| m)
}

impl Condition for Neighbours {
    fn prepare<'r>(&'r self, _: &Context<'_>, _: &mut Searches) -> Box<dyn Check + 'r> {
        Box::new(self)
    }
}

impl Check for Neighbours {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        let mut found: Vec<usize> = neighbours(ctx.topology, n, self.direction)
            .filter(|&m| self.matching.matches(ctx, m))
            .collect();
        found.sort_unstable();
        found.dedup();
        holds(found.len() >= self.at_least as usize)
    }
}
