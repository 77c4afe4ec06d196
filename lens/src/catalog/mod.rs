//! The component catalog: every component kind, its properties, the flow properties and the
//! boundary trust levels, as data. `docs/CATALOG.md` is its reference, generated from it
//! ([`Catalog::markdown_reference`]).
//!
//! The catalog lives in `lens/catalog/catalog.toml`, compiled into the crate with `include_str!`
//! and parsed once, on first use, into [`Catalog`]. The palette, the inspector form, the JSON
//! validator and the rules all read it through [`Catalog::builtin`] (or [`catalog`]).
//!
//! Two types per concept: the `*File` types mirror the TOML (`deny_unknown_fields`),
//! and compiling them checks every cross-field rule (an enum's default is one of its values, a
//! default has the property's type, ids are unique) so that the rest of the crate can rely on them.
//!
//! Semantics: a property that is not set has its catalog default. A property without a default
//! (`default: None`) is unset, which means unknown; rules treat unknown as not satisfied.

mod markdown;
pub mod presets;
pub mod purpose;
pub(crate) mod vocabulary;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{Component, Flow, Trust, Value};
pub use presets::{PresetFileError, PresetSpec, ServiceIcon, PRESETS_TOML};

/// The text of the built-in catalog, compiled into the binary.
pub const BUILTIN_TOML: &str = include_str!("../../catalog/catalog.toml");

/// The longest text property value, in characters (the same limit as labels).
pub const MAX_TEXT_CHARS: usize = 4096;

/// The component catalog: categories, kinds with their property schemas, flow properties and
/// boundary trust levels. Serializable so that the app can send it to the UI.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Catalog {
    /// Palette categories, in palette order.
    pub categories: Vec<CategorySpec>,
    /// Component kinds, in palette order (grouped by category).
    pub kinds: Vec<KindSpec>,
    /// The properties every flow may carry.
    pub flow_properties: Vec<PropertySpec>,
    /// The trust levels a boundary may have, least trusted first.
    pub boundary_trusts: Vec<TrustSpec>,
    /// AWS services drawn as kinds (`lens/catalog/presets.toml`), in palette order.
    pub presets: Vec<PresetSpec>,
    /// The icons of the presets: our own line drawings.
    pub service_icons: Vec<ServiceIcon>,
}

/// A palette category (`actors`, `models`, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct CategorySpec {
    pub id: String,
    pub label: String,
    pub help: String,
}

/// A component kind (`model_endpoint`, `guardrail`, …) and the properties it may carry.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KindSpec {
    pub id: String,
    pub label: String,
    /// The id of a [`CategorySpec`].
    pub category: String,
    /// A lucide icon name (<https://lucide.dev/icons>).
    pub icon: String,
    /// One line shown in the palette and the inspector.
    pub help: String,
    pub properties: Vec<PropertySpec>,
}

impl KindSpec {
    pub fn property(&self, id: &str) -> Option<&PropertySpec> {
        self.properties.iter().find(|p| p.id == id)
    }
}

/// The schema of one property: its type, default, unit and help.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PropertySpec {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub ty: PropertyType,
    /// The value an unset property has; `None` means unset is unknown.
    pub default: Option<Value>,
    /// The unit of a number (`seconds`, `days`, …).
    pub unit: Option<String>,
    /// One line shown in the inspector.
    pub help: String,
    /// The smallest allowed number.
    pub min: Option<f64>,
    /// Whether a number must be a whole number.
    pub integer: bool,
    /// Display labels of an enum's values, in the order of [`PropertyType::Enum`]; empty otherwise.
    pub value_labels: Vec<String>,
}

/// The type of a property value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "values", rename_all = "snake_case")]
pub enum PropertyType {
    Bool,
    Number,
    Text,
    /// One of these values, stored as text.
    Enum(Vec<String>),
}

impl PropertyType {
    /// What a value of this type looks like, for error messages.
    pub fn expected(&self) -> String {
        match self {
            PropertyType::Bool => "true or false".into(),
            PropertyType::Number => "a number".into(),
            PropertyType::Text => "a string".into(),
            PropertyType::Enum(values) => format!("one of {}", quoted_list(values)),
        }
    }
}

