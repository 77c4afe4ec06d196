//! The Open Threat Model (OTM, IriusRisk's open format; INTERCHANGE.md §3.4), JSON or YAML.
//!
//! **Import.** Trust zones become boundaries (nested through `parent.trustZone`), components
//! become components in the boundary of their parent (a component inside another component goes
//! into that one's boundary), dataflows become flows (a bidirectional one is drawn both ways), and
//! the threats a component or dataflow lists — with their state and mitigations, looked up in the
//! model's `threats` and `mitigations` — become its `notes`. A kind is read from the words of the
//! component's name, then its `type`, then its description (OTM types are free text such as
//! `web-service` or `CD-MICROSOFT-AZURE-DB-POSTGRESQL`); what no rule matches is a generic
//! `service`, to confirm. A trust zone's trust level comes from its words, else from its
//! `risk.trustRating` (below 20 internet, 40 third party, 60 DMZ, 80 tenant, else private).
//! Positions come from the first representation that has one and are relative to the parent
//! element, as IriusRisk and StartLeft write them; they become absolute. Strict about what OTM
//! requires: `otmVersion`, ids, and references (a parent, a dataflow end, a threat or mitigation)
//! to elements that exist.
//!
//! **Export.** Boundaries as trust zones (`type` `lensboard:<trust>`, a `trustRating` per level:
//! internet 10, third party 30, DMZ 50, tenant 70, private 100), components with `type`
//! `lensboard:<kind>` and their properties in `attributes`, flows as dataflows, every finding as a
//! threat (`categories` its pillar, `risk.impact` 100/50/25 for high/medium/low,
//! `risk.likelihood` 100, or 50 for a question the drawing does not answer) instated on its
//! subject with the finding's status as `state` (open → exposed, accepted → accepted, mitigated →
//! mitigated, false positive and not applicable → not-applicable), and its remediation as a
//! mitigation (implemented when the finding was decided mitigated, else required). OTM requires
//! every component to have a parent, so components outside every boundary go into a trust zone
//! `lensboard-outside` (type `lensboard:outside`), which the import drops again. Elements keep
//! their Lensboard id in `attributes.lensboard_id` where the OTM id had to differ.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as J};

use super::{
    notes_of, parse_json, to_confirm_note, trailer_properties, At, Entry, Ids, InterchangeError,
    NoteText, Rect, ThreatModelMapping,
};
use crate::catalog::Catalog;
use crate::engine::{Basis, Pack};
use crate::iac::{Import, ImportReport};
use crate::model::{
    ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Position,
    Properties, Size, Trust, Value,
};
use crate::practices::Risk;
use crate::review::{FindingStatus, Review, ReviewedFinding};
use crate::Architecture;

/// How the format is named in messages.
pub const FORMAT: &str = "an Open Threat Model";
/// The version written on export.
pub const VERSION: &str = "0.2.0";
/// The `type` prefix of what Lensboard wrote.
const OURS: &str = "lensboard:";
/// The trust zone of components outside every boundary.
const OUTSIDE: &str = "lensboard-outside";
/// The attribute holding a Lensboard id that differs from the OTM id.
const ID_ATTRIBUTE: &str = "lensboard_id";
/// The attribute marking a threat that is a Lensboard finding.
const FINDING_ATTRIBUTE: &str = "lensboard_finding";

fn foreign(reason: impl Into<String>) -> InterchangeError {
    InterchangeError::Foreign {
        format: FORMAT,
        reason: reason.into(),
    }
}

/// Reads an OTM model, JSON (starting with `{`) or YAML. `fallback_name` names the architecture
/// when the project has no name.
pub fn import_text(
    text: &str,
    fallback_name: &str,
    mapping: &ThreatModelMapping,
) -> Result<Import, InterchangeError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let doc = if trimmed.starts_with('{') {
        parse_json(trimmed, FORMAT)?
    } else {
        crate::iac::yaml::parse(text)
            .map_err(|e| InterchangeError::Syntax(format!("not {FORMAT}: {e}")))?
    };
    import(&doc, fallback_name, mapping)
}

/// The trust level of an OTM `trustRating` (0–100).
fn trust_of_rating(rating: f64) -> Trust {
    if rating < 20.0 {
        Trust::Internet
    } else if rating < 40.0 {
        Trust::ThirdParty
    } else if rating < 60.0 {
        Trust::Dmz
    } else if rating < 80.0 {
        Trust::Tenant
    } else {
        Trust::Private
    }
}

