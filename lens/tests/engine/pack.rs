//! The Generative AI Lens pack, tested as data.
//!
//! Every rule has a directory `lens/packs/genai/fixtures/<rule slug>/` holding architectures in
//! the interchange format: each `fires*.json` must produce at least one finding of the rule (and
//! the rendered findings are snapshotted beside it, `fires.json` → `fires.snap`, so that a reviewer
//! sees the exact message, fix, highlighted ids and witness path), each `passes*.json` — the same drawing with the fix applied, or a case
//! the rule must leave alone — must produce none. The pack as a whole must cover every best
//! practice of the lens, and the two reference architectures in `tests/fixtures/reference/` show
//! that a well-built agentic RAG system has no high-risk finding while its ungoverned twin has
//! many.
//!
//! To accept changed snapshots after reviewing them: `INSTA_UPDATE=always cargo test -p lens
//! --test engine pack::` (in CI, where `CI=true`, insta never writes and a mismatch fails).

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use lens::engine::{evaluate, Coverage, Finding, Pack, Rule};
use lens::json::{export_architecture, import_architecture};
use lens::model::Architecture;
use lens::practices::{self, Pillar, Risk};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("packs/genai/fixtures")
}

fn reference(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/reference")
        .join(name)
}

/// The last segment of a rule id: the name of its fixture directory.
fn slug(rule: &Rule) -> &str {
    rule.id.rsplit('/').next().unwrap_or(&rule.id)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Fires,
    Passes,
}

struct Fixture {
    rule: String,
    /// The file name without `.json` (`fires-bypass`).
    stem: String,
    expect: Expect,
    path: PathBuf,
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(path: &Path) -> Architecture {
    import_architecture(&read(path))
        .unwrap_or_else(|e| panic!("{} does not import: {e}", path.display()))
}

/// Every fixture of every rule of the built-in pack, in rule order then file-name order.
fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for rule in Pack::builtin().rules() {
        let dir = fixtures_dir().join(slug(rule));
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let Some(stem) = name.strip_suffix(".json") else {
                continue;
            };
            let expect = if stem == "fires" || stem.starts_with("fires-") {
                Expect::Fires
            } else if stem == "passes" || stem.starts_with("passes-") {
                Expect::Passes
            } else {
                continue;
            };
            out.push(Fixture {
                rule: rule.id.clone(),
                stem: stem.to_owned(),
                expect,
                path: dir.join(&name),
            });
        }
    }
    out
}

fn findings_of(arch: &Architecture, rule: &str) -> Vec<Finding> {
    evaluate(arch, Pack::builtin())
        .into_iter()
        .filter(|f| &*f.rule == rule)
        .collect()
}

