//! The graph API. Every question about the flows between components that the rule engine, the
//! reports and the model's id-level queries ask is answered here, once: reachability with avoid
//! sets and witness paths ([`search`]), loops ([`cycles`]), boundary ancestry, zone trust and trust
//! crossings ([`zones`]). Nothing else in the crate walks the graph.
//!
//! The graph is held by positions: components numbered in id order, flows in id order, adjacency
//! lists in one allocation each ([`Topology`]). Building it means hashing every id, the cost that
//! dominates an evaluation of a large architecture, so the [`Architecture`] keeps it
//! ([`Architecture::topology`]) until a component or a flow is added or removed. Edits that keep
//! the ids and the flows' ends (properties, kinds, labels, boundaries, canvas positions — most
//! edits in the app) keep it too. Ids cross every boundary of the crate; positions stay inside it
//! ([`Architecture`]'s id-level queries translate).
//!
//! No search here recurses: a graph of a million components in one chain is walked with the
//! thread's ordinary stack (a test checks it).

mod cycles;
mod search;
mod zones;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

pub(crate) use cycles::{CycleGroups, LoopTrees};
pub(crate) use search::{Path, Reach, Searches, Side, Spread, Travel, Walk};
pub(crate) use zones::{ZoneLabels, Zones};

use super::content::{Content, FlowReads};
use super::types::{ComponentId, Flow};
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
    positions: Positions,
    cycles: OnceLock<CycleGroups>,
}

impl Topology {
    fn new(arch: &Architecture) -> Self {
        let ids: Vec<&ComponentId> = arch.components.keys().collect();
        let positions = Positions::new(&ids);
        let mut flow_ends = Vec::with_capacity(arch.flows.len());
        let mut dropped = Vec::new();
        // Verified against the ids: loading an architecture finds the flows with an end that is
        // not a component here.
        // Each lookup waits on memory: on a large architecture, two threads resolve half each.
        let flows: Vec<&Flow> = arch.flows.values().collect();
        let resolve = |flows: &[&Flow]| -> Vec<Option<(usize, usize)>> {
            let position = |id: &ComponentId| positions.verified(&ids, id);
            flows
                .iter()
                .map(|f| Some((position(&f.from)?, position(&f.to)?)))
                .collect()
        };
        let (first, second) = flows.split_at(flows.len() / 2);
        let large = ids.len() + flows.len() >= super::graph::PARALLEL_FROM;
        let (first, second) =
            crate::parallel::join_if(large, || resolve(first), || resolve(second));
        for (i, ends) in first.into_iter().chain(second).enumerate() {
            match ends {
                Some(ends) => flow_ends.push(ends),
                None => dropped.push(i),
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
            positions,
            cycles: OnceLock::new(),
        }
    }

    /// The topology of `n` components with these flows (by position, in flow-id order), for
    /// tests of the searches on graphs too large to build as architectures quickly.
    #[cfg(test)]
    fn from_ends(n: usize, flow_ends: Vec<(usize, usize)>) -> Self {
        let ends = flow_ends.iter().enumerate();
        let out = Adjacency::new(n, ends.clone().map(|(f, &(a, b))| (a, b, f)));
        let inc = Adjacency::new(n, ends.map(|(f, &(a, b))| (b, a, f)));
        Topology {
            flow_ends,
            dropped: Vec::new(),
            out,
            inc,
            positions: Positions::new(&[]),
            cycles: OnceLock::new(),
        }
    }

    /// The number of components.
    pub fn components(&self) -> usize {
        self.out.start.len() - 1
    }

    /// The position of component `id`; `ids` are the architecture's component ids in order.
    pub fn position(&self, ids: &[&ComponentId], id: &ComponentId) -> Option<usize> {
        self.positions.verified(ids, id)
    }

    /// The flows of the component at `n` that a walk in `walk`'s direction follows: (the
    /// component at the other end, flow position), in flow-id order.
    pub fn steps(
        &self,
        n: usize,
        walk: Walk,
    ) -> impl ExactSizeIterator<Item = (usize, usize)> + '_ {
        match walk {
            Walk::Downstream => self.out.of(n),
            Walk::Upstream => self.inc.of(n),
        }
    }

