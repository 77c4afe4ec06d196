//! How a threat model's elements become Lensboard kinds and trust levels, as data
//! (`lens/mapping/threat-models.toml`, compiled in; a user's file is put in front of it).
//!
//! A mapping has
//!
//! - `[family]`: the Threat Dragon shape of the kinds that are not processes (`actor = [...]`,
//!   `store = [...]`). Export draws each kind as its shape; on import a rule applies only to
//!   cells whose shape is its kind's, so a store named "User DB" is never drawn as a user.
//! - `[generic]`: the kind of an element no rule matches, per shape (`actor`, `process`,
//!   `store`); the import report lists such elements "to confirm".
//! - `[[kind]]` rules (`kind`, `words`) and `[[trust]]` rules (`trust`, `words`), first match
//!   wins. A rule matches a text when one of its words or phrases appears in it as whole words,
//!   ignoring case, punctuation and camel case: "VectorDB" and "vector-db" read "vector db".
//!   Each text of an element is tried with every rule before the next text (the name first), so
//!   a word in the name beats an earlier rule's word in the description.
//!
//! A user's mapping (`lens import --mapping FILE`) may hold only some of these: its rules are
//! tried before the built-in ones, its `[family]` and `[generic]` entries replace theirs.

use serde::Deserialize;

use crate::catalog::Catalog;
use crate::iac::MappingError;
use crate::model::Trust;

/// The built-in mapping.
pub const BUILTIN: &str = include_str!("../../mapping/threat-models.toml");

/// A Threat Dragon element shape that carries a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Actor,
    Process,
    Store,
}

impl Family {
    /// The word the mapping file and the report use.
    pub fn id(self) -> &'static str {
        match self {
            Family::Actor => "actor",
            Family::Process => "process",
            Family::Store => "store",
        }
    }
}

/// A mapping file as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatModelMapping {
    #[serde(default)]
    pub family: FamilyTable,
    #[serde(default)]
    pub generic: GenericKinds,
    #[serde(default, rename = "kind")]
    pub kinds: Vec<KindRule>,
    #[serde(default, rename = "trust")]
    pub trusts: Vec<TrustRule>,
}

/// The kinds drawn as actors and as stores.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyTable {
    pub actor: Option<Vec<String>>,
    pub store: Option<Vec<String>>,
}

/// The kind of an element no rule matches, per shape.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericKinds {
    pub actor: Option<String>,
    pub process: Option<String>,
    pub store: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRule {
    pub kind: String,
    pub words: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustRule {
    pub trust: Trust,
    pub words: Vec<String>,
}

/// One text of an element to read words from: what it is (`name`, `description`, `type`) and
/// where it is in the file (for the report).
#[derive(Clone, Debug)]
pub struct Text<'a> {
    pub field: &'static str,
    pub path: String,
    pub value: &'a str,
}

impl<'a> Text<'a> {
    pub fn new(field: &'static str, path: String, value: &'a str) -> Text<'a> {
        Text { field, path, value }
    }
}

/// How a kind or trust level was chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice<T> {
    /// A rule's word was found in a text.
    Matched {
        value: T,
        word: String,
        field: String,
        path: String,
    },
    /// No rule matched: the generic value.
    Generic(T),
}

impl<T: Clone> Choice<T> {
    pub fn value(&self) -> T {
        match self {
            Choice::Matched { value, .. } | Choice::Generic(value) => value.clone(),
        }
    }
}

impl ThreatModelMapping {
    /// The built-in mapping (checked by a test; a broken one is a build defect).
    pub fn builtin() -> Result<ThreatModelMapping, MappingError> {
        let mapping = ThreatModelMapping::parse(BUILTIN, "built into lens")?;
        let complete = mapping.family.actor.is_some()
            && mapping.family.store.is_some()
            && mapping.generic.actor.is_some()
            && mapping.generic.process.is_some()
            && mapping.generic.store.is_some();
        if complete {
            Ok(mapping)
        } else {
            Err(MappingError::Invalid {
                origin: "built into lens".into(),
                problems: vec!["[family] and [generic] must name every shape".into()],
            })
        }
    }

