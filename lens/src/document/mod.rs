//! An open review being edited: the review, its file, its undo history, and its findings after
//! every edit. This is what the desktop app holds for its window; the app's commands are thin
//! calls into it, and tests drive it the same way.
//!
//! - Every change is an [`Edit`] (a serializable value covering every kind of change, with
//!   [`Edit::Batch`] for several changes as one step). [`Document::apply`] validates and applies
//!   it, records the inverse edit for undo (never a snapshot), and re-evaluates the rules.
//! - The history keeps the last [`HISTORY_LIMIT`] steps. Each state of the content has an
//!   identity; the document is dirty exactly when its current state is not the one last saved or
//!   opened, so undoing back to the saved state makes it clean again.
//! - The findings are those of the built-in Generative AI Lens pack, plus any extra packs given to
//!   [`Document::with_packs`], for the current content; [`DocumentSnapshot`] carries them with
//!   everything the UI shows about them (the best practices' titles and links included).
//! - [`recent`] keeps the list of recently opened files; [`recovery`] the autosave that is offered
//!   back after a crash; [`session`] holds the document of a window with both, and decides when
//!   the autosave is written, offered, restored and deleted.

mod edit;
mod exchange;
mod history;
pub mod recent;
pub mod recovery;
pub mod session;
mod sharing;
mod workflow;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use edit::{ComponentMove, Edit, FLOW_LABEL_PROPERTY};
pub use exchange::ImportOutcome;
pub use history::HISTORY_LIMIT;
pub use session::{Closing, Session};
pub use sharing::{milestones_of, ConflictView};
pub use workflow::{Audience, ChecklistQuestion, LensView, ReportFileType, ReportFormat};

use history::{History, StateId, Step};

use crate::catalog::purpose::FlowPurpose;
use crate::engine::{self, Basis, Finding, Pack, PackErrors, Summary};
use crate::error::ErrorCode;
use crate::exchange::ExchangeError;
use crate::merge::{Conflict, ConflictError};
use crate::model::{Architecture, ArchitectureData, ComponentId, FlowId, HeldData, ModelError};
use crate::practices::{self, BestPractice, Risk};
use crate::review::{self, Decision, LoadError, Review, ReviewError, Saved, Source};
use crate::store::{self, StoreError};

/// The title of a review that has neither a file nor a name.
pub const UNTITLED: &str = "Untitled";

