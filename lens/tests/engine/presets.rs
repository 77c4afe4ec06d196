//! Service presets are a drawing aid: a review drawn with presets evaluates exactly like the same
//! review drawn with the generic kinds and the properties the presets guarantee.

use lens::catalog::{Catalog, PresetSpec};
use lens::engine::{evaluate, Finding, Pack};
use lens::json::import_architecture;
use lens::model::{Architecture, ArchitectureData, Component, ComponentId, Flow, FlowId};

/// Both drawings of `data`: as given (with its presets) and with every preset id removed.
fn both(data: &ArchitectureData) -> (Vec<Finding>, Vec<Finding>) {
    let mut generic = data.clone();
    for c in &mut generic.components {
        c.preset = None;
    }
    let run = |d: ArchitectureData| {
        let arch = Architecture::from_data_checked(d).expect("a valid architecture");
        evaluate(&arch, Pack::builtin())
    };
    (run(data.clone()), run(generic))
}

fn flow(n: usize, from: &ComponentId, to: &ComponentId) -> Flow {
    Flow {
        id: FlowId(format!("f{n:02}")),
        from: from.clone(),
        to: to.clone(),
        properties: Default::default(),
    }
}

/// Every preset once, drawn only with presets, behind an untrusted user: each component calls
/// the next in palette order, so path rules (guardrails, throttling, authentication) see them.
fn every_preset_in_a_chain() -> ArchitectureData {
    let catalog = Catalog::builtin();
    let mut data = ArchitectureData {
        name: "every service".into(),
        ..Default::default()
    };
    let user = Component {
        id: ComponentId("user".into()),
        kind: "user".into(),
        preset: None,
        label: "User".into(),
        boundary: None,
        properties: Default::default(),
        position: None,
    };
    let mut previous = user.id.clone();
    data.components.push(user);
    for (n, p) in catalog.presets().iter().enumerate() {
        let c = p.component(ComponentId(p.id.clone()));
        data.flows.push(flow(n, &previous, &c.id));
        previous = c.id.clone();
        data.components.push(c);
    }
    data
}

#[test]
fn a_review_drawn_only_with_presets_evaluates_like_the_generic_kinds_with_the_guaranteed_properties(
) {
    let data = every_preset_in_a_chain();
    let (with_presets, generic) = both(&data);
    assert!(
        with_presets.len() > 20,
        "the chain is a real review with findings to compare ({})",
        with_presets.len()
    );
    assert_eq!(
        with_presets, generic,
        "the rules never read a component's preset"
    );
}

#[test]
fn each_preset_in_the_reference_architecture_evaluates_like_its_generic_drawing() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/reference/agentic-rag-ungoverned.json"
    ))
    .expect("the reference architecture");
    let reference = import_architecture(&text).expect("it imports").to_data();
    let mut compared = 0;
    for preset in Catalog::builtin().presets() {
        let Some(target) = reference
            .components
            .iter()
            .position(|c| c.kind == preset.kind)
        else {
            continue;
        };
        let mut data = reference.clone();
        apply(preset, &mut data.components[target]);
        let (with_presets, generic) = both(&data);
        assert_eq!(with_presets, generic, "preset {}", preset.id);
        compared += 1;
    }
    assert!(
        compared >= 15,
        "most presets have a kind the reference draws ({compared})"
    );
}

/// What dropping `preset` on an existing component of its kind does: its id, its defaults over
/// the component's properties.
fn apply(preset: &PresetSpec, c: &mut Component) {
    c.preset = Some(preset.id.clone());
    for (k, v) in &preset.defaults {
        c.properties.insert(k.clone(), v.clone());
    }
}

#[test]
fn a_preset_states_what_it_guarantees_and_leaves_its_questions_open() {
    // The unstated findings of the chain still ask about what the presets leave to the reviewer:
    // a guardrail preset sets no filter, so the guardrail's questions remain.
    let data = every_preset_in_a_chain();
    let (findings, _) = both(&data);
    let asks_about = |component: &str, property: &str| {
        findings.iter().any(|f| {
            f.components.first().map(ComponentId::as_str) == Some(component)
                && f.unanswered.iter().any(|q| q.property == property)
        })
    };
    assert!(
        asks_about("api_gateway", "authentication") || asks_about("api_gateway", "rate_limiting")
    );
    assert!(asks_about("cognito", "mfa"));
    assert!(
        !findings.iter().any(
            |f| f.components.first().map(ComponentId::as_str) == Some("s3")
                && f.unanswered
                    .iter()
                    .any(|q| q.property == "encryption_at_rest")
        ),
        "S3 always encrypts at rest: no question about it"
    );
}
