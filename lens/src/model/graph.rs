//! [`Architecture`]: the validated architecture, held as a petgraph `StableGraph` behind our own
//! ids. Every graph question the rule engine asks is answered here, once; no `NodeIndex` leaves
//! this module.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, NodeIndexable};
use petgraph::Direction;

use super::topology::{ContentCache, TopologyCache};
use super::types::{
    ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Trust,
};
use super::{check, ModelError};

/// A validated architecture: every flow end and boundary reference resolves, ids are unique,
/// boundaries form a forest.
#[derive(Clone, Debug)]
pub struct Architecture {
    pub(super) name: String,
    pub(super) boundaries: BTreeMap<BoundaryId, Boundary>,
    pub(super) components: BTreeMap<ComponentId, Component>,
    pub(super) flows: BTreeMap<FlowId, Flow>,
    pub(super) graph: StableDiGraph<ComponentId, FlowId>,
    pub(super) nodes: HashMap<ComponentId, NodeIndex>,
    pub(super) edges: HashMap<FlowId, EdgeIndex>,
    /// The graph by positions, for the rule engine; emptied when components or flows are added
    /// or removed.
    pub(super) topology: TopologyCache,
    /// What the engine derives from kinds, properties and boundaries; emptied when they change.
    pub(super) content: ContentCache,
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

        let mut graph = StableDiGraph::with_capacity(data.components.len(), data.flows.len());
        let mut nodes = HashMap::with_capacity(data.components.len());
        let mut components = BTreeMap::new();
        for (i, c) in data.components.into_iter().enumerate() {
            if components.contains_key(&c.id) {
                return Err(ModelError::DuplicateId {
                    path: format!("components[{i}].id"),
                    id: c.id.0,
                });
            }
            if let Some(b) = &c.boundary {
                if !boundaries.contains_key(b) {
                    return Err(ModelError::UnknownBoundary {
                        path: format!("components[{i}].boundary"),
                        id: b.0.clone(),
                    });
                }
            }
            nodes.insert(c.id.clone(), graph.add_node(c.id.clone()));
            components.insert(c.id.clone(), c);
        }
        let mut flows = BTreeMap::new();
        let mut edges = HashMap::with_capacity(data.flows.len());
        for (i, f) in data.flows.into_iter().enumerate() {
            if flows.contains_key(&f.id) {
                return Err(ModelError::DuplicateId {
                    path: format!("flows[{i}].id"),
                    id: f.id.0,
                });
            }
            let (Some(&a), Some(&b)) = (nodes.get(&f.from), nodes.get(&f.to)) else {
                let (field, id) = if nodes.contains_key(&f.from) {
                    ("to", &f.to)
                } else {
                    ("from", &f.from)
                };
                return Err(ModelError::DanglingFlow {
                    path: format!("flows[{i}].{field}"),
                    id: id.0.clone(),
                });
            };
            edges.insert(f.id.clone(), graph.add_edge(a, b, f.id.clone()));
            flows.insert(f.id.clone(), f);
        }
        Ok(Self {
            name: data.name,
            boundaries,
            components,
            flows,
            graph,
            nodes,
            edges,
            topology: TopologyCache::default(),
            content: ContentCache::default(),
        })
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

    pub(super) fn node(&self, id: &ComponentId) -> Option<NodeIndex> {
        self.nodes.get(id).copied()
    }

    fn id_of(&self, n: NodeIndex) -> &ComponentId {
        &self.graph[n]
    }

    /// Flows leaving `id` (sorted by flow id).
    pub fn outgoing(&self, id: &ComponentId) -> Vec<&Flow> {
        self.flows_at(id, Direction::Outgoing)
    }

    /// Flows arriving at `id` (sorted by flow id).
    pub fn incoming(&self, id: &ComponentId) -> Vec<&Flow> {
        self.flows_at(id, Direction::Incoming)
    }

