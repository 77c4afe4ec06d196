//! `lens merge` and `lens git install` in a real git repository: two branches edit one review,
//! `git merge` runs the installed driver, `git diff` shows the review as text through the
//! textconv. git runs with a scratch HOME, no system configuration and a PATH holding only git,
//! so that the drivers call the `lens` under test by its absolute path and nothing of the
//! machine's git setup leaks in. Without git the tests say so and pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lens::merge::{ConflictReason, Side};
use lens::model::{FlowId, Value};
use lens::review::{Answer, AnswerValue, Decision, DecisionStatus, Review};
use lens::store;
use serde_json::json;

use super::elements::{component, flow};
use super::{base, cid, label};

/// A scratch repository with a PATH of git alone.
struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
    bin: PathBuf,
}

fn git_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("git"))
        .find(|p| p.is_file())
}

impl Repo {
    /// A new repository with a first commit of `review.lensboard`, or `None` without git.
    fn new(first: &Review) -> Option<Repo> {
        let Some(git) = git_on_path() else {
            eprintln!("SKIPPED: git is not installed (Debian: apt install git); the git driver tests need it");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let (root, home, bin) = (
            dir.path().join("repo"),
            dir.path().join("home"),
            dir.path().join("bin"),
        );
        for d in [&root, &home, &bin] {
            std::fs::create_dir(d).unwrap();
        }
        std::os::unix::fs::symlink(git, bin.join("git")).unwrap();
        let repo = Repo {
            _dir: dir,
            root,
            home,
            bin,
        };
        repo.ok(&["init", "-q", "-b", "main"]);
        repo.ok(&["config", "user.name", "Test"]);
        repo.ok(&["config", "user.email", "test@example.com"]);
        repo.ok(&["config", "commit.gpgsign", "false"]);
        repo.save(first);
        repo.ok(&["add", "review.lensboard"]);
        repo.ok(&["commit", "-q", "-m", "first review"]);
        Some(repo)
    }

    fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .current_dir(&self.root)
            .env_clear()
            .env("HOME", &self.home)
            .env("PATH", &self.bin)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LANG", "C");
        command
    }

    fn git(&self, args: &[&str]) -> Output {
        self.command(&self.bin.join("git"))
            .args(args)
            .output()
            .unwrap()
    }

