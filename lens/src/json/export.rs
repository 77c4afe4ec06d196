//! Deterministic export: keys in the order of `docs/FORMAT.md`, arrays sorted by id, properties
//! sorted by id, two-space indentation, a trailing newline, and numbers in their shortest form
//! (`10`, not `10.0`). Written straight from borrowed data through serde (no intermediate JSON
//! tree, no copy of the architecture).

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value as J;

use crate::model::{
    Architecture, ArchitectureData, Boundary, Component, Flow, Position, Properties, Size, Trust,
    Value,
};

use super::{FORMAT, VERSION};

#[derive(serde::Serialize)]
struct Doc<'a> {
    format: &'static str,
    version: u32,
    name: &'a str,
    boundaries: Vec<BoundaryOut<'a>>,
    components: Vec<ComponentOut<'a>>,
    flows: Vec<FlowOut<'a>>,
}

#[derive(serde::Serialize)]
struct BoundaryOut<'a> {
    id: &'a str,
    label: &'a str,
    trust: Trust,
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<PositionOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<SizeOut>,
}

#[derive(serde::Serialize)]
struct ComponentOut<'a> {
    id: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    preset: Option<&'a str>,
    label: &'a str,
    boundary: Option<&'a str>,
    properties: PropertiesOut<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<PositionOut>,
}

#[derive(serde::Serialize)]
struct FlowOut<'a> {
    id: &'a str,
    from: &'a str,
    to: &'a str,
    properties: PropertiesOut<'a>,
}

#[derive(serde::Serialize)]
struct PositionOut {
    x: Num,
    y: Num,
}

#[derive(serde::Serialize)]
struct SizeOut {
    width: Num,
    height: Num,
}

/// `Properties` is a BTreeMap: already in id order.
struct PropertiesOut<'a>(&'a Properties);

impl Serialize for PropertiesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            match v {
                Value::Bool(b) => map.serialize_entry(k, b)?,
                Value::Number(n) => map.serialize_entry(k, &Num(*n))?,
                Value::Text(t) => map.serialize_entry(k, t)?,
            }
        }
        map.end()
    }
}

/// The largest magnitude below which every integer is exactly representable in an f64.
const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0; // 2^53

/// A number in its shortest form: whole numbers without a fraction (`10`, not `10.0`), others in
/// the shortest text that reads back to the same f64. Non-finite numbers cannot be written in
/// JSON; the model never holds one (edits and imports refuse them), so `null` is only a guard.
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0;
        if n.fract() == 0.0 && n.abs() < EXACT_INTEGER {
            // Exact: `n` is a whole number well inside i64's range.
            #[allow(clippy::cast_possible_truncation)]
            s.serialize_i64(n as i64)
        } else if n.is_finite() {
            s.serialize_f64(n)
        } else {
            s.serialize_none()
        }
    }
}

/// A number as a JSON value, in the same shortest form as the export (used by the schema).
pub(super) fn number(n: f64) -> J {
    serde_json::to_value(Num(n)).unwrap_or(J::Null)
}

fn position(p: &Position) -> PositionOut {
    PositionOut {
        x: Num(p.x),
        y: Num(p.y),
    }
}

fn boundary(b: &Boundary) -> BoundaryOut<'_> {
    BoundaryOut {
        id: b.id.as_str(),
        label: &b.label,
        trust: b.trust,
        parent: b.parent.as_ref().map(|p| p.as_str()),
        position: b.position.as_ref().map(position),
        size: b.size.as_ref().map(|s: &Size| SizeOut {
            width: Num(s.width),
            height: Num(s.height),
        }),
    }
}

fn component(c: &Component) -> ComponentOut<'_> {
    ComponentOut {
        id: c.id.as_str(),
        kind: &c.kind,
        preset: c.preset.as_deref(),
        label: &c.label,
        boundary: c.boundary.as_ref().map(|b| b.as_str()),
        properties: PropertiesOut(&c.properties),
        position: c.position.as_ref().map(position),
    }
}

fn flow(f: &Flow) -> FlowOut<'_> {
    FlowOut {
        id: f.id.as_str(),
        from: f.from.as_str(),
        to: f.to.as_str(),
        properties: PropertiesOut(&f.properties),
    }
}

fn write(doc: &Doc<'_>) -> String {
    let mut out = Vec::with_capacity(1 << 16);
    // Writing strings, booleans and numbers into a Vec cannot fail.
    if serde_json::to_writer_pretty(&mut out, doc).is_err() {
        out.clear();
    }
    out.push(b'\n');
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}

fn by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<&T> {
    let mut refs: Vec<&T> = items.iter().collect();
    refs.sort_by(|a, b| id(a).cmp(id(b)));
    refs
}

pub(super) fn export_data(data: &ArchitectureData) -> String {
    write(&Doc {
        format: FORMAT,
        version: VERSION,
        name: &data.name,
        boundaries: by_id(&data.boundaries, |b| b.id.as_str())
            .into_iter()
            .map(boundary)
            .collect(),
        components: by_id(&data.components, |c| c.id.as_str())
            .into_iter()
            .map(component)
            .collect(),
        flows: by_id(&data.flows, |f| f.id.as_str())
            .into_iter()
            .map(flow)
            .collect(),
    })
}

/// The architecture's maps are ordered by id already: no sorting and no copy.
pub(super) fn export_architecture(a: &Architecture) -> String {
    write(&Doc {
        format: FORMAT,
        version: VERSION,
        name: a.name(),
        boundaries: a.boundaries().map(boundary).collect(),
        components: a.components().map(component).collect(),
        flows: a.flows().map(flow).collect(),
    })
}
