//! The Lensboard desktop shell: a Tauri window over the `lens` crate. It holds the open
//! architecture in managed state and exposes typed commands; the TypeScript bindings for them
//! (`ui/src/bindings.ts`) are generated from this crate by the `bindings_are_up_to_date` test.

mod commands;
mod error;

pub use commands::OpenArchitecture;
pub use error::{AppError, ErrorCode};

/// Every command the UI may call, with the types they use, for the invoke handler and the bindings.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::current_architecture,
            commands::rename_component,
        ])
        .typ::<AppError>()
}

/// Starts the app on the built-in sample architecture.
pub fn run() {
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .manage(OpenArchitecture::new(lens::samples::support_assistant()))
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("lensboard: the window could not be started: {err}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

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
}
