//! Events the shell sends to the UI (typed through tauri-specta: `events.menuAction.listen(…)`).

use serde::{Deserialize, Serialize};

/// A menu item was chosen. Dialogs, selection and the clipboard live in the UI, so the menu only
/// says what was asked for; the UI acts (often by calling a command).
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, tauri_specta::Event,
)]
pub struct MenuAction {
    pub action: MenuItem,
    /// For `open_recent`: the file to open. For `compare_with` and `import`, a file to compare
    /// with or import instead of asking with the native dialog (the menu sends none; the
    /// end-to-end tests do).
    pub path: Option<String>,
}

/// The items of the menu bar that the UI acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MenuItem {
    New,
    NewFromTemplate,
    Open,
    OpenRecent,
    Save,
    SaveAs,
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    Duplicate,
    Delete,
    SelectAll,
    ZoomToFit,
    AutoLayout,
    ToggleTheme,
    Import,
    Export,
    ExportReport,
    CompareWith,
    ToggleLensView,
    About,
}

/// The window is being closed (close button or File › Quit) while the review has unsaved
/// changes. The close waits: the UI asks the user, saves if asked, then calls `close_window`
/// (or does nothing to cancel).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type, tauri_specta::Event,
)]
pub struct CloseRequested;
