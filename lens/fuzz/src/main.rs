//! `lens-fuzz TARGET [FILE]`: runs one fuzz target on FILE (or standard input) and aborts on a
//! panic, which is how AFL++ tells a crash from a refusal. `lens-fuzz --list` names the targets.
//!
//! Built by `make fuzz` with coverage instrumentation and `--cfg lens_afl`, it runs under AFL++
//! in persistent mode: the fork server starts after the catalog and the built-in pack are loaded,
//! and each process runs many inputs. Built plainly, it runs one input: that is how a crash that
//! AFL++ found is reproduced (`lens-fuzz review-file tests/fuzz/crashes/review-file/…`).

use std::io::Read;
use std::process::ExitCode;

use lens_fuzz::{target, Target, TARGETS};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (name, file) = match args.as_slice() {
        [flag] if flag == "--list" => {
            for target in TARGETS {
                println!("{:<20} {}", target.name, target.about);
            }
            return ExitCode::SUCCESS;
        }
        [name] => (name, None),
        [name, file] => (name, Some(file)),
        _ => {
            eprintln!("usage: lens-fuzz TARGET [FILE]   (lens-fuzz --list names the targets)");
            return ExitCode::from(2);
        }
    };
    let Some(target) = target(name) else {
        eprintln!("lens-fuzz: no target {name:?} (lens-fuzz --list names the targets)");
        return ExitCode::from(2);
    };
    // A panic must end the process with a signal: AFL++ counts only those as crashes.
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        report(info);
        std::process::abort();
    }));
    match file {
        Some(file) => match std::fs::read(file) {
            Ok(bytes) => (target.run)(&bytes),
            Err(e) => {
                eprintln!("lens-fuzz: cannot read {file}: {e}");
                return ExitCode::from(2);
            }
        },
        None => run_from_stdin(target),
    }
    ExitCode::SUCCESS
}

#[cfg(not(lens_afl))]
fn run_from_stdin(target: &Target) {
    let mut bytes = Vec::new();
    if std::io::stdin().read_to_end(&mut bytes).is_ok() {
        (target.run)(&bytes);
    }
}

#[cfg(lens_afl)]
fn run_from_stdin(target: &Target) {
    afl::run(target);
}

/// AFL++'s persistent mode: the two functions of its runtime (`afl-compiler-rt.o`, linked by
/// `make fuzz`) and the two markers `afl-fuzz` looks for in the binary to use them.
#[cfg(lens_afl)]
#[allow(unsafe_code)]
mod afl {
    use super::{Read, Target};

    #[used]
    static PERSISTENT: [u8; 23] = *b"##SIG_AFL_PERSISTENT##\0";
    #[used]
    static DEFERRED: [u8; 26] = *b"##SIG_AFL_DEFER_FORKSRV##\0";

    extern "C" {
        fn __afl_manual_init();
        fn __afl_persistent_loop(count: u32) -> i32;
    }

    pub fn run(target: &Target) {
        lens_fuzz::warm_up();
        // SAFETY: both are plain C functions of AFL++'s runtime, called from one thread, in the
        // order its documentation gives (init once, then the loop).
        unsafe { __afl_manual_init() };
        let mut bytes = Vec::new();
        while unsafe { __afl_persistent_loop(10_000) } != 0 {
            bytes.clear();
            if std::io::stdin().read_to_end(&mut bytes).is_ok() {
                (target.run)(&bytes);
            }
        }
    }
}
