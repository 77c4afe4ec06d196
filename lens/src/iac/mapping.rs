//! The mapping from infrastructure-as-code resources to catalog kinds, properties and flows, as
//! data (`lens/mapping/cloudformation.toml`, compiled in; a user's file is merged over it).
//!
//! A mapping is a list of `[[resource]]` rules, one per resource type. A rule either draws a
//! component (`kind`, or `kind_by` a property), stands for another resource (`stands_for`: a
//! guardrail version or an agent alias is its guardrail or agent), applies to the resources its
//! text names (`applies_to`: a collection's encryption policy), sets properties on every
//! component of some kinds (`applies_to_kinds`: region-wide model invocation logging; with
//! `models`, only on the models its lists name: an account's enforced guardrail), or draws
//! nothing for a stated reason (`no_component`: roles, permissions). Inside a rule:
//!
//! - `[[resource.property]]` sets a catalog property from a property path of the resource;
//! - `[[resource.reference]]` says what a reference found under a path means as a flow
//!   (INTERCHANGE §2.2: references say who needs whose id, flows say where requests go);
//! - `[[resource.part]]` draws an extra component the resource implies (an agent's model);
//! - `[[resource.item]]` draws a component per element of an inline array (an agent's action
//!   groups), with the same rules inside;
//! - `[[resource.review]]` names a property the template may not settle: unless a rule found its
//!   value in the template, it is reported, and set to `"unknown"` where the catalog allows that
//!   value.
//!
//! A rule places its component in a boundary: `zone` (or `zone_by` a property's value) in the
//! shared zone of that trust (a SaaS source in `third_party`), `network` in the VPC its
//! subnets or security groups name (those resources' own `network` names the VPC).
//!
//! A property rule reads the values at its `path`; with `inside`, the value there is a JSON
//! document written as text (an OpenSearch Serverless policy) and the rule reads inside it. With
//! `every_resource`, several resources set one true/false property together (each method of an
//! API its `authentication`): a `false` from any of them wins.
//!
//! Paths are property names joined by dots, relative to the resource's `Properties` (or to the
//! item). `Name[]` walks every element of an array, `Name[Field=Value,Other!=Value]` only the
//! elements whose fields match (a missing field is "not equal"); a path that starts with a
//! selector without a name (`[State!=DISABLED].Id`) tests the resource (or item) itself.
//!
//! References not covered by a rule, nor under an `ignore` path, nor under a key property
//! (`key_properties`), are drawn holder → target.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::catalog::Catalog;
use crate::model::{Trust, Value};

/// The built-in CloudFormation mapping.
pub const CLOUDFORMATION: &str = include_str!("../../mapping/cloudformation.toml");

/// The built-in mapping of the Terraform AWS provider's types (`aws_*`); the Cloud Control
/// provider's types (`awscc_*`) are the CloudFormation mapping renamed ([`Mapping::awscc`]).
pub const TERRAFORM: &str = include_str!("../../mapping/terraform.toml");

/// A mapping file as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Property names that hold an encryption key: a reference under one of them draws
    /// key → holder, and sets `key_sets` on the holder where its kind has those properties.
    #[serde(default)]
    pub key_properties: Vec<String>,
    /// What a key reference sets on its holder (where the holder's kind has the property).
    #[serde(default)]
    pub key_sets: BTreeMap<String, Value>,
    #[serde(default, rename = "resource")]
    pub resources: Vec<ComponentRule>,
}

