//! CloudFormation templates (JSON or YAML, [`super::yaml`]) → an architecture and an import
//! report.
//!
//! The template is read into a JSON tree; references are the intrinsic functions `Ref`,
//! `Fn::GetAtt` and `Fn::Sub` (both forms, `${!literal}` skipped), found anywhere in a
//! resource's `Properties`. What a reference means is decided by the mapping
//! ([`super::mapping`]): the property path that holds it says which way the flow goes.
//!
//! The import runs in passes over the resources in logical-id order, so that ids and the report
//! are the same on every run: (1) a node per component to draw (resources, their parts, their
//! inline items) with its id; (2) what references change before properties are read (a bucket
//! that feeds a knowledge base is a data source; a function only one tool uses is folded into
//! it; a version or alias stands for its resource); (3) properties and flows.
//!
//! Hostile input is bounded: the JSON parser refuses nesting deeper than 128, the walk of a
//! resource stops at [`MAX_DEPTH`], a template may hold at most [`MAX_RESOURCES`] resources, one
//! resource at most [`MAX_REFERENCES`] references and [`MAX_ITEMS`] inline items (the rest are
//! reported), `stands_for` chains are followed with a visited set, and long names are cut to
//! the id and label limits.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as J;

use super::mapping::{ComponentRule, Copy, Direction, Mapping, ModelLists, PropertyRule};
use super::{IacError, Import, ImportReport, Note, Outcome, PropertySet, ResourceReport};
use crate::catalog::Catalog;
use crate::model::{
    ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Properties,
    Trust, Value, MAX_ID_CHARS, MAX_LABEL_CHARS,
};

/// The most resources a template may hold (CloudFormation's own limit is 500).
pub const MAX_RESOURCES: usize = 5_000;
/// How deep the walk of a resource's properties goes.
pub const MAX_DEPTH: usize = 64;
/// The most references read from one resource; the rest are reported, not followed.
pub const MAX_REFERENCES: usize = 2_000;
/// The most inline items (action groups) drawn for one resource.
pub const MAX_ITEMS: usize = 100;
/// How many resources naming their network (a security group naming a subnet naming a VPC)
/// are followed to find a VPC.
const MAX_NETWORK_STEPS: usize = 8;
/// The most values one mapping path selects in one resource.
const MAX_SELECTED: usize = 10_000;

/// Intrinsic functions whose arguments are walked for references.
const KNOWN_INTRINSICS: &[&str] = &[
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::FindInMap",
    "Fn::GetAZs",
    "Fn::If",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::Equals",
    "Fn::And",
    "Fn::Or",
    "Fn::Not",
    "Fn::Length",
    "Fn::ToJsonString",
    "Fn::Transform",
    "Fn::ForEach",
];

/// Parses the text of a template: JSON when it starts with `{`, else YAML.
pub fn parse(text: &str) -> Result<J, IacError> {
    if !text.trim_start().starts_with('{') {
        return super::yaml::parse(text);
    }
    super::parse_json(text)
}

/// Imports a template's text with a mapping; `name` becomes the architecture's name.
pub fn import_text(text: &str, name: &str, mapping: &Mapping) -> Result<Import, IacError> {
    import(&parse(text)?, name, mapping)
}

/// Imports a parsed template.
pub fn import(template: &J, name: &str, mapping: &Mapping) -> Result<Import, IacError> {
    let resources = read_resources(template, &mapping.key_properties)?;
    import_resources(resources, name, "CloudFormation template", mapping)
}

/// Imports resources read from any source (a template's resources, a plan's resource
/// instances); `name` becomes the architecture's name, `fallback` when it is blank.
pub(super) fn import_resources(
    mut resources: Vec<Resource<'_>>,
    name: &str,
    fallback: &str,
    mapping: &Mapping,
) -> Result<Import, IacError> {
    resources.sort_by(|a, b| a.logical.cmp(b.logical));
    let mut import = Importer::new(mapping, &resources).run();
    import.architecture.name = clip(name, MAX_LABEL_CHARS);
    if import.architecture.name.trim().is_empty() {
        fallback.clone_into(&mut import.architecture.name);
    }
    // The model's own checks: a failure here is a defect of the importer or the mapping, and an
    // error rather than a file the app would refuse.
    crate::Architecture::from_data_checked(import.architecture.clone())?;
    Ok(import)
}

/// One resource to import: a template's resource or a plan's resource instance.
pub(super) struct Resource<'t> {
    /// The logical id (CloudFormation) or the resource address (Terraform).
    logical: &'t str,
    resource_type: &'t str,
    /// Where its properties are in the source (`Resources.<id>.Properties`, or the address).
    base: String,
    properties: &'t J,
    walk: Found,
}

impl<'t> Resource<'t> {
    /// A resource whose properties are `properties` (references written as `Ref`,
    /// `Fn::GetAtt`, `Fn::Sub`; unknown values as [`unknown`]).
    pub(super) fn new(
        logical: &'t str,
        resource_type: &'t str,
        base: String,
        properties: &'t J,
        key_properties: &[String],
    ) -> Self {
        let mut walk = Walk {
            key_properties,
            ..Walk::default()
        };
        walk.value(properties, &base, 0);
        Resource {
            logical,
            resource_type,
            base,
            properties,
            walk: Found {
                references: walk.references,
                keys: walk.keys,
                notes: walk.notes,
            },
        }
    }
}

/// The key of the one-key object that stands for a value unknown until the infrastructure is
/// created (a Terraform plan's `after_unknown`): rules never read a guess from it.
pub(super) const UNKNOWN: &str = "lens::unknown";

/// The stand-in of a value unknown until apply.
pub(super) fn unknown() -> J {
    let mut object = serde_json::Map::new();
    object.insert(UNKNOWN.to_owned(), J::Bool(true));
    J::Object(object)
}

fn is_unknown(value: &J) -> bool {
    value
        .as_object()
        .is_some_and(|o| o.len() == 1 && o.contains_key(UNKNOWN))
}

fn read_resources<'t>(
    template: &'t J,
    key_properties: &[String],
) -> Result<Vec<Resource<'t>>, IacError> {
    let Some(object) = template.as_object() else {
        return Err(IacError::NotATemplate(
            "the document is not an object".to_owned(),
        ));
    };
    let Some(resources) = object.get("Resources") else {
        return Err(IacError::NotATemplate(
            "it has no \"Resources\" section".to_owned(),
        ));
    };
    let Some(resources) = resources.as_object() else {
        return Err(invalid("Resources", "expected an object of resources"));
    };
    if resources.len() > MAX_RESOURCES {
        return Err(invalid(
            "Resources",
            &format!(
                "{} resources; at most {MAX_RESOURCES} are read",
                resources.len()
            ),
        ));
    }
    let null = &J::Null;
    let mut out = Vec::with_capacity(resources.len());
    for (logical, resource) in resources {
        let at = format!("Resources.{logical}");
        let Some(resource) = resource.as_object() else {
            return Err(invalid(&at, "expected an object with a Type"));
        };
        let Some(resource_type) = resource.get("Type").and_then(J::as_str) else {
            return Err(invalid(
                &format!("{at}.Type"),
                "expected the resource type as a string",
            ));
        };
        let properties = resource.get("Properties").unwrap_or(null);
        if !properties.is_null() && !properties.is_object() {
            return Err(invalid(&format!("{at}.Properties"), "expected an object"));
        }
        out.push(Resource::new(
            logical,
            resource_type,
            format!("{at}.Properties"),
            properties,
            key_properties,
        ));
    }
    Ok(out)
}

