//! `lens git install [--global]`: makes git diff review files as text and merge them with `lens
//! merge`, so that reviews are shared like code.
//!
//! It writes two things:
//!
//! - the line `*.lensboard diff=lensboard merge=lensboard` in the `.gitattributes` of the
//!   repository around the current directory (once: a line already there is not repeated). This
//!   file is committed, so every clone knows which files the drivers are for;
//! - the drivers in git's configuration, the repository's own (`.git/config`) or, with
//!   `--global`, the user's (`~/.gitconfig`), since git never takes commands from a repository:
//!   `diff.lensboard.textconv = lens export --to review-json` (git appends the file's path) and
//!   `merge.lensboard.driver = lens merge %O %A %B --output %A` with its `merge.lensboard.name`.
//!   Setting them again replaces them.
//!
//! The drivers call `lens` by name when a `lens` is on the `PATH` (the Debian package installs
//! `/usr/bin/lens`), so that they keep working when Lensboard is updated; otherwise they call this
//! `lens` by its absolute path. The output says which. With `--global` outside any repository,
//! only the configuration is written. git itself is run as a program (`git config`, `git
//! rev-parse --show-toplevel`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::store::{self, WriteFailure};

/// The arguments of `lens git`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: GitCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum GitCommand {
    /// Set up git to diff review files as review JSON and merge them with `lens merge`.
    ///
    /// Adds `*.lensboard diff=lensboard merge=lensboard` to the repository's .gitattributes
    /// (commit it) and sets the diff and merge drivers in the repository's git configuration, or
    /// in your own with --global. Safe to run again.
    Install(InstallArgs),
}

#[derive(Debug, clap::Args)]
pub struct InstallArgs {
    /// Set the drivers in your global git configuration (~/.gitconfig) instead of the
    /// repository's; the .gitattributes line is still added when run inside a repository.
    #[arg(long)]
    pub global: bool,
}

/// The `.gitattributes` line that routes review files to the drivers.
pub const ATTRIBUTES_LINE: &str = "*.lensboard diff=lensboard merge=lensboard";

/// Why `lens git install` stopped.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("git could not be run ({0}); install git (Debian: apt install git) and try again")]
    NoGit(std::io::Error),
    #[error("`git {args}` failed: {message}")]
    Failed { args: String, message: String },
    #[error(
        "the current directory is not inside a git repository; run `lens git install` in one, \
         or `lens git install --global` to set up the drivers for every repository"
    )]
    NotARepository,
    #[error("could not read \"{path}\": {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] store::StoreError),
}

pub fn run(args: Args) -> ExitCode {
    match args.command {
        GitCommand::Install(install_args) => match install(&install_args) {
            Ok(report) => super::print(&report),
            Err(e) => super::fail(&e),
        },
    }
}

/// How the drivers call `lens`, and what to tell the user about it.
struct LensCommand {
    command: String,
    note: String,
}

fn lens_command() -> LensCommand {
    if let Some(found) = on_path("lens") {
        return LensCommand {
            command: "lens".into(),
            note: format!(
                "the drivers run `lens` from the PATH (now {})",
                found.display()
            ),
        };
    }
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::canonicalize(&p).ok().or(Some(p)));
    match exe {
        Some(exe) => LensCommand {
            command: shell_quote(&exe.to_string_lossy()),
            note: format!(
                "no `lens` is on the PATH, so the drivers run this one by its full path ({}); \
                 run `lens git install` again if it moves",
                exe.display()
            ),
        },
        None => LensCommand {
            command: "lens".into(),
            note: "the drivers run `lens`, which must be on the PATH when git runs them".into(),
        },
    }
}

/// The first executable file named `name` in the directories of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// `text` as one word for the shell git runs drivers with.
fn shell_quote(text: &str) -> String {
    if text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Runs git with `args` (in `dir` when given) and returns its standard output, trimmed.
fn git<I, S>(dir: Option<&Path>, args: I) -> Result<String, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<S> = args.into_iter().collect();
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.args(&args).output().map_err(GitError::NoGit)?;
    if !output.status.success() {
        let shown: Vec<String> = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect();
        return Err(GitError::Failed {
            args: shown.join(" "),
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The top directory of the repository around the current directory, if there is one.
fn repository_root() -> Result<Option<PathBuf>, GitError> {
    git(None, ["--version"])?;
    match git(None, ["rev-parse", "--show-toplevel"]) {
        Ok(root) if !root.is_empty() => Ok(Some(PathBuf::from(root))),
        Ok(_) | Err(GitError::Failed { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Does the installation and returns what it did, for people.
fn install(args: &InstallArgs) -> Result<String, GitError> {
    let root = repository_root()?;
    let mut report = String::new();
    let (scope, place) = match (&root, args.global) {
        (_, true) => ("--global", "your global git configuration".to_owned()),
        (Some(root), false) => (
            "--local",
            format!("the git configuration of {}", root.display()),
        ),
        (None, false) => return Err(GitError::NotARepository),
    };
    match &root {
        Some(root) => report.push_str(&add_attributes_line(root)?),
        None => report.push_str(
            "not inside a git repository: no .gitattributes was changed; add the line \
             `*.lensboard diff=lensboard merge=lensboard` to each repository's .gitattributes\n",
        ),
    }
    let lens = lens_command();
    let settings = [
        (
            "diff.lensboard.textconv",
            format!("{} export --to review-json", lens.command),
        ),
        (
            "merge.lensboard.name",
            "Lensboard review merge (lens merge)".to_owned(),
        ),
        (
            "merge.lensboard.driver",
            format!("{} merge %O %A %B --output %A", lens.command),
        ),
    ];
    report.push_str(&format!("set in {place}:\n"));
    for (key, value) in &settings {
        git(root.as_deref(), ["config", scope, key, value.as_str()])?;
        report.push_str(&format!("  {key} = {value}\n"));
    }
    report.push_str(&lens.note);
    report.push('\n');
    if root.is_some() {
        report.push_str(
            "commit .gitattributes; each person sets up the drivers once with \
             `lens git install --global` (or `lens git install` in the repository)\n",
        );
    }
    Ok(report)
}

/// Adds [`ATTRIBUTES_LINE`] to `root/.gitattributes` unless it is there; says what it did.
fn add_attributes_line(root: &Path) -> Result<String, GitError> {
    let path = root.join(".gitattributes");
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(GitError::Read { path, source }),
    };
    if existing.lines().any(|l| l.trim() == ATTRIBUTES_LINE) {
        return Ok(format!(
            "{} already has `{ATTRIBUTES_LINE}`\n",
            path.display()
        ));
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(ATTRIBUTES_LINE);
    text.push('\n');
    store::write_atomically(&path, |temp| {
        std::fs::write(temp, text.as_bytes()).map_err(WriteFailure::Io)
    })?;
    Ok(format!("added `{ATTRIBUTES_LINE}` to {}\n", path.display()))
}
