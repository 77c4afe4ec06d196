//! Validated rules: what [`super::format`] compiles into. Every reference is resolved here, at
//! load time (kinds and categories to a set of kinds, properties to their catalog type and
//! defaults, best-practice ids to the lens table), so that evaluation never meets a bad name.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::format::{
    Direction, FlowSelectorFormat, Place, PredicateFormat, PropertyFormat, RuleFormat,
    SelectorFormat, SubjectFormat,
};
use super::table::{value_holds, Test};
use super::vocabulary::{PropertyInfo, ValueType, Vocabulary};
use crate::model::{Trust, Value};
use crate::practices::{self, Pillar, Risk};

/// A validated rule of a pack.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub best_practices: Vec<String>,
    pub pillar: Pillar,
    pub risk: Risk,
    pub title: String,
    pub why: String,
    pub url: String,
    /// The file the rule was loaded from (`genai/security.toml`).
    pub file: String,
    pub(crate) message: Template,
    pub(crate) fix: Template,
    pub(crate) subject: Subject,
    pub(crate) requires: Predicate,
    /// The texts every finding of the rule carries, shared rather than copied per finding.
    pub(crate) shared: SharedTexts,
}

#[derive(Clone, Debug)]
pub(crate) struct SharedTexts {
    pub title: Arc<str>,
    pub why: Arc<str>,
    pub url: Arc<str>,
}

impl Rule {
    /// The message template as written (`{label} …`).
    pub fn message_template(&self) -> &str {
        &self.message.text
    }
    /// The fix template as written.
    pub fn fix_template(&self) -> &str {
        &self.fix.text
    }
    /// Whether the rule's subjects are flows (else components).
    pub fn is_about_flows(&self) -> bool {
        matches!(self.subject, Subject::Flows(_))
    }
}

/// A message with `{placeholder}`s, checked at load time and split once into literal and
/// placeholder parts, so that rendering is one pass of copies into a pre-sized string.
#[derive(Clone, Debug)]
pub(crate) struct Template {
    pub text: String,
    parts: Vec<Part>,
    /// Bytes of literal text.
    literal_len: usize,
}

#[derive(Clone, Copy, Debug)]
enum Part {
    /// A byte range of the text.
    Literal(usize, usize),
    Label,
    Id,
    Source,
    From,
    To,
    /// A name that is not a placeholder (rejected at load; renders as nothing).
    Nothing,
}

/// The values a template may name.
#[derive(Default)]
pub(crate) struct TemplateValues<'a> {
    pub label: &'a str,
    pub id: &'a str,
    pub source: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

const PLACEHOLDERS: [&str; 5] = ["label", "id", "source", "from", "to"];

