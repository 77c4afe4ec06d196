//! Fuzz targets: one per parser of `lens` that reads what other people send — architecture JSON,
//! review JSON, the review file, rule packs, IaC mapping files, CloudFormation templates,
//! Terraform plans, Threat Dragon models and Open Threat Model files.
//!
//! A target takes any bytes and must return: a parser may refuse the input (that is its job, with
//! an error), but it must never panic, overflow its stack or hang. Where a parser accepts the
//! input, the target goes on as the product would — it evaluates the rule pack on what was read,
//! writes it back out and reads that again — and asserts what must hold (a written architecture
//! reads back as the same architecture), so that a fuzzer also finds wrong answers, not only
//! crashes.
//!
//! Two drivers run these targets:
//!
//! - `cargo test -p lens-fuzz` (part of `make test`): every committed seed and every recorded
//!   crash, then a bounded number of mutated seeds per target (proptest, so a failure is shrunk to
//!   a small input). `LENS_FUZZ_CASES` sets the number.
//! - `make fuzz`: the `lens-fuzz` binary built with coverage instrumentation for AFL++ (Debian's
//!   `afl++`), one coverage-guided campaign per target, seeded from `tests/fuzz/seeds/<target>/`.
//!   Every crash it finds is copied to `tests/fuzz/crashes/<target>/` and so becomes a regression
//!   test of the first driver.

#![deny(unsafe_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lens::engine::{evaluate, Pack};
use lens::iac::{cloudformation, reimport, Mapping};
use lens::interchange::{otm, threat_dragon, InterchangeError, ThreatModelMapping};
use lens::review::Review;
use lens::{json, review, store, Architecture};

/// A parser under test: its name (the folder of its seeds and crashes) and the function that
/// feeds it bytes.
pub struct Target {
    pub name: &'static str,
    pub about: &'static str,
    pub run: fn(&[u8]),
}

/// Every target, in the order `make fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "architecture-json",
        about: "architecture interchange JSON (`lens check x.json`, the app's Open)",
        run: architecture_json,
    },
    Target {
        name: "review-json",
        about: "review JSON (`lens export --to review-json`, git's textconv)",
        run: review_json,
    },
    Target {
        name: "review-file",
        about: "any file `lens check` and the app open: the SQLite review file first",
        run: review_file,
    },
    Target {
        name: "rule-pack",
        about: "a rule pack's TOML (`--pack DIR`), compiled and evaluated",
        run: rule_pack,
    },
    Target {
        name: "mapping",
        about: "an IaC mapping file (`lens import --mapping FILE`), then used on a template",
        run: mapping,
    },
    Target {
        name: "cloudformation",
        about: "a CloudFormation template in JSON or YAML (`lens import`, `lens check`)",
        run: cloudformation_template,
    },
    Target {
        name: "terraform",
        about: "a Terraform plan JSON (`lens import`, `lens check`), imported and imported again",
        run: terraform,
    },
    Target {
        name: "threat-dragon",
        about: "an OWASP Threat Dragon v2 model (`lens import`), exported again and re-read",
        run: threat_dragon,
    },
    Target {
        name: "otm",
        about:
            "an Open Threat Model file, JSON or YAML (`lens import`), exported again and re-read",
        run: otm,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// The folder of committed seeds and recorded crashes: `tests/fuzz/` at the repository's root.
pub fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz")
}

fn architecture_json(bytes: &[u8]) {
    let Ok(architecture) = json::import_architecture_bytes(bytes) else {
        return;
    };
    let written = json::export_architecture(&architecture);
    let again = json::import_architecture(&written)
        .unwrap_or_else(|e| panic!("an exported architecture does not read back: {e}"));
    assert_eq!(
        json::export_architecture(&again),
        written,
        "an architecture changed on its way out and back in"
    );
    evaluate(&architecture, Pack::builtin());
}

fn review_json(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(review) = review::json::import_review(text) else {
        return;
    };
    let written = review::json::export_review(&review, Pack::builtin());
    let again = review::json::import_review(&written)
        .unwrap_or_else(|e| panic!("an exported review does not read back: {e}"));
    assert_eq!(
        review::json::export_review(&again, Pack::builtin()),
        written,
        "a review changed on its way out and back in"
    );
    evaluate(&review.architecture, Pack::builtin());
}

fn review_file(bytes: &[u8]) {
    // A folder of its own per input: SQLite leaves journals beside a file it could not finish.
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("input.lensboard");
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let Ok((review, _)) = review::load_any(&path) else {
        return;
    };
    evaluate(&review.architecture, Pack::builtin());
    save_and_reopen(&review, &dir.path().join("saved.lensboard"));
}

/// Saves `review` to `path` and opens it again: what the app accepted it must be able to keep.
fn save_and_reopen(review: &Review, path: &Path) {
    store::save(review, path).unwrap_or_else(|e| panic!("a review that opened does not save: {e}"));
    let again = store::open(path).unwrap_or_else(|e| panic!("a saved review does not open: {e}"));
    assert_eq!(
        json::export_architecture(&again.architecture),
        json::export_architecture(&review.architecture),
        "a review's architecture changed on its way through the file"
    );
}

