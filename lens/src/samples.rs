//! Small built-in architectures: the sample the app opens on, and a starting point for tests.

use crate::model::{ArchitectureData, Component, Flow, Position, Properties, Value};

mod generated;
mod systems;
pub use generated::generated;
pub use systems::generated_systems;

fn component(
    id: &str,
    kind: &str,
    label: &str,
    x: f64,
    y: f64,
    props: &[(&str, Value)],
) -> Component {
    Component {
        id: id.into(),
        kind: kind.into(),
        preset: None,
        label: label.into(),
        boundary: None,
        properties: props
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        position: Some(Position { x, y }),
    }
}

fn flow(id: &str, from: &str, to: &str) -> Flow {
    Flow {
        id: id.into(),
        from: from.into(),
        to: to.into(),
        properties: Properties::new(),
    }
}

/// A small support assistant: a user, a chat app, an agent, a model endpoint and a vector store.
pub fn support_assistant() -> ArchitectureData {
    ArchitectureData {
        name: "Support assistant".into(),
        boundaries: Vec::new(),
        components: vec![
            component("user", "user", "Customer", 0.0, 100.0, &[]),
            component("chat", "client_app", "Chat UI", 220.0, 100.0, &[]),
            component("agent", "agent", "Support agent", 440.0, 100.0, &[]),
            component(
                "llm",
                "model_endpoint",
                "Claude on Bedrock",
                660.0,
                40.0,
                &[("provider", Value::Text("amazon_bedrock".into()))],
            ),
            component(
                "vectors",
                "vector_store",
                "Product docs index",
                660.0,
                180.0,
                &[],
            ),
        ],
        flows: vec![
            flow("f1", "user", "chat"),
            flow("f2", "chat", "agent"),
            flow("f3", "agent", "llm"),
            flow("f4", "agent", "vectors"),
        ],
    }
}
