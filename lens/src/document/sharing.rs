//! Sharing reviews, in the open document: the merge conflicts the review holds
//! ([`crate::merge`]) and comparing it with another file.
//!
//! Resolving a conflict is a change of the document like an edit: keeping ours drops the record
//! (ours is what the review holds), taking theirs writes their value. Where that is a change of
//! the architecture's name, or of one component, flow or boundary, it is done as an [`Edit`] and
//! recorded in the undo history together with the conflict it settled, so undo puts back both
//! the value and the record, and redo settles it again; keeping ours is an undo step too (an
//! empty edit that settled the conflict). Taking theirs for a decision, an answer or a milestone
//! changes the review outside the architecture, which the history does not hold (as recording a
//! decision is no undo step): the document is dirty until saved. Taking their whole architecture
//! (a merge that could not put the parts together) replaces the architecture, which no edit of
//! the history undoes exactly; the history is cleared.
//!
//! Unresolved conflicts are saved with the review (the store writes the `conflicts` table), shown
//! in the snapshot ([`ConflictView`]) and counted in the window title.

use std::path::Path;

use serde::Serialize;

use super::history::History;
use super::{Document, DocumentError, Edit};
use crate::diff::{self, Diff};
use crate::merge::{self, Conflict, ConflictError, ConflictReason, Element, Side};
use crate::model::ArchitectureData;
use crate::review::{self, MilestoneInfo, Review};

/// A recorded conflict as the UI shows it: what it is about, why, and the three values as JSON
/// text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictView {
    /// Its place in the review's list: what `resolve_conflict` takes.
    pub index: u32,
    pub element: Element,
    /// The element's id (a component, flow or boundary id, a finding id, a checklist item, a
    /// milestone name); empty for the name and the whole architecture.
    pub id: String,
    /// The field (`label`, `properties.encrypted`, …), or `null` for the whole element.
    pub field: Option<String>,
    /// The id-based path: `components["llm"].properties.encrypted`.
    pub path: String,
    pub reason: ConflictReason,
    /// The reason for people ("changed on both sides").
    pub reason_label: String,
    /// The common base's value as JSON text; `null` when it did not exist there.
    pub base: Option<String>,
    /// Our value (what the review holds) as JSON text; `null` when it does not exist.
    pub ours: Option<String>,
    /// Their value as JSON text; `null` when it does not exist on their side.
    pub theirs: Option<String>,
}

impl ConflictView {
    fn of(index: usize, c: &Conflict) -> ConflictView {
        let text = |v: &Option<serde_json::Value>| v.as_ref().map(serde_json::Value::to_string);
        ConflictView {
            index: u32::try_from(index).unwrap_or(u32::MAX),
            element: c.element,
            id: c.id.clone(),
            field: c.field.clone(),
            path: c.path(),
            reason: c.reason,
            reason_label: c.reason.label().to_owned(),
            base: text(&c.base),
            ours: text(&c.ours),
            theirs: text(&c.theirs),
        }
    }
}

