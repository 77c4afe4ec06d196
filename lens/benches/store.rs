//! Save and open of a large review file: 10,000 components and about 20,000 flows
//! (`lens::samples::generated`). Goal on a 2-core machine, release build: each ≤ 300 ms.
//!
//! `cargo bench -p lens --bench store -- --sample-size 10`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use lens::review::Review;
use lens::{store, Architecture};

fn large_review() -> Review {
    let data = lens::samples::generated(10_000, 7);
    Review::new(Architecture::from_data(data).expect("generated architectures are valid"))
}

fn save_and_open(c: &mut Criterion) {
    let review = large_review();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("large.lensboard");
    let mut group = c.benchmark_group("review file, 10k components + 20k flows");
    group.bench_function("save", |b| {
        b.iter(|| store::save(black_box(&review), &path).expect("save succeeds"))
    });
    store::save(&review, &path).expect("save succeeds");
    group.bench_function("open", |b| {
        b.iter(|| store::open(black_box(&path)).expect("open succeeds"))
    });
    group.finish();
}

criterion_group!(benches, save_and_open);
criterion_main!(benches);
