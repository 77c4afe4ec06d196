//! Deterministic export: keys in the order of FORMAT.md, arrays sorted by id (the order
//! [`Architecture::to_data`] gives), properties sorted by id, two-space indentation, a trailing
//! newline, and numbers in their shortest form (`10`, not `10.0`).

use serde_json::{Map, Number, Value as J};

use crate::model::{ArchitectureData, Boundary, Component, Flow, Properties, Value};

use super::{FORMAT, VERSION};

pub(super) fn export_data(data: &ArchitectureData) -> String {
    let mut doc = Map::new();
    doc.insert("format".into(), J::String(FORMAT.into()));
    doc.insert("version".into(), J::Number(VERSION.into()));
    doc.insert("name".into(), J::String(data.name.clone()));
    doc.insert(
        "boundaries".into(),
        J::Array(sorted(&data.boundaries, |b| &b.id.0, boundary)),
    );
    doc.insert(
        "components".into(),
        J::Array(sorted(&data.components, |c| &c.id.0, component)),
    );
    doc.insert(
        "flows".into(),
        J::Array(sorted(&data.flows, |f| &f.id.0, flow)),
    );
    // Serializing a tree of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&J::Object(doc)).unwrap_or_default();
    text.push('\n');
    text
}

fn sorted<T>(items: &[T], id: impl Fn(&T) -> &String, f: impl Fn(&T) -> J) -> Vec<J> {
    let mut refs: Vec<&T> = items.iter().collect();
    refs.sort_by(|a, b| id(a).cmp(id(b)));
    refs.into_iter().map(f).collect()
}

fn boundary(b: &Boundary) -> J {
    let mut o = Map::new();
    o.insert("id".into(), J::String(b.id.0.clone()));
    o.insert("label".into(), J::String(b.label.clone()));
    // Serializing a unit enum to a JSON string cannot fail.
    o.insert(
        "trust".into(),
        serde_json::to_value(b.trust).unwrap_or(J::Null),
    );
    o.insert("parent".into(), opt(b.parent.as_ref().map(|p| &p.0)));
    if let Some(p) = &b.position {
        let mut pos = Map::new();
        pos.insert("x".into(), number(p.x));
        pos.insert("y".into(), number(p.y));
        o.insert("position".into(), J::Object(pos));
    }
    if let Some(s) = &b.size {
        let mut size = Map::new();
        size.insert("width".into(), number(s.width));
        size.insert("height".into(), number(s.height));
        o.insert("size".into(), J::Object(size));
    }
    J::Object(o)
}

fn component(c: &Component) -> J {
    let mut o = Map::new();
    o.insert("id".into(), J::String(c.id.0.clone()));
    o.insert("kind".into(), J::String(c.kind.clone()));
    o.insert("label".into(), J::String(c.label.clone()));
    o.insert("boundary".into(), opt(c.boundary.as_ref().map(|b| &b.0)));
    o.insert("properties".into(), properties(&c.properties));
    if let Some(p) = &c.position {
        let mut pos = Map::new();
        pos.insert("x".into(), number(p.x));
        pos.insert("y".into(), number(p.y));
        o.insert("position".into(), J::Object(pos));
    }
    J::Object(o)
}

fn flow(f: &Flow) -> J {
    let mut o = Map::new();
    o.insert("id".into(), J::String(f.id.0.clone()));
    o.insert("from".into(), J::String(f.from.0.clone()));
    o.insert("to".into(), J::String(f.to.0.clone()));
    o.insert("properties".into(), properties(&f.properties));
    J::Object(o)
}

fn opt(s: Option<&String>) -> J {
    s.map_or(J::Null, |s| J::String(s.clone()))
}

fn properties(props: &Properties) -> J {
    // `Properties` is a BTreeMap: already in id order.
    J::Object(
        props
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Bool(b) => J::Bool(*b),
                    Value::Number(n) => number(*n),
                    Value::Text(s) => J::String(s.clone()),
                };
                (k.clone(), v)
            })
            .collect(),
    )
}

/// The largest magnitude below which every integer is exactly representable in an f64.
const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0; // 2^53

/// A number in its shortest form: whole numbers without a fraction (`10`, not `10.0`), others in
/// the shortest text that reads back to the same f64. Non-finite numbers cannot be written in
/// JSON; the model never holds one (edits and imports refuse them), so `null` is only a guard.
pub(super) fn number(n: f64) -> J {
    if n.fract() == 0.0 && n.abs() < EXACT_INTEGER {
        // Exact: `n` is a whole number well inside i64's range.
        #[allow(clippy::cast_possible_truncation)]
        J::Number(Number::from(n as i64))
    } else {
        Number::from_f64(n).map_or(J::Null, J::Number)
    }
}
