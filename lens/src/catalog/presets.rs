//! Service presets: an AWS service drawn as a generic catalog kind, with the service's name, our
//! own icon, the properties the service guarantees and the properties a reviewer must answer for
//! it. They live in `lens/catalog/presets.toml`, beside the catalog, and are compiled against it
//! ([`Catalog::with_presets`]): an unknown kind, property, value or icon is a load error naming
//! the preset and the field.
//!
//! A preset is a drawing aid, not a second vocabulary for the rules: a component created from
//! one is an ordinary component of the preset's kind whose properties hold the preset's defaults,
//! plus the preset's id in [`crate::model::Component::preset`]. The rules never read the id, so a
//! review drawn with presets evaluates exactly like one drawn with generic kinds and the same
//! properties. What keeps presets honest is the principle written at the top of the data file — a
//! preset only sets what the service guarantees by design — and the test below that holds every
//! default of a property a rule reads to a reviewed allow-list.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{is_identifier, quoted_list, Catalog, CatalogError};
use crate::model::{Component, ComponentId, Properties};

/// The text of the built-in presets, compiled into the binary.
pub const PRESETS_TOML: &str = include_str!("../../catalog/presets.toml");

/// An AWS service drawn as a catalog kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PresetSpec {
    /// The stable id stored on components (`bedrock_guardrails`).
    pub id: String,
    /// The service's name (`Amazon Bedrock Guardrails`).
    pub service: String,
    /// The catalog kind a component of this preset has.
    pub kind: String,
    /// The id of a [`ServiceIcon`].
    pub icon: String,
    /// One line shown in the palette and the inspector.
    pub help: String,
    /// What the service guarantees by design, set on every component created from the preset.
    pub defaults: Properties,
    /// The properties of the kind that a reviewer must answer for this service.
    pub to_answer: Vec<String>,
}

impl PresetSpec {
    /// A component of this preset: its kind, the service's name as label, the guaranteed
    /// properties and the preset's id.
    pub fn component(&self, id: ComponentId) -> Component {
        Component {
            id,
            kind: self.kind.clone(),
            preset: Some(self.id.clone()),
            label: self.service.clone(),
            boundary: None,
            properties: self.defaults.clone(),
            position: None,
        }
    }
}

/// One of our own service icons: stroked SVG paths on a 24 × 24 grid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ServiceIcon {
    pub id: String,
    /// SVG path data (`d` attributes): commands, numbers, commas and spaces only, so that it can
    /// be written into an SVG or HTML report as it is.
    pub paths: Vec<String>,
}

/// What is wrong with the presets file; the message names the preset and the field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PresetFileError {
    #[error("the presets file is not valid: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("icon \"{id}\": invalid or duplicate id")]
    IconId { id: String },
    #[error("icon \"{id}\": a path may hold only SVG path commands, numbers, commas and spaces")]
    IconPath { id: String },
    #[error("preset \"{id}\": invalid or duplicate id")]
    Id { id: String },
    #[error("preset \"{preset}\".kind: {source}")]
    Kind {
        preset: String,
        source: Box<CatalogError>,
    },
    #[error("preset \"{preset}\".icon: no icon has the id \"{icon}\"; the icons are {known}")]
    UnknownIcon {
        preset: String,
        icon: String,
        known: String,
    },
    #[error("preset \"{preset}\".defaults.{property}: {source}")]
    Default {
        preset: String,
        property: String,
        source: Box<CatalogError>,
    },
    #[error("preset \"{preset}\".to_answer: {source}")]
    ToAnswer {
        preset: String,
        source: Box<CatalogError>,
    },
    #[error(
        "preset \"{preset}\".to_answer: \"{property}\" is listed twice, or is also a default \
         (a guaranteed property is not a question)"
    )]
    ToAnswerTwice { preset: String, property: String },
    #[error("preset \"{preset}\": a service name and a help line must not be blank")]
    Blank { preset: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetsFile {
    #[serde(default)]
    icon: Vec<ServiceIcon>,
    #[serde(default)]
    preset: Vec<PresetFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetFile {
    id: String,
    service: String,
    kind: String,
    icon: String,
    help: String,
    #[serde(default)]
    to_answer: Vec<String>,
    #[serde(default)]
    defaults: Properties,
}

fn is_path_data(d: &str) -> bool {
    !d.trim().is_empty()
        && d.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, ' ' | ',' | '.' | '-')
                || "MmLlHhVvCcSsQqTtAaZz".contains(c)
        })
}

