//! Merging reviews: each case of the three-way merge, its laws on random edits, the conflicts
//! table and resolving, and `lens merge` / `lens git install` in a real git repository.
//!
//! One test binary per area (`tests/merge/main.rs` and its modules beside it), so that the suite
//! links a few binaries instead of one per file.

mod cases;
mod cli;
mod conflicts;
mod document;
mod git;
mod laws;

#[path = "../support/elements.rs"]
mod elements;

#[path = "../support/edits.rs"]
mod edits;

use elements::boundary;
use lens::merge::{merge, Merged};
use lens::model::{BoundaryId, ComponentId};
use lens::review::Review;
use lens::Architecture;

/// The support assistant (user → chat → agent → llm, agent → vectors) with the agent and the
/// model inside `vpc`, itself inside `aws`, and a top-level `web` boundary.
pub fn base() -> Review {
    let mut data = lens::samples::support_assistant();
    data.boundaries = vec![
        boundary("aws", None),
        boundary("vpc", Some("aws")),
        boundary("web", None),
    ];
    for c in &mut data.components {
        if ["agent", "llm"].contains(&c.id.as_str()) {
            c.boundary = Some(BoundaryId::from("vpc"));
        }
    }
    Review::new(Architecture::from_data_checked(data).expect("the base is valid"))
}

/// A copy of `review` with `edit` applied to its architecture.
pub fn edited(review: &Review, edit: impl FnOnce(&mut Architecture)) -> Review {
    let mut copy = review.clone();
    edit(&mut copy.architecture);
    copy
}

/// `merge(base, ours, theirs)`, checked to be a valid architecture.
pub fn merged(base: &Review, ours: &Review, theirs: &Review) -> Merged {
    let m = merge(base, ours, theirs);
    let data = m.review.architecture.to_data();
    if let Err(e) = Architecture::from_data_checked(data) {
        panic!("the merged architecture is not valid: {e}");
    }
    assert!(m.review.architecture.verify().is_ok());
    m
}

pub fn cid(id: &str) -> ComponentId {
    ComponentId::from(id)
}

/// The label of component `id` of `review`.
pub fn label<'a>(review: &'a Review, id: &str) -> &'a str {
    &review
        .architecture
        .component(&cid(id))
        .expect("the component exists")
        .label
}
