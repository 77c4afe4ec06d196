//! The starter templates: each imports, is canonical, is laid out cleanly, and shows a few
//! findings (at least one high) — the deliberate gaps named in its description.

use lens::engine::{evaluate, Pack};
use lens::json::{export_architecture, import_architecture};
use lens::model::{Architecture, ArchitectureData, BoundaryId, Flow, FlowId, Value};
use lens::practices::Risk;
use lens::templates::{template, templates, Template};

/// The size a component node is drawn at on the canvas.
const NODE_WIDTH: f64 = 180.0;
const NODE_HEIGHT: f64 = 60.0;

#[derive(Clone, Copy, Debug)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn contains(&self, inner: &Rect) -> bool {
        self.x0 <= inner.x0 && self.y0 <= inner.y0 && inner.x1 <= self.x1 && inner.y1 <= self.y1
    }
    fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }
}

fn load(t: &Template) -> Architecture {
    t.architecture()
        .unwrap_or_else(|e| panic!("template {} does not import: {e}", t.id))
}

fn component_rects(arch: &Architecture) -> Vec<(String, Option<BoundaryId>, Rect)> {
    arch.components()
        .map(|c| {
            let p = c
                .position
                .unwrap_or_else(|| panic!("component {} has no position", c.id));
            let rect = Rect {
                x0: p.x,
                y0: p.y,
                x1: p.x + NODE_WIDTH,
                y1: p.y + NODE_HEIGHT,
            };
            (c.id.to_string(), c.boundary.clone(), rect)
        })
        .collect()
}

fn boundary_rect(arch: &Architecture, id: &BoundaryId) -> Rect {
    let b = arch.boundary(id).expect("boundary exists");
    let p = b
        .position
        .unwrap_or_else(|| panic!("boundary {id} has no position"));
    let s = b
        .size
        .unwrap_or_else(|| panic!("boundary {id} has no size"));
    Rect {
        x0: p.x,
        y0: p.y,
        x1: p.x + s.width,
        y1: p.y + s.height,
    }
}

/// The boundary and all the boundaries it is drawn inside.
fn chain(arch: &Architecture, id: &BoundaryId) -> Vec<BoundaryId> {
    let mut out = vec![id.clone()];
    let mut current = arch.boundary(id).and_then(|b| b.parent.clone());
    while let Some(parent) = current {
        current = arch.boundary(&parent).and_then(|b| b.parent.clone());
        out.push(parent);
    }
    out
}

#[test]
fn there_is_one_template_per_lens_scenario() {
    let mut scenarios: Vec<u8> = templates().iter().map(|t| t.scenario).collect();
    scenarios.sort_unstable();
    assert_eq!(
        scenarios,
        (1..=8).collect::<Vec<u8>>(),
        "each of the lens's eight scenarios has exactly one template"
    );
    for t in templates() {
        assert_eq!(template(t.id), Some(t), "{} is found by its id", t.id);
    }
}

#[test]
fn every_template_imports_and_is_canonical() {
    for t in templates() {
        let arch = load(t);
        assert_eq!(
            export_architecture(&arch),
            t.json(),
            "template {} must be byte-identical after import → export (canonicalise it with `lens export FILE --to json`)",
            t.id
        );
        assert_eq!(
            arch.name(),
            t.name,
            "template {} names itself as listed",
            t.id
        );
        let again = import_architecture(t.json()).expect("imports twice");
        assert_eq!(again.to_data(), arch.to_data());
    }
}

#[test]
fn every_template_is_a_realistic_size() {
    for t in templates() {
        let count = load(t).components().count();
        assert!(
            (12..=30).contains(&count),
            "template {} has {count} components; a starter should have 12 to 30",
            t.id
        );
    }
}

#[test]
fn every_component_and_boundary_is_laid_out() {
    for t in templates() {
        let arch = load(t);
        for c in arch.components() {
            assert!(
                c.position.is_some(),
                "{}: component {} has a position",
                t.id,
                c.id
            );
        }
        for b in arch.boundaries() {
            assert!(
                b.position.is_some(),
                "{}: boundary {} has a position",
                t.id,
                b.id
            );
            let size = b.size.expect("boundary has a size");
            assert!(
                size.width > NODE_WIDTH && size.height > NODE_HEIGHT,
                "{}: boundary {} can hold a node",
                t.id,
                b.id
            );
        }
    }
}