/// Why a document operation failed. Nothing changed when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The edit is not valid for the architecture as it is (unknown id, bad value, cycle, …).
    #[error(transparent)]
    Edit(#[from] ModelError),
    /// The file could not be opened as a review or an architecture.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The review could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Save was asked for a review that has no file yet; the UI asks where to save it.
    #[error("this review has not been saved yet: choose where to save it")]
    NoPath,
    /// An extra rule pack conflicts with the built-in one.
    #[error(transparent)]
    Packs(#[from] PackErrors),
    /// A decision, answer or milestone was refused (the message says why).
    #[error(transparent)]
    Review(#[from] ReviewError),
    /// No starter template has this id.
    #[error("there is no template \"{id}\"; the templates are {}", available.join(", "))]
    UnknownTemplate {
        id: String,
        available: Vec<&'static str>,
    },
    /// A built-in template could not be read (the app was built from broken template files).
    #[error("the template \"{id}\" is damaged: {source}")]
    BrokenTemplate {
        id: String,
        #[source]
        source: crate::json::ImportError,
    },
    /// The recovery file, the recent-files list or a report could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Restoring was asked for when no earlier session left unsaved work.
    #[error("there is no unsaved work from an earlier session")]
    NoRecovery,
    /// A merge conflict could not be resolved that way (the message says why).
    #[error(transparent)]
    Conflict(#[from] ConflictError),
    /// The report for this audience has no form in this format (CSV is the engineering
    /// findings table alone).
    #[error("the {} report cannot be written as {}: write it as HTML (.html) or Markdown (.md)", audience.id(), format.name())]
    ReportFormat {
        audience: Audience,
        format: ReportFormat,
    },
    /// A file could not be imported, or the review could not be exported in another format.
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
}

impl DocumentError {
    /// The code of this kind of error (see [`crate::error`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            DocumentError::Edit(e) => ErrorCode::from(e),
            DocumentError::Load(e) => e.code(),
            DocumentError::Store(e) => e.code(),
            DocumentError::NoPath => ErrorCode::NoPath,
            DocumentError::Packs(_) => ErrorCode::InvalidPack,
            DocumentError::Io { .. } => ErrorCode::WriteFailed,
            DocumentError::Review(e) => e.code(),
            DocumentError::UnknownTemplate { .. } => ErrorCode::UnknownTemplate,
            DocumentError::BrokenTemplate { .. } => ErrorCode::InvalidArchitecture,
            DocumentError::NoRecovery => ErrorCode::NoRecovery,
            DocumentError::ReportFormat { .. } => ErrorCode::ReportFormat,
            DocumentError::Conflict(e) => e.code(),
            DocumentError::Exchange(e) => e.code(),
        }
    }

    /// The file or the field the message names, when it names one the code's summary cannot
    /// say: the file of a file error, the JSON path of an error in a file's content, the
    /// property of a value the catalog refuses. The UI shows the message of such an error, and
    /// the summary of its code otherwise. An edit's other errors are about the element the
    /// person just changed, which the summary describes well enough.
    pub fn path(&self) -> Option<String> {
        match self {
            DocumentError::Edit(ModelError::Catalog { path, .. }) => Some(path.clone()),
            DocumentError::Load(e) => Some(e.path()),
            DocumentError::Store(e) => Some(e.path().display().to_string()),
            DocumentError::Io { path, .. } => Some(path.display().to_string()),
            DocumentError::Exchange(e) => e.path(),
            DocumentError::Edit(_)
            | DocumentError::NoPath
            | DocumentError::Packs(_)
            | DocumentError::Review(_)
            | DocumentError::UnknownTemplate { .. }
            | DocumentError::BrokenTemplate { .. }
            | DocumentError::NoRecovery
            | DocumentError::ReportFormat { .. }
            | DocumentError::Conflict(_) => None,
        }
    }
}

/// Everything the UI shows about the document, after any change.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocumentSnapshot {
    pub architecture: ArchitectureData,
    /// The findings of the current content, in the engine's order (rule, then subject), open or
    /// decided.
    pub findings: Vec<Finding>,
    /// The team's decisions, by finding id (a finding with a decision is not open); decisions on
    /// findings that no longer fire are kept and listed too.
    pub decisions: Vec<Decision>,
    /// Counts of the open findings (those without a decision) per risk.
    pub summary: Summary,
    /// Every best practice named by a finding, with its title, question and link, in the lens's
    /// order: the UI looks up `Finding::best_practices` here.
    pub practices: Vec<BestPractice>,
    /// The open findings per subject, for the risk colour and badge of each node and edge.
    pub marks: Marks,
    /// What data each component holds, carried along the flows from data sources, with where it
    /// comes from (for the inspector); components that hold none are left out.
    pub data_held: Vec<HeldData>,
    /// What each flow is for: its `purpose`, or the default for the kinds it joins (what the
    /// inspector shows when nobody set it).
    pub flow_purposes: BTreeMap<FlowId, FlowPurpose>,
    /// Grows by one with every change of content (edit, undo, redo) and on open/new, so the UI
    /// can drop a snapshot older than one it already has.
    pub revision: u32,
    /// Whether the content differs from the file (or, for a new review, from empty).
    pub dirty: bool,
    /// Whether Save would do anything ([`Document::can_save`]).
    pub can_save: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// The review file, if the review has one.
    pub path: Option<String>,
    /// The file name without its extension, else the architecture's name, else "Untitled".
    pub title: String,
    /// The merge conflicts recorded in the review and not yet resolved, in the review's order
    /// (the index `resolve_conflict` takes).
    pub conflicts: Vec<ConflictView>,
    /// The file name of the template, plan or threat model the review was last imported from
    /// (File › Import… offers to import it again into this review).
    pub imported_from: Option<String>,
}

