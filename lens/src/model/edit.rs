//! Editing operations on an [`Architecture`]: what the desktop app calls for every change on the
//! canvas or in the inspector. Each operation checks everything first and then applies the change,
//! so that an error leaves the architecture exactly as it was; each keeps the invariants that
//! [`Architecture::verify`] checks, and holds the content to the catalog and the limits of
//! [`super::check`]. Error paths name the element by id: `components["llm"].properties.role`.

use std::collections::BTreeSet;

use crate::catalog::{Catalog, CatalogError};

use super::check;
use super::types::{
    Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Position, Properties, Size, Trust,
    Value,
};
use super::{Architecture, ModelError};

/// A removed component with the flows that were removed with it (for undo).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RemovedComponent {
    pub component: Component,
    /// Every flow that started or ended at the component, sorted by id.
    pub flows: Vec<Flow>,
}

fn component_path(id: &ComponentId) -> String {
    format!("components[{:?}]", id.as_str())
}
fn flow_path(id: &FlowId) -> String {
    format!("flows[{:?}]", id.as_str())
}
fn boundary_path(id: &BoundaryId) -> String {
    format!("boundaries[{:?}]", id.as_str())
}

impl Architecture {
    fn existing_component(&self, id: &ComponentId) -> Result<&Component, ModelError> {
        self.components
            .get(id)
            .ok_or_else(|| ModelError::UnknownComponent { id: id.0.clone() })
    }

    fn existing_flow(&self, id: &FlowId) -> Result<&Flow, ModelError> {
        self.flows
            .get(id)
            .ok_or_else(|| ModelError::UnknownFlow { id: id.0.clone() })
    }

    fn existing_boundary(&self, path: &str, id: &BoundaryId) -> Result<&Boundary, ModelError> {
        self.boundaries
            .get(id)
            .ok_or_else(|| ModelError::UnknownBoundary {
                path: path.to_owned(),
                id: id.0.clone(),
            })
    }

    fn check_boundary_ref(&self, path: &str, id: Option<&BoundaryId>) -> Result<(), ModelError> {
        match id {
            Some(b) => self.existing_boundary(path, b).map(|_| ()),
            None => Ok(()),
        }
    }

    /// Renames the architecture.
    pub fn set_name(&mut self, name: impl Into<String>) -> Result<(), ModelError> {
        let name = name.into();
        check::check_label(|| "name".to_owned(), &name)?;
        self.name = name;
        Ok(())
    }

    // ----- components -------------------------------------------------------------------------

    /// Adds a component with a new id.
    pub fn add_component(&mut self, component: Component) -> Result<(), ModelError> {
        let at = component_path(&component.id);
        check::check_component(&|| at.clone(), &component)?;
        if self.components.contains_key(&component.id) {
            return Err(ModelError::DuplicateId {
                path: format!("{at}.id"),
                id: component.id.0,
            });
        }
        self.check_boundary_ref(&format!("{at}.boundary"), component.boundary.as_ref())?;
        self.structure_changed();
        self.components.insert(component.id.clone(), component);
        Ok(())
    }

    /// Removes a component and every flow that starts or ends at it.
    pub fn remove_component(&mut self, id: &ComponentId) -> Result<RemovedComponent, ModelError> {
        self.existing_component(id)?;
        self.structure_changed();
        let mut flow_ids: BTreeSet<FlowId> = BTreeSet::new();
        flow_ids.extend(self.outgoing(id).into_iter().map(|f| f.id.clone()));
        flow_ids.extend(self.incoming(id).into_iter().map(|f| f.id.clone()));
        let flows: Vec<Flow> = flow_ids
            .iter()
            .filter_map(|f| self.flows.remove(f))
            .collect();
        let component = self
            .components
            .remove(id)
            .ok_or_else(|| ModelError::UnknownComponent { id: id.0.clone() })?;
        Ok(RemovedComponent { component, flows })
    }

    /// Replaces a component (same id) by a new version: kind, label, boundary, properties and
    /// position all at once, as the inspector sends them. Returns the previous version.
    pub fn replace_component(&mut self, component: Component) -> Result<Component, ModelError> {
        self.existing_component(&component.id)?;
        let at = component_path(&component.id);
        check::check_component(&|| at.clone(), &component)?;
        self.check_boundary_ref(&format!("{at}.boundary"), component.boundary.as_ref())?;
        self.content_changed();
        self.flows_changed();
        let slot =
            self.components
                .get_mut(&component.id)
                .ok_or_else(|| ModelError::UnknownComponent {
                    id: component.id.0.clone(),
                })?;
        Ok(std::mem::replace(slot, component))
    }

