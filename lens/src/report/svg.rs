//! The architecture as an SVG diagram: components as boxes at their canvas positions (those
//! without one laid out below the placed ones, one band per boundary, one column per layer along
//! the flows), boundaries as labelled rectangles around their
//! members, flows as arrows, and components with open findings filled by their highest open risk
//! (red high, amber medium, yellow low). All text is escaped; the SVG has no scripts, no links
//! and no external references.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::escape_html;
use crate::model::{Architecture, BoundaryId, ComponentId};
use crate::practices::Risk;

const NODE_W: f64 = 170.0;
const NODE_H: f64 = 56.0;
const GRID_X: f64 = 220.0;
const GRID_Y: f64 = 110.0;
const GRID_COLUMNS: usize = 5;
const PAD: f64 = 18.0;
const MARGIN: f64 = 40.0;
const LABEL_CHARS: usize = 21;

#[derive(Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn union(self, o: Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        Rect {
            x,
            y,
            w: (self.x + self.w).max(o.x + o.w) - x,
            h: (self.y + self.h).max(o.y + o.h) - y,
        }
    }

    fn grow(self, by: f64) -> Rect {
        Rect {
            x: self.x - by,
            y: self.y - by - 14.0,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by + 14.0,
        }
    }

    fn centre(self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Where the segment from the centre towards `(tx, ty)` leaves the rectangle.
    fn exit_towards(self, tx: f64, ty: f64) -> (f64, f64) {
        let (cx, cy) = self.centre();
        let (dx, dy) = (tx - cx, ty - cy);
        if dx == 0.0 && dy == 0.0 {
            return (cx, cy);
        }
        let sx = if dx == 0.0 {
            f64::INFINITY
        } else {
            (self.w / 2.0) / dx.abs()
        };
        let sy = if dy == 0.0 {
            f64::INFINITY
        } else {
            (self.h / 2.0) / dy.abs()
        };
        let s = sx.min(sy).min(1.0);
        (cx + dx * s, cy + dy * s)
    }
}

fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(-1.0e7, 1.0e7)
    } else {
        0.0
    }
}

/// The fill and stroke of a component with this highest open risk.
fn colours(risk: Option<Risk>) -> (&'static str, &'static str) {
    match risk {
        Some(Risk::High) => ("#fde2e1", "#c62828"),
        Some(Risk::Medium) => ("#fff1d6", "#e08a00"),
        Some(Risk::Low) => ("#fdf9d2", "#a89a00"),
        None => ("#ffffff", "#5f6b7a"),
    }
}

fn trust_label(trust: crate::model::Trust) -> &'static str {
    use crate::model::Trust;
    match trust {
        Trust::Internet => "internet",
        Trust::ThirdParty => "third party",
        Trust::Dmz => "DMZ",
        Trust::Tenant => "tenant",
        Trust::Private => "private",
    }
}

/// Shortens a label for a box, by characters.
fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

/// Positions for the components without one, below `top`: one band of rows per boundary (the
/// bands of a boundary's nested boundaries follow it, so its rectangle holds only its members),
/// and within a band one column per layer — the distance along flows from the architecture's
/// entry points (components nobody sends to), so that flows mostly run left to right.
fn layout_unplaced(architecture: &Architecture, top: f64) -> Vec<(&ComponentId, (f64, f64))> {
    let layer = architecture.topology().layers();
    // One band per boundary: the boundary ids from the outermost down to the component's own.
    let mut groups: BTreeMap<Vec<&BoundaryId>, Vec<(&ComponentId, usize)>> = BTreeMap::new();
    for (c, &layer) in architecture.components().zip(&layer) {
        if c.position.is_none() {
            let mut path: Vec<&BoundaryId> = architecture
                .boundary_chain(&c.id)
                .iter()
                .map(|b| &b.id)
                .collect();
            path.reverse();
            groups.entry(path).or_default().push((&c.id, layer));
        }
    }
    let mut placed = Vec::new();
    let mut y = top;
    for members in groups.values() {
        let mut rows_in_column: BTreeMap<usize, usize> = BTreeMap::new();
        let mut rows = 1;
        for &(id, layer) in members {
            let column = layer.min(GRID_COLUMNS * 4);
            let row = rows_in_column.entry(column).or_insert(0);
            placed.push((id, (column as f64 * GRID_X, y + *row as f64 * GRID_Y)));
            *row += 1;
            rows = rows.max(*row);
        }
        y += rows as f64 * GRID_Y + 2.0 * PAD + 30.0;
    }
    placed
}

