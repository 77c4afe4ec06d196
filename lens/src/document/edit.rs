//! [`Edit`]: every change the canvas and the inspector can make to an architecture, as one value
//! that crosses IPC, is applied by [`Edit::apply`], and comes back as its own inverse.
//!
//! Undo does not keep snapshots: applying an edit returns the edit that exactly undoes it
//! (removing a component returns "add it back, with its flows"; removing a boundary returns "add
//! it back and put its members back in it"). A [`Edit::Batch`] is applied all or nothing: when one
//! of its edits fails, the ones already applied are undone, in reverse order, before the error is
//! returned.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::{
    Architecture, ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId,
    ModelError, Position, Properties, Size, Trust, Value,
};

/// The flow property that holds a flow's label on the canvas.
pub const FLOW_LABEL_PROPERTY: &str = "label";

/// One change to an architecture. Serialized with a `type` tag in snake_case:
/// `{ "type": "set_component_label", "id": "llm", "label": "Claude" }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// Renames the architecture.
    RenameArchitecture {
        name: String,
    },

    /// Adds a component with a new id (dropped from the palette, pasted, duplicated).
    AddComponent {
        component: Component,
    },
    /// Removes a component and every flow that starts or ends at it.
    RemoveComponent {
        id: ComponentId,
    },
    /// Replaces a component (same id) by a new version: kind, label, boundary, properties and
    /// position at once.
    ReplaceComponent {
        component: Component,
    },
    /// Changes a component's kind; properties the new kind does not allow are dropped (and come
    /// back on undo).
    SetComponentKind {
        id: ComponentId,
        kind: String,
    },
    SetComponentLabel {
        id: ComponentId,
        label: String,
    },
    /// Sets one property (`value`), or clears it back to the catalog default (`value: null`).
    SetComponentProperty {
        id: ComponentId,
        property: String,
        value: Option<Value>,
    },
    /// Replaces all the properties of a component.
    SetComponentProperties {
        id: ComponentId,
        properties: Properties,
    },
    /// Moves a component into a boundary, or out of every boundary (`null`).
    SetComponentBoundary {
        id: ComponentId,
        boundary: Option<BoundaryId>,
    },
    /// Moves components on the canvas: one drag of a selection is one edit (one undo step).
    MoveComponents {
        moves: Vec<ComponentMove>,
    },

    /// Adds a flow with a new id between two existing components.
    AddFlow {
        flow: Flow,
    },
    RemoveFlow {
        id: FlowId,
    },
    /// Connects a flow to other ends.
    ReconnectFlow {
        id: FlowId,
        from: ComponentId,
        to: ComponentId,
    },
    /// Sets one flow property (`value`) or clears it (`value: null`).
    SetFlowProperty {
        id: FlowId,
        property: String,
        value: Option<Value>,
    },
    /// Replaces all the properties of a flow.
    SetFlowProperties {
        id: FlowId,
        properties: Properties,
    },
    /// Sets the flow's label (its `label` property), or removes it (`null`).
    SetFlowLabel {
        id: FlowId,
        label: Option<String>,
    },

    /// Adds a boundary with a new id.
    AddBoundary {
        boundary: Boundary,
    },
    /// Removes a boundary; its components and nested boundaries move to its parent.
    RemoveBoundary {
        id: BoundaryId,
    },
    /// Replaces a boundary (same id): label, trust, parent, position and size at once.
    UpdateBoundary {
        boundary: Boundary,
    },
    SetBoundaryLabel {
        id: BoundaryId,
        label: String,
    },
    SetBoundaryTrust {
        id: BoundaryId,
        trust: Trust,
    },
    /// Nests a boundary inside another, or makes it top-level (`null`).
    SetBoundaryParent {
        id: BoundaryId,
        parent: Option<BoundaryId>,
    },
    /// Moves or resizes a boundary on the canvas (`null`: laid out automatically).
    SetBoundaryLayout {
        id: BoundaryId,
        position: Option<Position>,
        size: Option<Size>,
    },

    /// Several edits as one undo step (paste, duplicate, delete a selection), applied all or
    /// nothing, in order.
    Batch {
        edits: Vec<Edit>,
    },
}

/// Where one component goes in a [`Edit::MoveComponents`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ComponentMove {
    pub id: ComponentId,
    /// The new position; `null` to have it laid out automatically.
    pub position: Option<Position>,
}

