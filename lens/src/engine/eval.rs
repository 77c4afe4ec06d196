//! Evaluation: every rule of a pack over one architecture, and the findings they give.
//!
//! Each rule is evaluated in two steps (see [`super::condition`]): its condition is *prepared*
//! once — the graph work that does not depend on the subject — then *checked* on each subject
//! in about constant time, so a rule costs O(V + E) whatever the number of subjects. This module
//! schedules the rules (over threads on large architectures) and builds the findings; it does
//! no graph work of its own.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::context::{Basis, Context, Element, Evidence, Subject};
use super::finding::{Finding, OpenQuestion};
use super::rule::{AppliesTo, Rule};
use super::template::TemplateValues;
use super::Pack;
use crate::model::topology::Searches;
use crate::model::{Architecture, Value};

/// Evaluates every rule of `pack` over `arch`. Findings are sorted: highest risk first, then by
/// rule id, then by finding id. (Rules run in that order and each yields its findings in subject
/// id order, so the findings come out sorted without comparing strings.)
///
/// On a large architecture the rules are shared out between threads (one per core, each taking
/// the next rule not yet taken) and their findings put back together in rule order, so the
/// result is the same as evaluating them one after the other.
pub fn evaluate(arch: &Architecture, pack: &Pack) -> Vec<Finding> {
    // Findings are gathered per rule and put together once at the end: growing one vector of
    // tens of thousands of findings would copy them over and over.
    evaluate_with(arch, pack, |per_rule| concatenate(per_rule.collect()))
}

/// [`evaluate`], giving `consume` the findings rule by rule, in the order of `evaluate`'s
/// result, as soon as a rule and every rule before it are done: a caller that writes them out
/// overlaps the writing with the evaluation of the rules still running, and never holds every
/// finding at once. The rules are evaluated on helper threads while `consume` runs on the
/// calling one; when it returns early (a write failed), the rules not yet started are skipped.
pub fn evaluate_with<R>(
    arch: &Architecture,
    pack: &Pack,
    consume: impl FnOnce(&mut dyn Iterator<Item = Vec<Finding>>) -> R,
) -> R {
    let ctx = Context::new(arch);
    let helpers = if ctx.ids.len() + ctx.flows.len() < PARALLEL_FROM {
        0
    } else {
        std::thread::available_parallelism().map_or(1, usize::from)
    };
    evaluate_on(&ctx, pack, helpers, consume)
}

/// [`evaluate_with`] on `helpers` helper threads; with none, each rule is evaluated on the
/// calling thread when `consume` asks for its findings.
fn evaluate_on<R>(
    ctx: &Context<'_>,
    pack: &Pack,
    helpers: usize,
    consume: impl FnOnce(&mut dyn Iterator<Item = Vec<Finding>>) -> R,
) -> R {
    let mut rules: Vec<&Rule> = pack.rules().iter().collect();
    rules.sort_by(|a, b| b.risk.cmp(&a.risk).then_with(|| a.id.cmp(&b.id)));
    let helpers = helpers.min(rules.len());
    if helpers == 0 {
        let mut scratch = Scratch::new(ctx);
        let mut per_rule = rules.iter().map(|rule| {
            let mut found = Vec::new();
            evaluate_rule(ctx, rule, &mut found, &mut scratch);
            found
        });
        return consume(&mut per_rule);
    }
    let next = AtomicUsize::new(0);
    let (done, arrived) = std::sync::mpsc::channel::<(usize, Vec<Finding>)>();
    let work = |done: std::sync::mpsc::Sender<(usize, Vec<Finding>)>| {
        let mut scratch = Scratch::new(ctx);
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(rule) = rules.get(i) else {
                return;
            };
            let mut found = Vec::new();
            evaluate_rule(ctx, rule, &mut found, &mut scratch);
            if done.send((i, found)).is_err() {
                return;
            }
        }
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..helpers)
            .map(|_| {
                let done = done.clone();
                scope.spawn(move || work(done))
            })
            .collect();
        drop(done);
        let mut in_order = InOrder {
            arrived: &arrived,
            waiting: rules.iter().map(|_| None).collect(),
            next: 0,
        };
        let result = consume(&mut in_order);
        // Consumed early: no rule is started any more; the running ones finish into the void.
        next.store(rules.len(), Ordering::Relaxed);
        drop(arrived);
        for worker in workers {
            // A panic in a rule's evaluation is a bug; pass it on as it is.
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
        result
    })
}