    /// Reads and validates a mapping; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<ThreatModelMapping, MappingError> {
        crate::iac::mapping::parse_checked(text, origin, |m: &ThreatModelMapping| {
            m.validate(Catalog::builtin())
        })
    }

    /// Puts `own` in front: its rules are tried first, its family and generic entries win.
    pub fn merge(&mut self, own: ThreatModelMapping) {
        let mut kinds = own.kinds;
        kinds.append(&mut self.kinds);
        self.kinds = kinds;
        let mut trusts = own.trusts;
        trusts.append(&mut self.trusts);
        self.trusts = trusts;
        self.family.actor = own.family.actor.or(self.family.actor.take());
        self.family.store = own.family.store.or(self.family.store.take());
        self.generic.actor = own.generic.actor.or(self.generic.actor.take());
        self.generic.process = own.generic.process.or(self.generic.process.take());
        self.generic.store = own.generic.store.or(self.generic.store.take());
    }

    fn validate(&self, catalog: &Catalog) -> Vec<String> {
        let mut problems = Vec::new();
        let mut kind = |at: String, kind: &str| {
            if catalog.kind(kind).is_none() {
                problems.push(format!("{at}: \"{kind}\" is not a component kind"));
            }
        };
        let families = [("actor", &self.family.actor), ("store", &self.family.store)];
        for (family, kinds) in families {
            for k in kinds.iter().flatten() {
                kind(format!("family.{family}"), k);
            }
        }
        let generic = [
            ("actor", &self.generic.actor),
            ("process", &self.generic.process),
            ("store", &self.generic.store),
        ];
        for (family, k) in generic {
            if let Some(k) = k {
                kind(format!("generic.{family}"), k);
            }
        }
        for (i, rule) in self.kinds.iter().enumerate() {
            kind(format!("kind[{i}]"), &rule.kind);
        }
        let mut words = |at: String, words: &[String]| {
            if words.is_empty() || words.iter().any(|w| tokens(w).is_empty()) {
                problems.push(format!("{at}.words: every rule needs words, none blank"));
            }
        };
        for (i, rule) in self.kinds.iter().enumerate() {
            words(format!("kind[{i}]"), &rule.words);
        }
        for (i, rule) in self.trusts.iter().enumerate() {
            words(format!("trust[{i}]"), &rule.words);
        }
        problems
    }

    /// The shape of `kind` in Threat Dragon.
    pub fn family_of(&self, kind: &str) -> Family {
        let has = |list: &Option<Vec<String>>| list.iter().flatten().any(|k| k == kind);
        if has(&self.family.actor) {
            Family::Actor
        } else if has(&self.family.store) {
            Family::Store
        } else {
            Family::Process
        }
    }

    /// The generic kind of a shape.
    pub fn generic(&self, family: Family) -> String {
        let kind = match family {
            Family::Actor => &self.generic.actor,
            Family::Process => &self.generic.process,
            Family::Store => &self.generic.store,
        };
        kind.clone().unwrap_or_else(|| "service".to_owned())
    }

    /// The kind of an element of shape `family` (any shape when `None`) with these texts.
    pub fn kind_for(&self, family: Option<Family>, texts: &[Text<'_>]) -> Choice<String> {
        let rules = self
            .kinds
            .iter()
            .filter(|r| family.is_none_or(|f| self.family_of(&r.kind) == f))
            .map(|r| (&r.kind, r.words.as_slice()));
        match first_match(rules, texts) {
            Some(choice) => choice,
            None => Choice::Generic(self.generic(family.unwrap_or(Family::Process))),
        }
    }

    /// The trust level of a boundary with these texts (`fallback` when no rule matches).
    pub fn trust_for(&self, texts: &[Text<'_>], fallback: Trust) -> Choice<Trust> {
        let rules = self.trusts.iter().map(|r| (&r.trust, r.words.as_slice()));
        first_match(rules, texts).unwrap_or(Choice::Generic(fallback))
    }
}

fn first_match<'r, T: Clone + 'r>(
    rules: impl Iterator<Item = (&'r T, &'r [String])> + Clone,
    texts: &[Text<'_>],
) -> Option<Choice<T>> {
    for text in texts {
        let read = tokens(text.value);
        if read.is_empty() {
            continue;
        }
        for (value, words) in rules.clone() {
            if let Some(word) = words.iter().find(|w| contains_words(&read, &tokens(w))) {
                return Some(Choice::Matched {
                    value: value.clone(),
                    word: word.clone(),
                    field: text.field.to_owned(),
                    path: text.path.clone(),
                });
            }
        }
    }
    None
}

/// The words of a text, lower case: split at anything not a letter or digit and where camel
/// case changes from lower to upper case ("VectorDB" → "vector", "db").
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && previous_lower && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
            word.extend(c.to_lowercase());
        } else {
            previous_lower = false;
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn contains_words(text: &[String], words: &[String]) -> bool {
    !words.is_empty() && text.windows(words.len()).any(|w| w == words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(value: &str) -> Vec<Text<'_>> {
        vec![Text::new("name", "name".into(), value)]
    }

    #[test]
    fn words_are_split_at_punctuation_and_camel_case() {
        assert_eq!(tokens("VectorDB"), ["vector", "db"]);
        assert_eq!(tokens("vector-db (prod)"), ["vector", "db", "prod"]);
        assert_eq!(tokens("LLM"), ["llm"]);
        assert_eq!(tokens("gpt4Turbo"), ["gpt4", "turbo"]);
    }

    #[test]
    fn a_word_inside_another_word_does_not_match() {
        let mapping = ThreatModelMapping::builtin().expect("built-in mapping");
        let choice = mapping.kind_for(Some(Family::Process), &name("Remodelling engine"));
        assert_eq!(choice, Choice::Generic("service".into()));
    }

    #[test]
    fn rules_apply_only_to_their_kinds_shape() {
        let mapping = ThreatModelMapping::builtin().expect("built-in mapping");
        let store = mapping.kind_for(Some(Family::Store), &name("User DB"));
        assert_eq!(store.value(), "database", "a store is never a user");
        let process = mapping.kind_for(Some(Family::Process), &name("Embeddings"));
        assert_eq!(process.value(), "embedding_model");
        let stored = mapping.kind_for(Some(Family::Store), &name("Embeddings"));
        assert_eq!(stored.value(), "vector_store");
    }
}
