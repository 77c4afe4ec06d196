//! Importing again into an existing review: the code's changes come in, the reviewer's work
//! stays.
//!
//! Three architectures meet: the review as it is now (`current`), what the previous import put
//! into it (`previous`, kept in the review file's `last_import` table) and what the code says
//! now (`imported`). Components are matched by id, which the importer derives from the
//! CloudFormation logical id or the Terraform resource address, so the same resource has the
//! same id on every import. Per component:
//!
//! - in the code but not in the review: added, unless the previous import had it too (then a
//!   person deleted it, and it stays deleted: "kept by user");
//! - in both: kind, label and each property follow the code, unless a person changed that value
//!   since the previous import (it differs from `previous`): then the person's value wins and
//!   the report says which value the code has. Position and boundary are the person's;
//! - in the review and the previous import but no longer in the code: removed, with its flows
//!   (decisions on its findings stay in the review and show as orphaned);
//! - in the review only: added by hand, kept.
//!
//! Flows are matched by their ends the same way (a flow a person drew is kept; one the code no
//! longer implies is removed; one a person deleted is not drawn again); the review's boundaries,
//! decisions, checklist answers and milestones are never touched. A new component comes with
//! the boundary the code puts it in (a VPC, a third-party zone), which is added to the review
//! when the review does not have it yet, unless the previous import had it (then a person
//! deleted it, and the component comes in outside it). Without a previous import (a review drawn
//! by hand, or imported before the file kept one) every value in the review that differs from
//! the code counts as the person's, and nothing is removed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::model::{
    ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId, Value,
    MAX_ID_CHARS,
};

/// What importing again changed, and what it left to the person.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergeReport {
    /// Components new in the code, by id.
    pub added: Vec<String>,
    /// Values the code changed: `component.property` (or `.kind`, `.label`) from → to.
    pub updated: Vec<Change>,
    /// Components no longer in the code, removed with their flows.
    pub removed: Vec<String>,
    /// Where the person's value was kept over the code's.
    pub kept_by_user: Vec<Kept>,
    /// Flows new in the code (`from → to`).
    pub flows_added: Vec<String>,
    /// Flows the code no longer implies, or whose end was removed.
    pub flows_removed: Vec<String>,
    /// Decisions whose component was removed: they stay, orphaned.
    pub orphaned_decisions: Vec<String>,
}

/// A value the import changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Change {
    pub component: String,
    /// A property id, or `kind` / `label`.
    pub field: String,
    pub from: Option<FieldValue>,
    pub to: Option<FieldValue>,
}

/// A person's value kept over the code's.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Kept {
    pub component: String,
    /// A property id, `kind`, `label`, `component` (deleted by hand) or `flow`.
    pub field: String,
    /// The person's value (none: they removed it).
    pub user: Option<FieldValue>,
    /// What the code says.
    pub imported: Option<FieldValue>,
}

/// A property value, or the text of a kind or label.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
pub enum FieldValue {
    Value(Value),
    Text(String),
}