    /// The cycle groups, computed on first use.
    pub fn cycles(&self) -> &CycleGroups {
        self.cycles.get_or_init(|| CycleGroups::new(self))
    }

    /// Per component position: its distance along flows from the nearest entry point (a
    /// component no flow enters), a breadth-first layering that puts flows mostly left to right.
    /// Components on loops that no entry point reaches start a layering of their own, at 0, from
    /// the first of them in id order.
    pub fn layers(&self) -> Vec<usize> {
        let n = self.components();
        let mut layer = vec![usize::MAX; n];
        let mut queue: Vec<usize> = (0..n).filter(|&c| self.inc.of(c).len() == 0).collect();
        for &c in &queue {
            layer[c] = 0;
        }
        let mut next = 0;
        let mut unplaced = 0;
        loop {
            while let Some(&c) = queue.get(next) {
                next += 1;
                for (m, _) in self.out.of(c) {
                    if layer[m] == usize::MAX {
                        layer[m] = layer[c] + 1;
                        queue.push(m);
                    }
                }
            }
            while unplaced < n && layer[unplaced] != usize::MAX {
                unplaced += 1;
            }
            if unplaced == n {
                return layer;
            }
            layer[unplaced] = 0;
            queue.push(unplaced);
        }
    }
}

/// Where an [`Architecture`] keeps something it derives from its content (the [`Topology`],
/// the [`Content`], the [`FlowReads`]): built on first use, shared by clones, emptied by the
/// edits that change what it is derived from.
pub(crate) struct Kept<T>(OnceLock<Arc<T>>);

impl<T> Kept<T> {
    fn get_or_build(&self, build: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(|| Arc::new(build()))
    }
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept(OnceLock::new())
    }
}

impl<T> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Kept(self.0.clone())
    }
}

impl<T> fmt::Debug for Kept<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<T>().rsplit("::").next().unwrap_or("");
        match self.0.get() {
            Some(_) => write!(f, "Kept<{name}>(built)"),
            None => write!(f, "Kept<{name}>(empty)"),
        }
    }
}

impl Architecture {
    /// The graph by positions, built on first use and kept until a component or a flow is added
    /// or removed.
    pub(crate) fn topology(&self) -> &Topology {
        self.topology.get_or_build(|| Topology::new(self))
    }

    /// What the rules read of the kinds, properties and boundaries ([`Content`]), built on first
    /// use and kept until one of those changes.
    pub(crate) fn content(&self) -> &Content {
        self.content.get_or_build(|| Content::new(self))
    }

    /// What the flows' own properties say ([`FlowReads`]), built on first use and kept until a
    /// flow's properties or a component's kind change (or which flows exist): an edit of a
    /// component's other properties keeps it.
    pub(crate) fn flow_reads(&self) -> &FlowReads {
        self.flow_reads.get_or_build(|| FlowReads::new(self))
    }

    /// Empties the caches after an edit of which components or flows exist (or their ends).
    pub(super) fn structure_changed(&mut self) {
        self.topology = Kept::default();
        self.content = Kept::default();
        self.flow_reads = Kept::default();
    }

    /// Empties the content cache after an edit of a kind, a property or a boundary.
    pub(super) fn content_changed(&mut self) {
        self.content = Kept::default();
    }

    /// Empties the flow reads after an edit of a flow's properties or a component's kind.
    pub(super) fn flows_changed(&mut self) {
        self.flow_reads = Kept::default();
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
        self.slice(n).iter().map(|&(m, f)| (m as usize, f as usize))
    }

