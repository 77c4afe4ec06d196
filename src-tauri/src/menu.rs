//! The native menu bar. Items with an accelerator are custom items that send a `menu-action`
//! event to the UI (which knows the selection and whether a text field has focus); Quit asks the
//! session, since it may need the UI to confirm unsaved changes.
//!
//! Items that would do nothing are greyed out ([`MenuState::enabled`]): the document's part of
//! the state is taken from every command's snapshot, the canvas's part (selection, clipboard)
//! is sent by the UI with `set_menu_context`. A disabled item's accelerator does nothing either,
//! and inside a text field the key then reaches the field itself.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use lens::document::DocumentSnapshot;
use tauri::menu::{Menu, MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Manager, Wry};
use tauri_specta::Event;

use crate::events::{MenuAction, MenuItem};
use crate::session::Session;

const QUIT: &str = "quit";
const RECENT_PREFIX: &str = "open_recent:";

/// Every UI action of the menu: its id, label and accelerator.
const ITEMS: &[(MenuItem, &str, &str, Option<&str>)] = &[
    (MenuItem::New, "new", "New", Some("CmdOrCtrl+N")),
    (
        MenuItem::NewFromTemplate,
        "new_from_template",
        "New from Template…",
        None,
    ),
    (MenuItem::Open, "open", "Open…", Some("CmdOrCtrl+O")),
    (MenuItem::Save, "save", "Save", Some("CmdOrCtrl+S")),
    (
        MenuItem::SaveAs,
        "save_as",
        "Save As…",
        Some("CmdOrCtrl+Shift+S"),
    ),
    (MenuItem::Undo, "undo", "Undo", Some("CmdOrCtrl+Z")),
    (MenuItem::Redo, "redo", "Redo", Some("CmdOrCtrl+Shift+Z")),
    (MenuItem::Cut, "cut", "Cut", Some("CmdOrCtrl+X")),
    (MenuItem::Copy, "copy", "Copy", Some("CmdOrCtrl+C")),
    (MenuItem::Paste, "paste", "Paste", Some("CmdOrCtrl+V")),
    (
        MenuItem::Duplicate,
        "duplicate",
        "Duplicate",
        Some("CmdOrCtrl+D"),
    ),
    // No accelerator: a plain Delete key must keep working in text fields; the canvas handles
    // Delete and Backspace itself.
    (MenuItem::Delete, "delete", "Delete", None),
    (
        MenuItem::SelectAll,
        "select_all",
        "Select All",
        Some("CmdOrCtrl+A"),
    ),
    (
        MenuItem::ZoomToFit,
        "zoom_to_fit",
        "Zoom to Fit",
        Some("CmdOrCtrl+Shift+F"),
    ),
    (
        MenuItem::AutoLayout,
        "auto_layout",
        "Auto-layout",
        Some("CmdOrCtrl+Shift+L"),
    ),
    (
        MenuItem::ToggleTheme,
        "toggle_theme",
        "Toggle Theme",
        Some("CmdOrCtrl+Shift+T"),
    ),
    (
        MenuItem::ExportReport,
        "export_report",
        "Export Report…",
        Some("CmdOrCtrl+E"),
    ),
    (
        MenuItem::ToggleLensView,
        "toggle_lens_view",
        "Lens Checklist",
        Some("CmdOrCtrl+Shift+K"),
    ),
    (MenuItem::About, "about", "About Lensboard", None),
];

/// What decides whether a menu item would do anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MenuState {
    /// The review has an edit to undo / to redo.
    pub can_undo: bool,
    pub can_redo: bool,
    /// The review has unsaved changes.
    pub dirty: bool,
    /// The review has a file (Save writes to it; without one Save asks where, like Save As).
    pub has_file: bool,
    /// The architecture has at least one component or boundary.
    pub has_content: bool,
    /// Something is selected on the canvas (from the UI).
    pub selection: bool,
    /// The canvas clipboard holds components (from the UI).
    pub clipboard: bool,
}

impl MenuState {
    /// The same state with the document's part taken from `snapshot`.
    pub fn with_document(self, snapshot: &DocumentSnapshot) -> Self {
        let architecture = &snapshot.architecture;
        Self {
            can_undo: snapshot.can_undo,
            can_redo: snapshot.can_redo,
            dirty: snapshot.dirty,
            has_file: snapshot.path.is_some(),
            has_content: !architecture.components.is_empty() || !architecture.boundaries.is_empty(),
            ..self
        }
    }

    /// Whether `item` is enabled: greyed out exactly when choosing it would do nothing.
    pub fn enabled(&self, item: MenuItem) -> bool {
        match item {
            MenuItem::Undo => self.can_undo,
            MenuItem::Redo => self.can_redo,
            MenuItem::Save => self.dirty || !self.has_file,
            MenuItem::Cut | MenuItem::Copy | MenuItem::Duplicate | MenuItem::Delete => {
                self.selection
            }
            MenuItem::Paste => self.clipboard,
            MenuItem::SelectAll | MenuItem::ZoomToFit | MenuItem::AutoLayout => self.has_content,
            MenuItem::New
            | MenuItem::NewFromTemplate
            | MenuItem::Open
            | MenuItem::OpenRecent
            | MenuItem::SaveAs
            | MenuItem::ToggleTheme
            | MenuItem::ExportReport
            | MenuItem::ToggleLensView
            | MenuItem::About => true,
        }
    }
}