/// The `trustRating` written for a trust level.
fn rating_of(trust: Trust) -> u8 {
    match trust {
        Trust::Internet => 10,
        Trust::ThirdParty => 30,
        Trust::Dmz => 50,
        Trust::Tenant => 70,
        Trust::Private => 100,
    }
}

/// Where a component ends up: its boundary, and the absolute origin its relative position is
/// measured from.
type Placed = (Option<BoundaryId>, (f64, f64));

/// What an element's `parent` names.
enum Parent {
    None,
    Zone(String),
    Component(String),
}

fn parent_of(at: &At<'_>) -> Result<Parent, InterchangeError> {
    let Some(parent) = at.field("parent") else {
        return Ok(Parent::None);
    };
    parent.object()?;
    if let Some(zone) = parent.text_at("trustZone")? {
        Ok(Parent::Zone(zone.to_owned()))
    } else if let Some(component) = parent.text_at("component")? {
        Ok(Parent::Component(component.to_owned()))
    } else {
        Err(parent.invalid("a parent names a `trustZone` or a `component`"))
    }
}

/// The position and size of the first representation that has a position (relative to the
/// parent).
fn drawn_at(at: &At<'_>) -> Result<Option<(Position, Option<Size>)>, InterchangeError> {
    for r in at.items("representations")? {
        r.object()?;
        if let Some(p) = r.field("position") {
            let (x, y) = p.point()?;
            let size = r
                .field("size")
                .map(|s| s.size())
                .transpose()?
                .map(|(width, height)| Size { width, height });
            return Ok(Some((Position { x, y }, size)));
        }
    }
    Ok(None)
}

/// An element's id (required, a string).
fn id_of<'a>(at: &At<'a>) -> Result<&'a str, InterchangeError> {
    at.object()?;
    match at.field("id") {
        Some(id) => id.text(),
        None => Err(at.invalid("`id` is missing")),
    }
}

/// What a model's top-level threats and mitigations say, by id.
struct Catalogue<'a> {
    threats: BTreeMap<&'a str, At<'a>>,
    mitigations: BTreeMap<&'a str, At<'a>>,
}