    /// [`Adjacency::of`] as stored.
    fn slice(&self, n: usize) -> &[(u32, u32)] {
        &self.edges[self.start[n] as usize..self.start[n + 1] as usize]
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

    /// The position of `id` in `ids` (sorted), if it is there.
    fn verified(&self, ids: &[&ComponentId], id: &ComponentId) -> Option<usize> {
        self.get(ids, id)
            .filter(|&n| ids.get(n).is_some_and(|known| *known == id))
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
    use std::collections::{BTreeMap, BTreeSet};

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
    fn a_large_architecture_resolves_its_flow_ends_on_two_threads_as_on_one() {
        let data = crate::samples::generated(12_000, 9);
        assert!(data.components.len() + data.flows.len() >= super::super::graph::PARALLEL_FROM);
        let arch =
            Architecture::from_data(data.clone()).expect("generated architectures are valid");
        let t = arch.topology();
        assert!(t.dropped.is_empty());
        let ids: Vec<&ComponentId> = arch.components().map(|c| &c.id).collect();
        let resolved: Vec<(FlowId, ComponentId, ComponentId)> = t
            .flow_ends
            .iter()
            .zip(arch.flows())
            .map(|(&(a, b), f)| (f.id.clone(), ids[a].clone(), ids[b].clone()))
            .collect();
        assert_eq!(resolved, expected(&arch));
        // A flow to nowhere, late in the input, is the one reported.
        let mut dangling = data;
        let last = dangling.flows.len() - 1;
        dangling.flows[last].to = ComponentId::new("nowhere");
        match Architecture::from_data(dangling) {
            Err(crate::model::ModelError::DanglingFlow { path, id }) => {
                assert_eq!(
                    (path.as_str(), id.as_str()),
                    (format!("flows[{last}].to").as_str(), "nowhere")
                );
            }
            other => panic!("a dangling flow is refused, not {:?}", other.map(|_| ())),
        }
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

    /// Flows out of each component, read from the architecture's maps alone (sorted by flow id):
    /// the reference the searches below are checked against, written without the topology.
    fn flows_out(arch: &Architecture) -> BTreeMap<&ComponentId, Vec<(&FlowId, &ComponentId)>> {
        let mut out: BTreeMap<&ComponentId, Vec<(&FlowId, &ComponentId)>> = BTreeMap::new();
        for f in arch.flows() {
            out.entry(&f.from).or_default().push((&f.id, &f.to));
        }
        out
    }

    /// Every component reached from `start` through one or more flows, by a plain depth-first
    /// walk over the maps.
    fn reached_from<'a>(
        out: &BTreeMap<&'a ComponentId, Vec<(&'a FlowId, &'a ComponentId)>>,
        start: &'a ComponentId,
    ) -> BTreeSet<&'a ComponentId> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            for (_, m) in out.get(n).into_iter().flatten() {
                if seen.insert(*m) {
                    stack.push(*m);
                }
            }
        }
        seen
    }

    #[test]
    fn cycle_groups_are_the_components_that_reach_each_other() {
        for seed in 0..4 {
            let arch = Architecture::from_data(crate::samples::generated(300, seed))
                .expect("generated architectures are valid");
            let out = flows_out(&arch);
            let reach: BTreeMap<&ComponentId, BTreeSet<&ComponentId>> = arch
                .components()
                .map(|c| (&c.id, reached_from(&out, &c.id)))
                .collect();
            let mut expected: BTreeSet<Vec<&ComponentId>> = BTreeSet::new();
            for (a, from_a) in &reach {
                // On a loop: it reaches itself. Its group: what it reaches and is reached by.
                if from_a.contains(a) {
                    let group = from_a.iter().filter(|b| reach[*b].contains(a)).copied();
                    expected.insert(group.collect());
                }
            }
            let ours: BTreeSet<Vec<&ComponentId>> = arch.cycles().into_iter().collect();
            assert!(!ours.is_empty(), "the sample has loops");
            assert_eq!(ours, expected, "seed {seed}");
        }
    }

    #[test]
    fn loops_through_a_component_are_real_loops_inside_its_group_and_short_ones_are_shortest() {
        let arch = Architecture::from_data(crate::samples::generated(1_500, 2))
            .expect("generated architectures are valid");
        let t = arch.topology();
        let groups = t.cycles();
        let ids: Vec<&ComponentId> = arch.components().map(|c| &c.id).collect();
        let out = flows_out(&arch);
        let mut checked = 0;
        for (n, id) in ids.iter().copied().enumerate() {
            let Some(path) = groups.loop_through(t, n) else {
                assert!(groups.group_of[n].is_none(), "{id} is on a loop");
                continue;
            };
            let c = &path.components;
            assert_eq!(
                (c[0], c[c.len() - 1]),
                (n, n),
                "a loop from {} back to it",
                ids[n]
            );
            assert_eq!(path.flows.len(), c.len() - 1);
            for (i, &f) in path.flows.iter().enumerate() {
                assert_eq!(t.flow_ends[f], (c[i], c[i + 1]), "step {i} follows a flow");
                assert_eq!(
                    groups.group_of[c[i]], groups.group_of[n],
                    "inside the group"
                );
            }
            // The shortest loop, by a search over the maps: the length of the shortest way back.
            let mut depth: BTreeMap<&ComponentId, usize> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([(id, 0)]);
            let mut shortest = None;
            while let Some((m, d)) = queue.pop_front() {
                for (_, next) in out.get(m).into_iter().flatten() {
                    if *next == id {
                        shortest = shortest.or(Some(d + 1));
                    }
                    if !depth.contains_key(next) {
                        depth.insert(next, d + 1);
                        queue.push_back((next, d + 1));
                    }
                }
            }
            if shortest.is_some_and(|s| s <= 3) {
                assert_eq!(
                    Some(path.flows.len()),
                    shortest,
                    "shortest loop through {}",
                    ids[n]
                );
            }
            checked += 1;
        }
        assert!(checked > 50, "the sample has loops ({checked})");
    }

    #[test]
    fn searches_find_the_shortest_witnesses_that_a_plain_search_over_the_maps_finds() {
        let mut searches = Searches::default();
        for seed in 0..5 {
            let arch = Architecture::from_data(crate::samples::generated(1_500, seed))
                .expect("generated architectures are valid");
            let t = arch.topology();
            let comps: Vec<&Component> = arch.components().collect();
            let flow_ids: Vec<&FlowId> = arch.flows().map(|f| &f.id).collect();
            let out = flows_out(&arch);
            for (source, guard) in [("user", "guardrail"), ("agent", "tool"), ("user", "agent")] {
                let sources: Vec<usize> = (0..comps.len())
                    .filter(|&n| comps[n].kind == source)
                    .collect();
                let blocked: Vec<bool> = comps.iter().map(|c| c.kind == guard).collect();
                let reach = Reach::new(t, Walk::Downstream, &sources, &blocked, &[], &mut searches);
                // The reference: sources in id order, flows in id order, the first way wins.
                let mut parent: BTreeMap<&ComponentId, Option<(&ComponentId, &FlowId)>> =
                    BTreeMap::new();
                let mut queue = std::collections::VecDeque::new();
                for c in comps.iter().filter(|c| c.kind == source && c.kind != guard) {
                    parent.insert(&c.id, None);
                    queue.push_back(&c.id);
                }
                while let Some(n) = queue.pop_front() {
                    for (f, m) in out.get(n).into_iter().flatten() {
                        let blocked = arch.component(m).is_some_and(|c| c.kind == guard);
                        if !blocked && !parent.contains_key(m) {
                            parent.insert(m, Some((n, f)));
                            queue.push_back(m);
                        }
                    }
                }
                let mut reached = 0;
                for (n, c) in comps.iter().enumerate() {
                    let ours = reach.witness(n).map(|p| {
                        let path: Vec<&ComponentId> =
                            p.components.iter().map(|&m| &comps[m].id).collect();
                        let flows: Vec<&FlowId> = p.flows.iter().map(|&f| flow_ids[f]).collect();
                        (path, flows)
                    });
                    let theirs = parent.contains_key(&c.id).then(|| {
                        let (mut path, mut flows) = (vec![&c.id], Vec::new());
                        let mut at = &c.id;
                        while let Some(Some((p, f))) = parent.get(at) {
                            path.push(p);
                            flows.push(*f);
                            at = p;
                        }
                        path.reverse();
                        flows.reverse();
                        (path, flows)
                    });
                    assert_eq!(
                        ours, theirs,
                        "witness to {} from {source}s, seed {seed}",
                        c.id
                    );
                    reached += usize::from(reach.reached(n));
                }
                assert!(reached > 10, "the search from {source}s goes somewhere");
                searches.give_back(reach);
            }
        }
    }

    /// A chain of `n` components (`0 → 1 → …`), closed into a ring when `ring`.
    fn chain(n: usize, ring: bool) -> Topology {
        let ends = (0..n - 1)
            .map(|i| (i, i + 1))
            .chain(ring.then_some((n - 1, 0)));
        Topology::from_ends(n, ends.collect())
    }

    #[test]
    fn a_loop_through_a_marked_component_passes_it_and_follows_real_flows() {
        // A ring of 500 with chords: short loops that miss the one marked component exist.
        let n = 500;
        let mut ends: Vec<(usize, usize)> = (0..n).map(|i| (i, (i + 1) % n)).collect();
        ends.extend((0..n).step_by(10).map(|i| (i + 5, i)));
        let t = Topology::from_ends(n, ends);
        let groups = t.cycles();
        let mut marked = vec![false; n];
        marked[321] = true;
        let trees = groups.tree_slots();
        for start in [0, 7, 321, 499] {
            let path = groups
                .loop_through_marked(&t, start, &marked, &trees)
                .expect("the ring is one loop");
            let c = &path.components;
            assert_eq!((c[0], c[c.len() - 1]), (start, start));
            assert!(
                c.contains(&321),
                "the loop from {start} passes the marked component"
            );
            for (i, &f) in path.flows.iter().enumerate() {
                assert_eq!(t.flow_ends[f], (c[i], c[i + 1]), "step {i} follows a flow");
            }
        }
        assert!(
            groups
                .loop_through_marked(&t, 0, &[false; 500], &trees)
                .is_none(),
            "no marked component, no such loop"
        );
    }

    #[test]
    fn a_chain_and_a_ring_of_a_million_components_are_walked_on_a_small_stack() {
        // 256 KiB: far less than a thread's default 2 MiB, which a search that recursed once per
        // component of the chain would overflow many times over.
        let run = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                const N: usize = 1_000_000;
                let t = &chain(N, false);
                assert!(t.cycles().groups.is_empty(), "a chain has no loop");
                let reach = Reach::new(
                    t,
                    Walk::Downstream,
                    &[0],
                    &[],
                    &[],
                    &mut Searches::default(),
                );
                let path = reach.witness(N - 1).expect("the end is reached");
                assert_eq!(path.components.len(), N);
                assert_eq!(t.layers()[N - 1], N - 1);
                let t = &chain(N, true);
                assert_eq!(t.cycles().groups.len(), 1, "a ring is one loop");
                let around = t.cycles().loop_through(t, N / 2).expect("on the loop");
                assert_eq!(around.flows.len(), N, "the way around");
            })
            .expect("a thread");
        run.join().expect("no stack overflow");
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

    proptest::proptest! {
        /// One ranked spread gives each component the first rank whose own spread reaches it,
        /// by the same way that spread finds.
        #[test]
        fn a_ranked_spread_is_the_separate_spreads_with_the_first_rank_winning(
            n in 1usize..14,
            flows in proptest::collection::vec((0usize..14, 0usize..14, 0u8..4), 0..40),
            ranks in proptest::collection::vec(proptest::collection::vec(0usize..14, 0..4), 1..4),
            blocked in proptest::collection::vec(proptest::bool::weighted(0.2), 14),
        ) {
            let ends: Vec<(usize, usize)> =
                flows.iter().map(|&(a, b, _)| (a % n, b % n)).collect();
            // Per flow: whether data goes forward on it, back on it, both or neither.
            let forward: Vec<bool> = flows.iter().map(|&(_, _, m)| m & 1 == 1).collect();
            let backward: Vec<bool> = flows.iter().map(|&(_, _, m)| m & 2 == 2).collect();
            let t = Topology::from_ends(n, ends);
            let ranked = Spread::ranked(&t, &ranks, &blocked, &forward, &backward);
            let separate: Vec<Spread> = ranks
                .iter()
                .map(|s| Spread::new(&t, s, &blocked, &forward, &backward))
                .collect();
            for c in 0..n {
                let first = separate.iter().position(|s| s.reached(c));
                proptest::prop_assert_eq!(ranked.rank(c), first, "rank of {}", c);
                if let Some(r) = first {
                    proptest::prop_assert_eq!(ranked.witness(c), separate[r].witness(c));
                }
            }
        }
    }
}
