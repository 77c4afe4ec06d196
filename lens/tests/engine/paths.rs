//! Path and cycle conditions checked against brute force: on small random graphs (up to 8
//! components) the engine's one-search-per-rule answer must equal the enumeration of every simple
//! path, and every witness it gives must be a real path that avoids the guards.

use std::collections::BTreeSet;

use super::common::*;
use lens::engine::Finding;
use proptest::prelude::*;

const KINDS: [&str; 4] = ["user", "guardrail", "model_endpoint", "agent"];

/// A random graph: a kind index per node and a set of directed edges (self-loops included).
fn graphs() -> impl Strategy<Value = (Vec<usize>, Vec<(usize, usize)>)> {
    (1usize..=8).prop_flat_map(|n| {
        (
            proptest::collection::vec(0..KINDS.len(), n),
            proptest::collection::btree_set((0..n, 0..n), 0..=n * 2),
        )
            .prop_map(|(kinds, edges)| (kinds, edges.into_iter().collect()))
    })
}

fn build(kinds: &[usize], edges: &[(usize, usize)]) -> Arch {
    let mut arch = Arch::new();
    for (i, k) in kinds.iter().enumerate() {
        arch = arch.c(&format!("n{i}"), KINDS[*k], &[]);
    }
    for (a, b) in edges {
        arch = arch.f(&format!("f{a}_{b}"), &format!("n{a}"), &format!("n{b}"));
    }
    arch
}

/// Whether some simple path from a node of kind `from` to `target` avoids every node of kind
/// `guard` (ends included), by enumerating all simple paths.
fn brute_force_unguarded(
    kinds: &[usize],
    edges: &[(usize, usize)],
    from: usize,
    guard: usize,
    target: usize,
) -> bool {
    (0..kinds.len())
        .filter(|s| kinds[*s] == from)
        .any(|s| brute_force_path(kinds, edges, s, target, guard))
}

/// Whether `node` is on a cycle: some simple path leads from one of its successors back to it.
fn brute_force_on_cycle(n: usize, edges: &[(usize, usize)], node: usize) -> bool {
    fn dfs(cur: usize, goal: usize, edges: &[(usize, usize)], seen: &mut Vec<bool>) -> bool {
        if cur == goal {
            return true;
        }
        seen[cur] = true;
        let mut found = false;
        for &(a, b) in edges {
            if a == cur && !seen[b] && dfs(b, goal, edges, seen) {
                found = true;
                break;
            }
        }
        seen[cur] = false;
        found
    }
    edges
        .iter()
        .filter(|(a, _)| *a == node)
        .any(|(_, b)| dfs(*b, node, edges, &mut vec![false; n]))
}

/// The witness is a path of the graph from a user to the subject through no guardrail.
fn assert_valid_witness(f: &Finding, kinds: &[usize], edges: &[(usize, usize)]) {
    let idx = |id: &str| id[1..].parse::<usize>().expect("node id");
    let path: Vec<usize> = f.path.iter().map(|c| idx(c.as_str())).collect();
    assert!(!path.is_empty(), "a path finding has a witness");
    assert_eq!(
        KINDS[kinds[path[0]]], "user",
        "the witness starts at a source"
    );
    assert!(
        path.iter().all(|n| KINDS[kinds[*n]] != "guardrail"),
        "the witness avoids guards"
    );
    assert_eq!(f.flows.len(), path.len() - 1, "one flow per step");
    for (step, flow) in path.windows(2).zip(&f.flows) {
        assert!(
            edges.contains(&(step[0], step[1])),
            "step {step:?} is an edge"
        );
        assert_eq!(flow.as_str(), format!("f{}_{}", step[0], step[1]));
    }
}

