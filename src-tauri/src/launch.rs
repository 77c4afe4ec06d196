//! Files named on the command line: `lensboard path/to/review.lensboard` starts on that review,
//! and a second launch (a double-click in the file manager while the app runs) hands its file to
//! the running app through the single-instance plugin instead of opening another window.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use lens::document::Document;
use lens::review::Review;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Wry};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
use tauri_specta::Event;

use crate::error::AppError;
use crate::events::{MenuAction, MenuItem};

/// The first argument that makes the app's binary the `lens` command-line tool.
pub const CLI_FLAG: &str = "--lens-cli";

/// The `lens` command line in `args` (the binary's whole command line, program first) when its
/// first argument is [`CLI_FLAG`]: the program named `lens`, then the arguments after the flag.
pub fn cli_args<I: IntoIterator<Item = OsString>>(args: I) -> Option<Vec<OsString>> {
    let mut args = args.into_iter();
    let _program = args.next();
    if args.next()? != CLI_FLAG {
        return None;
    }
    Some(
        std::iter::once(OsString::from("lens"))
            .chain(args)
            .collect(),
    )
}

/// The file a command line names: its first argument that is not an option, made absolute
/// against `cwd` (the directory the launch happened in; a second instance's differs from the
/// running app's). `args` excludes the program. Options (`-x`, `--x`: GTK's and WebKit's own,
/// or a desktop environment's) are skipped; after `--` every argument is a file.
pub fn file_argument<I, S>(args: I, cwd: &Path) -> Option<PathBuf>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let mut options_ended = false;
    for arg in args {
        let arg: OsString = arg.into();
        if !options_ended {
            if arg == "--" {
                options_ended = true;
                continue;
            }
            if arg.to_string_lossy().starts_with('-') {
                continue;
            }
        }
        if arg.is_empty() {
            continue;
        }
        return Some(cwd.join(arg));
    }
    None
}

/// The review the window starts with: the file named on the command line when there is one and
/// it opens, otherwise the built-in sample. When the file does not open, the second value says
/// why, for the user.
pub fn first_document(file: Option<&Path>) -> (Document, Option<String>) {
    let Some(file) = file else {
        return (sample(), None);
    };
    match Document::open(file) {
        Ok(document) => (document, None),
        Err(err) => {
            let message = AppError::from(err).message;
            (
                sample(),
                Some(format!(
                    "Lensboard could not open {}.\n\n{message}\n\nThe sample architecture is shown instead.",
                    file.display()
                )),
            )
        }
    }
}

/// The built-in sample, as a new review without a file.
fn sample() -> Document {
    match lens::Architecture::from_data_checked(lens::samples::support_assistant()) {
        Ok(architecture) => Document::new(Review::new(architecture)),
        Err(_) => Document::empty(),
    }
}

/// Tells the user, in a dialog over the window, why the file given at start-up did not open.
pub fn show_failure(app: &AppHandle, message: String) {
    eprintln!("lensboard: {message}");
    app.dialog()
        .message(message)
        .title("Could not open the file")
        .kind(MessageDialogKind::Error)
        .show(|_| {});
}

/// The single-instance plugin: a launch while the app runs calls [`second_instance`] in the
/// running app and exits. Debug builds (`make run`, the e2e tests) register under a name of their
/// own, so that they never hand their file to an installed Lensboard on the same desktop.
pub fn single_instance() -> TauriPlugin<Wry> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(second_instance);
    #[cfg(debug_assertions)]
    let builder = builder.dbus_id("dev.lensboard.app.debug");
    builder.build()
}

