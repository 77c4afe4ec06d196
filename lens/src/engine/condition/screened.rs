//! `screened`: content that travels between the subject and other components passes a screen.
//!
//! ```toml
//! # What reaches a model from people, and what retrieval or tools hand back to its callers,
//! # passes input filtering on the way:
//! requires = { screened = { from = { category = ["actors"] }, through = { kind = ["guardrail"], properties = [{ property = "input_filtering", equals = true }] } } }
//! # What a model answers reaches people and tools only through output filtering:
//! requires = { screened = { to = { kind = ["user", "tool"] }, through = { kind = ["guardrail"], properties = [{ property = "output_filtering", equals = true }] } } }
//! ```
//!
//! Content travels as a reviewer traces it on a drawing whose flows point the way requests go
//! (`model::topology::Travel`): from where it comes from, back along the flows to whatever called
//! for it and their callers (an answer returning up the call chain), and from every component
//! holding it forward along the flows (passed on in a request). With `from`, the subject fails
//! when content from a matching source reaches it without passing a component matching
//! `through`; with `to`, when the subject's own content reaches a matching target that way. The
//! witness is the way the content went, source first. Flows followed: requests unless `along`
//! says otherwise. A subject that is itself a source (or target) is not judged by its own content.

use serde::Deserialize;

use super::{Check, Condition, Family};
use crate::engine::context::{Context, Evidence, Subject};
use crate::engine::format::{Along, SelectorFormat};
use crate::engine::select::Selector;
use crate::model::topology::{Searches, Side, Travel};

/// The body of `screened`: exactly one of `from` and `to`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenedFormat {
    /// Where the content comes from; the subject receives it.
    #[serde(default)]
    pub from: Option<SelectorFormat>,
    /// Where the subject's content goes.
    #[serde(default)]
    pub to: Option<SelectorFormat>,
    /// The screens: content passing one of these is stopped.
    pub through: SelectorFormat,
    #[serde(default)]
    pub along: Along,
}

pub(super) const FAMILY: Family = Family {
    name: "screened",
    compile: |body, c, field| {
        c.needs_components(field);
        let Some(s) = c.body::<ScreenedFormat>(body, field) else {
            return Box::new(super::all::Nothing);
        };
        let (side, ends) = match (&s.from, &s.to) {
            (Some(from), None) => (Side::Sources, c.selector(from, &format!("{field}.from"))),
            (None, Some(to)) => (Side::Targets, c.selector(to, &format!("{field}.to"))),
            _ => {
                c.problem(
                    field,
                    "give exactly one of `from` (content the subject receives) and `to` \
                     (content the subject sends)"
                        .into(),
                );
                return Box::new(super::all::Nothing);
            }
        };
        Box::new(Screened {
            side,
            ends,
            through: c.selector(&s.through, &format!("{field}.through")),
            along: s.along,
        })
    },
};

#[derive(Debug)]
struct Screened {
    /// Whether `ends` are the sources (the subject receives) or the targets (it sends).
    side: Side,
    ends: Selector,
    through: Selector,
    along: Along,
}

impl Condition for Screened {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, searches: &mut Searches) -> Box<dyn Check + 'r> {
        let ends = self.ends.select(ctx);
        let blocked = self.through.mask(ctx);
        let along = ctx.flows_along(self.along);
        Box::new(Unscreened {
            travel: Travel::new(ctx.topology, &ends, &blocked, along, searches),
            side: self.side,
        })
    }
    fn yields_path(&self) -> bool {
        true
    }
}

struct Unscreened {
    travel: Travel,
    side: Side,
}

impl Check for Unscreened {
    fn check(&self, _: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let Some(n) = subject.component() else {
            return Ok(());
        };
        match self.travel.witness(n, self.side) {
            Some(path) if path.components.len() > 1 => Err(Evidence::path(path)),
            _ => Ok(()),
        }
    }
    fn give_back(self: Box<Self>, searches: &mut Searches) {
        self.travel.give_back(searches);
    }
}