/// The rule of a resource type, of an inline item or of a part (see the module docs for which
/// fields apply where; [`Mapping::validate`] checks them).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentRule {
    /// The resource type (`AWS::Bedrock::Agent`); resources only.
    #[serde(rename = "type")]
    pub resource_type: Option<String>,
    /// The kind of the component drawn.
    pub kind: Option<String>,
    /// The kind chosen by a property's value (else `kind`).
    pub kind_by: Option<KindBy>,
    /// The path of the reference naming the resource this one stands for.
    pub stands_for: Option<String>,
    /// Why this resource draws no component.
    pub no_component: Option<String>,
    /// The resource is a policy of other resources, named in its text: its references are
    /// theirs (an OpenSearch Serverless encryption policy and the collections it covers).
    pub applies_to: Option<AppliesTo>,
    /// The resource is a setting of every component of these kinds whose properties match
    /// (Bedrock's region-wide model invocation logging): its `fixed` values and property rules
    /// set their properties.
    pub applies_to_kinds: Option<AppliesToKinds>,
    /// Items: the path of the array elements (with selectors); parts: a path that must be
    /// present for the part to be drawn.
    pub path: Option<String>,
    /// Items: the field of the element that names the component.
    pub name: Option<String>,
    /// Parts: the suffix of the part's id (`SupportAgent_model`).
    pub suffix: Option<String>,
    /// Parts and items: the flow between the holder and this component.
    pub flow: Option<Direction>,
    /// Properties set whatever the template says (a collection is always encrypted).
    #[serde(default)]
    pub fixed: BTreeMap<String, Value>,
    #[serde(default, rename = "property")]
    pub properties: Vec<PropertyRule>,
    #[serde(default, rename = "reference")]
    pub references: Vec<ReferenceRule>,
    #[serde(default, rename = "part")]
    pub parts: Vec<ComponentRule>,
    #[serde(default, rename = "item")]
    pub items: Vec<ComponentRule>,
    #[serde(default, rename = "review")]
    pub reviews: Vec<ReviewRule>,
    /// Paths whose references draw no flow (roles given as parameters, names).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The component sits in the shared boundary of this trust (a SaaS the template connects
    /// to: `third_party`).
    pub zone: Option<Trust>,
    /// The trust of that boundary chosen by a property's value (else `zone`, else none).
    pub zone_by: Option<ZoneBy>,
    /// Paths whose references name the network (VPC) the resource runs in, tried in order: a
    /// subnet or security group (whose own `network` names its VPC), the VPC itself, or a
    /// parameter holding subnet ids. The component is drawn in a boundary for that network.
    #[serde(default)]
    pub network: Vec<String>,
}

/// The zone chosen by the value at `path`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneBy {
    pub path: String,
    pub values: BTreeMap<String, Trust>,
}

/// Which resources a policy covers: those of `type` whose `name` property, after `prefix`,
/// appears in the text at `path` (`collection/kb-vectors`; a trailing `*` matches a name prefix).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppliesTo {
    #[serde(rename = "type")]
    pub resource_type: String,
    pub name: String,
    pub path: String,
    pub prefix: String,
}

/// Which components a region-wide setting covers: those of `kinds` whose properties have the
/// values of `where` (and, with `models`, whose model its lists name).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppliesToKinds {
    pub kinds: Vec<String>,
    #[serde(default, rename = "where")]
    pub matching: BTreeMap<String, Value>,
    /// Only the components whose model the setting's lists cover (Bedrock's enforced
    /// guardrails name the models they apply to and the models they leave out).
    pub models: Option<ModelLists>,
    /// The path that names what the setting brings to the components it covers (the guardrail
    /// an enforced configuration applies): recorded in the report, drawn as nothing. Give it in
    /// `ignore` too, so that its reference draws no flow from the covered components.
    pub names: Option<String>,
}

/// The lists of models a setting covers and leaves out, read from the resource.
///
/// A model is named by an entry equal to its model id, or that its id (an ARN) ends with after
/// a `/`. An absent or empty `included` list, or an entry of `all`, covers every model; an entry
/// of `excluded` wins over `included`. A list the template does not settle (an intrinsic
/// function, a value unknown until apply) covers nothing and is reported.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelLists {
    /// The property of the covered components that holds their model id (`model`).
    pub property: String,
    /// The path of the list of models covered.
    pub included: String,
    /// The path of the list of models left out.
    pub excluded: String,
    /// The entries of `included` that stand for every model (`ALL`).
    #[serde(default)]
    pub all: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindBy {
    pub path: String,
    pub values: BTreeMap<String, String>,
}

/// Which way a flow goes between the holder of a reference (or of a part or item) and the other
/// component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// holder → target.
    To,
    /// target → holder.
    From,
    /// holder → every component the target sends requests to (a data source feeds what its
    /// knowledge base writes to and embeds with).
    ToTargetsOf,
    /// No flow: the reference only says something about the holder.
    None,
}