/// The menu state last shown, kept in the app's managed state (the menu is rebuilt when the
/// recent files change and must come back with the same items greyed out).
#[derive(Default)]
struct Shown(Mutex<MenuState>);

fn shown(app: &AppHandle) -> MenuState {
    app.try_state::<Shown>()
        .map(|s| *s.0.lock().unwrap_or_else(PoisonError::into_inner))
        .unwrap_or_default()
}

/// Sets the state, and greys out or enables the items whose answer changed.
fn update(app: &AppHandle, change: impl FnOnce(MenuState) -> MenuState) {
    if app.try_state::<Shown>().is_none() {
        app.manage(Shown::default());
    }
    let Some(store) = app.try_state::<Shown>() else {
        return;
    };
    let (before, after) = {
        let mut state = store.0.lock().unwrap_or_else(PoisonError::into_inner);
        let before = *state;
        *state = change(before);
        (before, *state)
    };
    if before == after {
        return;
    }
    let Some(menu) = app.menu() else { return };
    let submenus = menu.items().unwrap_or_default();
    for (item, id, ..) in ITEMS {
        let enabled = after.enabled(*item);
        if enabled == before.enabled(*item) {
            continue;
        }
        for submenu in submenus.iter().filter_map(|k| k.as_submenu()) {
            if let Some(entry) = submenu.get(*id) {
                if let Some(entry) = entry.as_menuitem() {
                    if let Err(err) = entry.set_enabled(enabled) {
                        eprintln!("lensboard: the menu item {id} could not be updated: {err}");
                    }
                }
            }
        }
    }
}

/// A command changed (or read) the document: grey out what it made pointless.
pub fn document_changed(app: &AppHandle, snapshot: &DocumentSnapshot) {
    update(app, |state| state.with_document(snapshot));
}

/// The canvas's selection or clipboard changed.
pub fn canvas_changed(app: &AppHandle, selection: bool, clipboard: bool) {
    update(app, |state| MenuState {
        selection,
        clipboard,
        ..state
    });
}

fn item_of(id: &str) -> Option<MenuItem> {
    ITEMS.iter().find(|(_, i, _, _)| *i == id).map(|(m, ..)| *m)
}

fn build(app: &AppHandle, recent: &[PathBuf]) -> tauri::Result<Menu<Wry>> {
    let state = shown(app);
    let entry = |id: &str| -> tauri::Result<tauri::menu::MenuItem<Wry>> {
        let (item, id, label, accel) = ITEMS
            .iter()
            .find(|(_, i, _, _)| *i == id)
            .copied()
            .unwrap_or((MenuItem::About, "about", "About Lensboard", None));
        let mut b = MenuItemBuilder::with_id(id, label).enabled(state.enabled(item));
        if let Some(a) = accel {
            b = b.accelerator(a);
        }
        b.build(app)
    };

    let mut open_recent = SubmenuBuilder::new(app, "Open Recent");
    if recent.is_empty() {
        open_recent = open_recent.item(
            &MenuItemBuilder::with_id("open_recent_none", "No recent files")
                .enabled(false)
                .build(app)?,
        );
    }
    for (i, path) in recent.iter().enumerate() {
        open_recent = open_recent.text(format!("{RECENT_PREFIX}{i}"), path.display().to_string());
    }

    let file = SubmenuBuilder::new(app, "File")
        .item(&entry("new")?)
        .item(&entry("new_from_template")?)
        .item(&entry("open")?)
        .item(&open_recent.build()?)
        .separator()
        .item(&entry("save")?)
        .item(&entry("save_as")?)
        .separator()
        .item(&entry("export_report")?)
        .separator()
        .item(
            &MenuItemBuilder::with_id(QUIT, "Quit")
                .accelerator("CmdOrCtrl+Q")
                .build(app)?,
        )
        .build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .item(&entry("undo")?)
        .item(&entry("redo")?)
        .separator()
        .item(&entry("cut")?)
        .item(&entry("copy")?)
        .item(&entry("paste")?)
        .item(&entry("duplicate")?)
        .item(&entry("delete")?)
        .separator()
        .item(&entry("select_all")?)
        .build()?;
    let view = SubmenuBuilder::new(app, "View")
        .item(&entry("zoom_to_fit")?)
        .item(&entry("auto_layout")?)
        .item(&entry("toggle_theme")?)
        .separator()
        .item(&entry("toggle_lens_view")?)
        .build()?;
    let help = SubmenuBuilder::new(app, "Help")
        .item(&entry("about")?)
        .build()?;
    MenuBuilder::new(app)
        .items(&[&file, &edit, &view, &help])
        .build()
}

