//! The whole built-in pack over generated architectures of 1k, 10k and 100k components (about two
//! flows per component, with boundaries, agents, guardrails, tools and loops mixed in:
//! `lens::samples::generated`). Goal on a 2-core machine, release build: ≤ 20 ms at 10k and
//! ≤ 250 ms at 100k, growing at most 12× per 10× components.
//!
//! Two workloads: *stress* (`lens::samples::generated`: random properties and pipeline-shaped
//! random flows, so ~2.8 findings per component with witness paths that grow with n) and
//! *systems* (`lens::samples::generated_systems`: copies of the built-in templates, sparsely
//! linked, with occasional gaps — what a large real architecture looks like).
//!
//! `cargo bench -p lens --bench engine` (a criterion filter `pack/` picks stress, `systems` the
//! other); with `LENS_BENCH_RULES=1` it first prints the time of
//! each rule on its own at 10k and 100k components (`LENS_BENCH_RULE=text`: only rules whose id
//! contains it), `LENS_BENCH_SIZES=10000,100000` picks the sizes and
//! `LENS_BENCH_WORKLOADS=systems` the workloads (so that a profile sees only those).
//! `LENS_BENCH_CPU=20` first evaluates each architecture 20 times (as is, after a property
//! edit, after a structural edit) and prints the process CPU time per evaluation next to the
//! wall time: on a machine shared with other builds the wall time is inflated, the CPU time
//! much less so (and under `taskset -c 0` the engine runs serially, so CPU time is what it
//! would take alone).
//!
//! The architecture keeps its graph by positions (`Architecture::topology`) until a component or
//! a flow is added or removed, and the engine's property tables until a kind or a property
//! changes too, so repeated evaluations of one architecture — what the app does after a label,
//! boundary or canvas-position edit — start from both. The groups named `… after a property
//! edit` time the evaluation right after a property is set (tables rebuilt, topology kept: an
//! edit in the inspector), `… after a structural edit` right after a flow is removed and put
//! back (both rebuilt: also what `lens check` does on a file it has just read).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use lens::engine::{evaluate, Pack};
use lens::Architecture;

/// The allocator of both binaries (`lens`, the app), so that allocating findings on the rules'
/// threads and dropping them on the calling one costs here what it costs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A workload: its name and how it generates `n` components.
type Workload = (&'static str, fn(usize, u64) -> lens::ArchitectureData);

const WORKLOADS: [Workload; 2] = [
    ("stress", lens::samples::generated),
    ("systems", lens::samples::generated_systems),
];

fn architecture(generate: fn(usize, u64) -> lens::ArchitectureData, n: usize) -> Architecture {
    Architecture::from_data(generate(n, 42)).expect("generated architectures are valid")
}

fn per_rule(pack: &Pack, arch: &Architecture) {
    let mut times: Vec<(Duration, usize, &str)> = pack
        .rules()
        .iter()
        .map(|rule| {
            let one = pack.with_rules(|r| r.id == rule.id);
            if std::env::var("LENS_BENCH_RULE").is_ok_and(|only| !rule.id.contains(&only)) {
                return (Duration::ZERO, 0, rule.id.as_str());
            }
            // Several runs when one rule is picked, so that a profiler sees it.
            let runs = if std::env::var_os("LENS_BENCH_RULE").is_some() {
                10
            } else {
                1
            };
            let start = Instant::now();
            let mut found = 0;
            for _ in 0..runs {
                found = evaluate(arch, &one).len();
            }
            (start.elapsed() / runs, found, rule.id.as_str())
        })
        .collect();
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    for (t, found, id) in times.iter().take(15) {
        eprintln!(
            "  {:>9.3} ms  {found:>7} findings  {id}",
            t.as_secs_f64() * 1e3
        );
    }
}

fn whole_pack(c: &mut Criterion) {
    let pack = Pack::builtin();
    let sizes: Vec<usize> = match std::env::var("LENS_BENCH_SIZES") {
        Ok(list) => list
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect(),
        Err(_) => vec![1_000, 10_000, 100_000],
    };
    let workloads: Vec<Workload> = match std::env::var("LENS_BENCH_WORKLOADS") {
        Ok(list) => WORKLOADS
            .into_iter()
            .filter(|(name, _)| list.split(',').any(|w| w.trim() == *name))
            .collect(),
        Err(_) => WORKLOADS.to_vec(),
    };
    for (workload, generate) in workloads {
        // The stress group keeps its first name, so that criterion compares with older runs.
        let name = match workload {
            "stress" => "evaluate the built-in pack".to_owned(),
            other => format!("evaluate the built-in pack on {other}"),
        };
        let mut group = c.benchmark_group(&name);
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(5));
        let mut archs = Vec::new();
        for &n in &sizes {
            let arch = architecture(generate, n);
            let findings = evaluate(&arch, pack).len();
            eprintln!(
                "{workload}: {n} components, {} flows, {} rules: {findings} findings",
                arch.flows().count(),
                pack.rules().len()
            );
            if let Some(runs) = std::env::var("LENS_BENCH_CPU")
                .ok()
                .and_then(|r| r.parse().ok())
            {
                cpu_times(pack, &arch, runs);
            }
            if n >= 10_000 && std::env::var_os("LENS_BENCH_RULES").is_some() {
                per_rule(pack, &arch);
            }
            group.bench_with_input(BenchmarkId::from_parameter(n), &arch, |b, arch| {
                b.iter(|| evaluate(black_box(arch), pack))
            });
            archs.push((n, arch));
        }
        group.finish();
        for (edit, what) in EDITS {
            let mut group = c.benchmark_group(format!("{name} after {what}"));
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(5));
            for (n, arch) in &archs {
                group.bench_with_input(BenchmarkId::from_parameter(n), arch, |b, arch| {
                    // By reference, so that the edited copy is dropped outside the timing; the
                    // findings are dropped inside it, as in the group above.
                    b.iter_batched_ref(
                        || edit(arch),
                        |edited| drop(evaluate(black_box(edited), pack)),
                        BatchSize::PerIteration,
                    )
                });
            }
            group.finish();
        }
    }
}

