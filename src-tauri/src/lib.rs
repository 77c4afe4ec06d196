//! The Lensboard desktop shell: a Tauri window over the `lens` crate. It holds the editing
//! session (`lens::document::Session`: the open review, its recovery autosave, the recent files)
//! in managed state ([`Session`]) and exposes typed commands over it; the TypeScript bindings for
//! them (`ui/src/bindings.ts`) are generated from this crate by the `bindings_are_up_to_date`
//! test, with the constants the UI follows (error summaries, limits). It adds what only a desktop
//! shell can: the native menu bar, the window title, the close prompt, the autosave timer, the
//! dialog plugin the UI uses to ask for file names, and the files named on the command line
//! (one running app: a second launch hands its file over).

mod commands;
mod error;
mod events;
mod launch;
mod menu;
mod session;

use lens::document::{Audience, ReportFormat};
use lens::review::DecisionStatus;
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
            commands::templates,
            commands::new_from_template,
            commands::decide_finding,
            commands::reopen_finding,
            commands::answer_checklist,
            commands::lens_view,
            commands::save_milestone,
            commands::milestones,
            commands::diff_milestone,
            commands::resolve_conflict,
            commands::file_milestones,
            commands::compare_with_file,
            commands::export_report,
            commands::import_file,
            commands::export_file,
            commands::today,
            commands::set_menu_context,
        ])
        .events(tauri_specta::collect_events![MenuAction, CloseRequested])
        .typ::<AppError>()
        // A command resolves to its value or rejects with its `AppError`, as any promise does:
        // the UI awaits commands and reads the rejection's code, so it unwraps no result objects.
        .error_handling(tauri_specta::ErrorHandlingMode::Throw)
        // The rules the UI follows, from the library that enforces them, so that the UI keeps
        // no copy: the sentence for each error code, the label limit, the report file types of
        // the export dialog (`export_report` goes by the extension) and the audiences with the
        // formats each takes, the decision statuses that need a justification, and the
        // responsible-AI dimensions with their titles, in the lens's order (the findings panel's
        // filter).
        .constant("ERROR_SUMMARIES", ErrorCode::summaries())
        .constant("MAX_LABEL_CHARS", lens::model::MAX_LABEL_CHARS)
        .constant("DIMENSIONS", lens::practices::Dimension::titles())
        .constant("REPORT_FILE_TYPES", ReportFormat::FILE_TYPES)
        .constant("REPORT_AUDIENCES", Audience::INFO)
        .constant("EXPORT_FORMATS", lens::exchange::ExportFormat::INFO)
        .constant("SOURCE_KINDS", lens::exchange::SourceKind::INFO)
        .constant(
            "JUSTIFICATION_REQUIRED_FOR",
            DecisionStatus::requiring_justification(),
        )
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
            let session = Session::new(
                document,
                &app.path().app_config_dir()?,
                &app.path().app_data_dir()?,
            );
            let title = session.lock().document().window_title();
            app.manage(session);
            let handle = app.handle();
            let session = app.state::<Session>();
            session.show_recent(handle);
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
        // A directory of its own per call: tests run in parallel in one process.
        let dir = tempfile::tempdir().expect("a temporary directory");
        let out = dir.path().join("bindings.ts");
        specta_builder()
            .export(specta_typescript::Typescript::default(), &out)
            .expect("the commands' types can be written as TypeScript");
        std::fs::read_to_string(&out).expect("the exported bindings can be read back")
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
    fn a_command_error_carries_the_code_and_the_message_of_the_lens_error() {
        let mut doc = Document::empty();
        let err = AppError::from(
            doc.apply(Edit::RemoveComponent { id: "ghost".into() })
                .unwrap_err(),
        );
        assert_eq!(err.code, ErrorCode::UnknownComponent);
        assert_eq!(err.message, "no component has the id \"ghost\"");
        assert_eq!(err.path, None, "the summary says it: the UI shows it");
        let json = serde_json::to_value(&err).expect("an AppError serializes");
        assert_eq!(
            json["code"], "unknown_component",
            "the UI switches on snake_case codes"
        );
    }

    #[test]
    fn an_error_that_names_a_file_carries_it_for_the_ui_to_show_the_message() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone.lensboard");
        let err = AppError::from(Document::open(&gone).unwrap_err());
        assert_eq!(err.code, ErrorCode::FileMissing);
        assert_eq!(err.path, Some(gone.display().to_string()));
        assert!(err.message.contains("gone.lensboard"), "{}", err.message);

        let json = dir.path().join("bad.json");
        std::fs::write(
            &json,
            r#"{"format":"lensboard/architecture","version":1,"name":"x","boundaries":[],"components":[{"id":"a"}],"flows":[]}"#,
        )
        .unwrap();
        let err = AppError::from(Document::open(&json).unwrap_err());
        assert_eq!(err.code, ErrorCode::InvalidArchitecture);
        assert_eq!(
            err.path.as_deref(),
            Some("components[0]"),
            "the JSON path of the field in error: {}",
            err.message
        );
    }

    /// The constants exported into the bindings are what the UI reads instead of its own copies.
    #[test]
    fn the_bindings_export_a_summary_for_every_code_and_the_rules_of_the_library() {
        let bindings = generated_bindings();
        for &code in ErrorCode::ALL {
            let name = serde_json::to_value(code).unwrap();
            let entry = format!("{name}:{}", serde_json::to_value(code.summary()).unwrap());
            assert!(bindings.contains(&entry), "{entry} is in ERROR_SUMMARIES");
        }
        assert!(bindings.contains("export const MAX_LABEL_CHARS = 4096 as const;"));
        assert!(bindings.contains(
            r#"export const DIMENSIONS = [{"id":"fairness","title":"Fairness"},{"id":"explainability","title":"Explainability"},{"id":"privacy_security","title":"Privacy and security"},"#
        ));
        assert!(bindings.contains(
            r#"export const JUSTIFICATION_REQUIRED_FOR = ["accepted","false_positive"] as const;"#
        ));
        assert!(bindings.contains(
            r#"{"format":"md","name":"Markdown report","extensions":["md","markdown"]}"#
        ));
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
