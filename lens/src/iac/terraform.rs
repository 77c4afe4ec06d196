//! Terraform plans (`terraform show -json PLANFILE`, format 1.x) → an architecture and an
//! import report.
//!
//! A plan says two things the importer needs, in two places (INTERCHANGE §2.1):
//!
//! - **what each resource is**, in `planned_values` (the root module and its `child_modules`):
//!   one entry per resource instance, addressed `module.kb.aws_bedrockagent_knowledge_base.this`
//!   (or `aws_x.y[0]` with `count`), with its attribute values. Values only known after apply
//!   (new ARNs and ids) are missing there; `resource_changes[].change.after_unknown` marks them.
//! - **who refers to whom**, in `configuration`: per resource its `expressions`, where every
//!   argument is `{"constant_value": …}` or `{"references": ["aws_x.y.arn", "aws_x.y"]}`,
//!   nested blocks as objects or lists of them. References are module-relative: `var.v` inside
//!   a module is the calling `module_calls.<m>.expressions.v`, `module.m.out` is that module's
//!   `outputs.out.expression`; both are followed (with a bound and a cycle check) until they
//!   reach a managed resource, or nothing (a data source, a root variable, a local).
//!
//! Both are merged into one JSON object per resource instance: the planned values, with each
//! unknown value replaced by [`super::cloudformation::unknown`] (rules report it, never guess
//! it) and each argument that refers to resources replaced by CloudFormation's own reference
//! form (`{"Ref": address}`). The CloudFormation importer then reads those objects with the
//! Terraform mapping ([`Mapping::builtin_terraform`]): the passes, the reference rules and the
//! report are the same for both formats, and a component's id is its resource address.
//!
//! An `awscc_*` argument that is an object (the Cloud Control provider has attributes where the
//! AWS provider has blocks) holds its references inside one expression; they are placed on the
//! value inside it that shows the target's id or ARN, else on the unknown value named like the
//! referenced attribute, else on the next unknown value, else beside the object's values.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value as J};

use super::cloudformation::{import_resources, unknown, Resource, MAX_DEPTH, MAX_RESOURCES};
use super::{IacError, Import, Mapping, Note};
use crate::model::{Boundary, BoundaryId, Trust};

/// The most steps one reference may take through module variables and outputs.
pub const MAX_CHAIN: usize = 32;
/// The most resolution steps for one argument (a module graph that fans out is cut there).
const MAX_STEPS: usize = 10_000;
/// Where references go that cannot be placed on one value of an object argument.
const REFERENCES_KEY: &str = "lens::references";

/// Whether a JSON document is a Terraform plan: it has `format_version` and `terraform_version`
/// or `planned_values`.
pub fn is_plan(document: &J) -> bool {
    document.get("format_version").is_some()
        && (document.get("terraform_version").is_some() || document.get("planned_values").is_some())
}

/// Parses the text of a plan (JSON).
pub fn parse(text: &str) -> Result<J, IacError> {
    super::parse_json(text)
}

/// Imports a plan's text with a mapping ([`Mapping::builtin_terraform`]); `name` becomes the
/// architecture's name.
pub fn import_text(text: &str, name: &str, mapping: &Mapping) -> Result<Import, IacError> {
    import(&parse(text)?, name, mapping)
}

