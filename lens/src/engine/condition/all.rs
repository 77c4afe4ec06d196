//! `all`, `any` and `not`: conditions combined.
//!
//! ```toml
//! requires = { all = [ { property = { … } }, { not = { present = { … } } } ] }
//! ```
//!
//! - `all = [ … ]`: every condition holds (the first that fails gives the evidence; when every
//!   failing one rests only on properties nobody set, all their questions are listed);
//! - `any = [ … ]`: at least one holds; when none does, the most telling evidence is shown — a
//!   witness path if a condition has one, else something to highlight beyond the subject. The
//!   failure rests on properties nobody set only when every alternative's does, and answering any
//!   of those would settle it;
//! - `not = { … }`: the condition does not hold.

use super::{Check, Condition, Family};
use crate::engine::compile::Compiler;
use crate::engine::context::{Basis, Context, Evidence, Question, Subject};
use crate::engine::format::PredicateFormat;
use crate::model::topology::Searches;

pub(super) const ALL: Family = Family {
    name: "all",
    compile: |body, c, field| Box::new(All(list(body, c, field))),
};

pub(super) const ANY: Family = Family {
    name: "any",
    compile: |body, c, field| Box::new(Any(list(body, c, field))),
};

pub(super) const NOT: Family = Family {
    name: "not",
    compile: |body, c, field| {
        let inner = PredicateFormat(body.clone());
        Box::new(Not(c.condition(&inner, field)))
    },
};

fn list(body: &toml::Value, c: &mut Compiler<'_>, field: &str) -> Vec<Box<dyn Condition>> {
    let Some(items) = c.body::<Vec<PredicateFormat>>(body, field) else {
        return Vec::new();
    };
    if items.is_empty() {
        c.problem(field, "list at least one condition".into());
    }
    items
        .iter()
        .enumerate()
        .map(|(i, p)| c.condition(p, &format!("{field}[{i}]")))
        .collect()
}

/// Every condition holds.
#[derive(Debug)]
pub(super) struct All(Vec<Box<dyn Condition>>);

/// At least one condition holds.
#[derive(Debug)]
pub(super) struct Any(Vec<Box<dyn Condition>>);

/// The condition does not hold.
#[derive(Debug)]
pub(super) struct Not(Box<dyn Condition>);

/// Stands for a condition that did not compile (the rule is rejected with the problem).
#[derive(Debug)]
pub(super) struct Nothing;

/// Prepared conditions, each answering in turn.
struct Prepared<'r>(Vec<Box<dyn Check + 'r>>);

impl Prepared<'_> {
    fn give_back_all(self, searches: &mut Searches) {
        for p in self.0 {
            p.give_back(searches);
        }
    }
}

fn prepare_all<'r>(
    conditions: &'r [Box<dyn Condition>],
    ctx: &Context<'_>,
    searches: &mut Searches,
) -> Prepared<'r> {
    Prepared(
        conditions
            .iter()
            .map(|c| c.prepare(ctx, searches))
            .collect(),
    )
}

impl Condition for All {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, searches: &mut Searches) -> Box<dyn Check + 'r> {
        Box::new(AllPrepared(prepare_all(&self.0, ctx, searches)))
    }
    fn yields_path(&self) -> bool {
        self.0.iter().any(|c| c.yields_path())
    }
    fn may_be_unstated(&self) -> bool {
        self.0.iter().any(|c| c.may_be_unstated())
    }
}

impl Condition for Any {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, searches: &mut Searches) -> Box<dyn Check + 'r> {
        Box::new(AnyPrepared(prepare_all(&self.0, ctx, searches)))
    }
    fn yields_path(&self) -> bool {
        self.0.iter().any(|c| c.yields_path())
    }
    fn may_be_unstated(&self) -> bool {
        self.0.iter().all(|c| c.may_be_unstated())
    }
}

impl Condition for Not {
    fn prepare<'r>(&'r self, ctx: &Context<'_>, searches: &mut Searches) -> Box<dyn Check + 'r> {
        Box::new(NotPrepared(self.0.prepare(ctx, searches)))
    }
    fn yields_path(&self) -> bool {
        self.0.yields_path()
    }
}

impl Condition for Nothing {
    fn prepare<'r>(&'r self, _: &Context<'_>, _: &mut Searches) -> Box<dyn Check + 'r> {
        Box::new(self)
    }
}

impl Check for Nothing {
    fn check(&self, _: &Context<'_>, _: Subject<'_>) -> Result<(), Evidence> {
        Ok(())
    }
}

struct AllPrepared<'r>(Prepared<'r>);

impl Check for AllPrepared<'_> {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let mut first: Option<Evidence> = None;
        for q in &self.0 .0 {
            let Err(e) = q.check(ctx, subject) else {
                continue;
            };
            match &mut first {
                None if e.basis != Basis::Unstated => return Err(e),
                None => first = Some(e),
                // A later failure on what the drawing shows or someone stated decides.
                Some(_) if e.basis != Basis::Unstated => {
                    let mut firm = first.take().unwrap_or_default();
                    firm.basis = e.basis;
                    firm.questions.clear();
                    return Err(firm);
                }
                Some(f) => {
                    for q in e.questions {
                        if !f.questions.contains(&q) {
                            f.questions.push(q);
                        }
                    }
                }
            }
        }
        first.map_or(Ok(()), Err)
    }
    fn give_back(self: Box<Self>, searches: &mut Searches) {
        self.0.give_back_all(searches);
    }
}

struct AnyPrepared<'r>(Prepared<'r>);

impl Check for AnyPrepared<'_> {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        let mut failures = Vec::new();
        for q in &self.0 .0 {
            match q.check(ctx, subject) {
                Ok(()) => return Ok(()),
                Err(e) => failures.push(e),
            }
        }
        let best = failures
            .iter()
            .position(|e| !e.path.is_empty())
            .or_else(|| failures.iter().position(|e| !e.is_empty()))
            .unwrap_or(0);
        // Firmest basis among the alternatives; every open question could settle it.
        let basis = failures.iter().map(|e| e.basis).min().unwrap_or_default();
        let mut questions: Vec<Question> = Vec::new();
        for q in failures.iter().flat_map(|e| &e.questions) {
            if !questions.contains(q) {
                questions.push(q.clone());
            }
        }
        let mut evidence = failures.into_iter().nth(best).unwrap_or_default();
        evidence.basis = basis;
        evidence.questions = questions;
        Err(evidence)
    }
    fn give_back(self: Box<Self>, searches: &mut Searches) {
        self.0.give_back_all(searches);
    }
}

struct NotPrepared<'r>(Box<dyn Check + 'r>);

impl Check for NotPrepared<'_> {
    fn check(&self, ctx: &Context<'_>, subject: Subject<'_>) -> Result<(), Evidence> {
        match self.0.check(ctx, subject) {
            Ok(()) => Err(Evidence::default()),
            Err(_) => Ok(()),
        }
    }
    fn give_back(self: Box<Self>, searches: &mut Searches) {
        self.0.give_back(searches);
    }
}
