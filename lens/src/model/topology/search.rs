//! Reachability: one breadth-first search from many sources at once, with some components
//! blocked (an avoid set), that keeps for every component reached the step it was first reached
//! by, so that a shortest witness path to any of them can be read back. One search answers a
//! question for every component ("which models does untrusted input reach without passing a
//! guardrail?") in O(V + E).

use super::Topology;

/// Which way a search follows flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Walk {
    /// From a flow's source to its target.
    Downstream,
    /// From a flow's target back to its source.
    Upstream,
}

/// A path found by a search, as positions: components from a source to the target and the flows
/// between them (in the search's direction: an upstream search gives the path against the flows).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Path {
    pub components: Vec<usize>,
    pub flows: Vec<usize>,
}

/// Which components a multi-source search reached, with the step each was first reached by.
/// Sources are taken in the order given and each component's flows in flow-id order, so the
/// witnesses are the same from one run to the next.
pub(crate) struct Reach {
    reached: Vec<bool>,
    /// For each component reached from another: that component's position and the flow's
    /// (`NO_PARENT` for sources; 32 bits each, so that the table stays small).
    parent: Vec<(u32, u32)>,
    /// The components in the order they were reached, sources first.
    order: Vec<u32>,
}

const NO_PARENT: (u32, u32) = (u32::MAX, u32::MAX);

impl Reach {
    /// The search from `sources` in `walk`'s direction over the graph without the `blocked`
    /// components (by position; an empty slice blocks none). Blocked sources are skipped.
    /// `searches` lends the buffers of an earlier search of the same graph, if it has one.
    pub fn new(
        topology: &Topology,
        walk: Walk,
        sources: &[usize],
        blocked: &[bool],
        searches: &mut Searches,
    ) -> Reach {
        let size = topology.components();
        let is_blocked = |n: usize| blocked.get(n).copied().unwrap_or(false);
        let mut reach = searches.take(size);
        for &s in sources {
            if s < size && !is_blocked(s) && !reach.reached[s] {
                reach.reached[s] = true;
                reach.parent[s] = NO_PARENT;
                reach.order.push(s as u32);
            }
        }
        // Every component enters `order` once: it is the queue, read from the front.
        let mut next = 0;
        while let Some(&n) = reach.order.get(next) {
            next += 1;
            for (m, f) in topology.steps(n as usize, walk) {
                if reach.reached[m] || is_blocked(m) {
                    continue;
                }
                reach.reached[m] = true;
                reach.parent[m] = (n, f as u32);
                reach.order.push(m as u32);
            }
        }
        reach
    }

    /// Whether the search reached the component at `n`.
    pub fn reached(&self, n: usize) -> bool {
        self.reached.get(n).copied().unwrap_or(false)
    }

    /// The components reached, in the order the search reached them (sources first).
    pub fn in_order(&self) -> impl Iterator<Item = usize> + '_ {
        self.order.iter().map(|&n| n as usize)
    }

    /// The shortest path found from a source to `target`, if `target` was reached.
    pub fn witness(&self, target: usize) -> Option<Path> {
        if !self.reached(target) {
            return None;
        }
        let mut components = vec![target];
        let mut flows = Vec::new();
        let mut n = target;
        while self.parent[n] != NO_PARENT {
            let (p, f) = self.parent[n];
            components.push(p as usize);
            flows.push(f as usize);
            n = p as usize;
        }
        components.reverse();
        flows.reverse();
        Some(Path { components, flows })
    }
}

/// Buffers of finished searches, lent to the next search of a graph of the same size: a search
/// at 100k components needs about 1 MB, and a rule evaluation may run several.
#[derive(Default)]
pub(crate) struct Searches(Vec<Reach>);

impl Searches {
    /// Takes a search back once its results are no longer needed.
    pub fn give_back(&mut self, reach: Reach) {
        self.0.push(reach);
    }

    fn take(&mut self, size: usize) -> Reach {
        match self.0.pop() {
            Some(mut reach) if reach.reached.len() == size => {
                // `parent` is written for every component a search reaches and read only for
                // those, so it needs no reset.
                reach.reached.fill(false);
                reach.order.clear();
                reach
            }
            _ => Reach {
                reached: vec![false; size],
                parent: vec![NO_PARENT; size],
                order: Vec::new(),
            },
        }
    }
}