/// Imports a parsed plan.
pub fn import(plan: &J, name: &str, mapping: &Mapping) -> Result<Import, IacError> {
    check_version(plan)?;
    let Some(planned) = plan.get("planned_values") else {
        let what = if plan.get("values").is_some() {
            "it is a state (terraform show -json without a plan file), which has no \
             configuration to read references from; run `terraform plan -out plan` and \
             `terraform show -json plan`"
        } else {
            "it has no \"planned_values\""
        };
        return Err(IacError::NotAPlan(what.to_owned()));
    };
    let mut notes = Vec::new();
    let mut instances = Vec::new();
    let root = planned.get("root_module").unwrap_or(&J::Null);
    collect_planned(
        root,
        "planned_values.root_module",
        0,
        &mut instances,
        &mut notes,
    )?;
    let config = plan
        .get("configuration")
        .and_then(|c| c.get("root_module"))
        .map(|m| ConfigModule::read(m, 0, &mut notes))
        .unwrap_or_default();
    if plan.get("configuration").is_none() {
        notes.push(
            "the plan has no \"configuration\": no references are read, so no flows are drawn"
                .to_owned(),
        );
    }
    let changes = read_changes(plan, &mut notes);

    let mut by_config: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, instance) in instances.iter().enumerate() {
        by_config
            .entry(instance.config_address.clone())
            .or_default()
            .push(i);
    }
    let plan_view = PlanView {
        config: &config,
        instances: &instances,
        by_config: &by_config,
    };
    let mut built: Vec<(usize, J, Vec<Note>)> = Vec::with_capacity(instances.len());
    for (i, instance) in instances.iter().enumerate() {
        let mut values = instance.values.clone();
        if !values.is_object() {
            values = J::Object(Map::new());
        }
        if let Some(after_unknown) = changes.get(instance.address.as_str()) {
            mark_unknown(&mut values, after_unknown, 0);
        }
        let mut own = Vec::new();
        match config.resource(&instance.module, &instance.local_address) {
            Some(expressions) => {
                let mut placing = Placing {
                    plan: &plan_view,
                    holder: i,
                    notes: &mut own,
                };
                placing.block(expressions, &mut values, &instance.address, 0);
            }
            None if !config.is_empty() => own.push(Note {
                path: instance.address.clone(),
                message: "not in the plan's configuration: its references are not read".to_owned(),
            }),
            None => {}
        }
        built.push((i, values, own));
    }
    let resources: Vec<Resource<'_>> = built
        .iter()
        .map(|(i, values, _)| {
            let instance = &instances[*i];
            Resource::new(
                &instance.address,
                &instance.resource_type,
                instance.address.clone(),
                values,
                &mapping.key_properties,
            )
        })
        .collect();
    let mut import = import_resources(resources, name, "Terraform plan", mapping)?;
    for (i, _, own) in built {
        let address = &instances[i].address;
        if let Some(report) = import
            .report
            .resources
            .iter_mut()
            .find(|r| &r.logical_id == address)
        {
            report.notes.extend(own);
        }
    }
    import.report.notes.extend(notes);
    if let Some(account) = named_account(plan) {
        draw_account(&mut import, &account);
    }
    Ok(import)
}