    /// Changes a component's kind. Properties the new kind also has (with a value it allows) are
    /// kept; the others are removed and returned, so that the UI can say what was dropped. A
    /// service preset is of one kind, so another kind drops it (undo restores the whole component).
    pub fn set_component_kind(
        &mut self,
        id: &ComponentId,
        kind: &str,
    ) -> Result<Properties, ModelError> {
        let at = component_path(id);
        self.existing_component(id)?;
        check::check_kind(|| format!("{at}.kind"), kind)?;
        let catalog = Catalog::builtin();
        self.content_changed();
        self.flows_changed();
        let c = self
            .components
            .get_mut(id)
            .ok_or_else(|| ModelError::UnknownComponent { id: id.0.clone() })?;
        let (kept, dropped): (Properties, Properties) = std::mem::take(&mut c.properties)
            .into_iter()
            .partition(|(p, v)| catalog.check_value(kind, p, v).is_ok());
        c.properties = kept;
        if c.kind != kind {
            c.preset = None;
        }
        c.kind = kind.to_owned();
        Ok(dropped)
    }

    /// Gives a component a new label.
    pub fn set_component_label(
        &mut self,
        id: &ComponentId,
        label: impl Into<String>,
    ) -> Result<(), ModelError> {
        let label = label.into();
        self.existing_component(id)?;
        check::check_edited_label(|| format!("{}.label", component_path(id)), &label)?;
        if let Some(c) = self.components.get_mut(id) {
            c.label = label;
        }
        Ok(())
    }

    /// Sets one property of a component (`Some`) or unsets it (`None`, back to the catalog
    /// default). Returns the previous value.
    pub fn set_component_property(
        &mut self,
        id: &ComponentId,
        property: &str,
        value: Option<Value>,
    ) -> Result<Option<Value>, ModelError> {
        let c = self.existing_component(id)?;
        let path = format!("{}.properties.{property}", component_path(id));
        let catalog = Catalog::builtin();
        let checked = match &value {
            Some(v) => catalog.check_value(&c.kind, property, v),
            None => catalog.property(&c.kind, property).map(|_| ()),
        };
        checked.map_err(|source| ModelError::Catalog {
            path,
            source: Box::new(source),
        })?;
        self.content_changed();
        let c = self
            .components
            .get_mut(id)
            .ok_or_else(|| ModelError::UnknownComponent { id: id.0.clone() })?;
        Ok(match value {
            Some(v) => c.properties.insert(property.to_owned(), v),
            None => c.properties.remove(property),
        })
    }

    /// Replaces all properties of a component.
    pub fn set_component_properties(
        &mut self,
        id: &ComponentId,
        properties: Properties,
    ) -> Result<Properties, ModelError> {
        let c = self.existing_component(id)?;
        check::check_component_properties(&|| component_path(id), &c.kind, &properties)?;
        self.content_changed();
        let c = self
            .components
            .get_mut(id)
            .ok_or_else(|| ModelError::UnknownComponent { id: id.0.clone() })?;
        Ok(std::mem::replace(&mut c.properties, properties))
    }

    /// Moves a component into a boundary, or out of every boundary (`None`).
    pub fn set_component_boundary(
        &mut self,
        id: &ComponentId,
        boundary: Option<BoundaryId>,
    ) -> Result<(), ModelError> {
        self.existing_component(id)?;
        self.check_boundary_ref(
            &format!("{}.boundary", component_path(id)),
            boundary.as_ref(),
        )?;
        self.content_changed();
        if let Some(c) = self.components.get_mut(id) {
            c.boundary = boundary;
        }
        Ok(())
    }

    /// Moves a component on the canvas (`None`: lay it out automatically).
    pub fn set_component_position(
        &mut self,
        id: &ComponentId,
        position: Option<Position>,
    ) -> Result<(), ModelError> {
        self.existing_component(id)?;
        check::check_position(
            || format!("{}.position", component_path(id)),
            position.as_ref(),
        )?;
        if let Some(c) = self.components.get_mut(id) {
            c.position = position;
        }
        Ok(())
    }

    // ----- flows ------------------------------------------------------------------------------

    fn check_flow_ends(
        &self,
        at: &str,
        from: &ComponentId,
        to: &ComponentId,
    ) -> Result<(), ModelError> {
        for (field, end) in [("from", from), ("to", to)] {
            if !self.components.contains_key(end) {
                return Err(ModelError::DanglingFlow {
                    path: format!("{at}.{field}"),
                    id: end.0.clone(),
                });
            }
        }
        Ok(())
    }

