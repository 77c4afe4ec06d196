//! Live review while editing: `Document::apply` (validate + apply the edit, record its inverse,
//! re-evaluate the whole built-in pack) and `Document::snapshot` (what the desktop app returns to
//! the UI after each edit) on a generated architecture of 200 components
//! (`lens::samples::generated(200, 42)`), plus undo + redo. The goal: edit → highlight within
//! 50 ms at 200 components, so that the canvas answers every edit at once.
//!
//! `cargo bench -p lens --bench document -- --sample-size 20`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use lens::document::{ComponentMove, Document, Edit};
use lens::model::{Position, Value};
use lens::review::Review;
use lens::Architecture;

fn document_of(components: usize) -> Document {
    let data = lens::samples::generated(components, 42);
    let arch = Architecture::from_data_checked(data).expect("generated data is valid");
    Document::new(Review::new(arch))
}

fn edit_and_evaluate(c: &mut Criterion) {
    let mut doc = document_of(200);
    let first = doc
        .architecture()
        .components()
        .next()
        .expect("the architecture has components")
        .id
        .clone();
    let agent = doc
        .architecture()
        .components()
        .find(|c| c.kind == "agent")
        .map(|c| c.id.clone());
    eprintln!(
        "200-component architecture: {} flows, {} boundaries, {} findings",
        doc.architecture().flows().count(),
        doc.architecture().boundaries().count(),
        doc.findings().len()
    );
    let mut group = c.benchmark_group("document, 200 components");
    let mut x = 0.0;
    group.bench_function("apply move + evaluate", |b| {
        b.iter(|| {
            x += 1.0;
            doc.apply(black_box(Edit::MoveComponents {
                moves: vec![ComponentMove {
                    id: first.clone(),
                    position: Some(Position { x, y: 0.0 }),
                }],
            }))
            .expect("the move applies")
        })
    });
    if let Some(agent) = agent {
        let mut on = false;
        group.bench_function("apply property + evaluate", |b| {
            b.iter(|| {
                on = !on;
                doc.apply(black_box(Edit::SetComponentProperty {
                    id: agent.clone(),
                    property: "tracing".into(),
                    value: Some(Value::Bool(on)),
                }))
                .expect("the property applies")
            })
        });
    }
    group.bench_function("undo + redo (two evaluations)", |b| {
        b.iter(|| {
            doc.undo().expect("undo applies");
            doc.redo().expect("redo applies");
        })
    });
    group.bench_function("snapshot", |b| b.iter(|| black_box(doc.snapshot())));
    group.finish();
}

criterion_group!(benches, edit_and_evaluate);
criterion_main!(benches);
