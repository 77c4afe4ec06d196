//! Compiling the rule format into validated rules: the [`Compiler`] resolves every name against
//! the catalog (kinds and categories to sets of kinds, properties to their types and defaults)
//! and collects every problem, each naming its field, instead of stopping at the first. Condition
//! families ([`super::condition`]) compile their own formats with its help.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;

use super::condition::{self, Condition};
use super::format::{
    FlowSelectorFormat, HoldsFormat, PredicateFormat, PropertyFormat, SelectorFormat,
};
use super::operator::{value_holds, Operator, Test};
use super::select::{FlowSelector, Holds, PropertyCondition, Selector};
use crate::catalog::vocabulary::{PropertyInfo, ValueType, Vocabulary};
use crate::model::{DataClass, Value};
use crate::practices::Dimension;

/// One problem found while compiling a rule: the field (a dotted path in the rule) and what is
/// wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldProblem {
    pub field: String,
    pub problem: String,
}

/// The responsible-AI dimensions a rule or checklist item lists (its `dimensions` field), in the
/// lens's order whatever the order written, with a problem for each name that is not a dimension
/// and for each dimension listed twice.
pub(crate) fn resolve_dimensions(names: &[String]) -> (Vec<Dimension>, Vec<FieldProblem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let field = format!("dimensions[{i}]");
        match name.parse::<Dimension>() {
            Ok(d) if found.contains(&d) => problems.push(FieldProblem {
                field,
                problem: format!("\"{name}\" is listed twice"),
            }),
            Ok(d) => found.push(d),
            Err(_) => problems.push(FieldProblem {
                field,
                problem: format!(
                    "\"{name}\" is not a responsible-AI dimension; use one of {}",
                    Dimension::every_id()
                ),
            }),
        }
    }
    found.sort();
    (found, problems)
}

/// What a rule's subjects are: what its `requires` conditions are checked on.
#[derive(Clone, Debug)]
pub(crate) enum Subjects {
    /// Components of these kinds (`None`: any kind).
    Components(Option<BTreeSet<String>>),
    Flows,
}

/// What a property condition is about.
pub(crate) enum Owner<'a> {
    /// A component of one of these kinds (`None`: any kind).
    Components(Option<&'a BTreeSet<String>>),
    Flows,
}

impl<'a> Owner<'a> {
    fn of(subjects: &'a Subjects) -> Self {
        match subjects {
            Subjects::Components(kinds) => Owner::Components(kinds.as_ref()),
            Subjects::Flows => Owner::Flows,
        }
    }
}

/// A property resolved against the catalog: its entries for the kinds concerned, the defaults per
/// kind, and the flow default.
type Resolved<'v> = (Vec<&'v PropertyInfo>, Vec<(String, Value)>, Option<Value>);

/// Compiles the parts of one rule, collecting problems.
pub(crate) struct Compiler<'v> {
    pub vocab: &'v Vocabulary,
    problems: Vec<FieldProblem>,
    subjects: Subjects,
    /// Every property condition compiled, with whether it is about flows (for the tests that
    /// check the encoded conditions against the property maps).
    pub compiled: Vec<(PropertyCondition, bool)>,
}

impl<'v> Compiler<'v> {
    pub fn new(vocab: &'v Vocabulary) -> Self {
        Compiler {
            vocab,
            problems: Vec::new(),
            subjects: Subjects::Components(None),
            compiled: Vec::new(),
        }
    }

    /// The problems found so far.
    pub fn problems(&self) -> &[FieldProblem] {
        &self.problems
    }

    pub fn into_problems(self) -> Vec<FieldProblem> {
        self.problems
    }

    /// Sets what the rule's subjects are, before its conditions are compiled.
    pub fn set_subjects(&mut self, subjects: Subjects) {
        self.subjects = subjects;
    }

    /// Whether the rule's subjects are flows.
    pub fn about_flows(&self) -> bool {
        matches!(self.subjects, Subjects::Flows)
    }

    /// A condition on a property of the rule's subject.
    pub fn subject_property(
        &mut self,
        p: &PropertyFormat,
        field: &str,
    ) -> Option<PropertyCondition> {
        let subjects = self.subjects.clone();
        self.property(p, field, Owner::of(&subjects))
    }