    /// Adds a flow with a new id between two existing components.
    pub fn add_flow(&mut self, flow: Flow) -> Result<(), ModelError> {
        let at = flow_path(&flow.id);
        check::check_flow(&|| at.clone(), &flow)?;
        if self.flows.contains_key(&flow.id) {
            return Err(ModelError::DuplicateId {
                path: format!("{at}.id"),
                id: flow.id.0,
            });
        }
        self.check_flow_ends(&at, &flow.from, &flow.to)?;
        self.structure_changed();
        self.flows.insert(flow.id.clone(), flow);
        Ok(())
    }

    /// Removes a flow and returns it.
    pub fn remove_flow(&mut self, id: &FlowId) -> Result<Flow, ModelError> {
        self.existing_flow(id)?;
        self.structure_changed();
        self.flows
            .remove(id)
            .ok_or_else(|| ModelError::UnknownFlow { id: id.0.clone() })
    }

    /// Connects a flow to other ends (dragging an edge's end on the canvas).
    pub fn reconnect_flow(
        &mut self,
        id: &FlowId,
        from: ComponentId,
        to: ComponentId,
    ) -> Result<(), ModelError> {
        self.existing_flow(id)?;
        self.check_flow_ends(&flow_path(id), &from, &to)?;
        let mut flow = self.remove_flow(id)?;
        flow.from = from;
        flow.to = to;
        // Cannot fail: the id was free a moment ago and both ends exist.
        self.add_flow(flow)
    }

    /// Sets one property of a flow (`Some`) or unsets it (`None`). Returns the previous value.
    pub fn set_flow_property(
        &mut self,
        id: &FlowId,
        property: &str,
        value: Option<Value>,
    ) -> Result<Option<Value>, ModelError> {
        self.existing_flow(id)?;
        let path = format!("{}.properties.{property}", flow_path(id));
        let catalog = Catalog::builtin();
        let checked = match &value {
            Some(v) => catalog.check_flow_value(property, v),
            None => match catalog.flow_property(property) {
                Some(_) => Ok(()),
                None => Err(CatalogError::UnknownFlowProperty {
                    property: property.to_owned(),
                    known: catalog
                        .flow_properties()
                        .iter()
                        .map(|p| format!("\"{}\"", p.id))
                        .collect::<Vec<_>>()
                        .join(", "),
                }),
            },
        };
        checked.map_err(|source| ModelError::Catalog {
            path,
            source: Box::new(source),
        })?;
        self.content_changed();
        self.flows_changed();
        let f = self
            .flows
            .get_mut(id)
            .ok_or_else(|| ModelError::UnknownFlow { id: id.0.clone() })?;
        Ok(match value {
            Some(v) => f.properties.insert(property.to_owned(), v),
            None => f.properties.remove(property),
        })
    }

    /// Replaces all properties of a flow. Returns the previous ones.
    pub fn set_flow_properties(
        &mut self,
        id: &FlowId,
        properties: Properties,
    ) -> Result<Properties, ModelError> {
        self.existing_flow(id)?;
        check::check_flow_properties(&|| flow_path(id), &properties)?;
        self.content_changed();
        self.flows_changed();
        let f = self
            .flows
            .get_mut(id)
            .ok_or_else(|| ModelError::UnknownFlow { id: id.0.clone() })?;
        Ok(std::mem::replace(&mut f.properties, properties))
    }

    // ----- boundaries -------------------------------------------------------------------------

    /// Whether making `parent` the parent of `id` would put `id` inside itself.
    fn would_cycle(&self, id: &BoundaryId, parent: Option<&BoundaryId>) -> bool {
        let mut cur = parent;
        let mut steps = 0;
        while let Some(p) = cur {
            if p == id || steps > self.boundaries.len() {
                return true;
            }
            steps += 1;
            cur = self.boundaries.get(p).and_then(|b| b.parent.as_ref());
        }
        false
    }

