//! Compiled selectors and property conditions, and how they match components and flows. Every
//! condition family uses them: a rule's subjects, a path's sources and guards, the neighbours
//! to count are all selectors.

use std::collections::BTreeSet;

use super::context::{Basis, Context, Element, Evidence, Question, Subject};
use super::operator::{value_holds, Operator, Test};
use crate::catalog::vocabulary::{Vocabulary, NO_SLOT};
use crate::model::content::Cell;
use crate::model::{Trust, Value};

/// A compiled component selector.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selector {
    /// `None`: any kind.
    pub kinds: Option<BTreeSet<String>>,
    /// `kinds` by kind number (`VocabularyIds::kinds`; one more entry, always false, for kinds
    /// outside the catalog).
    pub kind_mask: Option<Vec<bool>>,
    pub properties: Vec<PropertyCondition>,
    pub zone_trust: Vec<Trust>,
    pub holds: Option<Holds>,
}

/// A compiled condition on the data a component holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Holds {
    /// The classes allowed (by `DataClass as usize`); `None`: any, or none held.
    pub classes: Option<[bool; 4]>,
    pub pii: Option<bool>,
}

impl Holds {
    fn matches(&self, ctx: &Context<'_>, n: usize) -> bool {
        let held = ctx.content.held(ctx.arch);
        let class_ok = self
            .classes
            .is_none_or(|allowed| held.class[n].is_some_and(|c| allowed[c as usize]));
        class_ok && self.pii.is_none_or(|want| held.pii[n] == want)
    }
}

/// A compiled flow selector.
#[derive(Clone, Debug, Default)]
pub(crate) struct FlowSelector {
    pub from: Option<Selector>,
    pub to: Option<Selector>,
    pub properties: Vec<PropertyCondition>,
    pub enters_higher_trust: Option<bool>,
}

/// A condition on one property, with the catalog defaults it falls back to. On components,
/// evaluation reads the encoded form (`key`, `test`, `unset_holds`; the per-kind `defaults` are
/// kept for `Debug` and for the tests that check the encoded form against them); on flows it
/// applies `op` to the flow's own value or `flow_default`.
#[derive(Clone, Debug)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct PropertyCondition {
    pub property: String,
    pub op: Operator,
    /// (kind, catalog default of this property) for the kinds that have one (components); a
    /// short list scanned linearly, cheaper than hashing the kind on every lookup.
    pub defaults: Vec<(String, Value)>,
    /// The catalog default of this flow property (flows only).
    pub flow_default: Option<Value>,
    /// The property's number (`VocabularyIds::component_properties` or `flow_properties`).
    pub key: usize,
    /// `op` against the catalog's text numbering, for values read from the property tables.
    pub test: Test,
    /// Whether the condition holds where the property is unset: per kind number (one more entry
    /// for kinds outside the catalog) for components, one entry for flows.
    pub unset_holds: Vec<bool>,
    /// A rule's subject selector only: a component whose value is `"unknown"` matches too, as
    /// a subject the rule may apply to.
    pub or_unknown: bool,
}

/// Whether a property condition holds, and if not, whether on a value someone set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Holds,
    /// It does not hold on the value set.
    FailsAsSet,
    /// It does not hold on the catalog default of a property nobody set.
    FailsUnset,
}

impl PropertyCondition {
    /// [`PropertyCondition::holds_on_component`] with the reason it does not hold.
    pub fn outcome_on_component(&self, ctx: &Context<'_>, n: usize) -> Outcome {
        match ctx.component_value(self.key, n) {
            (Cell::Missing, _) if self.unset_holds[ctx.kind_of(n)] => Outcome::Holds,
            (Cell::Missing, _) => Outcome::FailsUnset,
            (cell, others) if self.test.holds(cell, others) => Outcome::Holds,
            // "unknown" says outright that nobody knows: the question is still open.
            (Cell::Unknown, _) => Outcome::FailsUnset,
            _ => Outcome::FailsAsSet,
        }
    }

    /// [`PropertyCondition::holds_on_flow`] with the reason it does not hold.
    pub fn outcome_on_flow(&self, ctx: &Context<'_>, n: usize) -> Outcome {
        let value = ctx.flow_refs[n].properties.get(&self.property);
        let set = value.is_some_and(|v| v.as_text() != Some("unknown"));
        match (self.holds_on_flow(ctx, n), set) {
            (true, _) => Outcome::Holds,
            (false, true) => Outcome::FailsAsSet,
            (false, false) => Outcome::FailsUnset,
        }
    }

    /// Whether the condition holds on the component at position `n`: its value read from the
    /// property tables, or the catalog default of its kind where it is unset. (The same answer as
    /// [`value_holds`] on the property map; a test checks both agree.)
    pub fn holds_on_component(&self, ctx: &Context<'_>, n: usize) -> bool {
        match ctx.component_value(self.key, n) {
            (Cell::Missing, _) => self.unset_holds[ctx.kind_of(n)],
            (cell, others) => self.test.holds(cell, others),
        }
    }

