//! [`Pack`]: a set of validated rules and checklist items, loaded from TOML files — the built-in
//! Generative AI Lens pack compiled into the binary, or a directory on disk. Loading reports every
//! problem of every file at once ([`PackErrors`]), each naming the file, the rule and the field.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use super::compile::resolve_dimensions;
use super::format::{ChecklistItemFormat, RuleFormat};
use super::rule::{compile, Rule};
use crate::catalog::vocabulary::Vocabulary;
use crate::practices::{self, Dimension, Pillar};

/// The files of the built-in pack, by name. `checklist.toml` holds checklist items; the other
/// files hold rules.
const BUILTIN: &[(&str, &str)] = &[
    (
        "genai/operational_excellence.toml",
        include_str!("../../packs/genai/operational_excellence.toml"),
    ),
    (
        "genai/security.toml",
        include_str!("../../packs/genai/security.toml"),
    ),
    (
        "genai/reliability.toml",
        include_str!("../../packs/genai/reliability.toml"),
    ),
    (
        "genai/performance_efficiency.toml",
        include_str!("../../packs/genai/performance_efficiency.toml"),
    ),
    (
        "genai/cost_optimization.toml",
        include_str!("../../packs/genai/cost_optimization.toml"),
    ),
    (
        "genai/sustainability.toml",
        include_str!("../../packs/genai/sustainability.toml"),
    ),
    (
        "genai/checklist.toml",
        include_str!("../../packs/genai/checklist.toml"),
    ),
];

/// The name of the file that holds a pack's checklist items.
pub const CHECKLIST_FILE: &str = "checklist.toml";

/// A question people answer for a best practice that no drawing can show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistItem {
    pub id: String,
    pub best_practice: String,
    pub pillar: Pillar,
    /// The responsible-AI dimensions the question concerns, in the lens's order (possibly none).
    pub dimensions: Vec<Dimension>,
    pub question: String,
    pub file: String,
}

/// Rules and checklist items, validated.
#[derive(Clone, Debug, Default)]
pub struct Pack {
    rules: Vec<Rule>,
    checklist: Vec<ChecklistItem>,
}

/// One problem in a pack.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    #[error("{file}: cannot be read: {message}")]
    Unreadable { file: String, message: String },
    #[error("{file}: not valid TOML: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: `{field}`: {problem}")]
    File {
        file: String,
        field: String,
        problem: String,
    },
    #[error("{file}: rule \"{rule}\", field `{field}`: {problem}")]
    Rule {
        file: String,
        rule: String,
        field: String,
        problem: String,
    },
    #[error("{file}: checklist item \"{item}\", field `{field}`: {problem}")]
    ChecklistItem {
        file: String,
        item: String,
        field: String,
        problem: String,
    },
}

/// Every problem found while loading a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackErrors(pub Vec<PackError>);

impl fmt::Display for PackErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PackErrors {}

