//! Validated rules: what [`super::format`] compiles into. Every reference is resolved here, at
//! load time (kinds and categories to a set of kinds, properties to their catalog type and
//! defaults, best-practice ids to the lens table, the condition to its family), so that
//! evaluation never meets a bad name. [`compile`] runs the named steps below, each adding the
//! problems it finds; a rule with any problem is rejected with all of them.

use std::sync::Arc;

use super::compile::{resolve_dimensions, Compiler, FieldProblem, Subjects};
use super::condition::Condition;
use super::format::{RuleFormat, SubjectFormat};
use super::select::{FlowSelector, PropertyCondition, Selector};
use super::template::{Template, TemplateValues, PLACEHOLDERS};
use crate::catalog::vocabulary::Vocabulary;
use crate::practices::{self, BestPractice, Dimension, Pillar, Risk};

/// A validated rule of a pack.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub best_practices: Vec<String>,
    pub pillar: Pillar,
    /// The responsible-AI dimensions the rule concerns, in the lens's order (possibly none).
    pub dimensions: Vec<Dimension>,
    pub risk: Risk,
    /// Why the risk is below the lens's rating of the rule's best practices, when it is.
    pub risk_reason: Option<String>,
    pub title: String,
    pub why: String,
    pub url: String,
    /// The file the rule was loaded from (`genai/security.toml`).
    pub file: String,
    pub(crate) message: Template,
    /// The message of a finding that rests only on properties nobody set, if the rule has one.
    pub(crate) unstated: Option<Template>,
    pub(crate) fix: Template,
    pub(crate) applies_to: AppliesTo,
    pub(crate) requires: Arc<dyn Condition>,
    /// The texts every finding of the rule carries, shared rather than copied per finding.
    pub(crate) shared: SharedTexts,
    /// Every property condition of the rule, with whether it is about flows.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) conditions: Vec<(PropertyCondition, bool)>,
}

#[derive(Clone, Debug)]
pub(crate) struct SharedTexts {
    pub id: Arc<str>,
    pub best_practices: Arc<[String]>,
    pub dimensions: Arc<[Dimension]>,
    pub title: Arc<str>,
    pub why: Arc<str>,
    pub url: Arc<str>,
}

impl Rule {
    /// The message template as written (`{label} …`).
    pub fn message_template(&self) -> &str {
        &self.message.text
    }
    /// The message template for findings that rest only on properties nobody set, if any.
    pub fn unstated_template(&self) -> Option<&str> {
        self.unstated.as_ref().map(|t| t.text.as_str())
    }
    /// Whether a finding of the rule can rest only on properties nobody set.
    pub fn may_be_unstated(&self) -> bool {
        self.requires.may_be_unstated()
    }
    /// The fix template as written.
    pub fn fix_template(&self) -> &str {
        &self.fix.text
    }
    /// Whether the rule's subjects are flows (else components).
    pub fn is_about_flows(&self) -> bool {
        matches!(self.applies_to, AppliesTo::Flows(_))
    }
    /// The fix as said of no drawing in particular: its placeholders read "the component" (or
    /// "the flow"), "the source", "the calling component" and "the called component" — for the
    /// rule's own help (SARIF) and the WA Tool lens.
    pub fn fix_in_general(&self) -> String {
        let subject = if self.is_about_flows() {
            "the flow"
        } else {
            "the component"
        };
        self.fix.render(&TemplateValues {
            label: subject,
            id: subject,
            source: Some("the source"),
            from: Some("the calling component"),
            to: Some("the called component"),
        })
    }
}

/// What a rule's findings are about: the components or the flows a selector picks.
#[derive(Clone, Debug)]
pub(crate) enum AppliesTo {
    Components(Selector),
    Flows(FlowSelector),
}

/// Compiles a rule, collecting every problem rather than stopping at the first.
pub(crate) fn compile(
    f: RuleFormat,
    file: &str,
    vocab: &Vocabulary,
) -> Result<Rule, Vec<FieldProblem>> {
    let mut c = Compiler::new(vocab);
    check_id(&mut c, &f);
    let practices = resolve_practices(&mut c, &f);
    check_texts(&mut c, &f);
    let (dimensions, problems) = resolve_dimensions(&f.dimensions);
    for p in problems {
        c.problem(&p.field, p.problem);
    }
    let applies_to = subjects(&mut c, &f.applies_to);
    let requires: Arc<dyn Condition> = Arc::from(c.condition(&f.requires, "requires"));
    check_placeholders(&mut c, &f, requires.yields_path());
    let risk = rate(&mut c, &f, &practices);
    if !c.problems().is_empty() {
        return Err(c.into_problems());
    }
    let first = practices.first();
    let url = f
        .url
        .clone()
        .or(first.map(|p| p.url.clone()))
        .unwrap_or_default();
    let shared = SharedTexts {
        id: f.id.as_str().into(),
        best_practices: f.best_practices.as_slice().into(),
        dimensions: dimensions.as_slice().into(),
        title: f.title.as_str().into(),
        why: f.why.as_str().into(),
        url: url.as_str().into(),
    };
    Ok(Rule {
        shared,
        id: f.id,
        best_practices: f.best_practices,
        pillar: f.pillar,
        dimensions,
        risk,
        risk_reason: f.risk_reason,
        title: f.title,
        why: f.why,
        url,
        file: file.to_owned(),
        message: Template::new(f.message),
        unstated: f.unstated.map(Template::new),
        fix: Template::new(f.fix),
        applies_to,
        requires,
        conditions: c.compiled,
    })
}

