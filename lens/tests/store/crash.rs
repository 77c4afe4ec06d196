//! Crash safety of saving: a child process saves a large-ish review over the same file in a loop,
//! alternating between two different architectures of 1,000 components, and is killed with SIGKILL at random moments,
//! 200 times. After every kill the file must open and hold exactly one of the two architectures.
//!
//! The child is this test binary itself, re-run with `LENS_CRASH_CHILD` set so that the ignored
//! test `crash_child_saves_in_a_loop` runs its loop (it does nothing without the variable).

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use lens::review::Review;
use lens::{json, store, Architecture};

const CHILD_VAR: &str = "LENS_CRASH_CHILD";
const KILLS: usize = 200;
const COMPONENTS: usize = 1000;
const READY: &str = "crash child: saving";

fn architecture(seed: u64) -> Architecture {
    Architecture::from_data_checked(lens::samples::generated(COMPONENTS, seed))
        .expect("generated architectures are valid")
}

#[test]
#[ignore = "the child of saving_survives_being_killed_at_any_moment; does nothing on its own"]
fn crash_child_saves_in_a_loop() {
    let Some(path) = std::env::var_os(CHILD_VAR).map(PathBuf::from) else {
        return;
    };
    let reviews = [Review::new(architecture(2)), Review::new(architecture(1))];
    // Tell the parent that the saves start now, so that its kills land on saves.
    println!("{READY}");
    std::io::Write::flush(&mut std::io::stdout()).expect("stdout is the parent's pipe");
    for i in 0.. {
        store::save(&reviews[i % 2], &path).expect("the child's save succeeds");
    }
}

/// xorshift64: enough randomness for kill delays, with a printed seed to replay a failure.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The child test's name as the test harness knows it: its module path without the crate name.
fn child_test_name() -> String {
    let module = module_path!().split_once("::").map_or("", |(_, rest)| rest);
    match module {
        "" => "crash_child_saves_in_a_loop".to_owned(),
        m => format!("{m}::crash_child_saves_in_a_loop"),
    }
}

fn spawn_child(path: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().expect("the test binary's path"))
        .args([
            child_test_name().as_str(),
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_VAR, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the child starts")
}

#[test]
fn saving_survives_being_killed_at_any_moment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.lensboard");
    let old = json::export_architecture(&architecture(1));
    let new = json::export_architecture(&architecture(2));

    // How long one save takes here, to spread the kills over whole saves.
    let started = Instant::now();
    store::save(&Review::new(architecture(1)), &path).unwrap();
    let one_save = started.elapsed().as_micros() as u64;

    let seed = std::env::var("LENS_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("crash test: seed {seed} (LENS_CRASH_SEED), one save takes {one_save} µs");
    let mut rng = Rng(seed);

    let (mut saw_old, mut saw_new) = (0, 0);
    for kill in 0..KILLS {
        let mut child = spawn_child(&path);
        let stdout = child.stdout.take().expect("the child's stdout is piped");
        let ready = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|line| line == READY);
        assert!(ready, "the child started saving");
        // Every save takes about `one_save`: kill anywhere in the first two.
        let delay = rng.below(one_save * 2 + 1);
        std::thread::sleep(Duration::from_micros(delay));
        child.kill().expect("SIGKILL is delivered");
        child.wait().unwrap();

        let opened = store::open(&path).unwrap_or_else(|e| {
            panic!("after kill {kill} (seed {seed}, {delay} µs) the file does not open: {e}")
        });
        let text = json::export_architecture(&opened.architecture);
        if text == old {
            saw_old += 1;
        } else if text == new {
            saw_new += 1;
        } else {
            panic!("after kill {kill} (seed {seed}, {delay} µs) the file holds neither review");
        }
    }
    eprintln!("crash test: {saw_old} kills left the first review, {saw_new} the second");
    assert!(
        saw_old > 0 && saw_new > 0,
        "kills landed both before and after a completed save ({saw_old} / {saw_new}); \
         otherwise the test did not exercise the save"
    );
    // Killed saves may leave temporary files; they never hide the review.
    let strays = std::fs::read_dir(dir.path()).unwrap().count() - 1;
    eprintln!("crash test: {strays} stray temporary files");
}