/// The one AWS account the plan's `aws` providers name (`allowed_account_ids`, or the account
/// of the role they assume); None when they name none or several.
fn named_account(plan: &J) -> Option<String> {
    let providers = plan
        .get("configuration")?
        .get("provider_config")?
        .as_object()?;
    let mut accounts = BTreeSet::new();
    for provider in providers.values() {
        if provider.get("name").and_then(J::as_str) != Some("aws") {
            continue;
        }
        let Some(expressions) = provider.get("expressions") else {
            continue;
        };
        let allowed = expressions
            .get("allowed_account_ids")
            .and_then(|a| a.get("constant_value"))
            .and_then(J::as_array);
        for id in allowed.into_iter().flatten().filter_map(J::as_str) {
            accounts.insert(id.to_owned());
        }
        let roles = expressions.get("assume_role").and_then(J::as_array);
        for role in roles.into_iter().flatten() {
            let arn = role
                .get("role_arn")
                .and_then(|r| r.get("constant_value"))
                .and_then(J::as_str);
            // arn:aws:iam::123456789012:role/deploy
            if let Some(account) = arn.and_then(|a| a.split(':').nth(4)) {
                if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
                    accounts.insert(account.to_owned());
                }
            }
        }
    }
    let mut accounts = accounts.into_iter();
    match (accounts.next(), accounts.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// A top-level boundary for the account the plan deploys to: it holds every component not
/// already in a zone of its own, and the networks drawn inside the account.
fn draw_account(import: &mut Import, account: &str) {
    let id = BoundaryId::new(format!("account_{account}"));
    let data = &mut import.architecture;
    if data.boundaries.iter().any(|b| b.id == id) {
        return;
    }
    for boundary in &mut data.boundaries {
        if boundary.parent.is_none() && boundary.trust == Trust::Private {
            boundary.parent = Some(id.clone());
        }
    }
    let mut members = 0;
    for component in &mut data.components {
        if component.boundary.is_none() {
            component.boundary = Some(id.clone());
            members += 1;
        }
    }
    data.boundaries.insert(
        0,
        Boundary {
            id: id.clone(),
            label: format!("AWS account {account}"),
            trust: Trust::Private,
            parent: None,
            position: None,
            size: None,
        },
    );
    import.report.notes.push(format!(
        "boundary {id} (AWS account {account}, private): the account the providers deploy to, \
         around {members} component(s) and the networks in it"
    ));
}

fn check_version(plan: &J) -> Result<(), IacError> {
    if !plan.is_object() {
        return Err(IacError::NotAPlan(
            "the document is not an object".to_owned(),
        ));
    }
    match plan.get("format_version") {
        Some(J::String(version)) if version.split('.').next() == Some("1") => Ok(()),
        Some(J::String(version)) => Err(IacError::UnsupportedVersion(version.clone())),
        Some(other) => Err(IacError::UnsupportedVersion(other.to_string())),
        None => Err(IacError::NotAPlan(
            "it has no \"format_version\"".to_owned(),
        )),
    }
}

fn invalid(path: &str, message: &str) -> IacError {
    IacError::Invalid {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Planned values

/// One managed resource instance of `planned_values`.
struct Instance {
    /// `module.kb[0].aws_x.this["a"]`.
    address: String,
    /// The address without instance keys: `module.kb.aws_x.this`.
    config_address: String,
    /// The module path without instance keys: `["kb"]`.
    module: Vec<String>,
    /// The instance key of each module of the path as written (`[0]`, `["a"]`, or empty).
    module_keys: Vec<String>,
    /// `aws_x.this`, without instance keys.
    local_address: String,
    resource_type: String,
    values: J,
}

fn collect_planned(
    module: &J,
    at: &str,
    depth: usize,
    out: &mut Vec<Instance>,
    notes: &mut Vec<String>,
) -> Result<(), IacError> {
    if depth > MAX_DEPTH {
        notes.push(format!(
            "{at}: modules nested deeper than {MAX_DEPTH} levels are not read"
        ));
        return Ok(());
    }
    let mut data = 0usize;
    for (i, resource) in module
        .get("resources")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let here = format!("{at}.resources[{i}]");
        let (Some(address), Some(resource_type)) = (
            resource.get("address").and_then(J::as_str),
            resource.get("type").and_then(J::as_str),
        ) else {
            return Err(invalid(
                &here,
                "expected a resource with an address and a type",
            ));
        };
        if resource.get("mode").and_then(J::as_str) == Some("data") {
            data += 1;
            continue;
        }
        if out.len() >= MAX_RESOURCES {
            return Err(invalid(
                "planned_values",
                &format!("more than {MAX_RESOURCES} resources; at most {MAX_RESOURCES} are read"),
            ));
        }
        let (module_path, module_keys, local) = split_address(address);
        let config_address = module_path
            .iter()
            .map(|m| format!("module.{m}."))
            .chain(std::iter::once(local.clone()))
            .collect();
        out.push(Instance {
            address: address.to_owned(),
            config_address,
            module: module_path,
            module_keys,
            local_address: local,
            resource_type: resource_type.to_owned(),
            values: resource.get("values").cloned().unwrap_or(J::Null),
        });
    }
    if data > 0 {
        notes.push(format!(
            "{at}: {data} data source(s) read, not managed: not drawn (a reference to one draws no flow)"
        ));
    }
    for (i, child) in module
        .get("child_modules")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let address = child.get("address").and_then(J::as_str).unwrap_or("");
        let here = if address.is_empty() {
            format!("{at}.child_modules[{i}]")
        } else {
            address.to_owned()
        };
        collect_planned(child, &here, depth + 1, out, notes)?;
    }
    Ok(())
}

/// `after_unknown` per resource address, and notes on what the plan deletes.
fn read_changes<'p>(plan: &'p J, notes: &mut Vec<String>) -> BTreeMap<&'p str, &'p J> {
    let mut out = BTreeMap::new();
    let mut deleted = 0usize;
    for change in plan
        .get("resource_changes")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        let Some(address) = change.get("address").and_then(J::as_str) else {
            continue;
        };
        let Some(change) = change.get("change") else {
            continue;
        };
        let actions: Vec<&str> = change
            .get("actions")
            .and_then(J::as_array)
            .into_iter()
            .flatten()
            .filter_map(J::as_str)
            .collect();
        if actions == ["delete"] {
            deleted += 1;
        }
        if let Some(after_unknown) = change.get("after_unknown") {
            out.insert(address, after_unknown);
        }
    }
    if deleted > 0 {
        notes.push(format!("{deleted} resource(s) the plan deletes: not drawn"));
    }
    out
}