/// The findings of each rule, in rule order, from the helpers' results in the order they finish.
struct InOrder<'r> {
    arrived: &'r std::sync::mpsc::Receiver<(usize, Vec<Finding>)>,
    /// Results that arrived before those of a rule ahead of them.
    waiting: Vec<Option<Vec<Finding>>>,
    next: usize,
}

impl Iterator for InOrder<'_> {
    type Item = Vec<Finding>;

    fn next(&mut self) -> Option<Vec<Finding>> {
        if self.next >= self.waiting.len() {
            return None;
        }
        loop {
            if let Some(found) = self.waiting[self.next].take() {
                self.next += 1;
                return Some(found);
            }
            // Every helper gone before this rule's result came means one of them panicked: stop,
            // and the panic is passed on when the helpers are joined.
            let (i, found) = self.arrived.recv().ok()?;
            self.waiting[i] = Some(found);
        }
    }
}

fn concatenate(per_rule: Vec<Vec<Finding>>) -> Vec<Finding> {
    let mut out = Vec::with_capacity(per_rule.iter().map(Vec::len).sum());
    for found in per_rule {
        out.extend(found);
    }
    out
}

/// From how many components and flows `evaluate` shares the rules out between threads: below,
/// starting threads costs more than it saves.
const PARALLEL_FROM: usize = 10_000;

fn evaluate_rule(ctx: &Context<'_>, rule: &Rule, out: &mut Vec<Finding>, scratch: &mut Scratch) {
    let subjects: Vec<Subject<'_>> = match &rule.applies_to {
        AppliesTo::Components(sel) => sel
            .select(ctx)
            .into_iter()
            .map(|n| Subject::Component(ctx.comps[n], n))
            .collect(),
        AppliesTo::Flows(sel) => (0..ctx.flow_refs.len())
            .filter(|&n| sel.matches(ctx, n))
            .map(|n| Subject::Flow(ctx.flow_refs[n], n))
            .collect(),
    };
    if subjects.is_empty() {
        return;
    }
    let prepared = rule.requires.prepare(ctx, &mut scratch.searches);
    scratch.path_steps_left = PATH_STEPS_PER_RULE;
    for subject in &subjects {
        if let Err(mut evidence) = prepared.check(ctx, *subject) {
            if let (AppliesTo::Components(sel), Some(n)) = (&rule.applies_to, subject.component()) {
                may_not_apply(&mut evidence, sel.open_questions(ctx, n));
            }
            out.push(finding(ctx, rule, *subject, evidence, scratch));
        }
    }
    prepared.give_back(&mut scratch.searches);
}

/// A failure on a subject the rule may not apply to (its value is `"unknown"`) rests on that
/// open question, asked first: answered, the rule applies or not.
fn may_not_apply(evidence: &mut Evidence, mut questions: Vec<super::context::Question>) {
    if questions.is_empty() {
        return;
    }
    evidence.basis = Basis::Unstated;
    for q in evidence.questions.drain(..) {
        if !questions.contains(&q) {
            questions.push(q);
        }
    }
    evidence.questions = questions;
}

/// Buffers reused across the rules and findings of one evaluation (one per thread): marks (by
/// position) of the components and flows already listed in the finding being built, and the
/// buffers of finished searches.
struct Scratch {
    stamp: u32,
    component_mark: Vec<u32>,
    flow_mark: Vec<u32>,
    searches: Searches,
    /// What is left of the current rule's [`PATH_STEPS_PER_RULE`].
    path_steps_left: usize,
}

impl Scratch {
    fn new(ctx: &Context<'_>) -> Self {
        Scratch {
            stamp: 0,
            component_mark: vec![0; ctx.ids.len()],
            flow_mark: vec![0; ctx.flows.len()],
            searches: Searches::default(),
            path_steps_left: PATH_STEPS_PER_RULE,
        }
    }