/// A second launch of the app (with the arguments and working directory of that launch): brings
/// the window to the front and opens the file it names the way File › Open Recent does, so the
/// UI asks about unsaved changes first and reports a file that does not open.
pub fn second_instance(app: &AppHandle, args: Vec<String>, cwd: String) {
    if let Some(window) = app.get_webview_window("main") {
        // Focus is a courtesy; the file still opens when the window manager refuses it.
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let Some(file) = file_argument(args.into_iter().skip(1), Path::new(&cwd)) else {
        return;
    };
    let open = MenuAction {
        action: MenuItem::OpenRecent,
        path: Some(file.display().to_string()),
    };
    if let Err(err) = open.emit(app) {
        eprintln!("lensboard: the file from a second launch could not reach the window: {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cwd() -> PathBuf {
        PathBuf::from("/home/ana/reviews")
    }

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_cli_flag_first_makes_the_binary_the_lens_cli() {
        assert_eq!(
            cli_args(os(&[
                "/usr/bin/lensboard",
                "--lens-cli",
                "check",
                "a.lensboard"
            ])),
            Some(os(&["lens", "check", "a.lensboard"]))
        );
        assert_eq!(
            cli_args(os(&["lensboard", "--lens-cli"])),
            Some(os(&["lens"]))
        );
    }

    #[test]
    fn without_the_cli_flag_first_the_binary_is_the_app() {
        assert_eq!(cli_args(os(&["lensboard"])), None);
        assert_eq!(cli_args(os(&["lensboard", "a.lensboard"])), None);
        assert_eq!(
            cli_args(os(&["lensboard", "a.lensboard", "--lens-cli"])),
            None,
            "only the first argument counts"
        );
    }

    #[test]
    fn the_cli_command_line_parses_as_lens() {
        use clap::Parser;
        let args = cli_args(os(&[
            "lensboard",
            "--lens-cli",
            "rules",
            "--format",
            "json",
        ]))
        .expect("the flag is first");
        assert!(lens::cli::Cli::try_parse_from(args).is_ok());
        let version = lens::cli::Cli::try_parse_from(
            cli_args(os(&["lensboard", "--lens-cli", "--version"])).unwrap(),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            version.trim(),
            format!("lens {}", env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn no_arguments_name_no_file() {
        assert_eq!(file_argument(Vec::<String>::new(), &cwd()), None);
    }

    #[test]
    fn a_relative_file_is_taken_from_the_directory_of_the_launch() {
        assert_eq!(
            file_argument(["rag.lensboard"], &cwd()),
            Some(PathBuf::from("/home/ana/reviews/rag.lensboard"))
        );
        assert_eq!(
            file_argument(["../old/rag.json"], &cwd()),
            Some(PathBuf::from("/home/ana/reviews/../old/rag.json"))
        );
    }

    #[test]
    fn an_absolute_file_stays_as_it_is() {
        assert_eq!(
            file_argument(["/srv/a.lensboard"], &cwd()),
            Some(PathBuf::from("/srv/a.lensboard"))
        );
    }

    #[test]
    fn options_are_skipped_and_the_first_file_wins() {
        assert_eq!(
            file_argument(
                ["--automation", "-v", "", "a.lensboard", "b.lensboard"],
                &cwd()
            ),
            Some(PathBuf::from("/home/ana/reviews/a.lensboard"))
        );
        assert_eq!(file_argument(["--sync", "-x"], &cwd()), None);
    }

    #[test]
    fn after_a_double_dash_a_file_may_start_with_a_dash() {
        assert_eq!(
            file_argument(["--", "-draft.lensboard"], &cwd()),
            Some(PathBuf::from("/home/ana/reviews/-draft.lensboard"))
        );
    }

    #[test]
    fn without_a_file_the_window_starts_on_the_sample() {
        let (document, failure) = first_document(None);
        assert_eq!(failure, None);
        assert_eq!(document.path(), None);
        assert!(
            document.architecture().components().next().is_some(),
            "the sample has components"
        );
    }

    #[test]
    fn a_review_file_given_at_start_up_is_opened_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("call-center.lensboard");
        let mut review = Document::from_template("autonomous-call-center").unwrap();
        review.save_as(&file).unwrap();

        let (document, failure) = first_document(Some(&file));
        assert_eq!(failure, None);
        assert_eq!(document.path(), Some(file.as_path()));
        assert_eq!(document.window_title(), "call-center — Lensboard");
        assert_eq!(
            document.architecture().components().count(),
            review.architecture().components().count()
        );
    }

    #[test]
    fn architecture_json_given_at_start_up_is_imported_without_a_path() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/reference/agentic-rag-ungoverned.json");
        let (document, failure) = first_document(Some(&file));
        assert_eq!(failure, None);
        assert_eq!(
            document.path(),
            None,
            "saving asks where, as after an import"
        );
        assert!(document.architecture().components().next().is_some());
    }

    #[test]
    fn a_missing_or_damaged_file_falls_back_to_the_sample_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone.lensboard");
        let (document, failure) = first_document(Some(&missing));
        let failure = failure.expect("a missing file is reported");
        assert!(failure.contains("gone.lensboard"), "{failure}");
        assert_eq!(document.path(), None);
        assert_eq!(
            document.architecture().components().count(),
            sample().architecture().components().count(),
            "the sample is shown instead"
        );

        let damaged = dir.path().join("damaged.lensboard");
        std::fs::write(&damaged, b"SQLite format 3\0 but not really").unwrap();
        let (_, failure) = first_document(Some(&damaged));
        let failure = failure.expect("a damaged file is reported");
        assert!(failure.contains("damaged.lensboard"), "{failure}");
        assert!(failure.contains("sample architecture"), "{failure}");
    }
}