    /// `git ARGS` that must succeed; its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.git(args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn lens(&self, args: &[&str]) -> Output {
        self.command(Path::new(env!("CARGO_BIN_EXE_lens")))
            .args(args)
            .output()
            .unwrap()
    }

    fn path(&self) -> PathBuf {
        self.root.join("review.lensboard")
    }

    fn save(&self, review: &Review) {
        store::save(review, &self.path()).unwrap();
    }

    fn open(&self) -> Review {
        store::open(&self.path()).expect("the review in the work tree opens")
    }

    /// Commits the review as changed by `edit` on the current branch.
    fn commit(&self, message: &str, edit: impl FnOnce(&mut Review)) {
        let mut review = self.open();
        edit(&mut review);
        self.save(&review);
        self.ok(&["commit", "-q", "-a", "-m", message]);
    }

    fn install(&self) -> String {
        let out = self.lens(&["git", "install"]);
        assert!(
            out.status.success(),
            "lens git install failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

fn decision(finding: &str) -> Decision {
    Decision {
        finding: finding.into(),
        status: DecisionStatus::Mitigated,
        justification: String::new(),
        owner: "Ben".into(),
        date: "2026-12-01".into(),
        ticket: None,
    }
}

#[test]
fn install_writes_the_attributes_line_once_and_the_drivers_with_this_lens() {
    let Some(repo) = Repo::new(&base()) else {
        return;
    };
    let said = repo.install();
    let lens = std::fs::canonicalize(env!("CARGO_BIN_EXE_lens")).unwrap();
    assert!(
        said.contains("added `*.lensboard diff=lensboard merge=lensboard`"),
        "{said}"
    );
    assert!(
        said.contains("no `lens` is on the PATH") && said.contains(lens.to_str().unwrap()),
        "it says which lens the drivers run: {said}"
    );
    let again = repo.install();
    assert!(again.contains("already has"), "{again}");
    let attributes = std::fs::read_to_string(repo.root.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.lensboard diff=lensboard merge=lensboard\n");
    let driver = repo.ok(&["config", "--local", "merge.lensboard.driver"]);
    assert_eq!(
        driver.trim(),
        format!("{} merge %O %A %B --output %A", lens.display())
    );
    let textconv = repo.ok(&["config", "--local", "diff.lensboard.textconv"]);
    assert_eq!(
        textconv.trim(),
        format!("{} export --to review-json", lens.display())
    );
    assert!(
        !repo.home.join(".gitconfig").exists(),
        "the user's configuration is untouched without --global"
    );
}

#[test]
fn install_global_writes_the_users_configuration_and_outside_a_repository_needs_it() {
    let Some(repo) = Repo::new(&base()) else {
        return;
    };
    let outside = repo.home.clone();
    let mut command = repo.command(Path::new(env!("CARGO_BIN_EXE_lens")));
    let out = command
        .current_dir(&outside)
        .args(["git", "install"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside a git repository"));
    let mut command = repo.command(Path::new(env!("CARGO_BIN_EXE_lens")));
    let out = command
        .current_dir(&outside)
        .args(["git", "install", "--global"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = std::fs::read_to_string(repo.home.join(".gitconfig")).unwrap();
    assert!(
        config.contains("[merge \"lensboard\"]") && config.contains("textconv"),
        "{config}"
    );
}

#[test]
fn git_merge_through_the_driver_keeps_both_branches_changes_and_records_the_conflict() {
    let Some(repo) = Repo::new(&base()) else {
        return;
    };
    repo.install();
    repo.ok(&["add", ".gitattributes"]);
    repo.ok(&["commit", "-q", "-m", "review files merge with lens"]);

    repo.ok(&["checkout", "-q", "-b", "theirs"]);
    repo.commit("theirs", |r| {
        let a = &mut r.architecture;
        a.set_component_label(&cid("llm"), "Claude 4").unwrap();
        a.add_component(component("guard", "guardrail")).unwrap();
        a.add_flow(flow("f9", "chat", "guard")).unwrap();
        a.set_component_label(&cid("chat"), "Theirs").unwrap();
        r.decide(decision("genai/rule@llm")).unwrap();
    });
    repo.ok(&["checkout", "-q", "main"]);
    repo.commit("ours", |r| {
        let a = &mut r.architecture;
        a.set_component_label(&cid("chat"), "Ours").unwrap();
        a.set_flow_property(&FlowId::from("f1"), "encrypted", Some(Value::Bool(true)))
            .unwrap();
        r.answers.insert(
            "genai/checklist/user-feedback".into(),
            Answer {
                item: "genai/checklist/user-feedback".into(),
                answer: AnswerValue::Yes,
                note: String::new(),
            },
        );
    });

    let out = repo.git(&["merge", "--no-edit", "theirs"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "a conflict stops the merge: {said}");
    assert!(
        said.contains("CONFLICT") && said.contains("review.lensboard"),
        "{said}"
    );
    assert!(
        said.contains(r#"components["chat"].label"#),
        "the driver lists it: {said}"
    );

    let merged = repo.open();
    let a = &merged.architecture;
    assert_eq!(a.component(&cid("llm")).unwrap().label, "Claude 4");
    assert!(a.component(&cid("guard")).is_some() && a.flow(&FlowId::from("f9")).is_some());
    assert_eq!(
        a.flow(&FlowId::from("f1"))
            .unwrap()
            .properties
            .get("encrypted"),
        Some(&Value::Bool(true))
    );
    assert!(merged.decisions.contains_key("genai/rule@llm"));
    assert!(merged.answers.contains_key("genai/checklist/user-feedback"));
    assert_eq!(a.component(&cid("chat")).unwrap().label, "Ours");
    assert_eq!(merged.conflicts.len(), 1);
    let c = &merged.conflicts[0];
    assert_eq!(c.reason, ConflictReason::BothChanged);
    assert_eq!(c.theirs, Some(json!("Theirs")));

    // Resolving and committing finishes the merge.
    store::conflicts::resolve(&repo.path(), 0, Side::Theirs).unwrap();
    repo.ok(&["add", "review.lensboard"]);
    repo.ok(&["commit", "-q", "--no-edit"]);
    let done = repo.open();
    assert!(done.conflicts.is_empty());
    assert_eq!(label(&done, "chat"), "Theirs");
}

#[test]
fn git_merge_of_changes_that_do_not_conflict_completes_on_its_own_with_lens_from_the_path() {
    let Some(repo) = Repo::new(&base()) else {
        return;
    };
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_lens"), repo.bin.join("lens")).unwrap();
    let said = repo.install();
    assert!(
        said.contains("the drivers run `lens` from the PATH"),
        "{said}"
    );
    let driver = repo.ok(&["config", "--local", "merge.lensboard.driver"]);
    assert_eq!(driver.trim(), "lens merge %O %A %B --output %A");
    repo.ok(&["checkout", "-q", "-b", "theirs"]);
    repo.commit("theirs", |r| {
        r.architecture
            .set_component_label(&cid("llm"), "Claude 4")
            .unwrap();
    });
    repo.ok(&["checkout", "-q", "main"]);
    repo.commit("ours", |r| {
        r.architecture
            .set_component_label(&cid("chat"), "Web chat")
            .unwrap();
    });
    repo.ok(&["merge", "-q", "--no-edit", "theirs"]);
    let merged = repo.open();
    assert!(merged.conflicts.is_empty());
    assert_eq!(label(&merged, "llm"), "Claude 4");
    assert_eq!(label(&merged, "chat"), "Web chat");
    assert_eq!(repo.ok(&["status", "--porcelain"]), "?? .gitattributes\n");
}

#[test]
fn git_diff_shows_a_changed_review_as_review_json() {
    let Some(repo) = Repo::new(&base()) else {
        return;
    };
    repo.install();
    let mut review = repo.open();
    review
        .architecture
        .set_component_label(&cid("llm"), "Claude 4")
        .unwrap();
    repo.save(&review);
    let diff = repo.ok(&["diff", "review.lensboard"]);
    assert!(!diff.contains("Binary files"), "{diff}");
    assert!(
        diff.lines()
            .any(|l| l.starts_with('+') && l.contains(r#""label": "Claude 4""#)),
        "{diff}"
    );
    assert!(
        diff.lines()
            .any(|l| l.starts_with('-') && l.contains(r#""label": "Claude on Bedrock""#)),
        "{diff}"
    );
    let changed = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .count();
    assert_eq!(changed, 2, "only the label's line changed: {diff}");
}