/// An edit: an edited copy of the architecture.
type Edit = fn(&Architecture) -> Architecture;

/// The edits after which evaluation is timed too: each returns an edited copy with the same
/// content.
const EDITS: [(Edit, &str); 2] = [
    (property_edited, "a property edit"),
    (structurally_edited, "a structural edit"),
];

/// The CPU time this process has used (all threads), from `/proc/self/stat` (clock ticks of
/// 10 ms), or `None` where there is no such file.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses and may contain spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn cpu_times(pack: &Pack, arch: &Architecture, runs: u32) {
    let measure = |edit: Edit| {
        let (mut cpu, mut wall) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..runs {
            let subject = edit(arch);
            let (c0, w0) = (process_cpu(), Instant::now());
            black_box(evaluate(&subject, pack));
            wall += w0.elapsed();
            if let (Some(c0), Some(c1)) = (c0, process_cpu()) {
                cpu += c1 - c0;
            }
        }
        (cpu / runs, wall / runs)
    };
    let as_is: Edit = Architecture::clone;
    for (edit, what) in [(as_is, "as is")].into_iter().chain(EDITS) {
        let (cpu, wall) = measure(edit);
        eprintln!(
            "  {what}: {:.1} ms CPU, {:.1} ms wall per evaluation ({runs} runs)",
            cpu.as_secs_f64() * 1e3,
            wall.as_secs_f64() * 1e3
        );
    }
}

/// A copy of `arch` with one property of its first component set again to its value: the same
/// architecture, with the property tables to rebuild (the topology is kept), as after an edit in
/// the inspector.
fn property_edited(arch: &Architecture) -> Architecture {
    let mut edited = arch.clone();
    let first = arch.components().find(|c| !c.properties.is_empty());
    if let Some(c) = first {
        if let Some((property, value)) = c.properties.iter().next() {
            edited
                .set_component_property(&c.id, property, Some(value.clone()))
                .expect("the value it has");
        }
    }
    edited
}

/// A copy of `arch` with its first flow removed and put back: the same architecture, with the
/// graph by positions to rebuild, as after any edit that adds or removes a flow or a component.
fn structurally_edited(arch: &Architecture) -> Architecture {
    let mut edited = arch.clone();
    if let Some(flow) = arch.flows().next() {
        let removed = edited.remove_flow(&flow.id).expect("the flow exists");
        edited.add_flow(removed).expect("it was there");
    }
    edited
}

criterion_group!(benches, whole_pack);
criterion_main!(benches);
