//! The commands the UI calls. Each one is a few lines over a `lens` call: decisions about
//! architectures, undo, files and recovery live in `lens::document`, not here. Commands that may
//! take long (every edit re-evaluates the rules; open and save touch the disk) are async and run
//! the work on a blocking thread ([`on_session`]), so the window stays responsive.

use std::path::PathBuf;

use lens::catalog::Catalog;
use lens::diff::Diff;
use lens::document::recovery::RecoveryInfo;
use lens::document::{
    Audience, Document, DocumentError, DocumentSnapshot, Edit, ImportOutcome, LensView,
    Session as DocumentSession,
};
use lens::exchange::ExportFormat;
use lens::merge::Side;
use lens::review::{AnswerValue, Decision, MilestoneInfo};
use lens::templates::Template;
use tauri::{AppHandle, State};

use crate::error::{AppError, ErrorCode};
use crate::session::Session;

/// Runs `work` on the session on a blocking thread: the one place where commands leave the
/// async runtime.
async fn on_session<T, F>(session: &Session, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut DocumentSession) -> Result<T, DocumentError> + Send + 'static,
{
    let shared = session.shared();
    tauri::async_runtime::spawn_blocking(move || crate::session::with(&shared, work))
        .await
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("the work was interrupted: {e}"),
            )
        })?
        .map_err(AppError::from)
}

/// Runs `work` like [`on_session`], then shows the document's state in the window (title,
/// greyed-out menu items) and returns its new snapshot.
async fn with_document<F>(
    app: &AppHandle,
    session: &Session,
    work: F,
) -> Result<DocumentSnapshot, AppError>
where
    F: FnOnce(&mut DocumentSession) -> Result<(), DocumentError> + Send + 'static,
{
    Ok(with_document_then(app, session, work).await?.1)
}

/// [`with_document`] for work that also returns something.
async fn with_document_then<T, F>(
    app: &AppHandle,
    session: &Session,
    work: F,
) -> Result<(T, DocumentSnapshot), AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut DocumentSession) -> Result<T, DocumentError> + Send + 'static,
{
    let (value, snapshot, title) = on_session(session, move |s| {
        let value = work(s)?;
        Ok((value, s.document().snapshot(), s.document().window_title()))
    })
    .await?;
    session.show(app, &title);
    crate::menu::document_changed(app, &snapshot);
    Ok((value, snapshot))
}

/// What the canvas holds that the menu depends on: whether something is selected (Cut, Copy,
/// Duplicate, Delete) and whether the clipboard has components (Paste). Items that would do
/// nothing are greyed out.
#[tauri::command]
#[specta::specta]
pub fn set_menu_context(app: AppHandle, selection: bool, clipboard: bool) {
    crate::menu::canvas_changed(&app, selection, clipboard);
}

/// The component catalog: every kind (grouped by category, with icon, help and properties), the
/// flow properties and the boundary trust levels, for the palette and the inspector.
#[tauri::command]
#[specta::specta]
pub fn catalog() -> Catalog {
    Catalog::builtin().clone()
}

/// Everything the UI shows about the open review: architecture, findings, undo state, file.
#[tauri::command]
#[specta::specta]
pub async fn snapshot(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, |_| Ok(())).await
}

/// Applies one edit (a `batch` is one undo step), re-evaluates, and returns the new snapshot.
/// An invalid edit changes nothing and returns an error.
#[tauri::command]
#[specta::specta]
pub async fn apply_edit(
    app: AppHandle,
    session: State<'_, Session>,
    edit: Edit,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, move |s| s.document_mut().apply(edit)).await
}

/// Undoes the last edit (nothing happens when there is none).
#[tauri::command]
#[specta::specta]
pub async fn undo(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, |s| s.document_mut().undo().map(drop)).await
}

/// Redoes the last undone edit (nothing happens when there is none).
#[tauri::command]
#[specta::specta]
pub async fn redo(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, |s| s.document_mut().redo().map(drop)).await
}

/// Replaces the open review by a new, empty one. The UI asks about unsaved changes first.
#[tauri::command]
#[specta::specta]
pub async fn new_review(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, |s| {
        s.replace(Document::empty());
        Ok(())
    })
    .await
}

/// Opens a review file or imports architecture JSON (decided by content) in place of the open
/// review. The UI asks about unsaved changes first; tests call this with a path directly.
#[tauri::command]
#[specta::specta]
pub async fn open_review(
    app: AppHandle,
    session: State<'_, Session>,
    path: String,
) -> Result<DocumentSnapshot, AppError> {
    let opened = with_document(&app, &session, move |s| s.open(&PathBuf::from(path))).await;
    // Opening puts the file at the top of Open Recent, or drops it there when it is missing.
    session.show_recent(&app);
    opened
}

/// Saves to the review's file; `no_path` when it has none yet (ask where, then `save_review_as`).
#[tauri::command]
#[specta::specta]
pub async fn save_review(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, |s| s.document_mut().save()).await
}