fn ids<T: std::fmt::Display>(list: &[T]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A finding as a reviewer reads it: what the canvas highlights, the words on the panel, and what
/// it rests on with the questions that would settle it.
fn render(f: &Finding) -> String {
    let unanswered: Vec<String> = f
        .unanswered
        .iter()
        .map(|q| {
            let on = q.component.as_ref().map(ToString::to_string);
            let on = on.or(q.flow.as_ref().map(|f| format!("flow {f}")));
            format!("{}.{}", on.unwrap_or_default(), q.property)
        })
        .collect();
    format!(
        "id: {}\nrisk: {}\nbasis: {}\nmessage: {}\nfix: {}\ncomponents: [{}]\nflows: [{}]\npath: [{}]\nunanswered: [{}]\n",
        f.id,
        f.risk.id(),
        f.basis.id(),
        f.message,
        f.remediation,
        ids(&f.components),
        ids(&f.flows),
        ids(&f.path),
        unanswered.join(", "),
    )
}

#[test]
fn rule_slugs_are_unique_so_each_names_one_fixture_directory() {
    let mut seen = BTreeMap::new();
    for rule in Pack::builtin().rules() {
        if let Some(other) = seen.insert(slug(rule), &rule.id) {
            panic!("{} and {other} share a slug", rule.id);
        }
    }
}

#[test]
fn every_rule_has_a_firing_and_a_passing_fixture() {
    let all = fixtures();
    let mut missing = Vec::new();
    for rule in Pack::builtin().rules() {
        for expect in [Expect::Fires, Expect::Passes] {
            if !all.iter().any(|f| f.rule == rule.id && f.expect == expect) {
                missing.push(format!("{} has no {expect:?} fixture", rule.id));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_fixture_directory_and_file_belongs_to_a_rule() {
    let slugs: BTreeSet<&str> = Pack::builtin().rules().iter().map(slug).collect();
    let mut strays = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).expect("the fixture directory exists") {
        let entry = entry.expect("readable");
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.path().is_dir() || !slugs.contains(name.as_str()) {
            strays.push(format!("{name}: not the slug of a rule"));
            continue;
        }
        for file in std::fs::read_dir(entry.path()).expect("readable") {
            let file = file.expect("readable").file_name();
            let file = file.to_string_lossy();
            // Snapshots are checked by `every_snapshot_of_a_fixture_has_its_fixture`.
            if file.ends_with(".snap") {
                continue;
            }
            let stem = file.strip_suffix(".json").unwrap_or("");
            let known = ["fires", "passes"]
                .iter()
                .any(|k| stem == *k || stem.starts_with(&format!("{k}-")));
            if !known {
                strays.push(format!(
                    "{name}/{file}: not fires*.json, passes*.json or a snapshot"
                ));
            }
        }
    }
    assert!(
        strays.is_empty(),
        "a stray fixture is never run: {}",
        strays.join("\n")
    );
}

#[test]
fn every_fixture_is_canonical_interchange_json() {
    for f in fixtures() {
        let text = read(&f.path);
        let arch = load(&f.path);
        assert!(
            export_architecture(&arch) == text,
            "{} is not in the canonical form that `lens export --to json` writes",
            f.path.display()
        );
    }
}

#[test]
fn firing_fixtures_produce_the_snapshotted_findings() {
    let mut failures = Vec::new();
    for f in fixtures().into_iter().filter(|f| f.expect == Expect::Fires) {
        let found = findings_of(&load(&f.path), &f.rule);
        if found.is_empty() {
            failures.push(format!("{}: {} does not fire", f.path.display(), f.rule));
            continue;
        }
        let rendered: Vec<String> = found.iter().map(render).collect();
        let text = rendered.join("\n");
        // The snapshot sits beside its fixture: `fires-bypass.json` → `fires-bypass.snap`.
        let dir = f.path.parent().unwrap_or(Path::new("."));
        // Keep going after a mismatch so that one run shows (and, when asked, updates) them all.
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            insta::with_settings!({
                omit_expression => true,
                prepend_module_to_snapshot => false,
                snapshot_path => dir,
            }, {
                insta::assert_snapshot!(f.stem.clone(), text);
            });
        }));
        if outcome.is_err() {
            let snap = f.path.with_extension("snap");
            failures.push(format!("{}: the snapshot differs", snap.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn passing_fixtures_produce_no_finding_of_their_rule() {
    let mut failures = Vec::new();
    for f in fixtures()
        .into_iter()
        .filter(|f| f.expect == Expect::Passes)
    {
        for found in findings_of(&load(&f.path), &f.rule) {
            failures.push(format!(
                "{} should not fire but does:\n{}",
                f.path.display(),
                render(&found)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_snapshot_of_a_fixture_has_its_fixture() {
    let wanted: BTreeSet<PathBuf> = fixtures()
        .into_iter()
        .filter(|f| f.expect == Expect::Fires)
        .map(|f| f.path.with_extension("snap"))
        .collect();
    let mut stale = Vec::new();
    for rule in std::fs::read_dir(fixtures_dir()).expect("the fixtures directory exists") {
        let Ok(rule) = rule else { continue };
        let Ok(files) = std::fs::read_dir(rule.path()) else {
            continue;
        };
        for file in files.filter_map(|e| e.ok()).map(|e| e.path()) {
            if file.extension().is_some_and(|x| x == "snap") && !wanted.contains(&file) {
                stale.push(file.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots whose firing fixture is gone (delete them): {}",
        stale.join(", ")
    );
}

#[test]
fn the_pack_has_at_least_forty_rules_over_all_six_pillars() {
    let rules = Pack::builtin().rules();
    assert!(rules.len() >= 40, "only {} rules", rules.len());
    for pillar in Pillar::ALL {
        assert!(
            rules.iter().any(|r| r.pillar == pillar),
            "no rule for the pillar {pillar}"
        );
    }
}

#[test]
fn every_best_practice_of_the_lens_is_covered_and_has_a_checklist_question() {
    let pack = Pack::builtin();
    let coverage = pack.coverage();
    assert_eq!(coverage.len(), 51, "the lens has 51 best practices");
    let uncovered: Vec<&str> = coverage
        .iter()
        .filter(|c| c.coverage == Coverage::Uncovered)
        .map(|c| c.best_practice.as_str())
        .collect();
    assert!(uncovered.is_empty(), "uncovered: {uncovered:?}");
    // A drawing shows part of a practice at most, so each keeps its question for people.
    for bp in practices::all() {
        assert!(
            pack.checklist().iter().any(|c| c.best_practice == bp.id),
            "{} has no checklist question",
            bp.id
        );
    }
    assert!(pack
        .checklist()
        .iter()
        .all(|c| c.id.starts_with("genai/checklist/")));
}

#[test]
fn messages_name_the_subject_and_fixes_say_what_to_change() {
    for rule in Pack::builtin().rules() {
        assert!(
            rule.message_template().contains("{label}"),
            "{}: the message names the subject by its label",
            rule.id
        );
        let fix = rule.fix_template();
        assert!(
            fix.contains('`') || fix.contains("{label}"),
            "{}: the fix names the component or the property to change",
            rule.id
        );
        let sentences = rule.why.matches(". ").count() + 1;
        assert!(sentences <= 2, "{}: `why` is one or two sentences", rule.id);
    }
}

/// The rules of `pillars` whose findings can rest only on properties nobody set but that have no
/// `unstated` message of their own, or one that repeats `message`.
fn rules_without_unstated_wording(pack: &Pack, pillars: &[Pillar]) -> Vec<String> {
    pack.rules()
        .iter()
        .filter(|r| pillars.contains(&r.pillar) && r.may_be_unstated())
        .filter_map(|r| match r.unstated_template() {
            None => Some(format!("{}: no `unstated` message", r.id)),
            Some(u) if u.trim() == r.message_template().trim() => {
                Some(format!("{}: `unstated` repeats `message`", r.id))
            }
            Some(_) => None,
        })
        .collect()
}

#[test]
fn a_rule_whose_finding_may_rest_on_unset_properties_says_what_the_drawing_does_not_state() {
    let missing = rules_without_unstated_wording(Pack::builtin(), &Pillar::ALL);
    assert!(
        missing.is_empty(),
        "a finding that rests only on properties nobody set says what is not stated, not that a risk is there:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_rule_without_unstated_wording_is_caught() {
    // The check itself: a pack rule that may be unstated and has no wording of its own is named.
    let text = r#"
[[rule]]
id = "custom/reliability/queue-without-dlq"
best_practices = ["GENREL03-BP01"]
pillar = "reliability"
title = "Queue without a dead-letter queue"
message = "{label} has no dead-letter queue."
why = "Messages that keep failing are lost."
fix = "Set `dead_letter_queue` on {label}."
applies_to = { components = { kind = ["queue"] } }
requires = { property = { property = "dead_letter_queue", equals = true } }
"#;
    let pack = Pack::from_sources(&[("custom.toml".to_owned(), text)]).expect("the rule loads");
    let named = rules_without_unstated_wording(&pack, &[Pillar::Reliability]);
    assert_eq!(
        named,
        vec!["custom/reliability/queue-without-dlq: no `unstated` message".to_owned()]
    );
}

// ---- reference architectures ---------------------------------------------------------------

fn summary(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "(no finding)".into();
    }
    findings
        .iter()
        .map(|f| format!("{:<6} {}", f.risk.id(), f.id))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_governed_agentic_rag_reference_has_no_high_risk_finding() {
    let arch = load(&reference("agentic-rag-governed.json"));
    let findings = evaluate(&arch, Pack::builtin());
    let high: Vec<&Finding> = findings.iter().filter(|f| f.risk == Risk::High).collect();
    assert!(
        high.is_empty(),
        "every mitigation is drawn, so nothing is high risk:\n{}",
        high.iter()
            .map(|f| render(f))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // What remains (medium and low) is listed for review.
    insta::assert_snapshot!("reference_governed_remaining_findings", summary(&findings));
}

#[test]
fn the_ungoverned_twin_has_the_same_shape_and_many_findings_in_every_pillar() {
    let governed = load(&reference("agentic-rag-governed.json"));
    let ungoverned = load(&reference("agentic-rag-ungoverned.json"));
    let component_ids = |a: &Architecture| {
        a.components()
            .map(|c| c.id.as_str().to_owned())
            .collect::<BTreeSet<_>>()
    };
    let twin_ids = component_ids(&ungoverned);
    let missing: Vec<String> = component_ids(&governed)
        .into_iter()
        .filter(|id| !twin_ids.contains(id))
        .filter(|id| !MITIGATION_COMPONENTS.contains(&id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "the twin drops only mitigation components: {missing:?}"
    );
    let findings = evaluate(&ungoverned, Pack::builtin());
    let rules: BTreeSet<&str> = findings.iter().map(|f| &*f.rule).collect();
    assert!(
        rules.len() >= 30,
        "only {} rules fire on the ungoverned twin",
        rules.len()
    );
    for pillar in Pillar::ALL {
        assert!(
            findings.iter().any(|f| f.pillar == pillar),
            "no finding in {pillar}"
        );
    }
    assert!(findings.iter().filter(|f| f.risk == Risk::High).count() >= 10);
    insta::assert_snapshot!(
        "reference_ungoverned_rules",
        rules.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// Components of the governed reference that are themselves mitigations, so that the ungoverned
/// twin may leave them out.
const MITIGATION_COMPONENTS: &[&str] = &[
    "approval",
    "evaluation",
    "guardrail",
    "model_catalog",
    "prompt_catalog",
    "router",
    "small_llm",
];