impl Catalog {
    /// This catalog with the presets of `text` (the format of `lens/catalog/presets.toml`),
    /// each checked against the catalog: kind, default properties and values, the properties to
    /// answer, and the icon.
    pub fn with_presets(mut self, text: &str) -> Result<Catalog, PresetFileError> {
        let file: PresetsFile = toml::from_str(text)?;
        let mut icon_ids = BTreeSet::new();
        for icon in &file.icon {
            if !is_identifier(&icon.id) || !icon_ids.insert(icon.id.clone()) {
                return Err(PresetFileError::IconId {
                    id: icon.id.clone(),
                });
            }
            if icon.paths.is_empty() || !icon.paths.iter().all(|d| is_path_data(d)) {
                return Err(PresetFileError::IconPath {
                    id: icon.id.clone(),
                });
            }
        }
        let mut ids = BTreeSet::new();
        let mut presets = Vec::with_capacity(file.preset.len());
        for p in file.preset {
            if !is_identifier(&p.id) || !ids.insert(p.id.clone()) {
                return Err(PresetFileError::Id { id: p.id });
            }
            let preset = p.id.clone();
            if p.service.trim().is_empty() || p.help.trim().is_empty() {
                return Err(PresetFileError::Blank { preset });
            }
            self.kind_or_error(&p.kind)
                .map_err(|source| PresetFileError::Kind {
                    preset: preset.clone(),
                    source: Box::new(source),
                })?;
            if !icon_ids.contains(&p.icon) {
                return Err(PresetFileError::UnknownIcon {
                    preset,
                    icon: p.icon,
                    known: quoted_list(&icon_ids),
                });
            }
            for (property, value) in &p.defaults {
                self.check_value(&p.kind, property, value)
                    .map_err(|source| PresetFileError::Default {
                        preset: preset.clone(),
                        property: property.clone(),
                        source: Box::new(source),
                    })?;
            }
            let mut asked = BTreeSet::new();
            for property in &p.to_answer {
                self.property(&p.kind, property)
                    .map_err(|source| PresetFileError::ToAnswer {
                        preset: preset.clone(),
                        source: Box::new(source),
                    })?;
                if !asked.insert(property) || p.defaults.contains_key(property) {
                    return Err(PresetFileError::ToAnswerTwice {
                        preset,
                        property: property.clone(),
                    });
                }
            }
            presets.push(PresetSpec {
                id: p.id,
                service: p.service,
                kind: p.kind,
                icon: p.icon,
                help: p.help,
                defaults: p.defaults,
                to_answer: p.to_answer,
            });
        }
        self.presets = presets;
        self.service_icons = file.icon;
        Ok(self)
    }

    pub fn presets(&self) -> &[PresetSpec] {
        &self.presets
    }
    pub fn preset(&self, id: &str) -> Option<&PresetSpec> {
        self.presets.iter().find(|p| p.id == id)
    }
    pub fn service_icon(&self, id: &str) -> Option<&ServiceIcon> {
        self.service_icons.iter().find(|i| i.id == id)
    }

