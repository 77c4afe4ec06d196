//! The plain data of an architecture, shaped exactly like the interchange JSON of
//! `docs/FORMAT.md` (field order matters: it is the export order).

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(transparent)]
        pub struct $name(#[schemars(length(min = 1, max = 128))] pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }
    };
}

id_type!(
    /// The id of a component, chosen by the author of the architecture; stable across edits.
    ComponentId
);
id_type!(
    /// The id of a flow (a directed edge between two components).
    FlowId
);
id_type!(
    /// The id of a boundary (a trust zone drawn as a container).
    BoundaryId
);

/// A property value: booleans, numbers, strings, or one of an enum's values (stored as its string).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl Value {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Property id → value, ordered by id so that export is deterministic.
pub type Properties = BTreeMap<String, Value>;

/// Where a component sits on the canvas. Optional: a missing one is laid out automatically.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[schemars(deny_unknown_fields)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

/// The size of a boundary on the canvas. Optional, like positions: a boundary without one is
/// sized around its members automatically.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[schemars(deny_unknown_fields)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// How much a boundary is trusted, from least to most.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Trust {
    Internet,
    ThirdParty,
    Dmz,
    Tenant,
    Private,
}

impl Trust {
    /// The trust level's id in files (`third_party`).
    pub fn id(self) -> &'static str {
        match self {
            Trust::Internet => "internet",
            Trust::ThirdParty => "third_party",
            Trust::Dmz => "dmz",
            Trust::Tenant => "tenant",
            Trust::Private => "private",
        }
    }

    /// The trust level's rank: a flow into a zone of higher rank enters a zone of higher trust.
    /// `third_party` ranks above the internet but below our own zones.
    pub fn rank(self) -> u8 {
        match self {
            Trust::Internet => 0,
            Trust::ThirdParty => 1,
            Trust::Dmz => 2,
            Trust::Tenant => 3,
            Trust::Private => 4,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
/// A trust zone drawn as a container. Components belong to at most one boundary; boundaries
/// may nest (through `parent`) but never inside themselves.
#[schemars(deny_unknown_fields)]
pub struct Boundary {
    pub id: BoundaryId,
    #[schemars(length(max = 4096))]
    pub label: String,
    pub trust: Trust,
    /// The boundary this one is drawn inside, if any.
    pub parent: Option<BoundaryId>,
    /// Where the boundary's top-left corner sits on the canvas. Optional: a missing one is laid
    /// out automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// The boundary's size on the canvas. Optional, like `position`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Size>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
/// A box on the canvas: a user, an agent, a model endpoint, a vector store, …
#[schemars(deny_unknown_fields)]
pub struct Component {
    pub id: ComponentId,
    /// A kind id of the catalog (`model_endpoint`, `guardrail`, …).
    pub kind: String,
    /// The service preset the component was drawn from (`bedrock_guardrails`, …; see
    /// `lens/catalog/presets.toml`), a preset of the same kind. Optional: it names the service and
    /// the questions to answer for it, and the rules never read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    #[schemars(length(max = 4096))]
    pub label: String,
    /// The innermost boundary the component sits in, if any.
    pub boundary: Option<BoundaryId>,
    /// Property id → value; the properties of the component's kind in the catalog. A property
    /// that is not set has its catalog default.
    pub properties: Properties,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
/// A directed edge: data or requests travel from `from` to `to`.
#[schemars(deny_unknown_fields)]
pub struct Flow {
    pub id: FlowId,
    pub from: ComponentId,
    pub to: ComponentId,
    /// Flow property id → value (`encrypted`, `authenticated`, `carries`, `label`).
    pub properties: Properties,
}

/// An architecture as plain data, in the interchange order (arrays sorted by id on export).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArchitectureData {
    pub name: String,
    pub boundaries: Vec<Boundary>,
    pub components: Vec<Component>,
    pub flows: Vec<Flow>,
}