/// Merges `imported` into `current`, knowing what the previous import produced (`previous`).
/// The result keeps `current`'s name and boundaries; checking it is the caller's (a kind the
/// person chose may refuse a property the code sets, which is dropped and reported here).
pub fn merge(
    current: &ArchitectureData,
    previous: Option<&ArchitectureData>,
    imported: &ArchitectureData,
) -> (ArchitectureData, MergeReport) {
    let catalog = Catalog::builtin();
    let mut report = MergeReport::default();
    let by_id = |data: &ArchitectureData| -> BTreeMap<ComponentId, Component> {
        data.components
            .iter()
            .map(|c| (c.id.clone(), c.clone()))
            .collect()
    };
    let now = by_id(current);
    let before = previous.map(by_id).unwrap_or_default();
    let code = by_id(imported);

    let mut components = Vec::with_capacity(current.components.len() + imported.components.len());
    let mut removed: BTreeSet<ComponentId> = BTreeSet::new();
    // The review's components, in the review's order: kept, updated or removed.
    for component in &current.components {
        let id = &component.id;
        match (code.get(id), before.get(id)) {
            (Some(from_code), previous) => {
                components.push(update(component, previous, from_code, catalog, &mut report));
            }
            (None, Some(_)) => {
                removed.insert(id.clone());
                report.removed.push(id.to_string());
            }
            (None, None) => components.push(component.clone()),
        }
    }
    // The code's new components, in the code's order.
    for component in &imported.components {
        if now.contains_key(&component.id) {
            continue;
        }
        if previous.is_some() && before.contains_key(&component.id) {
            report.kept_by_user.push(Kept {
                component: component.id.to_string(),
                field: "component".to_owned(),
                user: None,
                imported: Some(FieldValue::Text(component.kind.clone())),
            });
            continue;
        }
        components.push(component.clone());
        report.added.push(component.id.to_string());
    }
    let boundaries = merge_boundaries(current, previous, imported, &mut components, &now);
    let present: BTreeSet<ComponentId> = components.iter().map(|c| c.id.clone()).collect();
    let flows = merge_flows(current, previous, imported, &present, &mut report);
    let merged = ArchitectureData {
        name: current.name.clone(),
        boundaries,
        components,
        flows,
    };
    (merged, report)
}

/// The review's boundaries, plus those of the code that the components new to the review sit
/// in (with the boundaries they are drawn inside); a component whose boundary a person deleted
/// comes in outside it.
fn merge_boundaries(
    current: &ArchitectureData,
    previous: Option<&ArchitectureData>,
    imported: &ArchitectureData,
    components: &mut [Component],
    in_review: &BTreeMap<ComponentId, Component>,
) -> Vec<Boundary> {
    let mut boundaries = current.boundaries.clone();
    let has = |list: &[Boundary], id: &BoundaryId| list.iter().any(|b| &b.id == id);
    let deleted = |id: &BoundaryId| {
        previous.is_some_and(|p| has(&p.boundaries, id)) && !has(&current.boundaries, id)
    };
    for component in components.iter_mut() {
        if in_review.contains_key(&component.id) {
            continue;
        }
        let Some(id) = component.boundary.clone() else {
            continue;
        };
        if has(&boundaries, &id) {
            continue;
        }
        if deleted(&id) {
            component.boundary = None;
            continue;
        }
        // The boundary and those it is drawn inside, outermost missing one first; the chain is
        // bounded by the number of the code's boundaries (it has no cycle, but stay safe).
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next.take() {
            if has(&boundaries, &id) || chain.len() > imported.boundaries.len() {
                break;
            }
            let Some(b) = imported.boundaries.iter().find(|b| b.id == id) else {
                break;
            };
            let mut b = b.clone();
            if b.parent.as_ref().is_some_and(deleted) {
                b.parent = None;
            }
            next.clone_from(&b.parent);
            chain.push(b);
        }
        for b in chain.into_iter().rev() {
            if !has(&boundaries, &b.id) {
                boundaries.push(b);
            }
        }
        if !component
            .boundary
            .as_ref()
            .is_some_and(|b| has(&boundaries, b))
        {
            component.boundary = None;
        }
    }
    boundaries
}

