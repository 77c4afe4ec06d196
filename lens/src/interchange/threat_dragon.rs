//! OWASP Threat Dragon v2 JSON (INTERCHANGE.md §3).
//!
//! **Import.** Actors, processes and stores become components whose kind the mapping reads from
//! their words (a rule applies only to cells of its kind's shape); flows become flows (`isEncrypted`
//! → `encrypted`, the name → `label`; a bidirectional flow is drawn both ways); trust boundary
//! boxes become boundaries with their position and size, their trust level read from their words,
//! and members by geometry (a component belongs to the smallest box holding its centre, a box to
//! the smallest box holding it whole), since Threat Dragon has no membership. Boundary curves have
//! no inside, so they draw nothing; the report names the flows that cross them. Threats become the
//! `notes` of their component or flow, after its description. Text blocks draw nothing. Every
//! diagram of the model is read, each to the right of the one before.
//!
//! Lenient where Threat Dragon's own files are: a name in `attrs` or `labels` instead of
//! `data.name`, a cell without `data` (its `shape` says what it is), threats at cell level (the
//! schema) or in `data` (the app), a flow whose end is a free point (drawn by the app when the end
//! was not dropped on a shape: reported, not drawn), severities outside the app's list. Strict
//! about the rest: a v1 model (cells under `diagramJson`), a value of the wrong type, a cell id
//! used twice, a flow end naming a cell that does not exist.
//!
//! **Export.** One `Generic` diagram: components as actors, processes or stores (the mapping's
//! `[family]`), flows, boundaries as boxes around their members (the drawing's positions when they
//! agree with membership, else laid out again). Each finding is a threat on its subject: the rule's
//! title, the pillar as `type`, High/Medium/Low, the status from the review's decision (open →
//! Open, accepted → Accepted, mitigated → Mitigated, false positive and not applicable →
//! NotApplicable, with the decision in the description), the remediation as `mitigation` and the
//! best practices as `score`. What Threat Dragon has no field for — the id, kind and properties —
//! goes on the description's last line (`Lensboard: {json}`), which the import reads back, so
//! export → import keeps ids, kinds, properties, names, flows and boundaries.

use std::collections::BTreeMap;

use serde_json::{json, Value as J};

use super::mapping::{Family, Text};
use super::{
    allowed_properties, innermost, notes_of, parse_json, polylines_cross, split_trailer,
    stable_uuid, to_confirm_note, trailer_properties, with_trailer, At, Entry, Ids,
    InterchangeError, NoteText, Rect, ThreatModelMapping, Trailer, FINDING_LINE,
};
use crate::engine::Pack;
use crate::iac::{Import, ImportReport, Outcome};
use crate::model::{
    ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Position, Size,
    Trust, Value,
};
use crate::review::{FindingStatus, Review, ReviewedFinding};
use crate::Architecture;

/// How the format is named in messages.
pub const FORMAT: &str = "a Threat Dragon v2 model";
/// The version written on export (the app's current model version).
pub const VERSION: &str = "2.3.0";

/// What a cell is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CellKind {
    Node(Family),
    Box,
    Flow,
    Curve,
    Text,
}

impl CellKind {
    fn of(name: &str) -> Option<CellKind> {
        Some(match name {
            "tm.Actor" | "actor" => CellKind::Node(Family::Actor),
            "tm.Process" | "process" => CellKind::Node(Family::Process),
            "tm.Store" | "store" => CellKind::Node(Family::Store),
            "tm.Flow" | "flow" => CellKind::Flow,
            "tm.BoundaryBox" | "trust-boundary-box" => CellKind::Box,
            "tm.Boundary" | "trust-boundary-curve" => CellKind::Curve,
            "tm.Text" | "td-text-block" => CellKind::Text,
            _ => return None,
        })
    }

    fn describe(self) -> &'static str {
        match self {
            CellKind::Node(Family::Actor) => "an actor",
            CellKind::Node(Family::Process) => "a process",
            CellKind::Node(Family::Store) => "a store",
            CellKind::Flow => "a flow",
            CellKind::Box => "a trust boundary box",
            CellKind::Curve => "a trust boundary curve",
            CellKind::Text => "a text block",
        }
    }
}

/// A cell as read in the first pass.
struct Cell<'a> {
    at: At<'a>,
    id: String,
    /// `None`: a type this importer does not know (reported).
    kind: Option<CellKind>,
    type_name: String,
    data: Option<At<'a>>,
    /// Added to x: diagrams after the first are drawn to the right of the ones before.
    offset: f64,
}

/// Reads a Threat Dragon v2 model. `fallback_name` names the architecture when the model has no
/// title (the file name).
pub fn import_text(
    text: &str,
    fallback_name: &str,
    mapping: &ThreatModelMapping,
) -> Result<Import, InterchangeError> {
    import(&parse_json(text, FORMAT)?, fallback_name, mapping)
}

