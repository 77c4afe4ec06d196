//! `reached_from_boundaries`: components matching `from` in at most `at_most` distinct
//! boundaries reach the subject through flows (a component shared across trust zones, tenants,
//! …). A failing subject is shown with one source component per zone that reaches it.
//!
//! ```toml
//! requires = { reached_from_boundaries = { from = { kind = ["user"] }, at_most = 1 } }
//! ```

use serde::Deserialize;

use super::{Check, Condition, Family};
use crate::engine::context::{Context, Evidence, Subject};
use crate::engine::format::{Along, SelectorFormat};
use crate::engine::select::Selector;
use crate::model::topology::{Searches, ZoneLabels};

/// The body of `reached_from_boundaries`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReachedFromBoundariesFormat {
    pub from: SelectorFormat,
    pub at_most: u32,
    /// Which flows paths follow (default: requests).
    #[serde(default)]
    pub along: Along,
}

/// The largest `at_most`: the search keeps `at_most + 1` zones per component.
const MAX_AT_MOST: u32 = 8;

pub(super) const FAMILY: Family = Family {
    name: "reached_from_boundaries",
    compile: |body, c, field| {
        c.needs_components(field);
        let Some(r) = c.body::<ReachedFromBoundariesFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        if r.at_most > MAX_AT_MOST {
            c.problem(
                &format!("{field}.at_most"),
                format!("at most {MAX_AT_MOST} is supported"),
            );
        }
        Box::new(ReachedFromBoundaries {
            from: c.selector(&r.from, &format!("{field}.from")),
            at_most: r.at_most.min(MAX_AT_MOST),
            along: r.along,
        })
    },
};

#[derive(Debug)]
struct ReachedFromBoundaries {
    from: Selector,
    at_most: u32,
    along: Along,
}

impl Condition for ReachedFromBoundaries {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, _: &mut Searches) -> Box<dyn Check + 'r> {
        let sources = self.from.select(ctx);
        let along = ctx.flows_along(self.along);
        let labels = ctx
            .zones()
            .labels(ctx.topology, &sources, along, self.at_most as usize + 1);
        Box::new(Zones {
            labels,
            at_most: self.at_most as usize,
        })
    }
}

struct Zones {
    labels: ZoneLabels,
    at_most: usize,
}

impl Check for Zones {
    fn check(&self, _: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        let found = self.labels.of(n);
        if found.len() > self.at_most {
            Err(Evidence {
                components: found.iter().map(|&(_, source)| source).collect(),
                ..Evidence::default()
            })
        } else {
            Ok(())
        }
    }
}
