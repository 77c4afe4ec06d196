//! Loops: the strongly connected components that hold a cycle (two or more components, or one
//! with a flow to itself), and a witness loop through any of their members.
//!
//! The groups come from petgraph's Kosaraju search, which is iterative (its Tarjan search
//! recurses once per component of a path and overflows a thread's stack on long chains), run
//! directly on the [`Topology`] through petgraph's graph traits: no copy of the graph is made.

use std::collections::{HashMap, VecDeque};
use std::sync::OnceLock;

use petgraph::visit::{
    GraphBase, IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers, VisitMap, Visitable,
};
use petgraph::Direction;

use super::{Adjacency, FastHash, Path, Topology};

/// The cycle groups of a topology, by position.
pub(crate) struct CycleGroups {
    /// Per component position: the group it belongs to, if any.
    pub group_of: Vec<Option<usize>>,
    /// Each group's component positions, sorted.
    pub groups: Vec<Vec<usize>>,
    /// Per group: the search trees that give loops through its root, built on first use.
    trees: Vec<OnceLock<LoopTrees>>,
}

impl CycleGroups {
    pub(super) fn new(topology: &Topology) -> Self {
        let mut group_of = vec![None; topology.components()];
        let mut groups = Vec::new();
        for mut members in petgraph::algo::kosaraju_scc(topology) {
            let looped =
                members.len() > 1 || topology.out.of(members[0]).any(|(m, _)| m == members[0]);
            if !looped {
                continue;
            }
            members.sort_unstable();
            for &n in &members {
                group_of[n] = Some(groups.len());
            }
            groups.push(members);
        }
        // Numbered by their first member, so that the numbering does not depend on the search.
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_unstable_by_key(|&g| groups[g][0]);
        let mut renumber = vec![0; groups.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new;
        }
        for g in group_of.iter_mut().flatten() {
            *g = renumber[*g];
        }
        let mut sorted: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        for (old, members) in groups.into_iter().enumerate() {
            sorted[renumber[old]] = members;
        }
        CycleGroups {
            trees: sorted.iter().map(|_| OnceLock::new()).collect(),
            group_of,
            groups: sorted,
        }
    }

    /// A loop from the component at `start` back to itself, inside its group; `None` when it is
    /// on no loop. The shortest one when a bounded search finds it (loops are usually short),
    /// else the way through the group's root, so that a graph that is one big group stays linear.
    pub fn loop_through(&self, topology: &Topology, start: usize) -> Option<Path> {
        let group = self.group_of.get(start).copied().flatten()?;
        let steps = shortest_loop(topology, &self.group_of, group, start).unwrap_or_else(|| {
            let root = self.groups[group][0];
            let trees = self.trees[group]
                .get_or_init(|| LoopTrees::new(topology, &self.group_of, group, root));
            trees.loop_via_root(start)
        });
        Some(as_path(start, steps))
    }

    /// A loop from `start` back to itself that passes a component marked in `through` (by
    /// position), if its group has one: the shortest loop when it passes one, else the way
    /// through the group's first marked member, with the search trees rooted there kept in
    /// `trees` (one slot per group, for the caller to keep while it asks about many components).
    pub fn loop_through_marked(
        &self,
        topology: &Topology,
        start: usize,
        through: &[bool],
        trees: &[OnceLock<LoopTrees>],
    ) -> Option<Path> {
        let group = self.group_of.get(start).copied().flatten()?;
        let marked = |n: &usize| through.get(*n).copied().unwrap_or(false);
        let root = *self.groups[group].iter().find(|n| marked(n))?;
        if let Some(steps) = shortest_loop(topology, &self.group_of, group, start) {
            if marked(&start) || steps.iter().any(|(n, _)| marked(n)) {
                return Some(as_path(start, steps));
            }
        }
        let trees = trees
            .get(group)?
            .get_or_init(|| LoopTrees::new(topology, &self.group_of, group, root));
        Some(as_path(start, trees.loop_via_root(start)))
    }

    /// One empty slot of search trees per group, for [`CycleGroups::loop_through_marked`].
    pub fn tree_slots(&self) -> Vec<OnceLock<LoopTrees>> {
        self.groups.iter().map(|_| OnceLock::new()).collect()
    }
}

/// The path of a loop from `start` by its steps.
fn as_path(start: usize, steps: Vec<(usize, usize)>) -> Path {
    let mut components = Vec::with_capacity(steps.len() + 1);
    components.push(start);
    let mut flows = Vec::with_capacity(steps.len());
    for (node, flow) in steps {
        components.push(node);
        flows.push(flow);
    }
    Path { components, flows }
}

/// How many components the search for the shortest loop through a component may visit.
const LOOP_SEARCH_BUDGET: usize = 128;

