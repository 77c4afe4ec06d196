//! The native menu bar. Its entries are the [`MenuItem`] enum: each item's methods give its
//! id, label, accelerator and when it is enabled, so the menu is built from the enum and a
//! chosen id is read back into the enum ([`MenuItem::from_id`]) — an id the menu does not have
//! is ignored, never taken for another item. Choosing an item sends a `menu-action` event to the
//! UI (which knows the selection and whether a text field has focus); Quit asks the session,
//! since it may need the UI to confirm unsaved changes.
//!
//! Items that would do nothing are greyed out ([`MenuState::enabled`]): the document's part of
//! the state is taken from every command's snapshot, the canvas's part (selection, clipboard)
//! is sent by the UI with `set_menu_context`. A disabled item's accelerator does nothing either,
//! and the key then reaches the window.
//!
//! One keymap: the UI's keyboard handling is built from the same items ([`entries`], exported to
//! the bindings as `MENU_ITEMS`) and dispatches the same actions. The window sees a shortcut
//! only when the menu did not take it (GTK offers a key to the menu's accelerators before the
//! focused web view), so a key is acted on once, by the menu or by the window.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use lens::document::DocumentSnapshot;
use serde::Serialize;
use tauri::menu::{Menu, MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Manager, Wry};
use tauri_specta::Event;

use crate::events::{MenuAction, MenuItem};
use crate::session::Session;

/// File › Quit: handled here (the session may need the UI to confirm unsaved changes), never
/// sent to the UI, hence not a [`MenuItem`].
const QUIT: &str = "quit";
const QUIT_ACCELERATOR: &str = "CmdOrCtrl+Q";
/// File › Open Recent › the `n`th file is `open_recent:n`.
const RECENT_PREFIX: &str = "open_recent:";
/// The greyed-out line of an empty Open Recent.
const NO_RECENT: &str = "open_recent_none";

/// What must hold for an item to do anything; it is greyed out otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EnabledWhen {
    Always,
    /// The review has an edit to undo.
    CanUndo,
    /// The review has an undone edit to redo.
    CanRedo,
    /// The review has unsaved changes, or no file yet (Save then asks where, like Save As).
    CanSave,
    /// Something is selected on the canvas.
    Selection,
    /// The canvas clipboard holds components.
    Clipboard,
    /// The architecture has at least one component or boundary.
    Content,
}

impl MenuItem {
    /// Every item, in the order of the menu bar.
    pub const ALL: [MenuItem; 23] = [
        MenuItem::New,
        MenuItem::NewFromTemplate,
        MenuItem::Open,
        MenuItem::OpenRecent,
        MenuItem::Save,
        MenuItem::SaveAs,
        MenuItem::Import,
        MenuItem::Export,
        MenuItem::ExportReport,
        MenuItem::CompareWith,
        MenuItem::Undo,
        MenuItem::Redo,
        MenuItem::Cut,
        MenuItem::Copy,
        MenuItem::Paste,
        MenuItem::Duplicate,
        MenuItem::Delete,
        MenuItem::SelectAll,
        MenuItem::ZoomToFit,
        MenuItem::AutoLayout,
        MenuItem::ToggleTheme,
        MenuItem::ToggleLensView,
        MenuItem::About,
    ];