/// Reads a parsed OTM model.
pub fn import(
    doc: &J,
    fallback_name: &str,
    mapping: &ThreatModelMapping,
) -> Result<Import, InterchangeError> {
    let root = At::root(doc);
    if doc.as_object().is_none() {
        return Err(foreign("the document is not an object"));
    }
    match root.field("otmVersion") {
        Some(v) => {
            if !(v.value.is_string() || v.value.is_number()) {
                return Err(v.invalid("expected the OTM version as a string"));
            }
        }
        None => return Err(foreign("it has no `otmVersion`")),
    }
    let name = super::model_name(root.field("project"), "name", fallback_name)?;
    let mut catalogue = Catalogue {
        threats: BTreeMap::new(),
        mitigations: BTreeMap::new(),
    };
    for (key, into) in [
        ("threats", &mut catalogue.threats),
        ("mitigations", &mut catalogue.mitigations),
    ] {
        for at in root.items(key)? {
            let id = id_of(&at)?;
            if into.insert(id, at.clone()).is_some() {
                return Err(at.invalid(format!("another of the {key} has the id \"{id}\"")));
            }
        }
    }
    let mut report = ImportReport::default();
    let mut to_confirm = Vec::new();
    // Trust zones, with their positions relative to their parents.
    let zones = root.items("trustZones")?;
    let mut boundary_ids = Ids::default();
    let mut zone_of: BTreeMap<&str, Option<BoundaryId>> = BTreeMap::new();
    // Each boundary with the parent its zone names and the zone's index in the file.
    let mut boundaries: Vec<(Boundary, Option<String>, usize)> = Vec::new();
    for (z, at) in zones.iter().enumerate() {
        let otm_id = id_of(at)?;
        let mut entry = Entry::new(otm_id, "trustZone");
        let label = at.label_at("name")?.unwrap_or("");
        let zone_type = at.text_at("type")?.unwrap_or("");
        let attributes = at.field("attributes");
        if zone_of.contains_key(otm_id) {
            return Err(at.invalid(format!("another trust zone has the id \"{otm_id}\"")));
        }
        if zone_type == format!("{OURS}outside") {
            zone_of.insert(otm_id, None);
            report.resources.push(
                entry.not_drawn("the zone Lensboard writes for components outside every boundary"),
            );
            continue;
        }
        let wanted = lensboard_id(attributes.as_ref())?.unwrap_or(otm_id);
        let id = boundary_ids.take(Some(wanted), label, "boundary");
        let ours = zone_type
            .strip_prefix(OURS)
            .and_then(|t| serde_json::from_value::<Trust>(J::String(t.to_owned())).ok());
        let trust = match ours {
            Some(trust) => trust,
            None => {
                let texts = at.texts(&["name", "type", "description"])?;
                let rating = match at.field("risk") {
                    Some(risk) => {
                        risk.object()?;
                        risk.field("trustRating")
                            .map(|r| r.number().map(|n| (n, r.path)))
                            .transpose()?
                    }
                    None => None,
                };
                let choice = mapping.trust_for(&texts, Trust::Private);
                let (trust, to_check) =
                    entry.trust(&id, &choice, rating, trust_of_rating, &at.path);
                if to_check {
                    to_confirm.push(id.clone());
                }
                trust
            }
        };
        let drawn = drawn_at(at)?;
        let parent = match parent_of(at)? {
            Parent::None => None,
            Parent::Zone(z) => Some(z),
            Parent::Component(_) => {
                return Err(at.invalid("a trust zone's parent must be a trust zone"));
            }
        };
        entry.report.components.push(id.clone());
        zone_of.insert(otm_id, Some(BoundaryId::new(&id)));
        report.resources.push(entry.report);
        boundaries.push((
            Boundary {
                id: BoundaryId::new(&id),
                label: label.to_owned(),
                trust,
                parent: None,
                position: drawn.map(|(p, _)| p),
                size: drawn.and_then(|(_, s)| s),
            },
            parent,
            z,
        ));
    }
    for (b, parent, z) in &mut boundaries {
        if let Some(parent) = parent {
            match zone_of.get(parent.as_str()) {
                Some(found) => b.parent = found.clone(),
                None => {
                    return Err(zones[*z].invalid(format!(
                        "parent.trustZone: no trust zone has the id \"{parent}\""
                    )))
                }
            }
        }
    }
    let mut boundaries: Vec<Boundary> = boundaries.into_iter().map(|(b, ..)| b).collect();
    absolute_boundaries(&mut boundaries);
    // Components.
    let items = root.items("components")?;
    let mut component_ids = Ids::default();
    let mut component_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut components: Vec<(Component, Parent)> = Vec::new();
    let catalog = Catalog::builtin();
    for at in &items {
        let otm_id = id_of(at)?;
        let mut entry = Entry::new(otm_id, "component");
        let label = at.label_at("name")?.unwrap_or("");
        let component_type = at.text_at("type")?.unwrap_or("");
        let description = at.text_at("description")?.unwrap_or("");
        let attributes = at.field("attributes");
        let wanted = lensboard_id(attributes.as_ref())?.unwrap_or(otm_id);
        let id = component_ids.take(Some(wanted), label, "component");
        if component_of.insert(otm_id, components.len()).is_some() {
            return Err(at.invalid(format!("another component has the id \"{otm_id}\"")));
        }
        let ours = component_type
            .strip_prefix(OURS)
            .filter(|k| catalog.kind(k).is_some());
        let mut properties = Properties::new();
        let kind = match ours {
            Some(kind) => {
                let type_path = at.field("type").map_or_else(String::new, |a| a.path);
                entry.set(&id, "kind", Value::Text(kind.to_owned()), type_path);
                properties = our_properties(attributes.as_ref(), Some(kind), &mut entry)?;
                kind.to_owned()
            }
            None => {
                let texts = at.texts(&["name", "type", "description"])?;
                let choice = mapping.kind_for(None, &texts);
                if entry.kind(&id, &choice, &at.path) {
                    to_confirm.push(id.clone());
                }
                choice.value()
            }
        };
        let notes = element_notes(at, description, &catalogue, &mut entry)?;
        if let Some(notes) = notes {
            properties.insert("notes".into(), Value::Text(notes));
        }
        let drawn = drawn_at(at)?;
        entry.report.components.push(id.clone());
        report.resources.push(entry.report);
        components.push((
            Component {
                id: ComponentId::new(&id),
                kind,
                preset: None,
                label: label.to_owned(),
                boundary: None,
                properties,
                position: drawn.map(|(p, _)| p),
            },
            parent_of(at)?,
        ));
    }
    // Parents: a zone, or another component (its boundary, found along the chain).
    let zone_origin = |b: &Option<BoundaryId>| {
        b.as_ref()
            .and_then(|id| boundaries.iter().find(|x| &x.id == id))
            .and_then(|x| x.position)
            .map_or((0.0, 0.0), |p| (p.x, p.y))
    };
    let mut resolved: Vec<Option<Placed>> = vec![None; components.len()];
    for start in 0..components.len() {
        let mut chain = vec![start];
        let found = loop {
            let Some(&i) = chain.last() else {
                break (None, (0.0, 0.0));
            };
            if let Some(done) = &resolved[i] {
                break done.clone();
            }
            match &components[i].1 {
                Parent::None => break (None, (0.0, 0.0)),
                Parent::Zone(z) => match zone_of.get(z.as_str()) {
                    Some(b) => break (b.clone(), zone_origin(b)),
                    None => {
                        return Err(items[i].invalid(format!(
                            "parent.trustZone: no trust zone has the id \"{z}\""
                        )))
                    }
                },
                Parent::Component(c) => match component_of.get(c.as_str()) {
                    Some(&j) if chain.contains(&j) => {
                        return Err(items[i].invalid(format!(
                            "parent.component: \"{c}\" is inside this component itself"
                        )))
                    }
                    Some(&j) => chain.push(j),
                    None => {
                        return Err(items[i]
                            .invalid(format!("parent.component: no component has the id \"{c}\"")))
                    }
                },
            }
        };
        // Walk the chain back: each component's origin is its parent's position.
        let (boundary, mut origin) = found;
        for &i in chain.iter().rev() {
            if resolved[i].is_none() {
                resolved[i] = Some((boundary.clone(), origin));
            }
            let (_, o) = resolved[i].clone().unwrap_or((None, origin));
            if let Some(p) = components[i].0.position {
                origin = (o.0 + p.x, o.1 + p.y);
            }
        }
    }
    let mut out_components = Vec::with_capacity(components.len());
    for (i, (mut c, parent)) in components.into_iter().enumerate() {
        if let Some((boundary, (ox, oy))) = resolved[i].clone() {
            c.boundary = boundary;
            if let Some(p) = &mut c.position {
                p.x += ox;
                p.y += oy;
            }
        }
        if let Parent::Component(holder) = parent {
            if let Some(r) = report.resources.iter_mut().rev().find(|r| {
                r.resource_type == "component" && r.components.first() == Some(&c.id.to_string())
            }) {
                r.notes.push(crate::iac::Note {
                    path: items[i].path.clone(),
                    message: format!(
                        "inside the component \"{holder}\": drawn in its boundary, beside it"
                    ),
                });
            }
        }
        out_components.push(c);
    }
    // Dataflows.
    let mut flow_ids = Ids::default();
    let mut flows = Vec::new();
    for at in root.items("dataflows")? {
        let otm_id = id_of(&at)?;
        let mut entry = Entry::new(otm_id, "dataflow");
        let end = |key: &str| -> Result<ComponentId, InterchangeError> {
            let end = at
                .field(key)
                .ok_or_else(|| at.invalid(format!("`{key}` is missing")))?;
            let name = end.text()?;
            match component_of.get(name) {
                Some(&i) => Ok(out_components[i].id.clone()),
                None if zone_of.contains_key(name) => Err(end.invalid(format!(
                    "\"{name}\" is a trust zone; Lensboard flows join components"
                ))),
                None => Err(end.invalid(format!("no component has the id \"{name}\""))),
            }
        };
        let (from, to) = (end("source")?, end("destination")?);
        let label = at.label_at("name")?.unwrap_or("");
        let description = at.text_at("description")?.unwrap_or("");
        let attributes = at.field("attributes");
        let is_ours = lensboard_id(attributes.as_ref())?.is_some();
        let wanted = lensboard_id(attributes.as_ref())?.unwrap_or(otm_id);
        let id = flow_ids.take(Some(wanted), &format!("{from} to {to}"), "flow");
        let mut properties = if is_ours {
            our_properties(attributes.as_ref(), None, &mut entry)?
        } else {
            Properties::new()
        };
        if !is_ours && !label.trim().is_empty() {
            properties.insert("label".into(), Value::Text(label.to_owned()));
        }
        if let Some(notes) = element_notes(&at, description, &catalogue, &mut entry)? {
            properties.insert("notes".into(), Value::Text(notes));
        }
        entry.report.components.push(id.clone());
        if at.flag("bidirectional")? {
            let back = flow_ids.take(None, &format!("{to} to {from}"), "flow");
            entry.note(
                &at.path,
                format!("bidirectional: drawn both ways ({id} and {back}); remove one if requests go one way"),
            );
            entry.report.components.push(back.clone());
            flows.push(Flow {
                id: FlowId::new(&back),
                from: to.clone(),
                to: from.clone(),
                properties: properties.clone(),
            });
        }
        flows.push(Flow {
            id: FlowId::new(&id),
            from,
            to,
            properties,
        });
        report.resources.push(entry.report);
    }
    to_confirm_note(&mut report, &to_confirm);
    let architecture = ArchitectureData {
        name: name.to_owned(),
        boundaries,
        components: out_components,
        flows,
    };
    Architecture::from_data_checked(architecture.clone())?;
    Ok(Import {
        architecture,
        report,
    })
}

