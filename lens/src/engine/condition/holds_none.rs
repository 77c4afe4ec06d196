//! `holds_none`: the subject holds none of this data — data carried to it along the flows from
//! data sources (`model::held`): a class of data, or personal data that no redaction removed on
//! the way.
//!
//! ```toml
//! requires = { holds_none = { pii = true } }
//! requires = { holds_none = { classification = ["regulated"] } }
//! ```
//!
//! A subject that holds such data is shown with the way it came, from its source.

use super::{Check, Condition, Family};
use crate::engine::context::{Context, Evidence, Subject};
use crate::engine::format::HoldsFormat;
use crate::engine::select::Holds;
use crate::model::topology::Searches;
use crate::model::DataClass;

pub(super) const FAMILY: Family = Family {
    name: "holds_none",
    compile: |body, c, field| {
        c.needs_components(field);
        let Some(h) = c.body::<HoldsFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        Box::new(HoldsNone(c.holds(&h, field)))
    },
};

#[derive(Debug)]
struct HoldsNone(Holds);

impl Condition for HoldsNone {
    fn prepare<'r>(&'r self, _: &Context<'_>, _: &mut Searches) -> Box<dyn Check + 'r> {
        Box::new(self)
    }
    fn yields_path(&self) -> bool {
        true
    }
}

impl Check for HoldsNone {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        let held = ctx.content.held(ctx.arch);
        // Personal data first (it is what redaction is about), then the most sensitive class.
        let class =
            held.class[n].filter(|c| self.0.classes.is_some_and(|allowed| allowed[*c as usize]));
        let way: Option<Option<DataClass>> = match (self.0.pii, class) {
            (Some(true), _) if held.pii[n] => Some(None),
            (_, Some(c)) => Some(Some(c)),
            _ => None,
        };
        match way.and_then(|w| held.way(n, w)) {
            Some(path) if path.components.len() > 1 => Err(Evidence::path(path)),
            // The subject is the source itself: nothing to show beyond it.
            Some(_) => Err(Evidence::default()),
            None => Ok(()),
        }
    }
}
