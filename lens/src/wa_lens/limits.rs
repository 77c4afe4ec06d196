//! Every limit of the WA Tool's lens format specification, checked in one pass that reports all
//! problems, each naming the element (`question GENSEC01, choice GENSEC01_BP01`) and the field.
//! Lengths are counted in characters, as the specification states them.
//!
//! | element | limit |
//! | --- | --- |
//! | `schemaVersion` | `2021-11-01` |
//! | lens `name` / `description` | 1–128 / ≤ 2048 |
//! | `pillars` | ≤ 10; `id` 3–128 letters, digits, `_`, unique; `name` 1–128 |
//! | `questions` | ≤ 20 per pillar; `id` as pillars', unique in the lens; `title` 1–128; `description` ≤ 2048 |
//! | `choices` | ≤ 15 per question; `id` as pillars', unique in the question; `title` 1–128 |
//! | `improvementPlan` | required for every choice but the `_no` one; `displayText` 1–2048 |
//! | any resource | `displayText` ≤ 2048, required with a `url`; `url` starts `http://` or `https://` |
//! | `additionalResources` | ≤ 5 entries of each type per choice |
//! | `riskRules` | ≤ 3 per question, one per risk level, a `default` one; conditions over the question's choice ids |
//! | the file | ≤ 500 KB |

use std::collections::BTreeSet;
use std::fmt;

use super::{
    Choice, Lens, Question, Resource, ResourceKind, DEFAULT_CONDITION, NONE_SUFFIX, SCHEMA_VERSION,
};

pub const MAX_NAME_CHARS: usize = 128;
pub const MAX_TEXT_CHARS: usize = 2048;
pub const MIN_ID_CHARS: usize = 3;
pub const MAX_ID_CHARS: usize = 128;
pub const MAX_PILLARS: usize = 10;
pub const MAX_QUESTIONS_PER_PILLAR: usize = 20;
pub const MAX_CHOICES_PER_QUESTION: usize = 15;
pub const MAX_RISK_RULES: usize = 3;
pub const MAX_ADDITIONAL_PER_KIND: usize = 5;
/// "A custom lens cannot exceed 500 KB in size" (ImportLens); counted in the smaller unit,
/// 1000 bytes, so that a file we accept is accepted whichever the WA Tool means.
pub const MAX_FILE_BYTES: usize = 500 * 1000;

/// One broken limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error(
        "schemaVersion is \"{found}\"; the WA Tool's custom lens format is \"{SCHEMA_VERSION}\""
    )]
    SchemaVersion { found: String },
    #[error("{element}: `{field}` is {found} characters long; the WA Tool allows at most {max}")]
    TooLong {
        element: String,
        field: String,
        found: usize,
        max: usize,
    },
    #[error("{element}: `{field}` must not be empty")]
    Empty { element: String, field: String },
    #[error("{element}: has {found} {what}; the WA Tool allows at most {max}")]
    TooMany {
        element: String,
        what: &'static str,
        found: usize,
        max: usize,
    },
    #[error("{element}: the id \"{id}\" {problem}; ids are {MIN_ID_CHARS} to {MAX_ID_CHARS} letters, digits and underscores")]
    InvalidId {
        element: String,
        id: String,
        problem: &'static str,
    },
    #[error("{element}: the id \"{id}\" is used twice {scope}")]
    DuplicateId {
        element: String,
        id: String,
        scope: &'static str,
    },
    #[error("{element}: `{field}` \"{url}\" must start with http:// or https://")]
    InvalidUrl {
        element: String,
        field: String,
        url: String,
    },
    #[error("{element}: `{field}` has a url but no displayText; the WA Tool requires the text with a link")]
    UrlWithoutText { element: String, field: String },
    #[error("{element}: has no improvementPlan; every choice but \"None of these\" (an id ending in {NONE_SUFFIX}) needs one")]
    MissingImprovementPlan { element: String },
    #[error("{element}: has no `{DEFAULT_CONDITION}` risk rule; the WA Tool requires one")]
    NoDefaultRiskRule { element: String },
    #[error("{element}: two risk rules set {risk}; each risk level may have one rule")]
    RepeatedRisk { element: String, risk: &'static str },
    #[error("{element}: the risk rule condition \"{condition}\" {problem}")]
    InvalidCondition {
        element: String,
        condition: String,
        problem: String,
    },
    #[error("the lens JSON is {found} bytes; the WA Tool imports custom lenses of at most 500 KB ({MAX_FILE_BYTES} bytes)")]
    FileTooLarge { found: usize },
}