/// Replaces every value `after_unknown` marks `true` with the unknown stand-in.
fn mark_unknown(values: &mut J, after_unknown: &J, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match after_unknown {
        J::Bool(true) => *values = unknown(),
        J::Object(marks) => {
            if !values.is_object() {
                if marks.values().all(|m| m == &J::Bool(false)) {
                    return;
                }
                *values = J::Object(Map::new());
            }
            if let J::Object(object) = values {
                for (key, mark) in marks {
                    if mark == &J::Bool(false) {
                        continue;
                    }
                    let slot = object.entry(key.clone()).or_insert(J::Null);
                    mark_unknown(slot, mark, depth + 1);
                }
            }
        }
        J::Array(marks) => {
            if !marks.iter().any(|m| m != &J::Bool(false)) {
                return;
            }
            if !values.is_array() {
                *values = J::Array(Vec::new());
            }
            if let J::Array(items) = values {
                for (i, mark) in marks.iter().enumerate() {
                    if items.len() <= i {
                        items.push(J::Null);
                    }
                    mark_unknown(&mut items[i], mark, depth + 1);
                }
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Addresses and references

/// The dot-separated steps of an address or a reference, each without its instance key:
/// `module.kb["a.b"].aws_x.y[0].arn` → `module`, `kb`, `aws_x`, `y`, `arn`.
fn steps(text: &str) -> Vec<String> {
    keyed_steps(text)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// The steps of an address with their instance keys as written (`["a.b"]`, `[0]`, or empty).
fn keyed_steps(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut key = String::new();
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        if quoted {
            key.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                quoted = false;
            }
            continue;
        }
        match c {
            '"' if depth > 0 => {
                quoted = true;
                key.push(c);
            }
            '[' => {
                depth += 1;
                key.push(c);
            }
            ']' => {
                depth = depth.saturating_sub(1);
                key.push(c);
            }
            '.' if depth == 0 => {
                out.push((std::mem::take(&mut current), std::mem::take(&mut key)));
            }
            _ if depth == 0 => current.push(c),
            _ => key.push(c),
        }
    }
    out.push((current, key));
    out
}

/// The module path (names, and their instance keys as written) and the module-local address
/// (`type.name`, or `data.type.name`, without instance keys) of a resource address.
fn split_address(address: &str) -> (Vec<String>, Vec<String>, String) {
    let steps = keyed_steps(address);
    let mut modules = Vec::new();
    let mut keys = Vec::new();
    let mut i = 0;
    while i + 1 < steps.len() && steps[i].0 == "module" {
        modules.push(steps[i + 1].0.clone());
        keys.push(steps[i + 1].1.clone());
        i += 2;
    }
    let local: Vec<&str> = steps[i..].iter().map(|(name, _)| name.as_str()).collect();
    (modules, keys, local.join("."))
}

/// Whether a reference from `holder` may reach `target`: inside modules called with `count` or
/// `for_each`, an instance refers to the resources of its own instance of each module they share
/// (`module.group["a"].aws_x.y` to `module.group["a"].aws_z.w`, not to `module.group["b"]…`).
fn same_instances(holder: &Instance, target: &Instance) -> bool {
    for (i, (name, key)) in holder.module.iter().zip(&holder.module_keys).enumerate() {
        if target.module.get(i) != Some(name) {
            return true;
        }
        if target.module_keys.get(i) != Some(key) {
            return false;
        }
    }
    true
}

/// The `references` of an expression, anywhere inside it, without those another one refines
/// (`module.rag` when `module.rag.knowledge_base_id` is listed: Terraform lists every step).
fn references_of(expression: &J) -> Vec<String> {
    let mut all = Vec::new();
    gather_references(expression, 0, &mut all);
    let refined = |r: &String| {
        all.iter().any(|o| {
            o.len() > r.len()
                && o.starts_with(r.as_str())
                && matches!(o.as_bytes()[r.len()], b'.' | b'[')
        })
    };
    let mut out: Vec<String> = all.iter().filter(|r| !refined(r)).cloned().collect();
    out.dedup();
    out
}

fn gather_references(expression: &J, depth: usize, out: &mut Vec<String>) {
    if depth > MAX_DEPTH || out.len() > MAX_STEPS {
        return;
    }
    match expression {
        J::Object(object) => {
            for (key, value) in object {
                if key == "references" {
                    if let J::Array(list) = value {
                        out.extend(list.iter().filter_map(J::as_str).map(str::to_owned));
                        continue;
                    }
                }
                gather_references(value, depth + 1, out);
            }
        }
        J::Array(items) => {
            for item in items {
                gather_references(item, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// Whether an expression is one argument's (`{"constant_value": …}`, `{"references": […]}`),
/// not a nested block of arguments.
fn is_argument(expression: &J) -> bool {
    expression.as_object().is_some_and(|o| {
        o.is_empty()
            || o.contains_key("constant_value")
            || o.get("references").is_some_and(J::is_array)
    })
}

// ---------------------------------------------------------------------------------------------
// Configuration

/// A module of `configuration`: its resources' expressions, its calls and its outputs.
#[derive(Default)]
struct ConfigModule<'p> {
    /// Managed resources by module-local address (`aws_x.y`).
    resources: BTreeMap<String, &'p J>,
    calls: BTreeMap<String, Call<'p>>,
    outputs: BTreeMap<String, &'p J>,
}

struct Call<'p> {
    expressions: Option<&'p J>,
    module: ConfigModule<'p>,
}

impl<'p> ConfigModule<'p> {
    fn read(module: &'p J, depth: usize, notes: &mut Vec<String>) -> Self {
        let mut out = ConfigModule::default();
        if depth > MAX_DEPTH {
            notes.push(format!(
                "configuration: module calls nested deeper than {MAX_DEPTH} levels are not read"
            ));
            return out;
        }
        for resource in module
            .get("resources")
            .and_then(J::as_array)
            .into_iter()
            .flatten()
        {
            if resource.get("mode").and_then(J::as_str) == Some("data") {
                continue;
            }
            let Some(address) = resource.get("address").and_then(J::as_str) else {
                continue;
            };
            if let Some(expressions) = resource.get("expressions") {
                out.resources.insert(address.to_owned(), expressions);
            }
        }
        if let Some(outputs) = module.get("outputs").and_then(J::as_object) {
            for (name, output) in outputs {
                if let Some(expression) = output.get("expression") {
                    out.outputs.insert(name.clone(), expression);
                }
            }
        }
        if let Some(calls) = module.get("module_calls").and_then(J::as_object) {
            for (name, call) in calls {
                let child = call
                    .get("module")
                    .map(|m| ConfigModule::read(m, depth + 1, notes))
                    .unwrap_or_default();
                out.calls.insert(
                    name.clone(),
                    Call {
                        expressions: call.get("expressions"),
                        module: child,
                    },
                );
            }
        }
        out
    }

    fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.calls.is_empty()
    }

    fn module(&self, path: &[String]) -> Option<&ConfigModule<'p>> {
        let mut current = self;
        for name in path {
            current = &current.calls.get(name)?.module;
        }
        Some(current)
    }

    fn resource(&self, module: &[String], local: &str) -> Option<&'p J> {
        self.module(module)?.resources.get(local).copied()
    }
}

/// The plan as the placing of references reads it.
struct PlanView<'a, 'p> {
    config: &'a ConfigModule<'p>,
    instances: &'a [Instance],
    /// Config address → indices of its instances.
    by_config: &'a BTreeMap<String, Vec<usize>>,
}

/// What a reference resolved to.
#[derive(Default)]
struct Resolved {
    /// Instance indices, with the attribute the reference named on them.
    targets: BTreeSet<(usize, String)>,
    problems: BTreeSet<String>,
    steps: usize,
}

impl PlanView<'_, '_> {
    /// Follows `reference`, written in `module`, to the managed resources it reaches.
    fn resolve(
        &self,
        holder: &Instance,
        reference: &str,
        module: &[String],
        stack: &mut Vec<(Vec<String>, String)>,
        out: &mut Resolved,
    ) {
        out.steps += 1;
        if out.steps > MAX_STEPS {
            out.problems.insert(format!(
                "{reference}: more than {MAX_STEPS} steps through modules: not followed further"
            ));
            return;
        }
        let key = (module.to_vec(), reference.to_owned());
        if stack.contains(&key) {
            let chain: Vec<&str> = stack.iter().map(|(_, r)| r.as_str()).collect();
            out.problems.insert(format!(
                "cyclic reference: {} → {reference}: not followed",
                chain.join(" → ")
            ));
            return;
        }
        if stack.len() >= MAX_CHAIN {
            out.problems.insert(format!(
                "{reference}: more than {MAX_CHAIN} steps through module variables and outputs: not followed"
            ));
            return;
        }
        let steps = steps(reference);
        let Some(module_config) = self.config.module(module) else {
            return;
        };
        stack.push(key);
        match steps[0].as_str() {
            "var" if !module.is_empty() => {
                let (parent, call) = module.split_at(module.len() - 1);
                let expression = self
                    .config
                    .module(parent)
                    .and_then(|p| p.calls.get(&call[0]))
                    .and_then(|c| c.expressions)
                    .and_then(|e| steps.get(1).and_then(|name| e.get(name)));
                for next in expression.map(references_of).unwrap_or_default() {
                    self.resolve(holder, &next, parent, stack, out);
                }
            }
            "module" if steps.len() > 1 => {
                let mut child = module.to_vec();
                child.push(steps[1].clone());
                if let Some(call) = module_config.calls.get(&steps[1]) {
                    let outputs: Vec<&J> = match steps.get(2) {
                        Some(output) => call
                            .module
                            .outputs
                            .get(output)
                            .copied()
                            .into_iter()
                            .collect(),
                        None => call.module.outputs.values().copied().collect(),
                    };
                    for next in outputs.into_iter().flat_map(references_of) {
                        self.resolve(holder, &next, &child, stack, out);
                    }
                }
            }
            "local" => {
                out.problems.insert(format!(
                    "{reference}: locals are not in the plan's configuration: not followed"
                ));
            }
            // Root variables have their value in the plan; the rest are not resources.
            "var" | "module" | "data" | "each" | "count" | "path" | "terraform" | "self" => {}
            _ if steps.len() >= 2 => {
                let local = format!("{}.{}", steps[0], steps[1]);
                if module_config.resources.contains_key(&local) {
                    let address: String = module
                        .iter()
                        .map(|m| format!("module.{m}."))
                        .chain(std::iter::once(local))
                        .collect();
                    let attribute = steps.get(2).cloned().unwrap_or_default();
                    for &i in self.by_config.get(&address).into_iter().flatten() {
                        if same_instances(holder, &self.instances[i]) {
                            out.targets.insert((i, attribute.clone()));
                        }
                    }
                }
            }
            _ => {}
        }
        stack.pop();
    }
}

// ---------------------------------------------------------------------------------------------
// Placing references into the planned values

struct Placing<'a, 'b, 'p> {
    plan: &'a PlanView<'a, 'p>,
    holder: usize,
    notes: &'b mut Vec<Note>,
}

impl Placing<'_, '_, '_> {
    /// Places the references of a block's arguments (`expressions`) into its values.
    fn block(&mut self, expressions: &J, values: &mut J, at: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.note(
                at,
                format!("nested deeper than {MAX_DEPTH} levels: not read"),
            );
            return;
        }
        let Some(arguments) = expressions.as_object() else {
            return;
        };
        for (key, expression) in arguments {
            let here = format!("{at}.{key}");
            if is_argument(expression) {
                self.argument(expression, values, key, &here);
                continue;
            }
            if !has_references(expression, 0) {
                continue;
            }
            let slot = child(values, key);
            match expression {
                J::Array(blocks) => {
                    if !slot.is_array() {
                        *slot = J::Array(Vec::new());
                    }
                    if let J::Array(items) = slot {
                        for (i, block) in blocks.iter().enumerate() {
                            if items.len() <= i {
                                items.push(J::Object(Map::new()));
                            }
                            self.block(block, &mut items[i], &format!("{here}[{i}]"), depth + 1);
                        }
                    }
                }
                _ => {
                    // One nested block: the plan lists it as a one-element list.
                    if slot.is_array() {
                        if let J::Array(items) = slot {
                            if items.is_empty() {
                                items.push(J::Object(Map::new()));
                            }
                            self.block(expression, &mut items[0], &format!("{here}[0]"), depth + 1);
                        }
                    } else {
                        if !slot.is_object() || is_unknown_value(slot) {
                            *slot = J::Object(Map::new());
                        }
                        self.block(expression, slot, &here, depth + 1);
                    }
                }
            }
        }
    }

    /// Places one argument's references at `values[key]`.
    fn argument(&mut self, expression: &J, values: &mut J, key: &str, at: &str) {
        let references = references_of(expression);
        if references.is_empty() {
            return;
        }
        let plan = self.plan;
        let holder = &plan.instances[self.holder];
        let mut resolved = Resolved::default();
        for reference in &references {
            plan.resolve(
                holder,
                reference,
                &holder.module,
                &mut Vec::new(),
                &mut resolved,
            );
        }
        for problem in std::mem::take(&mut resolved.problems) {
            self.note(at, problem);
        }
        resolved.targets.retain(|(i, _)| *i != self.holder);
        let slot = child(values, key);
        if resolved.targets.is_empty() {
            if is_unknown_value(slot) {
                self.note(
                    at,
                    format!(
                        "set from {} but unknown until apply, and no resource of the plan: to review",
                        references.join(", ")
                    ),
                );
            }
            return;
        }
        let targets: Vec<(usize, String)> = resolved.targets.into_iter().collect();
        match slot {
            J::Object(object) if !is_unknown_object(object) => {
                self.inside(slot, &targets, at);
            }
            J::Array(_) => self.inside(slot, &targets, at),
            _ => *slot = reference_value(targets.iter().map(|(i, _)| self.address(*i))),
        }
    }

    /// Places references inside an object or list value (an `awscc_*` attribute).
    fn inside(&mut self, value: &mut J, targets: &[(usize, String)], at: &str) {
        let mut leaves = Vec::new();
        leaves_of(value, String::new(), 0, &mut leaves);
        let mut placed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut free: Vec<&Leaf> = leaves.iter().filter(|l| l.unknown).collect();
        let mut left = Vec::new();
        for (target, attribute) in targets {
            let shown = self.shown_values(*target);
            let by_value: Vec<&Leaf> = leaves
                .iter()
                .filter(|l| l.text.as_ref().is_some_and(|t| shown.contains(t.as_str())))
                .collect();
            if !by_value.is_empty() {
                for leaf in by_value {
                    placed
                        .entry(leaf.pointer.clone())
                        .or_default()
                        .push(*target);
                }
                continue;
            }
            let by_name = free
                .iter()
                .position(|l| !attribute.is_empty() && &l.key == attribute)
                .or(if free.is_empty() { None } else { Some(0) });
            match by_name {
                Some(p) => {
                    let leaf = free.remove(p);
                    placed
                        .entry(leaf.pointer.clone())
                        .or_default()
                        .push(*target);
                }
                None => left.push(*target),
            }
        }
        for (pointer, on) in placed {
            if let Some(slot) = value.pointer_mut(&pointer) {
                *slot = reference_value(on.iter().map(|&i| self.address(i)));
            }
        }
        if left.is_empty() {
            return;
        }
        let container = match value {
            J::Array(items) => items.iter_mut().find(|i| i.is_object()),
            object @ J::Object(_) => Some(object),
            _ => None,
        };
        match container.and_then(J::as_object_mut) {
            Some(object) => {
                object.insert(
                    REFERENCES_KEY.to_owned(),
                    reference_value(left.iter().map(|&i| self.address(i))),
                );
            }
            None => {
                let names: Vec<&str> = left.iter().map(|&i| self.address(i)).collect();
                self.note(
                    at,
                    format!(
                        "refers to {} but has no place for it: no flow drawn",
                        names.join(", ")
                    ),
                );
            }
        }
    }

    /// The string values a resource shows at its top level (its id, ARN, name): what another
    /// resource's argument holds when it refers to it by value.
    fn shown_values(&self, target: usize) -> BTreeSet<&str> {
        self.plan.instances[target]
            .values
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(_, v)| v.as_str())
            .filter(|s| s.chars().count() >= 6)
            .collect()
    }

    fn address(&self, instance: usize) -> &str {
        &self.plan.instances[instance].address
    }

    fn note(&mut self, path: &str, message: String) {
        self.notes.push(Note {
            path: path.to_owned(),
            message,
        });
    }
}

