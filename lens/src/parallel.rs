//! Two pieces of work at once, for the steps of loading and checking a large architecture that
//! split in two (a machine has two cores at least; the engine shares its rules out itself).

/// Runs `a` on the calling thread and `b` on a scoped helper thread, and returns both results. A
/// panic in `b` is a bug and is passed on as it is.
pub(crate) fn join<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B)
where
    B: Send,
{
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        let b = b
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// [`join`] when `parallel`, else `a` then `b` on the calling thread (for small inputs, where
/// starting a thread costs more than it saves).
pub(crate) fn join_if<A, B>(
    parallel: bool,
    a: impl FnOnce() -> A,
    b: impl FnOnce() -> B + Send,
) -> (A, B)
where
    B: Send,
{
    if parallel {
        join(a, b)
    } else {
        (a(), b())
    }
}
