//! The three-way merge of architectures: elements by id, each field and each property on its
//! own, then the references repaired so that the result is always a valid architecture.
//!
//! The references are where two valid sides can combine into an invalid whole: a flow to a
//! component the other side deleted, a component placed in a boundary the other side deleted,
//! two boundaries each moved inside the other, a kind changed on one side and a property of the
//! old kind set on the other. [`repair`] settles each one in ours' favour, recording a conflict
//! that keeps theirs' value: an element ours still uses is kept (restored from ours), a change of
//! theirs that uses what ours deleted is not applied, and a field whose merged value does not fit
//! goes back to ours'. Each step either restores one of ours' elements or sets one field to ours'
//! value, so the repair ends, and since ours is valid the result is.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::conflict::{ConflictReason, Element};
use super::{merge_keyed, pick, Recorder};
use crate::catalog::Catalog;
use crate::model::{
    Architecture, ArchitectureData, Boundary, BoundaryId, Component, Flow, Properties,
};

type Map<T> = BTreeMap<String, T>;

/// One side's architecture as maps by id.
struct Side {
    boundaries: Map<Boundary>,
    components: Map<Component>,
    flows: Map<Flow>,
}

impl Side {
    fn of(data: &ArchitectureData) -> Self {
        Self {
            boundaries: by_id(&data.boundaries, |b| b.id.as_str()),
            components: by_id(&data.components, |c| c.id.as_str()),
            flows: by_id(&data.flows, |f| f.id.as_str()),
        }
    }
}

fn by_id<T: Clone>(items: &[T], id: impl Fn(&T) -> &str) -> Map<T> {
    items
        .iter()
        .map(|t| (id(t).to_owned(), t.clone()))
        .collect()
}

/// Merges the architectures (see the module documentation); the result is valid.
pub(super) fn merge(
    base: &Architecture,
    ours: &Architecture,
    theirs: &Architecture,
    rec: &mut Recorder,
) -> Architecture {
    let (base_data, ours_data, theirs_data) = (base.to_data(), ours.to_data(), theirs.to_data());
    let (b, o, t) = (
        Side::of(&base_data),
        Side::of(&ours_data),
        Side::of(&theirs_data),
    );
    let before = rec.len();
    let name = match pick(
        Some(&base_data.name),
        Some(&ours_data.name),
        Some(&theirs_data.name),
    ) {
        Ok(name) => name.unwrap_or_default(),
        Err(()) => {
            rec.record(
                Element::Name,
                "",
                None,
                ConflictReason::BothChanged,
                [
                    Some(&base_data.name),
                    Some(&ours_data.name),
                    Some(&theirs_data.name),
                ],
            );
            ours_data.name.clone()
        }
    };
    let mut merged = Side {
        boundaries: merge_keyed(
            [&b.boundaries, &o.boundaries, &t.boundaries],
            rec,
            merge_boundary,
        ),
        components: merge_keyed(
            [&b.components, &o.components, &t.components],
            rec,
            merge_component,
        ),
        flows: merge_keyed([&b.flows, &o.flows, &t.flows], rec, merge_flow),
    };
    repair(&mut merged, &b, &o, &t, rec);
    let data = ArchitectureData {
        name,
        boundaries: merged.boundaries.into_values().collect(),
        components: merged.components.into_values().collect(),
        flows: merged.flows.into_values().collect(),
    };
    match Architecture::from_data_checked(data) {
        Ok(architecture) => architecture,
        Err(_) => {
            // Not expected after the repair; should it happen, ours stays whole and theirs is
            // kept in one conflict rather than a broken review being written.
            rec.truncate(before);
            rec.record(
                Element::Architecture,
                "",
                None,
                ConflictReason::Incompatible,
                [Some(&base_data), Some(&ours_data), Some(&theirs_data)],
            );
            ours.clone()
        }
    }
}

/// Field-by-field merge of one element present on both sides with different values: the
/// element on each side (not in the base when both sides added it).
struct Fields<'a, E> {
    element: Element,
    id: &'a str,
    rec: &'a mut Recorder,
    base: Option<&'a E>,
    ours: &'a E,
    theirs: &'a E,
}