fn foreign(reason: impl Into<String>) -> InterchangeError {
    InterchangeError::Foreign {
        format: FORMAT,
        reason: reason.into(),
    }
}

/// Reads a parsed Threat Dragon v2 model.
pub fn import(
    doc: &J,
    fallback_name: &str,
    mapping: &ThreatModelMapping,
) -> Result<Import, InterchangeError> {
    let root = At::root(doc);
    let Some(top) = doc.as_object() else {
        return Err(foreign("the document is not a JSON object"));
    };
    if !(top.contains_key("summary") && top.contains_key("detail")) {
        return Err(foreign(
            "it has no top-level `summary` and `detail` (a v2 model has `version`, `summary` and `detail`)",
        ));
    }
    let detail = root
        .field("detail")
        .ok_or_else(|| foreign("`detail` is null"))?;
    detail.object()?;
    match root.field("version") {
        None => {
            let v1 = detail
                .items("diagrams")
                .ok()
                .is_some_and(|d| d.iter().any(|d| d.field("diagramJson").is_some()));
            return Err(foreign(if v1 {
                "this is a Threat Dragon v1 model (cells under `diagramJson`, no top-level \
                 `version`); open it in Threat Dragon 2 and save it to convert it to v2"
            } else {
                "it has no top-level `version`"
            }));
        }
        Some(v) => {
            let version = v.text()?;
            if !version.starts_with("2.") {
                return Err(foreign(format!(
                    "version \"{version}\": only Threat Dragon 2 models (version 2.x) are read"
                )));
            }
        }
    }
    let name = super::model_name(root.field("summary"), "title", fallback_name)?;
    let diagrams = detail
        .field("diagrams")
        .ok_or_else(|| detail.invalid("`diagrams` is missing"))?
        .array()?;
    let mut report = ImportReport::default();
    if diagrams.len() > 1 {
        report.notes.push(format!(
            "{} diagrams: each is drawn to the right of the one before, on one canvas",
            diagrams.len()
        ));
    }
    // First pass: every cell with its id and kind; ids are unique in the model.
    let mut cells: Vec<Cell<'_>> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut offset = 0.0_f64;
    for diagram in &diagrams {
        diagram.object()?;
        let mut right = offset;
        for at in diagram.items("cells")? {
            at.object()?;
            let id = match at.field("id") {
                Some(id) => id.text()?.to_owned(),
                None => return Err(at.invalid("a cell needs an `id`")),
            };
            let data = at.field("data");
            if let Some(data) = &data {
                data.object()?;
            }
            let type_name = match data.as_ref().and_then(|d| d.field("type")) {
                Some(t) => t.text()?.to_owned(),
                None => match at.field("shape") {
                    Some(shape) => shape.text()?.to_owned(),
                    None => return Err(at.invalid("a cell needs a `shape` or a `data.type`")),
                },
            };
            if let Some(p) = at.field("position") {
                let (x, _) = p.point()?;
                let width = at.field("size").map(|s| s.size()).transpose()?;
                right = right.max(offset + x + width.map_or(0.0, |(w, _)| w));
            }
            if index.insert(id.clone(), cells.len()).is_some() {
                return Err(at.invalid(format!("another cell already has the id \"{id}\"")));
            }
            cells.push(Cell {
                kind: CellKind::of(&type_name),
                type_name,
                at,
                id,
                data,
                offset,
            });
        }
        offset = right + 200.0;
    }
    let mut reader = Reader {
        mapping,
        component_ids: Ids::default(),
        flow_ids: Ids::default(),
        boundary_ids: Ids::default(),
        components: Vec::new(),
        flows: Vec::new(),
        boundaries: Vec::new(),
        entries: vec![None; cells.len()],
        to_confirm: Vec::new(),
        component_of: BTreeMap::new(),
    };
    // Second pass: components and boxes, then flows (which need both ends), then curves (which
    // need the flows).
    for (i, cell) in cells.iter().enumerate() {
        match cell.kind {
            Some(CellKind::Node(family)) => reader.component(i, cell, family)?,
            Some(CellKind::Box) => reader.boundary(i, cell)?,
            _ => {}
        }
    }
    for (i, cell) in cells.iter().enumerate() {
        if cell.kind == Some(CellKind::Flow) {
            reader.flow(i, cell, &cells, &index)?;
        }
    }
    for (i, cell) in cells.iter().enumerate() {
        let entry = Entry::new(&cell.id, &cell.type_name);
        let done = match cell.kind {
            Some(CellKind::Curve) => Some(reader.curve(cell, entry)?),
            Some(CellKind::Text) => Some(entry.not_drawn("a text block")),
            None => {
                let mut r = entry.report;
                r.outcome = Outcome::Unmapped;
                Some(r)
            }
            _ => None,
        };
        if let Some(done) = done {
            reader.entries[i] = Some(done);
        }
    }
    reader.place_in_boundaries();
    report.resources = reader.entries.into_iter().flatten().collect();
    to_confirm_note(&mut report, &reader.to_confirm);
    let architecture = ArchitectureData {
        name: name.to_owned(),
        boundaries: reader.boundaries.into_iter().map(|(b, _)| b).collect(),
        components: reader.components.into_iter().map(|(c, _)| c).collect(),
        flows: reader.flows.into_iter().map(|(f, _)| f).collect(),
    };
    Architecture::from_data_checked(architecture.clone())?;
    Ok(Import {
        architecture,
        report,
    })
}