/// Every broken limit of a lens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitErrors(pub Vec<LimitError>);

impl fmt::Display for LimitErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LimitErrors {}

/// Checks every limit but the file size (which is one of the text: [`check_size`]).
pub fn validate(lens: &Lens) -> Result<(), LimitErrors> {
    let mut c = Checker::default();
    if lens.schema_version != SCHEMA_VERSION {
        c.push(LimitError::SchemaVersion {
            found: lens.schema_version.clone(),
        });
    }
    c.text("the lens", "name", &lens.name, 1, MAX_NAME_CHARS);
    c.text(
        "the lens",
        "description",
        &lens.description,
        0,
        MAX_TEXT_CHARS,
    );
    c.count("the lens", "pillars", lens.pillars.len(), MAX_PILLARS);
    let mut pillar_ids = BTreeSet::new();
    let mut question_ids = BTreeSet::new();
    for pillar in &lens.pillars {
        let element = format!("pillar {}", pillar.id);
        c.id(&element, &pillar.id, &mut pillar_ids, "among the pillars");
        c.text(&element, "name", &pillar.name, 1, MAX_NAME_CHARS);
        c.count(
            &element,
            "questions",
            pillar.questions.len(),
            MAX_QUESTIONS_PER_PILLAR,
        );
        for question in &pillar.questions {
            c.question(question, &mut question_ids);
        }
    }
    c.finish()
}

/// The file-size limit, on the length in bytes of the JSON text.
pub fn check_size(bytes: usize) -> Result<(), LimitErrors> {
    if bytes > MAX_FILE_BYTES {
        return Err(LimitErrors(vec![LimitError::FileTooLarge { found: bytes }]));
    }
    Ok(())
}

#[derive(Default)]
struct Checker(Vec<LimitError>);

impl Checker {
    fn push(&mut self, e: LimitError) {
        self.0.push(e);
    }