/// `attributes.lensboard_id`, the id Lensboard gave an element whose OTM id had to differ.
fn lensboard_id<'a>(attributes: Option<&At<'a>>) -> Result<Option<&'a str>, InterchangeError> {
    match attributes {
        Some(a) => {
            a.object()?;
            a.text_at(ID_ATTRIBUTE)
        }
        None => Ok(None),
    }
}

/// The properties among the attributes of an element Lensboard wrote (on `kind`, or a flow);
/// values the catalog refuses are reported, not set.
fn our_properties(
    attributes: Option<&At<'_>>,
    kind: Option<&str>,
    entry: &mut Entry,
) -> Result<Properties, InterchangeError> {
    let mut out = Properties::new();
    let Some(attributes) = attributes else {
        return Ok(out);
    };
    let catalog = Catalog::builtin();
    for (key, value) in attributes.object()? {
        if key == ID_ATTRIBUTE || key == "notes" {
            continue;
        }
        let path = format!("{}.{key}", attributes.path);
        let value = match value {
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            J::String(s) => Value::Text(s.clone()),
            _ => {
                entry.note(
                    &path,
                    "not a property value (true/false, a number or a string): not set",
                );
                continue;
            }
        };
        let checked = match kind {
            Some(kind) => catalog.check_value(kind, key, &value),
            None => catalog.check_flow_value(key, &value),
        };
        match checked {
            Ok(()) => {
                out.insert(key.clone(), value);
            }
            Err(e) => entry.note(&path, format!("property {key} not set: {e}")),
        }
    }
    Ok(out)
}

