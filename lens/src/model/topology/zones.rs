//! Trust zones by position: each boundary's chain of ancestors, the zone each component sits in
//! (its own, innermost boundary) and its trust, which flows enter a zone of higher trust, and how
//! many distinct zones reach a component.

use std::collections::{HashMap, VecDeque};

use super::Topology;
use crate::model::{Architecture, BoundaryId, FastHash, Trust};

/// Boundaries by position (id order) and the zone of every component.
pub(crate) struct Zones {
    /// Per boundary position: its id (so, sorted).
    pub ids: Vec<BoundaryId>,
    /// Per boundary position: its trust.
    pub trust: Vec<Trust>,
    /// Per boundary position: itself, then its parent, its parent's parent, … (outermost last).
    chains: Vec<Vec<usize>>,
    /// Per component position: the position of the boundary it sits in, if any.
    pub zone: Vec<Option<usize>>,
}

impl Zones {
    pub fn new(arch: &Architecture) -> Zones {
        let positions: HashMap<&BoundaryId, usize, FastHash> = arch
            .boundaries()
            .enumerate()
            .map(|(i, b)| (&b.id, i))
            .collect();
        let position = |id: &BoundaryId| positions.get(id).copied();
        let parent: Vec<Option<usize>> = arch
            .boundaries()
            .map(|b| b.parent.as_ref().and_then(position))
            .collect();
        // Parents form a forest (checked on load and on every edit); the check against the chain
        // only keeps the walk finite regardless.
        let chains = (0..parent.len())
            .map(|b| {
                let mut chain = vec![b];
                let mut cur = parent[b];
                while let Some(z) = cur {
                    if chain.contains(&z) {
                        break;
                    }
                    chain.push(z);
                    cur = parent[z];
                }
                chain
            })
            .collect();
        Zones {
            ids: arch.boundaries().map(|b| b.id.clone()).collect(),
            trust: arch.boundaries().map(|b| b.trust).collect(),
            chains,
            zone: arch
                .components()
                .map(|c| c.boundary.as_ref().and_then(position))
                .collect(),
        }
    }

    /// The position of boundary `id`.
    pub fn position_of(&self, id: &BoundaryId) -> Option<usize> {
        self.ids.binary_search(id).ok()
    }

    /// The boundary at position `b`, then the boundaries around it, innermost first.
    pub fn ancestry(&self, b: usize) -> &[usize] {
        self.chains.get(b).map_or(&[], Vec::as_slice)
    }

    /// The trust of the zone the component at `n` sits in; a component outside every boundary is
    /// on the internet.
    pub fn trust_of(&self, n: usize) -> Trust {
        self.zone
            .get(n)
            .copied()
            .flatten()
            .map_or(Trust::Internet, |z| self.trust[z])
    }

    /// Per flow position: whether the flow enters a zone of higher trust
    /// ([`Zones::enters_higher_trust`]).
    pub fn crossings(&self, topology: &Topology) -> Vec<bool> {
        topology
            .flow_ends
            .iter()
            .map(|&(a, b)| self.enters_higher_trust(self.zone[a], self.zone[b]))
            .collect()
    }

    /// Whether a flow from a component in zone `src` to one in zone `dst` (boundary positions;
    /// `None` outside every boundary) enters a zone of higher trust.
    pub fn enters_higher_trust(&self, src: Option<usize>, dst: Option<usize>) -> bool {
        let Some(dst) = dst else {
            return false;
        };
        if src.is_some_and(|s| self.ancestry(s).contains(&dst)) {
            return false;
        }
        let src_rank = src.map_or(Trust::Internet.rank(), |s| self.trust[s].rank());
        self.trust[dst].rank() > src_rank
    }

    /// For every component, up to `cap` distinct zones whose components among `sources` reach
    /// it through flows, each with one such source. Labels spread forward; a component is
    /// revisited only when it gains a label, at most `cap` times, so this is O(cap² (V + E)).
    pub fn labels(
        &self,
        topology: &Topology,
        sources: &[usize],
        along: &[bool],
        cap: usize,
    ) -> ZoneLabels {
        let follows = |f: usize| along.is_empty() || along.get(f).copied().unwrap_or(false);
        let n_comps = topology.components();
        let mut labels = ZoneLabels {
            cap,
            slots: vec![(0, 0); n_comps * cap],
            count: vec![0; n_comps],
        };
        let mut queue = VecDeque::new();
        for &n in sources {
            if let Some(z) = self.zone[n] {
                labels.slots[n * cap] = (z, n);
                labels.count[n] = 1;
                queue.push_back(n);
            }
        }
        while let Some(n) = queue.pop_front() {
            for (m, f) in topology.out.of(n) {
                if !follows(f) {
                    continue;
                }
                let mut changed = false;
                for i in 0..labels.count[n] {
                    let label = labels.slots[n * cap + i];
                    let known = labels.of(m).iter().any(|(z, _)| *z == label.0);
                    if labels.count[m] < cap && !known {
                        labels.slots[m * cap + labels.count[m]] = label;
                        labels.count[m] += 1;
                        changed = true;
                    }
                }
                if changed {
                    queue.push_back(m);
                }
            }
        }
        labels
    }
}

/// The zones that reach each component ([`Zones::labels`]), in one flat table (`cap` slots per
/// component).
pub(crate) struct ZoneLabels {
    cap: usize,
    /// (zone position, source component position) per slot.
    slots: Vec<(usize, usize)>,
    count: Vec<usize>,
}

impl ZoneLabels {
    /// The (zone, source) pairs that reach the component at `n`.
    pub fn of(&self, n: usize) -> &[(usize, usize)] {
        &self.slots[n * self.cap..n * self.cap + self.count[n]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, ComponentId};

    /// The boundaries around a component, innermost first, by walking the parents in the maps.
    fn chain<'a>(arch: &'a Architecture, id: &ComponentId) -> Vec<&'a Boundary> {
        let mut out = Vec::new();
        let mut at = arch.component(id).and_then(|c| c.boundary.as_ref());
        while let Some(b) = at.and_then(|b| arch.boundary(b)) {
            out.push(b);
            at = b.parent.as_ref();
        }
        out
    }

    #[test]
    fn crossings_agree_with_a_walk_over_the_boundary_parents_for_every_flow() {
        for seed in 0..5 {
            let arch = Architecture::from_data(crate::samples::generated(1_500, seed))
                .expect("generated architectures are valid");
            let crossings = arch.content().crossings(&arch);
            let mut crossing = 0;
            for (n, f) in arch.flows().enumerate() {
                let src = chain(&arch, &f.from);
                let expected = chain(&arch, &f.to).first().is_some_and(|dst| {
                    let src_rank = src.first().map_or(Trust::Internet, |b| b.trust).rank();
                    !src.iter().any(|b| b.id == dst.id) && dst.trust.rank() > src_rank
                });
                assert_eq!(crossings[n], expected, "flow {}, seed {seed}", f.id);
                assert_eq!(arch.enters_higher_trust(&f.id), expected, "flow {}", f.id);
                crossing += usize::from(expected);
            }
            assert!(crossing > 10, "the sample has crossings");
            for c in arch.components() {
                let ours: Vec<&BoundaryId> =
                    arch.boundary_chain(&c.id).iter().map(|b| &b.id).collect();
                let theirs: Vec<&BoundaryId> = chain(&arch, &c.id).iter().map(|b| &b.id).collect();
                assert_eq!(ours, theirs, "boundaries around {}", c.id);
            }
        }
    }
}
