//! The Lensboard desktop shell: a Tauri window over the `lens` crate. It holds the open review as
//! a `lens::document::Document` in managed state ([`Session`]) and exposes typed commands over
//! it; the TypeScript bindings for them (`ui/src/bindings.ts`) are generated from this crate by
//! the `bindings_are_up_to_date` test. It adds what only a desktop shell can: the native menu bar,
//! the window title, the close guard, the recent-files list and the autosave timer, the
//! dialog plugin the UI uses to ask for file names, and the files named on the command line
//! (one running app: a second launch hands its file over).

mod commands;
mod error;
mod events;
mod launch;
mod menu;
mod session;

use tauri::{Manager, WindowEvent};

pub use error::{AppError, ErrorCode};
pub use events::{CloseRequested, MenuAction, MenuItem};
pub use launch::cli_args;
pub use session::Session;

/// Every command and event the UI may use, with their types, for the invoke handler and the
/// bindings.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::catalog,
            commands::snapshot,
            commands::apply_edit,
            commands::undo,
            commands::redo,
            commands::new_review,
            commands::open_review,
            commands::save_review,
            commands::save_review_as,
            commands::recent_files,
            commands::recovery,
            commands::restore_recovery,
            commands::discard_recovery,
            commands::close_window,
            commands::current_architecture,
            commands::rename_component,
            commands::templates,
            commands::new_from_template,
            commands::decide_finding,
            commands::reopen_finding,
            commands::answer_checklist,
            commands::lens_view,
            commands::save_milestone,
            commands::milestones,
            commands::diff_milestone,
            commands::export_report,
            commands::set_menu_context,
        ])
        .events(tauri_specta::collect_events![MenuAction, CloseRequested])
        .typ::<AppError>()
        .typ::<menu::MenuEntry>()
        .constant("MENU_ITEMS", menu::entries())
}