/// The open findings of one component or flow, as their subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Mark {
    /// The element's colour: the highest risk among the findings the drawing shows (what it
    /// rests on is drawn or stated); when every one rests only on properties nobody set, the
    /// highest risk among those questions.
    pub risk: Risk,
    /// How many there are: the element's badge.
    pub count: u32,
    /// How many of them rest only on properties nobody set (basis `unstated`). When all do, the
    /// element reads as questions to answer, not as a risk.
    pub questions: u32,
}

/// [`Mark`]s of the components and flows that are the subject of at least one finding. An
/// element missing here has no finding about it (it may still be on a finding's witness path).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Marks {
    pub components: BTreeMap<ComponentId, Mark>,
    pub flows: BTreeMap<FlowId, Mark>,
}

impl Marks {
    /// Marks the subject of every finding: the flow named by a `<rule>@flow:<id>` finding id,
    /// else the first of the finding's components.
    pub fn of(findings: &[Finding]) -> Marks {
        fn add<K: Ord>(map: &mut BTreeMap<K, Mark>, key: K, f: &Finding) {
            let question = f.basis == Basis::Unstated;
            let mark = map.entry(key).or_insert(Mark {
                risk: f.risk,
                count: 0,
                questions: 0,
            });
            let all_questions = mark.questions == mark.count;
            mark.count += 1;
            mark.questions += u32::from(question);
            // A finding the drawing shows outranks any number of questions.
            if (all_questions && !question) || (f.risk > mark.risk && (!question || all_questions))
            {
                mark.risk = f.risk;
            }
        }
        let mut marks = Marks::default();
        for f in findings {
            let flow_subject =
                f.id.strip_prefix(&*f.rule)
                    .and_then(|rest| rest.strip_prefix("@flow:"));
            match (flow_subject, f.components.first()) {
                (Some(flow), _) => add(&mut marks.flows, FlowId::from(flow), f),
                (None, Some(component)) => add(&mut marks.components, component.clone(), f),
                (None, None) => {}
            }
        }
        marks
    }
}

/// An open review being edited. See the module docs.
#[derive(Clone, Debug)]
pub struct Document {
    review: Review,
    path: Option<PathBuf>,
    pack: Cow<'static, Pack>,
    findings: Vec<Finding>,
    history: History,
    state: StateId,
    next_state: StateId,
    /// The state last saved or opened; `None` when that state has left the history for good.
    saved_state: Option<StateId>,
    revision: u32,
}

impl Default for Document {
    fn default() -> Self {
        Self::new(Review::new(empty_architecture()))
    }
}

fn empty_architecture() -> Architecture {
    // An empty architecture has nothing to be invalid.
    Architecture::from_data(ArchitectureData::default())
        .unwrap_or_else(|_| unreachable!("an empty architecture is valid"))
}

impl Document {
    /// A document for `review`, without a file, clean (there is nothing to lose yet).
    pub fn new(review: Review) -> Self {
        let mut doc = Self {
            review,
            path: None,
            pack: Cow::Borrowed(Pack::builtin()),
            findings: Vec::new(),
            history: History::default(),
            state: 0,
            next_state: 1,
            saved_state: Some(0),
            revision: 0,
        };
        doc.evaluate();
        doc
    }

    /// A new, empty review.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Opens a review file (`.lensboard`) or imports architecture JSON, decided by the content.
    /// A review file becomes the document's file; imported JSON has none (saving asks where, so
    /// the JSON is never overwritten by a review file). The file is never modified.
    pub fn open(path: &Path) -> Result<Self, DocumentError> {
        let (mut review, source) = review::load_any(path)?;
        if matches!(source, Source::CloudFormation | Source::TerraformPlan) {
            // A template or plan opened (or named on the command line) is an import like
            // File › Import…'s: the review remembers it, so that importing the changed code
            // into it later keeps the person's work.
            review.last_import = Some(review::LastImport {
                source: path
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                imported_at: review::unix_now(),
                architecture: review.architecture.to_data(),
            });
        }
        let mut doc = Self::new(review);
        if source == Source::ReviewFile {
            doc.path = Some(path.to_owned());
        }
        Ok(doc)
    }