/// A scalar or unknown value inside an object argument.
struct Leaf {
    /// A JSON pointer from the argument's value.
    pointer: String,
    /// The key that holds it (`knowledge_base_id`).
    key: String,
    text: Option<String>,
    unknown: bool,
}

fn leaves_of(value: &J, pointer: String, depth: usize, out: &mut Vec<Leaf>) {
    if depth > MAX_DEPTH || out.len() > MAX_STEPS {
        return;
    }
    let key = pointer
        .rsplit('/')
        .next()
        .unwrap_or("")
        .replace("~1", "/")
        .replace("~0", "~");
    match value {
        J::Object(object) if !is_unknown_object(object) => {
            for (k, v) in object {
                let escaped = k.replace('~', "~0").replace('/', "~1");
                leaves_of(v, format!("{pointer}/{escaped}"), depth + 1, out);
            }
        }
        J::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves_of(v, format!("{pointer}/{i}"), depth + 1, out);
            }
        }
        J::Object(_) => out.push(Leaf {
            pointer,
            key,
            text: None,
            unknown: true,
        }),
        J::String(s) => out.push(Leaf {
            pointer,
            key,
            text: Some(s.clone()),
            unknown: false,
        }),
        _ => out.push(Leaf {
            pointer,
            key,
            text: None,
            unknown: false,
        }),
    }
}

