//! Large generated architectures for benchmarks and property tests: deterministic for a seed,
//! valid against the catalog, with boundaries (nested), agents, guardrails, tools, loops and
//! self-loops mixed in. A tiny xorshift keeps it free of an rng dependency.

use crate::catalog::{Catalog, PropertySpec, PropertyType};
use crate::model::{
    ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Position,
    Properties, Trust, Value,
};

/// xorshift64*, seeded through splitmix64 so that every seed (0 included) gives a good stream.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (`n > 0`).
    pub(super) fn below(&mut self, n: usize) -> usize {
        // The modulo bias is irrelevant for test data.
        (self.next() % n.max(1) as u64) as usize
    }
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const TRUSTS: [Trust; 5] = [
    Trust::Internet,
    Trust::ThirdParty,
    Trust::Dmz,
    Trust::Tenant,
    Trust::Private,
];

/// Kinds that make the generated graphs look like GenAI systems: every fourth component is one
/// of these, the rest are drawn from the whole catalog.
const COMMON_KINDS: [&str; 6] = [
    "agent",
    "guardrail",
    "model_endpoint",
    "tool",
    "vector_store",
    "user",
];

fn random_value(rng: &mut Rng, spec: &PropertySpec, i: usize) -> Value {
    match &spec.ty {
        PropertyType::Bool => Value::Bool(rng.chance(50)),
        PropertyType::Number => {
            let base = spec.min.unwrap_or(0.0) + rng.below(600) as f64;
            if spec.integer || rng.chance(70) {
                Value::Number(base)
            } else {
                Value::Number(base + 0.25)
            }
        }
        PropertyType::Text => Value::Text(format!("{} {i}", spec.label)),
        PropertyType::Enum(values) => Value::Text(values[rng.below(values.len())].clone()),
    }
}

fn random_properties(rng: &mut Rng, specs: &[PropertySpec], i: usize) -> Properties {
    let mut out = Properties::new();
    for s in specs {
        if rng.chance(40) {
            out.insert(s.id.clone(), random_value(rng, s, i));
        }
    }
    out
}

/// A valid architecture of `components` components, about twice as many flows, and one boundary
/// per 50 components (at least one when there are components), the same for the same seed.
/// Flows mostly run forward (pipelines), some run back (loops between agents and tools), a few
/// are self-loops; components are spread over nested boundaries, a fifth of them outside any.
pub fn generated(components: usize, seed: u64) -> ArchitectureData {
    let catalog = Catalog::builtin();
    let mut rng = Rng::new(seed);
    let boundary_count = if components == 0 {
        0
    } else {
        components / 50 + 1
    };
    let boundaries: Vec<Boundary> = (0..boundary_count)
        .map(|i| Boundary {
            id: BoundaryId(format!("b{i:04}")),
            label: format!("Zone {i}"),
            trust: TRUSTS[rng.below(TRUSTS.len())],
            // Parents are earlier boundaries only, so boundaries form a forest.
            parent: (i > 0 && rng.chance(50)).then(|| BoundaryId(format!("b{:04}", rng.below(i)))),
            position: None,
            size: None,
        })
        .collect();
    let kinds = catalog.kinds();
    let comps: Vec<Component> = (0..components)
        .map(|i| {
            let kind = if i % 4 == 0 {
                catalog
                    .kind(COMMON_KINDS[rng.below(COMMON_KINDS.len())])
                    .unwrap_or(&kinds[0])
            } else {
                &kinds[rng.below(kinds.len())]
            };
            Component {
                id: ComponentId(format!("c{i:05}")),
                kind: kind.id.clone(),
                preset: None,
                label: format!("{} {i}", kind.label),
                boundary: (boundary_count > 0 && !rng.chance(20))
                    .then(|| BoundaryId(format!("b{:04}", rng.below(boundary_count)))),
                properties: random_properties(&mut rng, &kind.properties, i),
                position: (!rng.chance(10)).then(|| Position {
                    x: (i % 100) as f64 * 220.0,
                    y: (i / 100) as f64 * 140.0 + if rng.chance(20) { 0.5 } else { 0.0 },
                }),
            }
        })
        .collect();
    let mut flows = Vec::new();
    if components > 0 {
        for j in 0..components * 2 {
            let from = rng.below(components);
            let roll = rng.below(100);
            let to = if roll < 2 {
                from // a self-loop: an agent calling itself again
            } else if roll < 15 {
                // Back edge: closes a loop.
                from.saturating_sub(1 + rng.below(8))
            } else {
                (from + 1 + rng.below(10)).min(components - 1)
            };
            flows.push(Flow {
                id: FlowId(format!("f{j:06}")),
                from: ComponentId(format!("c{from:05}")),
                to: ComponentId(format!("c{to:05}")),
                properties: random_properties(&mut rng, catalog.flow_properties(), j),
            });
        }
    }
    ArchitectureData {
        name: format!("Generated architecture ({components} components, seed {seed})"),
        boundaries,
        components: comps,
        flows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Architecture;

    #[test]
    fn generated_architectures_are_valid_and_deterministic() {
        for (n, seed) in [(0, 0), (1, 1), (7, 2), (120, 3), (1000, 4)] {
            let data = generated(n, seed);
            assert_eq!(data, generated(n, seed), "same seed, same architecture");
            assert_eq!(data.components.len(), n);
            assert_eq!(data.flows.len(), 2 * n);
            let arch = Architecture::from_data_checked(data).expect("generated data is valid");
            arch.verify().unwrap();
        }
    }

    #[test]
    fn generated_architectures_mix_loops_boundaries_and_genai_kinds() {
        let arch = Architecture::from_data_checked(generated(1000, 9)).unwrap();
        assert!(!arch.cycles().is_empty(), "some flows close loops");
        assert!(
            arch.boundaries().any(|b| b.parent.is_some()),
            "nested boundaries"
        );
        for kind in COMMON_KINDS {
            assert!(arch.components().any(|c| c.kind == kind), "{kind} appears");
        }
        assert_ne!(generated(50, 1), generated(50, 2), "seeds differ");
    }
}