impl Document {
    /// The merge conflicts recorded in the review and not yet resolved.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.review.conflicts
    }

    pub(super) fn conflict_views(&self) -> Vec<ConflictView> {
        self.review
            .conflicts
            .iter()
            .enumerate()
            .map(|(i, c)| ConflictView::of(i, c))
            .collect()
    }

    /// Settles conflict number `index` by keeping `side`'s value (see the module documentation)
    /// and returns it. On an error (no such conflict, their value does not fit the architecture
    /// as it is now) nothing changed.
    pub fn resolve_conflict(
        &mut self,
        index: usize,
        side: Side,
    ) -> Result<Conflict, DocumentError> {
        let count = self.review.conflicts.len();
        let conflict = self
            .review
            .conflicts
            .get(index)
            .cloned()
            .ok_or(ConflictError::NoSuchConflict { index, count })?;
        let edit = match side {
            Side::Ours => Some(Edit::Batch { edits: Vec::new() }),
            Side::Theirs => self.edit_taking_theirs(&conflict)?,
        };
        match edit {
            Some(edit) => {
                let inverse = edit.apply(&mut self.review.architecture)?;
                self.review.conflicts.remove(index);
                self.record(edit, inverse, Some((index, conflict.clone())));
            }
            None => {
                self.review.resolve_conflict(index, side)?;
                if conflict.element == Element::Architecture {
                    self.history = History::default();
                    let after = self.next_state;
                    self.next_state += 1;
                    self.saved_state = None;
                    self.changed(after);
                } else {
                    self.review_changed();
                }
            }
        }
        Ok(conflict)
    }

    /// The edit that writes their value of an architecture conflict (the name, one component,
    /// flow or boundary); `None` for the conflicts no edit expresses. Their value is checked
    /// first the way [`merge::resolve`] checks it, against the architecture as it is now.
    fn edit_taking_theirs(&self, conflict: &Conflict) -> Result<Option<Edit>, DocumentError> {
        if !matches!(
            conflict.element,
            Element::Name | Element::Component | Element::Flow | Element::Boundary
        ) {
            return Ok(None);
        }
        let mut trial = Review::new(self.review.architecture.clone());
        trial.conflicts = vec![conflict.clone()];
        merge::resolve(&mut trial, 0, Side::Theirs)?;
        let now = self.review.architecture.to_data();
        let then = trial.architecture.to_data();
        let id = conflict.id.as_str();
        let nothing = Edit::Batch { edits: Vec::new() };
        Ok(Some(match conflict.element {
            Element::Component => {
                let find = |d: &ArchitectureData| {
                    d.components.iter().find(|c| c.id.as_str() == id).cloned()
                };
                match (find(&now), find(&then)) {
                    (Some(_), Some(component)) => Edit::ReplaceComponent { component },
                    (None, Some(component)) => Edit::AddComponent { component },
                    (Some(c), None) => Edit::RemoveComponent { id: c.id },
                    (None, None) => nothing,
                }
            }
            Element::Flow => {
                let find =
                    |d: &ArchitectureData| d.flows.iter().find(|f| f.id.as_str() == id).cloned();
                match (find(&now), find(&then)) {
                    (Some(f), Some(flow)) => Edit::Batch {
                        edits: vec![Edit::RemoveFlow { id: f.id }, Edit::AddFlow { flow }],
                    },
                    (None, Some(flow)) => Edit::AddFlow { flow },
                    (Some(f), None) => Edit::RemoveFlow { id: f.id },
                    (None, None) => nothing,
                }
            }
            Element::Boundary => {
                let find = |d: &ArchitectureData| {
                    d.boundaries.iter().find(|b| b.id.as_str() == id).cloned()
                };
                match (find(&now), find(&then)) {
                    (Some(_), Some(boundary)) => Edit::UpdateBoundary { boundary },
                    (None, Some(boundary)) => Edit::AddBoundary { boundary },
                    (Some(b), None) => Edit::RemoveBoundary { id: b.id },
                    (None, None) => nothing,
                }
            }
            _ => Edit::RenameArchitecture { name: then.name },
        }))
    }

    /// What changed from another file — a review file, review JSON or architecture JSON, as it
    /// is or as its milestone `milestone` — to this review as it is now. Findings of both sides
    /// are computed with the document's pack. The other file is only read.
    pub fn compare_with(
        &self,
        path: &Path,
        milestone: Option<&str>,
    ) -> Result<Diff, DocumentError> {
        let (other, _) = review::load_any(path)?;
        let before = match milestone {
            None => &other.architecture,
            Some(name) => &other.find_milestone(name)?.snapshot.architecture,
        };
        Ok(diff::diff(before, &self.review.architecture, &self.pack))
    }
}

/// The milestones saved in the review at `path`, oldest first (none for architecture JSON): what
/// "Compare with…" offers besides the file as it is now.
pub fn milestones_of(path: &Path) -> Result<Vec<MilestoneInfo>, DocumentError> {
    Ok(review::load_any(path)?.0.milestone_infos())
}

/// Undoing a step that settled `conflict`: it is recorded again at its place.
pub(super) fn record_again(review: &mut Review, index: usize, conflict: &Conflict) {
    let at = index.min(review.conflicts.len());
    review.conflicts.insert(at, conflict.clone());
}

/// Redoing a step that settled `conflict`: it leaves the list again (found by its value, at its
/// place first).
pub(super) fn settle_again(review: &mut Review, index: usize, conflict: &Conflict) {
    let at = if review.conflicts.get(index) == Some(conflict) {
        Some(index)
    } else {
        review.conflicts.iter().position(|c| c == conflict)
    };
    if let Some(at) = at {
        review.conflicts.remove(at);
    }
}