/// Sets one catalog property from the values found at `path`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyRule {
    pub path: String,
    pub prop: String,
    /// The value set when the condition holds (when no condition: when the path is present).
    pub value: Option<Value>,
    /// The condition: a value found is one of these.
    pub any_of: Option<Vec<String>>,
    /// The condition: a value found is none of these.
    pub none_of: Option<Vec<String>>,
    /// The condition: a value found contains one of these texts (a `Fn::Sub` is read as
    /// written): an ARN's resource type.
    pub contains: Option<Vec<String>>,
    /// The condition must hold for every value found (and one at least), not for one.
    #[serde(default)]
    pub every: bool,
    /// Copies the value found instead of setting `value`.
    pub copy: Option<Copy>,
    /// The value set when nothing found satisfies the condition.
    pub otherwise: Option<Value>,
    /// The value found is a JSON document written as text (an OpenSearch Serverless policy, a
    /// `Fn::Sub` of one): the rule reads the values at this path inside it instead.
    pub inside: Option<String>,
    /// Several resources set this true/false property of one component (each method of an
    /// API sets its `authentication`): it is true only if every one says true, so a `false`
    /// wins over a `true` whatever the order they are read in.
    #[serde(default)]
    pub every_resource: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Copy {
    Text,
    Number,
    /// An inline OpenAPI document (JSON or YAML text): `writes` when an operation is POST, PUT,
    /// PATCH or DELETE, `read_only` when every operation only reads (GET, HEAD, OPTIONS).
    OpenapiSideEffects,
}

/// What references found under `path` mean.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRule {
    pub path: String,
    pub flow: Direction,
    /// Draws the target on the path from the holder to this part (holder → target → part)
    /// instead of holder → part: a guardrail between an agent and its model.
    pub via_part: Option<String>,
    /// The target is drawn as this kind (an S3 bucket that feeds a knowledge base is its data
    /// source).
    pub target_kind: Option<String>,
    /// The target is folded into the holder when nothing else refers to it (a Lambda function
    /// that only implements an action group is the tool); these rules read the target.
    pub fold: Option<Vec<PropertyRule>>,
}

/// A property the template cannot settle.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRule {
    pub prop: String,
    pub reason: String,
}

/// A mapping that does not fit the catalog or its own format.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    #[error("the mapping {origin} is not valid TOML: {source}")]
    Syntax {
        origin: String,
        source: Box<toml::de::Error>,
    },
    #[error("the mapping {origin} does not fit the catalog: {}", problems.join("; "))]
    Invalid {
        origin: String,
        problems: Vec<String>,
    },
}

/// Reads a mapping file of any format (TOML) and checks it with `validate`, which lists the
/// problems; `origin` names the file in errors.
pub(crate) fn parse_checked<T: serde::de::DeserializeOwned>(
    text: &str,
    origin: &str,
    validate: impl FnOnce(&T) -> Vec<String>,
) -> Result<T, MappingError> {
    let mapping: T = toml::from_str(text).map_err(|e| MappingError::Syntax {
        origin: origin.to_owned(),
        source: Box::new(e),
    })?;
    let problems = validate(&mapping);
    if problems.is_empty() {
        Ok(mapping)
    } else {
        Err(MappingError::Invalid {
            origin: origin.to_owned(),
            problems,
        })
    }
}

impl Mapping {
    /// The built-in CloudFormation mapping (checked by a test; a broken one is a build defect).
    pub fn builtin_cloudformation() -> Result<Mapping, MappingError> {
        Mapping::parse(CLOUDFORMATION, "built into lens")
    }

    /// The built-in Terraform mapping: `terraform.toml` for `aws_*` types, and the
    /// CloudFormation mapping `cloudformation` (the built-in one with the user's files merged)
    /// renamed for the `awscc_*` types.
    pub fn builtin_terraform(cloudformation: &Mapping) -> Result<Mapping, MappingError> {
        let mut mapping = Mapping::parse(TERRAFORM, "built into lens")?;
        mapping.merge(cloudformation.awscc());
        Ok(mapping)
    }