/// The notes of a component or dataflow: its description, then each threat it lists with its
/// state and mitigations (threats that are Lensboard findings are left out).
fn element_notes(
    at: &At<'_>,
    description: &str,
    catalogue: &Catalogue<'_>,
    entry: &mut Entry,
) -> Result<Option<String>, InterchangeError> {
    let mut notes = NoteText::default();
    notes.push(description);
    let mut ours = 0;
    for instance in at.items("threats")? {
        instance.object()?;
        let threat_id = instance
            .field("threat")
            .ok_or_else(|| instance.invalid("`threat` is missing"))?;
        let id = threat_id.text()?;
        let Some(threat) = catalogue.threats.get(id) else {
            return Err(threat_id.invalid(format!("no threat has the id \"{id}\"")));
        };
        let marked = threat
            .field("attributes")
            .map(|a| a.text_at(FINDING_ATTRIBUTE))
            .transpose()?
            .flatten()
            .is_some();
        if marked {
            ours += 1;
            continue;
        }
        let mut text = format!("Threat: {}", threat.text_at("name")?.unwrap_or("(unnamed)"));
        let mut about = Vec::new();
        if let Some(state) = instance.text_at("state")? {
            about.push(state.to_owned());
        }
        let categories: Vec<&str> = threat
            .items("categories")?
            .iter()
            .map(At::text)
            .collect::<Result<_, _>>()?;
        if !categories.is_empty() {
            about.push(categories.join(", "));
        }
        let cwes: Vec<&str> = threat
            .items("cwes")?
            .iter()
            .map(At::text)
            .collect::<Result<_, _>>()?;
        if !cwes.is_empty() {
            about.push(cwes.join(", "));
        }
        if let Some(risk) = threat.field("risk") {
            risk.object()?;
            let number = |key: &str| risk.field(key).map(|n| n.number()).transpose();
            if let (Some(l), Some(i)) = (number("likelihood")?, number("impact")?) {
                about.push(format!("likelihood {l}, impact {i}"));
            }
        }
        if !about.is_empty() {
            text.push_str(&format!(" ({})", about.join("; ")));
        }
        if let Some(d) = threat
            .text_at("description")?
            .filter(|d| !d.trim().is_empty())
        {
            text.push('\n');
            text.push_str(d.trim());
        }
        for m in instance.items("mitigations")? {
            m.object()?;
            let mid_at = m
                .field("mitigation")
                .ok_or_else(|| m.invalid("`mitigation` is missing"))?;
            let mid = mid_at.text()?;
            let Some(mitigation) = catalogue.mitigations.get(mid) else {
                return Err(mid_at.invalid(format!("no mitigation has the id \"{mid}\"")));
            };
            text.push_str("\nMitigation: ");
            text.push_str(mitigation.text_at("name")?.unwrap_or("(unnamed)"));
            if let Some(state) = m.text_at("state")? {
                text.push_str(&format!(" ({state})"));
            }
            if let Some(d) = mitigation
                .text_at("description")?
                .filter(|d| !d.trim().is_empty())
            {
                text.push_str(": ");
                text.push_str(d.trim());
            }
        }
        notes.push(text);
    }
    if ours > 0 {
        entry.note(
            &at.path,
            format!("{ours} threat(s) were Lensboard findings: the rules find them again, so they are not copied into the notes"),
        );
    }
    let (text, cut) = notes.finish();
    if cut {
        entry.note(
            &at.path,
            format!(
                "notes cut at {} characters (the catalog's limit for text)",
                crate::catalog::MAX_TEXT_CHARS
            ),
        );
    }
    Ok(text)
}

