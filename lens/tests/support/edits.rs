//! Random edits of an architecture, valid and invalid, for the property tests of several binaries
//! (`#[path]`-included next to `elements.rs`): small id pools so that edits hit existing ids as
//! often as new ones, every property id of the catalog, values of every type.

use lens::catalog::Catalog;
use lens::model::{
    Architecture, Boundary, BoundaryId, ComponentId, FlowId, ModelError, Position, Trust, Value,
};
use proptest::prelude::*;

use super::elements::{component, flow};

#[derive(Debug, Clone)]
pub enum Edit {
    AddComponent(u8, usize, Option<u8>),
    RemoveComponent(u8),
    SetKind(u8, usize),
    SetProperty(u8, usize, u8),
    UnsetProperty(u8, usize),
    SetBoundary(u8, Option<u8>),
    SetPosition(u8, Option<(i32, i32)>),
    SetLabel(u8, String),
    AddFlow(u8, u8, u8),
    RemoveFlow(u8),
    Reconnect(u8, u8, u8),
    SetFlowProperty(u8, usize, u8),
    AddBoundary(u8, Option<u8>, u8),
    RemoveBoundary(u8),
    SetParent(u8, Option<u8>),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    let n = any::<u8>();
    prop_oneof![
        (n, any::<usize>(), proptest::option::of(n))
            .prop_map(|(a, b, c)| Edit::AddComponent(a, b, c)),
        n.prop_map(Edit::RemoveComponent),
        (n, any::<usize>()).prop_map(|(a, b)| Edit::SetKind(a, b)),
        (n, any::<usize>(), n).prop_map(|(a, b, c)| Edit::SetProperty(a, b, c)),
        (n, any::<usize>()).prop_map(|(a, b)| Edit::UnsetProperty(a, b)),
        (n, proptest::option::of(n)).prop_map(|(a, b)| Edit::SetBoundary(a, b)),
        (n, proptest::option::of((any::<i32>(), any::<i32>())))
            .prop_map(|(a, b)| Edit::SetPosition(a, b)),
        (n, "\\PC{0,12}").prop_map(|(a, b)| Edit::SetLabel(a, b)),
        (n, n, n).prop_map(|(a, b, c)| Edit::AddFlow(a, b, c)),
        n.prop_map(Edit::RemoveFlow),
        (n, n, n).prop_map(|(a, b, c)| Edit::Reconnect(a, b, c)),
        (n, any::<usize>(), n).prop_map(|(a, b, c)| Edit::SetFlowProperty(a, b, c)),
        (n, proptest::option::of(n), n).prop_map(|(a, b, c)| Edit::AddBoundary(a, b, c)),
        n.prop_map(Edit::RemoveBoundary),
        (n, proptest::option::of(n)).prop_map(|(a, b)| Edit::SetParent(a, b)),
    ]
}

// Small id pools so that edits hit existing ids as often as new ones.
pub fn c(i: u8) -> ComponentId {
    ComponentId(format!("c{:05}", i % 14))
}
pub fn f(i: u8) -> FlowId {
    FlowId(format!("f{:06}", i % 24))
}
pub fn b(i: u8) -> BoundaryId {
    BoundaryId(format!("b{:04}", i % 5))
}

/// Every property id of the catalog: valid for some kinds, invalid for others.
fn any_property(i: usize) -> String {
    let catalog = Catalog::builtin();
    let all: Vec<&str> = catalog
        .kinds()
        .iter()
        .flat_map(|k| k.properties.iter().map(|p| p.id.as_str()))
        .chain(["nonsense"])
        .collect();
    all[i % all.len()].to_owned()
}

fn any_value(v: u8) -> Value {
    match v % 6 {
        0 => Value::Bool(v > 100),
        1 => Value::Number(f64::from(v)),
        2 => Value::Number(f64::from(v) + 0.5),
        3 => Value::Text("amazon_bedrock".into()),
        4 => Value::Text("supervisor".into()),
        _ => Value::Text(format!("text {v}")),
    }
}

pub fn apply(a: &mut Architecture, e: Edit) -> Result<(), ModelError> {
    let catalog = Catalog::builtin();
    let kind = |i: usize| catalog.kinds()[i % catalog.kinds().len()].id.clone();
    let flow_prop = |i: usize| {
        let props = catalog.flow_properties();
        props
            .get(i % (props.len() + 1))
            .map_or("speed".to_owned(), |p| p.id.clone())
    };
    match e {
        Edit::AddComponent(i, k, bd) => {
            let mut comp = component(c(i).as_str(), &kind(k));
            comp.boundary = bd.map(b);
            a.add_component(comp)
        }
        Edit::RemoveComponent(i) => a.remove_component(&c(i)).map(|_| ()),
        Edit::SetKind(i, k) => a.set_component_kind(&c(i), &kind(k)).map(|_| ()),
        Edit::SetProperty(i, p, v) => a
            .set_component_property(&c(i), &any_property(p), Some(any_value(v)))
            .map(|_| ()),
        Edit::UnsetProperty(i, p) => a
            .set_component_property(&c(i), &any_property(p), None)
            .map(|_| ()),
        Edit::SetBoundary(i, bd) => a.set_component_boundary(&c(i), bd.map(b)),
        Edit::SetPosition(i, p) => a.set_component_position(
            &c(i),
            p.map(|(x, y)| Position {
                x: f64::from(x) / 4.0,
                y: f64::from(y),
            }),
        ),
        Edit::SetLabel(i, l) => a.set_component_label(&c(i), l),
        Edit::AddFlow(i, from, to) => {
            a.add_flow(flow(f(i).as_str(), c(from).as_str(), c(to).as_str()))
        }
        Edit::RemoveFlow(i) => a.remove_flow(&f(i)).map(|_| ()),
        Edit::Reconnect(i, from, to) => a.reconnect_flow(&f(i), c(from), c(to)),
        Edit::SetFlowProperty(i, p, v) => a
            .set_flow_property(&f(i), &flow_prop(p), Some(any_value(v)))
            .map(|_| ()),
        Edit::AddBoundary(i, parent, t) => a.add_boundary(Boundary {
            id: b(i),
            label: format!("zone {i}"),
            trust: [Trust::Internet, Trust::Dmz, Trust::Private][usize::from(t % 3)],
            parent: parent.map(b),
            position: None,
            size: None,
        }),
        Edit::RemoveBoundary(i) => a.remove_boundary(&b(i)).map(|_| ()),
        Edit::SetParent(i, parent) => a.set_boundary_parent(&b(i), parent.map(b)),
    }
}
