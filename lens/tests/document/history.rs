//! Random edit sequences through a `Document`: the invariants hold after every step, undoing
//! everything gives back the original architecture, redoing everything the final one, and the
//! document is clean exactly at the state it was opened in.

use lens::catalog::Catalog;
use lens::document::{ComponentMove, Document, Edit};
use lens::model::{
    Architecture, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Position, Properties,
    Size, Trust, Value,
};
use lens::review::Review;
use lens::samples::support_assistant;
use proptest::prelude::*;

// Small id pools so that edits hit existing ids as often as new ones.
fn c(i: u8) -> ComponentId {
    const SAMPLE: [&str; 5] = ["user", "chat", "agent", "llm", "vectors"];
    match usize::from(i % 10) {
        n if n < SAMPLE.len() => ComponentId::from(SAMPLE[n]),
        n => ComponentId(format!("c{n}")),
    }
}
fn f(i: u8) -> FlowId {
    FlowId(format!("f{}", i % 8))
}
fn b(i: u8) -> BoundaryId {
    BoundaryId(format!("b{}", i % 4))
}

fn kind(i: u8) -> String {
    let kinds = Catalog::builtin().kinds();
    kinds[usize::from(i) % kinds.len()].id.clone()
}

/// Properties that the sample's components allow, with a value of the right type, so that most
/// property edits apply; the rest of the pool (any catalog property, any value) mostly does not.
const VALID: [(&str, &str, u8); 7] = [
    ("agent", "max_iterations", 1),
    ("agent", "tracing", 0),
    ("agent", "role", 3),
    ("llm", "provider", 2),
    ("llm", "fallback", 0),
    ("chat", "authentication", 0),
    ("user", "trust", 5),
];

fn property_edit(i: u8, p: u8, v: Option<u8>) -> Edit {
    if !i.is_multiple_of(3) {
        let (id, property, kind) = VALID[usize::from(p) % VALID.len()];
        return Edit::SetComponentProperty {
            id: ComponentId::from(id),
            property: property.into(),
            value: v.map(|v| value(kind + 6 * (v % 2))),
        };
    }
    Edit::SetComponentProperty {
        id: c(i),
        property: property(p),
        value: v.map(value),
    }
}

fn property(i: u8) -> String {
    let all: Vec<&str> = Catalog::builtin()
        .kinds()
        .iter()
        .flat_map(|k| k.properties.iter().map(|p| p.id.as_str()))
        .chain(["nonsense"])
        .collect();
    all[usize::from(i) % all.len()].to_owned()
}

fn flow_property(i: u8) -> String {
    let props = Catalog::builtin().flow_properties();
    props
        .get(usize::from(i) % (props.len() + 1))
        .map_or("speed".to_owned(), |p| p.id.clone())
}

fn value(v: u8) -> Value {
    match v % 6 {
        0 => Value::Bool(v / 6 % 2 == 1),
        1 => Value::Number(f64::from(v)),
        2 => Value::Text(["amazon_bedrock", "self_hosted"][usize::from(v / 6 % 2)].into()),
        3 => Value::Text(["supervisor", "worker"][usize::from(v / 6 % 2)].into()),
        4 => Value::Text("confidential".into()),
        _ => Value::Text(["untrusted", "internal"][usize::from(v / 6 % 2)].into()),
    }
}

fn position(p: Option<(i16, i16)>) -> Option<Position> {
    p.map(|(x, y)| Position {
        x: f64::from(x),
        y: f64::from(y) / 2.0,
    })
}