/// The review's component updated from the code's, keeping what the person changed.
fn update(
    current: &Component,
    previous: Option<&Component>,
    code: &Component,
    catalog: &Catalog,
    report: &mut MergeReport,
) -> Component {
    let id = current.id.to_string();
    let mut out = current.clone();
    let text = |s: &str| Some(FieldValue::Text(s.to_owned()));
    let mut field = |name: &str, now: &str, before: Option<&str>, from_code: &str| -> String {
        if now == from_code {
            return now.to_owned();
        }
        let by_user = match before {
            Some(before) => now != before,
            None => true,
        };
        if by_user {
            report.kept_by_user.push(Kept {
                component: id.clone(),
                field: name.to_owned(),
                user: text(now),
                imported: text(from_code),
            });
            now.to_owned()
        } else {
            report.updated.push(Change {
                component: id.clone(),
                field: name.to_owned(),
                from: text(now),
                to: text(from_code),
            });
            from_code.to_owned()
        }
    };
    out.kind = field(
        "kind",
        &current.kind,
        previous.map(|p| p.kind.as_str()),
        &code.kind,
    );
    out.label = field(
        "label",
        &current.label,
        previous.map(|p| p.label.as_str()),
        &code.label,
    );
    let names: BTreeSet<&String> = current
        .properties
        .keys()
        .chain(code.properties.keys())
        .chain(previous.into_iter().flat_map(|p| p.properties.keys()))
        .collect();
    let mut properties = crate::model::Properties::new();
    for name in names {
        let now = current.properties.get(name);
        let from_code = code.properties.get(name);
        let by_user = match previous {
            Some(previous) => now != previous.properties.get(name),
            None => now.is_some() && now != from_code,
        };
        let value = if by_user {
            if now != from_code {
                report.kept_by_user.push(Kept {
                    component: id.clone(),
                    field: name.clone(),
                    user: now.cloned().map(FieldValue::Value),
                    imported: from_code.cloned().map(FieldValue::Value),
                });
            }
            now
        } else {
            if now != from_code {
                report.updated.push(Change {
                    component: id.clone(),
                    field: name.clone(),
                    from: now.cloned().map(FieldValue::Value),
                    to: from_code.cloned().map(FieldValue::Value),
                });
            }
            from_code
        };
        let Some(value) = value else { continue };
        // A value the kind refuses (the code or the person changed the kind) is dropped.
        if catalog.check_value(&out.kind, name, value).is_err() {
            report.updated.push(Change {
                component: id.clone(),
                field: name.clone(),
                from: Some(FieldValue::Value(value.clone())),
                to: None,
            });
            continue;
        }
        properties.insert(name.clone(), value.clone());
    }
    out.properties = properties;
    out
}

/// The review's flows, minus those the code dropped (or whose end is gone), plus the code's new
/// ones; a flow is known by its ends.
fn merge_flows(
    current: &ArchitectureData,
    previous: Option<&ArchitectureData>,
    imported: &ArchitectureData,
    present: &BTreeSet<ComponentId>,
    report: &mut MergeReport,
) -> Vec<Flow> {
    let ends = |data: &ArchitectureData| -> BTreeSet<(ComponentId, ComponentId)> {
        data.flows
            .iter()
            .map(|f| (f.from.clone(), f.to.clone()))
            .collect()
    };
    let now = ends(current);
    let before = previous.map(ends).unwrap_or_default();
    let code = ends(imported);
    let show = |f: &Flow| format!("{} → {}", f.from, f.to);
    let mut flows = Vec::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for flow in &current.flows {
        let pair = (flow.from.clone(), flow.to.clone());
        let dropped = before.contains(&pair) && !code.contains(&pair);
        if dropped || !present.contains(&flow.from) || !present.contains(&flow.to) {
            report.flows_removed.push(show(flow));
            continue;
        }
        ids.insert(flow.id.to_string());
        flows.push(flow.clone());
    }
    for flow in &imported.flows {
        let pair = (flow.from.clone(), flow.to.clone());
        if now.contains(&pair) || !present.contains(&flow.from) || !present.contains(&flow.to) {
            continue;
        }
        if previous.is_some() && before.contains(&pair) {
            report.kept_by_user.push(Kept {
                component: flow.from.to_string(),
                field: "flow".to_owned(),
                user: None,
                imported: Some(FieldValue::Text(show(flow))),
            });
            continue;
        }
        let mut id = flow.id.to_string();
        let mut n = 2;
        while ids.contains(&id) {
            let suffix = format!("_{n}");
            let base: String = flow
                .id
                .as_str()
                .chars()
                .take(MAX_ID_CHARS - suffix.chars().count())
                .collect();
            id = format!("{base}{suffix}");
            n += 1;
        }
        ids.insert(id.clone());
        report.flows_added.push(show(flow));
        flows.push(Flow {
            id: FlowId::new(id),
            ..flow.clone()
        });
    }
    flows
}