#[test]
fn members_lie_inside_their_boundary_and_outside_the_others() {
    for t in templates() {
        let arch = load(t);
        for (id, boundary, rect) in component_rects(&arch) {
            let inside: Vec<BoundaryId> = boundary
                .as_ref()
                .map(|b| chain(&arch, b))
                .unwrap_or_default();
            for b in arch.boundaries() {
                let area = boundary_rect(&arch, &b.id);
                if inside.contains(&b.id) {
                    assert!(
                        area.contains(&rect),
                        "{}: component {id} lies inside its boundary {}",
                        t.id,
                        b.id
                    );
                } else {
                    assert!(
                        !area.overlaps(&rect),
                        "{}: component {id} is not drawn over boundary {}, which it is not in",
                        t.id,
                        b.id
                    );
                }
            }
        }
        for b in arch.boundaries() {
            if let Some(parent) = &b.parent {
                assert!(
                    boundary_rect(&arch, parent).contains(&boundary_rect(&arch, &b.id)),
                    "{}: boundary {} lies inside its parent {parent}",
                    t.id,
                    b.id
                );
            }
        }
    }
}

#[test]
fn sibling_boundaries_do_not_overlap() {
    for t in templates() {
        let arch = load(t);
        let ids: Vec<BoundaryId> = arch.boundaries().map(|b| b.id.clone()).collect();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                let nested = chain(&arch, a).contains(b) || chain(&arch, b).contains(a);
                if nested {
                    continue;
                }
                assert!(
                    !boundary_rect(&arch, a).overlaps(&boundary_rect(&arch, b)),
                    "{}: boundaries {a} and {b} do not overlap",
                    t.id
                );
            }
        }
    }
}

#[test]
fn no_two_components_overlap() {
    for t in templates() {
        let arch = load(t);
        let rects = component_rects(&arch);
        for (i, (a, _, ra)) in rects.iter().enumerate() {
            for (b, _, rb) in &rects[i + 1..] {
                assert!(!ra.overlaps(rb), "{}: components {a} and {b} overlap", t.id);
            }
        }
    }
}

#[test]
fn every_template_shows_a_few_findings_of_which_one_matters() {
    for t in templates() {
        let arch = load(t);
        let findings = evaluate(&arch, Pack::builtin());
        let mut ids: Vec<String> = findings.iter().map(|f| f.id.clone()).collect();
        ids.sort();
        assert!(
            (2..=8).contains(&findings.len()),
            "template {} should show a few deliberate gaps (2 to 8 findings), found {}:\n{}",
            t.id,
            findings.len(),
            ids.join("\n")
        );
        // A gap worth showing: high, or medium where the template has mitigated part of it (a
        // writing tool scoped to least privilege is medium at most).
        assert!(
            findings.iter().any(|f| f.risk >= Risk::Medium),
            "template {} should have at least one high or medium finding:\n{}",
            t.id,
            ids.join("\n")
        );
        insta::assert_snapshot!(format!("findings_{}", t.id), ids.join("\n"));
    }
}

/// Whether the straight segment from `a` to `b` passes through the inside of `r` (shrunk by a
/// few pixels so that grazing a corner does not count).
fn segment_crosses(a: (f64, f64), b: (f64, f64), r: &Rect) -> bool {
    const GRACE: f64 = 4.0;
    let (x0, y0, x1, y1) = (r.x0 + GRACE, r.y0 + GRACE, r.x1 - GRACE, r.y1 - GRACE);
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    // Liang–Barsky clipping of the segment against the rectangle.
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    t0 <= t1
}

#[test]
fn request_flows_are_not_drawn_through_other_components() {
    // Cross-cutting operations (monitoring, evaluation, keys, secrets) connect to almost
    // everything, so their edges may cross; the request and data paths must read cleanly.
    const CROSS_CUTTING: [&str; 4] = [
        "observability",
        "evaluation",
        "key_management",
        "secrets_manager",
    ];
    for t in templates() {
        let arch = load(t);
        let rects = component_rects(&arch);
        let centre = |id: &str| {
            let (_, _, r) = rects
                .iter()
                .find(|(c, _, _)| c == id)
                .expect("flow ends exist");
            ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0)
        };
        for flow in arch.flows() {
            let ends = [flow.from.as_str(), flow.to.as_str()];
            let cross_cutting = ends.iter().any(|id| {
                arch.component(&(*id).into())
                    .is_some_and(|c| CROSS_CUTTING.contains(&c.kind.as_str()))
            });
            if cross_cutting {
                continue;
            }
            let (a, b) = (centre(ends[0]), centre(ends[1]));
            for (id, _, rect) in &rects {
                if ends.contains(&id.as_str()) {
                    continue;
                }
                assert!(
                    !segment_crosses(a, b, rect),
                    "{}: flow {} ({} → {}) is drawn through component {id}",
                    t.id,
                    flow.id,
                    ends[0],
                    ends[1]
                );
            }
        }
    }
}