/// A boundary trust level with its label and help.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct TrustSpec {
    #[serde(rename = "id")]
    pub trust: Trust,
    pub label: String,
    pub help: String,
}

/// A value that the catalog does not allow where it was used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    #[error("\"{kind}\" is not a component kind; expected one of {known}")]
    UnknownKind { kind: String, known: String },
    #[error("the kind \"{kind}\" has no property \"{property}\"; its properties are {known}")]
    UnknownProperty {
        kind: String,
        property: String,
        known: String,
    },
    #[error("a flow has no property \"{property}\"; its properties are {known}")]
    UnknownFlowProperty { property: String, known: String },
    #[error("\"{property}\" must be {expected}, found {found}")]
    WrongType {
        property: String,
        expected: String,
        found: String,
    },
    #[error("\"{property}\" must be at least {min}, found {value}")]
    BelowMinimum {
        property: String,
        min: f64,
        value: f64,
    },
    #[error("\"{property}\" must be a whole number, found {value}")]
    NotWhole { property: String, value: f64 },
    #[error("\"{property}\" must be a finite number")]
    NotFinite { property: String },
    #[error("\"{property}\" is {chars} characters long; the limit is {limit}")]
    TextTooLong {
        property: String,
        chars: usize,
        limit: usize,
    },
    #[error("\"{preset}\" is not a service preset; expected one of {known}")]
    UnknownPreset { preset: String, known: String },
    #[error(
        "\"{preset}\" is a preset of \"{preset_kind}\" and cannot be used on a component of kind \"{kind}\""
    )]
    PresetOfOtherKind {
        preset: String,
        preset_kind: String,
        kind: String,
    },
}

impl Catalog {
    /// The catalog compiled into this build.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The built-in catalog is part of the program, not user input; the test
            // `builtin_catalog_parses_and_is_consistent` guarantees this never fails.
            Catalog::from_toml(BUILTIN_TOML)
                .unwrap_or_else(|e| panic!("the built-in catalog is invalid: {e}"))
                .with_presets(PRESETS_TOML)
                .unwrap_or_else(|e| panic!("the built-in presets are invalid: {e}"))
        })
    }

    /// Parses and checks a catalog in the format of `lens/catalog/catalog.toml` (without
    /// presets; add them with [`Catalog::with_presets`]).
    pub fn from_toml(text: &str) -> Result<Catalog, CatalogFileError> {
        let file: CatalogFile = toml::from_str(text)?;
        file.compile()
    }

    pub fn kinds(&self) -> &[KindSpec] {
        &self.kinds
    }
    pub fn categories(&self) -> &[CategorySpec] {
        &self.categories
    }
    pub fn kind(&self, id: &str) -> Option<&KindSpec> {
        self.kinds.iter().find(|k| k.id == id)
    }
    pub fn flow_properties(&self) -> &[PropertySpec] {
        &self.flow_properties
    }
    pub fn flow_property(&self, id: &str) -> Option<&PropertySpec> {
        self.flow_properties.iter().find(|p| p.id == id)
    }
    pub fn boundary_trusts(&self) -> &[TrustSpec] {
        &self.boundary_trusts
    }

    /// Looks up a kind, or says which kinds there are.
    pub fn kind_or_error(&self, kind: &str) -> Result<&KindSpec, CatalogError> {
        self.kind(kind).ok_or_else(|| CatalogError::UnknownKind {
            kind: kind.to_owned(),
            known: quoted_list(self.kinds.iter().map(|k| &k.id)),
        })
    }

    /// Looks up the schema of a component property.
    pub fn property(&self, kind: &str, prop: &str) -> Result<&PropertySpec, CatalogError> {
        let spec = self.kind_or_error(kind)?;
        spec.property(prop)
            .ok_or_else(|| CatalogError::UnknownProperty {
                kind: kind.to_owned(),
                property: prop.to_owned(),
                known: property_list(&spec.properties),
            })
    }

    /// Whether `value` is allowed for property `prop` of a component of kind `kind`.
    pub fn check_value(&self, kind: &str, prop: &str, value: &Value) -> Result<(), CatalogError> {
        self.property(kind, prop)?.check(value)
    }

    /// Whether `value` is allowed for flow property `prop`.
    pub fn check_flow_value(&self, prop: &str, value: &Value) -> Result<(), CatalogError> {
        self.flow_property(prop)
            .ok_or_else(|| CatalogError::UnknownFlowProperty {
                property: prop.to_owned(),
                known: property_list(&self.flow_properties),
            })?
            .check(value)
    }

    /// The value a component's property has: the value set on it, else the catalog default.
    /// `None` means unset and unknown (or a property its kind does not have).
    pub fn effective(&self, component: &Component, prop: &str) -> Option<Value> {
        if let Some(v) = component.properties.get(prop) {
            return Some(v.clone());
        }
        self.kind(&component.kind)?.property(prop)?.default.clone()
    }

    /// The value a flow's property has: the value set on it, else the catalog default.
    pub fn effective_flow(&self, flow: &Flow, prop: &str) -> Option<Value> {
        if let Some(v) = flow.properties.get(prop) {
            return Some(v.clone());
        }
        self.flow_property(prop)?.default.clone()
    }
}