/// The id is `<namespace>/<pillar>/<slug>`, naming the rule's own pillar.
fn check_id(c: &mut Compiler<'_>, f: &RuleFormat) {
    let parts: Vec<&str> = f.id.split('/').collect();
    let slug_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
    };
    match parts[..] {
        [ns, pillar, slug] if slug_ok(ns) && slug_ok(slug) => {
            if pillar != f.pillar.id() {
                c.problem(
                    "id",
                    format!(
                        "the id names the pillar \"{pillar}\" but the rule's pillar is \"{}\"",
                        f.pillar.id()
                    ),
                );
            }
        }
        _ => c.problem(
            "id",
            format!(
                "\"{}\" is not of the form <namespace>/<pillar>/<slug> (lowercase letters, digits, `-`)",
                f.id
            ),
        ),
    }
}

/// The best practices, looked up in the lens; at least one, and one of the rule's pillar.
fn resolve_practices(c: &mut Compiler<'_>, f: &RuleFormat) -> Vec<&'static BestPractice> {
    let mut found = Vec::new();
    if f.best_practices.is_empty() {
        c.problem("best_practices", "name at least one best practice".into());
    }
    for (i, bp) in f.best_practices.iter().enumerate() {
        match practices::get(bp) {
            Some(p) => found.push(p),
            None => c.problem(
                &format!("best_practices[{i}]"),
                format!("\"{bp}\" is not a best practice of the Generative AI Lens"),
            ),
        }
    }
    if !found.is_empty() && found.iter().all(|p| p.pillar != f.pillar) {
        c.problem(
            "pillar",
            format!(
                "none of the rule's best practices belongs to the pillar \"{}\"",
                f.pillar.id()
            ),
        );
    }
    found
}

/// The rule's risk: the lens's rating of its best practices (the highest), or a lower one the rule
/// gives a reason for.
fn rate(c: &mut Compiler<'_>, f: &RuleFormat, practices: &[&BestPractice]) -> Risk {
    let lens = practices
        .iter()
        .map(|p| p.risk_if_missing)
        .max()
        .unwrap_or(Risk::High);
    let reason = f.risk_reason.as_deref().filter(|r| !r.trim().is_empty());
    match (f.risk, reason) {
        (Some(risk), _) if risk > lens => c.problem(
            "risk",
            format!(
                "the lens rates these best practices \"{}\" at most; a rule cannot rate them higher",
                lens.id()
            ),
        ),
        (Some(risk), None) if risk < lens => c.problem(
            "risk_reason",
            format!(
                "the lens rates these best practices \"{}\"; say why this rule rates its findings \"{}\"",
                lens.id(),
                risk.id()
            ),
        ),
        (risk, Some(_)) if risk.is_none_or(|r| r == lens) => c.problem(
            "risk_reason",
            format!(
                "the rule has the lens's own risk (\"{}\"); a reason is only for a lower one",
                lens.id()
            ),
        ),
        _ => {}
    }
    f.risk.unwrap_or(lens)
}

/// The title and why are not blank.
fn check_texts(c: &mut Compiler<'_>, f: &RuleFormat) {
    for (field, text) in [("title", &f.title), ("why", &f.why)] {
        if text.trim().is_empty() {
            c.problem(field, "must not be empty".into());
        }
    }
}

/// The subjects' selector, which also tells the compiler what the conditions are checked on.
fn subjects(c: &mut Compiler<'_>, s: &SubjectFormat) -> AppliesTo {
    match s {
        SubjectFormat::Components(s) => {
            let selector = c.selector(s, "applies_to.components");
            c.set_subjects(Subjects::Components(selector.kinds.clone()));
            AppliesTo::Components(selector)
        }
        SubjectFormat::Flows(s) => {
            let selector = c.flow_selector(s, "applies_to.flows");
            c.set_subjects(Subjects::Flows);
            AppliesTo::Flows(selector)
        }
    }
}

/// The message and the fix are not blank and name only the placeholders the rule can fill:
/// `{source}` needs a condition with a witness path, `{from}` and `{to}` flow subjects.
fn check_placeholders(c: &mut Compiler<'_>, f: &RuleFormat, has_path: bool) {
    let mut allowed: Vec<&str> = vec!["label", "id"];
    if has_path {
        allowed.push("source");
    }
    if c.about_flows() {
        allowed.extend(["from", "to"]);
    }
    let texts = [("message", &f.message), ("fix", &f.fix)];
    let unstated = f.unstated.as_ref().map(|u| ("unstated", u));
    for (field, text) in texts.into_iter().chain(unstated) {
        if text.trim().is_empty() {
            c.problem(field, "must not be empty".into());
        }
        match Template::placeholders(text) {
            Err(e) => c.problem(field, e),
            Ok(names) => {
                for name in names {
                    if !allowed.contains(&name) {
                        let why = if PLACEHOLDERS.contains(&name) {
                            "is not available in this rule"
                        } else {
                            "is not a placeholder"
                        };
                        c.problem(
                            field,
                            format!("`{{{name}}}` {why}; use one of {}", braces(&allowed)),
                        );
                    }
                }
            }
        }
    }
}

fn braces(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{{{n}}}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