fn invalid(path: &str, message: &str) -> IacError {
    IacError::Invalid {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

/// A reference found in a resource's properties.
#[derive(Clone, Debug)]
struct Reference {
    /// The logical id (or parameter) referenced.
    target: String,
    /// Where the reference is.
    path: String,
}

/// What a walk of a resource's properties found.
#[derive(Debug, Default)]
struct Found {
    references: Vec<Reference>,
    /// Paths of properties whose name says they hold an encryption key.
    keys: Vec<String>,
    notes: Vec<Note>,
}

/// A walk of a resource's properties.
#[derive(Default)]
struct Walk<'k> {
    key_properties: &'k [String],
    references: Vec<Reference>,
    keys: Vec<String>,
    notes: Vec<Note>,
    /// Whether references past [`MAX_REFERENCES`] were dropped (said once).
    truncated: bool,
}

impl Walk<'_> {
    fn value(&mut self, value: &J, path: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.note(
                path,
                format!("nested deeper than {MAX_DEPTH} levels: not read"),
            );
            return;
        }
        match value {
            J::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(item, &format!("{path}[{i}]"), depth + 1);
                }
            }
            J::Object(object) => {
                if object.len() == 1 {
                    if let Some((name, args)) = object.iter().next() {
                        if self.intrinsic(name, args, path, depth) {
                            return;
                        }
                    }
                }
                for (key, item) in object {
                    let at = format!("{path}.{key}");
                    if self.key_properties.contains(key) {
                        self.keys.push(at.clone());
                    }
                    self.value(item, &at, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Reads an intrinsic function; false when `name` is not one.
    fn intrinsic(&mut self, name: &str, args: &J, path: &str, depth: usize) -> bool {
        let at = format!("{path}.{name}");
        match name {
            // A value unknown until apply: no reference in it.
            UNKNOWN => {}
            "Ref" => match args.as_str() {
                Some(target) => self.reference(target, path),
                None => self.note(&at, "Ref needs a name".to_owned()),
            },
            "Fn::GetAtt" => {
                let target = match args {
                    J::String(s) => s.split('.').next(),
                    J::Array(items) => items.first().and_then(J::as_str),
                    _ => None,
                };
                match target {
                    Some(target) => self.reference(target, path),
                    None => self.note(&at, "Fn::GetAtt needs a resource name".to_owned()),
                }
            }
            "Fn::Sub" => {
                let (text, vars) = match args {
                    J::String(s) => (Some(s.as_str()), None),
                    J::Array(items) => (
                        items.first().and_then(J::as_str),
                        items.get(1).and_then(J::as_object),
                    ),
                    _ => (None, None),
                };
                let Some(text) = text else {
                    self.note(&at, "Fn::Sub needs a string".to_owned());
                    return true;
                };
                for variable in sub_variables(text) {
                    let target = variable.split('.').next().unwrap_or(variable);
                    if !vars.is_some_and(|v| v.contains_key(target)) {
                        self.reference(target, path);
                    }
                }
                if let Some(vars) = vars {
                    for (key, item) in vars {
                        self.value(item, &format!("{at}.{key}"), depth + 1);
                    }
                }
            }
            "Fn::ImportValue" => {
                self.note(
                    path,
                    "Fn::ImportValue reads another stack's output: an external system, not drawn"
                        .to_owned(),
                );
                self.value(args, &at, depth + 1);
            }
            _ if KNOWN_INTRINSICS.contains(&name) => self.value(args, &at, depth + 1),
            _ if name.starts_with("Fn::") => {
                self.note(
                    &at,
                    format!("unknown intrinsic function {name}: its arguments are read as values"),
                );
                self.value(args, &at, depth + 1);
            }
            _ => return false,
        }
        true
    }

    fn reference(&mut self, target: &str, path: &str) {
        if self.references.len() >= MAX_REFERENCES {
            if !self.truncated {
                self.truncated = true;
                self.note(
                    path,
                    format!("more than {MAX_REFERENCES} references: the rest are not followed"),
                );
            }
            return;
        }
        self.references.push(Reference {
            target: target.to_owned(),
            path: path.to_owned(),
        });
    }

    fn note(&mut self, path: &str, message: String) {
        self.notes.push(Note {
            path: path.to_owned(),
            message,
        });
    }
}

/// The `${…}` variables of a `Fn::Sub` string, skipping `${!literal}`.
fn sub_variables(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let variable = after[..end].trim();
        if !variable.starts_with('!') && !variable.is_empty() {
            out.push(variable);
        }
        rest = &after[end + 1..];
    }
    out
}

/// What the operations of an inline OpenAPI document can change: `writes` when one is POST,
/// PUT, PATCH or DELETE, `read_only` when all only read; None when it cannot be read or has no
/// operation.
fn openapi_side_effects(document: &str) -> Option<Value> {
    let parsed = if document.trim_start().starts_with('{') {
        serde_json::from_str(document).ok()?
    } else {
        super::yaml::parse(document).ok()?
    };
    let mut any = false;
    let mut writes = false;
    let operations = parsed.get("paths")?.as_object()?.values();
    for verb in operations.filter_map(J::as_object).flat_map(|o| o.keys()) {
        match verb.to_ascii_lowercase().as_str() {
            "post" | "put" | "patch" | "delete" => writes = true,
            "get" | "head" | "options" => {}
            _ => continue,
        }
        any = true;
    }
    any.then(|| Value::Text(if writes { "writes" } else { "read_only" }.to_owned()))
}

/// The model lists of a setting, as read from its resource.
struct ReadLists {
    included: Included,
    /// The entries left out, with their paths.
    excluded: Vec<(String, String)>,
}

enum Included {
    /// Every model, as read at this path.
    Every(String),
    /// The entries named, with their paths.
    Named(Vec<(String, String)>),
}

/// Whether a setting's lists cover a model.
enum Coverage {
    /// Covered, as read at this path.
    Covered(String),
    /// Not covered (not named, or left out).
    Left,
    /// The template does not settle it: where, and why.
    Unsettled(String, String),
}

/// Reads a setting's lists of models; a list the template does not settle is a note.
fn read_model_lists(lists: &ModelLists, resource: &Resource<'_>) -> Result<ReadLists, Note> {
    let entries = |path: &str| -> Result<Option<Vec<(String, String)>>, Note> {
        let mut out = Vec::new();
        let mut found = false;
        for (at, value) in select(resource.properties, &resource.base, path) {
            found = true;
            let unsettled = |why: &str| Note {
                path: at.clone(),
                message: format!(
                    "the models this setting covers are {why}: set on no model, to review"
                ),
            };
            if is_unknown(value) {
                return Err(unsettled("unknown until apply"));
            }
            let Some(items) = value.as_array() else {
                return Err(unsettled("computed (an intrinsic function)"));
            };
            for (i, item) in items.iter().enumerate() {
                let Some(text) = item.as_str() else {
                    return Err(unsettled("computed (an intrinsic function)"));
                };
                out.push((format!("{at}[{i}]"), text.to_owned()));
            }
        }
        Ok(found.then_some(out))
    };
    let included = entries(&lists.included)?.unwrap_or_default();
    let excluded = entries(&lists.excluded)?.unwrap_or_default();
    let every = if included.is_empty() {
        Some(format!(
            "{}.{} (absent or empty: every model)",
            resource.base, lists.included
        ))
    } else {
        included
            .iter()
            .find(|(_, entry)| lists.all.contains(entry))
            .map(|(at, _)| at.clone())
    };
    Ok(ReadLists {
        included: match every {
            Some(at) => Included::Every(at),
            None => Included::Named(included),
        },
        excluded,
    })
}

impl ReadLists {
    /// Whether the lists cover the model `model` (None: a model whose id is not known).
    fn cover(&self, model: Option<&str>) -> Coverage {
        let Some(model) = model else {
            let at = match (&self.included, self.excluded.first()) {
                (Included::Every(at), None) => return Coverage::Covered(at.clone()),
                (_, Some((at, _))) => at.clone(),
                (Included::Named(named), None) => {
                    named.first().map(|(at, _)| at.clone()).unwrap_or_default()
                }
            };
            let why = "its model id is not known, and the setting names the models it covers \
                       or leaves out";
            return Coverage::Unsettled(at, why.to_owned());
        };
        for (at, entry) in &self.excluded {
            match model_named(model, entry) {
                Named::Yes => return Coverage::Left,
                Named::Perhaps => return Coverage::Unsettled(at.clone(), perhaps(model, entry)),
                Named::No => {}
            }
        }
        let included = match &self.included {
            Included::Every(at) => return Coverage::Covered(at.clone()),
            Included::Named(included) => included,
        };
        let mut unsettled = None;
        for (at, entry) in included {
            match model_named(model, entry) {
                Named::Yes => return Coverage::Covered(at.clone()),
                Named::Perhaps => {
                    unsettled.get_or_insert_with(|| (at.clone(), perhaps(model, entry)));
                }
                Named::No => {}
            }
        }
        match unsettled {
            Some((at, why)) => Coverage::Unsettled(at, why),
            None => Coverage::Left,
        }
    }
}

/// A model id as copied from the template, unless a `Fn::Sub` placeholder stands in its id (the
/// part after an ARN's last `/`): `${AWS::Region}` in an ARN leaves the id known, `${ModelId}`
/// does not.
fn known_model_id(model: &str) -> Option<&str> {
    let id = model.rsplit('/').next().unwrap_or(model);
    (!id.contains("${")).then_some(model)
}

/// Whether a list entry names a model.
enum Named {
    Yes,
    No,
    /// The model is a cross-Region inference profile of the entry (`us.` + the entry): the
    /// template does not say whether the entry covers it.
    Perhaps,
}

/// Whether `entry` (a model id) names `model` (a model id, an ARN ending with one, or an
/// inference profile of one).
fn model_named(model: &str, entry: &str) -> Named {
    if model == entry || model.ends_with(&format!("/{entry}")) {
        Named::Yes
    } else if model.ends_with(&format!(".{entry}")) {
        Named::Perhaps
    } else {
        Named::No
    }
}

fn perhaps(model: &str, entry: &str) -> String {
    format!(
        "{model} is an inference profile of {entry}, and whether the setting's entry covers \
         the profile is not settled"
    )
}

/// How a property rule's condition tests the values found.
#[derive(Clone, Copy)]
enum Test {
    AnyOf,
    NoneOf,
    Contains,
}

/// The text of a `Fn::Sub` (either form), placeholders as written.
fn sub_text(value: &J) -> Option<String> {
    let sub = value.as_object().filter(|o| o.len() == 1)?.get("Fn::Sub")?;
    sub.as_str()
        .or_else(|| sub.get(0).and_then(J::as_str))
        .map(str::to_owned)
}

/// A JSON document written as text: a string, the text of a `Fn::Sub` (its `${…}` placeholders
/// sit inside JSON strings), or the value of a `Fn::ToJsonString`; None when it is not JSON.
fn document(value: &J) -> Option<J> {
    let object = value.as_object().filter(|o| o.len() == 1);
    if let Some(inner) = object.and_then(|o| o.get("Fn::ToJsonString")) {
        return Some(inner.clone());
    }
    let text = match value {
        J::String(s) => s.clone(),
        _ => sub_text(value)?,
    };
    serde_json::from_str(&text).ok()
}

/// The shared zone a rule puts its component in: by the value at `zone_by.path`, else `zone`.
fn zone_of(rule: &ComponentRule, scope: &J, base: &str) -> Option<Trust> {
    let chosen = rule.zone_by.as_ref().and_then(|by| {
        select(scope, base, &by.path)
            .first()
            .and_then(|(_, v)| scalar_text(v))
            .and_then(|v| by.values.get(&v).copied())
    });
    chosen.or(rule.zone)
}

/// The names after `prefix` in a policy's text (`collection/kb-vectors`, `collection/kb-*`).
fn policy_names<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(prefix) {
        let after = &rest[start + prefix.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '*'))
            .unwrap_or(after.len());
        if end > 0 {
            out.push(&after[..end]);
        }
        rest = after;
    }
    out
}