    /// A condition written as a bare property id of the rule's subject.
    pub fn subject_named_property(
        &mut self,
        property: &str,
        op: Operator,
        field: &str,
    ) -> Option<PropertyCondition> {
        let subjects = self.subjects.clone();
        self.named_property(property, op, field, Owner::of(&subjects))
    }

    /// Reports that the condition at `field` needs component subjects, if the rule's are flows.
    pub fn needs_components(&mut self, field: &str) {
        if self.about_flows() {
            self.problem(
                field,
                "applies to components only, but the rule's subjects are flows".into(),
            );
        }
    }

    /// Reports that the condition at `field` needs flow subjects, if the rule's are components.
    pub fn needs_flows(&mut self, field: &str) {
        if !self.about_flows() {
            self.problem(
                field,
                "applies to flows only, but the rule's subjects are components".into(),
            );
        }
    }

    /// Compiles a condition (`{ <family> = <body> }`) through the family registry.
    pub fn condition(&mut self, p: &PredicateFormat, field: &str) -> Box<dyn Condition> {
        condition::compile(p, self, field)
    }

    /// A condition family's body in its own format, or a problem naming the field within it.
    pub fn body<T: DeserializeOwned>(&mut self, body: &toml::Value, field: &str) -> Option<T> {
        match serde_path_to_error::deserialize(body.clone()) {
            Ok(t) => Some(t),
            Err(e) => {
                let inner = e.path().to_string();
                let at = if inner == "." {
                    field.to_owned()
                } else {
                    format!("{field}.{inner}")
                };
                self.problem(&at, e.into_inner().message().to_owned());
                None
            }
        }
    }

    pub fn problem(&mut self, field: &str, problem: String) {
        self.problems.push(FieldProblem {
            field: field.to_owned(),
            problem,
        });
    }