/// The diagram; `risk` gives each component's highest open risk.
pub fn diagram(architecture: &Architecture, risk: &BTreeMap<ComponentId, Risk>) -> String {
    // Boxes: placed components where they are, the others on a grid below them.
    let placed_bottom = architecture
        .components()
        .filter_map(|c| c.position.as_ref().map(|p| finite(p.y)))
        .fold(None, |m: Option<f64>, y| Some(m.map_or(y, |m| m.max(y))));
    let grid_top = placed_bottom.map_or(0.0, |b| b + NODE_H + GRID_Y);
    let mut boxes: BTreeMap<&ComponentId, Rect> = BTreeMap::new();
    for c in architecture.components() {
        if let Some(p) = &c.position {
            boxes.insert(
                &c.id,
                Rect {
                    x: finite(p.x),
                    y: finite(p.y),
                    w: NODE_W,
                    h: NODE_H,
                },
            );
        }
    }
    for (id, (x, y)) in layout_unplaced(architecture, grid_top) {
        boxes.insert(
            id,
            Rect {
                x,
                y,
                w: NODE_W,
                h: NODE_H,
            },
        );
    }

    // Boundaries: around their members (components and nested boundaries), innermost first.
    let mut areas: BTreeMap<&BoundaryId, Rect> = BTreeMap::new();
    let depth = |id: &BoundaryId| architecture.boundary_ancestry(id).len();
    let mut order: Vec<_> = architecture.boundaries().collect();
    order.sort_by_key(|b| std::cmp::Reverse(depth(&b.id)));
    for b in &order {
        let mut area: Option<Rect> = None;
        let mut add = |r: Rect| area = Some(area.map_or(r, |a: Rect| a.union(r)));
        for c in architecture.components() {
            if c.boundary.as_ref() == Some(&b.id) {
                if let Some(r) = boxes.get(&c.id) {
                    add(*r);
                }
            }
        }
        for inner in architecture.boundaries() {
            if inner.parent.as_ref() == Some(&b.id) {
                if let Some(r) = areas.get(&inner.id) {
                    add(*r);
                }
            }
        }
        let area = match (area, &b.position, &b.size) {
            (Some(a), _, _) => Some(a.grow(PAD)),
            (None, Some(p), Some(s)) => Some(Rect {
                x: finite(p.x),
                y: finite(p.y),
                w: finite(s.width).max(40.0),
                h: finite(s.height).max(40.0),
            }),
            _ => None,
        };
        if let Some(a) = area {
            areas.insert(&b.id, a);
        }
    }

    let all = boxes.values().chain(areas.values()).copied();
    let bounds = all.reduce(Rect::union).unwrap_or(Rect {
        x: 0.0,
        y: 0.0,
        w: 200.0,
        h: 60.0,
    });
    let (ox, oy) = (MARGIN - bounds.x, MARGIN - bounds.y);
    let (width, height) = (bounds.w + 2.0 * MARGIN, bounds.h + 2.0 * MARGIN);

    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-label=\"Architecture diagram\">\n\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" \
         markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#5f6b7a\"/>\
         </marker></defs>\n"
    );
    // Outer boundaries first so that inner ones are drawn on top.
    for b in order.iter().rev() {
        if let Some(a) = areas.get(&b.id) {
            let _ = writeln!(
                s,
                "<g class=\"boundary\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" \
                 fill=\"#f3f6fa\" fill-opacity=\"0.6\" stroke=\"#8a97a8\" stroke-dasharray=\"6 4\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#445\">{} ({})</text></g>",
                a.x + ox,
                a.y + oy,
                a.w,
                a.h,
                a.x + ox + 8.0,
                a.y + oy + 14.0,
                escape_html(&short(&b.label)),
                trust_label(b.trust),
            );
        }
    }
    for f in architecture.flows() {
        let (Some(a), Some(b)) = (boxes.get(&f.from), boxes.get(&f.to)) else {
            continue;
        };
        let (bx, by) = b.centre();
        let (ax, ay) = a.centre();
        let (x1, y1) = a.exit_towards(bx, by);
        let (x2, y2) = b.exit_towards(ax, ay);
        let _ = writeln!(
            s,
            "<line class=\"flow\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#5f6b7a\" \
             stroke-width=\"1.5\" marker-end=\"url(#arrow)\"><title>{}</title></line>",
            x1 + ox,
            y1 + oy,
            x2 + ox,
            y2 + oy,
            escape_html(f.id.as_str()),
        );
    }
    for c in architecture.components() {
        let Some(r) = boxes.get(&c.id) else { continue };
        let risk = risk.get(&c.id).copied();
        let (fill, stroke) = colours(risk);
        let width = if risk.is_some() { 2.5 } else { 1.2 };
        let _ = writeln!(
            s,
            "<g class=\"component{}\"><title>{}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{NODE_W}\" \
             height=\"{NODE_H}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#1d2733\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5f6b7a\">{}</text></g>",
            risk.map_or(String::new(), |r| format!(" risk-{}", r.id())),
            escape_html(&c.label),
            r.x + ox,
            r.y + oy,
            r.x + ox + NODE_W / 2.0,
            r.y + oy + 24.0,
            escape_html(&short(&c.label)),
            r.x + ox + NODE_W / 2.0,
            r.y + oy + 42.0,
            escape_html(&c.kind),
        );
    }
    s.push_str("</svg>\n");
    s
}
