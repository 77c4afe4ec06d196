//! Three-way merge of reviews, so that reviews are shared like code: `lens merge BASE OURS
//! THEIRS` and git's merge driver for `*.lensboard` files.
//!
//! # What is merged, and how
//!
//! Every part is merged by its own identity, never by position:
//!
//! - the architecture: components, flows and boundaries by id, then each field (`kind`, `label`,
//!   `boundary`, `position`; `from`, `to`; `trust`, `parent`, `size`) and each property on its
//!   own ([`architecture`]), so that one side moving a component and the other setting one of its
//!   properties both apply;
//! - decisions by finding id; the decision history keeps both sides' events: the part the two
//!   histories share, then ours' new events, then theirs' (an event both sides have is kept once);
//! - checklist answers by item (one item per best practice);
//! - milestones by name (a union: each side's new milestones are kept; ours' first, then
//!   theirs' new ones, each in its order — the review file lists them by creation time anyway).
//!
//! For each of these values, with `B` the base, `O` ours and `T` theirs (a missing element is a
//! value too): `O == T` gives `O` (the same change on both sides applies once); `O == B` gives
//! `T` (only theirs changed); `T == B` gives `O`; otherwise it is a **conflict**: the merged
//! review keeps ours' value and records a [`Conflict`] holding all three, so neither side's data
//! is lost. A conflict is also recorded where two valid sides cannot both apply: one side deleted
//! what the other changed, a flow whose end the other side deleted, and the other cases of
//! [`ConflictReason`]. The merged architecture always passes the full validation.
//!
//! Merging a review with itself (`merge(a, a, a)`), or with an unchanged side (`merge(b, x, b)`,
//! `merge(b, b, x)`), gives it back unchanged. Swapping the sides gives the same review when there
//! is no conflict, and the same conflicts with ours and theirs exchanged when there are.
//!
//! Conflicts are kept in the review ([`crate::review::Review::conflicts`], the `conflicts` table
//! of the review file) until someone resolves them ([`resolve`]); a review's conflicts that
//! neither side resolved stay recorded after a further merge.

mod architecture;
pub mod conflict;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value as Json;

pub use conflict::{resolve, Conflict, ConflictError, ConflictReason, Element, Side};

use crate::review::{DecisionEvent, Milestone, Review};

/// The result of a merge: the merged review (which holds every conflict, the earlier ones still
/// unresolved and the new ones) and the conflicts this merge found.
#[derive(Clone, Debug)]
pub struct Merged {
    pub review: Review,
    pub new_conflicts: Vec<Conflict>,
}

/// Merges `ours` and `theirs`, both descended from `base` (see the module documentation). The
/// merged review keeps ours' file information (when it was created).
pub fn merge(base: &Review, ours: &Review, theirs: &Review) -> Merged {
    let mut rec = Recorder::default();
    let architecture = architecture::merge(
        &base.architecture,
        &ours.architecture,
        &theirs.architecture,
        &mut rec,
    );
    let mut review = Review::new(architecture);
    review.saved.clone_from(&ours.saved);
    review.decisions = merge_keyed(
        [&base.decisions, &ours.decisions, &theirs.decisions],
        &mut rec,
        both_changed,
    );
    review.answers = merge_keyed(
        [&base.answers, &ours.answers, &theirs.answers],
        &mut rec,
        both_changed,
    );
    let by_name = |r: &Review| -> BTreeMap<String, Milestone> {
        r.milestones
            .iter()
            .map(|m| (m.name.clone(), m.clone()))
            .collect()
    };
    let mut milestones = merge_keyed(
        [&by_name(base), &by_name(ours), &by_name(theirs)],
        &mut rec,
        both_changed,
    );
    // Ours' milestones in ours' order, then theirs' new ones in theirs' order.
    review.milestones = ours
        .milestones
        .iter()
        .chain(&theirs.milestones)
        .filter_map(|m| milestones.remove(&m.name))
        .collect();
    review.decision_history = merge_history(&ours.decision_history, &theirs.decision_history);
    // The provenance of `lens import --into`: the newer of the two sides' last imports (a branch
    // that imported the code again brought its changes into the merged architecture).
    review.last_import = match (&ours.last_import, &theirs.last_import) {
        (Some(o), Some(t)) if t.imported_at > o.imported_at => Some(t.clone()),
        (Some(o), _) => Some(o.clone()),
        (None, t) => t.clone(),
    };
    review.conflicts = kept_conflicts(&base.conflicts, &ours.conflicts, &theirs.conflicts);
    for c in &rec.conflicts {
        if !review.conflicts.contains(c) {
            review.conflicts.push(c.clone());
        }
    }
    Merged {
        review,
        new_conflicts: rec.conflicts,
    }
}

/// The conflicts recorded so far.
#[derive(Default)]
pub(crate) struct Recorder {
    conflicts: Vec<Conflict>,
}

impl Recorder {
    fn len(&self) -> usize {
        self.conflicts.len()
    }

    fn truncate(&mut self, len: usize) {
        self.conflicts.truncate(len);
    }