/// `values[key]`, created as null when missing (and `values` made an object when it is not).
fn child<'v>(values: &'v mut J, key: &str) -> &'v mut J {
    if !values.is_object() {
        *values = J::Object(Map::new());
    }
    // Indexing an object by a missing key inserts null.
    &mut values[key]
}

fn has_references(expression: &J, depth: usize) -> bool {
    let mut found = Vec::new();
    gather_references(expression, depth, &mut found);
    !found.is_empty()
}

fn is_unknown_object(object: &Map<String, J>) -> bool {
    object.len() == 1 && object.contains_key(super::cloudformation::UNKNOWN)
}

fn is_unknown_value(value: &J) -> bool {
    value.as_object().is_some_and(is_unknown_object)
}

/// `{"Ref": address}` for one target, a join of them for several.
fn reference_value<'a>(addresses: impl Iterator<Item = &'a str>) -> J {
    let mut refs: Vec<J> = addresses
        .map(|a| {
            let mut object = Map::new();
            object.insert("Ref".to_owned(), J::String(a.to_owned()));
            J::Object(object)
        })
        .collect();
    if refs.len() == 1 {
        return refs.remove(0);
    }
    let mut join = Map::new();
    join.insert(
        "Fn::Join".to_owned(),
        J::Array(vec![J::String(String::new()), J::Array(refs)]),
    );
    J::Object(join)
}