/// Builds the menu bar (with `recent` under File › Open Recent) and sets it on the app.
pub fn install(app: &AppHandle, recent: &[PathBuf]) {
    let installed = build(app, recent).and_then(|menu| app.set_menu(menu));
    if let Err(err) = installed {
        eprintln!("lensboard: the menu bar could not be built: {err}");
    }
}

/// What a chosen menu item does.
pub fn on_event(app: &AppHandle, event: MenuEvent) {
    let id = event.id().as_ref();
    let session = app.state::<Session>();
    let action = if id == QUIT {
        if session.close_requested(app) {
            app.exit(0);
        }
        return;
    } else if let Some(index) = id.strip_prefix(RECENT_PREFIX) {
        let path = index
            .parse::<usize>()
            .ok()
            .and_then(|i| session.recent_paths().get(i).cloned());
        match path {
            Some(path) => MenuAction {
                action: MenuItem::OpenRecent,
                path: Some(path.display().to_string()),
            },
            None => return,
        }
    } else if let Some(action) = item_of(id) {
        MenuAction { action, path: None }
    } else {
        return;
    };
    if let Err(err) = action.emit(app) {
        eprintln!("lensboard: the menu action could not reach the window: {err}");
    }
}

#[cfg(test)]
mod tests {
    use lens::document::Document;

    use super::*;

    fn state_of(doc: &Document) -> MenuState {
        MenuState::default().with_document(&doc.snapshot())
    }

    #[test]
    fn undo_and_redo_are_greyed_out_when_there_is_nothing_to_undo_or_redo() {
        let mut doc = Document::from_template("autonomous-call-center").unwrap();
        let fresh = state_of(&doc);
        assert!(!fresh.enabled(MenuItem::Undo));
        assert!(!fresh.enabled(MenuItem::Redo));
        let id = doc.snapshot().architecture.components[0].id.clone();
        doc.apply(lens::document::Edit::SetComponentLabel {
            id,
            label: "Renamed".into(),
        })
        .unwrap();
        let edited = state_of(&doc);
        assert!(edited.enabled(MenuItem::Undo));
        assert!(!edited.enabled(MenuItem::Redo));
        doc.undo().unwrap();
        let undone = state_of(&doc);
        assert!(!undone.enabled(MenuItem::Undo));
        assert!(undone.enabled(MenuItem::Redo));
    }

    #[test]
    fn save_is_greyed_out_only_for_a_saved_file_without_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::from_template("autonomous-call-center").unwrap();
        assert!(
            state_of(&doc).enabled(MenuItem::Save),
            "a review without a file can be saved (Save asks where)"
        );
        doc.save_as(&dir.path().join("a.lensboard")).unwrap();
        assert!(!state_of(&doc).enabled(MenuItem::Save), "nothing unsaved");
        assert!(state_of(&doc).enabled(MenuItem::SaveAs));
        let id = doc.snapshot().architecture.components[0].id.clone();
        doc.apply(lens::document::Edit::SetComponentLabel {
            id,
            label: "Renamed".into(),
        })
        .unwrap();
        assert!(state_of(&doc).enabled(MenuItem::Save), "unsaved changes");
    }

    #[test]
    fn selection_items_follow_the_canvas_selection_and_paste_the_clipboard() {
        let nothing = MenuState::default();
        let selected = MenuState {
            selection: true,
            ..nothing
        };
        for item in [
            MenuItem::Cut,
            MenuItem::Copy,
            MenuItem::Duplicate,
            MenuItem::Delete,
        ] {
            assert!(!nothing.enabled(item), "{item:?} without a selection");
            assert!(selected.enabled(item), "{item:?} with a selection");
        }
        assert!(!selected.enabled(MenuItem::Paste));
        assert!(MenuState {
            clipboard: true,
            ..nothing
        }
        .enabled(MenuItem::Paste));
    }

    #[test]
    fn an_empty_review_greys_out_select_all_zoom_and_layout_but_not_the_file_items() {
        let empty = state_of(&Document::empty());
        for item in [
            MenuItem::SelectAll,
            MenuItem::ZoomToFit,
            MenuItem::AutoLayout,
        ] {
            assert!(!empty.enabled(item), "{item:?} on an empty review");
        }
        for item in [
            MenuItem::New,
            MenuItem::Open,
            MenuItem::SaveAs,
            MenuItem::About,
        ] {
            assert!(empty.enabled(item), "{item:?} is always possible");
        }
        let full = state_of(&Document::from_template("autonomous-call-center").unwrap());
        assert!(full.enabled(MenuItem::SelectAll));
        assert!(full.enabled(MenuItem::AutoLayout));
    }

    #[test]
    fn the_document_part_of_the_state_keeps_the_canvas_part() {
        let canvas = MenuState {
            selection: true,
            clipboard: true,
            ..MenuState::default()
        };
        let after = canvas.with_document(&Document::empty().snapshot());
        assert!(after.selection && after.clipboard);
    }
}