    /// Whether a component of kind `kind` may carry the preset `id`: the preset exists and is
    /// of that kind. An unknown preset is refused like an unknown kind: a file that names one
    /// comes from a newer Lensboard (or was edited by hand), and opening it anyway would show a
    /// service this version cannot describe.
    pub fn check_preset(&self, kind: &str, id: &str) -> Result<&PresetSpec, CatalogError> {
        let preset = self.preset(id).ok_or_else(|| CatalogError::UnknownPreset {
            preset: id.to_owned(),
            known: quoted_list(self.presets.iter().map(|p| &p.id)),
        })?;
        if preset.kind != kind {
            return Err(CatalogError::PresetOfOtherKind {
                preset: id.to_owned(),
                preset_kind: preset.kind.clone(),
                kind: kind.to_owned(),
            });
        }
        Ok(preset)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::engine::Pack;
    use crate::model::Value;

    /// The defaults that set a property some rule reads, each with the reason the service
    /// guarantees it whatever its configuration. Reviewed: add an entry only with such a reason.
    const GUARANTEED: &[(&str, &str, &str)] = &[
        ("bedrock_model", "provider", "it is a Bedrock model: who serves it is the service itself"),
        ("bedrock_cross_region_inference", "provider", "it is a Bedrock model"),
        (
            "bedrock_cross_region_inference",
            "cross_region",
            "a cross-region inference profile routes requests to other Regions by definition",
        ),
        ("sagemaker_endpoint", "provider", "it is a SageMaker AI endpoint"),
        ("sagemaker_hyperpod_training", "provider", "it runs on HyperPod"),
        (
            "opensearch_serverless_vector",
            "encryption_at_rest",
            "a collection cannot be created without a matching encryption policy",
        ),
        (
            "agentcore_memory",
            "encryption_at_rest",
            "AgentCore Memory encrypts stored events with an AWS owned or a customer managed key",
        ),
        (
            "agentcore_code_interpreter",
            "sandboxed",
            "every session runs in an isolated sandbox, whatever the network mode",
        ),
        ("lambda", "serverless", "Lambda is serverless by design"),
        (
            "lambda",
            "autoscaling",
            "Lambda adds execution environments with demand; only concurrency limits cap it",
        ),
        (
            "s3",
            "encryption_at_rest",
            "since January 2023 every new object is encrypted (SSE-S3 at least) and this cannot be disabled",
        ),
        (
            "dynamodb",
            "encryption_at_rest",
            "every DynamoDB table is encrypted at rest and this cannot be disabled",
        ),
    ];

    /// The component properties any rule of the built-in pack reads, by kind.
    fn read_by_rules() -> BTreeSet<(String, String)> {
        let mut read = BTreeSet::new();
        for rule in Pack::builtin().rules() {
            for (condition, on_flows) in &rule.conditions {
                if *on_flows {
                    continue;
                }
                for (kind, _) in &condition.defaults {
                    read.insert((kind.clone(), condition.property.clone()));
                }
            }
        }
        read
    }

    #[test]
    fn the_builtin_presets_load_against_the_catalog() {
        let catalog = Catalog::builtin();
        assert!(
            catalog.presets().len() >= 25,
            "every service of the brief has a preset"
        );
        for p in catalog.presets() {
            assert!(
                catalog.service_icon(&p.icon).is_some(),
                "{} has its icon",
                p.id
            );
        }
    }

    #[test]
    fn a_preset_default_that_a_rule_reads_is_on_the_reviewed_allow_list() {
        let read = read_by_rules();
        let mut used = BTreeSet::new();
        for p in Catalog::builtin().presets() {
            for property in p.defaults.keys() {
                if !read.contains(&(p.kind.clone(), property.clone())) {
                    continue;
                }
                let listed = GUARANTEED
                    .iter()
                    .any(|(preset, prop, _)| *preset == p.id && prop == property);
                assert!(
                    listed,
                    "preset \"{}\" sets \"{property}\", which a rule reads: a preset may set it only \
                     when the service guarantees it by design (add the reason to GUARANTEED after \
                     review, or move it to to_answer)",
                    p.id
                );
                used.insert((p.id.as_str(), property.as_str()));
            }
        }
        for (preset, property, reason) in GUARANTEED {
            assert!(!reason.is_empty());
            assert!(
                used.contains(&(*preset, *property)),
                "the allow-list entry {preset}.{property} is stale: no preset sets it, or no rule reads it"
            );
        }
    }

    #[test]
    fn a_preset_never_turns_off_a_risk_the_catalog_default_would_show() {
        // A guaranteed default may state a control the catalog leaves unknown or false; it must
        // never weaken one (a `false` where the catalog default is `true`).
        let catalog = Catalog::builtin();
        for p in catalog.presets() {
            for (property, value) in &p.defaults {
                let default = catalog
                    .property(&p.kind, property)
                    .ok()
                    .and_then(|s| s.default.clone());
                assert!(
                    !(default == Some(Value::Bool(true)) && *value == Value::Bool(false)),
                    "preset {} turns {property} off",
                    p.id
                );
            }
        }
    }

    fn load(presets: &str) -> Result<Catalog, PresetFileError> {
        Catalog::from_toml(super::super::BUILTIN_TOML)
            .expect("the built-in catalog")
            .with_presets(presets)
    }

    const ICON: &str = "[[icon]]\nid = \"i\"\npaths = [\"M1 1 L2 2\"]\n";

    fn one_preset(rest: &str) -> String {
        format!(
            "{ICON}[[preset]]\nid = \"p\"\nservice = \"S\"\nicon = \"i\"\nhelp = \"h\"\n{rest}\n"
        )
    }

    #[test]
    fn a_preset_of_an_unknown_kind_is_a_clear_load_error() {
        let e = load(&one_preset("kind = \"llama\"")).unwrap_err();
        assert!(matches!(e, PresetFileError::Kind { .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with("preset \"p\".kind: \"llama\" is not a component kind"),
            "{e}"
        );
    }

    #[test]
    fn a_preset_default_of_an_unknown_property_is_a_clear_load_error() {
        let e = load(&one_preset(
            "kind = \"guardrail\"\ndefaults = { encryption_at_rest = true }",
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string().split(';').next(),
            Some("preset \"p\".defaults.encryption_at_rest: the kind \"guardrail\" has no property \"encryption_at_rest\""),
        );
    }

    #[test]
    fn a_preset_default_with_a_value_the_catalog_refuses_is_a_clear_load_error() {
        let e = load(&one_preset(
            "kind = \"model_endpoint\"\ndefaults = { provider = \"openai\" }",
        ))
        .unwrap_err();
        assert!(
            matches!(e, PresetFileError::Default { ref property, .. } if property == "provider"),
            "{e}"
        );
        assert!(e.to_string().contains("\"provider\" must be one of"), "{e}");
    }

    #[test]
    fn a_question_to_answer_must_be_a_property_of_the_kind_and_not_a_default() {
        let e = load(&one_preset("kind = \"guardrail\"\nto_answer = [\"mfa\"]")).unwrap_err();
        assert!(matches!(e, PresetFileError::ToAnswer { .. }), "{e}");
        let e = load(&one_preset(
            "kind = \"object_store\"\nto_answer = [\"encryption_at_rest\"]\ndefaults = { encryption_at_rest = true }",
        ))
        .unwrap_err();
        assert!(matches!(e, PresetFileError::ToAnswerTwice { .. }), "{e}");
    }

    #[test]
    fn unknown_fields_icons_and_unsafe_icon_paths_are_load_errors() {
        let e = load(&one_preset("kind = \"guardrail\"\nfilters = true")).unwrap_err();
        assert!(matches!(e, PresetFileError::Toml(_)), "{e}");
        let e =
            load(&one_preset("kind = \"guardrail\"").replace("icon = \"i\"", "icon = \"nope\""))
                .unwrap_err();
        assert!(e.to_string().contains("no icon has the id \"nope\""), "{e}");
        let e = load("[[icon]]\nid = \"x\"\npaths = [\"M1 1\\\"/><script>\"]\n").unwrap_err();
        assert!(matches!(e, PresetFileError::IconPath { .. }), "{e}");
    }

    #[test]
    fn a_component_carries_a_preset_only_of_its_own_kind() {
        let catalog = Catalog::builtin();
        assert!(catalog.check_preset("object_store", "s3").is_ok());
        let e = catalog.check_preset("database", "s3").unwrap_err();
        assert!(
            e.to_string()
                .contains("\"s3\" is a preset of \"object_store\""),
            "{e}"
        );
        let e = catalog.check_preset("database", "aurora").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("\"aurora\" is not a service preset"),
            "{e}"
        );
    }

    #[test]
    fn every_preset_makes_a_valid_component_of_its_kind() {
        let catalog = Catalog::builtin();
        let kinds: BTreeMap<&str, usize> =
            catalog.presets().iter().fold(BTreeMap::new(), |mut m, p| {
                *m.entry(p.kind.as_str()).or_default() += 1;
                m
            });
        assert!(kinds.len() > 10, "presets cover many kinds: {kinds:?}");
        for p in catalog.presets() {
            let c = p.component(ComponentId("c".into()));
            assert_eq!(c.preset.as_deref(), Some(p.id.as_str()));
            for (k, v) in &c.properties {
                catalog
                    .check_value(&c.kind, k, v)
                    .expect("a checked default");
            }
        }
    }
}