    /// This CloudFormation mapping for the Terraform Cloud Control provider: `AWS::Bedrock::Agent`
    /// is `awscc_bedrock_agent` and every property name of a path is in snake case
    /// (`GuardrailConfiguration.GuardrailIdentifier` → `guardrail_configuration.guardrail_identifier`,
    /// `IdleSessionTTLInSeconds` → `idle_session_ttl_in_seconds`), as the provider generates its
    /// schema from the CloudFormation registry. Values (`ENABLED`) are unchanged.
    pub fn awscc(&self) -> Mapping {
        Mapping {
            key_properties: self.key_properties.iter().map(|k| snake_case(k)).collect(),
            key_sets: self.key_sets.clone(),
            resources: self
                .resources
                .iter()
                .filter(|r| {
                    r.resource_type
                        .as_deref()
                        .is_some_and(|t| t.starts_with("AWS::"))
                })
                .map(ComponentRule::awscc)
                .collect(),
        }
    }

    /// Reads and validates a mapping; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Mapping, MappingError> {
        parse_checked(text, origin, |m: &Mapping| m.validate(Catalog::builtin()))
    }

    /// Merges `other` over this mapping: its resource rules replace the rules of the same type,
    /// its key properties are added, its key settings override.
    pub fn merge(&mut self, other: Mapping) {
        for rule in other.resources {
            self.resources
                .retain(|own| own.resource_type != rule.resource_type);
            self.resources.push(rule);
        }
        for key in other.key_properties {
            if !self.key_properties.contains(&key) {
                self.key_properties.push(key);
            }
        }
        self.key_sets.extend(other.key_sets);
    }

    /// The rule of a resource type.
    pub fn resource(&self, resource_type: &str) -> Option<&ComponentRule> {
        self.resources
            .iter()
            .find(|r| r.resource_type.as_deref() == Some(resource_type))
    }

    /// Every problem of the mapping against the catalog: kinds and properties that do not
    /// exist, values the catalog refuses, rules missing what they need.
    pub fn validate(&self, catalog: &Catalog) -> Vec<String> {
        let mut problems = Vec::new();
        for (prop, value) in &self.key_sets {
            let used = catalog
                .kinds()
                .iter()
                .any(|k| catalog.check_value(&k.id, prop, value).is_ok());
            if !used {
                problems.push(format!("key_sets: no kind has {prop} = {value:?}"));
            }
        }
        for rule in &self.resources {
            let Some(resource_type) = &rule.resource_type else {
                problems.push("a [[resource]] has no type".to_owned());
                continue;
            };
            let drawn = rule.kind.is_some() || rule.kind_by.is_some();
            let roles = usize::from(drawn)
                + usize::from(rule.stands_for.is_some())
                + usize::from(rule.no_component.is_some())
                + usize::from(rule.applies_to.is_some())
                + usize::from(rule.applies_to_kinds.is_some());
            if roles != 1 {
                problems.push(format!(
                    "{resource_type}: give exactly one of kind (or kind_by), stands_for, \
                     applies_to, applies_to_kinds, no_component"
                ));
            }
            // A policy's property rules set properties of the resources it covers.
            let covered: Vec<String> = rule
                .applies_to
                .as_ref()
                .and_then(|a| self.resource(&a.resource_type))
                .map(|r| {
                    let by = r.kind_by.iter().flat_map(|b| b.values.values());
                    r.kind.iter().chain(by).cloned().collect()
                })
                .unwrap_or_default();
            validate_component(catalog, rule, resource_type, &covered, &mut problems);
        }
        problems
    }
}

