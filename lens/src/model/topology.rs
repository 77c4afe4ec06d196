//! The graph by positions: components numbered in id order, flows in id order, adjacency lists
//! in one allocation each. The rule engine walks this rather than the id-keyed maps; building it
//! means hashing every id, the cost that dominates an evaluation of a large architecture, so the
//! [`Architecture`] keeps it ([`Architecture::topology`]) until a component or a flow is added or
//! removed. Edits that keep the ids and the flows' ends (properties, kinds, labels, boundaries,
//! canvas positions — most edits in the app) keep it too.
//!
//! Next to it the architecture keeps what the engine derives from the content that rules read
//! (kinds, component and flow properties, boundaries and their trust) in a [`ContentCache`]:
//! emptied by the same edits and by every edit of one of those, kept across label and canvas
//! position or size edits.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use super::types::ComponentId;
use super::Architecture;

/// The graph by positions (see the module documentation).
pub(crate) struct Topology {
    /// Per flow position: the positions of its source and target. Flow positions count the
    /// flows in id order, leaving out those in `dropped`.
    pub flow_ends: Vec<(usize, usize)>,
    /// The positions in id order of flows left out because an end is not a component (none:
    /// the model's invariants forbid it; kept so that nothing here depends on them).
    pub dropped: Vec<usize>,
    /// Per component position: (target, flow position) of its flows out, in flow-id order.
    pub out: Adjacency,
    /// Per component position: (source, flow position) of its flows in, in flow-id order.
    pub inc: Adjacency,
    cycles: OnceLock<CycleGroups>,
}

/// The strongly connected components that hold a cycle (two or more components, or one with a
/// flow to itself), by position: the same groups as [`Architecture::cycles`].
pub(crate) struct CycleGroups {
    /// Per component position: the group it belongs to, if any.
    pub group_of: Vec<Option<usize>>,
    /// Each group's component positions, sorted.
    pub groups: Vec<Vec<usize>>,
}

impl Topology {
    fn new(arch: &Architecture) -> Self {
        let ids: Vec<&ComponentId> = arch.components.keys().collect();
        let pos = Positions::new(&ids);
        let mut flow_ends = Vec::with_capacity(arch.flows.len());
        let mut dropped = Vec::new();
        for (i, f) in arch.flows.values().enumerate() {
            match (pos.get(&ids, &f.from), pos.get(&ids, &f.to)) {
                (Some(a), Some(b)) => flow_ends.push((a, b)),
                _ => dropped.push(i),
            }
        }
        let ends = flow_ends.iter().enumerate();
        let out = Adjacency::new(ids.len(), ends.clone().map(|(f, &(a, b))| (a, b, f)));
        let inc = Adjacency::new(ids.len(), ends.map(|(f, &(a, b))| (b, a, f)));
        Topology {
            flow_ends,
            dropped,
            out,
            inc,
            cycles: OnceLock::new(),
        }
    }

    /// The number of components.
    pub fn components(&self) -> usize {
        self.out.start.len() - 1
    }

    /// The cycle groups, computed on first use.
    pub fn cycles(&self) -> &CycleGroups {
        self.cycles.get_or_init(|| {
            let nodes = self.components();
            let mut graph =
                petgraph::graph::DiGraph::<(), ()>::with_capacity(nodes, self.flow_ends.len());
            for _ in 0..nodes {
                graph.add_node(());
            }
            for &(a, b) in &self.flow_ends {
                graph.add_edge(
                    petgraph::graph::NodeIndex::new(a),
                    petgraph::graph::NodeIndex::new(b),
                    (),
                );
            }
            let mut group_of = vec![None; nodes];
            let mut groups = Vec::new();
            for scc in petgraph::algo::tarjan_scc(&graph) {
                let mut members: Vec<usize> = scc.iter().map(|n| n.index()).collect();
                let looped =
                    members.len() > 1 || self.out.of(members[0]).any(|(m, _)| m == members[0]);
                if !looped {
                    continue;
                }
                members.sort_unstable();
                for &n in &members {
                    group_of[n] = Some(groups.len());
                }
                groups.push(members);
            }
            CycleGroups { group_of, groups }
        })
    }
}

/// Where an [`Architecture`] keeps its [`Topology`]: built on first use, shared by clones,
/// emptied by the edits that add or remove components or flows.
#[derive(Clone, Default)]
pub(crate) struct TopologyCache(OnceLock<Arc<Topology>>);

impl TopologyCache {
    pub fn get_or_build(&self, arch: &Architecture) -> &Topology {
        self.0.get_or_init(|| Arc::new(Topology::new(arch)))
    }
}

/// Data derived from the components' kinds, properties and boundaries, the flows' properties
/// and the boundaries' trust and nesting, of a type the user chooses (the rule engine's property
/// tables and zones): built on first use, shared by clones, emptied by every edit that changes
/// one of those, or which components, flows and boundaries exist.
#[derive(Clone, Default)]
pub(crate) struct ContentCache(OnceLock<Arc<dyn Any + Send + Sync>>);

