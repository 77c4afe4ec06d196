//! Bare architecture elements for the edit tests of several binaries (`#[path]`-included): a
//! component with a label derived from its id, a flow, a private boundary.

use lens::model::{Boundary, BoundaryId, Component, Flow, Properties, Trust};

pub fn component(id: &str, kind: &str) -> Component {
    Component {
        id: id.into(),
        kind: kind.into(),
        preset: None,
        label: format!("{id} label"),
        boundary: None,
        properties: Properties::new(),
        position: None,
    }
}

pub fn flow(id: &str, from: &str, to: &str) -> Flow {
    Flow {
        id: id.into(),
        from: from.into(),
        to: to.into(),
        properties: Properties::new(),
    }
}

pub fn boundary(id: &str, parent: Option<&str>) -> Boundary {
    Boundary {
        id: id.into(),
        label: id.to_uppercase(),
        trust: Trust::Private,
        parent: parent.map(BoundaryId::from),
        position: None,
        size: None,
    }
}