impl Edit {
    /// Applies the edit to `architecture` and returns the edit that undoes it. On error nothing
    /// has changed.
    pub fn apply(&self, architecture: &mut Architecture) -> Result<Edit, ModelError> {
        let a = architecture;
        Ok(match self {
            Edit::RenameArchitecture { name } => {
                let old = a.name().to_owned();
                a.set_name(name.clone())?;
                Edit::RenameArchitecture { name: old }
            }
            Edit::AddComponent { component } => {
                a.add_component(component.clone())?;
                Edit::RemoveComponent {
                    id: component.id.clone(),
                }
            }
            Edit::RemoveComponent { id } => {
                let removed = a.remove_component(id)?;
                let mut edits = vec![Edit::AddComponent {
                    component: removed.component,
                }];
                edits.extend(removed.flows.into_iter().map(|flow| Edit::AddFlow { flow }));
                batch_or_single(edits)
            }
            Edit::ReplaceComponent { component } => Edit::ReplaceComponent {
                component: a.replace_component(component.clone())?,
            },
            Edit::SetComponentKind { id, kind } => {
                let old = existing_component(a, id)?.clone();
                a.set_component_kind(id, kind)?;
                Edit::ReplaceComponent { component: old }
            }
            Edit::SetComponentLabel { id, label } => {
                let old = existing_component(a, id)?.label.clone();
                a.set_component_label(id, label.clone())?;
                Edit::SetComponentLabel {
                    id: id.clone(),
                    label: old,
                }
            }
            Edit::SetComponentProperty {
                id,
                property,
                value,
            } => Edit::SetComponentProperty {
                id: id.clone(),
                property: property.clone(),
                value: a.set_component_property(id, property, value.clone())?,
            },
            Edit::SetComponentProperties { id, properties } => Edit::SetComponentProperties {
                id: id.clone(),
                properties: a.set_component_properties(id, properties.clone())?,
            },
            Edit::SetComponentBoundary { id, boundary } => {
                let old = existing_component(a, id)?.boundary.clone();
                a.set_component_boundary(id, boundary.clone())?;
                Edit::SetComponentBoundary {
                    id: id.clone(),
                    boundary: old,
                }
            }
            Edit::MoveComponents { moves } => {
                // Checked in full first, so that a bad move changes nothing.
                let mut undo = Vec::with_capacity(moves.len());
                for m in moves {
                    undo.push(ComponentMove {
                        id: m.id.clone(),
                        position: existing_component(a, &m.id)?.position,
                    });
                    if let Some(p) = &m.position {
                        if !(p.x.is_finite() && p.y.is_finite()) {
                            return Err(ModelError::NotFinite {
                                path: format!("components[{:?}].position", m.id.as_str()),
                            });
                        }
                    }
                }
                for m in moves {
                    a.set_component_position(&m.id, m.position)?;
                }
                // Restoring in reverse order gets the first position back when an id repeats.
                undo.reverse();
                Edit::MoveComponents { moves: undo }
            }
            Edit::AddFlow { flow } => {
                a.add_flow(flow.clone())?;
                Edit::RemoveFlow {
                    id: flow.id.clone(),
                }
            }
            Edit::RemoveFlow { id } => Edit::AddFlow {
                flow: a.remove_flow(id)?,
            },
            Edit::ReconnectFlow { id, from, to } => {
                let old = existing_flow(a, id)?;
                let (old_from, old_to) = (old.from.clone(), old.to.clone());
                a.reconnect_flow(id, from.clone(), to.clone())?;
                Edit::ReconnectFlow {
                    id: id.clone(),
                    from: old_from,
                    to: old_to,
                }
            }
            Edit::SetFlowProperty {
                id,
                property,
                value,
            } => Edit::SetFlowProperty {
                id: id.clone(),
                property: property.clone(),
                value: a.set_flow_property(id, property, value.clone())?,
            },
            Edit::SetFlowProperties { id, properties } => Edit::SetFlowProperties {
                id: id.clone(),
                properties: a.set_flow_properties(id, properties.clone())?,
            },
            Edit::SetFlowLabel { id, label } => {
                let value = label.clone().map(Value::Text);
                let old = a.set_flow_property(id, FLOW_LABEL_PROPERTY, value)?;
                Edit::SetFlowProperty {
                    id: id.clone(),
                    property: FLOW_LABEL_PROPERTY.to_owned(),
                    value: old,
                }
            }
            Edit::AddBoundary { boundary } => {
                a.add_boundary(boundary.clone())?;
                Edit::RemoveBoundary {
                    id: boundary.id.clone(),
                }
            }
            Edit::RemoveBoundary { id } => {
                // Who is inside it now, to put them back on undo.
                let members: Vec<ComponentId> = a
                    .components()
                    .filter(|c| c.boundary.as_ref() == Some(id))
                    .map(|c| c.id.clone())
                    .collect();
                let children: Vec<BoundaryId> = a
                    .boundaries()
                    .filter(|b| b.parent.as_ref() == Some(id))
                    .map(|b| b.id.clone())
                    .collect();
                let removed = a.remove_boundary(id)?;
                let mut edits = vec![Edit::AddBoundary { boundary: removed }];
                edits.extend(members.into_iter().map(|c| Edit::SetComponentBoundary {
                    id: c,
                    boundary: Some(id.clone()),
                }));
                edits.extend(children.into_iter().map(|b| Edit::SetBoundaryParent {
                    id: b,
                    parent: Some(id.clone()),
                }));
                batch_or_single(edits)
            }
            Edit::UpdateBoundary { boundary } => Edit::UpdateBoundary {
                boundary: a.replace_boundary(boundary.clone())?,
            },
            Edit::SetBoundaryLabel { id, label } => {
                let old = existing_boundary(a, id)?.label.clone();
                a.set_boundary_label(id, label.clone())?;
                Edit::SetBoundaryLabel {
                    id: id.clone(),
                    label: old,
                }
            }
            Edit::SetBoundaryTrust { id, trust } => {
                let old = existing_boundary(a, id)?.trust;
                a.set_boundary_trust(id, *trust)?;
                Edit::SetBoundaryTrust {
                    id: id.clone(),
                    trust: old,
                }
            }
            Edit::SetBoundaryParent { id, parent } => {
                let old = existing_boundary(a, id)?.parent.clone();
                a.set_boundary_parent(id, parent.clone())?;
                Edit::SetBoundaryParent {
                    id: id.clone(),
                    parent: old,
                }
            }
            Edit::SetBoundaryLayout { id, position, size } => {
                let old = existing_boundary(a, id)?;
                let (old_position, old_size) = (old.position, old.size);
                a.set_boundary_layout(id, *position, *size)?;
                Edit::SetBoundaryLayout {
                    id: id.clone(),
                    position: old_position,
                    size: old_size,
                }
            }
            Edit::Batch { edits } => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(a) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(err) => {
                            roll_back(a, inverses);
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Edit::Batch { edits: inverses }
            }
        })
    }