impl Template {
    fn placeholders(text: &str) -> Result<Vec<&str>, String> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err("a `{` is not closed by `}`".into());
            };
            out.push(&after[..close]);
            rest = &after[close + 1..];
        }
        Ok(out)
    }

    pub fn new(text: String) -> Template {
        let mut parts = Vec::new();
        let mut literal_len = 0;
        let mut at = 0;
        while let Some(open) = text[at..].find('{').map(|o| at + o) {
            if open > at {
                parts.push(Part::Literal(at, open));
                literal_len += open - at;
            }
            let after = open + 1;
            let close = text[after..].find('}').map_or(text.len(), |c| after + c);
            parts.push(match &text[after..close] {
                "label" => Part::Label,
                "id" => Part::Id,
                "source" => Part::Source,
                "from" => Part::From,
                "to" => Part::To,
                _ => Part::Nothing,
            });
            at = (close + 1).min(text.len());
        }
        if at < text.len() {
            parts.push(Part::Literal(at, text.len()));
            literal_len += text.len() - at;
        }
        Template {
            text,
            parts,
            literal_len,
        }
    }

    pub fn render(&self, v: &TemplateValues<'_>) -> String {
        let value = |part: &Part| match part {
            Part::Literal(a, b) => &self.text[*a..*b],
            Part::Label => v.label,
            Part::Id => v.id,
            Part::Source => v.source.unwrap_or("another component"),
            Part::From => v.from.unwrap_or(v.label),
            Part::To => v.to.unwrap_or(v.label),
            Part::Nothing => "",
        };
        let values_len: usize = self
            .parts
            .iter()
            .filter(|p| !matches!(p, Part::Literal(..)))
            .map(|p| value(p).len())
            .sum();
        let mut out = String::with_capacity(self.literal_len + values_len);
        for part in &self.parts {
            out.push_str(value(part));
        }
        out
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Subject {
    Components(Selector),
    Flows(FlowSelector),
}

/// A compiled component selector.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selector {
    /// `None`: any kind.
    pub kinds: Option<BTreeSet<String>>,
    /// `kinds` by kind number (`VocabularyIds::kinds`; one more entry, always false, for kinds
    /// outside the catalog).
    pub kind_mask: Option<Vec<bool>>,
    pub properties: Vec<PropertyCondition>,
    pub zone_trust: Vec<Trust>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct FlowSelector {
    pub from: Option<Selector>,
    pub to: Option<Selector>,
    pub properties: Vec<PropertyCondition>,
    pub enters_higher_trust: Option<bool>,
}

/// A condition on one property, with the catalog defaults it falls back to. On components,
/// evaluation reads the encoded form (`key`, `test`, `unset_holds`; the per-kind `defaults` are
/// kept for `Debug` and for the tests that check the encoded form against them); on flows it
/// applies `op` to the flow's own value or `flow_default`.
#[derive(Clone, Debug)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct PropertyCondition {
    pub property: String,
    pub op: Operator,
    /// (kind, catalog default of this property) for the kinds that have one (components); a
    /// short list scanned linearly, cheaper than hashing the kind on every lookup.
    pub defaults: Vec<(String, Value)>,
    /// The catalog default of this flow property (flows only).
    pub flow_default: Option<Value>,
    /// The property's number (`VocabularyIds::component_properties` or `flow_properties`).
    pub key: usize,
    /// `op` against the catalog's text numbering, for values read from a [`Column`].
    ///
    /// [`Column`]: super::table::Column
    pub test: Test,
    /// Whether the condition holds where the property is unset: per kind number (one more entry
    /// for kinds outside the catalog) for components, one entry for flows.
    pub unset_holds: Vec<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Operator {
    Equals(Value),
    OneOf(Vec<Value>),
    Set(bool),
    GreaterThan(f64),
    AtLeast(f64),
    LessThan(f64),
    AtMost(f64),
}

#[derive(Clone, Debug)]
pub(crate) enum Predicate {
    All(Vec<Predicate>),
    Any(Vec<Predicate>),
    Not(Box<Predicate>),
    Property(PropertyCondition),
    Neighbours {
        direction: Direction,
        matching: Selector,
        at_least: u32,
    },
    EveryPath {
        from: Selector,
        through: Selector,
    },
    NoPath {
        from: Selector,
        /// `None`: the subject.
        to: Option<Selector>,
        avoiding: Option<Selector>,
    },
    CycleBounded {
        by: Vec<PropertyCondition>,
    },
    CrossingProtected {
        properties: Vec<PropertyCondition>,
    },
    Present {
        of: Selector,
        place: Place,
    },
    ReachedFromBoundaries {
        from: Selector,
        at_most: u32,
    },
}

impl Predicate {
    /// Whether some part of the predicate yields a witness path (so `{source}` means something).
    fn has_path(&self) -> bool {
        match self {
            Predicate::All(ps) | Predicate::Any(ps) => ps.iter().any(Predicate::has_path),
            Predicate::Not(p) => p.has_path(),
            Predicate::EveryPath { .. } | Predicate::NoPath { .. } => true,
            _ => false,
        }
    }
}

/// One problem found while compiling a rule: the field (a dotted path in the rule) and what is
/// wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldProblem {
    pub field: String,
    pub problem: String,
}