fn single() -> impl Strategy<Value = Edit> {
    let n = any::<u8>();
    let pos = proptest::option::of((any::<i16>(), any::<i16>()));
    prop_oneof![
        "\\PC{0,8}".prop_map(|name| Edit::RenameArchitecture { name }),
        (n, n, proptest::option::weighted(0.2, n)).prop_map(|(i, k, bd)| Edit::AddComponent {
            component: Component {
                id: c(i),
                kind: kind(k),
                preset: None,
                label: format!("component {i}"),
                boundary: bd.map(b),
                properties: Properties::new(),
                position: None,
            }
        }),
        n.prop_map(|i| Edit::RemoveComponent { id: c(i) }),
        (n, n).prop_map(|(i, k)| Edit::SetComponentKind {
            id: c(i),
            kind: kind(k)
        }),
        (n, "\\PC{0,8}").prop_map(|(i, label)| Edit::SetComponentLabel { id: c(i), label }),
        (n, n, proptest::option::weighted(0.8, n)).prop_map(|(i, p, v)| property_edit(i, p, v)),
        (n, n, n).prop_map(|(i, p, v)| Edit::SetComponentProperties {
            id: c(i),
            properties: [(property(p), value(v))].into_iter().collect(),
        }),
        (n, proptest::option::of(n)).prop_map(|(i, bd)| Edit::SetComponentBoundary {
            id: c(i),
            boundary: bd.map(b)
        }),
        proptest::collection::vec((n, pos.clone()), 0..4).prop_map(|moves| {
            Edit::MoveComponents {
                moves: moves
                    .into_iter()
                    .map(|(i, p)| ComponentMove {
                        id: c(i),
                        position: position(p),
                    })
                    .collect(),
            }
        }),
        (n, n, n).prop_map(|(i, from, to)| Edit::AddFlow {
            flow: Flow {
                id: f(i),
                from: c(from),
                to: c(to),
                properties: Properties::new(),
            }
        }),
        n.prop_map(|i| Edit::RemoveFlow { id: f(i) }),
        (n, n, n).prop_map(|(i, from, to)| Edit::ReconnectFlow {
            id: f(i),
            from: c(from),
            to: c(to)
        }),
        (n, n, proptest::option::of(n)).prop_map(|(i, p, v)| Edit::SetFlowProperty {
            id: f(i),
            property: flow_property(p),
            value: v.map(value),
        }),
        (n, proptest::option::of("\\PC{0,6}"))
            .prop_map(|(i, label)| Edit::SetFlowLabel { id: f(i), label }),
        (n, proptest::option::weighted(0.3, n), n).prop_map(|(i, parent, t)| Edit::AddBoundary {
            boundary: Boundary {
                id: b(i),
                label: format!("zone {i}"),
                trust: [Trust::Internet, Trust::Dmz, Trust::Private][usize::from(t % 3)],
                parent: parent.map(b),
                position: None,
                size: None,
            }
        }),
        n.prop_map(|i| Edit::RemoveBoundary { id: b(i) }),
        (n, "\\PC{0,6}").prop_map(|(i, label)| Edit::SetBoundaryLabel { id: b(i), label }),
        (n, n).prop_map(|(i, t)| Edit::SetBoundaryTrust {
            id: b(i),
            trust: [Trust::ThirdParty, Trust::Tenant][usize::from(t % 2)],
        }),
        (n, proptest::option::of(n)).prop_map(|(i, parent)| Edit::SetBoundaryParent {
            id: b(i),
            parent: parent.map(b)
        }),
        (n, pos, proptest::option::of((0u16..500, 0u16..500))).prop_map(|(i, p, s)| {
            Edit::SetBoundaryLayout {
                id: b(i),
                position: position(p),
                size: s.map(|(w, h)| Size {
                    width: f64::from(w),
                    height: f64::from(h),
                }),
            }
        }),
    ]
}

/// Mostly single edits (a batch fails as a whole when one member does), some batches, a few
/// nested ones.
fn edit() -> impl Strategy<Value = Edit> {
    let batch = |members: usize| {
        proptest::collection::vec(single(), 0..members).prop_map(|edits| Edit::Batch { edits })
    };
    prop_oneof![
        6 => single(),
        2 => batch(3),
        1 => proptest::collection::vec(prop_oneof![3 => single(), 1 => batch(3)], 0..3)
            .prop_map(|edits| Edit::Batch { edits }),
    ]
}

/// The sample with two nested boundaries, so that boundary edits find something to act on.
fn start() -> Document {
    let mut data = support_assistant();
    for (id, parent) in [("b0", None), ("b1", Some("b0"))] {
        data.boundaries.push(Boundary {
            id: id.into(),
            label: id.to_uppercase(),
            trust: Trust::Private,
            parent: parent.map(BoundaryId::from),
            position: None,
            size: None,
        });
    }
    data.components[3].boundary = Some("b1".into());
    Document::new(Review::new(Architecture::from_data_checked(data).unwrap()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn undo_all_restores_the_original_and_redo_all_the_final(
        edits in proptest::collection::vec(edit(), 1..40)
    ) {
        let mut doc = start();
        let original = doc.architecture().to_data();
        let mut applied = 0;
        for e in edits {
            let before = doc.architecture().to_data();
            match doc.apply(e.clone()) {
                Ok(()) => {
                    if !e.is_empty() {
                        applied += 1;
                    }
                }
                Err(_) => prop_assert_eq!(
                    doc.architecture().to_data(), before, "a refused edit changes nothing"
                ),
            }
            prop_assert!(doc.architecture().verify().is_ok());
        }
        let last = doc.architecture().to_data();
        let findings = doc.findings().to_vec();

        let mut undone = 0;
        while doc.undo().unwrap() {
            undone += 1;
            prop_assert!(doc.architecture().verify().is_ok());
        }
        prop_assert_eq!(undone, applied, "every applied edit is one undo step");
        prop_assert_eq!(doc.architecture().to_data(), original);
        prop_assert!(!doc.is_dirty(), "back at the opened state, the document is clean");

        while doc.redo().unwrap() {
            prop_assert!(doc.architecture().verify().is_ok());
        }
        prop_assert_eq!(doc.architecture().to_data(), last);
        prop_assert_eq!(doc.findings(), &findings[..], "the same content has the same findings");
        prop_assert_eq!(doc.is_dirty(), applied > 0);
    }
}
