//! The undo/redo history of a [`Document`](super::Document): a bounded list of steps, each the edit
//! that was applied and the edit that undoes it, tagged with the states before and after it so
//! that the document can tell whether it is back at its saved state. A step may also have
//! resolved a merge conflict ([`Step::resolved`]): undoing it records the conflict again, redoing
//! it settles it again, so that resolving a conflict is undone like any edit.

use std::collections::VecDeque;

use super::edit::Edit;
use super::exchange::ImportSwap;
use crate::merge::Conflict;

/// The number of steps kept for undo; the oldest step is dropped beyond it.
pub const HISTORY_LIMIT: usize = 200;

/// An identity of one state of the document's content. Every applied edit makes a new state; undo
/// and redo go back to earlier ones. Two equal states have equal content.
pub(super) type StateId = u64;

#[derive(Clone, Debug)]
pub(super) struct Step {
    /// The edit as applied (what redo applies again).
    pub forward: Edit,
    /// The edit that undoes `forward`.
    pub inverse: Edit,
    pub before: StateId,
    pub after: StateId,
    /// The merge conflict this step settled, and its place in the review's list.
    pub resolved: Option<(usize, Conflict)>,
    /// The review's record of its last import before and after this step, when the step
    /// imported again: undo and redo put the matching one back.
    pub imported: Option<Box<ImportSwap>>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Records a newly applied edit: it becomes the next undo step and clears redo. Returns the
    /// oldest step when the history was full and dropped it.
    pub fn record(&mut self, step: Step) -> Option<Step> {
        self.redo.clear();
        self.push_undo(step)
    }

    pub fn pop_undo(&mut self) -> Option<Step> {
        self.undo.pop_back()
    }

    /// Puts back a step whose undo could not be applied.
    pub fn restore_undo(&mut self, step: Step) {
        self.undo.push_back(step);
    }

    pub fn push_redo(&mut self, step: Step) {
        self.redo.push(step);
    }

    pub fn pop_redo(&mut self) -> Option<Step> {
        self.redo.pop()
    }

    /// Puts a step on the undo list (without touching redo). Returns the oldest step when the
    /// history was full and dropped it.
    pub fn push_undo(&mut self, step: Step) -> Option<Step> {
        self.undo.push_back(step);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.pop_front()
        } else {
            None
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