    /// One batch that turns the architecture `from` into `to` (matched by id): what a re-import
    /// applies as one undo step. Flows that go or change ends go first, then components that go;
    /// new boundaries (parents first) before the components that sit in them; changed
    /// components, boundaries and flows are replaced whole; boundaries that go, last. An empty
    /// batch when they are equal.
    pub fn between(from: &ArchitectureData, to: &ArchitectureData) -> Edit {
        let mut edits = Vec::new();
        if from.name != to.name {
            edits.push(Edit::RenameArchitecture {
                name: to.name.clone(),
            });
        }
        let old_flows: BTreeMap<&FlowId, &Flow> = from.flows.iter().map(|f| (&f.id, f)).collect();
        let new_flows: BTreeMap<&FlowId, &Flow> = to.flows.iter().map(|f| (&f.id, f)).collect();
        let old_components: BTreeMap<&ComponentId, &Component> =
            from.components.iter().map(|c| (&c.id, c)).collect();
        let new_components: BTreeSet<&ComponentId> = to.components.iter().map(|c| &c.id).collect();
        let old_boundaries: BTreeMap<&BoundaryId, &Boundary> =
            from.boundaries.iter().map(|b| (&b.id, b)).collect();
        let new_boundaries: BTreeSet<&BoundaryId> = to.boundaries.iter().map(|b| &b.id).collect();

        // Flows that go, or whose ends change (drawn again below).
        for flow in &from.flows {
            let kept = new_flows
                .get(&flow.id)
                .is_some_and(|f| f.from == flow.from && f.to == flow.to);
            if !kept {
                edits.push(Edit::RemoveFlow {
                    id: flow.id.clone(),
                });
            }
        }
        for component in &from.components {
            if !new_components.contains(&component.id) {
                edits.push(Edit::RemoveComponent {
                    id: component.id.clone(),
                });
            }
        }
        // Boundaries that move to another parent leave theirs first: every step then nests
        // boundaries only as `to` does, so no step makes a cycle.
        for boundary in &to.boundaries {
            if old_boundaries
                .get(&boundary.id)
                .is_some_and(|old| old.parent.is_some() && old.parent != boundary.parent)
            {
                edits.push(Edit::SetBoundaryParent {
                    id: boundary.id.clone(),
                    parent: None,
                });
            }
        }
        // New boundaries, each after its parent.
        let mut pending: Vec<&Boundary> = to
            .boundaries
            .iter()
            .filter(|b| !old_boundaries.contains_key(&b.id))
            .collect();
        let mut present: BTreeSet<&BoundaryId> = old_boundaries.keys().copied().collect();
        while !pending.is_empty() {
            let before = pending.len();
            pending.retain(|b| {
                let ready = b.parent.as_ref().is_none_or(|p| present.contains(p));
                if ready {
                    edits.push(Edit::AddBoundary {
                        boundary: (*b).clone(),
                    });
                    present.insert(&b.id);
                }
                !ready
            });
            if pending.len() == before {
                // A parent that is nowhere: adding them fails with the model's own error.
                edits.extend(pending.drain(..).map(|b| Edit::AddBoundary {
                    boundary: b.clone(),
                }));
            }
        }
        for boundary in &to.boundaries {
            if old_boundaries
                .get(&boundary.id)
                .is_some_and(|old| *old != boundary)
            {
                edits.push(Edit::UpdateBoundary {
                    boundary: boundary.clone(),
                });
            }
        }
        for component in &to.components {
            match old_components.get(&component.id) {
                None => edits.push(Edit::AddComponent {
                    component: component.clone(),
                }),
                Some(old) if *old != component => edits.push(Edit::ReplaceComponent {
                    component: component.clone(),
                }),
                Some(_) => {}
            }
        }
        for flow in &to.flows {
            match old_flows.get(&flow.id) {
                Some(old) if old.from == flow.from && old.to == flow.to => {
                    if old.properties != flow.properties {
                        edits.push(Edit::SetFlowProperties {
                            id: flow.id.clone(),
                            properties: flow.properties.clone(),
                        });
                    }
                }
                _ => edits.push(Edit::AddFlow { flow: flow.clone() }),
            }
        }
        // Boundaries that go, once their members have left them.
        for boundary in &from.boundaries {
            if !new_boundaries.contains(&boundary.id) {
                edits.push(Edit::RemoveBoundary {
                    id: boundary.id.clone(),
                });
            }
        }
        Edit::Batch { edits }
    }