/// The built-in catalog (the same as [`Catalog::builtin`]).
pub fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

impl PropertySpec {
    /// Whether `value` has this property's type and lies within its allowed values.
    pub fn check(&self, value: &Value) -> Result<(), CatalogError> {
        let wrong = || CatalogError::WrongType {
            property: self.id.clone(),
            expected: self.ty.expected(),
            found: describe(value),
        };
        match (&self.ty, value) {
            (PropertyType::Bool, Value::Bool(_)) => Ok(()),
            (PropertyType::Number, Value::Number(n)) => {
                let n = *n;
                if !n.is_finite() {
                    return Err(CatalogError::NotFinite {
                        property: self.id.clone(),
                    });
                }
                if let Some(min) = self.min {
                    if n < min {
                        return Err(CatalogError::BelowMinimum {
                            property: self.id.clone(),
                            min,
                            value: n,
                        });
                    }
                }
                if self.integer && n.fract() != 0.0 {
                    return Err(CatalogError::NotWhole {
                        property: self.id.clone(),
                        value: n,
                    });
                }
                Ok(())
            }
            (PropertyType::Text, Value::Text(s)) => {
                let chars = s.chars().count();
                if chars > MAX_TEXT_CHARS {
                    return Err(CatalogError::TextTooLong {
                        property: self.id.clone(),
                        chars,
                        limit: MAX_TEXT_CHARS,
                    });
                }
                Ok(())
            }
            (PropertyType::Enum(values), Value::Text(s)) if values.iter().any(|v| v == s) => Ok(()),
            _ => Err(wrong()),
        }
    }

    /// The display label of an enum value, falling back to the value itself.
    pub fn value_label<'a>(&'a self, value: &'a str) -> &'a str {
        match &self.ty {
            PropertyType::Enum(values) => values
                .iter()
                .position(|v| v == value)
                .and_then(|i| self.value_labels.get(i))
                .map_or(value, String::as_str),
            _ => value,
        }
    }
}

/// A value as an error message shows it: `the string "ten"`, `the number 3`, `true`.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::Text(s) => {
            let short: String = s.chars().take(60).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            format!("the string \"{short}{more}\"")
        }
    }
}

fn quoted_list<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    items
        .into_iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn property_list(props: &[PropertySpec]) -> String {
    if props.is_empty() {
        "none".into()
    } else {
        quoted_list(props.iter().map(|p| &p.id))
    }
}

// ---------------------------------------------------------------------------------------------
// The TOML file format, compiled into the types above.

/// Why a catalog file could not be used. Only the built-in catalog is ever read, and a test
/// checks it, so these reach the author of `catalog.toml`, never a user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogFileError {
    #[error("the catalog is not valid: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("category \"{id}\": invalid or duplicate id")]
    Category { id: String },
    #[error("boundary trust {trust:?} is listed twice")]
    DuplicateTrust { trust: Trust },
    #[error("every boundary trust level must be listed")]
    MissingTrust,
    #[error("kind \"{id}\": invalid or duplicate id")]
    Kind { id: String },
    #[error("kind \"{kind}\": unknown category \"{category}\"")]
    UnknownCategory { kind: String, category: String },
    /// A property of a kind (`kind.property`) or of flows (`flows.property`).
    #[error("{at}: {problem}")]
    Property {
        at: String,
        problem: PropertyProblem,
    },
}

