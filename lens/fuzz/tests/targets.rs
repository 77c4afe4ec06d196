//! The short fuzz run of `make test`: every committed seed and every crash a long run recorded,
//! then mutated seeds for each target. A panic anywhere is a failure (proptest shrinks the input
//! and prints it; save it under `tests/fuzz/crashes/<target>/` when it is fixed).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use lens_fuzz::{corpus_root, target, Target, TARGETS};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};

/// The files of `tests/fuzz/<kind>/<target>/`, sorted.
fn files(kind: &str, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(corpus_root().join(kind).join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

fn folders(kind: &str) -> BTreeSet<String> {
    std::fs::read_dir(corpus_root().join(kind))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_target_has_seeds_and_every_seed_or_crash_folder_is_a_target() {
    for target in TARGETS {
        assert!(
            !files("seeds", target.name).is_empty(),
            "tests/fuzz/seeds/{} has no seed",
            target.name
        );
    }
    let names: BTreeSet<String> = TARGETS.iter().map(|t| t.name.to_owned()).collect();
    for kind in ["seeds", "crashes"] {
        let stray: Vec<_> = folders(kind).difference(&names).cloned().collect();
        assert!(
            stray.is_empty(),
            "tests/fuzz/{kind}/ has folders of no target: {stray:?}"
        );
    }
}

#[test]
fn every_seed_and_every_recorded_crash_runs_without_a_panic() {
    for target in TARGETS {
        for kind in ["seeds", "crashes"] {
            for path in files(kind, target.name) {
                let bytes = read(&path);
                let outcome = std::panic::catch_unwind(|| (target.run)(&bytes));
                assert!(
                    outcome.is_ok(),
                    "{} panics on {}",
                    target.name,
                    path.display()
                );
            }
        }
    }
}

/// One change to a seed, as a mutating fuzzer makes them: a byte set, a span cut out or repeated,
/// a token of the formats inserted, or a span of another seed spliced in.
#[derive(Debug, Clone)]
enum Mutation {
    Set(Index, u8),
    Cut(Index, usize),
    Repeat(Index, usize, usize),
    Insert(Index, &'static str),
    Splice(Index, Index, Index, usize),
}

/// Tokens that make parsers take other branches: JSON, TOML and YAML syntax, SQLite's magic,
/// CloudFormation intrinsics, and the format markers the readers look for.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "null",
    "true",
    "-1",
    "1e999",
    "\\u0000",
    "\u{202e}",
    "[[rule]]",
    "[[resource]]",
    "=",
    "\n",
    "#",
    "&a ",
    "*a",
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "<<: ",
    "{\"Ref\":\"A\"}",
    "{\"Fn::GetAtt\":[\"A\",\"Arn\"]}",
    "Fn::If",
    "SQLite format 3\0",
    "\"format\":\"lensboard/review\"",
    "\"version\":999",
    "\"kind\":\"agent\"",
    "\"from\":\"x\"",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(at, b)| Mutation::Set(at, b)),
        (any::<Index>(), 1usize..64).prop_map(|(at, n)| Mutation::Cut(at, n)),
        (any::<Index>(), 1usize..64, 1usize..8).prop_map(|(at, n, k)| Mutation::Repeat(at, n, k)),
        (any::<Index>(), proptest::sample::select(TOKENS))
            .prop_map(|(at, t)| Mutation::Insert(at, t)),
        (any::<Index>(), any::<Index>(), any::<Index>(), 1usize..256)
            .prop_map(|(at, seed, from, n)| Mutation::Splice(at, seed, from, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, mutation: &Mutation, seeds: &[Vec<u8>]) -> Vec<u8> {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    match mutation {
        Mutation::Set(i, b) => {
            if !bytes.is_empty() {
                let i = i.index(bytes.len());
                bytes[i] = *b;
            }
        }
        Mutation::Cut(i, n) => {
            let i = at(i, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Repeat(i, n, times) => {
            let i = at(i, bytes.len());
            let end = (i + n).min(bytes.len());
            let span = bytes[i..end].repeat(*times);
            bytes.splice(i..i, span);
        }
        Mutation::Insert(i, token) => {
            let i = at(i, bytes.len());
            bytes.splice(i..i, token.bytes());
        }
        Mutation::Splice(i, seed, from, n) => {
            let other = &seeds[seed.index(seeds.len())];
            let from = at(from, other.len());
            let end = (from + n).min(other.len());
            let i = at(i, bytes.len());
            bytes.splice(i..i, other[from..end].iter().copied());
        }
    }
    bytes
}

/// A change to the document tree of a JSON or TOML seed, so that most mutated inputs still
/// parse and reach the checks behind the parser (ids, references, kinds, property types, the
/// engine): a node replaced by a hostile value or by a string found elsewhere in the document (a
/// reference to another id, a cycle), removed, or repeated.
#[derive(Debug, Clone)]
enum TreeMutation {
    Replace(Index, &'static str),
    Borrow(Index, Index),
    Remove(Index),
    Repeat(Index, usize),
}

/// Hostile values, as JSON.
const VALUES: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-1",
    "4294967296",
    "1.5e308",
    "\"\"",
    "\" \"",
    "[]",
    "{}",
    "\"\u{202e}evil\"",
    "\"<script>alert(1)</script>\"",
    "\"\\u0000\"",
    "[[[[[[[[1]]]]]]]]",
    "\"agent\"",
    "\"guardrail\"",
    "\"request\"",
    "\"internet\"",
    "\"yes\"",
    "\"accepted\"",
];

fn tree_mutation() -> impl Strategy<Value = TreeMutation> {
    prop_oneof![
        (any::<Index>(), proptest::sample::select(VALUES))
            .prop_map(|(at, v)| TreeMutation::Replace(at, v)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, from)| TreeMutation::Borrow(at, from)),
        any::<Index>().prop_map(TreeMutation::Remove),
        (any::<Index>(), 2usize..50).prop_map(|(at, n)| TreeMutation::Repeat(at, n)),
    ]
}

/// Every node of `value` in pre-order, as JSON pointers.
fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{key}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn apply_tree(mut doc: serde_json::Value, mutation: &TreeMutation) -> serde_json::Value {
    let mut all = Vec::new();
    pointers(&doc, String::new(), &mut all);
    let pick = |i: &Index| all[i.index(all.len())].clone();
    match mutation {
        TreeMutation::Replace(at, value) => {
            if let (Some(node), Ok(value)) =
                (doc.pointer_mut(&pick(at)), serde_json::from_str(value))
            {
                *node = value;
            }
        }
        TreeMutation::Borrow(at, from) => {
            let mut found = Vec::new();
            strings(&doc, &mut found);
            if !found.is_empty() {
                let s = found[from.index(found.len())].clone();
                if let Some(node) = doc.pointer_mut(&pick(at)) {
                    *node = serde_json::Value::String(s);
                }
            }
        }
        TreeMutation::Remove(at) => {
            let target = pick(at);
            if let Some((parent, last)) = target.rsplit_once('/') {
                match doc.pointer_mut(parent) {
                    Some(serde_json::Value::Object(map)) => {
                        map.shift_remove(&last.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(serde_json::Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        TreeMutation::Repeat(at, n) => {
            let target = pick(at);
            if let Some((parent, last)) = target.rsplit_once('/') {
                if let Some(serde_json::Value::Array(items)) = doc.pointer_mut(parent) {
                    if let Some(item) = last
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| items.get(i))
                        .cloned()
                    {
                        items.extend(std::iter::repeat_n(item, *n));
                    }
                }
            }
        }
    }
    doc
}

/// `seed` with tree mutations when it is JSON or TOML (written back in its own syntax), else
/// `None`.
fn mutate_tree(seed: &[u8], mutations: &[TreeMutation]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(seed).ok()?;
    if let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) {
        let doc = mutations.iter().fold(doc, apply_tree);
        return serde_json::to_vec_pretty(&doc).ok();
    }
    let doc = toml::from_str::<serde_json::Value>(text).ok()?;
    let doc = mutations.iter().fold(doc, apply_tree);
    toml::to_string(&doc).ok().map(String::into_bytes)
}

/// Mutated seeds of `target`: `LENS_FUZZ_CASES` inputs (256 by default), each a seed with up to
/// eight tree mutations (when it is JSON or TOML) and up to four byte mutations.
fn fuzz(target: &Target) {
    let seeds: Vec<Vec<u8>> = files("seeds", target.name)
        .iter()
        .map(|p| read(p))
        .collect();
    assert!(!seeds.is_empty(), "{} has no seed", target.name);
    let cases = std::env::var("LENS_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let strategy = (
        any::<Index>(),
        proptest::collection::vec(tree_mutation(), 0..8),
        proptest::collection::vec(mutation(), 0..4),
    );
    TestRunner::new(config)
        .run(&strategy, |(seed, tree, bytes)| {
            let seed = &seeds[seed.index(seeds.len())];
            let mut input = mutate_tree(seed, &tree).unwrap_or_else(|| seed.clone());
            for m in &bytes {
                input = apply(input, m, &seeds);
            }
            let bytes = input;
            (target.run)(&bytes);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{}: {e}", target.name));
}

macro_rules! fuzz_tests {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                fuzz(target($name).expect($name));
            }
        )*

        #[test]
        fn every_target_has_a_mutation_test() {
            let tested: BTreeSet<&str> = [$($name),*].into_iter().collect();
            let all: BTreeSet<&str> = TARGETS.iter().map(|t| t.name).collect();
            assert_eq!(tested, all);
        }
    };
}

fuzz_tests! {
    mutated_architecture_json_is_read_or_refused_without_a_panic => "architecture-json",
    mutated_review_json_is_read_or_refused_without_a_panic => "review-json",
    mutated_review_files_are_opened_or_refused_without_a_panic => "review-file",
    mutated_rule_packs_are_loaded_or_refused_without_a_panic => "rule-pack",
    mutated_mapping_files_are_loaded_or_refused_without_a_panic => "mapping",
    mutated_cloudformation_templates_are_imported_or_refused_without_a_panic => "cloudformation",
    mutated_terraform_plans_are_imported_or_refused_without_a_panic => "terraform",
    mutated_threat_dragon_models_are_imported_or_refused_without_a_panic => "threat-dragon",
    mutated_otm_files_are_imported_or_refused_without_a_panic => "otm",
}