/// Saves to `path`, which becomes the review's file.
#[tauri::command]
#[specta::specta]
pub async fn save_review_as(
    app: AppHandle,
    session: State<'_, Session>,
    path: String,
) -> Result<DocumentSnapshot, AppError> {
    let snapshot = with_document(&app, &session, move |s| s.save_as(&PathBuf::from(path))).await?;
    session.show_recent(&app);
    Ok(snapshot)
}

/// The recently opened or saved review files, newest first (at most 10).
#[tauri::command]
#[specta::specta]
pub fn recent_files(session: State<'_, Session>) -> Vec<String> {
    session
        .recent_paths()
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

/// The autosave left by a session that ended without saving, if any: offer to restore it.
#[tauri::command]
#[specta::specta]
pub fn recovery(session: State<'_, Session>) -> Option<RecoveryInfo> {
    session.lock().pending_recovery().cloned()
}

/// Opens the autosave in place of the open review: it belongs to its original file again and
/// has unsaved changes (`no_recovery` when there is none).
#[tauri::command]
#[specta::specta]
pub async fn restore_recovery(
    app: AppHandle,
    session: State<'_, Session>,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, DocumentSession::restore_recovery).await
}

/// Deletes the autosave of an earlier session (the user declined to restore it).
#[tauri::command]
#[specta::specta]
pub async fn discard_recovery(session: State<'_, Session>) -> Result<(), AppError> {
    on_session(&session, DocumentSession::discard_recovery).await
}

/// Closes the window and quits without asking again: called by the UI after it asked about
/// unsaved changes (on the `close-requested` event or the File › Quit menu item).
#[tauri::command]
#[specta::specta]
pub fn close_window(app: AppHandle, session: State<'_, Session>) {
    session.quit(&app);
}

// ----- Review workflow: templates, decisions, checklist, milestones, reports -----

/// The starter templates (the lens's eight scenarios), in scenario order.
#[tauri::command]
#[specta::specta]
pub fn templates() -> Vec<Template> {
    lens::templates::templates().to_vec()
}

/// Replaces the open review by a new, untitled review of the template `id`. The UI asks about
/// unsaved changes first, as for New.
#[tauri::command]
#[specta::specta]
pub async fn new_from_template(
    app: AppHandle,
    session: State<'_, Session>,
    id: String,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, move |s| {
        s.replace(Document::from_template(&id)?);
        Ok(())
    })
    .await
}

/// Records a decision on a finding (replacing its previous one). Refused with a code
/// (`justification_required`, `owner_required`, `invalid_date`, `invalid_ticket`) when a field
/// is missing or malformed. Not an undo step; the review becomes dirty.
#[tauri::command]
#[specta::specta]
pub async fn decide_finding(
    app: AppHandle,
    session: State<'_, Session>,
    decision: Decision,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, move |s| s.document_mut().decide(decision)).await
}

/// Sets a finding back to open (its decision is removed; the history records who reopened it).
#[tauri::command]
#[specta::specta]
pub async fn reopen_finding(
    app: AppHandle,
    session: State<'_, Session>,
    finding_id: String,
    owner: String,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, move |s| {
        s.document_mut().reopen(&finding_id, &owner);
        Ok(())
    })
    .await
}

/// Answers a checklist question (`answer: null` removes the answer), then returns the lens view.
#[tauri::command]
#[specta::specta]
pub async fn answer_checklist(
    app: AppHandle,
    session: State<'_, Session>,
    item_id: String,
    answer: Option<AnswerValue>,
    note: String,
) -> Result<LensView, AppError> {
    with_document(&app, &session, move |s| {
        s.document_mut().answer(&item_id, answer, &note)
    })
    .await?;
    Ok(session.lock().document().lens_view())
}

/// The lens view: per-pillar summary (risks, unanswered questions, coverage of the best
/// practices), the checklist questions and the answers given.
#[tauri::command]
#[specta::specta]
pub fn lens_view(session: State<'_, Session>) -> LensView {
    session.lock().document().lens_view()
}

/// Saves the review as it is now as a named milestone (`empty_milestone_name`,
/// `milestone_exists` when refused).
#[tauri::command]
#[specta::specta]
pub async fn save_milestone(
    app: AppHandle,
    session: State<'_, Session>,
    name: String,
) -> Result<DocumentSnapshot, AppError> {
    with_document(&app, &session, move |s| {
        s.document_mut().add_milestone_now(&name)
    })
    .await
}

/// The review's milestones, oldest first.
#[tauri::command]
#[specta::specta]
pub fn milestones(session: State<'_, Session>) -> Vec<MilestoneInfo> {
    session.lock().document().milestones()
}

/// What changed from `before` to `after` (each a milestone name, or null for the review as it
/// is now): components and flows added/removed/changed, findings new/resolved/unchanged.
#[tauri::command]
#[specta::specta]
pub async fn diff_milestone(
    session: State<'_, Session>,
    before: Option<String>,
    after: Option<String>,
) -> Result<Diff, AppError> {
    on_session(&session, move |s| {
        s.document().diff(before.as_deref(), after.as_deref())
    })
    .await
}