/// Compiles a rule, collecting every problem rather than stopping at the first.
pub(crate) fn compile(
    f: RuleFormat,
    file: &str,
    vocab: &Vocabulary,
) -> Result<Rule, Vec<FieldProblem>> {
    let mut c = Compiler {
        vocab,
        problems: Vec::new(),
    };

    // The id: <namespace>/<pillar>/<slug>.
    let parts: Vec<&str> = f.id.split('/').collect();
    let slug_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
    };
    match parts[..] {
        [ns, pillar, slug] if slug_ok(ns) && slug_ok(slug) => {
            if pillar != f.pillar.id() {
                c.problem(
                    "id",
                    format!(
                        "the id names the pillar \"{pillar}\" but the rule's pillar is \"{}\"",
                        f.pillar.id()
                    ),
                );
            }
        }
        _ => c.problem(
            "id",
            format!(
                "\"{}\" is not of the form <namespace>/<pillar>/<slug> (lowercase letters, digits, `-`)",
                f.id
            ),
        ),
    }

    // Best practices.
    let mut practices_found = Vec::new();
    if f.best_practices.is_empty() {
        c.problem("best_practices", "name at least one best practice".into());
    }
    for (i, bp) in f.best_practices.iter().enumerate() {
        match practices::get(bp) {
            Some(p) => practices_found.push(p),
            None => c.problem(
                &format!("best_practices[{i}]"),
                format!("\"{bp}\" is not a best practice of the Generative AI Lens"),
            ),
        }
    }
    if !practices_found.is_empty() && practices_found.iter().all(|p| p.pillar != f.pillar) {
        c.problem(
            "pillar",
            format!(
                "none of the rule's best practices belongs to the pillar \"{}\"",
                f.pillar.id()
            ),
        );
    }
    let first = practices_found.first();
    let risk = f
        .risk
        .or(first.map(|p| p.risk_if_missing))
        .unwrap_or(Risk::High);
    let url = f
        .url
        .clone()
        .or(first.map(|p| p.url.clone()))
        .unwrap_or_default();

    for (field, text) in [("title", &f.title), ("why", &f.why)] {
        if text.trim().is_empty() {
            c.problem(field, "must not be empty".into());
        }
    }

    let subject = match &f.applies_to {
        SubjectFormat::Components(s) => Subject::Components(c.selector(s, "applies_to.components")),
        SubjectFormat::Flows(s) => Subject::Flows(c.flow_selector(s, "applies_to.flows")),
    };
    let requires = c.predicate(&f.requires, "requires", &subject);

    let flows = matches!(subject, Subject::Flows(_));
    let mut allowed: Vec<&str> = vec!["label", "id"];
    if requires.has_path() {
        allowed.push("source");
    }
    if flows {
        allowed.extend(["from", "to"]);
    }
    for (field, text) in [("message", &f.message), ("fix", &f.fix)] {
        if text.trim().is_empty() {
            c.problem(field, "must not be empty".into());
        }
        match Template::placeholders(text) {
            Err(e) => c.problem(field, e),
            Ok(names) => {
                for name in names {
                    if !allowed.contains(&name) {
                        let why = if PLACEHOLDERS.contains(&name) {
                            "is not available in this rule"
                        } else {
                            "is not a placeholder"
                        };
                        c.problem(
                            field,
                            format!("`{{{name}}}` {why}; use one of {}", braces(&allowed)),
                        );
                    }
                }
            }
        }
    }

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    let shared = SharedTexts {
        title: f.title.as_str().into(),
        why: f.why.as_str().into(),
        url: url.as_str().into(),
    };
    Ok(Rule {
        shared,
        id: f.id,
        best_practices: f.best_practices,
        pillar: f.pillar,
        risk,
        title: f.title,
        why: f.why,
        url,
        file: file.to_owned(),
        message: Template::new(f.message),
        fix: Template::new(f.fix),
        subject,
        requires,
    })
}

fn braces(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{{{n}}}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

struct Compiler<'v> {
    vocab: &'v Vocabulary,
    problems: Vec<FieldProblem>,
}

/// A property resolved against the catalog: its entries for the kinds concerned, the defaults per
/// kind, and the flow default.
type Resolved<'v> = (Vec<&'v PropertyInfo>, Vec<(String, Value)>, Option<Value>);

/// What a property condition is about.
enum Owner<'a> {
    /// A component of one of these kinds (`None`: any kind).
    Components(Option<&'a BTreeSet<String>>),
    Flows,
}

impl<'v> Compiler<'v> {
    fn problem(&mut self, field: &str, problem: String) {
        self.problems.push(FieldProblem {
            field: field.to_owned(),
            problem,
        });
    }

    fn selector(&mut self, s: &SelectorFormat, field: &str) -> Selector {
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
        Selector {
            kinds,
            kind_mask,
            properties,
            zone_trust: s.zone_trust.clone(),
        }
    }