const EVERY_PATH: &str =
    r#"{ every_path = { from = { kind = ["user"] }, through = { kind = ["guardrail"] } } }"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_path_agrees_with_enumerating_simple_paths((kinds, edges) in graphs()) {
        let findings = run(&rule("\"model_endpoint\"", EVERY_PATH), &build(&kinds, &edges));
        let reported: BTreeSet<String> = findings.iter().map(|f| f.components[0].to_string()).collect();
        let expected: BTreeSet<String> = (0..kinds.len())
            .filter(|t| KINDS[kinds[*t]] == "model_endpoint")
            .filter(|t| brute_force_unguarded(&kinds, &edges, 0, 1, *t))
            .map(|t| format!("n{t}"))
            .collect();
        prop_assert_eq!(reported, expected);
        for f in &findings {
            assert_valid_witness(f, &kinds, &edges);
            prop_assert_eq!(f.path.last(), Some(&f.components[0]), "the witness ends at the subject");
        }
    }

    #[test]
    fn no_path_between_two_selections_agrees_with_enumerating_simple_paths((kinds, edges) in graphs()) {
        let text = rule(
            "\"agent\"",
            r#"{ no_path = { from = { kind = ["user"] }, to = { kind = ["model_endpoint"] }, avoiding = { kind = ["guardrail"] } } }"#,
        );
        let findings = run(&text, &build(&kinds, &edges));
        let violated = (0..kinds.len())
            .filter(|t| KINDS[kinds[*t]] == "model_endpoint")
            .any(|t| brute_force_unguarded(&kinds, &edges, 0, 1, t));
        let agents = kinds.iter().filter(|k| KINDS[**k] == "agent").count();
        prop_assert_eq!(findings.len(), if violated { agents } else { 0 }, "every agent or none");
        for f in &findings {
            assert_valid_witness(f, &kinds, &edges);
        }
    }

    #[test]
    fn cycle_condition_agrees_with_enumerating_cycles((kinds, edges) in graphs()) {
        let text = rule("\"agent\"", r#"{ cycle_bounded = { by = ["max_iterations"] } }"#);
        let findings = run(&text, &build(&kinds, &edges));
        let reported: BTreeSet<String> = findings.iter().map(|f| f.components[0].to_string()).collect();
        let expected: BTreeSet<String> = (0..kinds.len())
            .filter(|n| KINDS[kinds[*n]] == "agent" && brute_force_on_cycle(kinds.len(), &edges, *n))
            .map(|n| format!("n{n}"))
            .collect();
        prop_assert_eq!(reported, expected);
        for f in &findings {
            prop_assert_eq!(f.path.first(), f.path.last(), "the witness is a loop");
            prop_assert_eq!(f.flows.len() + 1, f.path.len());
        }
    }
}

/// Whether a simple path leads from `a` to `b` (or `a == b`) through no node of kind `guard`,
/// ends included, by enumeration.
fn brute_force_path(
    kinds: &[usize],
    edges: &[(usize, usize)],
    a: usize,
    b: usize,
    guard: usize,
) -> bool {
    fn dfs(
        node: usize,
        goal: usize,
        kinds: &[usize],
        edges: &[(usize, usize)],
        guard: usize,
        seen: &mut Vec<bool>,
    ) -> bool {
        if kinds[node] == guard {
            return false;
        }
        if node == goal {
            return true;
        }
        seen[node] = true;
        let found = edges
            .iter()
            .any(|&(x, y)| x == node && !seen[y] && dfs(y, goal, kinds, edges, guard, seen));
        seen[node] = false;
        found
    }
    dfs(a, b, kinds, edges, guard, &mut vec![false; kinds.len()])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Content from a user reaches a model when some component h has an unguarded path to the
    /// user (the content comes back to h as an answer) and an unguarded path to the model (h
    /// passes it on): the two searches of `screened`, against enumeration.
    #[test]
    fn screened_content_agrees_with_enumerating_paths_back_and_on((kinds, edges) in graphs()) {
        let text = rule(
            "\"model_endpoint\"",
            r#"{ screened = { from = { kind = ["user"] }, through = { kind = ["guardrail"] } } }"#,
        );
        let findings = run(&text, &build(&kinds, &edges));
        let reported: BTreeSet<String> = findings.iter().map(|f| f.components[0].to_string()).collect();
        let n = kinds.len();
        let expected: BTreeSet<String> = (0..n)
            .filter(|t| KINDS[kinds[*t]] == "model_endpoint")
            .filter(|&t| {
                (0..n).filter(|s| KINDS[kinds[*s]] == "user").any(|s| {
                    (0..n).any(|h| {
                        brute_force_path(&kinds, &edges, h, s, 1)
                            && brute_force_path(&kinds, &edges, h, t, 1)
                    })
                })
            })
            .map(|t| format!("n{t}"))
            .collect();
        prop_assert_eq!(reported, expected);
        for f in &findings {
            let idx = |id: &str| id[1..].parse::<usize>().expect("node id");
            let path: Vec<usize> = f.path.iter().map(|c| idx(c.as_str())).collect();
            prop_assert_eq!(KINDS[kinds[path[0]]], "user", "the witness starts at the source");
            prop_assert_eq!(path.last(), Some(&idx(f.components[0].as_str())));
            prop_assert!(path.iter().all(|n| KINDS[kinds[*n]] != "guardrail"));
            for (step, flow) in path.windows(2).zip(&f.flows) {
                // Each step follows its flow, one way or the other.
                let forward = format!("f{}_{}", step[0], step[1]);
                let back = format!("f{}_{}", step[1], step[0]);
                prop_assert!(flow.as_str() == forward || flow.as_str() == back, "{step:?} by {flow}");
            }
        }
    }
}