    /// Evaluates with the built-in pack plus `extra` packs from now on.
    pub fn with_packs(mut self, extra: &[Pack]) -> Result<Self, DocumentError> {
        let mut pack = Pack::builtin().clone();
        for p in extra {
            pack = pack.merge(p)?;
        }
        self.pack = Cow::Owned(pack);
        self.evaluate();
        Ok(self)
    }

    fn evaluate(&mut self) {
        self.findings = engine::evaluate(&self.review.architecture, &self.pack);
    }

    /// Applies an edit, records its inverse for undo, clears redo and re-evaluates. An invalid
    /// edit changes nothing (a batch is applied all or nothing). An empty batch is not recorded.
    pub fn apply(&mut self, edit: Edit) -> Result<(), DocumentError> {
        if edit.is_empty() {
            return Ok(());
        }
        let inverse = edit.apply(&mut self.review.architecture)?;
        self.record(edit, inverse, None);
        Ok(())
    }

    /// Records an applied edit (and the conflict it settled, if any) as a new undo step.
    fn record(&mut self, forward: Edit, inverse: Edit, resolved: Option<(usize, Conflict)>) {
        self.record_step(forward, inverse, resolved, None);
    }

    /// Records an applied edit, with the conflict it settled or the import it brought, as a new
    /// undo step.
    fn record_step(
        &mut self,
        forward: Edit,
        inverse: Edit,
        resolved: Option<(usize, Conflict)>,
        imported: Option<Box<exchange::ImportSwap>>,
    ) {
        let before = self.state;
        let after = self.next_state;
        self.next_state += 1;
        let dropped = self.history.record(Step {
            forward,
            inverse,
            before,
            after,
            resolved,
            imported,
        });
        self.forget_unreachable(dropped);
        self.changed(after);
    }

    /// When the history drops its oldest step and the saved state was the one before it, the
    /// document cannot get back to its saved state by undoing: it stays dirty until saved.
    fn forget_unreachable(&mut self, dropped: Option<Step>) {
        if let Some(step) = dropped {
            if self.saved_state == Some(step.before) {
                self.saved_state = None;
            }
        }
    }

    fn changed(&mut self, state: StateId) {
        self.state = state;
        self.revision = self.revision.wrapping_add(1);
        self.evaluate();
    }