impl ComponentRule {
    /// The rule with its type and paths renamed for the Cloud Control provider.
    fn awscc(&self) -> ComponentRule {
        let path = |p: &String| awscc_path(p);
        let paths = |list: &[String]| list.iter().map(path).collect();
        let property = |p: &PropertyRule| PropertyRule {
            path: path(&p.path),
            ..p.clone()
        };
        ComponentRule {
            resource_type: self.resource_type.as_deref().map(awscc_type),
            kind: self.kind.clone(),
            kind_by: self.kind_by.as_ref().map(|k| KindBy {
                path: path(&k.path),
                values: k.values.clone(),
            }),
            stands_for: self.stands_for.as_ref().map(path),
            no_component: self.no_component.clone(),
            applies_to_kinds: self.applies_to_kinds.as_ref().map(|a| AppliesToKinds {
                models: a.models.as_ref().map(|m| ModelLists {
                    included: path(&m.included),
                    excluded: path(&m.excluded),
                    ..m.clone()
                }),
                names: a.names.as_ref().map(path),
                ..a.clone()
            }),
            applies_to: self.applies_to.as_ref().map(|a| AppliesTo {
                resource_type: awscc_type(&a.resource_type),
                name: snake_case(&a.name),
                path: path(&a.path),
                prefix: a.prefix.clone(),
            }),
            path: self.path.as_ref().map(path),
            name: self.name.as_deref().map(snake_case),
            suffix: self.suffix.clone(),
            flow: self.flow,
            fixed: self.fixed.clone(),
            properties: self.properties.iter().map(property).collect(),
            references: self
                .references
                .iter()
                .map(|r| ReferenceRule {
                    path: path(&r.path),
                    fold: r.fold.as_ref().map(|f| f.iter().map(property).collect()),
                    ..r.clone()
                })
                .collect(),
            parts: self.parts.iter().map(ComponentRule::awscc).collect(),
            items: self.items.iter().map(ComponentRule::awscc).collect(),
            reviews: self.reviews.clone(),
            ignore: paths(&self.ignore),
            zone: self.zone,
            zone_by: self.zone_by.as_ref().map(|z| ZoneBy {
                path: path(&z.path),
                values: z.values.clone(),
            }),
            network: paths(&self.network),
        }
    }
}

/// `AWS::Bedrock::KnowledgeBase` → `awscc_bedrock_knowledge_base` (the service in lower case, the
/// resource in snake case); a name of another form is kept.
pub fn awscc_type(cloudformation: &str) -> String {
    let mut parts = cloudformation.split("::");
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("AWS"), Some(service), Some(resource), None) => format!(
            "awscc_{}_{}",
            service.to_ascii_lowercase(),
            snake_case(resource)
        ),
        _ => cloudformation.to_owned(),
    }
}

/// A mapping path with every property name in snake case, filter values unchanged
/// (`ActionGroups[ActionGroupState!=DISABLED].ActionGroupName` →
/// `action_groups[action_group_state!=DISABLED].action_group_name`).
fn awscc_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    let mut depth = 0usize;
    let mut word = String::new();
    // Inside brackets, a name runs up to `=` or `!=`; the value after it is kept as written.
    let mut in_value = false;
    for c in path.chars() {
        match c {
            '[' => {
                out.push_str(&snake_case(&word));
                word.clear();
                depth += 1;
                in_value = false;
                out.push(c);
            }
            ']' => {
                flush(&mut out, &mut word, in_value);
                depth = depth.saturating_sub(1);
                in_value = false;
                out.push(c);
            }
            ',' if depth > 0 => {
                flush(&mut out, &mut word, in_value);
                in_value = false;
                out.push(c);
            }
            '=' | '!' if depth > 0 && !in_value => {
                out.push_str(&snake_case(&word));
                word.clear();
                out.push(c);
                in_value = c == '=';
            }
            '.' if depth == 0 => {
                out.push_str(&snake_case(&word));
                word.clear();
                out.push(c);
            }
            _ => word.push(c),
        }
    }
    out.push_str(&snake_case(&word));
    out
}

fn flush(out: &mut String, word: &mut String, in_value: bool) {
    if in_value {
        out.push_str(word);
    } else {
        out.push_str(&snake_case(word));
    }
    word.clear();
}

