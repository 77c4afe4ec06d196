//! What a flow is for ([`FlowPurpose`]): its `purpose` property when someone set it, else a
//! default chosen by the kinds of the components it joins, from the table in
//! `lens/catalog/flow_purposes.toml` (data, like the catalog). Rules that follow paths walk
//! requests only: a feedback, telemetry, evaluation, data-sync or configuration flow is not a
//! route by which input reaches a model.

use std::sync::OnceLock;

use serde::Deserialize;

use super::Catalog;
use crate::model::{Flow, Value};

/// The table of defaults, compiled into the binary.
const DEFAULTS_TOML: &str = include_str!("../../catalog/flow_purposes.toml");

/// What a flow is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FlowPurpose {
    /// A call, a prompt, a query, a tool call: the paths input and answers travel.
    Request,
    /// An answer drawn as a flow of its own, back to the caller.
    Response,
    /// Documents or records copied into retrieval, training or another store.
    DataSync,
    /// Logs, metrics and traces.
    Telemetry,
    /// What people say about answers.
    Feedback,
    /// Traffic sampled for evaluation, and the evaluation's own calls and results.
    Evaluation,
    /// Settings, quotas, keys or policies written to a component by what manages it.
    Configuration,
}

impl FlowPurpose {
    pub const ALL: [FlowPurpose; 7] = [
        FlowPurpose::Request,
        FlowPurpose::Response,
        FlowPurpose::DataSync,
        FlowPurpose::Telemetry,
        FlowPurpose::Feedback,
        FlowPurpose::Evaluation,
        FlowPurpose::Configuration,
    ];

    /// The value of the `purpose` property.
    pub fn id(self) -> &'static str {
        match self {
            FlowPurpose::Request => "request",
            FlowPurpose::Response => "response",
            FlowPurpose::DataSync => "data_sync",
            FlowPurpose::Telemetry => "telemetry",
            FlowPurpose::Feedback => "feedback",
            FlowPurpose::Evaluation => "evaluation",
            FlowPurpose::Configuration => "configuration",
        }
    }

    fn from_id(id: &str) -> Option<FlowPurpose> {
        FlowPurpose::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Whether data travels on such a flow (requests, responses and data syncs carry content;
    /// telemetry, feedback, evaluation traffic and configuration are left out of where data is
    /// held).
    pub fn carries_data(self) -> bool {
        matches!(
            self,
            FlowPurpose::Request | FlowPurpose::Response | FlowPurpose::DataSync
        )
    }
}

/// One row of the table: kinds or categories at each end (empty: any) and the purpose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultRow {
    #[serde(default)]
    from: Vec<String>,
    #[serde(default)]
    to: Vec<String>,
    purpose: FlowPurpose,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultsFile {
    default: Vec<DefaultRow>,
}

/// The table of defaults, parsed once. The file is compiled in and checked by a test, so a
/// failure here is a bug in this crate; an unreadable table leaves every flow a request.
fn defaults() -> &'static [DefaultRow] {
    static TABLE: OnceLock<Vec<DefaultRow>> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str::<DefaultsFile>(DEFAULTS_TOML)
            .map(|f| f.default)
            .unwrap_or_default()
    })
}

/// The default purposes by kind numbers (`VocabularyIds::kinds`, one more for kinds outside the
/// catalog): entry `from × (kinds + 1) + to`. Built once, so that deciding the purpose of every
/// flow of a large architecture is an array read per flow.
pub(crate) fn defaults_by_number() -> &'static [FlowPurpose] {
    static TABLE: OnceLock<Vec<FlowPurpose>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let ids = &super::vocabulary::Vocabulary::builtin().ids;
        let mut names = vec![""; ids.kinds.len() + 1];
        for (name, &n) in &ids.kinds {
            names[n] = name.as_str();
        }
        let catalog = Catalog::builtin();
        names
            .iter()
            .flat_map(|from| names.iter().map(move |to| (*from, *to)))
            .map(|(from, to)| catalog.default_flow_purpose(from, to))
            .collect()
    })
}