/// Starts the app on the review file named on the command line (`lensboard FILE`), or on the
/// built-in sample. When the app already runs, a launch hands its file to it and exits.
pub fn run() {
    let builder = specta_builder();
    let result = tauri::Builder::default()
        // First, so that a second launch exits before it builds anything.
        .plugin(launch::single_instance())
        .plugin(tauri_plugin_dialog::init())
        // Lens links open in the system browser; the capability allows docs.aws.amazon.com only.
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let cwd = std::env::current_dir().unwrap_or_default();
            let file = launch::file_argument(std::env::args_os().skip(1), &cwd);
            let (document, failure) = launch::first_document(file.as_deref());
            let opened = document.path().map(|p| p.display().to_string());
            let session = Session::new(
                document,
                &app.path().app_config_dir()?,
                &app.path().app_data_dir()?,
            );
            let title = session::lock(&session.document()).window_title();
            app.manage(session);
            let handle = app.handle();
            let session = app.state::<Session>();
            if opened.is_some() {
                session.remember(handle, opened.as_deref());
            } else {
                menu::install(handle, &session.recent_paths());
            }
            session.show(handle, &title);
            session::start_autosave(handle.clone());
            if let Some(message) = failure {
                launch::show_failure(handle, message);
            }
            Ok(())
        })
        .on_menu_event(menu::on_event)
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                let app = window.app_handle();
                if !app.state::<Session>().close_requested(app) {
                    api.prevent_close();
                }
            }
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("lensboard: the window could not be started: {err}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use lens::document::{Document, Edit};

    use super::*;

    fn bindings_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts")
    }

    fn generated_bindings() -> String {
        let out =
            std::env::temp_dir().join(format!("lensboard-bindings-{}.ts", std::process::id()));
        specta_builder()
            .export(specta_typescript::Typescript::default(), &out)
            .expect("the commands' types can be written as TypeScript");
        let text = std::fs::read_to_string(&out).expect("the exported bindings can be read back");
        let _ = std::fs::remove_file(&out);
        text
    }

    /// `ui/src/bindings.ts` is generated from the commands above and committed. Run
    /// `UPDATE_BINDINGS=1 cargo test -p lensboard bindings` to rewrite it after changing a command
    /// or a type that crosses IPC.
    #[test]
    fn bindings_are_up_to_date() {
        let generated = generated_bindings();
        let path = bindings_path();
        if std::env::var_os("UPDATE_BINDINGS").is_some_and(|v| v == "1") {
            std::fs::write(&path, &generated).expect("ui/src/bindings.ts can be written");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/bindings.ts is stale: a command or a type crossing IPC changed. \
             Regenerate it with `make bindings` (UPDATE_BINDINGS=1 cargo test -p lensboard bindings) and commit it."
        );
    }

    #[test]
    fn an_unknown_component_gets_its_own_code_and_names_the_id() {
        let id = lens::model::ComponentId::from("ghost");
        let err = AppError::from(lens::samples::RelabelError::UnknownComponent(id));
        assert_eq!(err.code, ErrorCode::UnknownComponent);
        assert!(
            err.message.contains("\"ghost\""),
            "the message names the id: {}",
            err.message
        );
    }

    #[test]
    fn a_relabel_error_keeps_its_message_and_gets_a_code() {
        let err = AppError::from(lens::samples::RelabelError::EmptyLabel);
        assert_eq!(err.code, ErrorCode::InvalidLabel);
        assert_eq!(err.message, "a component's label must not be empty");
        let json = serde_json::to_value(&err).expect("an AppError serializes");
        assert_eq!(
            json["code"], "invalid_label",
            "the UI switches on snake_case codes"
        );
    }

    #[test]
    fn document_errors_get_the_code_of_their_kind() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Document::open(&dir.path().join("gone.lensboard")).unwrap_err();
        assert_eq!(AppError::from(missing).code, ErrorCode::FileMissing);

        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello").unwrap();
        let foreign = Document::open(&text).unwrap_err();
        assert_eq!(AppError::from(foreign).code, ErrorCode::NotAReview);

        let mut doc = Document::empty();
        let no_path = doc.save().unwrap_err();
        assert_eq!(AppError::from(no_path).code, ErrorCode::NoPath);

        let unknown = doc
            .apply(Edit::RemoveComponent { id: "ghost".into() })
            .unwrap_err();
        let err = AppError::from(unknown);
        assert_eq!(err.code, ErrorCode::UnknownComponent);
        assert_eq!(err.message, "no component has the id \"ghost\"");

        let bad_kind = doc
            .apply(Edit::SetComponentKind {
                id: "ghost".into(),
                kind: "x".into(),
            })
            .unwrap_err();
        assert_eq!(AppError::from(bad_kind).code, ErrorCode::UnknownComponent);
    }

    #[test]
    fn review_workflow_refusals_get_their_own_codes() {
        let mut doc = Document::from_template("autonomous-call-center").unwrap();
        let finding = doc.findings()[0].id.clone();
        let refused = doc
            .decide(lens::review::Decision {
                finding,
                status: lens::review::DecisionStatus::Accepted,
                justification: String::new(),
                owner: "Ana".into(),
                date: "2026-11-25".into(),
                ticket: None,
            })
            .unwrap_err();
        assert_eq!(
            AppError::from(refused).code,
            ErrorCode::JustificationRequired
        );
        let missing = doc.diff(Some("v1"), None).unwrap_err();
        let err = AppError::from(missing);
        assert_eq!(err.code, ErrorCode::UnknownMilestone);
        assert!(err.message.contains("no milestones"), "{}", err.message);
        let template = Document::from_template("nope").unwrap_err();
        assert_eq!(AppError::from(template).code, ErrorCode::UnknownTemplate);
    }

    #[test]
    fn menu_actions_reach_the_ui_as_snake_case() {
        let json = serde_json::to_value(MenuAction {
            action: MenuItem::OpenRecent,
            path: Some("/tmp/a.lensboard".into()),
        })
        .unwrap();
        assert_eq!(json["action"], "open_recent");
    }
}