    fn flow_selector(&mut self, s: &FlowSelectorFormat, field: &str) -> FlowSelector {
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

    fn property(
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
        self.condition(&p.property, op, defaults, flow_default, &owner, field)
    }

    /// A condition written as a bare property id (in `cycle_bounded.by`, `crossing_protected`).
    fn named_property(
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
        self.condition(property, op, defaults, flow_default, &owner, field)
    }

    /// A condition with its encoded form for evaluation ([`super::table`]).
    fn condition(
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
        Some(PropertyCondition {
            property: property.to_owned(),
            test: Test::new(&op, &ids.texts),
            op,
            defaults,
            flow_default,
            key,
            unset_holds,
        })
    }

    fn predicate(&mut self, p: &PredicateFormat, field: &str, subject: &Subject) -> Predicate {
        let subject_kinds = match subject {
            Subject::Components(s) => Owner::Components(s.kinds.as_ref()),
            Subject::Flows(_) => Owner::Flows,
        };
        let is_flow = matches!(subject, Subject::Flows(_));
        let needs_component = |c: &mut Self, name: &str| {
            if is_flow {
                c.problem(
                    &format!("{field}.{name}"),
                    "applies to components only, but the rule's subjects are flows".into(),
                );
            }
        };
        match p {
            PredicateFormat::All(ps) | PredicateFormat::Any(ps) => {
                let name = if matches!(p, PredicateFormat::All(_)) {
                    "all"
                } else {
                    "any"
                };
                if ps.is_empty() {
                    self.problem(
                        &format!("{field}.{name}"),
                        "list at least one condition".into(),
                    );
                }
                let inner = ps
                    .iter()
                    .enumerate()
                    .map(|(i, q)| self.predicate(q, &format!("{field}.{name}[{i}]"), subject))
                    .collect();
                if name == "all" {
                    Predicate::All(inner)
                } else {
                    Predicate::Any(inner)
                }
            }
            PredicateFormat::Not(q) => Predicate::Not(Box::new(self.predicate(
                q,
                &format!("{field}.not"),
                subject,
            ))),
            PredicateFormat::Property(pf) => {
                match self.property(pf, &format!("{field}.property"), subject_kinds) {
                    Some(cond) => Predicate::Property(cond),
                    None => Predicate::All(Vec::new()),
                }
            }
            PredicateFormat::Neighbours(n) => {
                needs_component(self, "neighbours");
                let at_least = n.at_least.unwrap_or(1);
                if at_least == 0 {
                    self.problem(
                        &format!("{field}.neighbours.at_least"),
                        "0 always holds; use 1 or more".into(),
                    );
                }
                Predicate::Neighbours {
                    direction: n.direction,
                    matching: self.selector(&n.matching, &format!("{field}.neighbours.matching")),
                    at_least,
                }
            }
            PredicateFormat::EveryPath(e) => {
                needs_component(self, "every_path");
                Predicate::EveryPath {
                    from: self.selector(&e.from, &format!("{field}.every_path.from")),
                    through: self.selector(&e.through, &format!("{field}.every_path.through")),
                }
            }
            PredicateFormat::NoPath(n) => Predicate::NoPath {
                from: self.selector(&n.from, &format!("{field}.no_path.from")),
                to: match &n.to {
                    Some(to) => Some(self.selector(to, &format!("{field}.no_path.to"))),
                    None => {
                        needs_component(self, "no_path (without `to`)");
                        None
                    }
                },
                avoiding: n
                    .avoiding
                    .as_ref()
                    .map(|a| self.selector(a, &format!("{field}.no_path.avoiding"))),
            },
            PredicateFormat::CycleBounded(cb) => {
                needs_component(self, "cycle_bounded");
                if cb.by.is_empty() {
                    self.problem(
                        &format!("{field}.cycle_bounded.by"),
                        "name at least one property that bounds the loop".into(),
                    );
                }
                let by = cb
                    .by
                    .iter()
                    .enumerate()
                    .filter_map(|(i, prop)| {
                        let owner = match subject {
                            Subject::Components(s) => Owner::Components(s.kinds.as_ref()),
                            Subject::Flows(_) => Owner::Flows,
                        };
                        self.named_property(
                            prop,
                            Operator::Set(true),
                            &format!("{field}.cycle_bounded.by[{i}]"),
                            owner,
                        )
                    })
                    .collect();
                Predicate::CycleBounded { by }
            }
            PredicateFormat::CrossingProtected(cp) => {
                if !is_flow {
                    self.problem(
                        &format!("{field}.crossing_protected"),
                        "applies to flows only, but the rule's subjects are components".into(),
                    );
                }
                let properties = cp
                    .properties
                    .iter()
                    .enumerate()
                    .filter_map(|(i, prop)| {
                        self.named_property(
                            prop,
                            Operator::Equals(Value::Bool(true)),
                            &format!("{field}.crossing_protected.properties[{i}]"),
                            Owner::Flows,
                        )
                    })
                    .collect();
                Predicate::CrossingProtected { properties }
            }
            PredicateFormat::Present(pr) => {
                if pr.place != Place::Anywhere {
                    needs_component(self, "present");
                }
                Predicate::Present {
                    of: self.selector(&pr.of, &format!("{field}.present.of")),
                    place: pr.place,
                }
            }
            PredicateFormat::ReachedFromBoundaries(r) => {
                needs_component(self, "reached_from_boundaries");
                if r.at_most > MAX_BOUNDARIES_AT_MOST {
                    self.problem(
                        &format!("{field}.reached_from_boundaries.at_most"),
                        format!("at most {MAX_BOUNDARIES_AT_MOST} is supported"),
                    );
                }
                Predicate::ReachedFromBoundaries {
                    from: self.selector(&r.from, &format!("{field}.reached_from_boundaries.from")),
                    at_most: r.at_most,
                }
            }
        }
    }
}

/// The largest `at_most` of `reached_from_boundaries`: the engine keeps `at_most + 1` labels per
/// component.
pub(crate) const MAX_BOUNDARIES_AT_MOST: u32 = 8;

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