/// Boundary positions relative to their parents made absolute, parents first.
fn absolute_boundaries(boundaries: &mut [Boundary]) {
    let index: BTreeMap<BoundaryId, usize> = boundaries
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.clone(), i))
        .collect();
    let relative: Vec<Option<Position>> = boundaries.iter().map(|b| b.position).collect();
    for i in 0..boundaries.len() {
        let Some(mut p) = relative[i] else { continue };
        let mut parent = boundaries[i].parent.clone();
        let mut steps = 0;
        while let Some(j) = parent.as_ref().and_then(|id| index.get(id)).copied() {
            if let Some(q) = relative[j] {
                p.x += q.x;
                p.y += q.y;
            }
            parent = boundaries[j].parent.clone();
            steps += 1;
            if steps > boundaries.len() {
                break;
            }
        }
        boundaries[i].position = Some(p);
    }
}

// ---------------------------------------------------------------------------------------------
// Export.

/// Writes the review as an OTM model (JSON), its findings (evaluated with `pack`) as threats.
pub fn export(review: &Review, pack: &Pack) -> String {
    let arch = &review.architecture;
    let layout = super::layout(arch, |_| (160.0, 80.0));
    let findings = super::findings(review, pack);
    // OTM ids are one name space; Lensboard's are three. An id taken by an earlier element gets a
    // prefix and keeps its own in `attributes.lensboard_id`.
    let mut taken = std::collections::BTreeSet::new();
    let mut otm_id = |space: &str, id: &str| {
        if taken.insert(id.to_owned()) {
            (id.to_owned(), false)
        } else {
            let mut n = 1;
            let mut other = format!("{space}:{id}");
            while !taken.insert(other.clone()) {
                n += 1;
                other = format!("{space}:{id}:{n}");
            }
            (other, true)
        }
    };
    let representation = "lensboard-diagram";
    let relative = |element: &str, rect: &Rect, origin: Option<&Rect>| {
        let (ox, oy) = origin.map_or((0.0, 0.0), |o| (o.x, o.y));
        json!({
            "representation": representation,
            "id": format!("{element}-representation"),
            "position": { "x": rect.x - ox, "y": rect.y - oy },
            "size": { "width": rect.width, "height": rect.height },
        })
    };
    let mut zones = Vec::new();
    let mut zone_ids: BTreeMap<&BoundaryId, String> = BTreeMap::new();
    for b in arch.boundaries() {
        let (id, _) = otm_id("zone", b.id.as_str());
        zone_ids.insert(&b.id, id);
    }
    let outside_needed = arch.components().any(|c| c.boundary.is_none());
    let outside = if outside_needed {
        Some(otm_id("zone", OUTSIDE).0)
    } else {
        None
    };
    for b in arch.boundaries() {
        let mut zone = Map::new();
        zone.insert("id".into(), J::String(zone_ids[&b.id].clone()));
        zone.insert("name".into(), J::String(b.label.clone()));
        zone.insert("type".into(), J::String(format!("{OURS}{}", b.trust.id())));
        zone.insert("risk".into(), json!({ "trustRating": rating_of(b.trust) }));
        if let Some(parent) = &b.parent {
            zone.insert(
                "parent".into(),
                json!({ "trustZone": zone_ids.get(parent) }),
            );
        }
        if let Some(r) = layout.boundaries.get(&b.id) {
            let origin = b.parent.as_ref().and_then(|p| layout.boundaries.get(p));
            let element = &zone_ids[&b.id];
            zone.insert(
                "representations".into(),
                json!([relative(element, r, origin)]),
            );
        }
        if zone_ids[&b.id] != b.id.as_str() {
            zone.insert("attributes".into(), json!({ ID_ATTRIBUTE: b.id }));
        }
        zones.push(J::Object(zone));
    }
    if let Some(outside) = &outside {
        zones.push(json!({
            "id": outside,
            "name": "Outside every boundary",
            "type": format!("{OURS}outside"),
            "description": "Lensboard draws these components in no trust zone; OTM requires one.",
            "risk": { "trustRating": 50 },
        }));
    }
    let mut threats = Vec::new();
    let mut mitigations = Vec::new();
    let mut instances = |reviewed: Option<&Vec<ReviewedFinding>>| -> Vec<J> {
        reviewed
            .into_iter()
            .flatten()
            .map(|r| instate(r, &mut threats, &mut mitigations))
            .collect()
    };
    let mut components = Vec::new();
    let mut component_ids: BTreeMap<&ComponentId, String> = BTreeMap::new();
    for c in arch.components() {
        let (id, _) = otm_id("component", c.id.as_str());
        component_ids.insert(&c.id, id);
    }
    for c in arch.components() {
        let id = &component_ids[&c.id];
        let mut attributes = properties_json(&trailer_properties(&c.properties));
        if id != c.id.as_str() {
            attributes.insert(ID_ATTRIBUTE.into(), J::String(c.id.to_string()));
        }
        let parent = match &c.boundary {
            Some(b) => zone_ids.get(b).cloned(),
            None => outside.clone(),
        };
        let origin = c.boundary.as_ref().and_then(|b| layout.boundaries.get(b));
        let mut component = json!({
            "id": id,
            "name": c.label,
            "type": format!("{OURS}{}", c.kind),
            "parent": { "trustZone": parent },
            "representations": [relative(id, &layout.components[&c.id], origin)],
            "threats": instances(findings.components.get(&c.id)),
            "attributes": attributes,
        });
        let notes = notes_of(&c.properties);
        if !notes.is_empty() {
            merge_field(&mut component, "description", J::String(notes.to_owned()));
        }
        components.push(component);
    }
    let mut dataflows = Vec::new();
    for f in arch.flows() {
        let (id, _) = otm_id("flow", f.id.as_str());
        let mut attributes = properties_json(&trailer_properties(&f.properties));
        // Always present on flows: it marks the dataflow as Lensboard's, whose name is not a label.
        attributes.insert(ID_ATTRIBUTE.into(), J::String(f.id.to_string()));
        let name = f
            .properties
            .get("label")
            .and_then(Value::as_text)
            .map_or_else(|| format!("{} to {}", f.from, f.to), str::to_owned);
        let mut flow = json!({
            "id": id,
            "name": name,
            "source": component_ids.get(&f.from),
            "destination": component_ids.get(&f.to),
            "bidirectional": false,
            "threats": instances(findings.flows.get(&f.id)),
            "attributes": attributes,
        });
        let notes = notes_of(&f.properties);
        if !notes.is_empty() {
            merge_field(&mut flow, "description", J::String(notes.to_owned()));
        }
        dataflows.push(flow);
    }
    let width = layout
        .boundaries
        .values()
        .chain(layout.components.values())
        .map(|r| r.x + r.width)
        .fold(0.0_f64, f64::max);
    let height = layout
        .boundaries
        .values()
        .chain(layout.components.values())
        .map(|r| r.y + r.height)
        .fold(0.0_f64, f64::max);
    let project_id = {
        let words = super::mapping::tokens(arch.name()).join("-");
        if words.is_empty() {
            "lensboard".to_owned()
        } else {
            words
        }
    };
    let model = json!({
        "otmVersion": VERSION,
        "project": {
            "name": arch.name(),
            "id": project_id,
            "description": "Exported from Lensboard: the threats are the review's findings against the AWS Well-Architected Generative AI Lens.",
        },
        "representations": [ {
            "name": "Lensboard diagram",
            "id": representation,
            "type": "diagram",
            "size": { "width": width + 40.0, "height": height + 40.0 },
        } ],
        "trustZones": zones,
        "components": components,
        "dataflows": dataflows,
        "threats": threats,
        "mitigations": mitigations,
    });
    let mut text = serde_json::to_string_pretty(&model).unwrap_or_default();
    text.push('\n');
    text
}