impl<E> Fields<'_, E> {
    /// The merged value of the field `field`, which `get` reads from an element.
    fn value<T: Clone + PartialEq + Serialize>(&mut self, field: &str, get: fn(&E) -> &T) -> T {
        let (base, ours, theirs) = (self.base.map(get), get(self.ours), get(self.theirs));
        match pick(base, Some(ours), Some(theirs)) {
            Ok(Some(value)) => value,
            _ => {
                self.rec.record(
                    self.element,
                    self.id,
                    Some(field),
                    ConflictReason::BothChanged,
                    [base, Some(ours), Some(theirs)],
                );
                ours.clone()
            }
        }
    }

    /// The merged properties, which `get` reads from an element: property by property.
    fn properties(&mut self, get: fn(&E) -> &Properties) -> Properties {
        let (base, ours, theirs) = (self.base.map(get), get(self.ours), get(self.theirs));
        let keys: BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
        let mut merged = Properties::new();
        for key in keys {
            let b = base.and_then(|p| p.get(key));
            let (o, t) = (ours.get(key), theirs.get(key));
            let value = match pick(b, o, t) {
                Ok(value) => value,
                Err(()) => {
                    self.rec.record(
                        self.element,
                        self.id,
                        Some(&format!("properties.{key}")),
                        ConflictReason::BothChanged,
                        [b, o, t],
                    );
                    o.cloned()
                }
            };
            if let Some(value) = value {
                merged.insert(key.clone(), value);
            }
        }
        merged
    }
}

fn merge_component(
    id: &str,
    base: Option<&Component>,
    ours: &Component,
    theirs: &Component,
    rec: &mut Recorder,
) -> Component {
    let mut f = Fields {
        element: Element::Component,
        id,
        rec,
        base,
        ours,
        theirs,
    };
    let mut merged = Component {
        id: ours.id.clone(),
        // In this order, the order of the conflicts they may record.
        kind: f.value("kind", |c| &c.kind),
        properties: f.properties(|c| &c.properties),
        label: f.value("label", |c| &c.label),
        boundary: f.value("boundary", |c| &c.boundary),
        position: f.value("position", |c| &c.position),
        preset: f.value("preset", |c| &c.preset),
    };
    let catalog = Catalog::builtin();
    let fits = merged
        .properties
        .iter()
        .all(|(p, v)| catalog.check_value(&merged.kind, p, v).is_ok())
        && merged
            .preset
            .as_ref()
            .is_none_or(|p| catalog.check_preset(&merged.kind, p).is_ok());
    if !fits {
        // A kind from one side with a property or a service preset of the other side's kind.
        merged.kind.clone_from(&ours.kind);
        merged.properties.clone_from(&ours.properties);
        merged.preset.clone_from(&ours.preset);
        rec.record(
            Element::Component,
            id,
            None,
            ConflictReason::Incompatible,
            [base, Some(ours), Some(theirs)],
        );
    }
    merged
}

fn merge_flow(
    id: &str,
    base: Option<&Flow>,
    ours: &Flow,
    theirs: &Flow,
    rec: &mut Recorder,
) -> Flow {
    let mut f = Fields {
        element: Element::Flow,
        id,
        rec,
        base,
        ours,
        theirs,
    };
    Flow {
        id: ours.id.clone(),
        from: f.value("from", |x| &x.from),
        to: f.value("to", |x| &x.to),
        properties: f.properties(|x| &x.properties),
    }
}

fn merge_boundary(
    id: &str,
    base: Option<&Boundary>,
    ours: &Boundary,
    theirs: &Boundary,
    rec: &mut Recorder,
) -> Boundary {
    let mut f = Fields {
        element: Element::Boundary,
        id,
        rec,
        base,
        ours,
        theirs,
    };
    Boundary {
        id: ours.id.clone(),
        label: f.value("label", |x| &x.label),
        trust: f.value("trust", |x| &x.trust),
        parent: f.value("parent", |x| &x.parent),
        position: f.value("position", |x| &x.position),
        size: f.value("size", |x| &x.size),
    }
}

