//! `property`: a condition on the subject's own property (its catalog default when unset).
//!
//! ```toml
//! requires = { property = { property = "sandboxed", equals = true } }
//! ```
//!
//! The body is a [`PropertyFormat`]: the property id and exactly one operator. A property that
//! is unset without a catalog default, or whose value is `"unknown"`, satisfies no operator but
//! `set = false`.

use super::{Check, Condition, Family};
use crate::engine::context::{Context, Evidence, Subject};
use crate::engine::format::PropertyFormat;
use crate::engine::select::PropertyCondition;
use crate::model::topology::Searches;

pub(super) const FAMILY: Family = Family {
    name: "property",
    compile: |body, c, field| {
        let condition = c
            .body::<PropertyFormat>(body, field)
            .and_then(|p| c.subject_property(&p, field));
        match condition {
            Some(condition) => Box::new(Property(condition)),
            None => Box::new(super::all::Nothing),
        }
    },
};

#[derive(Debug)]
struct Property(PropertyCondition);

impl Condition for Property {
    fn prepare<'r>(&'r self, _: &Context<'_>, _: &mut Searches) -> Box<dyn Check + 'r> {
        Box::new(self)
    }
    fn may_be_unstated(&self) -> bool {
        true
    }
}

impl Check for Property {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        self.0.check(ctx, subject)
    }
}