impl MergeReport {
    /// Lists the decisions (by finding id, `rule@subject`) whose subject was removed.
    pub fn note_orphans<'a>(&mut self, findings: impl IntoIterator<Item = &'a String>) {
        let removed: BTreeSet<&str> = self.removed.iter().map(String::as_str).collect();
        self.orphaned_decisions = findings
            .into_iter()
            .filter(|f| {
                f.rsplit_once('@')
                    .is_some_and(|(_, subject)| removed.contains(subject))
            })
            .cloned()
            .collect();
    }

    /// The report as text, for people.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let show = |v: &Option<FieldValue>| match v {
            None => "(unset)".to_owned(),
            Some(FieldValue::Text(t)) => format!("\"{t}\""),
            Some(FieldValue::Value(v)) => super::show(v),
        };
        for id in &self.added {
            let _ = writeln!(out, "added {id}");
        }
        for c in &self.updated {
            let _ = writeln!(
                out,
                "updated {}.{}: {} → {}",
                c.component,
                c.field,
                show(&c.from),
                show(&c.to)
            );
        }
        for id in &self.removed {
            let _ = writeln!(out, "removed {id} (no longer in the code)");
        }
        for k in &self.kept_by_user {
            let _ = match k.field.as_str() {
                "component" => writeln!(
                    out,
                    "kept by user: {} was deleted by hand and is not drawn again",
                    k.component
                ),
                "flow" => writeln!(
                    out,
                    "kept by user: the flow {} was deleted by hand and is not drawn again",
                    show(&k.imported).trim_matches('"')
                ),
                _ => writeln!(
                    out,
                    "kept by user: {}.{} = {} (the code says {})",
                    k.component,
                    k.field,
                    show(&k.user),
                    show(&k.imported)
                ),
            };
        }
        for f in &self.flows_added {
            let _ = writeln!(out, "added flow {f}");
        }
        for f in &self.flows_removed {
            let _ = writeln!(out, "removed flow {f}");
        }
        for d in &self.orphaned_decisions {
            let _ = writeln!(out, "orphaned decision {d} (its component was removed)");
        }
        if out.is_empty() {
            out.push_str("no changes: the review already matches the code\n");
        }
        out
    }
}

/// A new review of `import` that records it as its last import (from `source`, at `now`), so
/// that a later [`into_review`] can tell the code's values from a person's.
pub fn new_review(
    import: &super::Import,
    source: &str,
    now: i64,
) -> Result<crate::review::Review, crate::ModelError> {
    let architecture = crate::Architecture::from_data_checked(import.architecture.clone())?;
    let mut review = crate::review::Review::new(architecture);
    review.last_import = Some(crate::review::LastImport {
        source: source.to_owned(),
        imported_at: now,
        architecture: import.architecture.clone(),
    });
    Ok(review)
}

/// Imports again into `review`: merges `import` (see [`merge`]), records it as the review's last
/// import (from `source`, at `now`) and lists the decisions left orphaned. The review is changed
/// only when the merged architecture passes the model's checks.
pub fn into_review(
    review: &mut crate::review::Review,
    import: &super::Import,
    source: &str,
    now: i64,
) -> Result<MergeReport, crate::ModelError> {
    let current = review.architecture.to_data();
    let previous = review.last_import.as_ref().map(|l| &l.architecture);
    let (merged, mut report) = merge(&current, previous, &import.architecture);
    let architecture = crate::Architecture::from_data_checked(merged)?;
    report.note_orphans(review.decisions.keys());
    review.architecture = architecture;
    review.last_import = Some(crate::review::LastImport {
        source: source.to_owned(),
        imported_at: now,
        architecture: import.architecture.clone(),
    });
    Ok(report)
}