/// Settles every broken reference of `merged` in ours' favour (see the module documentation).
fn repair(merged: &mut Side, base: &Side, ours: &Side, theirs: &Side, rec: &mut Recorder) {
    loop {
        let changed = repair_flows(merged, base, ours, theirs, rec)
            || repair_places::<Component>(merged, base, ours, theirs, rec)
            || repair_places::<Boundary>(merged, base, ours, theirs, rec)
            || repair_cycle(merged, base, ours, theirs, rec);
        if !changed {
            break;
        }
    }
}

/// Restores `id`, which ours has and theirs deleted, because ours still uses it.
fn restore<T: Clone + Serialize>(
    element: Element,
    id: &str,
    merged: &mut Map<T>,
    [base, ours, theirs]: [&Map<T>; 3],
    rec: &mut Recorder,
) -> bool {
    let Some(kept) = ours.get(id) else {
        return false;
    };
    merged.insert(id.to_owned(), kept.clone());
    rec.record(
        element,
        id,
        None,
        ConflictReason::DeletedInUse,
        [base.get(id), Some(kept), theirs.get(id)],
    );
    true
}

/// Fixes the first flow with an end that is not a component; returns whether it fixed one.
fn repair_flows(
    merged: &mut Side,
    base: &Side,
    ours: &Side,
    theirs: &Side,
    rec: &mut Recorder,
) -> bool {
    let broken = merged.flows.iter().find_map(|(id, f)| {
        [&f.from, &f.to]
            .into_iter()
            .find(|end| !merged.components.contains_key(end.as_str()))
            .map(|end| (id.clone(), end.clone()))
    });
    let Some((id, end)) = broken else {
        return false;
    };
    let sides = [&base.components, &ours.components, &theirs.components];
    if restore(
        Element::Component,
        end.as_str(),
        &mut merged.components,
        sides,
        rec,
    ) {
        return true;
    }
    // Ours deleted the component: theirs' flow to it, or theirs' reconnection to it, goes.
    let values = [
        base.flows.get(&id),
        ours.flows.get(&id),
        theirs.flows.get(&id),
    ];
    match ours.flows.get(&id) {
        Some(kept) => merged.flows.insert(id.clone(), kept.clone()),
        None => merged.flows.remove(&id),
    };
    rec.record(
        Element::Flow,
        &id,
        None,
        ConflictReason::RefersToDeleted,
        values,
    );
    true
}

/// The nearest boundary around `id` (by the parents of ours, theirs and the base) that the merge
/// keeps: where a component or boundary of theirs placed in `id` goes when ours deleted `id`.
fn nearest_kept(id: &BoundaryId, merged: &Side, sides: [&Side; 3]) -> Option<BoundaryId> {
    let mut seen = BTreeSet::new();
    let mut at = id.clone();
    while seen.insert(at.clone()) {
        let parent = sides
            .iter()
            .find_map(|s| s.boundaries.get(at.as_str()))
            .and_then(|b| b.parent.clone())?;
        if merged.boundaries.contains_key(parent.as_str()) {
            return Some(parent);
        }
        at = parent;
    }
    None
}

/// An element drawn inside a boundary: a component (its `boundary`) or a boundary (its
/// `parent`).
trait Placed: Clone + Serialize {
    const ELEMENT: Element;
    const FIELD: &'static str;
    fn of(side: &Side) -> &Map<Self>;
    fn of_mut(side: &mut Side) -> &mut Map<Self>;
    fn place(&self) -> Option<&BoundaryId>;
    fn set_place(&mut self, place: Option<BoundaryId>);
}

impl Placed for Component {
    const ELEMENT: Element = Element::Component;
    const FIELD: &'static str = "boundary";
    fn of(side: &Side) -> &Map<Self> {
        &side.components
    }
    fn of_mut(side: &mut Side) -> &mut Map<Self> {
        &mut side.components
    }
    fn place(&self) -> Option<&BoundaryId> {
        self.boundary.as_ref()
    }
    fn set_place(&mut self, place: Option<BoundaryId>) {
        self.boundary = place;
    }
}

