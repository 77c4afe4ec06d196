//! [`Architecture`]: the validated architecture, its components, flows and boundaries in id
//! order, with the graph questions of people and tests answered in ids. The answers come from
//! [`super::topology`], the one implementation of every graph search; this module translates ids
//! to positions and back.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::content::{Content, FlowReads};
use super::topology::{Kept, Reach, Searches, Topology, Walk};
use super::types::{
    ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Trust,
};
use super::{check, ModelError};

/// A validated architecture: every flow end and boundary reference resolves, ids are unique,
/// boundaries form a forest.
#[derive(Clone, Debug, Default)]
pub struct Architecture {
    pub(super) name: String,
    pub(super) boundaries: BTreeMap<BoundaryId, Boundary>,
    pub(super) components: BTreeMap<ComponentId, Component>,
    pub(super) flows: BTreeMap<FlowId, Flow>,
    /// The graph by positions; emptied when components or flows are added or removed.
    pub(super) topology: Kept<Topology>,
    /// What the engine derives from kinds, properties and boundaries; emptied when they change.
    pub(super) content: Kept<Content>,
    /// What the flows' own properties say; emptied when they or the components' kinds change.
    pub(super) flow_reads: Kept<FlowReads>,
}

/// The result of a path search: whether some source reaches the target, and one shortest witness.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Witness {
    /// Component ids from a source to the target, in order.
    pub components: Vec<ComponentId>,
    /// The flows between consecutive components of `components`.
    pub flows: Vec<FlowId>,
}

impl Architecture {
    /// Builds the graph from plain data, checking the structural invariants (unique ids, flow ends
    /// and boundary references that resolve, no boundary cycle). Error paths index the arrays of
    /// `data` as given. Catalog checks (kinds, property types) and limits are added by
    /// [`Architecture::from_data_checked`], which is what files and the UI go through.
    pub fn from_data(data: ArchitectureData) -> Result<Self, ModelError> {
        let mut boundaries: BTreeMap<BoundaryId, Boundary> = BTreeMap::new();
        // Input index of each boundary, so that errors name the array element the author wrote.
        let mut boundary_index: HashMap<BoundaryId, usize> = HashMap::new();
        for (i, b) in data.boundaries.into_iter().enumerate() {
            if boundaries.contains_key(&b.id) {
                return Err(ModelError::DuplicateId {
                    path: format!("boundaries[{i}].id"),
                    id: b.id.0,
                });
            }
            boundary_index.insert(b.id.clone(), i);
            boundaries.insert(b.id.clone(), b);
        }
        let mut in_order: Vec<&Boundary> = boundaries.values().collect();
        in_order.sort_by_key(|b| boundary_index[&b.id]);
        for b in &in_order {
            if let Some(parent) = &b.parent {
                if !boundaries.contains_key(parent) {
                    return Err(ModelError::UnknownBoundary {
                        path: format!("boundaries[{}].parent", boundary_index[&b.id]),
                        id: parent.0.clone(),
                    });
                }
            }
        }
        if let Some(id) = find_boundary_cycle(&boundaries, in_order.iter().map(|b| &b.id)) {
            return Err(ModelError::BoundaryCycle {
                path: format!("boundaries[{}].parent", boundary_index[id]),
                id: id.0.clone(),
            });
        }

        // Components and flows are sorted by id and the maps built from the sorted runs: on a
        // large architecture, inserting them one by one (and looking each flow's ends up in the
        // map) is most of the cost of loading it.
        // The two sorts are independent: on a large architecture, they run at once.
        let large = data.components.len() + data.flows.len() >= PARALLEL_FROM;
        let ((components, first_duplicate), (mut flows, first_flow_duplicate)) =
            crate::parallel::join_if(
                large,
                || sorted_by_id(data.components, |c| &c.id.0),
                || sorted_by_id(data.flows, |f| &f.id.0),
            );
        let unknown_boundary = components.iter().find_map(|(i, c)| {
            let b = c.boundary.as_ref()?;
            (!boundaries.contains_key(b)).then_some((*i, b))
        });
        let component_error = match (first_duplicate, unknown_boundary) {
            (Some((d, _)), Some((u, _))) if u < d => unknown_boundary,
            (Some((d, id)), _) => {
                return Err(ModelError::DuplicateId {
                    path: format!("components[{d}].id"),
                    id,
                })
            }
            (None, u) => u,
        };
        if let Some((i, b)) = component_error {
            return Err(ModelError::UnknownBoundary {
                path: format!("components[{i}].boundary"),
                id: b.0.clone(),
            });
        }
        let components: BTreeMap<ComponentId, Component> = components
            .into_iter()
            .map(|(_, c)| (c.id.clone(), c))
            .collect();
        if let Some((d, id)) = first_flow_duplicate {
            // The flows before it in input order may still have a dangling end to report first.
            flows.sort_by_key(|(i, _)| *i);
            let mut earlier = flows.iter().take(d);
            let dangling = earlier.find_map(|(i, f)| Some((*i, dangling_end(&components, f)?)));
            return Err(match dangling {
                Some((i, (field, end))) => ModelError::DanglingFlow {
                    path: format!("flows[{i}].{field}"),
                    id: end,
                },
                None => ModelError::DuplicateId {
                    path: format!("flows[{d}].id"),
                    id,
                },
            });
        }
        let flow_index: Vec<usize> = flows.iter().map(|(i, _)| *i).collect();
        let flows: BTreeMap<FlowId, Flow> =
            flows.into_iter().map(|(_, f)| (f.id.clone(), f)).collect();
        let arch = Self {
            name: data.name,
            boundaries,
            components,
            flows,
            topology: Kept::default(),
            content: Kept::default(),
            flow_reads: Kept::default(),
        };
        // The topology resolves every flow's ends (and is needed by the first evaluation anyway):
        // the flows it leaves out have an end that is not a component; the first in input order
        // is reported.
        let dangling = arch
            .topology()
            .dropped
            .iter()
            .map(|&p| (flow_index[p], p))
            .min();
        let dangling = dangling.and_then(|(i, p)| {
            let flow = arch.flows.values().nth(p)?;
            Some((i, dangling_end(&arch.components, flow)?))
        });
        match dangling {
            Some((i, (field, end))) => Err(ModelError::DanglingFlow {
                path: format!("flows[{i}].{field}"),
                id: end,
            }),
            None => Ok(arch),
        }
    }