/// `IdleSessionTTLInSeconds` → `idle_session_ttl_in_seconds`, `S3Configuration` →
/// `s3_configuration`, `KMSMasterKeyID` → `kms_master_key_id`: a word starts at a capital after
/// a lower-case letter or a digit, or at the last capital of a run followed by a lower-case
/// letter.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let before = chars[i - 1];
            let after = chars.get(i + 1).copied();
            let starts_word = before.is_ascii_lowercase()
                || before.is_ascii_digit()
                || (before.is_ascii_uppercase() && after.is_some_and(|a| a.is_ascii_lowercase()));
            if starts_word {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn validate_component(
    catalog: &Catalog,
    rule: &ComponentRule,
    at: &str,
    covered: &[String],
    problems: &mut Vec<String>,
) {
    let mut kinds: Vec<&str> = rule.kind.iter().map(String::as_str).collect();
    kinds.extend(covered.iter().map(String::as_str));
    if rule.applies_to.is_some() && covered.is_empty() && !rule.properties.is_empty() {
        problems.push(format!(
            "{at}: property rules of a policy need a rule drawing the type it applies to"
        ));
    }
    if let Some(covered) = &rule.applies_to_kinds {
        kinds.extend(covered.kinds.iter().map(String::as_str));
        for (prop, value) in &covered.matching {
            let fits = covered
                .kinds
                .iter()
                .any(|k| catalog.check_value(k, prop, value).is_ok());
            if !fits {
                problems.push(format!("{at}: where: no kind of it has {prop} = {value:?}"));
            }
        }
        if let Some(models) = &covered.models {
            let held = covered
                .kinds
                .iter()
                .any(|k| catalog.property(k, &models.property).is_ok());
            if !held {
                problems.push(format!(
                    "{at}: models: no kind of it has the property {}",
                    models.property
                ));
            }
        }
    }
    if let Some(by) = &rule.kind_by {
        kinds.extend(by.values.values().map(String::as_str));
    }
    for kind in &kinds {
        if catalog.kind(kind).is_none() {
            problems.push(format!("{at}: unknown kind {kind}"));
        }
    }
    let kinds: Vec<&str> = kinds
        .into_iter()
        .filter(|k| catalog.kind(k).is_some())
        .collect();
    // With `kind_by`, a property needs to fit one of the kinds: the others report it as dropped.
    let check = |prop: &str, value: Option<&Value>, what: &str| -> Option<String> {
        let results: Vec<_> = kinds
            .iter()
            .map(|kind| match value {
                Some(value) => catalog.check_value(kind, prop, value).map(|_| ()),
                None => catalog.property(kind, prop).map(|_| ()),
            })
            .collect();
        if results.iter().any(Result::is_ok) {
            return None;
        }
        results
            .into_iter()
            .find_map(Result::err)
            .map(|e| format!("{at}: {what}: {e}"))
    };
    for (prop, value) in &rule.fixed {
        problems.extend(check(prop, Some(value), "fixed"));
    }
    for p in &rule.properties {
        problems.extend(check(&p.prop, p.value.as_ref(), &p.path));
        if let Some(otherwise) = &p.otherwise {
            problems.extend(check(&p.prop, Some(otherwise), &p.path));
        }
        let boolean = |v: &Option<Value>| v.as_ref().is_none_or(|v| matches!(v, Value::Bool(_)));
        if p.every_resource && (p.copy.is_some() || !boolean(&p.value) || !boolean(&p.otherwise)) {
            problems.push(format!(
                "{at}: {}: every_resource combines true/false values only",
                p.path
            ));
        }
    }
    for r in &rule.reviews {
        problems.extend(check(&r.prop, None, "review"));
    }
    for r in &rule.references {
        if let Some(kind) = &r.target_kind {
            if catalog.kind(kind).is_none() {
                problems.push(format!("{at}: {}: unknown target_kind {kind}", r.path));
            }
        }
        if let Some(fold) = &r.fold {
            for p in fold {
                problems.extend(check(&p.prop, p.value.as_ref(), &p.path));
            }
        }
        if let Some(part) = &r.via_part {
            if !rule.parts.iter().any(|p| p.suffix.as_ref() == Some(part)) {
                problems.push(format!("{at}: {}: no part {part}", r.path));
            }
        }
    }
    for part in &rule.parts {
        let Some(suffix) = &part.suffix else {
            problems.push(format!("{at}: a part has no suffix"));
            continue;
        };
        if part.kind.is_none() || part.path.is_none() {
            problems.push(format!("{at}: part {suffix} needs kind and path"));
        }
        validate_component(catalog, part, &format!("{at} part {suffix}"), &[], problems);
    }
    for item in &rule.items {
        let (Some(path), Some(_)) = (&item.path, &item.name) else {
            problems.push(format!("{at}: an item needs path and name"));
            continue;
        };
        if item.kind.is_none() {
            problems.push(format!("{at}: item {path} needs a kind"));
        }
        validate_component(catalog, item, &format!("{at} item {path}"), &[], problems);
    }
}
