//! The laws of the merge on generated architectures with random edit sequences on both branches
//! (architecture edits, decisions, reopenings, answers, milestones): the result is always valid;
//! merging a review with itself or with an unchanged side gives it back; swapping the sides gives
//! the same review up to the conflicts' sides.

use std::collections::{BTreeMap, BTreeSet};

use lens::merge::{Conflict, ConflictReason, Element};
use lens::review::{Answer, AnswerValue, Decision, DecisionStatus, Review};
use lens::samples::generated;
use lens::Architecture;
use proptest::prelude::*;

use super::edits::{apply, edit, Edit};
use super::merged;

#[derive(Debug, Clone)]
enum ReviewEdit {
    Architecture(Edit),
    Decide(u8, u8, bool),
    Reopen(u8),
    Answer(u8, u8),
    Unanswer(u8),
    Milestone(u8, u8),
}

fn review_edit() -> impl Strategy<Value = ReviewEdit> {
    let n = any::<u8>();
    prop_oneof![
        6 => edit().prop_map(ReviewEdit::Architecture),
        1 => (n, n, any::<bool>()).prop_map(|(f, s, o)| ReviewEdit::Decide(f, s, o)),
        1 => n.prop_map(ReviewEdit::Reopen),
        1 => (n, n).prop_map(|(i, v)| ReviewEdit::Answer(i, v)),
        1 => n.prop_map(ReviewEdit::Unanswer),
        1 => (n, n).prop_map(|(name, at)| ReviewEdit::Milestone(name, at)),
    ]
}

fn finding(i: u8) -> String {
    format!("genai/rule-{}@c{:05}", i % 3, i % 5)
}

fn item(i: u8) -> String {
    format!("genai/checklist/item-{}", i % 6)
}

/// Applies `e`; edits the model refuses are skipped, as the app would refuse them.
fn apply_review(review: &mut Review, e: ReviewEdit) {
    match e {
        ReviewEdit::Architecture(e) => {
            let _refused_or_applied = apply(&mut review.architecture, e);
        }
        ReviewEdit::Decide(f, s, other_owner) => {
            let status = DecisionStatus::ALL[usize::from(s) % DecisionStatus::ALL.len()];
            let decided = review.decide(Decision {
                finding: finding(f),
                status,
                justification: format!("reason {s}"),
                owner: if other_owner { "Ben" } else { "Ana" }.into(),
                date: "2026-12-01".into(),
                ticket: None,
            });
            assert!(decided.is_ok(), "{decided:?}");
        }
        ReviewEdit::Reopen(f) => {
            review.reopen(&finding(f), "Ana", "2026-12-02");
        }
        ReviewEdit::Answer(i, v) => {
            let answer = AnswerValue::ALL[usize::from(v) % AnswerValue::ALL.len()];
            review.answers.insert(
                item(i),
                Answer {
                    item: item(i),
                    answer,
                    note: format!("note {v}"),
                },
            );
        }
        ReviewEdit::Unanswer(i) => {
            review.unanswer(&item(i));
        }
        ReviewEdit::Milestone(name, at) => {
            let _exists_or_added =
                review.add_milestone(&format!("m{}", name % 4), i64::from(at) * 1000);
        }
    }
}

fn branch(base: &Review, edits: Vec<ReviewEdit>) -> Review {
    let mut review = base.clone();
    for e in edits {
        apply_review(&mut review, e);
    }
    review
}

/// A generated base and two branches of random edits from it.
fn branches() -> impl Strategy<Value = [Review; 3]> {
    let edits = || proptest::collection::vec(review_edit(), 0..25);
    (any::<u64>(), 0usize..12, edits(), edits()).prop_map(|(seed, size, o, t)| {
        let base = base_review(size, seed);
        let (ours, theirs) = (branch(&base, o), branch(&base, t));
        [base, ours, theirs]
    })
}

fn base_review(size: usize, seed: u64) -> Review {
    Review::new(Architecture::from_data_checked(generated(size, seed)).expect("generated is valid"))
}

fn assert_same(a: &Review, b: &Review) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.architecture.to_data(), b.architecture.to_data());
    prop_assert_eq!(&a.decisions, &b.decisions);
    prop_assert_eq!(&a.decision_history, &b.decision_history);
    prop_assert_eq!(&a.answers, &b.answers);
    prop_assert_eq!(&a.milestones, &b.milestones);
    prop_assert_eq!(&a.conflicts, &b.conflicts);
    Ok(())
}

/// What a conflict names, element and id.
fn named(conflicts: &[Conflict]) -> BTreeSet<(Element, String)> {
    conflicts
        .iter()
        .map(|c| (c.element, c.id.clone()))
        .collect()
}

/// The conflicts recorded while merging element by element (before references are repaired),
/// which do not depend on which side is ours.
fn by_value(conflicts: &[Conflict]) -> Vec<Conflict> {
    conflicts
        .iter()
        .filter(|c| {
            matches!(
                c.reason,
                ConflictReason::BothChanged | ConflictReason::DeletedAndChanged
            )
        })
        .cloned()
        .collect()
}

/// Checks that every entry `side` changed (added, edited, deleted) while `other` left it as in
/// `base` is in `merged` as `side` has it, unless a conflict names it.
fn one_sided_changes_apply<V: PartialEq + std::fmt::Debug>(
    element: Element,
    [base, side, other, merged]: [&BTreeMap<String, V>; 4],
    conflicted: &BTreeSet<(Element, String)>,
) -> Result<(), TestCaseError> {
    let keys: BTreeSet<&String> = base.keys().chain(side.keys()).collect();
    for key in keys {
        let (b, s, o) = (base.get(key), side.get(key), other.get(key));
        if s != b && o == b && !conflicted.contains(&(element, key.clone())) {
            prop_assert_eq!(
                merged.get(key),
                s,
                "{:?} {} changed on one side only",
                element,
                key
            );
        }
    }
    Ok(())
}