    /// The item's id in the native menu: the same text as its name in the `menu-action` event.
    pub fn id(self) -> &'static str {
        match self {
            MenuItem::New => "new",
            MenuItem::NewFromTemplate => "new_from_template",
            MenuItem::Open => "open",
            MenuItem::OpenRecent => "open_recent",
            MenuItem::Save => "save",
            MenuItem::SaveAs => "save_as",
            MenuItem::Undo => "undo",
            MenuItem::Redo => "redo",
            MenuItem::Cut => "cut",
            MenuItem::Copy => "copy",
            MenuItem::Paste => "paste",
            MenuItem::Duplicate => "duplicate",
            MenuItem::Delete => "delete",
            MenuItem::SelectAll => "select_all",
            MenuItem::ZoomToFit => "zoom_to_fit",
            MenuItem::AutoLayout => "auto_layout",
            MenuItem::ToggleTheme => "toggle_theme",
            MenuItem::Import => "import",
            MenuItem::Export => "export",
            MenuItem::ExportReport => "export_report",
            MenuItem::CompareWith => "compare_with",
            MenuItem::ToggleLensView => "toggle_lens_view",
            MenuItem::About => "about",
        }
    }

    /// The item whose [`id`](Self::id) is `id`; none for any other text.
    pub fn from_id(id: &str) -> Option<MenuItem> {
        MenuItem::ALL.into_iter().find(|item| item.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            MenuItem::New => "New",
            MenuItem::NewFromTemplate => "New from Template…",
            MenuItem::Open => "Open…",
            MenuItem::OpenRecent => "Open Recent",
            MenuItem::Save => "Save",
            MenuItem::SaveAs => "Save As…",
            MenuItem::Undo => "Undo",
            MenuItem::Redo => "Redo",
            MenuItem::Cut => "Cut",
            MenuItem::Copy => "Copy",
            MenuItem::Paste => "Paste",
            MenuItem::Duplicate => "Duplicate",
            MenuItem::Delete => "Delete",
            MenuItem::SelectAll => "Select All",
            MenuItem::ZoomToFit => "Zoom to Fit",
            MenuItem::AutoLayout => "Auto-layout",
            MenuItem::ToggleTheme => "Toggle Theme",
            MenuItem::Import => "Import…",
            MenuItem::Export => "Export…",
            MenuItem::ExportReport => "Export Report…",
            MenuItem::CompareWith => "Compare with…",
            MenuItem::ToggleLensView => "Lens Checklist",
            MenuItem::About => "About Lensboard",
        }
    }

    /// The item's shortcut, in Tauri's accelerator syntax. The UI's keymap is built from these
    /// (see [`entries`]), so a key means the same in the menu and in the window.
    pub fn accelerator(self) -> Option<&'static str> {
        match self {
            MenuItem::New => Some("CmdOrCtrl+N"),
            MenuItem::Open => Some("CmdOrCtrl+O"),
            MenuItem::Save => Some("CmdOrCtrl+S"),
            MenuItem::SaveAs => Some("CmdOrCtrl+Shift+S"),
            MenuItem::Import => Some("CmdOrCtrl+I"),
            MenuItem::Export => Some("CmdOrCtrl+Shift+E"),
            MenuItem::ExportReport => Some("CmdOrCtrl+E"),
            MenuItem::Undo => Some("CmdOrCtrl+Z"),
            MenuItem::Redo => Some("CmdOrCtrl+Shift+Z"),
            MenuItem::Cut => Some("CmdOrCtrl+X"),
            MenuItem::Copy => Some("CmdOrCtrl+C"),
            MenuItem::Paste => Some("CmdOrCtrl+V"),
            MenuItem::Duplicate => Some("CmdOrCtrl+D"),
            MenuItem::SelectAll => Some("CmdOrCtrl+A"),
            MenuItem::ZoomToFit => Some("CmdOrCtrl+Shift+F"),
            MenuItem::AutoLayout => Some("CmdOrCtrl+Shift+L"),
            MenuItem::ToggleTheme => Some("CmdOrCtrl+Shift+T"),
            MenuItem::ToggleLensView => Some("CmdOrCtrl+Shift+K"),
            // No accelerator: a plain Delete key must keep working in text fields; the canvas
            // handles Delete and Backspace itself.
            MenuItem::Delete
            | MenuItem::NewFromTemplate
            | MenuItem::OpenRecent
            | MenuItem::CompareWith
            | MenuItem::About => None,
        }
    }

    /// When choosing the item would do anything.
    pub fn enabled_when(self) -> EnabledWhen {
        match self {
            MenuItem::Undo => EnabledWhen::CanUndo,
            MenuItem::Redo => EnabledWhen::CanRedo,
            MenuItem::Save => EnabledWhen::CanSave,
            MenuItem::Cut | MenuItem::Copy | MenuItem::Duplicate | MenuItem::Delete => {
                EnabledWhen::Selection
            }
            MenuItem::Paste => EnabledWhen::Clipboard,
            MenuItem::SelectAll | MenuItem::ZoomToFit | MenuItem::AutoLayout | MenuItem::Export => {
                EnabledWhen::Content
            }
            MenuItem::New
            | MenuItem::NewFromTemplate
            | MenuItem::Open
            | MenuItem::OpenRecent
            | MenuItem::SaveAs
            | MenuItem::Import
            | MenuItem::ToggleTheme
            | MenuItem::ExportReport
            | MenuItem::CompareWith
            | MenuItem::ToggleLensView
            | MenuItem::About => EnabledWhen::Always,
        }
    }
}