    /// Whether a condition written with `or_unknown` takes in the component at position `n`
    /// because its value is `"unknown"`: the condition may hold, nobody knows.
    pub fn may_hold_on_component(&self, ctx: &Context<'_>, n: usize) -> bool {
        self.or_unknown && matches!(ctx.component_value(self.key, n).0, Cell::Unknown)
    }

    /// Whether the condition holds on the flow at position `n`. Read from the flow's own map:
    /// the flow rules read properties of the few flows that cross into a zone of higher trust,
    /// so a table of every flow would cost more than it saves.
    pub fn holds_on_flow(&self, ctx: &Context<'_>, n: usize) -> bool {
        let f = ctx.flow_refs[n];
        value_holds(
            &self.op,
            f.properties
                .get(&self.property)
                .or(self.flow_default.as_ref()),
        )
    }
}

impl Selector {
    /// Whether the component at position `n` matches.
    pub fn matches(&self, ctx: &Context<'_>, n: usize) -> bool {
        self.kind_mask
            .as_ref()
            .is_none_or(|mask| mask[ctx.kind_of(n)])
            && self.matches_besides_kind(ctx, n)
    }

    fn matches_besides_kind(&self, ctx: &Context<'_>, n: usize) -> bool {
        self.properties
            .iter()
            .all(|p| p.holds_on_component(ctx, n) || p.may_hold_on_component(ctx, n))
            && (self.zone_trust.is_empty() || self.zone_trust.contains(&ctx.zones().trust_of(n)))
            && self.holds.as_ref().is_none_or(|h| h.matches(ctx, n))
    }

    /// Positions of the matching components, in id order; only the selected kinds are looked at.
    pub fn select(&self, ctx: &Context<'_>) -> Vec<usize> {
        match &self.kind_mask {
            Some(mask) => {
                // The kind index already picked the kinds: check the rest only.
                let mut out: Vec<usize> = mask
                    .iter()
                    .zip(&ctx.content.by_kind)
                    .filter(|(selected, _)| **selected)
                    .flat_map(|(_, members)| members.iter().copied())
                    .filter(|&n| self.matches_besides_kind(ctx, n))
                    .collect();
                out.sort_unstable();
                out
            }
            None => (0..ctx.len()).filter(|&n| self.matches(ctx, n)).collect(),
        }
    }

    /// Per component position: whether it matches.
    pub fn mask(&self, ctx: &Context<'_>) -> Vec<bool> {
        ctx.mask(&self.select(ctx))
    }

    /// The questions that decide whether the component at position `n` is a subject at all:
    /// the properties of `or_unknown` conditions it matched only because their value is
    /// `"unknown"`.
    pub fn open_questions(&self, ctx: &Context<'_>, n: usize) -> Vec<Question> {
        self.properties
            .iter()
            .filter(|p| p.may_hold_on_component(ctx, n) && !p.holds_on_component(ctx, n))
            .map(|p| p.question(Element::Component(n)))
            .collect()
    }
}

impl FlowSelector {
    /// Whether the flow at position `n` matches.
    pub fn matches(&self, ctx: &Context<'_>, n: usize) -> bool {
        let (a, b) = ctx.topology.flow_ends[n];
        let end = |sel: &Option<Selector>, c: usize| sel.as_ref().is_none_or(|s| s.matches(ctx, c));
        end(&self.from, a)
            && end(&self.to, b)
            && self.properties.iter().all(|p| p.holds_on_flow(ctx, n))
            && self
                .enters_higher_trust
                .is_none_or(|want| ctx.crossings()[n] == want)
    }
}

impl PropertyCondition {
    /// The condition on the subject's own property, with the failure's basis: the value someone
    /// set, or the default of a property nobody set (then the question that settles it).
    pub fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let (outcome, on) = match subject {
            Subject::Component(_, n) => (self.outcome_on_component(ctx, n), Element::Component(n)),
            Subject::Flow(_, n) => (self.outcome_on_flow(ctx, n), Element::Flow(n)),
        };
        match outcome {
            Outcome::Holds => Ok(()),
            Outcome::FailsAsSet => Err(Evidence::property(Basis::Stated, Vec::new())),
            // A component whose kind lacks the property counts as unset but is asked nothing;
            // a failure left with no question rests on what the drawing shows.
            Outcome::FailsUnset => Err(Evidence::property(
                Basis::Unstated,
                self.asks(ctx, on)
                    .then(|| self.question(on))
                    .into_iter()
                    .collect(),
            )),
        }
    }

    /// Whether `on` could answer this condition's question: a flow always can, a component
    /// only when the catalog gives its kind the property.
    pub fn asks(&self, ctx: &Context<'_>, on: Element) -> bool {
        let Element::Component(n) = on else {
            return true;
        };
        let ids = &Vocabulary::builtin().ids;
        ids.slot_of
            .get(ctx.kind_of(n) * ids.component_properties.len() + self.key)
            .is_some_and(|&slot| slot != NO_SLOT)
    }

    /// The question this condition asks of `on`.
    pub fn question(&self, on: Element) -> Question {
        Question {
            on,
            property: self.property.clone(),
        }
    }
}