    /// Adds a boundary with a new id.
    pub fn add_boundary(&mut self, boundary: Boundary) -> Result<(), ModelError> {
        let at = boundary_path(&boundary.id);
        check::check_boundary(&|| at.clone(), &boundary)?;
        if self.boundaries.contains_key(&boundary.id) {
            return Err(ModelError::DuplicateId {
                path: format!("{at}.id"),
                id: boundary.id.0,
            });
        }
        if boundary.parent.as_ref() == Some(&boundary.id) {
            return Err(ModelError::BoundaryCycle {
                path: format!("{at}.parent"),
                id: boundary.id.0,
            });
        }
        self.check_boundary_ref(&format!("{at}.parent"), boundary.parent.as_ref())?;
        self.content_changed();
        self.boundaries.insert(boundary.id.clone(), boundary);
        Ok(())
    }

    /// Removes a boundary. What it contained (components and nested boundaries) moves to its
    /// parent, or out of every boundary when it had none, as when ungrouping on the canvas.
    pub fn remove_boundary(&mut self, id: &BoundaryId) -> Result<Boundary, ModelError> {
        let removed = self
            .boundaries
            .remove(id)
            .ok_or_else(|| ModelError::UnknownBoundary {
                path: boundary_path(id),
                id: id.0.clone(),
            })?;
        self.content_changed();
        for c in self.components.values_mut() {
            if c.boundary.as_ref() == Some(id) {
                c.boundary.clone_from(&removed.parent);
            }
        }
        for b in self.boundaries.values_mut() {
            if b.parent.as_ref() == Some(id) {
                b.parent.clone_from(&removed.parent);
            }
        }
        Ok(removed)
    }

    /// Replaces a boundary (same id): label, trust and parent at once. Returns the previous one.
    pub fn replace_boundary(&mut self, boundary: Boundary) -> Result<Boundary, ModelError> {
        let at = boundary_path(&boundary.id);
        self.existing_boundary(&at, &boundary.id)?;
        check::check_boundary(&|| at.clone(), &boundary)?;
        self.check_parent(&boundary.id, boundary.parent.as_ref())?;
        self.content_changed();
        let slot =
            self.boundaries
                .get_mut(&boundary.id)
                .ok_or_else(|| ModelError::UnknownBoundary {
                    path: at,
                    id: boundary.id.0.clone(),
                })?;
        Ok(std::mem::replace(slot, boundary))
    }

    fn check_parent(&self, id: &BoundaryId, parent: Option<&BoundaryId>) -> Result<(), ModelError> {
        let path = format!("{}.parent", boundary_path(id));
        self.check_boundary_ref(&path, parent)?;
        if self.would_cycle(id, parent) {
            return Err(ModelError::BoundaryCycle {
                path,
                id: id.0.clone(),
            });
        }
        Ok(())
    }

    /// Gives a boundary a new label.
    pub fn set_boundary_label(
        &mut self,
        id: &BoundaryId,
        label: impl Into<String>,
    ) -> Result<(), ModelError> {
        let label = label.into();
        let at = boundary_path(id);
        self.existing_boundary(&at, id)?;
        check::check_edited_label(|| format!("{at}.label"), &label)?;
        if let Some(b) = self.boundaries.get_mut(id) {
            b.label = label;
        }
        Ok(())
    }

    /// Changes how much a boundary is trusted.
    pub fn set_boundary_trust(&mut self, id: &BoundaryId, trust: Trust) -> Result<(), ModelError> {
        self.existing_boundary(&boundary_path(id), id)?;
        self.content_changed();
        if let Some(b) = self.boundaries.get_mut(id) {
            b.trust = trust;
        }
        Ok(())
    }

    /// Nests a boundary inside another (`Some`) or makes it top-level (`None`). Refused when it
    /// would put the boundary inside itself.
    pub fn set_boundary_parent(
        &mut self,
        id: &BoundaryId,
        parent: Option<BoundaryId>,
    ) -> Result<(), ModelError> {
        self.existing_boundary(&boundary_path(id), id)?;
        self.check_parent(id, parent.as_ref())?;
        self.content_changed();
        if let Some(b) = self.boundaries.get_mut(id) {
            b.parent = parent;
        }
        Ok(())
    }

    /// Moves or resizes a boundary on the canvas (`None`: laid out automatically).
    pub fn set_boundary_layout(
        &mut self,
        id: &BoundaryId,
        position: Option<Position>,
        size: Option<Size>,
    ) -> Result<(), ModelError> {
        let at = boundary_path(id);
        self.existing_boundary(&at, id)?;
        check::check_position(|| format!("{at}.position"), position.as_ref())?;
        check::check_size(|| format!("{at}.size"), size.as_ref())?;
        if let Some(b) = self.boundaries.get_mut(id) {
            b.position = position;
            b.size = size;
        }
        Ok(())
    }
}