    /// Records a conflict; `values` are the base's, ours and theirs.
    fn record<T: Serialize>(
        &mut self,
        element: Element,
        id: &str,
        field: Option<&str>,
        reason: ConflictReason,
        values: [Option<&T>; 3],
    ) {
        self.record_json(element, id, field, reason, values.map(|v| v.map(to_json)));
    }

    fn record_json(
        &mut self,
        element: Element,
        id: &str,
        field: Option<&str>,
        reason: ConflictReason,
        [base, ours, theirs]: [Option<Json>; 3],
    ) {
        self.conflicts.push(Conflict {
            element,
            id: id.to_owned(),
            field: field.map(str::to_owned),
            reason,
            base,
            ours,
            theirs,
        });
    }
}

/// A value as a conflict holds it.
fn to_json<T: Serialize>(value: &T) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// The three-way choice of one value (`None`: it does not exist on that side): the value both
/// sides agree on, or the one side that changed it; `Err` when both changed it differently.
fn pick<T: PartialEq + Clone>(
    base: Option<&T>,
    ours: Option<&T>,
    theirs: Option<&T>,
) -> Result<Option<T>, ()> {
    if ours == theirs || base == theirs {
        Ok(ours.cloned())
    } else if base == ours {
        Ok(theirs.cloned())
    } else {
        Err(())
    }
}

/// Merges maps by key: an entry added, changed or removed on one side follows that side; one
/// deleted on one side and changed on the other is kept as ours has it, with a conflict; one
/// changed on both sides (or added on both with different values) goes to `both`.
fn merge_keyed<V: Clone + PartialEq + ConflictValue>(
    [base, ours, theirs]: [&BTreeMap<String, V>; 3],
    rec: &mut Recorder,
    mut both: impl FnMut(&str, Option<&V>, &V, &V, &mut Recorder) -> V,
) -> BTreeMap<String, V> {
    let mut keys: Vec<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    keys.sort();
    keys.dedup();
    let mut merged = BTreeMap::new();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let value = match (o, t) {
            (Some(o), Some(t)) => match pick(b, Some(o), Some(t)) {
                Ok(value) => value,
                Err(()) => Some(both(key, b, o, t, rec)),
            },
            _ => match pick(b, o, t) {
                Ok(value) => value,
                Err(()) => {
                    rec.record_json(
                        V::ELEMENT,
                        key,
                        None,
                        ConflictReason::DeletedAndChanged,
                        [b, o, t].map(|v| v.map(ConflictValue::json)),
                    );
                    o.cloned()
                }
            },
        };
        if let Some(value) = value {
            merged.insert(key.clone(), value);
        }
    }
    merged
}

/// For values merged whole (decisions, answers, milestones): a conflict, keeping ours.
fn both_changed<V: Clone + ConflictValue>(
    key: &str,
    base: Option<&V>,
    ours: &V,
    theirs: &V,
    rec: &mut Recorder,
) -> V {
    rec.record_json(
        V::ELEMENT,
        key,
        None,
        ConflictReason::BothChanged,
        [base, Some(ours), Some(theirs)].map(|v| v.map(ConflictValue::json)),
    );
    ours.clone()
}

/// A value merged by key, with the element kind and JSON form its conflicts use.
trait ConflictValue {
    const ELEMENT: Element;
    fn json(&self) -> Json;
}

macro_rules! conflict_value {
    ($($type:ty => $element:ident),*) => {$(
        impl ConflictValue for $type {
            const ELEMENT: Element = Element::$element;
            fn json(&self) -> Json {
                to_json(self)
            }
        }
    )*};
}

conflict_value!(
    crate::review::Decision => Decision,
    crate::review::Answer => Answer,
    crate::model::Component => Component,
    crate::model::Flow => Flow,
    crate::model::Boundary => Boundary
);

impl ConflictValue for Milestone {
    const ELEMENT: Element = Element::Milestone;
    fn json(&self) -> Json {
        conflict::milestone_json(self)
    }
}

/// Both histories: the events they share (from the start), then ours' new events, then theirs'
/// new events that ours does not also have.
fn merge_history(ours: &[DecisionEvent], theirs: &[DecisionEvent]) -> Vec<DecisionEvent> {
    let shared = ours.iter().zip(theirs).take_while(|(o, t)| o == t).count();
    let mut merged = ours.to_vec();
    let mut unmatched: Vec<&DecisionEvent> = ours[shared..].iter().collect();
    for event in &theirs[shared..] {
        match unmatched.iter().position(|o| *o == event) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => merged.push(event.clone()),
        }
    }
    merged
}

/// The recorded conflicts that stay: those of either side, except those of the base that one
/// side resolved.
fn kept_conflicts(base: &[Conflict], ours: &[Conflict], theirs: &[Conflict]) -> Vec<Conflict> {
    let resolved = |c: &Conflict| base.contains(c) && !(ours.contains(c) && theirs.contains(c));
    ours.iter()
        .chain(theirs.iter().filter(|c| !ours.contains(c)))
        .filter(|c| !resolved(c))
        .cloned()
        .collect()
}
