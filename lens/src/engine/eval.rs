//! Evaluation: every rule of a pack over one architecture.
//!
//! Each rule is evaluated in two steps. *Prepare* does the graph work that does not depend on
//! the subject, once per rule: the selectors' matching sets, one multi-source search per path
//! condition (`Architecture::reach_avoiding` with the guard components removed), the cycles, the
//! boundary labels. *Check* then answers each subject from those results in about constant time,
//! so a rule costs O(V + E) whatever the number of subjects.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use super::finding::Finding;
use super::format::{Direction, Place};
use super::rule::{
    FlowSelector, Operator, Predicate, PropertyCondition, Rule, Selector, Subject, TemplateValues,
};
use super::Pack;
use crate::model::{
    Architecture, BoundaryId, Component, ComponentId, Flow, FlowId, Reachability, Trust, Value,
};

/// Evaluates every rule of `pack` over `arch`. Findings are sorted: highest risk first, then by
/// rule id, then by finding id.
pub fn evaluate(arch: &Architecture, pack: &Pack) -> Vec<Finding> {
    let ctx = Context::new(arch);
    let mut out = Vec::new();
    for rule in pack.rules() {
        evaluate_rule(&ctx, rule, &mut out);
    }
    out.sort_by(|a, b| {
        b.risk
            .cmp(&a.risk)
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// Graph facts shared by all rules of one evaluation, computed on first use.
struct Context<'a> {
    arch: &'a Architecture,
    cycles: OnceCell<Cycles<'a>>,
    index: OnceCell<Index<'a>>,
}

/// Which cycle group (strongly connected component with a cycle) each component is in.
struct Cycles<'a> {
    group_of: HashMap<&'a ComponentId, usize>,
    groups: Vec<HashSet<&'a ComponentId>>,
}

/// Dense adjacency lists for the propagations `Architecture` has no query for.
struct Index<'a> {
    ids: Vec<&'a ComponentId>,
    pos: HashMap<&'a ComponentId, usize>,
    out: Vec<Vec<usize>>,
    inc: Vec<Vec<usize>>,
}

impl<'a> Context<'a> {
    fn new(arch: &'a Architecture) -> Self {
        Self {
            arch,
            cycles: OnceCell::new(),
            index: OnceCell::new(),
        }
    }

    fn cycles(&self) -> &Cycles<'a> {
        self.cycles.get_or_init(|| {
            let mut group_of = HashMap::new();
            let mut groups = Vec::new();
            for (i, group) in self.arch.cycles().into_iter().enumerate() {
                for id in &group {
                    group_of.insert(*id, i);
                }
                groups.push(group.into_iter().collect());
            }
            Cycles { group_of, groups }
        })
    }

    fn index(&self) -> &Index<'a> {
        self.index.get_or_init(|| {
            let ids: Vec<&ComponentId> = self.arch.components().map(|c| &c.id).collect();
            let pos: HashMap<&ComponentId, usize> =
                ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
            let mut out = vec![Vec::new(); ids.len()];
            let mut inc = vec![Vec::new(); ids.len()];
            for f in self.arch.flows() {
                if let (Some(&a), Some(&b)) = (pos.get(&f.from), pos.get(&f.to)) {
                    out[a].push(b);
                    inc[b].push(a);
                }
            }
            Index { ids, pos, out, inc }
        })
    }
}

impl PropertyCondition {
    /// Whether the (effective) value satisfies the condition. Unset and `"unknown"` satisfy
    /// nothing but `set = false`.
    fn holds(&self, value: Option<&Value>) -> bool {
        let value = value.filter(|v| v.as_text() != Some("unknown"));
        let number = value.and_then(Value::as_number);
        match &self.op {
            Operator::Set(wanted) => value.is_some() == *wanted,
            Operator::Equals(v) => value == Some(v),
            Operator::OneOf(vs) => value.is_some_and(|v| vs.contains(v)),
            Operator::GreaterThan(n) => number.is_some_and(|x| x > *n),
            Operator::AtLeast(n) => number.is_some_and(|x| x >= *n),
            Operator::LessThan(n) => number.is_some_and(|x| x < *n),
            Operator::AtMost(n) => number.is_some_and(|x| x <= *n),
        }
    }