    /// Undoes the last edit. Returns `false` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<bool, DocumentError> {
        let Some(mut step) = self.history.pop_undo() else {
            return Ok(false);
        };
        match step.inverse.apply(&mut self.review.architecture) {
            Ok(forward) => {
                step.forward = forward;
                if let Some((index, conflict)) = &step.resolved {
                    sharing::record_again(&mut self.review, *index, conflict);
                }
                if let Some(swap) = &step.imported {
                    self.review.last_import = swap.before.clone();
                }
                let before = step.before;
                self.history.push_redo(step);
                self.changed(before);
                Ok(true)
            }
            Err(err) => {
                self.history.restore_undo(step);
                Err(err.into())
            }
        }
    }

    /// Redoes the last undone edit. Returns `false` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<bool, DocumentError> {
        let Some(mut step) = self.history.pop_redo() else {
            return Ok(false);
        };
        match step.forward.apply(&mut self.review.architecture) {
            Ok(inverse) => {
                step.inverse = inverse;
                if let Some((index, conflict)) = &step.resolved {
                    sharing::settle_again(&mut self.review, *index, conflict);
                }
                if let Some(swap) = &step.imported {
                    self.review.last_import = swap.after.clone();
                }
                let after = step.after;
                let dropped = self.history.push_undo(step);
                self.forget_unreachable(dropped);
                self.changed(after);
                Ok(true)
            }
            Err(err) => {
                self.history.push_redo(step);
                Err(err.into())
            }
        }
    }

    /// Saves to the document's file. [`DocumentError::NoPath`] when it has none yet.
    pub fn save(&mut self) -> Result<(), DocumentError> {
        let path = self.path.clone().ok_or(DocumentError::NoPath)?;
        self.save_as(&path)
    }

    /// Saves to `path`, which becomes the document's file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), DocumentError> {
        store::save(&self.review, path)?;
        let meta = self.review.meta_for_save();
        self.review.saved = Some(Saved {
            created_at: meta.created_at,
            modified_at: meta.modified_at,
            app_version: meta.app_version,
        });
        self.path = Some(path.to_owned());
        self.saved_state = Some(self.state);
        Ok(())
    }

    /// Writes the review to `path` without making it the document's file and without changing
    /// whether the document is dirty (autosave to a recovery file).
    pub fn write_copy(&self, path: &Path) -> Result<(), DocumentError> {
        store::save(&self.review, path)?;
        Ok(())
    }

    /// Makes this document count as changed since its file was written (a recovered autosave).
    pub(crate) fn mark_dirty(&mut self) {
        self.saved_state = None;
    }

    pub(crate) fn set_path(&mut self, path: Option<PathBuf>) {
        self.path = path;
    }

    pub fn review(&self) -> &Review {
        &self.review
    }

    pub fn architecture(&self) -> &Architecture {
        &self.review.architecture
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn revision(&self) -> u32 {
        self.revision
    }

    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.state)
    }

    /// Whether Save would do anything: the review has unsaved changes, or no file yet (Save then
    /// asks where). A saved review without changes has nothing to save.
    pub fn can_save(&self) -> bool {
        self.is_dirty() || self.path.is_none()
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// The file name without its extension, else the architecture's name, else "Untitled".
    pub fn title(&self) -> String {
        if let Some(stem) = self.path.as_deref().and_then(Path::file_stem) {
            return stem.to_string_lossy().into_owned();
        }
        let name = self.review.architecture.name().trim();
        if name.is_empty() {
            UNTITLED.to_owned()
        } else {
            name.to_owned()
        }
    }

    /// The window title: `name — Lensboard`, with `• ` in front when there are unsaved changes
    /// and the number of unresolved merge conflicts after the name (`name (2 conflicts)`).
    pub fn window_title(&self) -> String {
        let marker = if self.is_dirty() { "• " } else { "" };
        let conflicts = match self.review.conflicts.len() {
            0 => String::new(),
            1 => " (1 conflict)".to_owned(),
            n => format!(" ({n} conflicts)"),
        };
        format!("{marker}{}{conflicts} — Lensboard", self.title())
    }

    /// Everything the UI shows, as one value.
    pub fn snapshot(&self) -> DocumentSnapshot {
        let named: BTreeSet<&str> = self
            .findings
            .iter()
            .flat_map(|f| f.best_practices.iter().map(String::as_str))
            .collect();
        let practices = practices::all()
            .iter()
            .filter(|bp| named.contains(bp.id.as_str()))
            .cloned()
            .collect();
        let open: Vec<Finding> = self
            .findings
            .iter()
            .filter(|f| !self.review.decisions.contains_key(&f.id))
            .cloned()
            .collect();
        DocumentSnapshot {
            architecture: self.review.architecture.to_data(),
            findings: self.findings.clone(),
            decisions: self.review.decisions.values().cloned().collect(),
            summary: Summary::of(&open),
            practices,
            marks: Marks::of(&open),
            data_held: self.review.architecture.data_held(),
            flow_purposes: self.review.architecture.flow_purposes(),
            revision: self.revision,
            dirty: self.is_dirty(),
            can_save: self.can_save(),
            can_undo: self.can_undo(),
            can_redo: self.can_redo(),
            path: self.path.as_ref().map(|p| p.display().to_string()),
            title: self.title(),
            conflicts: self.conflict_views(),
            imported_from: self.imported_from().map(str::to_owned),
        }
    }
}