/// What is wrong with a property of a catalog file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PropertyProblem {
    #[error("invalid or duplicate property id")]
    Id,
    #[error("enum values must be distinct identifiers")]
    EnumValues,
    #[error("an enum needs `values`")]
    EnumWithoutValues,
    #[error("only an enum has `values`")]
    ValuesWithoutEnum,
    #[error("an enum needs one value label per value")]
    ValueLabels,
    #[error("only an enum has `value_labels`")]
    ValueLabelsWithoutEnum,
    #[error("only a number has `min`, `integer` or `unit`")]
    NumberOnly,
    #[error("the default is not allowed: {0}")]
    Default(CatalogError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    category: Vec<CategorySpec>,
    boundary_trust: Vec<TrustSpec>,
    flow_property: Vec<PropertyFile>,
    /// Properties every kind carries, after its own (free-text notes).
    #[serde(default)]
    component_property: Vec<PropertyFile>,
    kind: Vec<KindFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindFile {
    id: String,
    label: String,
    category: String,
    icon: String,
    help: String,
    #[serde(default)]
    property: Vec<PropertyFile>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum TypeName {
    Bool,
    Number,
    Text,
    Enum,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct PropertyFile {
    id: String,
    label: String,
    #[serde(rename = "type")]
    ty: TypeName,
    values: Option<Vec<String>>,
    value_labels: Option<Vec<String>>,
    default: Option<Value>,
    unit: Option<String>,
    min: Option<f64>,
    #[serde(default)]
    integer: bool,
    help: String,
}

fn is_identifier(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl CatalogFile {
    fn compile(self) -> Result<Catalog, CatalogFileError> {
        let mut category_ids = BTreeSet::new();
        for c in &self.category {
            if !is_identifier(&c.id) || !category_ids.insert(c.id.as_str()) {
                return Err(CatalogFileError::Category { id: c.id.clone() });
            }
        }
        let mut trusts = BTreeSet::new();
        for t in &self.boundary_trust {
            if !trusts.insert(t.trust) {
                return Err(CatalogFileError::DuplicateTrust { trust: t.trust });
            }
        }
        if trusts.len() != 5 {
            return Err(CatalogFileError::MissingTrust);
        }
        let flow_properties = compile_properties("flows", self.flow_property)?;
        let mut kind_ids = BTreeSet::new();
        let mut kinds = Vec::with_capacity(self.kind.len());
        for k in self.kind {
            if !is_identifier(&k.id) || !kind_ids.insert(k.id.clone()) {
                return Err(CatalogFileError::Kind { id: k.id });
            }
            if !category_ids.contains(k.category.as_str()) {
                return Err(CatalogFileError::UnknownCategory {
                    kind: k.id,
                    category: k.category,
                });
            }
            let mut own = k.property;
            own.extend(self.component_property.iter().cloned());
            let properties = compile_properties(&k.id, own)?;
            kinds.push(KindSpec {
                id: k.id,
                label: k.label,
                category: k.category,
                icon: k.icon,
                help: k.help,
                properties,
            });
        }
        Ok(Catalog {
            categories: self.category,
            kinds,
            flow_properties,
            boundary_trusts: self.boundary_trust,
            presets: Vec::new(),
            service_icons: Vec::new(),
        })
    }
}

fn compile_properties(
    owner: &str,
    props: Vec<PropertyFile>,
) -> Result<Vec<PropertySpec>, CatalogFileError> {
    let mut ids = BTreeSet::new();
    let mut out = Vec::with_capacity(props.len());
    for p in props {
        let at = format!("{owner}.{}", p.id);
        let problem = |problem| CatalogFileError::Property {
            at: at.clone(),
            problem,
        };
        if !is_identifier(&p.id) || !ids.insert(p.id.clone()) {
            return Err(problem(PropertyProblem::Id));
        }
        let ty = match (p.ty, p.values) {
            (TypeName::Enum, Some(values)) if !values.is_empty() => {
                let distinct: BTreeSet<&String> = values.iter().collect();
                if distinct.len() != values.len() || !values.iter().all(|v| is_identifier(v)) {
                    return Err(problem(PropertyProblem::EnumValues));
                }
                PropertyType::Enum(values)
            }
            (TypeName::Enum, _) => return Err(problem(PropertyProblem::EnumWithoutValues)),
            (_, Some(_)) => return Err(problem(PropertyProblem::ValuesWithoutEnum)),
            (TypeName::Bool, None) => PropertyType::Bool,
            (TypeName::Number, None) => PropertyType::Number,
            (TypeName::Text, None) => PropertyType::Text,
        };
        let value_labels = match (&ty, p.value_labels) {
            (PropertyType::Enum(values), Some(labels)) if labels.len() == values.len() => labels,
            (PropertyType::Enum(_), _) => return Err(problem(PropertyProblem::ValueLabels)),
            (_, None) => Vec::new(),
            (_, Some(_)) => return Err(problem(PropertyProblem::ValueLabelsWithoutEnum)),
        };
        if (p.min.is_some() || p.integer || p.unit.is_some()) && ty != PropertyType::Number {
            return Err(problem(PropertyProblem::NumberOnly));
        }
        let spec = PropertySpec {
            id: p.id,
            label: p.label,
            ty,
            default: p.default,
            unit: p.unit,
            help: p.help,
            min: p.min,
            integer: p.integer,
            value_labels,
        };
        if let Some(d) = &spec.default {
            spec.check(d)
                .map_err(|e| problem(PropertyProblem::Default(e)))?;
        }
        out.push(spec);
    }
    Ok(out)
}

/// The TOML of a catalog with one category (`category`, an inline table whose id is `a`), every
/// trust level, no flow properties and one kind `k` of that category; `kind_rest` goes after the
/// kind's id, label, category and icon (its help and properties).
#[cfg(test)]
fn one_kind_catalog(category: &str, kind_rest: &str) -> String {
    format!(
        r#"
        category = [{category}]
        boundary_trust = [
          {{ id = "internet", label = "", help = "" }}, {{ id = "third_party", label = "", help = "" }},
          {{ id = "dmz", label = "", help = "" }}, {{ id = "tenant", label = "", help = "" }},
          {{ id = "private", label = "", help = "" }},
        ]
        flow_property = []
        [[kind]]
        id = "k"
        label = "K"
        category = "a"
        icon = "x"
        {kind_rest}
        "#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kind id, its category, and its properties with their published defaults.
    type PublishedKind = (
        &'static str,
        &'static str,
        &'static [(&'static str, Option<&'static str>)],
    );

    /// Every kind and property id of the first published catalog (the interchange contract: ids
    /// are never renamed or removed), with its default then (`None` where it was unset).
    const PUBLISHED: &[PublishedKind] = &[
        ("user", "actors", &[("trust", Some("untrusted"))]),
        ("external_system", "actors", &[("trust", Some("untrusted"))]),
        (
            "client_app",
            "interfaces",
            &[("authentication", Some("false"))],
        ),
        (
            "api_gateway",
            "interfaces",
            &[
                ("authentication", Some("false")),
                ("rate_limiting", Some("false")),
                ("waf", Some("false")),
            ],
        ),
        ("identity_provider", "interfaces", &[("mfa", Some("false"))]),
        (
            "agent",
            "orchestration",
            &[
                ("role", Some("single")),
                ("max_iterations", None),
                ("timeout_seconds", None),
                ("framework", None),
            ],
        ),
        (
            "orchestrator",
            "orchestration",
            &[("retries", Some("false")), ("timeout_seconds", None)],
        ),
        (
            "service",
            "compute",
            &[
                ("serverless", Some("false")),
                ("autoscaling", Some("false")),
                ("least_privilege", Some("false")),
            ],
        ),
        (
            "tool",
            "tools",
            &[
                ("side_effects", Some("read_only")),
                ("requires_approval", Some("false")),
                ("least_privilege", Some("false")),
            ],
        ),
        (
            "mcp_server",
            "tools",
            &[
                ("authentication", Some("false")),
                ("tool_allowlist", Some("false")),
                ("side_effects", Some("read_only")),
            ],
        ),
        (
            "code_interpreter",
            "tools",
            &[
                ("sandboxed", Some("false")),
                ("network_access", Some("true")),
            ],
        ),
        (
            "model_endpoint",
            "models",
            &[
                ("provider", Some("amazon_bedrock")),
                ("model", None),
                ("fallback", Some("false")),
                ("cross_region", Some("false")),
                ("throughput", Some("on_demand")),
                ("invocation_logging", Some("false")),
                ("guardrail_enforced", Some("false")),
                ("model_size", Some("unknown")),
            ],
        ),
        (
            "model_router",
            "models",
            &[("routes_by_complexity", Some("true"))],
        ),
        (
            "embedding_model",
            "models",
            &[
                ("provider", Some("amazon_bedrock")),
                ("model", None),
                ("invocation_logging", Some("false")),
            ],
        ),
        (
            "training_job",
            "models",
            &[
                ("provider", Some("sagemaker_ai")),
                ("checkpointing", Some("false")),
                ("auto_resume", Some("false")),
                ("data_validation", Some("false")),
                ("parameter_efficient", Some("false")),
            ],
        ),
        (
            "guardrail",
            "safety",
            &[
                ("input_filtering", Some("true")),
                ("output_filtering", Some("true")),
                ("pii_redaction", Some("false")),
                ("grounding_check", Some("false")),
                ("denied_topics", Some("false")),
            ],
        ),
        ("human_review", "safety", &[]),
        (
            "knowledge_base",
            "knowledge",
            &[
                ("access_filtering", Some("false")),
                ("sync_schedule", Some("false")),
            ],
        ),
        (
            "vector_store",
            "knowledge",
            &[
                ("encryption_at_rest", Some("false")),
                ("tenant_isolation", Some("none")),
                ("backups", Some("false")),
            ],
        ),
        (
            "search_index",
            "knowledge",
            &[("permission_aware", Some("false"))],
        ),
        (
            "data_source",
            "knowledge",
            &[
                ("classification", Some("internal")),
                ("contains_pii", Some("false")),
            ],
        ),
        (
            "ingestion_pipeline",
            "knowledge",
            &[
                ("pii_redaction", Some("false")),
                ("validation", Some("false")),
            ],
        ),
        ("prompt_catalog", "data", &[("versioned", Some("false"))]),
        (
            "memory_store",
            "data",
            &[
                ("retention_days", None),
                ("encryption_at_rest", Some("false")),
                ("tenant_isolation", Some("none")),
            ],
        ),
        (
            "cache",
            "data",
            &[("semantic", Some("false")), ("ttl_seconds", None)],
        ),
        (
            "database",
            "data",
            &[
                ("encryption_at_rest", Some("false")),
                ("backups", Some("false")),
            ],
        ),
        (
            "object_store",
            "data",
            &[
                ("encryption_at_rest", Some("false")),
                ("versioning", Some("false")),
            ],
        ),
        ("queue", "data", &[("dead_letter_queue", Some("false"))]),
        (
            "observability",
            "operations",
            &[
                ("tracing", Some("true")),
                ("metrics", Some("true")),
                ("alarms", Some("false")),
            ],
        ),
        (
            "evaluation",
            "operations",
            &[("ground_truth", Some("false")), ("online", Some("false"))],
        ),
        ("secrets_manager", "operations", &[]),
        ("key_management", "operations", &[]),
    ];

    fn render(v: &Value) -> String {
        match v {
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Text(s) => s.clone(),
        }
    }

    #[test]
    fn builtin_catalog_parses_and_is_consistent() {
        let catalog = Catalog::from_toml(BUILTIN_TOML).expect("the built-in catalog must parse");
        assert!(catalog.kinds().len() >= PUBLISHED.len());
    }

    #[test]
    fn every_published_kind_and_property_is_present_with_its_default() {
        let catalog = Catalog::builtin();
        for (kind, category, props) in PUBLISHED {
            let spec = catalog
                .kind(kind)
                .unwrap_or_else(|| panic!("the published kind {kind} is missing"));
            assert_eq!(spec.category, *category, "category of {kind}");
            assert!(!spec.icon.is_empty() && !spec.help.is_empty() && !spec.label.is_empty());
            for (prop, default) in *props {
                let p = spec
                    .property(prop)
                    .unwrap_or_else(|| panic!("the published property {kind}.{prop} is missing"));
                assert_eq!(
                    p.default.as_ref().map(render).as_deref(),
                    *default,
                    "default of {kind}.{prop}"
                );
            }
        }
    }

    #[test]
    fn the_published_enums_have_their_values() {
        let catalog = Catalog::builtin();
        let values = |kind: &str, prop: &str| match &catalog.property(kind, prop).unwrap().ty {
            PropertyType::Enum(v) => v.clone(),
            other => panic!("{kind}.{prop} is {other:?}, not an enum"),
        };
        assert_eq!(
            values("user", "trust"),
            ["untrusted", "authenticated", "internal"]
        );
        assert_eq!(values("agent", "role"), ["single", "supervisor", "worker"]);
        assert_eq!(
            values("tool", "side_effects"),
            ["read_only", "writes", "irreversible", "unknown"]
        );
        assert_eq!(
            values("model_endpoint", "provider"),
            [
                "amazon_bedrock",
                "sagemaker_ai",
                "sagemaker_hyperpod",
                "self_hosted",
                "third_party"
            ]
        );
        assert_eq!(
            values("model_endpoint", "model_size"),
            ["small", "medium", "large", "unknown"]
        );
        assert_eq!(
            values("vector_store", "tenant_isolation"),
            ["none", "metadata_filter", "index_per_tenant"]
        );
        assert_eq!(
            values("data_source", "classification"),
            ["public", "internal", "confidential", "regulated"]
        );
        assert_eq!(
            values("training_job", "provider"),
            [
                "sagemaker_hyperpod",
                "sagemaker_ai",
                "amazon_bedrock",
                "self_managed"
            ]
        );
    }

    #[test]
    fn every_default_is_an_allowed_value_of_its_property() {
        let catalog = Catalog::builtin();
        let all = catalog
            .kinds()
            .iter()
            .flat_map(|k| k.properties.iter())
            .chain(catalog.flow_properties());
        for p in all {
            if let Some(d) = &p.default {
                p.check(d).unwrap_or_else(|e| panic!("{}: {e}", p.id));
            }
            if let PropertyType::Enum(values) = &p.ty {
                // A flow's purpose, unset, is decided by the kinds it joins (`purpose`).
                assert!(
                    p.default.is_some() || p.id == "purpose",
                    "enum {} needs a default",
                    p.id
                );
                assert_eq!(values.len(), p.value_labels.len(), "labels of {}", p.id);
            }
        }
    }

    #[test]
    fn every_kind_carries_free_text_notes_after_its_own_properties() {
        for k in Catalog::builtin().kinds() {
            let last = k
                .properties
                .last()
                .map(|p| (p.id.as_str(), &p.ty, &p.default));
            assert_eq!(
                last,
                Some(("notes", &PropertyType::Text, &None)),
                "{}: notes come from `component_property`, after the kind's own",
                k.id
            );
        }
    }

    #[test]
    fn every_kind_has_a_known_category() {
        let catalog = Catalog::builtin();
        for k in catalog.kinds() {
            assert!(
                catalog.categories().iter().any(|c| c.id == k.category),
                "{}",
                k.id
            );
        }
    }

    #[test]
    fn the_flow_properties_and_boundary_trusts_are_the_published_ones() {
        let catalog = Catalog::builtin();
        let ids: Vec<&str> = catalog
            .flow_properties()
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "encrypted",
                "authenticated",
                "carries",
                "purpose",
                "label",
                "notes"
            ]
        );
        assert_eq!(
            catalog.flow_property("carries").unwrap().default,
            Some(Value::Text("internal".into()))
        );
        assert_eq!(
            catalog.flow_property("label").unwrap().ty,
            PropertyType::Text
        );
        let trusts: Vec<Trust> = catalog.boundary_trusts().iter().map(|t| t.trust).collect();
        assert_eq!(
            trusts,
            [
                Trust::Internet,
                Trust::ThirdParty,
                Trust::Dmz,
                Trust::Tenant,
                Trust::Private
            ],
            "least trusted first, in rank order"
        );
    }

    #[test]
    fn embedding_models_share_the_provider_and_logging_properties_of_model_endpoints() {
        let catalog = Catalog::builtin();
        let endpoint = catalog.kind("model_endpoint").unwrap();
        let embedding = catalog.kind("embedding_model").unwrap();
        for prop in [
            "provider",
            "model",
            "invocation_logging",
            "throughput",
            "cross_region",
        ] {
            assert_eq!(
                endpoint.property(prop).map(|p| (&p.ty, &p.default)),
                embedding.property(prop).map(|p| (&p.ty, &p.default)),
                "{prop}"
            );
        }
    }

    #[test]
    fn check_value_accepts_the_right_type_and_rejects_the_rest() {
        let c = Catalog::builtin();
        assert_eq!(
            c.check_value("agent", "max_iterations", &Value::Number(10.0)),
            Ok(())
        );
        assert_eq!(
            c.check_value("agent", "role", &Value::Text("supervisor".into())),
            Ok(())
        );
        let err = c
            .check_value("agent", "max_iterations", &Value::Text("ten".into()))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"max_iterations\" must be a number, found the string \"ten\""
        );
        let err = c
            .check_value("agent", "role", &Value::Text("boss".into()))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"role\" must be one of \"single\", \"supervisor\", \"worker\", found the string \"boss\""
        );
        assert!(matches!(
            c.check_value("agent", "max_iterations", &Value::Number(2.5)),
            Err(CatalogError::NotWhole { .. })
        ));
        assert!(matches!(
            c.check_value("agent", "max_iterations", &Value::Number(0.0)),
            Err(CatalogError::BelowMinimum { .. })
        ));
        assert!(matches!(
            c.check_value("agent", "timeout_seconds", &Value::Number(f64::NAN)),
            Err(CatalogError::NotFinite { .. })
        ));
        assert!(matches!(
            c.check_value("agent", "wings", &Value::Bool(true)),
            Err(CatalogError::UnknownProperty { .. })
        ));
        assert!(matches!(
            c.check_value("dragon", "wings", &Value::Bool(true)),
            Err(CatalogError::UnknownKind { .. })
        ));
        assert!(matches!(
            c.check_flow_value("encrypted", &Value::Text("yes".into())),
            Err(CatalogError::WrongType { .. })
        ));
        assert!(matches!(
            c.check_flow_value("speed", &Value::Number(1.0)),
            Err(CatalogError::UnknownFlowProperty { .. })
        ));
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        assert!(matches!(
            c.check_value("agent", "framework", &Value::Text(long)),
            Err(CatalogError::TextTooLong { .. })
        ));
    }

    #[test]
    fn effective_is_the_set_value_else_the_default_else_unknown() {
        let c = Catalog::builtin();
        let mut agent = Component {
            id: "a".into(),
            kind: "agent".into(),
            preset: None,
            label: "Agent".into(),
            boundary: None,
            properties: Default::default(),
            position: None,
        };
        assert_eq!(
            c.effective(&agent, "role"),
            Some(Value::Text("single".into()))
        );
        assert_eq!(
            c.effective(&agent, "max_iterations"),
            None,
            "unset is unknown"
        );
        agent
            .properties
            .insert("max_iterations".into(), Value::Number(5.0));
        assert_eq!(
            c.effective(&agent, "max_iterations"),
            Some(Value::Number(5.0))
        );
        let flow = Flow {
            id: "f".into(),
            from: "a".into(),
            to: "b".into(),
            properties: Default::default(),
        };
        assert_eq!(
            c.effective_flow(&flow, "encrypted"),
            Some(Value::Bool(false))
        );
        assert_eq!(c.effective_flow(&flow, "label"), None);
    }

    #[test]
    fn a_catalog_whose_enum_default_is_not_a_value_is_rejected() {
        let text = one_kind_catalog(
            r#"{ id = "a", label = "A", help = "" }"#,
            r#"
            help = ""
            [[kind.property]]
            id = "p"
            label = "P"
            type = "enum"
            values = ["x", "y"]
            value_labels = ["X", "Y"]
            default = "z"
            help = ""
        "#,
        );
        let err = Catalog::from_toml(&text).unwrap_err();
        assert!(
            matches!(&err, CatalogFileError::Property { at, problem: PropertyProblem::Default(_) } if at == "k.p"),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .starts_with("k.p: the default is not allowed"),
            "{err}"
        );
    }

    #[test]
    fn the_catalog_serializes_for_the_ui() {
        let json = serde_json::to_value(Catalog::builtin()).unwrap();
        let role = &json["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == "agent")
            .unwrap()["properties"][0];
        assert_eq!(role["type"]["kind"], "enum");
        assert_eq!(role["type"]["values"][1], "supervisor");
        assert_eq!(role["default"], "single");
    }
}