/// Settles the merge conflict number `index` of the snapshot's `conflicts` by keeping `side`'s
/// value (an undo step when it is an architecture change or keeps ours). Their value that no
/// longer fits the architecture is refused with the model's code and changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn resolve_conflict(
    app: AppHandle,
    session: State<'_, Session>,
    index: u32,
    side: Side,
) -> Result<DocumentSnapshot, AppError> {
    let index = usize::try_from(index).unwrap_or(usize::MAX);
    with_document(&app, &session, move |s| {
        s.document_mut().resolve_conflict(index, side).map(drop)
    })
    .await
}

/// The milestones saved in another file (none for architecture JSON), for "Compare with…".
#[tauri::command]
#[specta::specta]
pub async fn file_milestones(
    session: State<'_, Session>,
    path: String,
) -> Result<Vec<MilestoneInfo>, AppError> {
    on_session(&session, move |_| {
        lens::document::milestones_of(&PathBuf::from(path))
    })
    .await
}

/// What changed from another file (as it is, or its milestone `milestone`) to the open review
/// as it is now. The other file is only read.
#[tauri::command]
#[specta::specta]
pub async fn compare_with_file(
    session: State<'_, Session>,
    path: String,
    milestone: Option<String>,
) -> Result<Diff, AppError> {
    on_session(&session, move |s| {
        s.document()
            .compare_with(&PathBuf::from(path), milestone.as_deref())
    })
    .await
}

/// Writes the review as a report for `audience` (engineering when not given) to `path`, in the
/// format its extension names (HTML, Markdown or CSV: `REPORT_FILE_TYPES`; HTML when it names
/// none). Refused with `report_format` for an executive or compliance report as CSV.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    session: State<'_, Session>,
    path: String,
    audience: Option<Audience>,
) -> Result<(), AppError> {
    on_session(&session, move |s| {
        s.document()
            .export_report(&PathBuf::from(path), audience.unwrap_or_default())
            .map(drop)
    })
    .await
}

/// What File › Import… did: the review now, and the import's report.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct Imported {
    pub snapshot: DocumentSnapshot,
    pub outcome: ImportOutcome,
}

/// Imports a CloudFormation template, Terraform plan, Threat Dragon model or OTM file (told
/// apart by content) as a new review in place of the open one (the UI asks about unsaved
/// changes first), or with `into` into the open review again as one undo step. Refused with
/// `import_failed` (the message names the file and what in it is wrong); nothing changes then.
#[tauri::command]
#[specta::specta]
pub async fn import_file(
    app: AppHandle,
    session: State<'_, Session>,
    path: String,
    into: bool,
) -> Result<Imported, AppError> {
    let (outcome, snapshot) = with_document_then(&app, &session, move |s| {
        s.import(&PathBuf::from(path), into)
    })
    .await?;
    Ok(Imported { snapshot, outcome })
}

/// Writes the review to `path` in another tool's format (`EXPORT_FORMATS`); the review, its file
/// and its unsaved state are not touched. Refused with `export_refused` when the format's limits
/// would be broken (nothing is written then).
#[tauri::command]
#[specta::specta]
pub async fn export_file(
    session: State<'_, Session>,
    path: String,
    format: ExportFormat,
) -> Result<(), AppError> {
    on_session(&session, move |s| {
        s.document().export_as(&PathBuf::from(path), format)
    })
    .await
}

/// Today's date where the user is (`YYYY-MM-DD`, the system's time zone): the default date of a
/// decision, the same "today" as the date of a reopening or a report.
#[tauri::command]
#[specta::specta]
pub fn today() -> String {
    lens::review::decisions::today()
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    const LENS_PAGES: &str = "https://docs.aws.amazon.com/";

    /// The window's capability file, as the build reads it.
    fn capability() -> Value {
        serde_json::from_str(include_str!("../capabilities/default.json"))
            .expect("capabilities/default.json is JSON")
    }

    #[test]
    fn the_window_may_open_the_lens_pages_in_the_browser_and_no_other_url() {
        let capability = capability();
        let opener: Vec<&Value> = capability["permissions"]
            .as_array()
            .expect("a list of permissions")
            .iter()
            .filter(|p| {
                let id = p
                    .as_str()
                    .or_else(|| p["identifier"].as_str())
                    .unwrap_or("");
                id.starts_with("opener:")
            })
            .collect();
        assert_eq!(
            opener,
            vec![&json!({
                "identifier": "opener:allow-open-url",
                "allow": [{ "url": "https://docs.aws.amazon.com/*" }]
            })],
            "one opener permission: open_url, scoped to the AWS documentation"
        );
    }

    #[test]
    fn every_link_the_review_shows_is_a_lens_page_the_window_may_open() {
        for practice in lens::practices::all() {
            assert!(
                practice.url.starts_with(LENS_PAGES),
                "{}: {}",
                practice.id,
                practice.url
            );
        }
        for rule in lens::engine::Pack::builtin().rules() {
            assert!(
                rule.url.starts_with(LENS_PAGES),
                "{}: {}",
                rule.id,
                rule.url
            );
        }
    }
}