impl ContentCache {
    /// The data, built by `build` if there is none yet; `None` if what is kept is of another
    /// type than `T`.
    pub fn get_or_build<T: Any + Send + Sync>(&self, build: impl FnOnce() -> T) -> Option<&T> {
        self.0
            .get_or_init(|| Arc::new(build()))
            .as_ref()
            .downcast_ref::<T>()
    }
}

impl fmt::Debug for ContentCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0.get() {
            Some(_) => "ContentCache(built)",
            None => "ContentCache(empty)",
        })
    }
}

impl fmt::Debug for TopologyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0.get() {
            Some(_) => "TopologyCache(built)",
            None => "TopologyCache(empty)",
        })
    }
}

impl Architecture {
    /// The graph by positions, built on first use and kept until a component or a flow is added
    /// or removed.
    pub(crate) fn topology(&self) -> &Topology {
        self.topology.get_or_build(self)
    }

    /// What the engine derives from kinds, properties and boundaries ([`ContentCache`]), built
    /// by `build` on first use.
    pub(crate) fn derived_content<T: Any + Send + Sync>(
        &self,
        build: impl FnOnce() -> T,
    ) -> Option<&T> {
        self.content.get_or_build(build)
    }

    /// Empties the caches after an edit of which components or flows exist (or their ends).
    pub(super) fn structure_changed(&mut self) {
        self.topology = TopologyCache::default();
        self.content = ContentCache::default();
    }

    /// Empties the content cache after an edit of a kind, a property or a boundary.
    pub(super) fn content_changed(&mut self) {
        self.content = ContentCache::default();
    }
}

/// Adjacency lists in one allocation (compressed rows): `adjacency.of(n)` is the (neighbour,
/// flow) pairs of the component at position `n`, in flow-id order. Stored as 32-bit numbers:
/// breadth-first searches over a large graph are bound by memory, and half the bytes is half the
/// cache misses. (A graph of more than 4 billion components or flows does not fit in memory.)
pub(crate) struct Adjacency {
    start: Vec<u32>,
    edges: Vec<(u32, u32)>,
}

impl Adjacency {
    /// From (component, neighbour, flow) triples given in flow-id order.
    fn new(nodes: usize, triples: impl Iterator<Item = (usize, usize, usize)> + Clone) -> Self {
        let mut start = vec![0u32; nodes + 1];
        for (n, _, _) in triples.clone() {
            start[n + 1] += 1;
        }
        for i in 0..nodes {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut edges = vec![(0, 0); start[nodes] as usize];
        for (n, m, f) in triples {
            edges[fill[n] as usize] = (m as u32, f as u32);
            fill[n] += 1;
        }
        Adjacency { start, edges }
    }

    /// The (neighbour, flow) pairs of the component at position `n`, in flow-id order.
    pub fn of(&self, n: usize) -> impl ExactSizeIterator<Item = (usize, usize)> + '_ {
        self.edges[self.start[n] as usize..self.start[n + 1] as usize]
            .iter()
            .map(|&(m, f)| (m as usize, f as usize))
    }
}

/// The Fx hash (rustc's) with a finalizer: ids are short strings and need no protection against
/// crafted collisions here (a shared hash only costs a binary search), so a cheap word-at-a-time
/// hash beats SipHash.
#[derive(Default)]
pub(crate) struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (the table index) depending only on the low bytes
        // of the words, the same for ids that share a prefix: mix the high bits down
        // (splitmix64's finalizer).
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
}

/// [`Fx`] for `HashMap`s.
pub(crate) type FastHash = std::hash::BuildHasherDefault<Fx>;

/// Component positions by the 64-bit hash of their id. The table holds only integers, so a
/// lookup touches the table and the id being looked up, not the stored ids (memory latency is
/// what dominates at 100k components). A hash that several ids share is marked and resolved by a
/// binary search over the sorted ids; a unique hash needs no comparison because the ids looked
/// up (flow ends) are known to exist.
struct Positions {
    by_hash: HashMap<u64, usize, std::hash::BuildHasherDefault<Identity>>,
}

const SHARED_HASH: usize = usize::MAX;

impl Positions {
    fn new(ids: &[&ComponentId]) -> Self {
        let mut by_hash: HashMap<u64, usize, std::hash::BuildHasherDefault<Identity>> =
            HashMap::with_capacity_and_hasher(ids.len(), Default::default());
        for (i, id) in ids.iter().enumerate() {
            by_hash
                .entry(Self::hash(id))
                .and_modify(|p| *p = SHARED_HASH)
                .or_insert(i);
        }
        Positions { by_hash }
    }

    fn hash(id: &ComponentId) -> u64 {
        use std::hash::BuildHasher;
        FastHash::default().hash_one(id.as_str())
    }

    /// The position of an id known to be in `ids` (sorted).
    fn get(&self, ids: &[&ComponentId], id: &ComponentId) -> Option<usize> {
        match self.by_hash.get(&Self::hash(id)) {
            Some(&SHARED_HASH) => ids.binary_search(&id).ok(),
            found => found.copied(),
        }
    }
}

