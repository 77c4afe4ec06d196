//! JSON import (parse + shape + catalog + structure checks), validation alone, and export of a
//! generated architecture of 10,000 components and 20,000 flows (`lens::samples::generated`).
//!
//! `cargo bench -p lens --bench model -- --quick` (or `-- --sample-size 10`)

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use lens::json::{export_architecture, import_architecture};
use lens::Architecture;

fn json_import_validate_export(c: &mut Criterion) {
    let data = lens::samples::generated(10_000, 42);
    assert_eq!((data.components.len(), data.flows.len()), (10_000, 20_000));
    let arch = Architecture::from_data_checked(data.clone()).expect("generated data is valid");
    let text = export_architecture(&arch);
    let mut group = c.benchmark_group("architecture JSON, 10k components + 20k flows");
    group.sample_size(10);
    group.bench_function("import (parse + validate)", |b| {
        b.iter(|| import_architecture(black_box(&text)).expect("the export imports"))
    });
    group.bench_function("validate (from_data_checked)", |b| {
        b.iter_batched(
            || data.clone(),
            |d| Architecture::from_data_checked(d).expect("valid"),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("export", |b| {
        b.iter(|| export_architecture(black_box(&arch)))
    });
    group.finish();
    eprintln!("exported size: {} bytes", text.len());
}

criterion_group!(benches, json_import_validate_export);
criterion_main!(benches);