/// A menu item as the UI sees it: its keymap and toolbar are built from these (exported to the
/// bindings as `MENU_ITEMS`), so that a key, a button and the menu cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct MenuEntry {
    pub item: MenuItem,
    pub label: &'static str,
    /// In Tauri's accelerator syntax (`CmdOrCtrl+Shift+Z`); none for items without a key.
    pub accelerator: Option<&'static str>,
    pub enabled_when: EnabledWhen,
}

/// Every item of the menu bar that the UI acts on.
pub fn entries() -> Vec<MenuEntry> {
    MenuItem::ALL
        .into_iter()
        .map(|item| MenuEntry {
            item,
            label: item.label(),
            accelerator: item.accelerator(),
            enabled_when: item.enabled_when(),
        })
        .collect()
}

/// What a menu event's id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chosen {
    Item(MenuItem),
    Quit,
    /// The `n`th file of Open Recent.
    Recent(usize),
}

/// The entry a menu event's id names; none for an id this menu does not have.
fn chosen(id: &str) -> Option<Chosen> {
    if id == QUIT {
        return Some(Chosen::Quit);
    }
    if let Some(index) = id.strip_prefix(RECENT_PREFIX) {
        return index.parse().ok().map(Chosen::Recent);
    }
    MenuItem::from_id(id).map(Chosen::Item)
}