    /// How many single edits this is (a batch counts its members, recursively).
    pub fn len(&self) -> usize {
        match self {
            Edit::Batch { edits } => edits.iter().map(Edit::len).sum(),
            _ => 1,
        }
    }

    /// Whether this is an empty batch, which changes nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Undoes the edits of a failed batch that were already applied, last first. Each inverse was
/// produced by applying its edit to exactly the state it now undoes, so it applies.
fn roll_back(a: &mut Architecture, inverses: Vec<Edit>) {
    for inverse in inverses.into_iter().rev() {
        let undone = inverse.apply(a);
        debug_assert!(undone.is_ok(), "the inverse of an applied edit applies");
    }
}

fn batch_or_single(mut edits: Vec<Edit>) -> Edit {
    if edits.len() == 1 {
        edits.remove(0)
    } else {
        Edit::Batch { edits }
    }
}

fn existing_component<'a>(
    a: &'a Architecture,
    id: &ComponentId,
) -> Result<&'a Component, ModelError> {
    a.component(id)
        .ok_or_else(|| ModelError::UnknownComponent { id: id.0.clone() })
}

fn existing_flow<'a>(a: &'a Architecture, id: &FlowId) -> Result<&'a Flow, ModelError> {
    a.flow(id)
        .ok_or_else(|| ModelError::UnknownFlow { id: id.0.clone() })
}

fn existing_boundary<'a>(a: &'a Architecture, id: &BoundaryId) -> Result<&'a Boundary, ModelError> {
    a.boundary(id).ok_or_else(|| ModelError::UnknownBoundary {
        path: format!("boundaries[{:?}]", id.as_str()),
        id: id.0.clone(),
    })
}
