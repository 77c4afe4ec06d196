//! `cycle_bounded`: a subject on a loop (a cycle of flows through it) has one of these
//! properties set, a bound on the loop.
//!
//! ```toml
//! requires = { cycle_bounded = { by = ["max_iterations", "timeout_seconds"] } }
//! ```
//!
//! A subject that fails is shown with a loop through it as its witness. The finding rests on the
//! bounding properties: nobody stated one (the loop alone does not say the agent runs forever).

use serde::Deserialize;

use super::{Check, Condition, Family};
use crate::engine::context::{Basis, Context, Element, Evidence, Subject};
use crate::engine::operator::Operator;
use crate::engine::select::{Outcome, PropertyCondition};
use crate::model::topology::Searches;

/// The body of `cycle_bounded`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleBoundedFormat {
    /// Property ids, one of which must be set (`max_iterations`, `timeout_seconds`).
    pub by: Vec<String>,
}

pub(super) const FAMILY: Family = Family {
    name: "cycle_bounded",
    compile: |body, c, field| {
        c.needs_components(field);
        let Some(cb) = c.body::<CycleBoundedFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        if cb.by.is_empty() {
            c.problem(
                &format!("{field}.by"),
                "name at least one property that bounds the loop".into(),
            );
        }
        let by = cb
            .by
            .iter()
            .enumerate()
            .filter_map(|(i, prop)| {
                c.subject_named_property(prop, Operator::Set(true), &format!("{field}.by[{i}]"))
            })
            .collect();
        Box::new(CycleBounded { by })
    },
};

#[derive(Debug)]
struct CycleBounded {
    by: Vec<PropertyCondition>,
}

impl Condition for CycleBounded {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, _: &mut Searches) -> Box<dyn Check + 'r> {
        // The cycle groups are kept by the topology: computed by the first rule that asks.
        ctx.cycles();
        Box::new(self)
    }
    fn yields_path(&self) -> bool {
        true
    }
    fn may_be_unstated(&self) -> bool {
        true
    }
}

impl Check for CycleBounded {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        let cycles = ctx.cycles();
        if cycles.group_of[n].is_none() {
            return Ok(());
        }
        let mut unset = Vec::new();
        for c in &self.by {
            match c.outcome_on_component(ctx, n) {
                Outcome::Holds => return Ok(()),
                Outcome::FailsUnset => unset.push(c.question(Element::Component(n))),
                Outcome::FailsAsSet => {}
            }
        }
        let Some(path) = cycles.loop_through(ctx.topology, n) else {
            return Ok(());
        };
        let mut evidence = Evidence::path(path);
        (evidence.basis, evidence.questions) = match unset.len() == self.by.len() {
            true => (Basis::Unstated, unset),
            false => (Basis::Stated, Vec::new()),
        };
        Err(evidence)
    }
}
