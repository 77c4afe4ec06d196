//! Small builders shared by the engine tests: architectures in a few lines, packs from TOML text.
#![allow(dead_code)]

use lens::engine::{evaluate, Finding, Pack, PackErrors};
use lens::model::{
    Architecture, ArchitectureData, Boundary, Component, Flow, Properties, Trust, Value,
};

pub fn yes() -> Value {
    Value::Bool(true)
}
pub fn no() -> Value {
    Value::Bool(false)
}
pub fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}
pub fn num(n: f64) -> Value {
    Value::Number(n)
}

fn props(list: &[(&str, Value)]) -> Properties {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// An architecture under construction. Component labels default to the id with a capital.
#[derive(Default, Clone)]
pub struct Arch {
    pub data: ArchitectureData,
}

impl Arch {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn zone(mut self, id: &str, trust: Trust) -> Self {
        self.data.boundaries.push(Boundary {
            id: id.into(),
            label: format!("{id} zone"),
            trust,
            parent: None,
            position: None,
            size: None,
        });
        self
    }

    /// A component outside every boundary.
    pub fn c(self, id: &str, kind: &str, properties: &[(&str, Value)]) -> Self {
        self.cz(id, kind, None, properties)
    }

    /// A component in a boundary.
    pub fn cz(
        mut self,
        id: &str,
        kind: &str,
        zone: Option<&str>,
        properties: &[(&str, Value)],
    ) -> Self {
        let mut label = id.to_owned();
        label[..1].make_ascii_uppercase();
        self.data.components.push(Component {
            id: id.into(),
            kind: kind.into(),
            preset: None,
            label,
            boundary: zone.map(Into::into),
            properties: props(properties),
            position: None,
        });
        self
    }

    pub fn f(self, id: &str, from: &str, to: &str) -> Self {
        self.fp(id, from, to, &[])
    }

    pub fn fp(mut self, id: &str, from: &str, to: &str, properties: &[(&str, Value)]) -> Self {
        self.data.flows.push(Flow {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            properties: props(properties),
        });
        self
    }

    pub fn relabel(mut self, id: &str, label: &str) -> Self {
        for c in &mut self.data.components {
            if c.id.as_str() == id {
                c.label = label.to_owned();
            }
        }
        self
    }

    pub fn build(&self) -> Architecture {
        Architecture::from_data(self.data.clone()).expect("the test architecture is valid")
    }
}

/// Findings of one built-in rule.
pub fn findings_of(arch: &Arch, rule: &str) -> Vec<Finding> {
    assert!(
        Pack::builtin().rule(rule).is_some(),
        "the built-in pack has the rule {rule}"
    );
    evaluate(&arch.build(), Pack::builtin())
        .into_iter()
        .filter(|f| &*f.rule == rule)
        .collect()
}

/// Ids of the findings of one built-in rule.
pub fn ids_of(arch: &Arch, rule: &str) -> Vec<String> {
    findings_of(arch, rule).into_iter().map(|f| f.id).collect()
}

/// A pack from one file of TOML text named `test.toml`.
pub fn pack(text: &str) -> Result<Pack, PackErrors> {
    Pack::from_sources(&[("test.toml".to_owned(), text)])
}

/// Findings of a one-file test pack over an architecture.
pub fn run(text: &str, arch: &Arch) -> Vec<Finding> {
    let pack = pack(text).unwrap_or_else(|e| panic!("the test pack loads: {e}"));
    evaluate(&arch.build(), &pack)
}

/// A rule about components of `kinds` requiring `requires` (a TOML inline table).
pub fn rule(kinds: &str, requires: &str) -> String {
    format!(
        r#"
[[rule]]
id = "test/security/rule"
best_practices = ["GENSEC05-BP01"]
pillar = "security"
title = "Test rule"
message = "{{label}} fails."
why = "Because."
fix = "Fix {{label}}."
applies_to = {{ components = {{ kind = [{kinds}] }} }}
requires = {requires}
"#
    )
}