    fn holds_on_component(&self, c: &Component) -> bool {
        self.holds(
            c.properties
                .get(&self.property)
                .or_else(|| self.defaults.get(&c.kind)),
        )
    }

    fn holds_on_flow(&self, f: &Flow) -> bool {
        self.holds(
            f.properties
                .get(&self.property)
                .or(self.flow_default.as_ref()),
        )
    }
}

impl Selector {
    fn matches(&self, c: &Component, arch: &Architecture) -> bool {
        self.kinds.as_ref().is_none_or(|k| k.contains(&c.kind))
            && self.properties.iter().all(|p| p.holds_on_component(c))
            && (self.zone_trust.is_empty()
                || self
                    .zone_trust
                    .contains(&arch.trust_of(&c.id).unwrap_or(Trust::Internet)))
    }

    fn matching<'a>(&self, arch: &'a Architecture) -> BTreeSet<&'a ComponentId> {
        arch.components()
            .filter(|c| self.matches(c, arch))
            .map(|c| &c.id)
            .collect()
    }
}

impl FlowSelector {
    fn matches(&self, f: &Flow, arch: &Architecture) -> bool {
        let end = |sel: &Option<Selector>, id: &ComponentId| {
            sel.as_ref()
                .is_none_or(|s| arch.component(id).is_some_and(|c| s.matches(c, arch)))
        };
        end(&self.from, &f.from)
            && end(&self.to, &f.to)
            && self.properties.iter().all(|p| p.holds_on_flow(f))
            && self
                .enters_higher_trust
                .is_none_or(|want| arch.enters_higher_trust(&f.id) == want)
    }
}