    pub fn selector(&mut self, s: &SelectorFormat, field: &str) -> Selector {
        let mut kinds: Option<BTreeSet<String>> = None;
        if !s.kind.is_empty() {
            let mut set = BTreeSet::new();
            for (i, k) in s.kind.iter().enumerate() {
                if self.vocab.kinds.contains_key(k) {
                    set.insert(k.clone());
                } else {
                    self.problem(
                        &format!("{field}.kind[{i}]"),
                        format!("\"{k}\" is not a component kind of the catalog"),
                    );
                }
            }
            kinds = Some(set);
        }
        if !s.category.is_empty() {
            let mut set = BTreeSet::new();
            for (i, cat) in s.category.iter().enumerate() {
                let members = self.vocab.kinds_in_category(cat);
                if members.is_empty() {
                    self.problem(
                        &format!("{field}.category[{i}]"),
                        format!("\"{cat}\" is not a category of the catalog"),
                    );
                }
                set.extend(members.into_iter().map(str::to_owned));
            }
            kinds = Some(match kinds {
                Some(k) => {
                    let both: BTreeSet<String> = k.intersection(&set).cloned().collect();
                    if both.is_empty() {
                        self.problem(
                            &format!("{field}.category"),
                            "no kind listed in `kind` is in these categories, so nothing matches"
                                .into(),
                        );
                    }
                    both
                }
                None => set,
            });
        }
        let properties = s
            .properties
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                self.property(
                    p,
                    &format!("{field}.properties[{i}]"),
                    Owner::Components(kinds.as_ref()),
                )
            })
            .collect();
        let ids = &self.vocab.ids.kinds;
        let kind_mask = kinds.as_ref().map(|ks| {
            let mut mask = vec![false; ids.len() + 1];
            for k in ks {
                if let Some(&i) = ids.get(k) {
                    mask[i] = true;
                }
            }
            mask
        });
        let holds = s
            .holds
            .as_ref()
            .map(|h| self.holds(h, &format!("{field}.holds")));
        Selector {
            kinds,
            kind_mask,
            properties,
            zone_trust: s.zone_trust.clone(),
            holds,
        }
    }

    /// A condition on the data a component holds.
    pub fn holds(&mut self, h: &HoldsFormat, field: &str) -> Holds {
        let mut classes = [false; 4];
        for (i, name) in h.classification.iter().enumerate() {
            match DataClass::from_id(name) {
                Some(c) => classes[c as usize] = true,
                None => self.problem(
                    &format!("{field}.classification[{i}]"),
                    format!(
                        "\"{name}\" is not a class of data; use public, internal, confidential or \
                         regulated"
                    ),
                ),
            }
        }
        if h.classification.is_empty() && h.pii.is_none() {
            self.problem(field, "give `classification`, `pii` or both".into());
        }
        Holds {
            classes: (!h.classification.is_empty()).then_some(classes),
            pii: h.pii,
        }
    }

    pub fn flow_selector(&mut self, s: &FlowSelectorFormat, field: &str) -> FlowSelector {
        FlowSelector {
            from: s
                .from
                .as_ref()
                .map(|f| self.selector(f, &format!("{field}.from"))),
            to: s
                .to
                .as_ref()
                .map(|t| self.selector(t, &format!("{field}.to"))),
            properties: s
                .properties
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    self.property(p, &format!("{field}.properties[{i}]"), Owner::Flows)
                })
                .collect(),
            enters_higher_trust: s.enters_higher_trust,
        }
    }

    /// The catalog entries of a property for the owner, or a problem naming the field.
    fn property_infos(
        &mut self,
        property: &str,
        field: &str,
        owner: &Owner<'_>,
    ) -> Option<Resolved<'v>> {
        let vocab: &'v Vocabulary = self.vocab;
        match owner {
            Owner::Flows => match vocab.flow_properties.get(property) {
                Some(info) => Some((vec![info], Vec::new(), info.default.clone())),
                None => {
                    let known: Vec<&str> = self
                        .vocab
                        .flow_properties
                        .keys()
                        .map(String::as_str)
                        .collect();
                    self.problem(
                        field,
                        format!(
                            "\"{property}\" is not a flow property (flows have {})",
                            known.join(", ")
                        ),
                    );
                    None
                }
            },
            Owner::Components(kinds) => {
                let mut infos = Vec::new();
                let mut defaults = Vec::new();
                for (kind, spec) in &vocab.kinds {
                    if kinds.is_some_and(|ks| !ks.contains(kind)) {
                        continue;
                    }
                    if let Some(info) = spec.properties.get(property) {
                        infos.push(info);
                        if let Some(d) = &info.default {
                            defaults.push((kind.clone(), d.clone()));
                        }
                    }
                }
                if infos.is_empty() {
                    let whom = match kinds {
                        // The selector matches no kind: that problem is reported already.
                        Some(ks) if ks.is_empty() => return None,
                        Some(ks) if ks.len() == 1 => {
                            format!("the kind {}", ks.iter().next().map_or("", String::as_str))
                        }
                        Some(ks) => format!(
                            "any of the kinds {}",
                            ks.iter().cloned().collect::<Vec<_>>().join(", ")
                        ),
                        None => "any component kind".to_owned(),
                    };
                    self.problem(
                        field,
                        format!("\"{property}\" is not a property of {whom} in the catalog"),
                    );
                    return None;
                }
                Some((infos, defaults, None))
            }
        }
    }

    pub fn property(
        &mut self,
        p: &PropertyFormat,
        field: &str,
        owner: Owner<'_>,
    ) -> Option<PropertyCondition> {
        let mut ops = Vec::new();
        if let Some(v) = &p.equals {
            ops.push(Operator::Equals(v.clone()));
        }
        if let Some(vs) = &p.one_of {
            ops.push(Operator::OneOf(vs.clone()));
        }
        if let Some(s) = p.set {
            ops.push(Operator::Set(s));
        }
        if let Some(n) = p.greater_than {
            ops.push(Operator::GreaterThan(n));
        }
        if let Some(n) = p.at_least {
            ops.push(Operator::AtLeast(n));
        }
        if let Some(n) = p.less_than {
            ops.push(Operator::LessThan(n));
        }
        if let Some(n) = p.at_most {
            ops.push(Operator::AtMost(n));
        }
        if ops.len() != 1 {
            self.problem(
                field,
                format!(
                    "give exactly one of equals, one_of, set, greater_than, at_least, less_than, \
                     at_most (found {})",
                    ops.len()
                ),
            );
            return None;
        }
        let op = ops.remove(0);
        let (infos, defaults, flow_default) =
            self.property_infos(&p.property, &format!("{field}.property"), &owner)?;
        // The operator must fit the property's type for at least one kind it applies to.
        let values: Vec<&Value> = match &op {
            Operator::Equals(v) => vec![v],
            Operator::OneOf(vs) => vs.iter().collect(),
            _ => Vec::new(),
        };
        let numeric = matches!(
            op,
            Operator::GreaterThan(_)
                | Operator::AtLeast(_)
                | Operator::LessThan(_)
                | Operator::AtMost(_)
        );
        if numeric && !infos.iter().any(|i| i.ty == ValueType::Number) {
            self.problem(
                field,
                format!(
                    "\"{}\" is not a number, so it cannot be compared",
                    p.property
                ),
            );
        }
        let sub = match op {
            Operator::Equals(_) => "equals",
            _ => "one_of",
        };
        for (i, v) in values.iter().enumerate() {
            if !infos.iter().any(|info| fits(&info.ty, v)) {
                let at = if sub == "equals" {
                    format!("{field}.equals")
                } else {
                    format!("{field}.one_of[{i}]")
                };
                self.problem(
                    &at,
                    format!(
                        "{} is not a possible value of \"{}\" ({})",
                        show(v),
                        p.property,
                        describe(&infos[0].ty)
                    ),
                );
            }
        }
        let subject = matches!(owner, Owner::Components(_))
            && field.starts_with("applies_to.components.properties");
        if p.or_unknown && !subject {
            self.problem(
                &format!("{field}.or_unknown"),
                "only a rule's `applies_to.components` can take in components whose value is \
                 \"unknown\""
                    .into(),
            );
        }
        let mut condition = self.encode(&p.property, op, defaults, flow_default, &owner, field)?;
        condition.or_unknown = p.or_unknown && subject;
        Some(condition)
    }

    /// A condition written as a bare property id (in `cycle_bounded.by`, `crossing_protected`).
    pub fn named_property(
        &mut self,
        property: &str,
        op: Operator,
        field: &str,
        owner: Owner<'_>,
    ) -> Option<PropertyCondition> {
        let (infos, defaults, flow_default) = self.property_infos(property, field, &owner)?;
        let wanted = match &op {
            Operator::Equals(Value::Bool(_)) => Some(ValueType::Bool),
            _ => None,
        };
        if let Some(ty) = wanted {
            if !infos.iter().any(|i| i.ty == ty) {
                self.problem(
                    field,
                    format!("\"{property}\" is not a true/false property"),
                );
            }
        }
        self.encode(property, op, defaults, flow_default, &owner, field)
    }

    /// A condition with its encoded form for evaluation ([`super::table`]).
    fn encode(
        &mut self,
        property: &str,
        op: Operator,
        defaults: Vec<(String, Value)>,
        flow_default: Option<Value>,
        owner: &Owner<'_>,
        field: &str,
    ) -> Option<PropertyCondition> {
        let ids = &self.vocab.ids;
        let (key, unset_holds) = match owner {
            Owner::Flows => (
                ids.flow_properties.get(property),
                vec![value_holds(&op, flow_default.as_ref())],
            ),
            Owner::Components(_) => {
                let mut unset_holds = vec![value_holds(&op, None); ids.kinds.len() + 1];
                for (kind, default) in &defaults {
                    if let Some(&k) = ids.kinds.get(kind) {
                        unset_holds[k] = value_holds(&op, Some(default));
                    }
                }
                (ids.component_properties.get(property), unset_holds)
            }
        };
        let Some(&key) = key else {
            self.problem(field, format!("\"{property}\" is not in the catalog"));
            return None;
        };
        let condition = PropertyCondition {
            property: property.to_owned(),
            test: Test::new(&op, &ids.texts),
            op,
            defaults,
            flow_default,
            key,
            unset_holds,
            or_unknown: false,
        };
        self.compiled
            .push((condition.clone(), matches!(owner, Owner::Flows)));
        Some(condition)
    }
}

fn fits(ty: &ValueType, v: &Value) -> bool {
    match (ty, v) {
        (ValueType::Bool, Value::Bool(_)) => true,
        (ValueType::Number, Value::Number(_)) => true,
        (ValueType::Text, Value::Text(_)) => true,
        (ValueType::Enum(allowed), Value::Text(s)) => allowed.iter().any(|a| a == s),
        _ => false,
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Text(s) => format!("\"{s}\""),
    }
}

fn describe(ty: &ValueType) -> String {
    match ty {
        ValueType::Bool => "true or false".into(),
        ValueType::Number => "a number".into(),
        ValueType::Text => "text".into(),
        ValueType::Enum(vs) => format!("one of {}", vs.join(", ")),
    }
}