/// For keys that are hashes already.
#[derive(Default)]
struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, Flow, FlowId};

    /// The topology read back as ids: every flow's ends, and each component's flows out and in.
    fn as_ids(arch: &Architecture) -> Vec<(FlowId, ComponentId, ComponentId)> {
        let t = arch.topology();
        let ids: Vec<&ComponentId> = arch.components().map(|c| &c.id).collect();
        let flows: Vec<&Flow> = arch.flows().collect();
        assert!(t.dropped.is_empty());
        assert_eq!(t.components(), ids.len());
        for (n, _) in ids.iter().enumerate() {
            for (m, f) in t.out.of(n) {
                assert_eq!(t.flow_ends[f], (n, m));
            }
            for (m, f) in t.inc.of(n) {
                assert_eq!(t.flow_ends[f], (m, n));
            }
            let degree = t.out.of(n).len() + t.inc.of(n).len();
            let expected = arch.outgoing(ids[n]).len() + arch.incoming(ids[n]).len();
            assert_eq!(degree, expected, "flows of {}", ids[n]);
        }
        t.flow_ends
            .iter()
            .zip(flows)
            .map(|(&(a, b), f)| (f.id.clone(), ids[a].clone(), ids[b].clone()))
            .collect()
    }

    fn expected(arch: &Architecture) -> Vec<(FlowId, ComponentId, ComponentId)> {
        arch.flows()
            .map(|f| (f.id.clone(), f.from.clone(), f.to.clone()))
            .collect()
    }

    #[test]
    fn the_topology_follows_the_flows_through_edits_that_add_and_remove_components_and_flows() {
        let mut arch = Architecture::from_data(crate::samples::generated(600, 5))
            .expect("generated architectures are valid");
        assert_eq!(as_ids(&arch), expected(&arch));
        let first = arch.components().next().map(|c| c.id.clone());
        let first = first.expect("the sample has components");
        arch.remove_component(&first).expect("it exists");
        assert_eq!(as_ids(&arch), expected(&arch));
        let template = arch.components().nth(10).cloned();
        let mut added: Component = template.expect("the sample has components");
        added.id = ComponentId::new("0-added-first");
        arch.add_component(added.clone()).expect("a new id");
        let last = arch.components().last().map(|c| c.id.clone());
        arch.add_flow(Flow {
            id: FlowId::new("0-new-flow"),
            from: added.id.clone(),
            to: last.expect("the sample has components"),
            properties: Default::default(),
        })
        .expect("both ends exist");
        assert_eq!(as_ids(&arch), expected(&arch));
        let some_flow = arch.flows().nth(7).map(|f| f.id.clone());
        arch.remove_flow(&some_flow.expect("the sample has flows"))
            .expect("it exists");
        assert_eq!(as_ids(&arch), expected(&arch));
        // A clone shares what was built and rebuilds on its own after its own edits.
        let mut copy = arch.clone();
        copy.remove_component(&added.id).expect("it exists");
        assert_eq!(as_ids(&copy), expected(&copy));
        assert_eq!(as_ids(&arch), expected(&arch));
    }

    #[test]
    fn edits_that_keep_ids_and_flow_ends_keep_the_topology() {
        let mut arch = Architecture::from_data(crate::samples::generated(300, 2))
            .expect("generated architectures are valid");
        let before: *const Topology = arch.topology();
        let id = arch.components().nth(3).map(|c| c.id.clone());
        let id = id.expect("the sample has components");
        arch.set_component_label(&id, "renamed").expect("a label");
        arch.set_component_position(&id, None).expect("a position");
        assert!(std::ptr::eq(before, arch.topology()), "kept");
        let flow = arch.flows().next().map(|f| f.id.clone());
        arch.remove_flow(&flow.expect("the sample has flows"))
            .expect("it exists");
        assert!(arch.topology.0.get().is_none(), "emptied");
    }

    #[test]
    fn cycle_groups_by_position_agree_with_the_model() {
        for seed in 0..5 {
            let arch = Architecture::from_data(crate::samples::generated(1_500, seed))
                .expect("generated architectures are valid");
            let ids: Vec<&ComponentId> = arch.components().map(|c| &c.id).collect();
            let mut ours: Vec<Vec<&ComponentId>> = arch
                .topology()
                .cycles()
                .groups
                .iter()
                .map(|g| g.iter().map(|&n| ids[n]).collect())
                .collect();
            ours.sort();
            assert!(!ours.is_empty(), "the sample has loops");
            assert_eq!(ours, arch.cycles(), "seed {seed}");
        }
    }

    #[test]
    fn positions_are_found_by_hash_and_by_search_when_a_hash_is_shared() {
        let arch = Architecture::from_data(crate::samples::generated(2_000, 3))
            .expect("generated architectures are valid");
        let ids: Vec<&ComponentId> = arch.components().map(|c| &c.id).collect();
        let mut positions = Positions::new(&ids);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(positions.get(&ids, id), Some(i));
        }
        // Two ids with one hash: both are marked and found by the binary search.
        for id in [ids[10], ids[1500]] {
            positions.by_hash.insert(Positions::hash(id), SHARED_HASH);
        }
        assert_eq!(positions.get(&ids, ids[10]), Some(10));
        assert_eq!(positions.get(&ids, ids[1500]), Some(1500));
    }
}