/// The state of the second pass.
struct Reader<'m> {
    mapping: &'m ThreatModelMapping,
    component_ids: Ids,
    flow_ids: Ids,
    boundary_ids: Ids,
    /// Components with the rectangle they were drawn in (for membership and curves).
    components: Vec<(Component, Option<Rect>)>,
    flows: Vec<(Flow, Vec<(f64, f64)>)>,
    boundaries: Vec<(Boundary, Option<Rect>)>,
    entries: Vec<Option<crate::iac::ResourceReport>>,
    to_confirm: Vec<String>,
    /// Cell id → component id.
    component_of: BTreeMap<String, ComponentId>,
}

/// A cell's name: `data.name`, else the text drawn on it (`attrs.text.text`, `attrs.label.text`,
/// a flow's first label).
fn cell_name<'a>(cell: &Cell<'a>) -> Result<(&'a str, String), InterchangeError> {
    if let Some(data) = &cell.data {
        if let Some(name) = data.label_at("name")? {
            if !name.trim().is_empty() {
                return Ok((
                    name,
                    data.field("name").map_or_else(String::new, |a| a.path),
                ));
            }
        }
    }
    let drawn = [
        cell.at.field("attrs").and_then(|a| a.field("text")),
        cell.at.field("attrs").and_then(|a| a.field("label")),
    ];
    for holder in drawn.into_iter().flatten() {
        if let Some(text) = holder.label_at("text")? {
            if !text.trim().is_empty() {
                return Ok((text, format!("{}.text", holder.path)));
            }
        }
    }
    if let Some(labels) = cell.at.field("labels") {
        if let Some(first) = labels.array()?.first() {
            let attrs = first.field("attrs");
            let holders = [
                attrs.as_ref().and_then(|a| a.field("labelText")),
                attrs.as_ref().and_then(|a| a.field("label")),
            ];
            for holder in holders.into_iter().flatten() {
                if let Some(text) = holder.label_at("text")? {
                    if !text.trim().is_empty() {
                        return Ok((text, format!("{}.text", holder.path)));
                    }
                }
            }
        }
    }
    Ok(("", String::new()))
}

/// A node's rectangle: its position (shifted by its diagram's offset) and size.
fn rect_of(cell: &Cell<'_>, default_size: (f64, f64)) -> Result<Option<Rect>, InterchangeError> {
    let Some(p) = cell.at.field("position") else {
        return Ok(None);
    };
    let (x, y) = p.point()?;
    let (width, height) = match cell.at.field("size") {
        Some(s) => s.size()?,
        None => default_size,
    };
    Ok(Some(Rect {
        x: x + cell.offset,
        y,
        width,
        height,
    }))
}

/// The default size of a shape in Threat Dragon.
fn node_size(family: Family) -> (f64, f64) {
    match family {
        Family::Process => (100.0, 100.0),
        Family::Actor | Family::Store => (160.0, 80.0),
    }
}