#[test]
fn a_segment_through_a_component_is_detected_and_one_beside_it_is_not() {
    let r = Rect {
        x0: 100.0,
        y0: 100.0,
        x1: 280.0,
        y1: 160.0,
    };
    assert!(segment_crosses((0.0, 130.0), (400.0, 130.0), &r));
    assert!(segment_crosses((190.0, 0.0), (190.0, 400.0), &r));
    assert!(!segment_crosses((0.0, 50.0), (400.0, 50.0), &r));
    assert!(
        !segment_crosses((0.0, 130.0), (90.0, 130.0), &r),
        "stops short of it"
    );
}

/// One fix for a deliberate gap, applied to a template's data.
enum Fix {
    /// Set a component's property.
    Set(&'static str, &'static str, Value),
    /// Let a flow start from another component (`from → to` becomes `new_from → to`).
    Reroute {
        from: &'static str,
        to: &'static str,
        new_from: &'static str,
    },
    /// Add a flow.
    Connect(&'static str, &'static str),
}

/// The gaps each template's description names, and how a team would close them.
fn documented_fixes(id: &str) -> Vec<Fix> {
    use Fix::*;
    let yes = || Value::Bool(true);
    match id {
        "autonomous-call-center" => vec![
            Reroute {
                from: "agent",
                to: "order_tool",
                new_from: "escalation",
            },
            Set("memory", "retention_days", Value::Number(90.0)),
            Set("followups", "dead_letter_queue", yes()),
        ],
        "knowledge-worker-copilot" => vec![
            Set("wh_tool", "least_privilege", yes()),
            Set("org_mem", "retention_days", Value::Number(365.0)),
            Set("eval", "online", yes()),
        ],
        "multi-tenant-genai-platform" => vec![
            Set(
                "vectors",
                "tenant_isolation",
                Value::Text("index_per_tenant".into()),
            ),
            Set("third_llm", "private_connectivity", yes()),
            Set("hosted_llm", "autoscaling", yes()),
        ],
        "generative-bi" => vec![
            Set("sql_kb", "access_filtering", yes()),
            Connect("eval", "sql_kb"),
            Set("cache", "ttl_seconds", Value::Number(3600.0)),
        ],
        "incident-response-assistant" => vec![
            Set("agent", "timeout_seconds", Value::Number(120.0)),
            Set("vectors", "replicated", yes()),
        ],
        "code-transformation" => vec![
            Set("analysis", "least_privilege", yes()),
            Set("secrets", "rotation", yes()),
        ],
        "automated-kanban-workflow" => vec![
            Set("tracker", "least_privilege", yes()),
            Set("topic", "dead_letter_queue", yes()),
            Set("approval", "timeout_seconds", Value::Number(86400.0)),
        ],
        "automated-code-review" => vec![
            Reroute {
                from: "agent",
                to: "comments",
                new_from: "approval",
            },
            Set("prompts", "access_control", yes()),
            Set("large_llm", "max_output_tokens", Value::Number(4096.0)),
        ],
        other => panic!("template {other} has no documented fixes in this test"),
    }
}

fn apply(data: &mut ArchitectureData, fix: &Fix) {
    match fix {
        Fix::Set(component, property, value) => {
            let c = data
                .components
                .iter_mut()
                .find(|c| c.id.as_str() == *component)
                .unwrap_or_else(|| panic!("component {component} exists"));
            c.properties.insert((*property).to_owned(), value.clone());
        }
        Fix::Reroute { from, to, new_from } => {
            let f = data
                .flows
                .iter_mut()
                .find(|f| f.from.as_str() == *from && f.to.as_str() == *to)
                .unwrap_or_else(|| panic!("flow {from} → {to} exists"));
            f.from = (*new_from).into();
        }
        Fix::Connect(from, to) => data.flows.push(Flow {
            id: FlowId::new(format!("fix_{from}_{to}")),
            from: (*from).into(),
            to: (*to).into(),
            properties: Default::default(),
        }),
    }
}

#[test]
fn closing_the_documented_gaps_leaves_no_findings() {
    // The templates are mostly well built: their findings are exactly the gaps their
    // descriptions name, and nothing else is left once those are fixed.
    for t in templates() {
        let mut data = load(t).to_data();
        for fix in documented_fixes(t.id) {
            apply(&mut data, &fix);
        }
        let fixed = Architecture::from_data(data)
            .unwrap_or_else(|e| panic!("{}: the fixed architecture is valid: {e}", t.id));
        let left: Vec<String> = evaluate(&fixed, Pack::builtin())
            .into_iter()
            .map(|f| f.id)
            .collect();
        assert!(
            left.is_empty(),
            "{}: findings left after closing the documented gaps: {left:?}",
            t.id
        );
    }
}
