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

/// The path to `target` read back through `parent` (each component's predecessor and the flow
/// between them) to a component without one, then put source first.
fn path_back(parent: &[(u32, u32)], target: usize) -> Path {
    let mut components = vec![target];
    let mut flows = Vec::new();
    let mut n = target;
    while parent[n] != NO_PARENT {
        let (p, f) = parent[n];
        components.push(p as usize);
        flows.push(f as usize);
        n = p as usize;
    }
    components.reverse();
    flows.reverse();
    Path { components, flows }
}

impl Reach {
    /// The search from `sources` in `walk`'s direction over the graph without the `blocked`
    /// components (by position; an empty slice blocks none), following only the flows marked in
    /// `along` (by flow position; an empty slice: every flow). Blocked sources are skipped.
    /// `searches` lends the buffers of an earlier search of the same graph, if it has one.
    pub fn new(
        topology: &Topology,
        walk: Walk,
        sources: &[usize],
        blocked: &[bool],
        along: &[bool],
        searches: &mut Searches,
    ) -> Reach {
        let size = topology.components();
        let is_blocked = |n: usize| blocked.get(n).copied().unwrap_or(false);
        let follows = |f: usize| along.is_empty() || along.get(f).copied().unwrap_or(false);
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
                if reach.reached[m] || is_blocked(m) || !follows(f) {
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
        self.reached(target)
            .then(|| path_back(&self.parent, target))
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

/// Content that travels (model output, retrieved passages, records of a data source): from each
/// source it goes back along the flows to the components that called for it, and their callers
/// (the answer returning up the call chain), and from every component holding it, forward along
/// the flows (passed on in a request). Components marked `blocked` (a screen) stop it both ways.
///
/// The same two searches answer the question from the other end: started from targets, the
/// first finds the components that can pass content on to them and the second the sources whose
/// content those components receive back — so a rule can ask about the receivers of content
/// (sources → subject) or about its senders (subject → targets).
pub(crate) struct Travel {
    /// The first search: back along the flows from where it starts.
    back: Reach,
    /// The second: forward from everything the first reached.
    on: Reach,
}

/// The end a [`Travel`] is searched from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// The sources of the content: the search finds what it reaches.
    Sources,
    /// The targets: the search finds whose content reaches them.
    Targets,
}

impl Travel {
    pub fn new(
        topology: &Topology,
        start: &[usize],
        blocked: &[bool],
        along: &[bool],
        searches: &mut Searches,
    ) -> Travel {
        let back = Reach::new(topology, Walk::Upstream, start, blocked, along, searches);
        let holders: Vec<usize> = back.in_order().collect();
        let on = Reach::new(
            topology,
            Walk::Downstream,
            &holders,
            blocked,
            along,
            searches,
        );
        Travel { back, on }
    }

    /// How content travels between a source and the component at `n` (a receiver when searched
    /// from the sources, a source when searched from the targets), source first. The steps back
    /// along flows are listed in the order the content takes them.
    pub fn witness(&self, n: usize, from: Side) -> Option<Path> {
        let forward = self.on.witness(n)?;
        let holder = *forward.components.first()?;
        let back = self.back.witness(holder)?;
        let mut components = back.components;
        components.extend(forward.components.into_iter().skip(1));
        let mut flows = back.flows;
        flows.extend(forward.flows);
        if from == Side::Targets {
            components.reverse();
            flows.reverse();
        }
        Some(Path { components, flows })
    }

    /// Gives both searches' buffers back.
    pub fn give_back(self, searches: &mut Searches) {
        searches.give_back(self.back);
        searches.give_back(self.on);
    }
}

/// Where data spreads from its sources: forward along the flows marked `forward` (it is sent
/// on: a request's parameters, a response, a copy into a store) and back along the flows marked
/// `backward` (it is handed back: the answer to whoever asked, up the call chain), until it
/// meets a component marked `blocked`, which receives it but passes none of it on (a pipeline
/// that redacts personal data reads it and writes none). Unlike a
/// [`Travel`], the steps may alternate any number of times: records copied into a vector store,
/// retrieved by an agent, written to its memory.
pub(crate) struct Spread {
    /// Per component: the rank of the sources that reached it first (see [`Spread::ranked`]),
    /// `NOT_REACHED` if none did.
    rank: Vec<u32>,
    /// For each component reached from another: that component's position and the flow's.
    parent: Vec<(u32, u32)>,
}

const NOT_REACHED: u32 = u32::MAX;

impl Spread {
    pub fn new(
        topology: &Topology,
        sources: &[usize],
        blocked: &[bool],
        forward: &[bool],
        backward: &[bool],
    ) -> Spread {
        Spread::ranked(topology, &[sources], blocked, forward, backward)
    }

    /// Several spreads in one walk, the most important sources first (the most sensitive class
    /// of data): each component is reached by the first of `ranked` that reaches it, and its way
    /// is the shortest from those sources. A component reached by an earlier rank is not walked
    /// again for a later one: all it passes on has that earlier rank too. The ways are the ones
    /// separate spreads would find, since no shortest way from a later rank's sources to a
    /// component it reaches first passes a component of an earlier rank.
    pub fn ranked<S: AsRef<[usize]>>(
        topology: &Topology,
        ranked: &[S],
        blocked: &[bool],
        forward: &[bool],
        backward: &[bool],
    ) -> Spread {
        let size = topology.components();
        let marked = |mask: &[bool], i: usize| mask.get(i).copied().unwrap_or(false);
        let mut rank = vec![NOT_REACHED; size];
        let mut parent = vec![NO_PARENT; size];
        let mut queue = Vec::new();
        for (r, sources) in ranked.iter().enumerate() {
            let r = r as u32;
            queue.clear();
            for &s in sources.as_ref() {
                if s < size && !marked(blocked, s) && rank[s] == NOT_REACHED {
                    rank[s] = r;
                    queue.push(s);
                }
            }
            let mut next = 0;
            while let Some(&n) = queue.get(next) {
                next += 1;
                let ahead = topology.out.of(n).filter(|&(_, f)| marked(forward, f));
                let back = topology.inc.of(n).filter(|&(_, f)| marked(backward, f));
                for (m, f) in ahead.chain(back) {
                    if rank[m] != NOT_REACHED {
                        continue;
                    }
                    rank[m] = r;
                    parent[m] = (n as u32, f as u32);
                    if !marked(blocked, m) {
                        queue.push(m);
                    }
                }
            }
        }
        Spread { rank, parent }
    }

    /// The rank of the sources that reached the component at `n` first, if any did.
    pub fn rank(&self, n: usize) -> Option<usize> {
        self.rank
            .get(n)
            .filter(|&&r| r != NOT_REACHED)
            .map(|&r| r as usize)
    }

    /// Whether the data reached the component at `n`.
    pub fn reached(&self, n: usize) -> bool {
        self.rank(n).is_some()
    }

    /// The way the data came to `n`, source first.
    pub fn witness(&self, n: usize) -> Option<Path> {
        self.reached(n).then(|| path_back(&self.parent, n))
    }
}