    fn finish(self) -> Result<(), LimitErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(LimitErrors(self.0))
        }
    }

    fn text(&mut self, element: &str, field: &str, text: &str, min: usize, max: usize) {
        let found = text.chars().count();
        if found < min || (min > 0 && text.trim().is_empty()) {
            self.push(LimitError::Empty {
                element: element.to_owned(),
                field: field.to_owned(),
            });
        } else if found > max {
            self.push(LimitError::TooLong {
                element: element.to_owned(),
                field: field.to_owned(),
                found,
                max,
            });
        }
    }

    fn count(&mut self, element: &str, what: &'static str, found: usize, max: usize) {
        if found > max {
            self.push(LimitError::TooMany {
                element: element.to_owned(),
                what,
                found,
                max,
            });
        }
    }

    fn id<'a>(
        &mut self,
        element: &str,
        id: &'a str,
        seen: &mut BTreeSet<&'a str>,
        scope: &'static str,
    ) {
        let chars = id.chars().count();
        let problem = if chars < MIN_ID_CHARS {
            Some("is too short")
        } else if chars > MAX_ID_CHARS {
            Some("is too long")
        } else if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            Some("has characters other than letters, digits and underscores")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.push(LimitError::InvalidId {
                element: element.to_owned(),
                id: id.to_owned(),
                problem,
            });
        }
        if !seen.insert(id) {
            self.push(LimitError::DuplicateId {
                element: element.to_owned(),
                id: id.to_owned(),
                scope,
            });
        }
    }

    fn resource(&mut self, element: &str, field: &str, resource: &Resource) {
        match &resource.display_text {
            Some(text) => self.text(
                element,
                &format!("{field}.displayText"),
                text,
                0,
                MAX_TEXT_CHARS,
            ),
            None if resource.url.is_some() => self.push(LimitError::UrlWithoutText {
                element: element.to_owned(),
                field: field.to_owned(),
            }),
            None => {}
        }
        if let Some(url) = &resource.url {
            self.url(element, &format!("{field}.url"), url);
        }
    }

    fn url(&mut self, element: &str, field: &str, url: &str) {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            self.push(LimitError::InvalidUrl {
                element: element.to_owned(),
                field: field.to_owned(),
                url: url.to_owned(),
            });
        }
    }

    fn question<'a>(&mut self, question: &'a Question, seen: &mut BTreeSet<&'a str>) {
        let element = format!("question {}", question.id);
        self.id(
            &element,
            &question.id,
            seen,
            "among the questions of the lens",
        );
        self.text(&element, "title", &question.title, 1, MAX_NAME_CHARS);
        self.text(
            &element,
            "description",
            &question.description,
            0,
            MAX_TEXT_CHARS,
        );
        if let Some(r) = &question.helpful_resource {
            self.resource(&element, "helpfulResource", r);
        }
        self.count(
            &element,
            "choices",
            question.choices.len(),
            MAX_CHOICES_PER_QUESTION,
        );
        let mut choice_ids = BTreeSet::new();
        for choice in &question.choices {
            self.choice(&element, choice, &mut choice_ids);
        }
        self.risk_rules(&element, question, &choice_ids);
    }

    fn choice<'a>(&mut self, question: &str, choice: &'a Choice, seen: &mut BTreeSet<&'a str>) {
        let element = format!("{question}, choice {}", choice.id);
        self.id(
            &element,
            &choice.id,
            seen,
            "among the choices of the question",
        );
        self.text(&element, "title", &choice.title, 1, MAX_NAME_CHARS);
        if let Some(r) = &choice.helpful_resource {
            self.resource(&element, "helpfulResource", r);
        }
        match &choice.improvement_plan {
            Some(plan) => {
                let text = plan.display_text.as_deref().unwrap_or_default();
                self.text(
                    &element,
                    "improvementPlan.displayText",
                    text,
                    1,
                    MAX_TEXT_CHARS,
                );
                if let Some(url) = &plan.url {
                    self.url(&element, "improvementPlan.url", url);
                }
            }
            None if !choice.id.ends_with(NONE_SUFFIX) => {
                self.push(LimitError::MissingImprovementPlan {
                    element: element.clone(),
                });
            }
            None => {}
        }
        for kind in [ResourceKind::HelpfulResource, ResourceKind::ImprovementPlan] {
            let of_kind = choice
                .additional_resources
                .iter()
                .filter(|a| a.kind == kind);
            let what = match kind {
                ResourceKind::HelpfulResource => "additional helpful resources",
                ResourceKind::ImprovementPlan => "additional improvement plans",
            };
            let entries: Vec<&Resource> = of_kind.flat_map(|a| &a.content).collect();
            self.count(&element, what, entries.len(), MAX_ADDITIONAL_PER_KIND);
            for r in entries {
                self.resource(&element, "additionalResources.content", r);
            }
        }
    }

    fn risk_rules(&mut self, element: &str, question: &Question, choices: &BTreeSet<&str>) {
        self.count(
            element,
            "risk rules",
            question.risk_rules.len(),
            MAX_RISK_RULES,
        );
        let mut levels = BTreeSet::new();
        for rule in &question.risk_rules {
            if !levels.insert(rule.risk) {
                self.push(LimitError::RepeatedRisk {
                    element: element.to_owned(),
                    risk: rule.risk.as_str(),
                });
            }
            if rule.condition.trim() == DEFAULT_CONDITION {
                continue;
            }
            if let Err(problem) = check_condition(&rule.condition, choices) {
                self.push(LimitError::InvalidCondition {
                    element: element.to_owned(),
                    condition: rule.condition.clone(),
                    problem,
                });
            }
        }
        if !question
            .risk_rules
            .iter()
            .any(|r| r.condition.trim() == DEFAULT_CONDITION)
        {
            self.push(LimitError::NoDefaultRiskRule {
                element: element.to_owned(),
            });
        }
    }
}