/// The purpose `flow` states, if it states one.
pub(crate) fn stated(flow: &Flow) -> Option<FlowPurpose> {
    flow.properties
        .get("purpose")
        .and_then(Value::as_text)
        .and_then(FlowPurpose::from_id)
}

impl Catalog {
    /// What a flow from a component of kind `from` to one of kind `to` is for when nobody set
    /// its purpose.
    pub fn default_flow_purpose(&self, from: &str, to: &str) -> FlowPurpose {
        let matches = |names: &[String], kind: &str| {
            let category = self.kind(kind).map(|k| k.category.as_str());
            names.is_empty()
                || names
                    .iter()
                    .any(|n| n == kind || Some(n.as_str()) == category)
        };
        defaults()
            .iter()
            .find(|row| matches(&row.from, from) && matches(&row.to, to))
            .map_or(FlowPurpose::Request, |row| row.purpose)
    }

    /// What `flow` (between components of kinds `from` and `to`) is for: its `purpose` when
    /// someone set it, else the default for the kinds.
    pub fn flow_purpose(&self, flow: &Flow, from: &str, to: &str) -> FlowPurpose {
        stated(flow).unwrap_or_else(|| self.default_flow_purpose(from, to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_of_defaults_names_only_kinds_and_categories_of_the_catalog() {
        let file: DefaultsFile = toml::from_str(DEFAULTS_TOML).expect("the table parses");
        assert!(!file.default.is_empty());
        let catalog = Catalog::builtin();
        for row in &file.default {
            for name in row.from.iter().chain(&row.to) {
                let known = catalog.kind(name).is_some()
                    || catalog.categories.iter().any(|c| &c.id == name);
                assert!(known, "\"{name}\" is neither a kind nor a category");
            }
        }
    }

    #[test]
    fn the_purpose_values_are_the_catalog_property_values() {
        let spec = Catalog::builtin()
            .flow_property("purpose")
            .expect("published");
        let crate::catalog::PropertyType::Enum(values) = &spec.ty else {
            panic!("purpose is an enum");
        };
        let ours: Vec<&str> = FlowPurpose::ALL.iter().map(|p| p.id()).collect();
        assert_eq!(values, &ours);
        assert_eq!(spec.default, None, "unset means: by the kinds it joins");
    }

    #[test]
    fn flows_are_requests_unless_the_kinds_or_the_author_say_otherwise() {
        let c = Catalog::builtin();
        let purpose = |from: &str, to: &str| c.default_flow_purpose(from, to);
        assert_eq!(purpose("user", "client_app"), FlowPurpose::Request);
        assert_eq!(purpose("agent", "model_endpoint"), FlowPurpose::Request);
        assert_eq!(purpose("agent", "observability"), FlowPurpose::Telemetry);
        assert_eq!(purpose("client_app", "evaluation"), FlowPurpose::Feedback);
        assert_eq!(
            purpose("evaluation", "model_endpoint"),
            FlowPurpose::Evaluation
        );
        assert_eq!(
            purpose("data_source", "ingestion_pipeline"),
            FlowPurpose::DataSync
        );
        assert_eq!(
            purpose("ingestion_pipeline", "vector_store"),
            FlowPurpose::DataSync
        );
        assert_eq!(
            purpose("knowledge_base", "vector_store"),
            FlowPurpose::Request
        );
        let mut flow = Flow {
            id: "f".into(),
            from: "a".into(),
            to: "b".into(),
            properties: Default::default(),
        };
        assert_eq!(
            c.flow_purpose(&flow, "agent", "observability"),
            FlowPurpose::Telemetry
        );
        flow.properties
            .insert("purpose".into(), Value::Text("request".into()));
        assert_eq!(
            c.flow_purpose(&flow, "agent", "observability"),
            FlowPurpose::Request,
            "what the author set wins"
        );
    }
}