impl Reader<'_> {
    /// The description without its trailer, the trailer, and what to report about it.
    fn description<'a>(
        &self,
        data: Option<&At<'a>>,
        entry: &mut Entry,
    ) -> Result<(&'a str, Trailer), InterchangeError> {
        let Some(at) = data.and_then(|d| d.field("description")) else {
            return Ok(("", Trailer::default()));
        };
        let text = at.text()?;
        let (own, trailer) = split_trailer(text);
        match trailer {
            Ok(t) => Ok((own, t.unwrap_or_default())),
            Err(problem) => {
                entry.note(&at.path, problem);
                Ok((own, Trailer::default()))
            }
        }
    }

    /// The notes of an element: its description, why it is out of scope, its threats.
    /// `ours`: the element came from a Lensboard export, whose flags are derived from the drawing
    /// (a flow's `isPublicNetwork` from its boundaries), so they are not notes.
    fn notes(
        &self,
        cell: &Cell<'_>,
        description: &str,
        ours: bool,
        entry: &mut Entry,
    ) -> Result<(Option<String>, usize), InterchangeError> {
        let mut notes = NoteText::default();
        notes.push(description);
        let mut skipped = 0;
        if let Some(data) = &cell.data {
            if data.flag("outOfScope")? {
                let reason = data.text_at("reasonOutOfScope")?.unwrap_or("");
                notes.push(format!("Out of scope in Threat Dragon. {reason}"));
            }
            let mut threats = data.items("threats")?;
            threats.extend(cell.at.items("threats")?);
            for threat in threats {
                match threat_text(&threat)? {
                    Some(text) => notes.push(text),
                    None => skipped += 1,
                }
            }
            if !ours && data.flag("isPublicNetwork")? {
                notes.push("Crosses a public network (Threat Dragon).");
            }
            if let Some(protocol) = data.text_at("protocol")? {
                notes.push(if protocol.trim().is_empty() {
                    String::new()
                } else {
                    format!("Protocol: {protocol}")
                });
            }
        }
        if skipped > 0 {
            entry.note(
                &cell.at.path,
                format!("{skipped} threat(s) were Lensboard findings: the rules find them again, so they are not copied into the notes"),
            );
        }
        let (text, cut) = notes.finish();
        if cut {
            entry.note(
                &cell.at.path,
                format!(
                    "notes cut at {} characters (the catalog's limit for text)",
                    crate::catalog::MAX_TEXT_CHARS
                ),
            );
        }
        Ok((text, skipped))
    }

    fn component(
        &mut self,
        i: usize,
        cell: &Cell<'_>,
        family: Family,
    ) -> Result<(), InterchangeError> {
        let mut entry = Entry::new(&cell.id, &cell.type_name);
        let (name, name_path) = cell_name(cell)?;
        let (description, trailer) = self.description(cell.data.as_ref(), &mut entry)?;
        let label = if name.trim().is_empty() {
            entry.note(&cell.at.path, "no name: labelled by its shape");
            match family {
                Family::Actor => "Actor",
                Family::Process => "Process",
                Family::Store => "Store",
            }
        } else {
            name
        };
        let id = self
            .component_ids
            .take(trailer.id.as_deref(), label, family.id());
        let desc_path = cell
            .data
            .as_ref()
            .map_or_else(String::new, |d| format!("{}.description", d.path));
        let known_kind = trailer
            .kind
            .as_deref()
            .filter(|k| crate::catalog::Catalog::builtin().kind(k).is_some());
        let kind = match known_kind {
            Some(kind) => {
                entry.set(
                    &id,
                    "kind",
                    Value::Text(kind.to_owned()),
                    format!("{desc_path}: the Lensboard line"),
                );
                kind.to_owned()
            }
            None => {
                let texts = [
                    Text::new("name", name_path.clone(), name),
                    Text::new("description", desc_path.clone(), description),
                ];
                let choice = self.mapping.kind_for(Some(family), &texts);
                if entry.kind(&id, &choice, &cell.at.path) {
                    self.to_confirm.push(id.clone());
                }
                choice.value()
            }
        };
        let mut properties = allowed_properties(Some(&kind), &trailer, |m| {
            entry.note(&desc_path, m);
        });
        if let Some(data) = &cell.data {
            if family == Family::Store && data.flag("isEncrypted")? {
                let has = crate::catalog::Catalog::builtin()
                    .property(&kind, "encryption_at_rest")
                    .is_ok();
                if has && !properties.contains_key("encryption_at_rest") {
                    properties.insert("encryption_at_rest".into(), Value::Bool(true));
                    entry.set(
                        &id,
                        "encryption_at_rest",
                        Value::Bool(true),
                        format!("{}.isEncrypted", data.path),
                    );
                }
            }
        }
        let (notes, _) = self.notes(cell, description, trailer.id.is_some(), &mut entry)?;
        if let Some(notes) = notes {
            properties.insert("notes".into(), Value::Text(notes));
        }
        let rect = rect_of(cell, node_size(family))?;
        entry.report.components.push(id.clone());
        self.component_of
            .insert(cell.id.clone(), ComponentId::new(&id));
        self.components.push((
            Component {
                id: ComponentId::new(&id),
                kind,
                preset: None,
                label: label.to_owned(),
                boundary: None,
                properties,
                position: rect.map(|r| Position { x: r.x, y: r.y }),
            },
            rect,
        ));
        self.entries[i] = Some(entry.report);
        Ok(())
    }

    fn boundary(&mut self, i: usize, cell: &Cell<'_>) -> Result<(), InterchangeError> {
        let mut entry = Entry::new(&cell.id, &cell.type_name);
        let (name, name_path) = cell_name(cell)?;
        let (description, trailer) = self.description(cell.data.as_ref(), &mut entry)?;
        let id = self
            .boundary_ids
            .take(trailer.id.as_deref(), name, "boundary");
        let desc_path = cell
            .data
            .as_ref()
            .map_or_else(String::new, |d| format!("{}.description", d.path));
        let trust = match trailer.trust {
            Some(trust) => trust,
            None => {
                let texts = [
                    Text::new("name", name_path.clone(), name),
                    Text::new("description", desc_path.clone(), description),
                ];
                let choice = self.mapping.trust_for(&texts, Trust::Private);
                let (trust, to_confirm) =
                    entry.trust(&id, &choice, None, |_| Trust::Private, &cell.at.path);
                if to_confirm {
                    self.to_confirm.push(id.clone());
                }
                trust
            }
        };
        let rect = rect_of(cell, (200.0, 120.0))?;
        if rect.is_none() {
            entry.note(&cell.at.path, "no position: it holds no component");
        }
        if cell
            .data
            .as_ref()
            .map_or(Ok(0), |d| d.items("threats").map(|t| t.len()))?
            > 0
        {
            entry.note(
                &cell.at.path,
                "its threats are not kept: Lensboard boundaries carry no notes",
            );
        }
        entry.report.components.push(id.clone());
        self.boundaries.push((
            Boundary {
                id: BoundaryId::new(&id),
                label: name.to_owned(),
                trust,
                parent: None,
                position: rect.map(|r| Position { x: r.x, y: r.y }),
                size: rect.map(|r| Size {
                    width: r.width,
                    height: r.height,
                }),
            },
            rect,
        ));
        self.entries[i] = Some(entry.report);
        Ok(())
    }

    fn flow(
        &mut self,
        i: usize,
        cell: &Cell<'_>,
        cells: &[Cell<'_>],
        index: &BTreeMap<String, usize>,
    ) -> Result<(), InterchangeError> {
        let mut entry = Entry::new(&cell.id, &cell.type_name);
        let end = |key: &str| -> Result<Result<ComponentId, String>, InterchangeError> {
            let Some(at) = cell.at.field(key) else {
                return Ok(Err(format!("it has no {key}")));
            };
            at.object()?;
            let Some(target) = at.field("cell") else {
                return Ok(Err(format!(
                    "its {key} is a free point, not attached to a shape"
                )));
            };
            let target_id = target.text()?;
            let Some(&j) = index.get(target_id) else {
                return Err(target.invalid(format!(
                    "no cell has the id \"{target_id}\"; a flow must connect cells of the model"
                )));
            };
            match self.component_of.get(target_id) {
                Some(c) => Ok(Ok(c.clone())),
                None => Ok(Err(format!(
                    "its {key} is {}, not an actor, process or store",
                    cells[j]
                        .kind
                        .map_or("a cell of an unknown type", CellKind::describe)
                ))),
            }
        };
        let (from, to) = match (end("source")?, end("target")?) {
            (Ok(from), Ok(to)) => (from, to),
            (Err(why), _) | (_, Err(why)) => {
                self.entries[i] = Some(entry.not_drawn(format!("not drawn: {why}")));
                return Ok(());
            }
        };
        let (name, _) = cell_name(cell)?;
        let (description, trailer) = self.description(cell.data.as_ref(), &mut entry)?;
        let desc_path = cell
            .data
            .as_ref()
            .map_or_else(String::new, |d| format!("{}.description", d.path));
        let mut properties = allowed_properties(None, &trailer, |m| entry.note(&desc_path, m));
        let id = self
            .flow_ids
            .take(trailer.id.as_deref(), &format!("{from} to {to}"), "flow");
        if !name.trim().is_empty() && !properties.contains_key("label") {
            properties.insert("label".into(), Value::Text(name.to_owned()));
        }
        let mut bidirectional = false;
        if let Some(data) = &cell.data {
            if data.flag("isEncrypted")? && !properties.contains_key("encrypted") {
                properties.insert("encrypted".into(), Value::Bool(true));
                entry.set(
                    &id,
                    "encrypted",
                    Value::Bool(true),
                    format!("{}.isEncrypted", data.path),
                );
            }
            bidirectional = data.flag("isBidirectional")?;
        }
        let (notes, _) = self.notes(cell, description, trailer.id.is_some(), &mut entry)?;
        if let Some(notes) = notes {
            properties.insert("notes".into(), Value::Text(notes));
        }
        let mut points = Vec::new();
        for v in cell.at.items("vertices")? {
            let (x, y) = v.point()?;
            points.push((x + cell.offset, y));
        }
        entry.report.components.push(id.clone());
        if bidirectional {
            let back = self.flow_ids.take(None, &format!("{to} to {from}"), "flow");
            entry.note(
                &cell.at.path,
                format!("bidirectional: drawn both ways ({id} and {back}); remove one if requests go one way"),
            );
            entry.report.components.push(back.clone());
            let mut reversed = points.clone();
            reversed.reverse();
            self.flows.push((
                Flow {
                    id: FlowId::new(&back),
                    from: to.clone(),
                    to: from.clone(),
                    properties: properties.clone(),
                },
                reversed,
            ));
        }
        self.flows.push((
            Flow {
                id: FlowId::new(&id),
                from,
                to,
                properties,
            },
            points,
        ));
        self.entries[i] = Some(entry.report);
        Ok(())
    }

    /// A boundary curve: nothing drawn, the flows that cross it reported.
    fn curve(
        &self,
        cell: &Cell<'_>,
        mut entry: Entry,
    ) -> Result<crate::iac::ResourceReport, InterchangeError> {
        let mut line = Vec::new();
        if let Some(p) = cell.at.field("source").filter(|s| s.field("x").is_some()) {
            line.push(p.point()?);
        }
        for v in cell.at.items("vertices")? {
            line.push(v.point()?);
        }
        if let Some(p) = cell.at.field("target").filter(|s| s.field("x").is_some()) {
            line.push(p.point()?);
        }
        let line: Vec<(f64, f64)> = line
            .into_iter()
            .map(|(x, y)| (x + cell.offset, y))
            .collect();
        let centre = |id: &ComponentId| {
            self.components
                .iter()
                .find(|(c, _)| &c.id == id)
                .and_then(|(_, r)| r.map(|r| r.center()))
        };
        let crossing: Vec<&str> = self
            .flows
            .iter()
            .filter(|(f, vertices)| {
                let (Some(a), Some(b)) = (centre(&f.from), centre(&f.to)) else {
                    return false;
                };
                let mut path = vec![a];
                path.extend(vertices.iter().copied());
                path.push(b);
                polylines_cross(&path, &line)
            })
            .map(|(f, _)| f.id.as_str())
            .collect();
        let (name, _) = cell_name(cell)?;
        let what = if name.trim().is_empty() {
            "a trust boundary line".to_owned()
        } else {
            format!("the trust boundary line \"{name}\"")
        };
        if crossing.is_empty() {
            entry.note(&cell.at.path, format!("no flow crosses {what}"));
        } else {
            entry.note(
                &cell.at.path,
                format!("flows crossing {what}: {}", crossing.join(", ")),
            );
        }
        Ok(entry.not_drawn(
            "a boundary line has no inside; draw a boundary around the zone it separates",
        ))
    }

    /// Membership by geometry: each component in the smallest box holding its centre, each box
    /// in the smallest other box holding it whole.
    fn place_in_boundaries(&mut self) {
        let rects: Vec<Rect> = self
            .boundaries
            .iter()
            .map(|(_, r)| {
                r.unwrap_or(Rect {
                    x: 0.0,
                    y: 0.0,
                    width: 0.0,
                    height: 0.0,
                })
            })
            .collect();
        let has_rect: Vec<bool> = self.boundaries.iter().map(|(_, r)| r.is_some()).collect();
        let ids: Vec<BoundaryId> = self.boundaries.iter().map(|(b, _)| b.id.clone()).collect();
        for (c, rect) in &mut self.components {
            if let Some(r) = rect {
                let centre = r.center();
                c.boundary = innermost(
                    &rects,
                    &centre,
                    |b, p| b.contains_point(*p),
                    |j| !has_rect[j],
                )
                .map(|j| ids[j].clone());
            }
        }
        for i in 0..self.boundaries.len() {
            if !has_rect[i] {
                continue;
            }
            let me = rects[i];
            let parent = innermost(
                &rects,
                &me,
                |b, inner| b.contains(inner),
                |j| {
                    !has_rect[j]
                        || j == i
                        || rects[j].area() < me.area()
                        || (rects[j].area() == me.area() && j > i)
                },
            );
            self.boundaries[i].0.parent = parent.map(|j| ids[j].clone());
        }
    }
}

