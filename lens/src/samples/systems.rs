//! Large architectures made the way real ones are: many subsystems of tens of components, each a
//! copy of one of the built-in templates (`lens/templates/`, which are reviewed designs with most
//! mitigations configured), sparsely connected to a few neighbouring subsystems, with occasional
//! gaps (a configured mitigation left unset). Deterministic for a seed; the benchmark's realistic
//! workload next to the random stress graphs of [`super::generated`].

use crate::model::{
    ArchitectureData, Boundary, BoundaryId, ComponentId, Flow, FlowId, Position, Properties, Value,
};

use super::generated::Rng;

const TEMPLATES: [&str; 8] = [
    include_str!("../../templates/automated-code-review.json"),
    include_str!("../../templates/automated-kanban-workflow.json"),
    include_str!("../../templates/autonomous-call-center.json"),
    include_str!("../../templates/code-transformation.json"),
    include_str!("../../templates/generative-bi.json"),
    include_str!("../../templates/incident-response-assistant.json"),
    include_str!("../../templates/knowledge-worker-copilot.json"),
    include_str!("../../templates/multi-tenant-genai-platform.json"),
];

/// In how many of a hundred components one configured mitigation (a property set to `true`) is
/// left unset.
const GAP_PERCENT: u64 = 8;

/// How many subsystems back a subsystem's outgoing links may reach.
const LINK_SPAN: usize = 12;

/// A valid architecture of `components` components (the last subsystem cut short to fit), with
/// two flows per component: the templates' own flows (about 1.45 per component), a response flow
/// back along some of them (which makes loops), and two links per subsystem to components of
/// earlier subsystems. Boundaries (trust zones, tenants) come with the templates, one set per
/// subsystem, and stay nested as in the template.
pub fn generated_systems(components: usize, seed: u64) -> ArchitectureData {
    let templates: Vec<ArchitectureData> = TEMPLATES
        .iter()
        .filter_map(|text| crate::json::import_architecture(text).ok())
        .map(|a| a.to_data())
        .collect();
    let mut rng = Rng::new(seed);
    let mut data = ArchitectureData {
        name: format!("Generated systems ({components} components, seed {seed})"),
        ..ArchitectureData::default()
    };
    if templates.is_empty() {
        return data;
    }
    // Component ids of each subsystem so far, for the links between subsystems.
    let mut subsystems: Vec<Vec<ComponentId>> = Vec::new();
    let mut k = 0;
    while data.components.len() < components {
        let template = &templates[rng.below(templates.len())];
        let room = components - data.components.len();
        let prefix = format!("s{k:05}.");
        let (dx, dy) = ((k % 20) as f64 * 3000.0, (k / 20) as f64 * 1500.0);
        let ident = |id: &str| format!("{prefix}{id}");
        let moved = |p: &Option<Position>| {
            p.as_ref().map(|p| Position {
                x: p.x + dx,
                y: p.y + dy,
            })
        };
        for b in &template.boundaries {
            data.boundaries.push(Boundary {
                id: BoundaryId(ident(b.id.as_str())),
                parent: b.parent.as_ref().map(|p| BoundaryId(ident(p.as_str()))),
                position: moved(&b.position),
                ..b.clone()
            });
        }
        let mut ids = Vec::new();
        for c in template.components.iter().take(room) {
            let mut c = c.clone();
            c.id = ComponentId(ident(c.id.as_str()));
            c.boundary = c.boundary.map(|b| BoundaryId(ident(b.as_str())));
            c.position = moved(&c.position);
            if rng.chance(GAP_PERCENT) {
                let configured: Vec<String> = c
                    .properties
                    .iter()
                    .filter(|(_, v)| **v == Value::Bool(true))
                    .map(|(p, _)| p.clone())
                    .collect();
                if !configured.is_empty() {
                    c.properties
                        .remove(&configured[rng.below(configured.len())]);
                }
            }
            ids.push(c.id.clone());
            data.components.push(c);
        }
        let kept = |id: &ComponentId| template.components.iter().take(room).any(|c| c.id == *id);
        let own: Vec<&Flow> = template
            .flows
            .iter()
            .filter(|f| kept(&f.from) && kept(&f.to))
            .collect();
        for f in &own {
            data.flows.push(Flow {
                id: FlowId(ident(f.id.as_str())),
                from: ComponentId(ident(f.from.as_str())),
                to: ComponentId(ident(f.to.as_str())),
                properties: f.properties.clone(),
            });
        }
        let links = if subsystems.is_empty() { 0 } else { 2 };
        let wanted = 2 * ids.len();
        let responses = wanted.saturating_sub(own.len() + links);
        for r in 0..responses.min(own.len()) {
            let f = own[rng.below(own.len())];
            data.flows.push(Flow {
                id: FlowId(ident(&format!("response-{r}"))),
                from: ComponentId(ident(f.to.as_str())),
                to: ComponentId(ident(f.from.as_str())),
                properties: Properties::new(),
            });
        }
        for l in 0..links {
            let back = 1 + rng.below(LINK_SPAN.min(subsystems.len()));
            let other = &subsystems[subsystems.len() - back];
            data.flows.push(Flow {
                id: FlowId(ident(&format!("link-{l}"))),
                from: ids[rng.below(ids.len())].clone(),
                to: other[rng.below(other.len())].clone(),
                properties: Properties::new(),
            });
        }
        subsystems.push(ids);
        k += 1;
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Architecture;

    #[test]
    fn generated_systems_are_valid_and_the_same_for_the_same_seed() {
        let data = generated_systems(1_000, 7);
        assert_eq!(data.components.len(), 1_000);
        let flows = data.flows.len();
        assert!((1_800..=2_100).contains(&flows), "{flows} flows");
        assert_eq!(data, generated_systems(1_000, 7));
        assert_ne!(data, generated_systems(1_000, 8));
        Architecture::from_data(data).expect("generated systems are valid");
    }

    #[test]
    fn generated_systems_have_few_findings_like_the_templates() {
        let arch = Architecture::from_data(generated_systems(2_000, 1))
            .expect("generated systems are valid");
        let findings = crate::engine::evaluate(&arch, crate::engine::Pack::builtin()).len();
        // The templates have 2–8 findings per 25 components; the gaps and links add some.
        assert!(
            (40..=1_000).contains(&findings),
            "{findings} findings for 2,000 components"
        );
    }
}