/// What decides whether a menu item would do anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MenuState {
    /// The review has an edit to undo / to redo.
    pub can_undo: bool,
    pub can_redo: bool,
    /// Save would do anything ([`DocumentSnapshot::can_save`]: unsaved changes, or no file yet).
    pub can_save: bool,
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
            can_save: snapshot.can_save,
            has_content: !architecture.components.is_empty() || !architecture.boundaries.is_empty(),
            ..self
        }
    }

    /// Whether `item` is enabled: greyed out exactly when choosing it would do nothing.
    pub fn enabled(&self, item: MenuItem) -> bool {
        match item.enabled_when() {
            EnabledWhen::Always => true,
            EnabledWhen::CanUndo => self.can_undo,
            EnabledWhen::CanRedo => self.can_redo,
            EnabledWhen::CanSave => self.can_save,
            EnabledWhen::Selection => self.selection,
            EnabledWhen::Clipboard => self.clipboard,
            EnabledWhen::Content => self.has_content,
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
    for item in MenuItem::ALL {
        let enabled = after.enabled(item);
        if enabled == before.enabled(item) {
            continue;
        }
        let id = item.id();
        for submenu in submenus.iter().filter_map(|k| k.as_submenu()) {
            if let Some(entry) = submenu.get(id) {
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

fn build(app: &AppHandle, recent: &[PathBuf]) -> tauri::Result<Menu<Wry>> {
    let state = shown(app);
    let entry = |item: MenuItem| -> tauri::Result<tauri::menu::MenuItem<Wry>> {
        let mut b = MenuItemBuilder::with_id(item.id(), item.label()).enabled(state.enabled(item));
        if let Some(accelerator) = item.accelerator() {
            b = b.accelerator(accelerator);
        }
        b.build(app)
    };

    let mut open_recent =
        SubmenuBuilder::with_id(app, MenuItem::OpenRecent.id(), MenuItem::OpenRecent.label());
    if recent.is_empty() {
        open_recent = open_recent.item(
            &MenuItemBuilder::with_id(NO_RECENT, "No recent files")
                .enabled(false)
                .build(app)?,
        );
    }
    for (i, path) in recent.iter().enumerate() {
        open_recent = open_recent.text(format!("{RECENT_PREFIX}{i}"), path.display().to_string());
    }

    let file = SubmenuBuilder::new(app, "File")
        .item(&entry(MenuItem::New)?)
        .item(&entry(MenuItem::NewFromTemplate)?)
        .item(&entry(MenuItem::Open)?)
        .item(&open_recent.build()?)
        .separator()
        .item(&entry(MenuItem::Save)?)
        .item(&entry(MenuItem::SaveAs)?)
        .separator()
        .item(&entry(MenuItem::Import)?)
        .item(&entry(MenuItem::Export)?)
        .item(&entry(MenuItem::ExportReport)?)
        .item(&entry(MenuItem::CompareWith)?)
        .separator()
        .item(
            &MenuItemBuilder::with_id(QUIT, "Quit")
                .accelerator(QUIT_ACCELERATOR)
                .build(app)?,
        )
        .build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .item(&entry(MenuItem::Undo)?)
        .item(&entry(MenuItem::Redo)?)
        .separator()
        .item(&entry(MenuItem::Cut)?)
        .item(&entry(MenuItem::Copy)?)
        .item(&entry(MenuItem::Paste)?)
        .item(&entry(MenuItem::Duplicate)?)
        .item(&entry(MenuItem::Delete)?)
        .separator()
        .item(&entry(MenuItem::SelectAll)?)
        .build()?;
    let view = SubmenuBuilder::new(app, "View")
        .item(&entry(MenuItem::ZoomToFit)?)
        .item(&entry(MenuItem::AutoLayout)?)
        .item(&entry(MenuItem::ToggleTheme)?)
        .separator()
        .item(&entry(MenuItem::ToggleLensView)?)
        .build()?;
    let help = SubmenuBuilder::new(app, "Help")
        .item(&entry(MenuItem::About)?)
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
    let session = app.state::<Session>();
    let action = match chosen(event.id().as_ref()) {
        Some(Chosen::Quit) => {
            if session.close_requested(app) {
                app.exit(0);
            }
            return;
        }
        Some(Chosen::Recent(index)) => match session.recent_paths().get(index) {
            Some(path) => MenuAction {
                action: MenuItem::OpenRecent,
                path: Some(path.display().to_string()),
            },
            None => return,
        },
        Some(Chosen::Item(action)) => MenuAction { action, path: None },
        None => return,
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
    fn every_item_is_found_again_by_its_id_and_no_other_text_names_one() {
        for item in MenuItem::ALL {
            assert_eq!(MenuItem::from_id(item.id()), Some(item), "{item:?}");
            assert_eq!(chosen(item.id()), Some(Chosen::Item(item)), "{item:?}");
        }
        for id in [
            "",
            "About",
            "abut",
            "new ",
            "quit_",
            "open_recent:",
            "open_recent:x",
        ] {
            assert_eq!(chosen(id), None, "{id:?} names no entry");
        }
        assert_eq!(
            chosen(NO_RECENT),
            None,
            "the empty Open Recent's line does nothing"
        );
        assert_eq!(chosen(QUIT), Some(Chosen::Quit));
        assert_eq!(chosen("open_recent:3"), Some(Chosen::Recent(3)));
    }

    #[test]
    fn every_item_is_listed_once_and_its_id_is_its_name_in_the_menu_action_event() {
        let mut ids = std::collections::HashSet::new();
        for item in MenuItem::ALL {
            assert!(ids.insert(item.id()), "{item:?} shares its id");
            assert_eq!(
                serde_json::to_value(item).unwrap(),
                item.id(),
                "the UI receives {item:?} under its menu id"
            );
        }
        assert!(!ids.contains(QUIT) && !ids.contains(NO_RECENT));
        assert!(ids.iter().all(|id| !id.starts_with(RECENT_PREFIX)));
    }

    #[test]
    fn no_two_entries_share_an_accelerator() {
        let mut seen = std::collections::HashMap::new();
        let accelerators = MenuItem::ALL
            .into_iter()
            .filter_map(|item| item.accelerator().map(|a| (format!("{item:?}"), a)))
            .chain([("Quit".to_string(), QUIT_ACCELERATOR)]);
        for (name, accelerator) in accelerators {
            let key = accelerator.to_ascii_lowercase();
            if let Some(other) = seen.insert(key, name.clone()) {
                panic!("{name} and {other} both use {accelerator}");
            }
        }
        assert!(seen.len() > 10, "the shortcuts are all counted");
    }

    #[test]
    fn the_entries_for_the_ui_are_the_items_with_their_labels_accelerators_and_conditions() {
        let entries = entries();
        assert_eq!(
            entries.iter().map(|e| e.item).collect::<Vec<_>>(),
            MenuItem::ALL
        );
        let redo = entries.iter().find(|e| e.item == MenuItem::Redo).unwrap();
        let redo = serde_json::to_value(redo).unwrap();
        assert_eq!(
            redo,
            serde_json::json!({
                "item": "redo",
                "label": "Redo",
                "accelerator": "CmdOrCtrl+Shift+Z",
                "enabled_when": "can_redo"
            })
        );
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