fn by_id<T: Clone>(items: &[T], id: impl Fn(&T) -> String) -> BTreeMap<String, T> {
    items.iter().map(|t| (id(t), t.clone())).collect()
}

fn sorted_history(review: &Review) -> Vec<String> {
    let mut events: Vec<String> = review
        .decision_history
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    events.sort();
    events
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_change_made_on_one_side_only_applies_unless_a_conflict_names_it(
        [base, ours, theirs] in branches(),
    ) {
        let m = merged(&base, &ours, &theirs);
        let conflicted = named(&m.new_conflicts);
        let data = [&base, &ours, &theirs, &m.review].map(|r| r.architecture.to_data());
        let components = data.each_ref().map(|d| by_id(&d.components, |c| c.id.to_string()));
        let flows = data.each_ref().map(|d| by_id(&d.flows, |f| f.id.to_string()));
        let boundaries = data.each_ref().map(|d| by_id(&d.boundaries, |b| b.id.to_string()));
        let decisions = [&base, &ours, &theirs, &m.review].map(|r| r.decisions.clone());
        let answers = [&base, &ours, &theirs, &m.review].map(|r| r.answers.clone());
        one_sided_changes_apply(Element::Component, components.each_ref(), &conflicted)?;
        one_sided_changes_apply(Element::Flow, flows.each_ref(), &conflicted)?;
        one_sided_changes_apply(Element::Boundary, boundaries.each_ref(), &conflicted)?;
        one_sided_changes_apply(Element::Decision, decisions.each_ref(), &conflicted)?;
        one_sided_changes_apply(Element::Answer, answers.each_ref(), &conflicted)?;
    }

    #[test]
    fn merging_a_review_with_itself_gives_it_back(
        seed in any::<u64>(),
        size in 0usize..12,
        edits in proptest::collection::vec(review_edit(), 0..30),
    ) {
        let a = branch(&base_review(size, seed), edits);
        let m = merged(&a, &a, &a);
        prop_assert!(m.new_conflicts.is_empty());
        assert_same(&m.review, &a)?;
    }

    #[test]
    fn merging_with_an_unchanged_side_gives_the_changed_side(
        seed in any::<u64>(),
        size in 0usize..12,
        edits in proptest::collection::vec(review_edit(), 0..30),
    ) {
        let base = base_review(size, seed);
        let x = branch(&base, edits);
        let ours_changed = merged(&base, &x, &base);
        prop_assert!(ours_changed.new_conflicts.is_empty());
        assert_same(&ours_changed.review, &x)?;
        let theirs_changed = merged(&base, &base, &x);
        prop_assert!(theirs_changed.new_conflicts.is_empty());
        assert_same(&theirs_changed.review, &x)?;
    }

    #[test]
    fn swapping_the_sides_changes_only_which_side_a_conflict_keeps(
        [base, ours, theirs] in branches(),
    ) {
        let one = merged(&base, &ours, &theirs);
        let other = merged(&base, &theirs, &ours);
        let swapped: Vec<Conflict> = by_value(&one.new_conflicts).iter().map(Conflict::swapped).collect();
        prop_assert_eq!(swapped, by_value(&other.new_conflicts));
        prop_assert_eq!(one.new_conflicts.is_empty(), other.new_conflicts.is_empty());
        if one.new_conflicts.is_empty() {
            prop_assert_eq!(one.review.architecture.to_data(), other.review.architecture.to_data());
            prop_assert_eq!(&one.review.decisions, &other.review.decisions);
            prop_assert_eq!(&one.review.answers, &other.review.answers);
            let by_time = |r: &Review| {
                let mut m = r.milestones.clone();
                m.sort_by(|a, b| (a.created_at, &a.name).cmp(&(b.created_at, &b.name)));
                m
            };
            prop_assert_eq!(by_time(&one.review), by_time(&other.review));
            prop_assert_eq!(sorted_history(&one.review), sorted_history(&other.review));
        }
        // Whatever no conflict of either merge names is the same in both.
        let mut conflicted = named(&one.new_conflicts);
        conflicted.extend(named(&other.new_conflicts));
        let (a, b) = (one.review.architecture.to_data(), other.review.architecture.to_data());
        let free = |element: Element, id: &str| !conflicted.contains(&(element, id.to_owned()));
        let components = |d: &lens::ArchitectureData| -> Vec<lens::model::Component> {
            d.components.iter().filter(|c| free(Element::Component, c.id.as_str())).cloned().collect()
        };
        prop_assert_eq!(components(&a), components(&b));
        let flows = |d: &lens::ArchitectureData| -> Vec<lens::model::Flow> {
            d.flows.iter().filter(|f| free(Element::Flow, f.id.as_str())).cloned().collect()
        };
        prop_assert_eq!(flows(&a), flows(&b));
        let boundaries = |d: &lens::ArchitectureData| -> Vec<lens::model::Boundary> {
            d.boundaries.iter().filter(|x| free(Element::Boundary, x.id.as_str())).cloned().collect()
        };
        prop_assert_eq!(boundaries(&a), boundaries(&b));
        let decisions = |r: &Review| -> Vec<Decision> {
            r.decisions.values().filter(|d| free(Element::Decision, &d.finding)).cloned().collect()
        };
        prop_assert_eq!(decisions(&one.review), decisions(&other.review));
        let answers = |r: &Review| -> Vec<Answer> {
            r.answers.values().filter(|x| free(Element::Answer, &x.item)).cloned().collect()
        };
        prop_assert_eq!(answers(&one.review), answers(&other.review));
    }
}
