//! The native menu bar. Items with an accelerator are custom items that send a `menu-action`
//! event to the UI (which knows the selection and whether a text field has focus); Quit asks the
//! session, since it may need the UI to confirm unsaved changes.

use std::path::PathBuf;

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

fn item_of(id: &str) -> Option<MenuItem> {
    ITEMS.iter().find(|(_, i, _, _)| *i == id).map(|(m, ..)| *m)
}

fn build(app: &AppHandle, recent: &[PathBuf]) -> tauri::Result<Menu<Wry>> {
    let entry = |id: &str| -> tauri::Result<tauri::menu::MenuItem<Wry>> {
        let (_, id, label, accel) = ITEMS
            .iter()
            .find(|(_, i, _, _)| *i == id)
            .copied()
            .unwrap_or((MenuItem::About, "about", "About Lensboard", None));
        let mut b = MenuItemBuilder::with_id(id, label);
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