/// The steps (node, flow) of a shortest loop from `start` back to it within the group, if the
/// search finds one within its budget.
fn shortest_loop(
    topology: &Topology,
    group_of: &[Option<usize>],
    group: usize,
    start: usize,
) -> Option<Vec<(usize, usize)>> {
    // A few hundred entries at most: a small map with a cheap hash, not a table of every component.
    let mut parent: HashMap<usize, (usize, usize), FastHash> =
        HashMap::with_capacity_and_hasher(4 * LOOP_SEARCH_BUDGET, FastHash::default());
    let mut queue = VecDeque::from([start]);
    let mut visits = 0;
    while let Some(n) = queue.pop_front() {
        visits += 1;
        if visits > LOOP_SEARCH_BUDGET {
            return None;
        }
        for (m, f) in topology.out.of(n) {
            if group_of[m] != Some(group) {
                continue;
            }
            if m == start {
                let mut steps = vec![(start, f)];
                let mut cur = n;
                while cur != start {
                    let Some(&(p, pf)) = parent.get(&cur) else {
                        break;
                    };
                    steps.push((cur, pf));
                    cur = p;
                }
                steps.reverse();
                return Some(steps);
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(m) {
                e.insert((n, f));
                queue.push_back(m);
            }
        }
    }
    None
}

/// Breadth-first trees of one cycle group, rooted at one of its components: `down[n]` is the step
/// by which the root first reaches `n`, `up[n]` the step by which `n` first reaches the root
/// (by position; `NO_STEP` outside the trees).
pub(crate) struct LoopTrees {
    root: usize,
    down: Vec<(u32, u32)>,
    up: Vec<(u32, u32)>,
}

const NO_STEP: (u32, u32) = (u32::MAX, u32::MAX);

impl LoopTrees {
    fn new(topology: &Topology, group_of: &[Option<usize>], group: usize, root: usize) -> Self {
        let search = |adjacent: &Adjacency| {
            let mut tree = vec![NO_STEP; topology.components()];
            let mut queue = vec![root];
            let mut next = 0;
            while let Some(&n) = queue.get(next) {
                next += 1;
                for (m, f) in adjacent.of(n) {
                    if m != root && group_of[m] == Some(group) && tree[m] == NO_STEP {
                        tree[m] = (n as u32, f as u32);
                        queue.push(m);
                    }
                }
            }
            tree
        };
        LoopTrees {
            root,
            down: search(&topology.out),
            up: search(&topology.inc),
        }
    }

    /// `start` → root (up the backward tree), then root → `start` (down the forward tree). When
    /// `start` is the root, the loop is the root's shortest way back to itself through the trees.
    fn loop_via_root(&self, start: usize) -> Vec<(usize, usize)> {
        let step = |tree: &[(u32, u32)], n: usize| {
            let (p, f) = tree.get(n).copied().unwrap_or(NO_STEP);
            (p != u32::MAX).then_some((p as usize, f as usize))
        };
        let mut steps = Vec::new();
        let mut cur = start;
        if start == self.root {
            // Leave the root by the first tree edge down, then come back up.
            let first = (0..self.down.len())
                .find(|&n| step(&self.down, n).is_some_and(|(p, _)| p == start));
            let Some((first, (_, f))) = first.and_then(|n| Some((n, step(&self.down, n)?))) else {
                return steps;
            };
            steps.push((first, f));
            cur = first;
        }
        while cur != self.root {
            let Some((next, f)) = step(&self.up, cur) else {
                return steps;
            };
            steps.push((next, f));
            cur = next;
        }
        let mut down = Vec::new();
        let mut back = start;
        while back != self.root {
            let Some((p, f)) = step(&self.down, back) else {
                break;
            };
            down.push((back, f));
            back = p;
        }
        down.reverse();
        steps.extend(down);
        steps
    }
}

// petgraph's graph traits over the topology, for its algorithms (positions are node ids, flow
// positions edge ids).

impl GraphBase for Topology {
    type NodeId = usize;
    type EdgeId = usize;
}

/// The neighbours of a component, in flow-id order.
pub(crate) struct Neighbours<'a>(std::slice::Iter<'a, (u32, u32)>);

impl Iterator for Neighbours<'_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        self.0.next().map(|&(m, _)| m as usize)
    }
}

impl<'a> IntoNeighbors for &'a Topology {
    type Neighbors = Neighbours<'a>;
    fn neighbors(self, n: usize) -> Neighbours<'a> {
        Neighbours(self.out.slice(n).iter())
    }
}

impl<'a> IntoNeighborsDirected for &'a Topology {
    type NeighborsDirected = Neighbours<'a>;
    fn neighbors_directed(self, n: usize, d: Direction) -> Neighbours<'a> {
        match d {
            Direction::Outgoing => Neighbours(self.out.slice(n).iter()),
            Direction::Incoming => Neighbours(self.inc.slice(n).iter()),
        }
    }
}

impl IntoNodeIdentifiers for &Topology {
    type NodeIdentifiers = std::ops::Range<usize>;
    fn node_identifiers(self) -> std::ops::Range<usize> {
        0..self.components()
    }
}

/// Visited marks by position.
pub(crate) struct Marks(Vec<bool>);

impl VisitMap<usize> for Marks {
    fn visit(&mut self, n: usize) -> bool {
        !std::mem::replace(&mut self.0[n], true)
    }
    fn is_visited(&self, n: &usize) -> bool {
        self.0[*n]
    }
    fn unvisit(&mut self, n: usize) -> bool {
        std::mem::replace(&mut self.0[n], false)
    }
}

impl Visitable for Topology {
    type Map = Marks;
    fn visit_map(&self) -> Marks {
        Marks(vec![false; self.components()])
    }
    fn reset_map(&self, map: &mut Marks) {
        map.0.clear();
        map.0.resize(self.components(), false);
    }
}