    fn flows_at(&self, id: &ComponentId, dir: Direction) -> Vec<&Flow> {
        let Some(n) = self.node(id) else {
            return Vec::new();
        };
        let mut out: Vec<&Flow> = self
            .graph
            .edges_directed(n, dir)
            .filter_map(|e| self.flows.get(e.weight()))
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Components with a flow from `id` (each once, sorted).
    pub fn out_neighbours(&self, id: &ComponentId) -> BTreeSet<&ComponentId> {
        self.outgoing(id).into_iter().map(|f| &f.to).collect()
    }

    /// Components with a flow to `id` (each once, sorted).
    pub fn in_neighbours(&self, id: &ComponentId) -> BTreeSet<&ComponentId> {
        self.incoming(id).into_iter().map(|f| &f.from).collect()
    }

    /// Every component that reaches `id` through one or more flows (not `id` itself unless it is
    /// on a cycle).
    pub fn upstream_of(&self, id: &ComponentId) -> BTreeSet<&ComponentId> {
        self.reach(id, Direction::Incoming)
    }

    /// Every component reached from `id` through one or more flows.
    pub fn downstream_of(&self, id: &ComponentId) -> BTreeSet<&ComponentId> {
        self.reach(id, Direction::Outgoing)
    }

    fn reach(&self, id: &ComponentId, dir: Direction) -> BTreeSet<&ComponentId> {
        let mut out = BTreeSet::new();
        let Some(start) = self.node(id) else {
            return out;
        };
        let mut seen = vec![false; self.graph.node_bound()];
        let mut queue: VecDeque<NodeIndex> = self.graph.neighbors_directed(start, dir).collect();
        while let Some(n) = queue.pop_front() {
            if std::mem::replace(&mut seen[n.index()], true) {
                continue;
            }
            out.insert(self.id_of(n));
            queue.extend(self.graph.neighbors_directed(n, dir));
        }
        out
    }

    /// Multi-source breadth-first search from `sources` over the graph with `avoid` removed.
    /// Returns, for every component reached, the node it was first reached from and through which
    /// edge, so that shortest witness paths can be read back for any target. Sources in `avoid`
    /// are skipped. Runs in O(V + E) once for all targets: rules call it once per rule.
    pub fn reach_avoiding(
        &self,
        sources: &BTreeSet<&ComponentId>,
        avoid: &dyn Fn(&Component) -> bool,
    ) -> Reachability<'_> {
        let bound = self.graph.node_bound();
        let mut parent: Vec<Option<(NodeIndex, EdgeIndex)>> = vec![None; bound];
        let mut reached = vec![false; bound];
        let blocked = |n: NodeIndex| self.components.get(self.id_of(n)).is_none_or(avoid);
        let mut queue = VecDeque::new();
        for s in sources {
            if let Some(n) = self.node(s) {
                if !blocked(n) && !reached[n.index()] {
                    reached[n.index()] = true;
                    queue.push_back(n);
                }
            }
        }
        // Edges are visited in flow-id order so that the witness is deterministic.
        while let Some(n) = queue.pop_front() {
            let mut next: Vec<_> = self
                .graph
                .edges_directed(n, Direction::Outgoing)
                .map(|e| (e.weight(), e.id(), e.target()))
                .collect();
            next.sort_by(|a, b| a.0.cmp(b.0));
            for (_, e, t) in next {
                if reached[t.index()] || blocked(t) {
                    continue;
                }
                reached[t.index()] = true;
                parent[t.index()] = Some((n, e));
                queue.push_back(t);
            }
        }
        Reachability {
            arch: self,
            parent,
            reached,
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

    /// The chain of boundaries around a component, innermost first.
    pub fn boundary_chain(&self, id: &ComponentId) -> Vec<&Boundary> {
        let mut out = Vec::new();
        let mut cur = self.components.get(id).and_then(|c| c.boundary.as_ref());
        while let Some(b) = cur.and_then(|b| self.boundaries.get(b)) {
            out.push(b);
            cur = b.parent.as_ref();
        }
        out
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
        let src_chain: Vec<&BoundaryId> = self
            .boundary_chain(&f.from)
            .into_iter()
            .map(|b| &b.id)
            .collect();
        let dst = self.boundary_chain(&f.to);
        let Some(dst_zone) = dst.first() else {
            return false;
        };
        if src_chain.contains(&&dst_zone.id) {
            return false;
        }
        let src_rank = self
            .trust_of(&f.from)
            .map_or(Trust::Internet.rank(), Trust::rank);
        dst_zone.trust.rank() > src_rank
    }

    /// Strongly connected components with a cycle in them: groups of two or more components, or
    /// one component with a flow to itself. Each group sorted, groups sorted by first id.
    pub fn cycles(&self) -> Vec<Vec<&ComponentId>> {
        let mut out: Vec<Vec<&ComponentId>> = petgraph::algo::tarjan_scc(&self.graph)
            .into_iter()
            .filter(|scc| scc.len() > 1 || self.graph.contains_edge(scc[0], scc[0]))
            .map(|scc| {
                let mut ids: Vec<&ComponentId> = scc.into_iter().map(|n| self.id_of(n)).collect();
                ids.sort();
                ids
            })
            .collect();
        out.sort();
        out
    }

    /// Checks the invariants between the maps and the graph. Used by tests after every mutation.
    pub fn verify(&self) -> Result<(), String> {
        if self.graph.node_count() != self.components.len()
            || self.nodes.len() != self.components.len()
        {
            return Err("node count differs from component count".into());
        }
        if self.graph.edge_count() != self.flows.len() || self.edges.len() != self.flows.len() {
            return Err("edge count differs from flow count".into());
        }
        for (id, &n) in &self.nodes {
            if self.graph.node_weight(n) != Some(id) || !self.components.contains_key(id) {
                return Err(format!("node of component {id} is out of step"));
            }
        }
        for (id, &e) in &self.edges {
            let f = self
                .flows
                .get(id)
                .ok_or(format!("edge of unknown flow {id}"))?;
            let (a, b) = self
                .graph
                .edge_endpoints(e)
                .ok_or(format!("flow {id} has no edge"))?;
            if self.graph[a] != f.from || self.graph[b] != f.to || self.graph[e] != *id {
                return Err(format!("edge of flow {id} is out of step"));
            }
        }
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
    arch: &'a Architecture,
    parent: Vec<Option<(NodeIndex, EdgeIndex)>>,
    reached: Vec<bool>,
}

impl Reachability<'_> {
    pub fn reaches(&self, target: &ComponentId) -> bool {
        self.arch
            .node(target)
            .is_some_and(|n| self.reached[n.index()])
    }

    /// The shortest path found from a source to `target`, if `target` was reached.
    pub fn witness(&self, target: &ComponentId) -> Option<Witness> {
        let mut n = self.arch.node(target)?;
        if !self.reached[n.index()] {
            return None;
        }
        let mut components = vec![self.arch.id_of(n).clone()];
        let mut flows = Vec::new();
        while let Some((p, e)) = self.parent[n.index()] {
            flows.push(self.arch.graph[e].clone());
            components.push(self.arch.id_of(p).clone());
            n = p;
        }
        components.reverse();
        flows.reverse();
        Some(Witness { components, flows })
    }
}
