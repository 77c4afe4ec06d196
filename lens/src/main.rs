//! The `lens` command-line tool; everything lives in [`lens::cli`].

/// A large check allocates its findings on the evaluation threads and frees them on the thread
/// that writes the report (BENCHMARKS.md, "Scale"); mimalloc frees across threads without the
/// lock contention of glibc's arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    lens::cli::main()
}