#[derive(Clone, Copy)]
enum SubjectRef<'a> {
    Component(&'a Component),
    Flow(&'a Flow),
}

/// Why a subject fails a condition: what to highlight.
#[derive(Default)]
struct Evidence {
    components: Vec<ComponentId>,
    flows: Vec<FlowId>,
    path: Vec<ComponentId>,
}

/// A predicate with its subject-independent graph work done.
enum Prepared<'r, 'a> {
    All(Vec<Prepared<'r, 'a>>),
    Any(Vec<Prepared<'r, 'a>>),
    Not(Box<Prepared<'r, 'a>>),
    Property(&'r PropertyCondition),
    Neighbours {
        direction: Direction,
        matching: &'r Selector,
        at_least: u32,
    },
    /// Components reached from the sources with the guards removed.
    EveryPath(Reachability<'a>),
    /// The violating path, if any (the same for every subject).
    NoPath(Option<Evidence>),
    CycleBounded(&'r [PropertyCondition]),
    CrossingProtected(&'r [PropertyCondition]),
    PresentAnywhere(bool),
    PresentNeighbour(&'r Selector),
    /// Components from which something matching is reached.
    PresentDownstream(HashSet<&'a ComponentId>),
    PresentUpstream(Reachability<'a>),
    ReachedFromBoundaries {
        labels: HashMap<&'a ComponentId, Vec<(&'a BoundaryId, &'a ComponentId)>>,
        at_most: u32,
    },
}

fn evaluate_rule(ctx: &Context<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let arch = ctx.arch;
    let subjects: Vec<SubjectRef<'_>> = match &rule.subject {
        Subject::Components(sel) => arch
            .components()
            .filter(|c| sel.matches(c, arch))
            .map(SubjectRef::Component)
            .collect(),
        Subject::Flows(sel) => arch
            .flows()
            .filter(|f| sel.matches(f, arch))
            .map(SubjectRef::Flow)
            .collect(),
    };
    if subjects.is_empty() {
        return;
    }
    let prepared = prepare(ctx, &rule.requires);
    for subject in subjects {
        if let Err(evidence) = check(ctx, &prepared, subject) {
            out.push(finding(arch, rule, subject, evidence));
        }
    }
}

fn prepare<'r, 'a>(ctx: &Context<'a>, p: &'r Predicate) -> Prepared<'r, 'a> {
    let arch = ctx.arch;
    match p {
        Predicate::All(ps) => Prepared::All(ps.iter().map(|q| prepare(ctx, q)).collect()),
        Predicate::Any(ps) => Prepared::Any(ps.iter().map(|q| prepare(ctx, q)).collect()),
        Predicate::Not(q) => Prepared::Not(Box::new(prepare(ctx, q))),
        Predicate::Property(cond) => Prepared::Property(cond),
        Predicate::Neighbours {
            direction,
            matching,
            at_least,
        } => Prepared::Neighbours {
            direction: *direction,
            matching,
            at_least: *at_least,
        },
        Predicate::EveryPath { from, through } => {
            let sources = from.matching(arch);
            Prepared::EveryPath(arch.reach_avoiding(&sources, &|c| through.matches(c, arch)))
        }
        Predicate::NoPath { from, to, avoiding } => {
            let sources = from.matching(arch);
            let reach = arch.reach_avoiding(&sources, &|c| {
                avoiding.as_ref().is_some_and(|a| a.matches(c, arch))
            });
            let Some(to) = to else {
                return Prepared::EveryPath(reach);
            };
            let hit = arch
                .components()
                .find(|c| to.matches(c, arch) && reach.reaches(&c.id))
                .and_then(|c| reach.witness(&c.id));
            Prepared::NoPath(hit.map(|w| Evidence {
                components: w.components.clone(),
                flows: w.flows,
                path: w.components,
            }))
        }
        Predicate::CycleBounded { by } => {
            ctx.cycles();
            Prepared::CycleBounded(by)
        }
        Predicate::CrossingProtected { properties } => Prepared::CrossingProtected(properties),
        Predicate::Present { of, place } => match place {
            Place::Anywhere => {
                Prepared::PresentAnywhere(arch.components().any(|c| of.matches(c, arch)))
            }
            Place::Neighbour => Prepared::PresentNeighbour(of),
            Place::Downstream => {
                // Everything upstream of a match reaches it: one backward search from all matches.
                let index = ctx.index();
                let mut seen = vec![false; index.ids.len()];
                let mut queue: VecDeque<usize> = arch
                    .components()
                    .filter(|c| of.matches(c, arch))
                    .filter_map(|c| index.pos.get(&c.id).copied())
                    .collect();
                for &n in &queue {
                    seen[n] = true;
                }
                while let Some(n) = queue.pop_front() {
                    for &m in &index.inc[n] {
                        if !std::mem::replace(&mut seen[m], true) {
                            queue.push_back(m);
                        }
                    }
                }
                Prepared::PresentDownstream(
                    seen.iter()
                        .enumerate()
                        .filter(|(_, s)| **s)
                        .map(|(i, _)| index.ids[i])
                        .collect(),
                )
            }
            Place::Upstream => {
                let sources = of.matching(arch);
                Prepared::PresentUpstream(arch.reach_avoiding(&sources, &|_| false))
            }
        },
        Predicate::ReachedFromBoundaries { from, at_most } => Prepared::ReachedFromBoundaries {
            labels: boundary_labels(ctx, from, *at_most as usize + 1),
            at_most: *at_most,
        },
    }
}

/// For every component, up to `cap` distinct boundaries (with one source component each) whose
/// components matching `from` reach it. Labels spread forward; a component is revisited only when
/// it gains a label, at most `cap` times, so this is O(cap² (V + E)).
fn boundary_labels<'a>(
    ctx: &Context<'a>,
    from: &Selector,
    cap: usize,
) -> HashMap<&'a ComponentId, Vec<(&'a BoundaryId, &'a ComponentId)>> {
    let arch = ctx.arch;
    let index = ctx.index();
    let mut labels: Vec<Vec<(&'a BoundaryId, &'a ComponentId)>> = vec![Vec::new(); index.ids.len()];
    let mut queue = VecDeque::new();
    for c in arch.components() {
        if let (Some(b), Some(&n)) = (&c.boundary, index.pos.get(&c.id)) {
            if from.matches(c, arch) {
                labels[n].push((b, &c.id));
                queue.push_back(n);
            }
        }
    }
    while let Some(n) = queue.pop_front() {
        for &m in &index.out[n] {
            let mut changed = false;
            for i in 0..labels[n].len() {
                let label = labels[n][i];
                if labels[m].len() < cap && !labels[m].iter().any(|(b, _)| *b == label.0) {
                    labels[m].push(label);
                    changed = true;
                }
            }
            if changed {
                queue.push_back(m);
            }
        }
    }
    labels
        .into_iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| (index.ids[i], l))
        .collect()
}

fn check(ctx: &Context<'_>, p: &Prepared<'_, '_>, subject: SubjectRef<'_>) -> Result<(), Evidence> {
    let arch = ctx.arch;
    let component = match subject {
        SubjectRef::Component(c) => Some(c),
        SubjectRef::Flow(_) => None,
    };
    match p {
        Prepared::All(ps) => ps.iter().try_for_each(|q| check(ctx, q, subject)),
        Prepared::Any(ps) => {
            let mut failures = Vec::new();
            for q in ps {
                match check(ctx, q, subject) {
                    Ok(()) => return Ok(()),
                    Err(e) => failures.push(e),
                }
            }
            // The most telling evidence: a witness path if a condition has one, else something
            // to highlight beyond the subject.
            let best = failures
                .iter()
                .position(|e| !e.path.is_empty())
                .or_else(|| {
                    failures
                        .iter()
                        .position(|e| !e.components.is_empty() || !e.flows.is_empty())
                })
                .unwrap_or(0);
            Err(failures.into_iter().nth(best).unwrap_or_default())
        }
        Prepared::Not(q) => match check(ctx, q, subject) {
            Ok(()) => Err(Evidence::default()),
            Err(_) => Ok(()),
        },
        Prepared::Property(cond) => {
            let holds = match subject {
                SubjectRef::Component(c) => cond.holds_on_component(c),
                SubjectRef::Flow(f) => cond.holds_on_flow(f),
            };
            if holds {
                Ok(())
            } else {
                Err(Evidence::default())
            }
        }
        Prepared::Neighbours {
            direction,
            matching,
            at_least,
        } => {
            let Some(c) = component else { return Ok(()) };
            let mut ids = BTreeSet::new();
            if matches!(direction, Direction::To | Direction::Either) {
                ids.extend(arch.out_neighbours(&c.id));
            }
            if matches!(direction, Direction::From | Direction::Either) {
                ids.extend(arch.in_neighbours(&c.id));
            }
            let count = ids
                .into_iter()
                .filter(|id| {
                    arch.component(id)
                        .is_some_and(|n| matching.matches(n, arch))
                })
                .count();
            if count >= *at_least as usize {
                Ok(())
            } else {
                Err(Evidence::default())
            }
        }
        Prepared::EveryPath(reach) => {
            let Some(c) = component else { return Ok(()) };
            match reach.witness(&c.id) {
                None => Ok(()),
                Some(w) => Err(Evidence {
                    components: w.components.clone(),
                    flows: w.flows,
                    path: w.components,
                }),
            }
        }
        Prepared::NoPath(violation) => match violation {
            None => Ok(()),
            Some(e) => Err(Evidence {
                components: e.components.clone(),
                flows: e.flows.clone(),
                path: e.path.clone(),
            }),
        },
        Prepared::CycleBounded(by) => {
            let Some(c) = component else { return Ok(()) };
            let cycles = ctx.cycles();
            let Some(&group) = cycles.group_of.get(&c.id) else {
                return Ok(());
            };
            if by.iter().any(|cond| cond.holds_on_component(c)) {
                return Ok(());
            }
            Err(cycle_through(arch, &c.id, &cycles.groups[group]))
        }
        Prepared::CrossingProtected(properties) => {
            let SubjectRef::Flow(f) = subject else {
                return Ok(());
            };
            if !arch.enters_higher_trust(&f.id) || properties.iter().all(|p| p.holds_on_flow(f)) {
                Ok(())
            } else {
                Err(Evidence::default())
            }
        }
        Prepared::PresentAnywhere(found) => holds(*found),
        Prepared::PresentNeighbour(of) => {
            let Some(c) = component else { return Ok(()) };
            let found = arch
                .out_neighbours(&c.id)
                .into_iter()
                .chain(arch.in_neighbours(&c.id))
                .any(|id| arch.component(id).is_some_and(|n| of.matches(n, arch)));
            holds(found)
        }
        Prepared::PresentDownstream(reaching) => {
            let Some(c) = component else { return Ok(()) };
            holds(reaching.contains(&c.id))
        }
        Prepared::PresentUpstream(reach) => {
            let Some(c) = component else { return Ok(()) };
            holds(reach.reaches(&c.id))
        }
        Prepared::ReachedFromBoundaries { labels, at_most } => {
            let Some(c) = component else { return Ok(()) };
            match labels.get(&c.id) {
                Some(l) if l.len() > *at_most as usize => Err(Evidence {
                    components: l.iter().map(|(_, source)| (*source).clone()).collect(),
                    ..Evidence::default()
                }),
                _ => Ok(()),
            }
        }
    }
}

/// A condition without evidence to show beyond the subject itself.
fn holds(condition: bool) -> Result<(), Evidence> {
    if condition {
        Ok(())
    } else {
        Err(Evidence::default())
    }
}

/// A shortest cycle through `start` inside its cycle group: a breadth-first search from `start`
/// back to itself over flows that stay in the group.
fn cycle_through(
    arch: &Architecture,
    start: &ComponentId,
    group: &HashSet<&ComponentId>,
) -> Evidence {
    let mut parent: HashMap<&ComponentId, (&ComponentId, &FlowId)> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    let mut last = None;
    'search: while let Some(n) = queue.pop_front() {
        for f in arch.outgoing(n) {
            if !group.contains(&f.to) {
                continue;
            }
            if &f.to == start {
                last = Some((n, &f.id));
                break 'search;
            }
            if !parent.contains_key(&f.to) {
                parent.insert(&f.to, (n, &f.id));
                queue.push_back(&f.to);
            }
        }
    }
    let Some((mut n, closing)) = last else {
        return Evidence::default();
    };
    let mut path = vec![start.clone(), n.clone()];
    let mut flows = vec![closing.clone()];
    while n != start {
        let Some(&(p, f)) = parent.get(n) else { break };
        path.push(p.clone());
        flows.push(f.clone());
        n = p;
    }
    path.reverse();
    flows.reverse();
    Evidence {
        components: path.clone(),
        flows,
        path,
    }
}

fn push_unique<T: PartialEq + Clone>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

fn finding(arch: &Architecture, rule: &Rule, subject: SubjectRef<'_>, e: Evidence) -> Finding {
    let label_of = |id: &ComponentId| arch.component(id).map(|c| c.label.as_str());
    let source = e.path.first().and_then(label_of);
    let (id, mut components, mut flows, values) = match subject {
        SubjectRef::Component(c) => (
            format!("{}@{}", rule.id, c.id),
            vec![c.id.clone()],
            Vec::new(),
            TemplateValues {
                label: &c.label,
                id: c.id.as_str(),
                source,
                from: None,
                to: None,
            },
        ),
        SubjectRef::Flow(f) => {
            let label = f
                .properties
                .get("label")
                .and_then(Value::as_text)
                .unwrap_or(f.id.as_str());
            (
                format!("{}@flow:{}", rule.id, f.id),
                vec![f.from.clone(), f.to.clone()],
                vec![f.id.clone()],
                TemplateValues {
                    label,
                    id: f.id.as_str(),
                    source,
                    from: label_of(&f.from),
                    to: label_of(&f.to),
                },
            )
        }
    };
    push_unique(&mut components, e.components);
    push_unique(&mut flows, e.flows);
    Finding {
        id,
        rule: rule.id.clone(),
        best_practices: rule.best_practices.clone(),
        pillar: rule.pillar,
        risk: rule.risk,
        components,
        flows,
        path: e.path,
        message: rule.message.render(&values),
        remediation: rule.fix.render(&values),
        title: rule.title.clone(),
        why: rule.why.clone(),
        url: rule.url.clone(),
    }
}