fn rule_pack(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(pack) = Pack::from_sources(&[("fuzz.toml".to_owned(), text)]) else {
        return;
    };
    evaluate(reference_architecture(), &pack);
    // A pack that loads on its own also merges with the built-in one, or says why not.
    if let Ok(merged) = Pack::builtin().merge(&pack) {
        evaluate(reference_architecture(), &merged);
    }
}

fn mapping(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(own) = Mapping::parse(text, "fuzz.toml") else {
        return;
    };
    let mut mapping = builtin_mapping().clone();
    mapping.merge(own);
    import_template(REFERENCE_TEMPLATE, &mapping);
}

fn cloudformation_template(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    import_template(text, builtin_mapping());
}

fn terraform(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok((import, _)) = lens::iac::import_text(text, "fuzz", &[]) else {
        return;
    };
    let mut review = reimport::new_review(&import, "fuzz.tfplan.json", 0)
        .unwrap_or_else(|e| panic!("an imported plan is not a valid architecture: {e}"));
    evaluate(&review.architecture, Pack::builtin());
    // Importing the same plan again into its own review changes nothing.
    let again = reimport::into_review(&mut review, &import, "fuzz.tfplan.json", 1)
        .unwrap_or_else(|e| panic!("a plan does not import again into its own review: {e}"));
    assert!(
        again.added.is_empty() && again.removed.is_empty() && again.updated.is_empty(),
        "importing the same plan again changed the review: {again:?}"
    );
}

fn threat_dragon(bytes: &[u8]) {
    threat_model(bytes, threat_dragon::import_text, |review, mapping| {
        threat_dragon::export(review, Pack::builtin(), mapping)
    });
}

fn otm(bytes: &[u8]) {
    threat_model(bytes, otm::import_text, |review, _| {
        otm::export(review, Pack::builtin())
    });
}

/// Reads a threat model with `import`; what it reads must be a valid architecture that
/// evaluates, and its `export` must read back.
fn threat_model(
    bytes: &[u8],
    import: fn(&str, &str, &ThreatModelMapping) -> Result<lens::iac::Import, InterchangeError>,
    export: fn(&Review, &ThreatModelMapping) -> String,
) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let mapping = threat_model_mapping();
    let Ok(imported) = import(text, "fuzz", mapping) else {
        return;
    };
    let architecture = Architecture::from_data_checked(imported.architecture)
        .unwrap_or_else(|e| panic!("an imported threat model is not a valid architecture: {e}"));
    evaluate(&architecture, Pack::builtin());
    let written = export(&Review::new(architecture), mapping);
    if let Err(e) = import(&written, "fuzz", mapping) {
        panic!("an exported threat model does not read back: {e}");
    }
}

fn threat_model_mapping() -> &'static ThreatModelMapping {
    static MAPPING: OnceLock<ThreatModelMapping> = OnceLock::new();
    MAPPING.get_or_init(|| ThreatModelMapping::builtin().expect("the built-in mapping loads"))
}

/// Imports `text` with `mapping`; what imports must be a valid architecture and evaluate.
fn import_template(text: &str, mapping: &Mapping) {
    let Ok(import) = cloudformation::import_text(text, "fuzz", mapping) else {
        return;
    };
    let _ = import.report.to_text();
    let architecture = Architecture::from_data_checked(import.architecture)
        .unwrap_or_else(|e| panic!("an imported template is not a valid architecture: {e}"));
    evaluate(&architecture, Pack::builtin());
}

/// The §2.4 example template of the IaC reference: an agent, its knowledge base, a guardrail and
/// a Lambda action group.
const REFERENCE_TEMPLATE: &str = include_str!("../../tests/iac/fixtures/bedrock-agent.json");

fn builtin_mapping() -> &'static Mapping {
    static MAPPING: OnceLock<Mapping> = OnceLock::new();
    MAPPING.get_or_init(|| Mapping::builtin_cloudformation().expect("the built-in mapping loads"))
}

/// The governed agentic RAG reference system, the architecture a fuzzed pack is evaluated on.
fn reference_architecture() -> &'static Architecture {
    static ARCHITECTURE: OnceLock<Architecture> = OnceLock::new();
    ARCHITECTURE.get_or_init(|| {
        json::import_architecture(include_str!(
            "../../../tests/fixtures/reference/agentic-rag-governed.json"
        ))
        .expect("the reference architecture loads")
    })
}

/// Runs every target once on empty input, so that what they load once (the catalog, the built-in
/// pack and mapping) is loaded before a fuzzer starts timing executions.
pub fn warm_up() {
    for target in TARGETS {
        (target.run)(b"");
    }
    let _ = reference_architecture();
    let _ = builtin_mapping();
    let _ = threat_model_mapping();
}
