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

/// The longest label a component may have, in characters.
pub const MAX_LABEL_CHARS: usize = 200;

/// Why a component could not be relabelled. Nothing is changed when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RelabelError {
    #[error("no component has the id \"{0}\"")]
    UnknownComponent(crate::model::ComponentId),
    #[error("a component's label must not be empty")]
    EmptyLabel,
    #[error(
        "a component's label must have at most {MAX_LABEL_CHARS} characters (this one has {0})"
    )]
    LabelTooLong(usize),
}

/// Gives component `id` a new label: trimmed, non-empty, at most [`MAX_LABEL_CHARS`] characters.
pub fn relabel_component(
    data: &mut ArchitectureData,
    id: &crate::model::ComponentId,
    label: &str,
) -> Result<(), RelabelError> {
    let label = label.trim();
    if label.is_empty() {
        return Err(RelabelError::EmptyLabel);
    }
    let chars = label.chars().count();
    if chars > MAX_LABEL_CHARS {
        return Err(RelabelError::LabelTooLong(chars));
    }
    let component = data
        .components
        .iter_mut()
        .find(|c| &c.id == id)
        .ok_or_else(|| RelabelError::UnknownComponent(id.clone()))?;
    component.label = label.to_owned();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComponentId;

    #[test]
    fn relabelling_changes_only_the_named_component() {
        let mut data = support_assistant();
        relabel_component(&mut data, &ComponentId::from("llm"), "  Claude Sonnet  ").unwrap();
        let before = support_assistant();
        for (after, before) in data.components.iter().zip(&before.components) {
            if after.id.as_str() == "llm" {
                assert_eq!(after.label, "Claude Sonnet", "the label is stored trimmed");
            } else {
                assert_eq!(after, before, "other components are untouched");
            }
        }
    }

    #[test]
    fn relabelling_an_unknown_component_is_an_error_and_changes_nothing() {
        let mut data = support_assistant();
        let err = relabel_component(&mut data, &ComponentId::from("nope"), "X").unwrap_err();
        assert_eq!(
            err,
            RelabelError::UnknownComponent(ComponentId::from("nope"))
        );
        assert_eq!(data, support_assistant());
    }

    #[test]
    fn blank_and_overlong_labels_are_rejected() {
        let mut data = support_assistant();
        let id = ComponentId::from("chat");
        assert_eq!(
            relabel_component(&mut data, &id, " \t "),
            Err(RelabelError::EmptyLabel)
        );
        let long = "é".repeat(MAX_LABEL_CHARS + 1);
        assert_eq!(
            relabel_component(&mut data, &id, &long),
            Err(RelabelError::LabelTooLong(MAX_LABEL_CHARS + 1))
        );
        let longest = "é".repeat(MAX_LABEL_CHARS);
        assert_eq!(
            relabel_component(&mut data, &id, &longest),
            Ok(()),
            "the limit counts characters, not bytes"
        );
    }
}