fn merge_field(object: &mut J, key: &str, value: J) {
    if let Some(o) = object.as_object_mut() {
        o.insert(key.to_owned(), value);
    }
}

fn properties_json(properties: &Properties) -> Map<String, J> {
    properties
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Value::Bool(b) => J::Bool(*b),
                Value::Number(n) => json!(n),
                Value::Text(s) => J::String(s.clone()),
            };
            (k.clone(), value)
        })
        .collect()
}

/// A finding as a threat and a mitigation in the model's lists, and its instance on the subject.
fn instate(r: &ReviewedFinding, threats: &mut Vec<J>, mitigations: &mut Vec<J>) -> J {
    let f = &r.finding;
    let impact = match f.risk {
        Risk::High => 100,
        Risk::Medium => 50,
        Risk::Low => 25,
    };
    let likelihood = if f.basis == Basis::Unstated { 50 } else { 100 };
    let (state, mitigation_state) = match r.status {
        FindingStatus::Open => ("exposed", "required"),
        FindingStatus::Accepted => ("accepted", "required"),
        FindingStatus::Mitigated => ("mitigated", "implemented"),
        FindingStatus::FalsePositive | FindingStatus::NotApplicable => {
            ("not-applicable", "required")
        }
    };
    let mut description = f.message.clone();
    if let Some(d) = &r.decision {
        description.push_str(&format!(
            "\n\nDecided {} by {} on {}",
            r.status.id().replace('_', " "),
            d.owner,
            d.date
        ));
        if !d.justification.trim().is_empty() {
            description.push_str(&format!(": {}", d.justification.trim()));
        }
        description.push('.');
    }
    let mitigation_id = format!("{}#fix", f.id);
    threats.push(json!({
        "id": f.id,
        "name": f.title.as_ref(),
        "description": description,
        "categories": [f.pillar.title()],
        "risk": { "likelihood": likelihood, "impact": impact },
        "attributes": {
            FINDING_ATTRIBUTE: f.id,
            "rule": f.rule.as_ref(),
            "best_practices": f.best_practices.join(" "),
            "status": r.status.id(),
        },
    }));
    mitigations.push(json!({
        "id": mitigation_id,
        "name": format!("Fix: {}", f.title),
        "description": f.remediation,
        "riskReduction": 100,
    }));
    json!({
        "threat": f.id,
        "state": state,
        "mitigations": [ { "mitigation": mitigation_id, "state": mitigation_state } ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_ratings_and_levels_agree_both_ways() {
        for trust in [
            Trust::Internet,
            Trust::ThirdParty,
            Trust::Dmz,
            Trust::Tenant,
            Trust::Private,
        ] {
            assert_eq!(trust_of_rating(f64::from(rating_of(trust))), trust);
        }
    }
}
