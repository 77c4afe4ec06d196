//! `crossing_protected`: a flow subject that enters a zone of higher trust has each of these
//! flow properties true (flows that stay within their trust level pass).
//!
//! ```toml
//! requires = { crossing_protected = { properties = ["encrypted", "authenticated"] } }
//! ```

use serde::Deserialize;

use super::{Check, Condition, Family};
use crate::engine::compile::Owner;
use crate::engine::context::{Basis, Context, Element, Evidence, Subject};
use crate::engine::operator::Operator;
use crate::engine::select::{Outcome, PropertyCondition};
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
    fn may_be_unstated(&self) -> bool {
        true
    }
}

impl Check for CrossingProtected {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Subject::Flow(_, n) = subject else {
            return Ok(());
        };
        if !ctx.crossings()[n] {
            return Ok(());
        }
        let mut evidence: Option<Evidence> = None;
        for p in &self.properties {
            let (basis, question) = match p.outcome_on_flow(ctx, n) {
                Outcome::Holds => continue,
                Outcome::FailsAsSet => (Basis::Stated, None),
                Outcome::FailsUnset => (Basis::Unstated, Some(p.question(Element::Flow(n)))),
            };
            let e = evidence.get_or_insert_with(|| Evidence::property(basis, Vec::new()));
            // Stated as unprotected once is enough to rest on what was stated.
            e.basis = e.basis.min(basis);
            e.questions.extend(question);
        }
        if let Some(e) = evidence.as_mut().filter(|e| e.basis != Basis::Unstated) {
            // A protection stated as missing is not settled by answering the others.
            e.questions.clear();
        }
        evidence.map_or(Ok(()), Err)
    }
}