/// Whether `path` is `prefix` or lies under it.
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

// ---------------------------------------------------------------------------------------------
// Paths with selectors

struct Segment<'p> {
    name: &'p str,
    /// None: a plain key. Some: every element of an array that passes the filters.
    elements: Option<Vec<Filter<'p>>>,
}

struct Filter<'p> {
    field: &'p str,
    equal: bool,
    value: &'p str,
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'.' if depth == 0 => {
                out.push(segment(&path[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(segment(&path[start..]));
    out
}

fn segment(text: &str) -> Segment<'_> {
    let Some(open) = text.find('[') else {
        return Segment {
            name: text,
            elements: None,
        };
    };
    let inner = text[open + 1..].trim_end_matches(']');
    let filters = inner
        .split(',')
        .filter(|f| !f.is_empty())
        .filter_map(|f| {
            if let Some((field, value)) = f.split_once("!=") {
                Some(Filter {
                    field,
                    equal: false,
                    value,
                })
            } else {
                f.split_once('=').map(|(field, value)| Filter {
                    field,
                    equal: true,
                    value,
                })
            }
        })
        .collect();
    Segment {
        name: &text[..open],
        elements: Some(filters),
    }
}

/// The values at `path` under `root` (whose own path is `base`), with their concrete paths; a
/// selector (`Name[Field=Value]`) on an array keeps the matching elements, on an object the
/// object if it matches.
fn select<'t>(root: &'t J, base: &str, path: &str) -> Vec<(String, &'t J)> {
    let mut current = vec![(base.to_owned(), root)];
    for seg in segments(path) {
        let mut next = Vec::new();
        for (at, value) in current {
            // A leading selector without a name (`[State!=DISABLED].Id`) tests the scope itself.
            let (child, at) = if seg.name.is_empty() {
                (value, at)
            } else {
                let Some(child) = value.get(seg.name) else {
                    continue;
                };
                (child, format!("{at}.{}", seg.name))
            };
            match &seg.elements {
                None => next.push((at, child)),
                Some(filters) => {
                    let Some(items) = child.as_array() else {
                        // A filter on an object tests the object itself.
                        if child.is_object() && filters.iter().all(|f| passes(child, f)) {
                            next.push((at, child));
                        }
                        continue;
                    };
                    for (i, item) in items.iter().enumerate() {
                        if next.len() < MAX_SELECTED && filters.iter().all(|f| passes(item, f)) {
                            next.push((format!("{at}[{i}]"), item));
                        }
                    }
                }
            }
        }
        current = next;
    }
    current.retain(|(_, v)| !v.is_null());
    current
}

fn passes(item: &J, filter: &Filter<'_>) -> bool {
    let found = item.get(filter.field).and_then(scalar_text);
    let equal = found.as_deref() == Some(filter.value);
    equal == filter.equal
}

/// A scalar as text (`true`, `10`, `ENABLED`); None for objects (an intrinsic function) and
/// arrays.
fn scalar_text(value: &J) -> Option<String> {
    match value {
        J::String(s) => Some(s.clone()),
        J::Bool(b) => Some(b.to_string()),
        J::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The import

/// A component to draw, or a resource that resolves to another's component.
struct Node<'m, 't> {
    /// The resource it comes from (index into `resources`).
    resource: usize,
    id: ComponentId,
    kind: String,
    label: String,
    rule: &'m ComponentRule,
    /// The JSON its rules read, and that JSON's path.
    scope: &'t J,
    base: String,
    /// An inline item: the references under its element (`base`) are its own.
    item: bool,
    /// A part reads properties only: references are its resource's.
    part: bool,
    drawn: bool,
    /// The shared boundary it sits in (a third-party service).
    zone: Option<Trust>,
}

struct Importer<'m, 't> {
    mapping: &'m Mapping,
    catalog: &'static Catalog,
    resources: &'t [Resource<'t>],
    by_logical: BTreeMap<&'t str, usize>,
    taken: BTreeSet<String>,
    nodes: Vec<Node<'m, 't>>,
    /// Resource index → its own node.
    own: BTreeMap<usize, usize>,
    /// Resource index → the component that stands for it (own, folded into, stands for).
    owner: BTreeMap<usize, ComponentId>,
    components: BTreeMap<ComponentId, Component>,
    flows: BTreeSet<(ComponentId, ComponentId)>,
    /// Holder → part flows replaced by a path through a guardrail.
    suppressed: BTreeSet<(ComponentId, ComponentId)>,
    /// holder → targets of (component) flows resolved last.
    through: Vec<(ComponentId, ComponentId)>,
    reports: Vec<ResourceReport>,
    /// Which rule already set each (component, property), and whether by `otherwise`.
    set_by: BTreeMap<(ComponentId, String), bool>,
}

impl<'m, 't> Importer<'m, 't> {
    fn new(mapping: &'m Mapping, resources: &'t [Resource<'t>]) -> Self {
        let reports = resources
            .iter()
            .map(|r| ResourceReport {
                logical_id: r.logical.to_owned(),
                resource_type: r.resource_type.to_owned(),
                outcome: Outcome::Unmapped,
                components: Vec::new(),
                properties: Vec::new(),
                notes: r.walk.notes.clone(),
            })
            .collect();
        Importer {
            mapping,
            catalog: Catalog::builtin(),
            resources,
            by_logical: resources
                .iter()
                .enumerate()
                .map(|(i, r)| (r.logical, i))
                .collect(),
            taken: BTreeSet::new(),
            nodes: Vec::new(),
            own: BTreeMap::new(),
            owner: BTreeMap::new(),
            components: BTreeMap::new(),
            flows: BTreeSet::new(),
            suppressed: BTreeSet::new(),
            through: Vec::new(),
            reports,
            set_by: BTreeMap::new(),
        }
    }

    fn run(mut self) -> Import {
        self.plan_nodes();
        self.apply_target_kinds();
        self.resolve_stand_ins();
        self.apply_policies();
        self.draw_components();
        self.fold();
        for n in 0..self.nodes.len() {
            self.read_properties(n);
        }
        self.apply_settings();
        // Once every rule had its say: what several resources set (an API's methods) is known.
        for n in 0..self.nodes.len() {
            self.read_reviews(n);
        }
        for n in 0..self.nodes.len() {
            self.read_references(n);
        }
        self.finish()
    }

    /// Pass 3a': region-wide settings set the properties of every component they cover.
    fn apply_settings(&mut self) {
        for (index, resource) in self.resources.iter().enumerate() {
            let Some(rule) = self.mapping.resource(resource.resource_type) else {
                continue;
            };
            let Some(covers) = &rule.applies_to_kinds else {
                continue;
            };
            let candidates: Vec<&Component> = self
                .components
                .values()
                .filter(|c| covers.kinds.contains(&c.kind))
                .filter(|c| {
                    covers
                        .matching
                        .iter()
                        .all(|(prop, value)| c.properties.get(prop) == Some(value))
                })
                .collect();
            // Each covered component, with the path its coverage was read from (None: the
            // setting as a whole).
            let mut covered: Vec<(ComponentId, String, Option<String>)> = Vec::new();
            let mut notes = Vec::new();
            match &covers.models {
                None => covered.extend(
                    candidates
                        .iter()
                        .map(|c| (c.id.clone(), c.kind.clone(), None)),
                ),
                Some(models) => match read_model_lists(models, resource) {
                    Err(note) => notes.push(note),
                    Ok(lists) => {
                        for c in &candidates {
                            let model = match c.properties.get(&models.property) {
                                Some(Value::Text(model)) => known_model_id(model),
                                _ => None,
                            };
                            match lists.cover(model) {
                                Coverage::Covered(from) => {
                                    covered.push((c.id.clone(), c.kind.clone(), Some(from)));
                                }
                                Coverage::Left => {}
                                Coverage::Unsettled(path, why) => notes.push(Note {
                                    path,
                                    message: format!(
                                        "{}: {} not set: {why}: to review",
                                        c.id,
                                        rule.fixed.keys().cloned().collect::<Vec<_>>().join(", ")
                                    ),
                                }),
                            }
                        }
                    }
                },
            }
            self.reports[index].notes.extend(notes);
            if let Some(names) = &covers.names {
                let message = self.what_a_setting_names(index, names);
                self.note(index, &format!("{}.{names}", resource.base), message);
            }
            self.reports[index].outcome = if covered.is_empty() {
                Outcome::NoComponent {
                    reason: match covers.models {
                        None => format!(
                            "a setting of every {} of the source, and there is none",
                            covers.kinds.join(" and ")
                        ),
                        Some(_) => format!(
                            "a setting of the {} whose model it names, and it covers none of \
                             the source",
                            covers.kinds.join(" and ")
                        ),
                    },
                }
            } else {
                Outcome::StandsFor {
                    component: covered
                        .iter()
                        .map(|(id, _, _)| id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            };
            for (id, kind, from) in covered {
                self.cover(index, rule, id, kind);
                let n = self.nodes.len() - 1;
                if let Some(from) = from {
                    // What the setting implies is set from the list entry that covers the model.
                    for (prop, value) in &rule.fixed {
                        self.set(n, prop, value.clone(), &from, false);
                    }
                }
                self.read_properties(n);
            }
        }
    }

    /// What the reference (or text) at `path` of a setting names, for its report: the
    /// component drawn for it, or the text when it is not in the source.
    fn what_a_setting_names(&self, index: usize, path: &str) -> String {
        let resource = &self.resources[index];
        let at = format!("{}.{path}", resource.base);
        let drawn = resource
            .walk
            .references
            .iter()
            .filter(|r| under(&r.path, &at))
            .find_map(|r| {
                let target = self.by_logical.get(r.target.as_str())?;
                self.owner.get(target)
            });
        let what = match (
            drawn,
            select(resource.properties, &resource.base, path).first(),
        ) {
            (Some(id), _) => format!("{id}, drawn"),
            (None, Some((_, J::String(text)))) => format!("{text}, not in this source"),
            _ => "a guardrail this source does not declare (a parameter, another stack's \
                  or unknown until apply)"
                .to_owned(),
        };
        format!(
            "names {what}: it reaches the components it covers as their properties, not as \
             a step on their paths"
        )
    }

    /// Pass 1: a node per component, ids in logical-id order.
    fn plan_nodes(&mut self) {
        for (index, resource) in self.resources.iter().enumerate() {
            let Some(rule) = self.mapping.resource(resource.resource_type) else {
                continue;
            };
            if let Some(reason) = &rule.no_component {
                self.reports[index].outcome = Outcome::NoComponent {
                    reason: reason.clone(),
                };
                continue;
            }
            let kind = match (&rule.kind_by, &rule.kind) {
                (Some(by), fallback) => select(resource.properties, &resource.base, &by.path)
                    .first()
                    .and_then(|(_, v)| scalar_text(v))
                    .and_then(|v| by.values.get(&v).cloned())
                    .or_else(|| fallback.clone()),
                (None, kind) => kind.clone(),
            };
            if rule.applies_to.is_some() || rule.applies_to_kinds.is_some() {
                // Its nodes are made once every component has its id (`apply_policies`) or its
                // properties (`apply_settings`).
                continue;
            }
            let drawn = rule.stands_for.is_none();
            let Some(kind) = kind.or_else(|| (!drawn).then(String::new)) else {
                let by = rule.kind_by.as_ref().map_or("", |b| b.path.as_str());
                self.note(
                    index,
                    &format!("{}.{by}", resource.base),
                    "this value chooses no kind in the mapping: not drawn".to_owned(),
                );
                continue;
            };
            let id = if drawn {
                self.claim(resource.logical)
            } else {
                ComponentId::new(String::new())
            };
            self.own.insert(index, self.nodes.len());
            self.nodes.push(Node {
                resource: index,
                id: id.clone(),
                kind,
                label: clip(resource.logical, MAX_LABEL_CHARS),
                rule,
                scope: resource.properties,
                base: resource.base.clone(),
                item: false,
                part: false,
                drawn,
                zone: zone_of(rule, resource.properties, &resource.base),
            });
            if !drawn {
                continue;
            }
            for part in &rule.parts {
                let (Some(path), Some(suffix), Some(kind)) = (&part.path, &part.suffix, &part.kind)
                else {
                    continue;
                };
                let selected = select(resource.properties, &resource.base, path);
                if selected.is_empty() || self.names_a_resource(resource, &selected) {
                    // Absent, or given as another resource of the template (an agent's model
                    // as an inference profile's ARN): that resource is the part.
                    continue;
                }
                let part_id = self.claim(&format!("{}_{suffix}", id.as_str()));
                self.nodes.push(Node {
                    resource: index,
                    id: part_id,
                    kind: kind.clone(),
                    label: clip(&format!("{} {suffix}", resource.logical), MAX_LABEL_CHARS),
                    rule: part,
                    scope: resource.properties,
                    base: resource.base.clone(),
                    item: false,
                    part: true,
                    drawn: true,
                    zone: zone_of(part, resource.properties, &resource.base),
                });
            }
            let mut drawn_elements = BTreeSet::new();
            for item in &rule.items {
                let (Some(path), Some(name_field), Some(kind)) =
                    (&item.path, &item.name, &item.kind)
                else {
                    continue;
                };
                for (at, element) in select(resource.properties, &resource.base, path) {
                    if drawn_elements.len() >= MAX_ITEMS || !drawn_elements.insert(at.clone()) {
                        continue;
                    }
                    let name = element
                        .get(name_field)
                        .and_then(scalar_text)
                        .unwrap_or_else(|| at.rsplit('.').next().unwrap_or("item").to_owned());
                    let item_id = if self.taken.contains(&sanitize(&name)) {
                        self.claim(&format!("{}_{name}", id.as_str()))
                    } else {
                        self.claim(&name)
                    };
                    self.nodes.push(Node {
                        resource: index,
                        id: item_id,
                        kind: kind.clone(),
                        label: clip(&name, MAX_LABEL_CHARS),
                        zone: zone_of(item, element, &at),
                        rule: item,
                        scope: element,
                        base: at,
                        item: true,
                        part: false,
                        drawn: true,
                    });
                }
            }
            // Elements of the items' arrays that no item rule draws (disabled, user input).
            let arrays: BTreeSet<&str> = rule
                .items
                .iter()
                .filter_map(|i| i.path.as_deref())
                .map(|p| p.split('[').next().unwrap_or(p))
                .collect();
            for array in arrays {
                let at = format!("{}.{array}", resource.base);
                let undrawn: Vec<String> =
                    select(resource.properties, &resource.base, &format!("{array}[]"))
                        .into_iter()
                        .map(|(at, _)| at)
                        .filter(|at| !drawn_elements.contains(at))
                        .collect();
                if drawn_elements.len() >= MAX_ITEMS && !undrawn.is_empty() {
                    let message = format!(
                        "only {MAX_ITEMS} items are drawn; {} more are not",
                        undrawn.len()
                    );
                    self.note(index, &at, message);
                    continue;
                }
                for at in undrawn {
                    let message = "not drawn: disabled, or handled by the caller (user input)";
                    self.note(index, &at, message.to_owned());
                }
            }
        }
    }

    /// Whether a reference under one of the `selected` values names a resource of the template.
    fn names_a_resource(&self, resource: &Resource<'_>, selected: &[(String, &J)]) -> bool {
        resource.walk.references.iter().any(|r| {
            self.by_logical.contains_key(r.target.as_str())
                && selected.iter().any(|(at, _)| under(&r.path, at))
        })
    }

    /// The component that stands in for a part not drawn because its path names another
    /// resource (the inference profile an agent's model is).
    fn part_stand_in(&self, n: usize, suffix: &str) -> Option<ComponentId> {
        let rule = self.nodes[n].rule;
        let part = rule
            .parts
            .iter()
            .find(|p| p.suffix.as_deref() == Some(suffix))?;
        let path = part.path.as_ref()?;
        self.references_under(n, path).into_iter().find_map(|r| {
            let target = self.by_logical.get(r.target.as_str())?;
            self.owner.get(target).cloned()
        })
    }

    /// A unique id from a name.
    fn claim(&mut self, name: &str) -> ComponentId {
        let base = sanitize(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            let suffix = format!("_{n}");
            id = format!(
                "{}{suffix}",
                clip(&base, MAX_ID_CHARS - suffix.chars().count())
            );
            n += 1;
        }
        self.taken.insert(id.clone());
        ComponentId::new(id)
    }

    /// The references under `path` of a node (for a resource node, not those of its items).
    fn references_under(&self, node: usize, path: &str) -> Vec<Reference> {
        let n = &self.nodes[node];
        let resource = &self.resources[n.resource];
        select(n.scope, &n.base, path)
            .into_iter()
            .flat_map(|(at, _)| {
                resource
                    .walk
                    .references
                    .iter()
                    .filter(move |r| under(&r.path, &at))
                    .cloned()
            })
            .collect()
    }

    /// Pass 2a: targets drawn as another kind because of who refers to them.
    fn apply_target_kinds(&mut self) {
        for n in 0..self.nodes.len() {
            for rule in &self.nodes[n].rule.references {
                let Some(kind) = &rule.target_kind else {
                    continue;
                };
                for reference in self.references_under(n, &rule.path) {
                    let target = self.by_logical.get(reference.target.as_str()).copied();
                    if let Some(&node) = target.and_then(|t| self.own.get(&t)) {
                        if self.nodes[node].drawn {
                            self.nodes[node].kind.clone_from(kind);
                        }
                    }
                }
            }
        }
    }

    /// Pass 2b: what versions and aliases stand for.
    fn resolve_stand_ins(&mut self) {
        for (&index, &node) in &self.own {
            if self.nodes[node].drawn {
                self.owner.insert(index, self.nodes[node].id.clone());
            }
        }
        let stand_ins: Vec<usize> = self
            .own
            .iter()
            .filter(|(_, &n)| !self.nodes[n].drawn)
            .map(|(&i, _)| i)
            .collect();
        for index in stand_ins {
            let mut seen = BTreeSet::new();
            let mut current = index;
            let resolved = loop {
                if !seen.insert(current) {
                    break None;
                }
                if let Some(id) = self.owner.get(&current) {
                    let kind = self.own.get(&current).map(|&n| self.nodes[n].kind.clone());
                    break Some((id.clone(), kind.unwrap_or_default()));
                }
                let Some(&node) = self.own.get(&current) else {
                    break None;
                };
                let Some(path) = &self.nodes[node].rule.stands_for else {
                    break None;
                };
                let next = self
                    .references_under(node, path)
                    .into_iter()
                    .find_map(|r| self.by_logical.get(r.target.as_str()).copied());
                match next {
                    Some(next) => current = next,
                    None => break None,
                }
            };
            let node = self.own[&index];
            match resolved {
                Some((id, kind)) => {
                    self.reports[index].outcome = Outcome::StandsFor {
                        component: id.to_string(),
                    };
                    // Its property rules set the properties of the component it stands for
                    // (a bucket's versioning resource).
                    self.nodes[node].kind = kind;
                    self.nodes[node].id = id.clone();
                    self.owner.insert(index, id);
                }
                None => {
                    self.reports[index].outcome = Outcome::NoComponent {
                        reason: "stands for a resource that is not drawn (or for itself)"
                            .to_owned(),
                    };
                }
            }
        }
    }

    /// A node by which resource `index` (a policy, a setting) acts on another resource's
    /// component; with `kind`, its property rules set that component's properties.
    fn cover(&mut self, index: usize, rule: &'m ComponentRule, id: ComponentId, kind: String) {
        let resource = &self.resources[index];
        self.nodes.push(Node {
            resource: index,
            id,
            kind,
            label: String::new(),
            rule,
            scope: resource.properties,
            base: resource.base.clone(),
            item: false,
            part: false,
            drawn: false,
            zone: None,
        });
    }

    /// Pass 2c: policies stand for the resources their text names.
    fn apply_policies(&mut self) {
        for (index, resource) in self.resources.iter().enumerate() {
            let Some(rule) = self.mapping.resource(resource.resource_type) else {
                continue;
            };
            let Some(applies) = &rule.applies_to else {
                continue;
            };
            // The policy's text: a string, a `Fn::Sub`, or a `Fn::ToJsonString` of the policy.
            let text = select(resource.properties, &resource.base, &applies.path)
                .first()
                .and_then(|(_, v)| match v {
                    J::String(s) => Some(s.clone()),
                    _ => sub_text(v).or_else(|| v.get("Fn::ToJsonString").map(J::to_string)),
                })
                .unwrap_or_default();
            let patterns = policy_names(&text, &applies.prefix);
            let mut covered = Vec::new();
            for (other, candidate) in self.resources.iter().enumerate() {
                let name = candidate.properties.get(&applies.name).and_then(J::as_str);
                let matches = name.is_some_and(|name| {
                    patterns.iter().any(|p| match p.strip_suffix('*') {
                        Some(start) => name.starts_with(start),
                        None => name == *p,
                    })
                });
                if candidate.resource_type != applies.resource_type || !matches {
                    continue;
                }
                if let Some(id) = self.owner.get(&other).cloned() {
                    covered.push(id.to_string());
                    // Its property rules set the covered component's (a network policy's
                    // public access).
                    let kind = self.own.get(&other).map(|&n| self.nodes[n].kind.clone());
                    self.cover(index, rule, id, kind.unwrap_or_default());
                }
            }
            self.reports[index].outcome = if covered.is_empty() {
                Outcome::NoComponent {
                    reason: format!(
                        "a policy that names no {} of the template",
                        applies.resource_type
                    ),
                }
            } else {
                Outcome::StandsFor {
                    component: covered.join(", "),
                }
            };
        }
    }

    /// Pass 2d: functions that only implement one tool are folded into it.
    fn fold(&mut self) {
        // Who refers to each resource (drawn resources and stand-ins, not permissions).
        let mut referrers: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (&index, &node) in &self.own {
            // A stand-in's reference to what it stands for is no use of it (a permission to
            // invoke a function, an event source mapping onto it).
            let resource = &self.resources[index];
            let stands_for: Vec<String> = match &self.nodes[node].rule.stands_for {
                Some(path) => select(resource.properties, &resource.base, path)
                    .into_iter()
                    .map(|(at, _)| at)
                    .collect(),
                None => Vec::new(),
            };
            let uses = resource
                .walk
                .references
                .iter()
                .filter(|r| !stands_for.iter().any(|at| under(&r.path, at)));
            for reference in uses {
                if let Some(&target) = self.by_logical.get(reference.target.as_str()) {
                    referrers.entry(target).or_default().insert(index);
                }
            }
        }
        let mut folded = BTreeSet::new();
        for n in 0..self.nodes.len() {
            for rule in &self.nodes[n].rule.references {
                let Some(fold_rules) = &rule.fold else {
                    continue;
                };
                for reference in self.references_under(n, &rule.path) {
                    let Some(&target) = self.by_logical.get(reference.target.as_str()) else {
                        continue;
                    };
                    let holder = self.nodes[n].resource;
                    let only_holder = referrers
                        .get(&target)
                        .is_some_and(|r| r.len() == 1 && r.contains(&holder));
                    let Some(&target_node) = self.own.get(&target) else {
                        continue;
                    };
                    if !only_holder || !self.nodes[target_node].drawn || !folded.insert(target) {
                        continue;
                    }
                    let into = self.nodes[n].id.clone();
                    let own_id = self.nodes[target_node].id.clone();
                    self.components.remove(&own_id);
                    self.reports[target].components.clear();
                    self.nodes[target_node].drawn = false;
                    // Its own rules no longer apply: the fold rules read it for the holder.
                    self.nodes[target_node].kind.clear();
                    self.nodes[target_node].id = into.clone();
                    self.owner.insert(target, into.clone());
                    self.reports[target].outcome = Outcome::Folded {
                        into: into.to_string(),
                    };
                    // What stood for the function (a permission) now stands for the holder.
                    let holder_kind = self.nodes[n].kind.clone();
                    for other in 0..self.nodes.len() {
                        let node = &mut self.nodes[other];
                        if other == target_node || node.drawn || node.id != own_id {
                            continue;
                        }
                        node.id = into.clone();
                        node.kind.clone_from(&holder_kind);
                        let resource = node.resource;
                        self.owner.insert(resource, into.clone());
                        self.reports[resource].outcome = Outcome::StandsFor {
                            component: into.to_string(),
                        };
                    }
                    let resource = &self.resources[target];
                    for p in fold_rules {
                        self.apply_property(n, p, resource.properties, &resource.base, target);
                    }
                }
            }
        }
    }

    /// Creates the components of drawn nodes (properties come next).
    fn draw_components(&mut self) {
        for node in &self.nodes {
            if !node.drawn {
                continue;
            }
            self.components
                .entry(node.id.clone())
                .or_insert_with(|| Component {
                    id: node.id.clone(),
                    kind: node.kind.clone(),
                    preset: None,
                    label: node.label.clone(),
                    boundary: None,
                    properties: Properties::new(),
                    position: None,
                });
            let report = &mut self.reports[node.resource];
            report.outcome = Outcome::Drawn;
            report.components.push(node.id.to_string());
            if node.label.chars().count() < self.resources[node.resource].logical.chars().count()
                && !node.item
            {
                report.notes.push(Note {
                    path: format!("Resources.{}", self.resources[node.resource].logical),
                    message: format!(
                        "the logical id is cut to {MAX_LABEL_CHARS} characters for the label"
                    ),
                });
            }
        }
    }

    /// Whether a node sets properties: a drawn component, or a stand-in resolved to one.
    fn applies_properties(&self, n: usize) -> bool {
        let node = &self.nodes[n];
        node.drawn || (!node.kind.is_empty() && !node.id.as_str().is_empty())
    }

    /// Pass 3a: fixed values and property rules.
    fn read_properties(&mut self, n: usize) {
        if !self.applies_properties(n) {
            return;
        }
        let node = &self.nodes[n];
        let (rule, scope, base, resource) =
            (node.rule, node.scope, node.base.clone(), node.resource);
        for (prop, value) in &rule.fixed {
            self.set(
                n,
                prop,
                value.clone(),
                "(fixed: what the resource type implies)",
                false,
            );
        }
        for p in &rule.properties {
            self.apply_property(n, p, scope, &base, resource);
        }
    }

    /// Pass 3a'': what the template leaves open is reported (and set to `"unknown"` where the
    /// catalog allows it).
    fn read_reviews(&mut self, n: usize) {
        if !self.applies_properties(n) {
            return;
        }
        let node = &self.nodes[n];
        let (rule, base, resource) = (node.rule, node.base.clone(), node.resource);
        for review in &rule.reviews {
            let id = self.nodes[n].id.clone();
            let kind = self.nodes[n].kind.clone();
            let unknown = Value::Text("unknown".to_owned());
            match self.set_by.get(&(id.clone(), review.prop.clone())) {
                // A rule found the value in the template: nothing to review.
                Some(false) => continue,
                Some(true) => {}
                None => {
                    if self
                        .catalog
                        .check_value(&kind, &review.prop, &unknown)
                        .is_ok()
                    {
                        self.set(n, &review.prop, unknown, &base, false);
                    }
                }
            }
            self.note(
                resource,
                &base,
                format!("{id}.{}: {}", review.prop, review.reason),
            );
        }
    }

    /// Applies one property rule reading `scope` (of resource `from`) onto node `n`.
    fn apply_property(&mut self, n: usize, p: &PropertyRule, scope: &J, base: &str, from: usize) {
        let selected = select(scope, base, &p.path);
        let documents: Vec<(String, J)>;
        let found = match &p.inside {
            None => selected,
            Some(inside) => {
                documents = selected
                    .iter()
                    .filter_map(|(at, v)| match document(v) {
                        Some(d) => Some((at.clone(), d)),
                        None => {
                            let why = if is_unknown(v) {
                                "unknown until apply"
                            } else {
                                "not a readable JSON document"
                            };
                            self.note(from, at, format!("{}: {why}: not set, to review", p.prop));
                            None
                        }
                    })
                    .collect();
                documents
                    .iter()
                    .flat_map(|(at, d)| select(d, at, inside))
                    .collect()
            }
        };
        let looked_for = format!("{base}.{}", p.path);
        if let Some((at, _)) = found.iter().find(|(_, v)| is_unknown(v)) {
            let message = format!("{}: unknown until apply: not set, to review", p.prop);
            self.note(from, at, message);
            return;
        }
        if let Some(copy) = p.copy {
            let Some((at, value)) = found.first() else {
                return;
            };
            let converted = match (copy, value) {
                (Copy::Text, J::String(s)) => Some(Value::Text(s.clone())),
                (Copy::OpenapiSideEffects, J::String(s)) => openapi_side_effects(s),
                (Copy::Text, J::Object(o)) if o.len() == 1 => {
                    // A `Fn::Sub` string keeps its `${…}` placeholders: the rest (a model id
                    // in an ARN) is what the reviewer needs.
                    o.get("Fn::Sub")
                        .and_then(J::as_str)
                        .map(|s| Value::Text(s.to_owned()))
                }
                (Copy::Number, J::Number(x)) => x.as_f64().map(Value::Number),
                (Copy::Number, J::String(s)) => s.parse::<f64>().ok().map(Value::Number),
                _ => None,
            };
            match converted {
                Some(v) => self.set(n, &p.prop, v, at, false),
                None => self.note(
                    from,
                    at,
                    format!(
                        "{}: the value is computed or not a {}: to review",
                        p.prop,
                        match copy {
                            Copy::Text => "string",
                            Copy::Number => "number",
                            Copy::OpenapiSideEffects => "readable OpenAPI document",
                        }
                    ),
                ),
            }
            return;
        }
        let Some(value) = &p.value else { return };
        let condition = p
            .any_of
            .as_ref()
            .map(|l| (l, Test::AnyOf))
            .or(p.none_of.as_ref().map(|l| (l, Test::NoneOf)))
            .or(p.contains.as_ref().map(|l| (l, Test::Contains)));
        let holds_at = match condition {
            None => found.first().map(|(at, _)| at.clone()),
            Some((list, test)) => {
                let mut texts = Vec::new();
                for (at, v) in &found {
                    // A part of a text can be read in a `Fn::Sub` as written (`…:inference-
                    // profile/${Name}`); a whole value cannot.
                    let text = match test {
                        Test::Contains => scalar_text(v).or_else(|| sub_text(v)),
                        Test::AnyOf | Test::NoneOf => scalar_text(v),
                    };
                    match text {
                        Some(t) => texts.push((at, t)),
                        None => {
                            self.note(
                                from,
                                at,
                                format!(
                                    "{}: the value is computed (an intrinsic function): to review",
                                    p.prop
                                ),
                            );
                            return;
                        }
                    }
                }
                let pred = |t: &String| match test {
                    Test::AnyOf => list.contains(t),
                    Test::NoneOf => !list.contains(t),
                    Test::Contains => list.iter().any(|part| t.contains(part.as_str())),
                };
                if p.every {
                    (!texts.is_empty() && texts.iter().all(|(_, t)| pred(t)))
                        .then(|| looked_for.clone())
                } else {
                    texts
                        .iter()
                        .find(|(_, t)| pred(t))
                        .map(|(at, _)| (*at).clone())
                }
            }
        };
        let chosen = match &holds_at {
            Some(_) => Some(value),
            None => p.otherwise.as_ref(),
        };
        if p.every_resource && !chosen.is_some_and(|v| self.combine_every(n, &p.prop, v)) {
            return;
        }
        match (holds_at, &p.otherwise) {
            (Some(at), _) => self.set(n, &p.prop, value.clone(), &at, false),
            (None, Some(otherwise)) => self.set(
                n,
                &p.prop,
                otherwise.clone(),
                &format!("{looked_for} (not found or not matching)"),
                true,
            ),
            (None, None) => {}
        }
    }

    /// For a property several resources set (`every_resource`): whether `value` is to be set
    /// now. A `false` already set stays; a `false` replaces a `true`.
    fn combine_every(&mut self, n: usize, prop: &str, value: &Value) -> bool {
        let id = self.nodes[n].id.clone();
        let current = self
            .components
            .get(&id)
            .and_then(|c| c.properties.get(prop));
        match (current, value) {
            (Some(Value::Bool(false)), _) => false,
            (Some(Value::Bool(true)), Value::Bool(false)) => {
                self.set_by.remove(&(id, prop.to_owned()));
                true
            }
            _ => true,
        }
    }

    /// Sets a property on a node's component, checked against the catalog; `fallback` values
    /// (`otherwise`) never replace a value a rule found.
    fn set(&mut self, n: usize, prop: &str, value: Value, from: &str, fallback: bool) {
        let node = &self.nodes[n];
        let (id, kind, resource) = (node.id.clone(), node.kind.clone(), node.resource);
        let key = (id.clone(), prop.to_owned());
        match self.set_by.get(&key) {
            Some(false) => return,
            Some(true) if fallback => return,
            _ => {}
        }
        if let Err(e) = self.catalog.check_value(&kind, prop, &value) {
            self.note(resource, from, format!("{id}.{prop} not set: {e}"));
            return;
        }
        self.set_by.insert(key, fallback);
        if let Some(component) = self.components.get_mut(&id) {
            component.properties.insert(prop.to_owned(), value.clone());
        }
        let report = &mut self.reports[resource];
        report
            .properties
            .retain(|p| !(p.component == id.as_str() && p.property == prop));
        report.properties.push(PropertySet {
            component: id.to_string(),
            property: prop.to_owned(),
            value,
            from: from.to_owned(),
        });
    }

    fn note(&mut self, resource: usize, path: &str, message: String) {
        self.reports[resource].notes.push(Note {
            path: path.to_owned(),
            message,
        });
    }

    /// The component a reference's target stands for; notes why when none.
    fn target(&mut self, holder: usize, reference: &Reference) -> Option<ComponentId> {
        let Some(&target) = self.by_logical.get(reference.target.as_str()) else {
            // Parameters and pseudo parameters are not resources.
            return None;
        };
        if let Some(id) = self.owner.get(&target) {
            return Some(id.clone());
        }
        if self.reports[target].outcome == Outcome::Unmapped {
            let message = format!(
                "refers to {} ({}), which is unmapped: no flow drawn",
                reference.target, self.resources[target].resource_type
            );
            self.note(holder, &reference.path, message);
        }
        None
    }

    /// Pass 3b: flows from the references of a node.
    fn read_references(&mut self, n: usize) {
        let node = &self.nodes[n];
        let (rule, resource, holder) = (node.rule, node.resource, node.id.clone());
        if holder.as_str().is_empty() || node.part {
            return;
        }
        if node.item {
            if let Some(&own) = self.own.get(&resource) {
                let owner = self.nodes[own].id.clone();
                self.flow(&owner, &holder, rule.flow.unwrap_or(Direction::To));
            }
        }
        let mut consumed: BTreeSet<String> = BTreeSet::new();
        // Parts: holder → part (or part → holder), unless a guardrail sits between.
        let parts: Vec<(String, ComponentId, Direction)> = self
            .nodes
            .iter()
            .filter(|p| p.resource == resource && !p.item && p.id != holder && p.drawn)
            .filter_map(|p| {
                let suffix = p.rule.suffix.clone()?;
                Some((suffix, p.id.clone(), p.rule.flow.unwrap_or(Direction::To)))
            })
            .collect();
        if self.nodes[n].drawn && !self.nodes[n].item {
            for (_, part, direction) in &parts {
                self.flow(&holder, part, *direction);
            }
        }
        for r in &rule.references {
            for reference in self.references_under(n, &r.path) {
                consumed.insert(reference.path.clone());
                let Some(target) = self.target(resource, &reference) else {
                    continue;
                };
                if let Some(part) = &r.via_part {
                    let part_id = parts
                        .iter()
                        .find(|(s, _, _)| s == part)
                        .map(|(_, id, _)| id.clone())
                        .or_else(|| self.part_stand_in(n, part));
                    if let Some(part_id) = part_id {
                        self.suppressed.insert((holder.clone(), part_id.clone()));
                        self.flow(&holder, &target, Direction::To);
                        self.flow(&target, &part_id, Direction::To);
                        continue;
                    }
                }
                self.flow(&holder, &target, r.flow);
            }
        }
        for path in rule.stands_for.iter().chain(&rule.ignore) {
            for reference in self.references_under(n, path) {
                consumed.insert(reference.path);
            }
        }
        // Key references: key → holder, and what a key sets.
        let node = &self.nodes[n];
        let base = node.base.clone();
        let is_item = node.item;
        let items: Vec<String> = self
            .nodes
            .iter()
            .filter(|o| o.resource == resource && o.item)
            .map(|o| o.base.clone())
            .collect();
        let belongs =
            |path: &str| under(path, &base) && (is_item || !items.iter().any(|i| under(path, i)));
        let walk = &self.resources[resource].walk;
        let key_paths: Vec<String> = walk
            .keys
            .iter()
            .filter(|path| belongs(path))
            .cloned()
            .collect();
        let references: Vec<Reference> = walk
            .references
            .iter()
            .filter(|r| belongs(&r.path))
            .cloned()
            .collect();
        for key_path in &key_paths {
            if self.applies_properties(n) {
                for (prop, value) in &self.mapping.key_sets {
                    if self
                        .catalog
                        .check_value(&self.nodes[n].kind, prop, value)
                        .is_ok()
                    {
                        self.set(n, prop, value.clone(), key_path, false);
                    }
                }
            }
            for reference in references.iter().filter(|r| under(&r.path, key_path)) {
                consumed.insert(reference.path.clone());
                if let Some(key) = self.target(resource, reference) {
                    self.flow(&holder, &key, Direction::From);
                }
            }
        }
        // Everything else: holder → target.
        for reference in references.iter().filter(|r| !consumed.contains(&r.path)) {
            if let Some(target) = self.target(resource, reference) {
                self.flow(&holder, &target, Direction::To);
            }
        }
    }

    fn flow(&mut self, holder: &ComponentId, other: &ComponentId, direction: Direction) {
        match direction {
            Direction::To => {
                self.flows.insert((holder.clone(), other.clone()));
            }
            Direction::From => {
                self.flows.insert((other.clone(), holder.clone()));
            }
            Direction::ToTargetsOf => self.through.push((holder.clone(), other.clone())),
            Direction::None => {}
        }
    }

    /// The network (VPC) resource `index` runs in, by its rule's `network` paths: a key and a
    /// label. A subnet or security group names its VPC the same way (followed through `known`,
    /// which holds each resource's answer once found, and `None` while it is being looked
    /// for, so that a cycle or a hostile fan-out costs each resource one look); a parameter
    /// holding subnet ids stands for a VPC the template does not declare.
    fn network_of(
        &self,
        index: usize,
        depth: usize,
        known: &mut BTreeMap<usize, Option<(String, String)>>,
    ) -> Option<(String, String)> {
        if let Some(found) = known.get(&index) {
            return found.clone();
        }
        if depth > MAX_NETWORK_STEPS {
            return None;
        }
        known.insert(index, None);
        let resource = &self.resources[index];
        let rule = self.mapping.resource(resource.resource_type)?;
        for path in &rule.network {
            for (at, _) in select(resource.properties, &resource.base, path) {
                let references = resource.walk.references.iter();
                for r in references.filter(|r| under(&r.path, &at)) {
                    if r.target.starts_with("AWS::") {
                        continue;
                    }
                    let found = match self.by_logical.get(r.target.as_str()) {
                        None => Some((r.target.clone(), format!("VPC of {}", r.target))),
                        Some(&target) => {
                            let names_its_own = self
                                .mapping
                                .resource(self.resources[target].resource_type)
                                .is_some_and(|t| !t.network.is_empty());
                            if names_its_own {
                                self.network_of(target, depth + 1, known)
                            } else {
                                Some((r.target.clone(), r.target.clone()))
                            }
                        }
                    };
                    if found.is_some() {
                        known.insert(index, found.clone());
                        return found;
                    }
                }
            }
        }
        None
    }

    /// Boundaries: the shared zones components sit in (third-party services) and the networks
    /// they run in; each component is put in its own, and the report says what was drawn.
    fn draw_boundaries(&mut self) -> (Vec<Boundary>, Vec<String>) {
        let mut members: BTreeMap<BoundaryId, (Boundary, Vec<String>)> = BTreeMap::new();
        let mut place = |boundary: Boundary, component: &ComponentId| {
            let entry = members
                .entry(boundary.id.clone())
                .or_insert_with(|| (boundary, Vec::new()));
            if !entry.1.contains(&component.to_string()) {
                entry.1.push(component.to_string());
            }
        };
        let new = |id: String, label: String, trust: Trust| Boundary {
            id: BoundaryId::new(sanitize(&id)),
            label: clip(&label, MAX_LABEL_CHARS),
            trust,
            parent: None,
            position: None,
            size: None,
        };
        for node in self.nodes.iter().filter(|n| n.drawn) {
            let Some(trust) = node.zone else { continue };
            let label = self
                .catalog
                .boundary_trusts()
                .iter()
                .find(|t| t.trust == trust)
                .map_or_else(|| trust.id().to_owned(), |t| t.label.clone());
            place(new(format!("zone_{}", trust.id()), label, trust), &node.id);
        }
        let mut known = BTreeMap::new();
        for index in 0..self.resources.len() {
            let Some(owner) = self.owner.get(&index) else {
                continue;
            };
            if let Some((key, label)) = self.network_of(index, 0, &mut known) {
                let boundary = new(format!("vpc_{key}"), label, Trust::Private);
                place(boundary, owner);
            }
        }
        let mut boundaries = Vec::new();
        let mut notes = Vec::new();
        for (id, (boundary, ids)) in members {
            let mut drawn = Vec::new();
            for member in &ids {
                if let Some(c) = self.components.get_mut(&ComponentId::new(member.clone())) {
                    c.boundary = Some(id.clone());
                    drawn.push(member.as_str());
                }
            }
            if drawn.is_empty() {
                continue;
            }
            notes.push(format!(
                "boundary {id} ({}, {}): {}",
                boundary.label,
                boundary.trust.id(),
                drawn.join(", ")
            ));
            boundaries.push(boundary);
        }
        (boundaries, notes)
    }

    fn finish(mut self) -> Import {
        let (boundaries, boundary_notes) = self.draw_boundaries();
        for pair in &self.suppressed {
            self.flows.remove(pair);
        }
        let through = std::mem::take(&mut self.through);
        for (holder, target) in through {
            let downstream: Vec<ComponentId> = self
                .flows
                .iter()
                .filter(|(from, to)| from == &target && to != &holder)
                .map(|(_, to)| to.clone())
                .collect();
            for to in downstream {
                self.flows.insert((holder.clone(), to));
            }
        }
        let mut flows = Vec::new();
        let mut flow_ids = BTreeSet::new();
        for (from, to) in &self.flows {
            if from == to
                || !self.components.contains_key(from)
                || !self.components.contains_key(to)
            {
                continue;
            }
            let base = sanitize(&format!("{from}-{to}"));
            let mut id = base.clone();
            let mut n = 2;
            while !flow_ids.insert(id.clone()) {
                let suffix = format!("_{n}");
                id = format!(
                    "{}{suffix}",
                    clip(&base, MAX_ID_CHARS - suffix.chars().count())
                );
                n += 1;
            }
            flows.push(Flow {
                id: FlowId::new(id),
                from: from.clone(),
                to: to.clone(),
                properties: Properties::new(),
            });
        }
        let mut notes = boundary_notes;
        let entry_kinds = ["user", "external_system", "client_app", "api_gateway"];
        if !self
            .components
            .values()
            .any(|c| entry_kinds.contains(&c.kind.as_str()))
        {
            notes.push(
                "no entry point found (no user, client app, API or external system): add the callers"
                    .to_owned(),
            );
        }
        let unmapped = self
            .reports
            .iter()
            .filter(|r| r.outcome == Outcome::Unmapped)
            .count();
        if unmapped > 0 {
            notes.push(format!("{unmapped} resource(s) unmapped: not drawn"));
        }
        Import {
            architecture: ArchitectureData {
                name: String::new(),
                boundaries,
                components: self.components.into_values().collect(),
                flows,
            },
            report: ImportReport {
                resources: self.reports,
                notes,
            },
        }
    }
}

/// An id from a name: control characters and whitespace become `_`, at most
/// [`MAX_ID_CHARS`] characters, never empty.
pub fn sanitize(name: &str) -> String {
    let id: String = name
        .chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .take(MAX_ID_CHARS)
        .collect();
    if id.is_empty() {
        "resource".to_owned()
    } else {
        id
    }
}

/// At most `limit` characters of `text`.
fn clip(text: &str, limit: usize) -> String {
    text.chars().take(limit).collect()
}