/// A threat as note text; `None` for a threat that is a Lensboard finding.
fn threat_text(threat: &At<'_>) -> Result<Option<String>, InterchangeError> {
    threat.object()?;
    let field = |key: &str| threat.text_at(key).map(|t| t.unwrap_or("").trim());
    let description = field("description")?;
    if description.lines().any(|l| l.starts_with(FINDING_LINE)) {
        return Ok(None);
    }
    let title = field("title")?;
    let mut about = Vec::new();
    for key in ["status", "severity"] {
        let value = field(key)?;
        if !value.is_empty() {
            about.push(if key == "severity" {
                format!("{value} severity")
            } else {
                value.to_owned()
            });
        }
    }
    let kind = [field("modelType")?, field("type")?]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !kind.is_empty() {
        about.push(kind);
    }
    let mut text = format!(
        "Threat: {}",
        if title.is_empty() {
            "(untitled)"
        } else {
            title
        }
    );
    if !about.is_empty() {
        text.push_str(&format!(" ({})", about.join("; ")));
    }
    if !description.is_empty() {
        text.push('\n');
        text.push_str(description);
    }
    let mitigation = field("mitigation")?;
    if !mitigation.is_empty() {
        text.push_str("\nMitigation: ");
        text.push_str(mitigation);
    }
    Ok(Some(text))
}

