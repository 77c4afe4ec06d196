//! `crossing_protected`: a flow subject that enters a zone of higher trust has each of these
//! flow properties true (flows that stay within their trust level pass).
//!
//! ```toml
//! requires = { crossing_protected = { properties = ["encrypted", "authenticated"] } }
//! ```

use serde::Deserialize;

use super::{Check, Condition, Family};
use crate::engine::compile::Owner;
use crate::engine::context::{holds, Context, Evidence, Subject};
use crate::engine::operator::Operator;
use crate::engine::select::PropertyCondition;
use crate::model::topology::Searches;
use crate::model::Value;

/// The body of `crossing_protected`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossingProtectedFormat {
    /// Boolean flow property ids that must all be true (`encrypted`, `authenticated`).
    pub properties: Vec<String>,
}

pub(super) const FAMILY: Family = Family {
    name: "crossing_protected",
    compile: |body, c, field| {
        c.needs_flows(field);
        let Some(cp) = c.body::<CrossingProtectedFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        let properties = cp
            .properties
            .iter()
            .enumerate()
            .filter_map(|(i, prop)| {
                c.named_property(
                    prop,
                    Operator::Equals(Value::Bool(true)),
                    &format!("{field}.properties[{i}]"),
                    Owner::Flows,
                )
            })
            .collect();
        Box::new(CrossingProtected { properties })
    },
};

#[derive(Debug)]
struct CrossingProtected {
    properties: Vec<PropertyCondition>,
}

impl Condition for CrossingProtected {
    fn prepare<'r>(&'r self, _: &Context<'_>, _: &mut Searches) -> Box<dyn Check + 'r> {
        Box::new(self)
    }
}

impl Check for CrossingProtected {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Subject::Flow(_, n) = subject else {
            return Ok(());
        };
        holds(!ctx.crossings()[n] || self.properties.iter().all(|p| p.holds_on_flow(ctx, n)))
    }
}