/// Parses a risk rule condition: choice ids joined by `&&` and `||` (`&&` binds tighter), negated
/// by `!`, grouped by parentheses; every id must be a choice of the question.
pub fn check_condition(condition: &str, choices: &BTreeSet<&str>) -> Result<(), String> {
    let tokens = tokenize(condition)?;
    let mut parser = ConditionParser {
        tokens: &tokens,
        at: 0,
        choices,
    };
    parser.or()?;
    match tokens.get(parser.at) {
        None => Ok(()),
        Some(t) => Err(format!("has \"{t}\" where it should end")),
    }
}

fn tokenize(condition: &str) -> Result<Vec<&str>, String> {
    let mut tokens = Vec::new();
    let mut rest = condition.trim_start();
    while !rest.is_empty() {
        let len = if rest.starts_with("&&") || rest.starts_with("||") {
            2
        } else if rest.starts_with(['!', '(', ')']) {
            1
        } else {
            let word = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if word == 0 {
                let bad = rest.chars().next().unwrap_or_default();
                return Err(format!(
                    "has '{bad}', which is not a choice id, &&, ||, ! or a parenthesis"
                ));
            }
            word
        };
        tokens.push(&rest[..len]);
        rest = rest[len..].trim_start();
    }
    Ok(tokens)
}

struct ConditionParser<'a> {
    tokens: &'a [&'a str],
    at: usize,
    choices: &'a BTreeSet<&'a str>,
}

impl ConditionParser<'_> {
    fn or(&mut self) -> Result<(), String> {
        self.and()?;
        while self.tokens.get(self.at) == Some(&"||") {
            self.at += 1;
            self.and()?;
        }
        Ok(())
    }

    fn and(&mut self) -> Result<(), String> {
        self.unary()?;
        while self.tokens.get(self.at) == Some(&"&&") {
            self.at += 1;
            self.unary()?;
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<(), String> {
        let Some(&token) = self.tokens.get(self.at) else {
            return Err("ends where a choice id is expected".into());
        };
        self.at += 1;
        match token {
            "!" => self.unary(),
            "(" => {
                self.or()?;
                if self.tokens.get(self.at) == Some(&")") {
                    self.at += 1;
                    Ok(())
                } else {
                    Err("has a parenthesis that is not closed".into())
                }
            }
            "&&" | "||" | ")" => Err(format!("has \"{token}\" where a choice id is expected")),
            id if self.choices.contains(id) => Ok(()),
            id => Err(format!(
                "names \"{id}\", which is not a choice of the question"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> BTreeSet<&'static str> {
        ["Q1_a", "Q1_b", "Q1_c"].into_iter().collect()
    }

    #[test]
    fn conditions_of_the_specification_example_parse() {
        let c = choices();
        assert_eq!(check_condition("Q1_a && Q1_b && Q1_c", &c), Ok(()));
        assert_eq!(
            check_condition("((Q1_a || Q1_b) && Q1_c) || (!Q1_a && Q1_c)", &c),
            Ok(())
        );
    }

    #[test]
    fn a_condition_naming_another_question_s_choice_is_refused() {
        let e = check_condition("Q1_a && Q2_a", &choices()).unwrap_err();
        assert!(e.contains("\"Q2_a\""), "{e}");
    }

    #[test]
    fn malformed_conditions_are_refused_with_the_reason() {
        let c = choices();
        for (condition, expected) in [
            ("(Q1_a || Q1_b", "not closed"),
            ("Q1_a &&", "ends where"),
            ("Q1_a Q1_b", "where it should end"),
            ("Q1_a & Q1_b", "'&'"),
            ("|| Q1_a", "\"||\""),
        ] {
            let e = check_condition(condition, &c).unwrap_err();
            assert!(e.contains(expected), "{condition}: {e}");
        }
    }
}