// ---------------------------------------------------------------------------------------------
// Export.

/// Writes the review as a Threat Dragon v2 model, its findings (evaluated with `pack`) as threats.
pub fn export(review: &Review, pack: &Pack, mapping: &ThreatModelMapping) -> String {
    let arch = &review.architecture;
    let family = |c: &Component| mapping.family_of(&c.kind);
    let layout = super::layout(arch, |c| node_size(family(c)));
    let findings = super::findings(review, pack);
    let mut cells = Vec::new();
    let mut threat_count = 0;
    // Boxes first, outer ones below inner ones.
    for b in arch.boundaries() {
        let Some(r) = layout.boundaries.get(&b.id) else {
            continue;
        };
        let mut depth = 0;
        let mut parent = b.parent.as_ref();
        while let (Some(p), true) = (parent, depth < 64) {
            depth += 1;
            parent = arch.boundary(p).and_then(|pb| pb.parent.as_ref());
        }
        let trailer = Trailer {
            id: Some(b.id.to_string()),
            trust: Some(b.trust),
            ..Trailer::default()
        };
        cells.push(json!({
            "id": stable_uuid(&format!("boundary:{}", b.id)),
            "shape": "trust-boundary-box",
            "zIndex": -100 + depth,
            "visible": true,
            "position": { "x": r.x, "y": r.y },
            "size": { "width": r.width, "height": r.height },
            "attrs": { "label": { "text": b.label } },
            "data": {
                "type": "tm.BoundaryBox",
                "name": b.label,
                "description": with_trailer("", &trailer),
                "isTrustBoundary": true,
                "hasOpenThreats": false,
            },
        }));
    }
    let empty = Vec::new();
    for (z, c) in arch.components().enumerate() {
        let r = layout.components[&c.id];
        let reviewed = findings.components.get(&c.id).unwrap_or(&empty);
        let threats = threats(reviewed, &mut threat_count);
        let open = reviewed.iter().any(|f| f.status == FindingStatus::Open);
        let stroke = if open { "red" } else { "#333333" };
        let line = json!({ "stroke": stroke, "strokeWidth": if open { 2.5 } else { 1.0 }, "strokeDasharray": "" });
        let trailer = Trailer {
            id: Some(c.id.to_string()),
            kind: Some(c.kind.clone()),
            properties: trailer_properties(&c.properties),
            ..Trailer::default()
        };
        let mut data = json!({
            "name": c.label,
            "description": with_trailer(notes_of(&c.properties), &trailer),
            "isTrustBoundary": false,
            "outOfScope": false,
            "reasonOutOfScope": "",
            "threats": threats,
            "hasOpenThreats": open,
        });
        let catalog = crate::catalog::Catalog::builtin();
        let truthy = |prop: &str| catalog.effective(c, prop) == Some(Value::Bool(true));
        let (shape, attrs, extra) = match family(c) {
            Family::Actor => (
                "actor",
                json!({ "text": { "text": c.label }, "body": line }),
                json!({ "type": "tm.Actor", "providesAuthentication": false }),
            ),
            Family::Process => (
                "process",
                json!({ "text": { "text": c.label }, "body": line }),
                json!({
                    "type": "tm.Process", "handlesCardPayment": false,
                    "handlesGoodsOrServices": false, "isWebApplication": false, "privilegeLevel": "",
                }),
            ),
            Family::Store => (
                "store",
                json!({ "text": { "text": c.label }, "topLine": line, "bottomLine": line }),
                json!({
                    "type": "tm.Store", "isALog": false, "isEncrypted": truthy("encryption_at_rest"),
                    "isSigned": false, "storesCredentials": c.kind == "secrets_manager",
                    "storesInventory": false,
                }),
            ),
        };
        merge(&mut data, extra);
        cells.push(json!({
            "id": stable_uuid(&format!("component:{}", c.id)),
            "shape": shape,
            "zIndex": z + 1,
            "visible": true,
            "position": { "x": r.x, "y": r.y },
            "size": { "width": r.width, "height": r.height },
            "attrs": attrs,
            "data": data,
        }));
    }
    let components = arch.components().count();
    for (z, f) in arch.flows().enumerate() {
        let reviewed = findings.flows.get(&f.id).unwrap_or(&empty);
        let threats = threats(reviewed, &mut threat_count);
        let open = reviewed.iter().any(|x| x.status == FindingStatus::Open);
        let label = f
            .properties
            .get("label")
            .and_then(Value::as_text)
            .unwrap_or("");
        let public = crosses_internet(arch, f);
        let trailer = Trailer {
            id: Some(f.id.to_string()),
            properties: trailer_properties(&f.properties),
            ..Trailer::default()
        };
        let encrypted = crate::catalog::Catalog::builtin().effective_flow(f, "encrypted")
            == Some(Value::Bool(true));
        cells.push(json!({
            "id": stable_uuid(&format!("flow:{}", f.id)),
            "shape": "flow",
            "zIndex": components + z + 1,
            "connector": "smooth",
            "source": { "cell": stable_uuid(&format!("component:{}", f.from)) },
            "target": { "cell": stable_uuid(&format!("component:{}", f.to)) },
            "vertices": [],
            "attrs": { "line": {
                "stroke": if open { "red" } else { "#333333" },
                "strokeWidth": if open { 2.5 } else { 1.0 },
                "targetMarker": { "name": "block" },
                "sourceMarker": { "name": "" },
                "strokeDasharray": "",
            } },
            "labels": [ { "position": 0.5, "attrs": { "label": { "text": label } } } ],
            "data": {
                "type": "tm.Flow",
                "name": label,
                "description": with_trailer(notes_of(&f.properties), &trailer),
                "isTrustBoundary": false,
                "outOfScope": false,
                "reasonOutOfScope": "",
                "threats": threats,
                "hasOpenThreats": open,
                "isBidirectional": false,
                "isEncrypted": encrypted,
                "isPublicNetwork": public,
                "protocol": "",
            },
        }));
    }
    let model = json!({
        "version": VERSION,
        "summary": {
            "title": arch.name(),
            "owner": "",
            "description": "Exported from Lensboard: the threats are the review's findings against the AWS Well-Architected Generative AI Lens.",
            "id": 0,
        },
        "detail": {
            "contributors": [],
            "diagrams": [ {
                "id": 0,
                "version": VERSION,
                "title": arch.name(),
                "description": "",
                "diagramType": "Generic",
                "thumbnail": "./public/content/images/thumbnail.jpg",
                "cells": cells,
            } ],
            "diagramTop": 1,
            "reviewer": "",
            "threatTop": threat_count,
        },
    });
    let mut text = serde_json::to_string_pretty(&model).unwrap_or_default();
    text.push('\n');
    text
}