impl Placed for Boundary {
    const ELEMENT: Element = Element::Boundary;
    const FIELD: &'static str = "parent";
    fn of(side: &Side) -> &Map<Self> {
        &side.boundaries
    }
    fn of_mut(side: &mut Side) -> &mut Map<Self> {
        &mut side.boundaries
    }
    fn place(&self) -> Option<&BoundaryId> {
        self.parent.as_ref()
    }
    fn set_place(&mut self, place: Option<BoundaryId>) {
        self.parent = place;
    }
}

/// Fixes the first component (or boundary) placed in a boundary that the merge does not have.
fn repair_places<T: Placed>(
    merged: &mut Side,
    base: &Side,
    ours: &Side,
    theirs: &Side,
    rec: &mut Recorder,
) -> bool {
    let broken = T::of(merged).iter().find_map(|(id, element)| {
        element
            .place()
            .filter(|b| !merged.boundaries.contains_key(b.as_str()))
            .map(|b| (id.clone(), b.clone()))
    });
    let Some((id, boundary)) = broken else {
        return false;
    };
    let sides = [&base.boundaries, &ours.boundaries, &theirs.boundaries];
    if restore(
        Element::Boundary,
        boundary.as_str(),
        &mut merged.boundaries,
        sides,
        rec,
    ) {
        return true;
    }
    let new = match T::of(ours).get(&id) {
        Some(kept) => kept.place().cloned(),
        None => nearest_kept(&boundary, merged, [ours, base, theirs]),
    };
    set_place::<T>(
        merged,
        &id,
        new,
        [base, ours, theirs],
        rec,
        ConflictReason::RefersToDeleted,
    );
    true
}

/// Places element `id` in `place` and records why, with the three sides' places.
fn set_place<T: Placed>(
    merged: &mut Side,
    id: &str,
    place: Option<BoundaryId>,
    sides: [&Side; 3],
    rec: &mut Recorder,
    reason: ConflictReason,
) {
    if let Some(element) = T::of_mut(merged).get_mut(id) {
        element.set_place(place);
    }
    let field = |s: &Side| T::of(s).get(id).map(|e| e.place().cloned());
    rec.record(
        T::ELEMENT,
        id,
        Some(T::FIELD),
        reason,
        sides.map(field).each_ref().map(Option::as_ref),
    );
}

/// Breaks the first cycle of boundary parents by giving one boundary of it ours' parent (or none,
/// for a boundary ours does not have).
fn repair_cycle(
    merged: &mut Side,
    base: &Side,
    ours: &Side,
    theirs: &Side,
    rec: &mut Recorder,
) -> bool {
    let Some(cycle) = first_cycle(&merged.boundaries) else {
        return false;
    };
    let ours_parent = |id: &str| ours.boundaries.get(id).and_then(|b| b.parent.clone());
    // Ours has no cycle, so some boundary of the cycle has a parent other than ours'.
    let Some(id) = cycle
        .into_iter()
        .find(|id| merged.boundaries.get(id).and_then(|b| b.parent.clone()) != ours_parent(id))
    else {
        return false;
    };
    let parent = ours_parent(&id);
    set_place::<Boundary>(
        merged,
        &id,
        parent,
        [base, ours, theirs],
        rec,
        ConflictReason::Incompatible,
    );
    true
}

/// The boundaries of the first cycle of parents, if there is one.
fn first_cycle(boundaries: &Map<Boundary>) -> Option<Vec<String>> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in boundaries.keys() {
        let mut path: Vec<&str> = Vec::new();
        let mut at = Some(start.as_str());
        while let Some(id) = at {
            if done.contains(id) {
                break;
            }
            if let Some(i) = path.iter().position(|p| *p == id) {
                return Some(path[i..].iter().map(|s| (*s).to_owned()).collect());
            }
            path.push(id);
            at = boundaries
                .get(id)
                .and_then(|b| b.parent.as_ref())
                .map(BoundaryId::as_str);
        }
        done.extend(path);
    }
    None
}
