//! `cycle_bounded`: a subject on a loop (a cycle of flows through it) has one of these
//! properties set, a bound on the loop.
//!
//! ```toml
//! requires = { cycle_bounded = { by = ["max_iterations", "timeout_seconds"], within = { kind = ["agent"] } } }
//! ```
//!
//! With `within`, only loops that pass a component matching it count: a workflow that calls a
//! classifier and reads its answer back is a drawn request and response, not an agent loop. A
//! subject that fails is shown with such a loop through it as its witness. The finding rests on
//! the bounding properties: nobody stated one (the loop alone does not say it runs forever).

use std::sync::OnceLock;

use serde::Deserialize;

use super::{Check, Condition, Family};
use crate::engine::context::{Basis, Context, Element, Evidence, Subject};
use crate::engine::format::SelectorFormat;
use crate::engine::operator::Operator;
use crate::engine::select::{Outcome, PropertyCondition, Selector};
use crate::model::topology::{LoopTrees, Searches};

/// The body of `cycle_bounded`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleBoundedFormat {
    /// Property ids, one of which must be set (`max_iterations`, `timeout_seconds`).
    pub by: Vec<String>,
    /// Only loops passing a component matching this count (default: every loop).
    #[serde(default)]
    pub within: Option<SelectorFormat>,
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
        let within = cb
            .within
            .as_ref()
            .map(|w| c.selector(w, &format!("{field}.within")));
        Box::new(CycleBounded { by, within })
    },
};

#[derive(Debug)]
struct CycleBounded {
    by: Vec<PropertyCondition>,
    within: Option<Selector>,
}

impl Condition for CycleBounded {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, _: &mut Searches) -> Box<dyn Check + 'r> {
        // The cycle groups are kept by the topology: computed by the first rule that asks.
        let cycles = ctx.cycles();
        let within = self.within.as_ref().map(|w| Within {
            marked: w.mask(ctx),
            trees: cycles.tree_slots(),
        });
        Box::new(Bounded {
            by: &self.by,
            within,
        })
    }
    fn yields_path(&self) -> bool {
        true
    }
    fn may_be_unstated(&self) -> bool {
        true
    }
}

/// The components a loop must pass, and the search trees rooted at one of them per group.
struct Within {
    marked: Vec<bool>,
    trees: Vec<OnceLock<LoopTrees>>,
}

struct Bounded<'r> {
    by: &'r [PropertyCondition],
    within: Option<Within>,
}

impl Check for Bounded<'_> {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        let cycles = ctx.cycles();
        if cycles.group_of[n].is_none() {
            return Ok(());
        }
        let mut unset = Vec::new();
        for c in self.by {
            match c.outcome_on_component(ctx, n) {
                Outcome::Holds => return Ok(()),
                // A kind without the property (an orchestrator has no iteration limit)
                // counts as unset, but is not asked.
                Outcome::FailsUnset => unset.push(
                    c.asks(ctx, Element::Component(n))
                        .then(|| c.question(Element::Component(n))),
                ),
                Outcome::FailsAsSet => {}
            }
        }
        let witness = match &self.within {
            None => cycles.loop_through(ctx.topology, n),
            Some(w) => cycles.loop_through_marked(ctx.topology, n, &w.marked, &w.trees),
        };
        let Some(path) = witness else {
            return Ok(());
        };
        let mut evidence = Evidence::path(path);
        (evidence.basis, evidence.questions) = match unset.len() == self.by.len() {
            true => (Basis::Unstated, unset.into_iter().flatten().collect()),
            false => (Basis::Stated, Vec::new()),
        };
        Err(evidence)
    }
}