impl Pack {
    /// The Generative AI Lens pack compiled into the binary.
    pub fn builtin() -> &'static Pack {
        static PACK: OnceLock<Pack> = OnceLock::new();
        PACK.get_or_init(|| {
            let files: Vec<(String, &str)> = BUILTIN
                .iter()
                .map(|(name, text)| ((*name).to_owned(), *text))
                .collect();
            // Compiled-in data, checked by the tests: a failure here is a bug in this crate.
            Pack::from_sources(&files).unwrap_or_else(|e| panic!("the built-in pack is valid: {e}"))
        })
    }

    /// Loads a pack from `(file name, TOML text)` pairs; `checklist.toml` holds checklist items,
    /// every other file holds rules.
    pub fn from_sources(files: &[(String, &str)]) -> Result<Pack, PackErrors> {
        let vocab = Vocabulary::builtin();
        let mut errors = Vec::new();
        let mut pack = Pack::default();
        for (file, text) in files {
            let is_checklist = Path::new(file)
                .file_name()
                .is_some_and(|n| n == CHECKLIST_FILE);
            let table: toml::Table = match toml::from_str(text) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(PackError::Syntax {
                        file: file.clone(),
                        message: e.message().to_owned() + &line_of(text, e.span()),
                    });
                    continue;
                }
            };
            let key = if is_checklist { "item" } else { "rule" };
            for other in table.keys().filter(|k| *k != key) {
                errors.push(PackError::File {
                    file: file.clone(),
                    field: other.clone(),
                    problem: format!("unknown key; a pack file holds only `[[{key}]]` tables"),
                });
            }
            let entries = match table.get(key) {
                None => Vec::new(),
                Some(toml::Value::Array(a)) => a.clone(),
                Some(_) => {
                    errors.push(PackError::File {
                        file: file.clone(),
                        field: key.to_owned(),
                        problem: format!("write each entry as a `[[{key}]]` table"),
                    });
                    continue;
                }
            };
            for (i, entry) in entries.into_iter().enumerate() {
                let name = entry
                    .get("id")
                    .and_then(toml::Value::as_str)
                    .map_or_else(|| format!("#{}", i + 1), str::to_owned);
                if is_checklist {
                    match checklist_item(entry, file) {
                        Ok(item) => pack.checklist.push(item),
                        Err(problems) => {
                            errors.extend(problems.into_iter().map(|(field, problem)| {
                                PackError::ChecklistItem {
                                    file: file.clone(),
                                    item: name.clone(),
                                    field,
                                    problem,
                                }
                            }))
                        }
                    }
                    continue;
                }
                let format: RuleFormat = match serde_path_to_error::deserialize(entry) {
                    Ok(f) => f,
                    Err(e) => {
                        let field = e.path().to_string();
                        errors.push(PackError::Rule {
                            file: file.clone(),
                            rule: name,
                            field: if field == "." { "(rule)".into() } else { field },
                            problem: e.into_inner().message().to_owned(),
                        });
                        continue;
                    }
                };
                match compile(format, file, vocab) {
                    Ok(rule) => pack.rules.push(rule),
                    Err(problems) => errors.extend(problems.into_iter().map(|p| PackError::Rule {
                        file: file.clone(),
                        rule: name.clone(),
                        field: p.field,
                        problem: p.problem,
                    })),
                }
            }
        }
        errors.extend(pack.duplicates(&[]));
        if errors.is_empty() {
            Ok(pack)
        } else {
            Err(PackErrors(errors))
        }
    }

    /// Loads every `*.toml` file of a directory (not its subdirectories), in name order.
    pub fn load_dir(dir: &Path) -> Result<Pack, PackErrors> {
        let unreadable = |e: std::io::Error, file: &Path| {
            PackErrors(vec![PackError::Unreadable {
                file: file.display().to_string(),
                message: e.to_string(),
            }])
        };
        let mut names = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| unreadable(e, dir))? {
            let path = entry.map_err(|e| unreadable(e, dir))?.path();
            if path.extension().is_some_and(|x| x == "toml") && path.is_file() {
                names.push(path);
            }
        }
        names.sort();
        let mut texts = Vec::new();
        let mut errors = Vec::new();
        for path in names {
            match std::fs::read_to_string(&path) {
                Ok(t) => texts.push((path.display().to_string(), t)),
                Err(e) => errors.extend(unreadable(e, &path).0),
            }
        }
        let sources: Vec<(String, &str)> =
            texts.iter().map(|(n, t)| (n.clone(), t.as_str())).collect();
        match Pack::from_sources(&sources) {
            Ok(pack) if errors.is_empty() => Ok(pack),
            Ok(_) => Err(PackErrors(errors)),
            Err(e) => {
                errors.extend(e.0);
                Err(PackErrors(errors))
            }
        }
    }

    /// This pack plus the rules and items of `other`. An id defined in both is an error (naming
    /// both files); nothing is merged then.
    pub fn merge(&self, other: &Pack) -> Result<Pack, PackErrors> {
        let errors = other.duplicates(&[self]);
        if !errors.is_empty() {
            return Err(PackErrors(errors));
        }
        let mut out = self.clone();
        out.rules.extend(other.rules.iter().cloned());
        out.checklist.extend(other.checklist.iter().cloned());
        Ok(out)
    }

    /// Ids of `self` defined twice, within `self` or in one of `earlier`.
    fn duplicates(&self, earlier: &[&Pack]) -> Vec<PackError> {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for p in earlier {
            for r in &p.rules {
                seen.insert(&r.id, &r.file);
            }
            for c in &p.checklist {
                seen.insert(&c.id, &c.file);
            }
        }
        let mut errors = Vec::new();
        for r in &self.rules {
            if let Some(other) = seen.insert(&r.id, &r.file) {
                errors.push(PackError::Rule {
                    file: r.file.clone(),
                    rule: r.id.clone(),
                    field: "id".into(),
                    problem: format!("the id is already used by a rule in {other}"),
                });
            }
        }
        for c in &self.checklist {
            if let Some(other) = seen.insert(&c.id, &c.file) {
                errors.push(PackError::ChecklistItem {
                    file: c.file.clone(),
                    item: c.id.clone(),
                    field: "id".into(),
                    problem: format!("the id is already used in {other}"),
                });
            }
        }
        errors
    }

    /// The rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The checklist items, in load order.
    pub fn checklist(&self) -> &[ChecklistItem] {
        &self.checklist
    }
}

fn checklist_item(entry: toml::Value, file: &str) -> Result<ChecklistItem, Vec<(String, String)>> {
    let f: ChecklistItemFormat = serde_path_to_error::deserialize(entry)
        .map_err(|e| vec![(e.path().to_string(), e.into_inner().message().to_owned())])?;
    let mut problems = Vec::new();
    let bp = practices::get(&f.best_practice);
    if bp.is_none() {
        problems.push((
            "best_practice".to_owned(),
            format!(
                "\"{}\" is not a best practice of the Generative AI Lens",
                f.best_practice
            ),
        ));
    }
    if f.question.trim().is_empty() {
        problems.push(("question".into(), "must not be empty".into()));
    }
    let (dimensions, wrong) = resolve_dimensions(&f.dimensions);
    problems.extend(wrong.into_iter().map(|p| (p.field, p.problem)));
    match bp {
        Some(bp) if problems.is_empty() => Ok(ChecklistItem {
            id: f.id,
            best_practice: f.best_practice,
            pillar: bp.pillar,
            dimensions,
            question: f.question,
            file: file.to_owned(),
        }),
        _ => Err(problems),
    }
}

/// " (line N)" for a span of `text`, if known.
fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    span.map(|s| {
        let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
        format!(" (line {line})")
    })
    .unwrap_or_default()
}

impl Pack {
    /// The pack with only the rules for which `keep` holds (the checklist unchanged): to turn
    /// rules off, or to time them one by one.
    pub fn with_rules(&self, keep: impl Fn(&Rule) -> bool) -> Pack {
        Pack {
            rules: self.rules.iter().filter(|r| keep(r)).cloned().collect(),
            checklist: self.checklist.clone(),
        }
    }
}