/// Adds the fields of `extra` (an object) to `data` (an object).
fn merge(data: &mut J, extra: J) {
    if let (Some(data), J::Object(extra)) = (data.as_object_mut(), extra) {
        data.extend(extra);
    }
}

/// Whether a flow has an end in an `internet` boundary (or nested in one).
fn crosses_internet(arch: &Architecture, f: &Flow) -> bool {
    let in_internet = |id: &ComponentId| {
        let mut boundary = arch.component(id).and_then(|c| c.boundary.as_ref());
        let mut steps = 0;
        while let Some(b) = boundary.and_then(|b| arch.boundary(b)) {
            if b.trust == Trust::Internet {
                return true;
            }
            steps += 1;
            if steps > 64 {
                break;
            }
            boundary = b.parent.as_ref();
        }
        false
    };
    in_internet(&f.from) != in_internet(&f.to)
}

/// The threats of one cell.
fn threats(reviewed: &[ReviewedFinding], count: &mut usize) -> Vec<J> {
    reviewed
        .iter()
        .map(|r| {
            *count += 1;
            let f = &r.finding;
            let (status, decided) = match r.status {
                FindingStatus::Open => ("Open", None),
                FindingStatus::Accepted => ("Accepted", Some("accepted")),
                FindingStatus::Mitigated => ("Mitigated", Some("mitigated")),
                FindingStatus::FalsePositive => ("NotApplicable", Some("a false positive")),
                FindingStatus::NotApplicable => ("NotApplicable", Some("not applicable")),
            };
            let severity = match f.risk {
                crate::practices::Risk::High => "High",
                crate::practices::Risk::Medium => "Medium",
                crate::practices::Risk::Low => "Low",
            };
            let mut description = f.message.clone();
            if f.basis == crate::engine::Basis::Unstated {
                description.push_str(
                    "\n\nA question: the drawing does not say, and the property's default fails the rule.",
                );
            }
            if let (Some(what), Some(d)) = (decided, &r.decision) {
                description.push_str(&format!("\n\nDecided {what} by {} on {}", d.owner, d.date));
                if !d.justification.trim().is_empty() {
                    description.push_str(&format!(": {}", d.justification.trim()));
                }
                if let Some(ticket) = &d.ticket {
                    description.push_str(&format!(" ({ticket})"));
                }
                description.push('.');
            }
            description.push_str(&format!("\n\n{FINDING_LINE}{}", f.id));
            json!({
                "id": stable_uuid(&format!("finding:{}", f.id)),
                "title": f.title.as_ref(),
                "type": f.pillar.title(),
                "modelType": "Generic",
                "status": status,
                "severity": severity,
                "description": description,
                "mitigation": f.remediation,
                "score": f.best_practices.join(" "),
                "number": *count,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_kind_is_read_from_its_type_or_its_shape() {
        assert_eq!(
            CellKind::of("tm.Store"),
            Some(CellKind::Node(Family::Store))
        );
        assert_eq!(CellKind::of("trust-boundary-box"), Some(CellKind::Box));
        assert_eq!(CellKind::of("tm.Widget"), None);
    }

    #[test]
    fn a_threat_becomes_a_note_with_its_status_severity_and_mitigation() {
        let threat = json!({ "title": "Spoofed caller", "status": "Open", "severity": "High",
            "type": "Spoofing", "modelType": "STRIDE", "description": "Anyone can call it.",
            "mitigation": "Authenticate callers." });
        let text = threat_text(&At::root(&threat)).unwrap();
        assert_eq!(
            text.as_deref(),
            Some("Threat: Spoofed caller (Open; High severity; STRIDE Spoofing)\nAnyone can call it.\nMitigation: Authenticate callers.")
        );
    }
}