    /// Builds the graph from plain data, checking everything: the content of every boundary,
    /// component and flow against the catalog and the limits (ids, label lengths, kinds,
    /// properties and their values, positions), in document order, then the structure as
    /// [`Architecture::from_data`] does. This is the entry point for files and the UI.
    pub fn from_data_checked(data: ArchitectureData) -> Result<Self, ModelError> {
        check::check_label(|| "name".to_owned(), &data.name)?;
        for (i, b) in data.boundaries.iter().enumerate() {
            check::check_boundary(&|| format!("boundaries[{i}]"), b)?;
        }
        for (i, c) in data.components.iter().enumerate() {
            check::check_component(&|| format!("components[{i}]"), c)?;
        }
        for (i, f) in data.flows.iter().enumerate() {
            check::check_flow(&|| format!("flows[{i}]"), f)?;
        }
        Self::from_data(data)
    }

    /// The plain data, arrays sorted by id (the export order).
    pub fn to_data(&self) -> ArchitectureData {
        ArchitectureData {
            name: self.name.clone(),
            boundaries: self.boundaries.values().cloned().collect(),
            components: self.components.values().cloned().collect(),
            flows: self.flows.values().cloned().collect(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn component(&self, id: &ComponentId) -> Option<&Component> {
        self.components.get(id)
    }
    pub fn flow(&self, id: &FlowId) -> Option<&Flow> {
        self.flows.get(id)
    }
    pub fn boundary(&self, id: &BoundaryId) -> Option<&Boundary> {
        self.boundaries.get(id)
    }
    /// Components in id order.
    pub fn components(&self) -> impl Iterator<Item = &Component> {
        self.components.values()
    }
    /// Flows in id order.
    pub fn flows(&self) -> impl Iterator<Item = &Flow> {
        self.flows.values()
    }
    /// Boundaries in id order.
    pub fn boundaries(&self) -> impl Iterator<Item = &Boundary> {
        self.boundaries.values()
    }

    /// Flows leaving `id` (sorted by flow id).
    pub fn outgoing(&self, id: &ComponentId) -> Vec<&Flow> {
        self.flows.values().filter(|f| f.from == *id).collect()
    }

    /// Flows arriving at `id` (sorted by flow id).
    pub fn incoming(&self, id: &ComponentId) -> Vec<&Flow> {
        self.flows.values().filter(|f| f.to == *id).collect()
    }

    /// Components with a flow from `id` (each once, sorted).
    pub fn out_neighbours(&self, id: &ComponentId) -> BTreeSet<&ComponentId> {
        self.outgoing(id).into_iter().map(|f| &f.to).collect()
    }

    /// Components with a flow to `id` (each once, sorted).
    pub fn in_neighbours(&self, id: &ComponentId) -> BTreeSet<&ComponentId> {
        self.incoming(id).into_iter().map(|f| &f.from).collect()
    }

    /// The component ids by position.
    fn ids(&self) -> Vec<&ComponentId> {
        self.components.keys().collect()
    }

    /// Every component that reaches `id` through one or more flows (not `id` itself unless it is
    /// on a cycle).
    pub fn upstream_of(&self, id: &ComponentId) -> BTreeSet<&ComponentId> {
        self.reach_from_neighbours(id, Walk::Upstream)
    }

    /// Every component reached from `id` through one or more flows.
    pub fn downstream_of(&self, id: &ComponentId) -> BTreeSet<&ComponentId> {
        self.reach_from_neighbours(id, Walk::Downstream)
    }

    fn reach_from_neighbours(&self, id: &ComponentId, walk: Walk) -> BTreeSet<&ComponentId> {
        let ids = self.ids();
        let topology = self.topology();
        let Some(start) = topology.position(&ids, id) else {
            return BTreeSet::new();
        };
        let first: Vec<usize> = topology.steps(start, walk).map(|(m, _)| m).collect();
        let reach = Reach::new(topology, walk, &first, &[], &[], &mut Searches::default());
        reach.in_order().map(|n| ids[n]).collect()
    }

    /// Multi-source breadth-first search from `sources` over the graph with the components that
    /// match `avoid` removed (sources that match are skipped): for every component reached, one
    /// shortest witness path back to a source. O(V + E) once for all targets.
    pub fn reach_avoiding(
        &self,
        sources: &BTreeSet<&ComponentId>,
        avoid: &dyn Fn(&Component) -> bool,
    ) -> Reachability<'_> {
        let ids = self.ids();
        let topology = self.topology();
        let blocked: Vec<bool> = self.components.values().map(avoid).collect();
        let starts: Vec<usize> = sources
            .iter()
            .filter_map(|s| topology.position(&ids, s))
            .collect();
        let reach = Reach::new(
            topology,
            Walk::Downstream,
            &starts,
            &blocked,
            &[],
            &mut Searches::default(),
        );
        Reachability {
            flows: self.flows_by_position(),
            ids,
            reach,
        }
    }

    /// Whether some component of `sources` reaches `target` by a path none of whose components
    /// (ends included) matches `avoid`; if so, one shortest such path.
    pub fn path_avoiding(
        &self,
        sources: &BTreeSet<&ComponentId>,
        target: &ComponentId,
        avoid: &dyn Fn(&Component) -> bool,
    ) -> Option<Witness> {
        self.reach_avoiding(sources, avoid).witness(target)
    }

    /// The flow ids by position (the topology's numbering).
    fn flows_by_position(&self) -> Vec<&FlowId> {
        let dropped = &self.topology().dropped;
        self.flows
            .keys()
            .enumerate()
            .filter(|(i, _)| dropped.binary_search(i).is_err())
            .map(|(_, f)| f)
            .collect()
    }

    /// The chain of boundaries around a component, innermost first.
    pub fn boundary_chain(&self, id: &ComponentId) -> Vec<&Boundary> {
        self.components
            .get(id)
            .and_then(|c| c.boundary.as_ref())
            .map_or_else(Vec::new, |b| self.boundary_ancestry(b))
    }

    /// A boundary and the boundaries it is drawn inside, innermost first.
    pub fn boundary_ancestry(&self, id: &BoundaryId) -> Vec<&Boundary> {
        let zones = self.content().zones(self);
        zones
            .position_of(id)
            .map_or(&[][..], |z| zones.ancestry(z))
            .iter()
            .filter_map(|&z| self.boundaries.get(&zones.ids[z]))
            .collect()
    }

    /// The trust of the zone a component sits in (its innermost boundary), `None` outside all.
    pub fn trust_of(&self, id: &ComponentId) -> Option<Trust> {
        self.boundary_chain(id).first().map(|b| b.trust)
    }

    /// Whether a flow enters a zone of higher trust: its target's innermost boundary is not one
    /// its source is already inside, and that zone is more trusted than the source's own zone
    /// (a component outside every boundary counts as being on the internet).
    pub fn enters_higher_trust(&self, flow: &FlowId) -> bool {
        let Some(f) = self.flows.get(flow) else {
            return false;
        };
        let zones = self.content().zones(self);
        let zone = |c: &ComponentId| {
            self.components
                .get(c)
                .and_then(|c| c.boundary.as_ref())
                .and_then(|b| zones.position_of(b))
        };
        zones.enters_higher_trust(zone(&f.from), zone(&f.to))
    }

    /// Strongly connected components with a cycle in them: groups of two or more components, or
    /// one component with a flow to itself. Each group sorted, groups sorted by first id.
    pub fn cycles(&self) -> Vec<Vec<&ComponentId>> {
        let ids = self.ids();
        self.topology()
            .cycles()
            .groups
            .iter()
            .map(|g| g.iter().map(|&n| ids[n]).collect())
            .collect()
    }

    /// Checks the invariants between the maps. Used by tests after every mutation.
    pub fn verify(&self) -> Result<(), String> {
        for (id, c) in &self.components {
            if *id != c.id {
                return Err(format!("component {} is stored under the id {id}", c.id));
            }
            if let Some(b) = &c.boundary {
                if !self.boundaries.contains_key(b) {
                    return Err(format!("component {} in unknown boundary {b}", c.id));
                }
            }
        }
        for (id, f) in &self.flows {
            if *id != f.id {
                return Err(format!("flow {} is stored under the id {id}", f.id));
            }
            if !self.components.contains_key(&f.from) || !self.components.contains_key(&f.to) {
                return Err(format!("flow {id} has an end that is not a component"));
            }
        }
        for (id, b) in &self.boundaries {
            if *id != b.id {
                return Err(format!("boundary {} is stored under the id {id}", b.id));
            }
            if let Some(p) = &b.parent {
                if !self.boundaries.contains_key(p) {
                    return Err(format!("boundary {id} has an unknown parent {p}"));
                }
            }
        }
        if let Some(id) = find_boundary_cycle(&self.boundaries, self.boundaries.keys()) {
            return Err(format!("boundary {id} is inside itself"));
        }
        Ok(())
    }
}

/// The first end of `f` (`from`, then `to`) that is not a component, with its id.
fn dangling_end(
    components: &BTreeMap<ComponentId, Component>,
    f: &Flow,
) -> Option<(&'static str, String)> {
    [("from", &f.from), ("to", &f.to)]
        .into_iter()
        .find(|(_, end)| !components.contains_key(*end))
        .map(|(field, end)| (field, end.0.clone()))
}

/// Where an id is used again: the input index of the item and the id.
type Reuse = (usize, String);

/// From how many components and flows loading shares its work out between two threads.
pub(super) const PARALLEL_FROM: usize = 20_000;

/// `items` sorted by id, each with its index in the input, and the input index of the first item
/// (in input order) whose id an earlier item already has. The sort is stable, so items with one
/// id stay in input order and the second of each run is where the id is used again.
fn sorted_by_id<T>(items: Vec<T>, id: impl Fn(&T) -> &String) -> (Vec<(usize, T)>, Option<Reuse>) {
    let mut sorted: Vec<(usize, T)> = items.into_iter().enumerate().collect();
    sorted.sort_by(|(_, a), (_, b)| id(a).cmp(id(b)));
    let first_duplicate = sorted
        .windows(2)
        .filter(|w| id(&w[0].1) == id(&w[1].1))
        .map(|w| (w[1].0, id(&w[1].1)))
        .min()
        .map(|(i, id)| (i, id.clone()));
    (sorted, first_duplicate)
}

/// A boundary on a parent cycle, if there is one. Walks each boundary's parent chain once
/// (O(n) overall): a chain that meets a boundary already finished is cycle-free from there on.
pub(super) fn find_boundary_cycle<'a>(
    boundaries: &'a BTreeMap<BoundaryId, Boundary>,
    order: impl Iterator<Item = &'a BoundaryId>,
) -> Option<&'a BoundaryId> {
    // 1 = on the chain being walked, 2 = known to reach a root.
    let mut state: HashMap<&BoundaryId, u8> = HashMap::with_capacity(boundaries.len());
    for start in order {
        let mut chain = Vec::new();
        let mut cur = Some(start);
        while let Some(id) = cur {
            match state.get(id) {
                Some(2) => break,
                Some(_) => return Some(id),
                None => {}
            }
            state.insert(id, 1);
            chain.push(id);
            cur = boundaries.get(id).and_then(|b| b.parent.as_ref());
        }
        for id in chain {
            state.insert(id, 2);
        }
    }
    None
}

/// Which components a multi-source search reached, with shortest witnesses back to a source.
pub struct Reachability<'a> {
    ids: Vec<&'a ComponentId>,
    flows: Vec<&'a FlowId>,
    reach: Reach,
}

impl Reachability<'_> {
    fn position(&self, id: &ComponentId) -> Option<usize> {
        self.ids.binary_search(&id).ok()
    }

    pub fn reaches(&self, target: &ComponentId) -> bool {
        self.position(target).is_some_and(|n| self.reach.reached(n))
    }

    /// The shortest path found from a source to `target`, if `target` was reached.
    pub fn witness(&self, target: &ComponentId) -> Option<Witness> {
        let path = self.reach.witness(self.position(target)?)?;
        Some(Witness {
            components: path
                .components
                .iter()
                .map(|&n| self.ids[n].clone())
                .collect(),
            flows: path.flows.iter().map(|&f| self.flows[f].clone()).collect(),
        })
    }
}