    /// A fresh stamp: nothing is marked with it yet.
    fn next(&mut self) -> u32 {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.component_mark.fill(0);
            self.flow_mark.fill(0);
            self.stamp = 1;
        }
        self.stamp
    }
}

/// Appends to `out` the ids of the positions not marked with `stamp` yet, marking them, in order.
fn push_unique<T: Clone>(
    out: &mut Vec<T>,
    marks: &mut [u32],
    stamp: u32,
    positions: &[usize],
    ids: &[&T],
) {
    for &n in positions {
        if marks[n] != stamp {
            marks[n] = stamp;
            out.push(ids[n].clone());
        }
    }
}

/// How many witness-path steps (components) the findings of one rule carry at most. On a large
/// architecture a rule can have tens of thousands of findings, each with a path as long as the
/// graph is deep; past this budget a finding keeps its subject and message but leaves its path
/// out and says so (`path_elided`), so that memory and output stay bounded whatever the graph.
/// Drawings of the size people review (a few thousand components) stay well inside it.
pub(crate) const PATH_STEPS_PER_RULE: usize = 100_000;

fn finding(
    ctx: &Context<'_>,
    rule: &Rule,
    subject: Subject<'_>,
    mut e: Evidence,
    scratch: &mut Scratch,
) -> Finding {
    let source = e.path.first().map(|&n| ctx.comps[n].label.as_str());
    let path_elided = e.path.len() > scratch.path_steps_left;
    if path_elided {
        e.path.clear();
        e.flows.clear();
    } else {
        scratch.path_steps_left -= e.path.len();
    }
    let evidence_components = if e.path.is_empty() {
        &e.components
    } else {
        &e.path
    };
    let stamp = scratch.next();
    let (id, mut components, mut flows, values) = match subject {
        Subject::Component(c, n) => {
            let mut id = String::with_capacity(rule.id.len() + 1 + c.id.as_str().len());
            id.push_str(&rule.id);
            id.push('@');
            id.push_str(c.id.as_str());
            let mut components = Vec::with_capacity(1 + evidence_components.len());
            components.push(c.id.clone());
            scratch.component_mark[n] = stamp;
            (
                id,
                components,
                Vec::with_capacity(e.flows.len()),
                TemplateValues {
                    label: &c.label,
                    id: c.id.as_str(),
                    source,
                    from: None,
                    to: None,
                },
            )
        }
        Subject::Flow(f, n) => {
            let (a, b) = ctx.topology.flow_ends[n];
            let label = f
                .properties
                .get("label")
                .and_then(Value::as_text)
                .unwrap_or(f.id.as_str());
            let mut id = String::with_capacity(rule.id.len() + 6 + f.id.as_str().len());
            id.push_str(&rule.id);
            id.push_str("@flow:");
            id.push_str(f.id.as_str());
            let mut components = Vec::with_capacity(2 + evidence_components.len());
            components.push(f.from.clone());
            components.push(f.to.clone());
            scratch.component_mark[a] = stamp;
            scratch.component_mark[b] = stamp;
            let mut flows = Vec::with_capacity(1 + e.flows.len());
            flows.push(f.id.clone());
            scratch.flow_mark[n] = stamp;
            (
                id,
                components,
                flows,
                TemplateValues {
                    label,
                    id: f.id.as_str(),
                    source,
                    from: Some(ctx.comps[a].label.as_str()),
                    to: Some(ctx.comps[b].label.as_str()),
                },
            )
        }
    };
    push_unique(
        &mut components,
        &mut scratch.component_mark,
        stamp,
        evidence_components,
        &ctx.ids,
    );
    push_unique(
        &mut flows,
        &mut scratch.flow_mark,
        stamp,
        &e.flows,
        &ctx.flows,
    );
    let path = e.path.iter().map(|&n| ctx.ids[n].clone()).collect();
    // Unstated means an answer could settle it: with nothing left to ask, the failure rests on
    // what the drawing shows (a kind that lacks the property, say).
    let basis = match e.basis {
        Basis::Unstated if e.questions.is_empty() => Basis::Structure,
        basis => basis,
    };
    let unanswered = e
        .questions
        .into_iter()
        .map(|q| {
            let (component, flow) = match q.on {
                Element::Component(n) => (Some(ctx.ids[n].clone()), None),
                Element::Flow(n) => (None, Some(ctx.flows[n].clone())),
            };
            OpenQuestion {
                component,
                flow,
                property: q.property,
            }
        })
        .collect();
    Finding {
        id,
        rule: rule.shared.id.clone(),
        best_practices: rule.shared.best_practices.clone(),
        pillar: rule.pillar,
        dimensions: rule.shared.dimensions.clone(),
        risk: rule.risk,
        components,
        flows,
        path,
        path_elided,
        basis,
        unanswered,
        message: match (&rule.unstated, basis) {
            (Some(unstated), Basis::Unstated) => unstated.render(&values),
            _ => rule.message.render(&values),
        },
        remediation: rule.fix.render(&values),
        title: rule.shared.title.clone(),
        why: rule.shared.why.clone(),
        url: rule.shared.url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, BoundaryId, ComponentId, FlowId, Trust};

    #[test]
    fn rules_shared_out_between_threads_give_the_same_findings_in_the_same_order() {
        let pack = Pack::builtin();
        for seed in 0..3 {
            let arch = Architecture::from_data(crate::samples::generated(2_000, seed))
                .expect("generated architectures are valid");
            let ctx = Context::new(&arch);
            let all =
                |per_rule: &mut dyn Iterator<Item = Vec<Finding>>| concatenate(per_rule.collect());
            let one = evaluate_on(&ctx, pack, 0, all);
            assert!(one.len() > 1_000, "the sample has findings");
            for helpers in [1, 2, 3, 8] {
                assert_eq!(
                    evaluate_on(&ctx, pack, helpers, all),
                    one,
                    "{helpers} helpers"
                );
            }
        }
    }

    #[test]
    fn a_consumer_that_stops_early_gets_the_first_rules_findings_and_the_call_returns() {
        let pack = Pack::builtin();
        let arch = Architecture::from_data(crate::samples::generated(1_000, 4))
            .expect("generated architectures are valid");
        let ctx = Context::new(&arch);
        let every = evaluate_on(&ctx, pack, 0, |per_rule| per_rule.collect::<Vec<_>>());
        for helpers in [1, 2, 8] {
            // As `lens check` does when writing the report fails after three rules.
            let first_three = evaluate_on(&ctx, pack, helpers, |per_rule| {
                per_rule.take(3).collect::<Vec<_>>()
            });
            assert_eq!(first_three, every[..3], "{helpers} helpers");
        }
    }

    #[test]
    fn property_conditions_read_from_the_columns_agree_with_the_property_maps() {
        use crate::catalog::vocabulary::Vocabulary;
        use crate::engine::operator::value_holds;
        let mut data = crate::samples::generated(1_500, 7);
        // Values the catalog would refuse still evaluate as the maps say: a kind outside the
        // catalog, texts outside it, and values of the wrong type.
        data.components[3].kind = "not_a_kind".into();
        for (i, c) in data.components.iter_mut().enumerate().take(400) {
            let keys: Vec<String> = c.properties.keys().cloned().collect();
            for (j, key) in keys.into_iter().enumerate() {
                let odd = match (i + j) % 4 {
                    0 => Value::Text("free text".into()),
                    1 => Value::Text("unknown".into()),
                    2 => Value::Number(2.0),
                    _ => Value::Bool(true),
                };
                c.properties.insert(key, odd);
            }
        }
        // Properties the catalog does not give to the component's kind, of every type.
        let names = &Vocabulary::builtin().ids.component_property_names;
        for (i, c) in data.components.iter_mut().enumerate().skip(400).take(40) {
            for (j, name) in names.iter().enumerate() {
                let value = match (i + j) % 3 {
                    0 => Value::Bool(true),
                    1 => Value::Number(5.0),
                    _ => Value::Text("high".into()),
                };
                c.properties.insert(name.clone(), value);
            }
        }
        for f in data.flows.iter_mut().take(300) {
            f.properties
                .insert("encrypted".into(), Value::Text("unknown".into()));
        }
        let arch = Architecture::from_data(data).expect("generated architectures are valid");
        let ctx = Context::new(&arch);
        let mut checked = [0usize; 2];
        for rule in Pack::builtin().rules() {
            for (cond, on_flows) in &rule.conditions {
                if *on_flows {
                    for (n, f) in ctx.flow_refs.iter().enumerate() {
                        let value = f.properties.get(&cond.property);
                        let expected = value_holds(&cond.op, value.or(cond.flow_default.as_ref()));
                        assert_eq!(cond.holds_on_flow(&ctx, n), expected, "{cond:?} on {f:?}");
                        checked[usize::from(expected)] += 1;
                    }
                } else {
                    for (n, c) in ctx.comps.iter().enumerate() {
                        let default = cond.defaults.iter().find(|(k, _)| *k == c.kind);
                        let value = c.properties.get(&cond.property);
                        let expected = value_holds(&cond.op, value.or(default.map(|(_, v)| v)));
                        assert_eq!(
                            cond.holds_on_component(&ctx, n),
                            expected,
                            "{cond:?} on {c:?}"
                        );
                        checked[usize::from(expected)] += 1;
                    }
                }
            }
        }
        assert!(checked[0] > 1_000 && checked[1] > 1_000, "{checked:?}");
    }

    /// The findings of `arch`, and those of the same content built afresh (nothing kept).
    fn kept_and_fresh(arch: &Architecture) -> (Vec<Finding>, Vec<Finding>) {
        let fresh = Architecture::from_data(arch.to_data()).expect("an edited architecture");
        (
            evaluate(arch, Pack::builtin()),
            evaluate(&fresh, Pack::builtin()),
        )
    }

    #[test]
    fn findings_after_each_kind_of_edit_are_those_of_the_edited_architecture_built_afresh() {
        use crate::catalog::purpose::FlowPurpose;
        use crate::catalog::{Catalog, PropertyType};
        let mut arch = Architecture::from_data_checked(crate::samples::generated_systems(400, 3))
            .expect("the systems sample is valid");
        let before = evaluate(&arch, Pack::builtin());
        let catalog = Catalog::builtin();
        let ids: Vec<ComponentId> = arch.components().map(|c| c.id.clone()).collect();
        let mut changed = 0;
        // Every true/false property of some components flipped, one edit at a time.
        for id in ids.iter().step_by(7) {
            let c = arch.component(id).expect("listed").clone();
            let Some(kind) = catalog.kind(&c.kind) else {
                continue;
            };
            for p in &kind.properties {
                if p.ty != PropertyType::Bool {
                    continue;
                }
                let now = c.properties.get(&p.id).or(p.default.as_ref());
                let flipped = Value::Bool(now != Some(&Value::Bool(true)));
                arch.set_component_property(id, &p.id, Some(flipped))
                    .expect("a valid value");
                let (kept, fresh) = kept_and_fresh(&arch);
                changed += usize::from(kept != before);
                assert_eq!(kept, fresh, "after setting {} of {id}", p.id);
            }
        }
        assert!(changed > 10, "the edits change findings ({changed})");
        // Unset again, all at once.
        let id = &ids[7];
        let c = arch.component(id).expect("listed").clone();
        arch.set_component_properties(id, Default::default())
            .expect("no properties is valid");
        assert_eq!(kept_and_fresh(&arch).0, kept_and_fresh(&arch).1);
        arch.replace_component(c).expect("the same id");
        let (kept, fresh) = kept_and_fresh(&arch);
        assert_eq!(kept, fresh, "after replacing {id}");
        arch.set_component_kind(&ids[14], "guardrail")
            .expect("a kind");
        let (kept, fresh) = kept_and_fresh(&arch);
        assert_eq!(kept, fresh, "after a kind change");
        // Flows: properties, reconnection, removal, and a component removed with its flows.
        let flows: Vec<FlowId> = arch.flows().map(|f| f.id.clone()).collect();
        for f in flows.iter().step_by(11) {
            let encrypted = arch
                .flow(f)
                .and_then(|f| f.properties.get("encrypted"))
                .cloned();
            let flipped = Value::Bool(encrypted != Some(Value::Bool(true)));
            arch.set_flow_property(f, "encrypted", Some(flipped))
                .expect("a valid value");
            let (kept, fresh) = kept_and_fresh(&arch);
            assert_eq!(kept, fresh, "after setting encrypted on {f}");
        }
        // What flows are for and what they carry: request paths and data held change.
        let before = evaluate(&arch, Pack::builtin());
        for (i, f) in flows.iter().skip(1).step_by(13).enumerate() {
            let (property, value) = [("purpose", "telemetry"), ("carries", "regulated")][i % 2];
            arch.set_flow_property(f, property, Some(Value::Text(value.into())))
                .expect("a valid value");
            let (kept, fresh) = kept_and_fresh(&arch);
            assert_eq!(kept, fresh, "after setting {property} on {f}");
        }
        assert_ne!(
            evaluate(&arch, Pack::builtin()),
            before,
            "the flow edits change findings"
        );
        // A kind that changes what its flows are for when nobody said.
        let purposes = arch.flow_purposes();
        let into = arch
            .flows()
            .find(|f| {
                purposes[&f.id] != FlowPurpose::Telemetry && !f.properties.contains_key("purpose")
            })
            .expect("a request or a data flow")
            .clone();
        arch.set_component_kind(&into.to, "observability")
            .expect("a kind");
        let now = arch.flow_purposes()[&into.id];
        assert_eq!(
            now,
            FlowPurpose::Telemetry,
            "{} now goes to observability",
            into.id
        );
        let (kept, fresh) = kept_and_fresh(&arch);
        assert_eq!(kept, fresh, "after a kind change that changes purposes");
        arch.set_flow_properties(&flows[3], Default::default())
            .expect("no properties is valid");
        assert_eq!(kept_and_fresh(&arch).0, kept_and_fresh(&arch).1);
        arch.reconnect_flow(&flows[5], ids[1].clone(), ids[2].clone())
            .expect("both ends exist");
        let (kept, fresh) = kept_and_fresh(&arch);
        assert_eq!(kept, fresh, "after a reconnection");
        arch.remove_flow(&flows[6]).expect("it exists");
        arch.remove_component(&ids[20]).expect("it exists");
        let (kept, fresh) = kept_and_fresh(&arch);
        assert_eq!(kept, fresh, "after removals");
        // Boundaries: trust, nesting, membership, a new one and a removed one.
        let bounds: Vec<BoundaryId> = arch.boundaries().map(|b| b.id.clone()).collect();
        let mut changed = 0;
        for (i, b) in bounds.iter().enumerate().take(12) {
            let before = evaluate(&arch, Pack::builtin());
            let trust = [Trust::Internet, Trust::Private, Trust::Dmz][i % 3];
            arch.set_boundary_trust(b, trust).expect("a boundary");
            let (kept, fresh) = kept_and_fresh(&arch);
            changed += usize::from(kept != before);
            assert_eq!(kept, fresh, "after setting the trust of {b}");
        }
        assert!(changed > 3, "the trust edits change findings ({changed})");
        arch.set_boundary_parent(&bounds[1], Some(bounds[0].clone()))
            .expect("no cycle");
        assert_eq!(kept_and_fresh(&arch).0, kept_and_fresh(&arch).1);
        let mut replaced = arch.boundary(&bounds[2]).expect("listed").clone();
        replaced.trust = Trust::ThirdParty;
        arch.replace_boundary(replaced).expect("the same id");
        assert_eq!(kept_and_fresh(&arch).0, kept_and_fresh(&arch).1);
        for id in ids.iter().skip(30).step_by(9) {
            arch.set_component_boundary(id, Some(bounds[3].clone()))
                .expect("a boundary");
        }
        assert_eq!(kept_and_fresh(&arch).0, kept_and_fresh(&arch).1);
        arch.add_boundary(Boundary {
            id: BoundaryId::new("0-first"),
            label: "First".into(),
            trust: Trust::Private,
            parent: None,
            position: None,
            size: None,
        })
        .expect("a new id");
        arch.set_component_boundary(&ids[31], Some(BoundaryId::new("0-first")))
            .expect("a boundary");
        assert_eq!(kept_and_fresh(&arch).0, kept_and_fresh(&arch).1);
        arch.remove_boundary(&bounds[4]).expect("it exists");
        assert_eq!(kept_and_fresh(&arch).0, kept_and_fresh(&arch).1);
    }
}
