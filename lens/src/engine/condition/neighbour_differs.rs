//! `neighbour_differs`: the subject has a neighbour (a flow either way) matching `matching`
//! whose `property` is set and differs from the subject's — a fallback model in another region,
//! say.
//!
//! ```toml
//! requires = { neighbour_differs = { matching = { kind = ["model_endpoint"] }, property = "region" } }
//! ```
//!
//! The values are compared as written. When the subject's own value is not set the failure rests
//! on it (basis `unstated`: stating it could settle the finding).

use serde::Deserialize;

use super::neighbours::{neighbours, Direction};
use super::{Check, Condition, Family};
use crate::engine::context::{holds, Basis, Context, Element, Evidence, Question, Subject};
use crate::engine::format::SelectorFormat;
use crate::engine::select::Selector;
use crate::model::topology::Searches;
use crate::model::Value;

/// The body of `neighbour_differs`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeighbourDiffersFormat {
    pub matching: SelectorFormat,
    /// A property the subject's kind and the neighbours' kinds have (`region`).
    pub property: String,
}

pub(super) const FAMILY: Family = Family {
    name: "neighbour_differs",
    compile: |body, c, field| {
        c.needs_components(field);
        let Some(n) = c.body::<NeighbourDiffersFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        let at = format!("{field}.property");
        let known = c
            .vocab
            .kinds
            .values()
            .any(|k| k.properties.contains_key(&n.property));
        if !known {
            c.problem(
                &at,
                format!(
                    "\"{}\" is not a component property of the catalog",
                    n.property
                ),
            );
        }
        Box::new(NeighbourDiffers {
            matching: c.selector(&n.matching, &format!("{field}.matching")),
            property: n.property,
        })
    },
};

#[derive(Debug)]
struct NeighbourDiffers {
    matching: Selector,
    property: String,
}

impl Condition for NeighbourDiffers {
    fn prepare<'r>(&'r self, _: &Context<'_>, _: &mut Searches) -> Box<dyn Check + 'r> {
        Box::new(self)
    }
    fn may_be_unstated(&self) -> bool {
        true
    }
}

impl Check for NeighbourDiffers {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        let value = |m: usize| {
            ctx.comps[m]
                .properties
                .get(&self.property)
                .filter(|v| v.as_text() != Some("unknown"))
        };
        let Some(own) = value(n) else {
            return Err(Evidence::property(
                Basis::Unstated,
                vec![Question {
                    on: Element::Component(n),
                    property: self.property.clone(),
                }],
            ));
        };
        let elsewhere = |m: usize| value(m).is_some_and(|v: &Value| v != own);
        let found = neighbours(ctx.topology, n, Direction::Either)
            .any(|m| m != n && self.matching.matches(ctx, m) && elsewhere(m));
        // The drawing shows no such neighbour.
        holds(found)
    }
}
