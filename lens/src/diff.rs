//! Differences between two states of a review (milestones, files): components, flows and findings.
//!
//! Elements are matched by id (ids are stable; labels and positions are not identity).
//! - A **component** is *changed* when its `label`, `kind`, `properties` or `boundary` differ; a
//!   **flow** when its `from`, `to` or `properties` differ. Positions (and boundary sizes) are
//!   canvas layout, never a change. Properties are compared as set: a property explicitly set to
//!   its catalog default differs from an unset one (the file says something different).
//! - **Findings** of both sides are computed with the same pack (the stored findings of a
//!   milestone are not used, so that a rule change does not show up as architecture change):
//!   *new* (only after), *resolved* (only before), *unchanged* (both), matched by finding id.
//!
//! [`Diff`] carries which fields changed; the CLI's JSON (`docs/FORMAT.md`) lists only
//! the ids ([`Diff::to_format_json`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::engine::{evaluate, Finding, Pack};
use crate::model::Architecture;

/// One changed element and the names of its fields that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Changed {
    pub id: String,
    /// `label`, `kind`, `properties`, `boundary` (components); `from`, `to`, `properties` (flows).
    pub fields: Vec<String>,
}

/// Added, removed and changed elements of one kind, each sorted by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ElementChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<Changed>,
}

impl ElementChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A finding as the diff names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingRef {
    pub id: String,
    pub rule: String,
    pub components: Vec<String>,
}

impl From<&Finding> for FindingRef {
    fn from(f: &Finding) -> Self {
        Self {
            id: f.id.clone(),
            rule: f.rule.to_string(),
            components: f.components.iter().map(|c| c.to_string()).collect(),
        }
    }
}

/// Findings that appeared, went away, or stayed; each list sorted by finding id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingChanges {
    pub new: Vec<FindingRef>,
    pub resolved: Vec<FindingRef>,
    pub unchanged: Vec<FindingRef>,
}

/// What changed from one architecture to another.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Diff {
    pub components: ElementChanges,
    pub flows: ElementChanges,
    pub findings: FindingChanges,
}

/// Compares `before` with `after`, evaluating both with `pack`.
pub fn diff(before: &Architecture, after: &Architecture, pack: &Pack) -> Diff {
    let components = changes(
        before.components().map(|c| (c.id.to_string(), c)),
        after.components().map(|c| (c.id.to_string(), c)),
        |a, b| {
            let mut fields = Vec::new();
            if a.label != b.label {
                fields.push("label");
            }
            if a.kind != b.kind {
                fields.push("kind");
            }
            if a.properties != b.properties {
                fields.push("properties");
            }
            if a.boundary != b.boundary {
                fields.push("boundary");
            }
            fields
        },
    );
    let flows = changes(
        before.flows().map(|f| (f.id.to_string(), f)),
        after.flows().map(|f| (f.id.to_string(), f)),
        |a, b| {
            let mut fields = Vec::new();
            if a.from != b.from {
                fields.push("from");
            }
            if a.to != b.to {
                fields.push("to");
            }
            if a.properties != b.properties {
                fields.push("properties");
            }
            fields
        },
    );
    Diff {
        components,
        flows,
        findings: finding_changes(&evaluate(before, pack), &evaluate(after, pack)),
    }
}

fn changes<'a, T: 'a>(
    before: impl Iterator<Item = (String, &'a T)>,
    after: impl Iterator<Item = (String, &'a T)>,
    compare: impl Fn(&T, &T) -> Vec<&'static str>,
) -> ElementChanges {
    let before: BTreeMap<String, &T> = before.collect();
    let after: BTreeMap<String, &T> = after.collect();
    let mut out = ElementChanges::default();
    for (id, a) in &before {
        match after.get(id) {
            None => out.removed.push(id.clone()),
            Some(b) => {
                let fields = compare(a, b);
                if !fields.is_empty() {
                    out.changed.push(Changed {
                        id: id.clone(),
                        fields: fields.into_iter().map(str::to_owned).collect(),
                    });
                }
            }
        }
    }
    out.added = after
        .keys()
        .filter(|id| !before.contains_key(*id))
        .cloned()
        .collect();
    out
}

fn finding_changes(before: &[Finding], after: &[Finding]) -> FindingChanges {
    let before_ids: BTreeSet<&str> = before.iter().map(|f| f.id.as_str()).collect();
    let after_ids: BTreeSet<&str> = after.iter().map(|f| f.id.as_str()).collect();
    let sorted = |mut v: Vec<FindingRef>| {
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v.dedup_by(|a, b| a.id == b.id);
        v
    };
    FindingChanges {
        new: sorted(
            after
                .iter()
                .filter(|f| !before_ids.contains(f.id.as_str()))
                .map(FindingRef::from)
                .collect(),
        ),
        resolved: sorted(
            before
                .iter()
                .filter(|f| !after_ids.contains(f.id.as_str()))
                .map(FindingRef::from)
                .collect(),
        ),
        unchanged: sorted(
            after
                .iter()
                .filter(|f| before_ids.contains(f.id.as_str()))
                .map(FindingRef::from)
                .collect(),
        ),
    }
}

impl Diff {
    /// The JSON object of `lens diff --format json` (`docs/FORMAT.md`): elements by id only.
    pub fn to_format_json(&self) -> serde_json::Value {
        let elements = |c: &ElementChanges| {
            serde_json::json!({
                "added": c.added,
                "removed": c.removed,
                "changed": c.changed.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            })
        };
        serde_json::json!({
            "components": elements(&self.components),
            "flows": elements(&self.flows),
            "findings": self.findings,
        })
    }

    /// The diff for people.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (what, c) in [("component", &self.components), ("flow", &self.flows)] {
            for id in &c.added {
                out.push_str(&format!("+ {what} {id}\n"));
            }
            for id in &c.removed {
                out.push_str(&format!("- {what} {id}\n"));
            }
            for ch in &c.changed {
                out.push_str(&format!("~ {what} {} ({})\n", ch.id, ch.fields.join(", ")));
            }
        }
        for f in &self.findings.new {
            out.push_str(&format!("+ finding {}\n", f.id));
        }
        for f in &self.findings.resolved {
            out.push_str(&format!("- finding {} (resolved)\n", f.id));
        }
        out.push_str(&format!(
            "{} new, {} resolved, {} unchanged findings\n",
            self.findings.new.len(),
            self.findings.resolved.len(),
            self.findings.unchanged.len()
        ));
        out
    }
}
