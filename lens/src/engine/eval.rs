//! Evaluation: every rule of a pack over one architecture.
//!
//! Each rule is evaluated in two steps. *Prepare* does the graph work that does not depend on
//! the subject, once per rule: the selectors' matching sets, one multi-source search per path
//! condition (a breadth-first search with the guard components removed, as in
//! `Architecture::reach_avoiding`), the cycles, the
//! boundary labels. *Check* then answers each subject from those results in about constant time,
//! so a rule costs O(V + E) whatever the number of subjects.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use super::finding::Finding;
use super::format::{Direction, Place};
use super::rule::{
    FlowSelector, Predicate, PropertyCondition, Rule, Selector, Subject, TemplateValues,
};
use super::table::{value_holds, Cell, Column, KindTable};
use super::vocabulary::{Vocabulary, NO_SLOT};
use super::Pack;
use crate::model::{
    Adjacency, Architecture, Boundary, BoundaryId, Component, ComponentId, FastHash, Flow, FlowId,
    Trust, Value,
};

/// Evaluates every rule of `pack` over `arch`. Findings are sorted: highest risk first, then by
/// rule id, then by finding id. (Rules run in that order and each yields its findings in subject
/// id order, so the findings come out sorted without comparing strings.)
///
/// On a large architecture the rules are shared out between threads (one per core, each taking
/// the next rule not yet taken) and their findings put back together in rule order, so the
/// result is the same as evaluating them one after the other.
pub fn evaluate(arch: &Architecture, pack: &Pack) -> Vec<Finding> {
    let ctx = Context::new(arch);
    let index = ctx.index();
    let threads = if index.ids.len() + index.flows.len() < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, usize::from)
    };
    evaluate_on(&ctx, pack, threads)
}

/// `evaluate` with the rules shared out between `threads` threads.
fn evaluate_on(ctx: &Context<'_>, pack: &Pack, threads: usize) -> Vec<Finding> {
    let mut rules: Vec<&Rule> = pack.rules().iter().collect();
    rules.sort_by(|a, b| b.risk.cmp(&a.risk).then_with(|| a.id.cmp(&b.id)));
    let index = ctx.index();
    let threads = threads.min(rules.len());
    // Findings are gathered per rule and put together once at the end: growing one vector of
    // tens of thousands of findings would copy them over and over.
    if threads <= 1 {
        let mut scratch = Scratch::new(index);
        let per_rule = rules.iter().map(|rule| {
            let mut found = Vec::new();
            evaluate_rule(ctx, rule, &mut found, &mut scratch);
            found
        });
        return concatenate(per_rule.collect());
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut scratch = Scratch::new(index);
        let mut done: Vec<(usize, Vec<Finding>)> = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(rule) = rules.get(i) else {
                return done;
            };
            let mut found = Vec::new();
            evaluate_rule(ctx, rule, &mut found, &mut scratch);
            done.push((i, found));
        }
    };
    let mut per_rule: Vec<Vec<Finding>> = rules.iter().map(|_| Vec::new()).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut results = vec![work()];
        for helper in helpers {
            // A panic in a rule's evaluation is a bug; pass it on as it is.
            results.push(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        for (i, found) in results.into_iter().flatten() {
            per_rule[i] = found;
        }
    });
    concatenate(per_rule)
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

/// Graph facts shared by all rules of one evaluation, computed on first use.
struct Context<'a> {
    arch: &'a Architecture,
    cycles: OnceLock<Cycles<'a>>,
    index: OnceLock<Index<'a>>,
    /// The architecture's kept [`Content`] (`None` only if it keeps something else).
    kept: Option<&'a Content>,
    own: OnceLock<Content>,
}

/// What evaluations read of the kinds, properties and boundaries, kept by the architecture
/// between evaluations (`Architecture::derived_content`) until one of those changes, or a
/// component or a flow is added or removed. Tables, columns and zones are built on first use.
struct Content {
    /// Per kind number (`VocabularyIds::kinds`, then one for kinds outside the catalog): the
    /// positions of the components of that kind, in id order.
    by_kind: Vec<Vec<usize>>,
    /// Per component position: its kind number, and its row in `by_kind` (and in the tables).
    kind_of: Vec<u32>,
    row_of: Vec<u32>,
    /// Per kind number: the values of the kind's catalog properties for its components.
    kind_tables: Vec<OnceLock<KindTable>>,
    /// Component property columns by (kind number × property count + property number) for the
    /// properties a component has although the catalog does not give them to its kind (only
    /// architectures built without the catalog checks have such).
    component_columns: Vec<OnceLock<Column>>,
    zones: OnceLock<Zones>,
    /// Per flow position: whether the flow enters a zone of higher trust.
    crossing: OnceLock<Vec<bool>>,
}

impl Content {
    fn new(arch: &Architecture) -> Content {
        let ids = &Vocabulary::builtin().ids;
        let numbers: HashMap<&str, usize, FastHash> =
            ids.kinds.iter().map(|(k, &i)| (k.as_str(), i)).collect();
        let outside = ids.kinds.len();
        let mut by_kind: Vec<Vec<usize>> = vec![Vec::new(); outside + 1];
        let n = arch.topology().components();
        let mut kind_of = Vec::with_capacity(n);
        let mut row_of = Vec::with_capacity(n);
        for (i, c) in arch.components().enumerate() {
            let k = numbers.get(c.kind.as_str()).copied().unwrap_or(outside);
            kind_of.push(k as u32);
            row_of.push(by_kind[k].len() as u32);
            by_kind[k].push(i);
        }
        let columns = (outside + 1) * ids.component_properties.len();
        Content {
            by_kind,
            kind_of,
            row_of,
            kind_tables: (0..=outside).map(|_| OnceLock::new()).collect(),
            component_columns: (0..columns).map(|_| OnceLock::new()).collect(),
            zones: OnceLock::new(),
            crossing: OnceLock::new(),
        }
    }
}

/// Boundaries by position (id order) and, per component position, the position of the zone it
/// sits in (its own, innermost boundary).
struct Zones {
    /// Per boundary position: its trust.
    trust: Vec<Trust>,
    zone: Vec<Option<usize>>,
}

/// The cycle groups (strongly connected components with a cycle, kept by the architecture's
/// topology), with the search trees that give witness loops (built on first use per group).
struct Cycles<'a> {
    group_of: &'a [Option<usize>],
    groups: &'a [Vec<usize>],
    trees: Vec<OnceLock<LoopTrees>>,
}

/// Breadth-first trees of one cycle group, rooted at its first component: `down[n]` is the step
/// by which the root first reaches `n`, `up[n]` the step by which `n` first reaches the root.
struct LoopTrees {
    root: usize,
    down: HashMap<usize, (usize, usize)>,
    up: HashMap<usize, (usize, usize)>,
}

/// Components and flows by position (id order), components grouped by kind, and dense adjacency
/// lists (neighbour position, flow position) in flow-id order: built once per evaluation so that
/// selecting subjects and walking neighbours never looks an id up in a map.
struct Index<'a> {
    ids: Vec<&'a ComponentId>,
    comps: Vec<&'a Component>,
    flows: Vec<&'a FlowId>,
    flow_refs: Vec<&'a Flow>,
    flow_ends: &'a [(usize, usize)],
    out: &'a Adjacency,
    inc: &'a Adjacency,
}

impl<'a> Context<'a> {
    fn new(arch: &'a Architecture) -> Self {
        Self {
            arch,
            cycles: OnceLock::new(),
            index: OnceLock::new(),
            kept: arch.derived_content(|| Content::new(arch)),
            own: OnceLock::new(),
        }
    }

    fn content(&self) -> &Content {
        match self.kept {
            Some(content) => content,
            None => self.own.get_or_init(|| Content::new(self.arch)),
        }
    }

    /// The value of component property `key` of the component at position `n` (of kind number
    /// `kind`), with the texts of the cell's table or column.
    fn component_value(&self, kind: usize, key: usize, n: usize) -> (Cell, &[String]) {
        let ids = &Vocabulary::builtin().ids;
        let content = self.content();
        let row = content.row_of[n] as usize;
        let slot = ids
            .slot_of
            .get(kind * ids.component_properties.len() + key)
            .copied()
            .unwrap_or(NO_SLOT);
        if slot == NO_SLOT {
            let column = self.component_column(kind, key);
            return (column.cells[row], &column.others);
        }
        let table = content.kind_tables[kind].get_or_init(|| {
            let index = self.index();
            let rows = content.by_kind[kind]
                .iter()
                .map(|&m| &index.comps[m].properties);
            KindTable::new(rows, &ids.kind_slots[kind], &ids.texts)
        });
        (
            table.cells[row * table.width + slot as usize],
            &table.others,
        )
    }

    /// The values of component property `key` for the components of kind number `kind`, by row.
    fn component_column(&self, kind: usize, key: usize) -> &Column {
        let ids = &Vocabulary::builtin().ids;
        let slot = kind * ids.component_properties.len() + key;
        let content = self.content();
        content.component_columns[slot].get_or_init(|| {
            let index = self.index();
            let name = ids.component_property_names[key].as_str();
            let values = content.by_kind[kind]
                .iter()
                .map(|&n| index.comps[n].properties.get(name));
            Column::new(values, &ids.texts)
        })
    }

    fn cycles(&self) -> &Cycles<'a> {
        self.cycles.get_or_init(|| {
            let groups = self.arch.topology().cycles();
            Cycles {
                group_of: &groups.group_of,
                groups: &groups.groups,
                trees: groups.groups.iter().map(|_| OnceLock::new()).collect(),
            }
        })
    }

    /// `Architecture::enters_higher_trust` for every flow at once: the zone chains are computed
    /// once per boundary instead of once per flow end (a test checks both agree).
    fn zones(&self) -> &Zones {
        self.content().zones.get_or_init(|| {
            let bpos: HashMap<&BoundaryId, usize, FastHash> = self
                .arch
                .boundaries()
                .enumerate()
                .map(|(i, b)| (&b.id, i))
                .collect();
            let zone = self
                .index()
                .comps
                .iter()
                .map(|c| c.boundary.as_ref().and_then(|b| bpos.get(b).copied()))
                .collect();
            Zones {
                trust: self.arch.boundaries().map(|b| b.trust).collect(),
                zone,
            }
        })
    }

    fn crossing(&self) -> &[bool] {
        self.content().crossing.get_or_init(|| {
            let index = self.index();
            let zone = &self.zones().zone;
            let bounds: Vec<&Boundary> = self.arch.boundaries().collect();
            let bpos: HashMap<&BoundaryId, usize, FastHash> =
                bounds.iter().enumerate().map(|(i, b)| (&b.id, i)).collect();
            let rank: Vec<u8> = bounds.iter().map(|b| b.trust.rank()).collect();
            // Each boundary's chain of ancestors, itself first (parents form a forest, checked
            // on load).
            let chains: Vec<Vec<usize>> = bounds
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let mut chain = vec![i];
                    let mut cur = b.parent.as_ref().and_then(|p| bpos.get(p).copied());
                    while let Some(z) = cur {
                        if chain.contains(&z) {
                            break;
                        }
                        chain.push(z);
                        cur = bounds[z].parent.as_ref().and_then(|p| bpos.get(p).copied());
                    }
                    chain
                })
                .collect();
            index
                .flow_ends
                .iter()
                .map(|&(a, b)| {
                    let Some(dst) = zone[b] else { return false };
                    let src = zone[a];
                    if src.is_some_and(|s| chains[s].contains(&dst)) {
                        return false;
                    }
                    let src_rank = src.map_or(Trust::Internet.rank(), |s| rank[s]);
                    rank[dst] > src_rank
                })
                .collect()
        })
    }

    fn index(&self) -> &Index<'a> {
        self.index.get_or_init(|| {
            let comps: Vec<&Component> = self.arch.components().collect();
            let ids: Vec<&ComponentId> = comps.iter().map(|c| &c.id).collect();
            let topology = self.arch.topology();
            // The flows the topology numbers: all of them, unless one has an end that is not a
            // component.
            let flow_refs: Vec<&Flow> = self
                .arch
                .flows()
                .enumerate()
                .filter(|(i, _)| topology.dropped.binary_search(i).is_err())
                .map(|(_, f)| f)
                .collect();
            Index {
                ids,
                comps,
                flows: flow_refs.iter().map(|f| &f.id).collect(),
                flow_refs,
                flow_ends: &topology.flow_ends,
                out: &topology.out,
                inc: &topology.inc,
            }
        })
    }
}

impl PropertyCondition {
    /// Whether the condition holds on the component at position `n`: its value read from the
    /// columns, or the catalog default of its kind where it is unset. (The same answer as
    /// [`super::table::value_holds`] on the property map; a test checks both agree.)
    fn holds_on_component(&self, ctx: &Context<'_>, n: usize) -> bool {
        let kind = ctx.content().kind_of[n] as usize;
        match ctx.component_value(kind, self.key, n) {
            (Cell::Missing, _) => self.unset_holds[kind],
            (cell, others) => self.test.holds(cell, others),
        }
    }

    /// Whether the condition holds on the flow at position `n`. Read from the flow's own map:
    /// the pack's only flow rule reads properties of the few flows that cross into a zone of
    /// higher trust, so a table of every flow would cost more than it saves.
    fn holds_on_flow(&self, ctx: &Context<'_>, n: usize) -> bool {
        let f = ctx.index().flow_refs[n];
        value_holds(
            &self.op,
            f.properties
                .get(&self.property)
                .or(self.flow_default.as_ref()),
        )
    }
}

impl Selector {
    /// Whether the component at position `n` matches.
    fn matches(&self, ctx: &Context<'_>, n: usize) -> bool {
        let kind = ctx.content().kind_of[n] as usize;
        self.kind_mask.as_ref().is_none_or(|mask| mask[kind]) && self.matches_besides_kind(ctx, n)
    }

    fn matches_besides_kind(&self, ctx: &Context<'_>, n: usize) -> bool {
        self.properties.iter().all(|p| p.holds_on_component(ctx, n))
            && (self.zone_trust.is_empty() || {
                // The zone a component sits in is its own (innermost) boundary.
                let zones = ctx.zones();
                let trust = zones.zone[n].map_or(Trust::Internet, |z| zones.trust[z]);
                self.zone_trust.contains(&trust)
            })
    }

    /// Positions of the matching components, in id order; only the selected kinds are looked at.
    fn select(&self, ctx: &Context<'_>) -> Vec<usize> {
        let index = ctx.index();
        match &self.kind_mask {
            Some(mask) => {
                // The kind index already picked the kinds: check the rest only.
                let mut out: Vec<usize> = mask
                    .iter()
                    .zip(&ctx.content().by_kind)
                    .filter(|(selected, _)| **selected)
                    .flat_map(|(_, members)| members.iter().copied())
                    .filter(|&n| self.matches_besides_kind(ctx, n))
                    .collect();
                out.sort_unstable();
                out
            }
            None => (0..index.comps.len())
                .filter(|&n| self.matches(ctx, n))
                .collect(),
        }
    }

    /// Per component position: whether it matches.
    fn mask(&self, ctx: &Context<'_>) -> Vec<bool> {
        let mut mask = vec![false; ctx.index().ids.len()];
        for n in self.select(ctx) {
            mask[n] = true;
        }
        mask
    }
}

impl FlowSelector {
    /// Whether the flow at position `n` matches.
    fn matches(&self, n: usize, ctx: &Context<'_>) -> bool {
        let index = ctx.index();
        let (a, b) = index.flow_ends[n];
        let end = |sel: &Option<Selector>, c: usize| sel.as_ref().is_none_or(|s| s.matches(ctx, c));
        end(&self.from, a)
            && end(&self.to, b)
            && self.properties.iter().all(|p| p.holds_on_flow(ctx, n))
            && self
                .enters_higher_trust
                .is_none_or(|want| ctx.crossing()[n] == want)
    }
}

/// A subject with its position in the index.
#[derive(Clone, Copy)]
enum SubjectRef<'a> {
    Component(&'a Component, usize),
    Flow(&'a Flow, usize),
}

/// Why a subject fails a condition: what to highlight, as index positions (turned into ids
/// once, when the finding is built).
#[derive(Clone, Default)]
struct Evidence {
    components: Vec<usize>,
    flows: Vec<usize>,
    /// The witness path; when set, it is also the evidence's components.
    path: Vec<usize>,
}

/// A predicate with its subject-independent graph work done.
enum Prepared<'r> {
    All(Vec<Prepared<'r>>),
    Any(Vec<Prepared<'r>>),
    Not(Box<Prepared<'r>>),
    Property(&'r PropertyCondition),
    Neighbours {
        direction: Direction,
        matching: &'r Selector,
        at_least: u32,
    },
    /// Components reached from the sources with the guards removed.
    EveryPath(Reach),
    /// The violating path, if any (the same for every subject).
    NoPath(Option<Evidence>),
    CycleBounded(&'r [PropertyCondition]),
    CrossingProtected(&'r [PropertyCondition]),
    PresentAnywhere(bool),
    PresentNeighbour(&'r Selector),
    /// Per component position: whether something matching is reached from it.
    PresentDownstream(Vec<bool>),
    PresentUpstream(Reach),
    ReachedFromBoundaries {
        labels: BoundaryLabels,
        at_most: u32,
    },
}

/// A multi-source breadth-first search over the index with the `blocked` components removed:
/// the same search as `Architecture::reach_avoiding` (sources in id order, edges in flow-id order,
/// so the same shortest witnesses; a test checks they agree), without a map lookup per step.
struct Reach {
    reached: Vec<bool>,
    /// For each component reached from another: that component's position and the flow's
    /// (`NO_PARENT` for the others; 32 bits each, so that the table stays small).
    parent: Vec<(u32, u32)>,
}

const NO_PARENT: (u32, u32) = (u32::MAX, u32::MAX);

impl Reach {
    /// The search from `sources`, in buffers taken from `pool` when it has some (searches are
    /// given back to it once their rule is done: a search at 100k components needs ~1 MB).
    fn new(ctx: &Context<'_>, sources: &[usize], blocked: &[bool], pool: &mut Vec<Reach>) -> Reach {
        let index = ctx.index();
        let size = index.ids.len();
        let (mut reached, mut parent) = match pool.pop() {
            Some(Reach {
                mut reached,
                parent,
            }) if reached.len() == size && parent.len() == size => {
                // `parent` is written for every component this search reaches and read only
                // for those, so it needs no reset.
                reached.fill(false);
                (reached, parent)
            }
            _ => (vec![false; size], vec![NO_PARENT; size]),
        };
        // Every component enters the queue at most once: a vector read from the front.
        let mut queue = Vec::new();
        for &s in sources {
            if !blocked[s] && !reached[s] {
                reached[s] = true;
                parent[s] = NO_PARENT;
                queue.push(s);
            }
        }
        let mut next = 0;
        while let Some(&n) = queue.get(next) {
            next += 1;
            for (m, f) in index.out.of(n) {
                if reached[m] || blocked[m] {
                    continue;
                }
                reached[m] = true;
                parent[m] = (n as u32, f as u32);
                queue.push(m);
            }
        }
        Reach { reached, parent }
    }

    /// The shortest path found from a source to `target` as evidence, if `target` was reached.
    fn witness(&self, target: usize) -> Option<Evidence> {
        if !self.reached[target] {
            return None;
        }
        let mut path = vec![target];
        let mut flows = Vec::new();
        let mut n = target;
        while self.parent[n] != NO_PARENT {
            let (p, f) = self.parent[n];
            path.push(p as usize);
            flows.push(f as usize);
            n = p as usize;
        }
        path.reverse();
        flows.reverse();
        Some(Evidence {
            components: Vec::new(),
            flows,
            path,
        })
    }
}

fn evaluate_rule(ctx: &Context<'_>, rule: &Rule, out: &mut Vec<Finding>, scratch: &mut Scratch) {
    let index = ctx.index();
    let subjects: Vec<SubjectRef<'_>> = match &rule.subject {
        Subject::Components(sel) => sel
            .select(ctx)
            .into_iter()
            .map(|n| SubjectRef::Component(index.comps[n], n))
            .collect(),
        Subject::Flows(sel) => (0..index.flow_refs.len())
            .filter(|&n| sel.matches(n, ctx))
            .map(|n| SubjectRef::Flow(index.flow_refs[n], n))
            .collect(),
    };
    if subjects.is_empty() {
        return;
    }
    let prepared = prepare(ctx, &rule.requires, &mut scratch.searches);
    for subject in &subjects {
        if let Err(evidence) = check(ctx, &prepared, *subject) {
            out.push(finding(ctx, rule, *subject, evidence, scratch));
        }
    }
    prepared.give_back(&mut scratch.searches);
}

impl Prepared<'_> {
    /// Gives the searches' buffers back to the pool.
    fn give_back(self, pool: &mut Vec<Reach>) {
        match self {
            Prepared::All(ps) | Prepared::Any(ps) => ps.into_iter().for_each(|p| p.give_back(pool)),
            Prepared::Not(p) => p.give_back(pool),
            Prepared::EveryPath(reach) | Prepared::PresentUpstream(reach) => pool.push(reach),
            _ => {}
        }
    }
}

fn prepare<'r>(ctx: &Context<'_>, p: &'r Predicate, pool: &mut Vec<Reach>) -> Prepared<'r> {
    match p {
        Predicate::All(ps) => Prepared::All(ps.iter().map(|q| prepare(ctx, q, pool)).collect()),
        Predicate::Any(ps) => Prepared::Any(ps.iter().map(|q| prepare(ctx, q, pool)).collect()),
        Predicate::Not(q) => Prepared::Not(Box::new(prepare(ctx, q, pool))),
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
            Prepared::EveryPath(Reach::new(ctx, &from.select(ctx), &through.mask(ctx), pool))
        }
        Predicate::NoPath { from, to, avoiding } => {
            let blocked = match avoiding {
                Some(a) => a.mask(ctx),
                None => vec![false; ctx.index().ids.len()],
            };
            let reach = Reach::new(ctx, &from.select(ctx), &blocked, pool);
            let Some(to) = to else {
                return Prepared::EveryPath(reach);
            };
            let hit = to.select(ctx).into_iter().find(|&n| reach.reached[n]);
            let violation = hit.and_then(|n| reach.witness(n));
            pool.push(reach);
            Prepared::NoPath(violation)
        }
        Predicate::CycleBounded { by } => {
            ctx.cycles();
            Prepared::CycleBounded(by)
        }
        Predicate::CrossingProtected { properties } => Prepared::CrossingProtected(properties),
        Predicate::Present { of, place } => match place {
            Place::Anywhere => Prepared::PresentAnywhere(!of.select(ctx).is_empty()),
            Place::Neighbour => Prepared::PresentNeighbour(of),
            Place::Downstream => {
                // Everything upstream of a match reaches it: one backward search from all matches.
                let index = ctx.index();
                let mut seen = vec![false; index.ids.len()];
                let mut queue: VecDeque<usize> = of.select(ctx).into_iter().collect();
                for &n in &queue {
                    seen[n] = true;
                }
                while let Some(n) = queue.pop_front() {
                    for (m, _) in index.inc.of(n) {
                        if !std::mem::replace(&mut seen[m], true) {
                            queue.push_back(m);
                        }
                    }
                }
                Prepared::PresentDownstream(seen)
            }
            Place::Upstream => {
                let none = vec![false; ctx.index().ids.len()];
                Prepared::PresentUpstream(Reach::new(ctx, &of.select(ctx), &none, pool))
            }
        },
        Predicate::ReachedFromBoundaries { from, at_most } => Prepared::ReachedFromBoundaries {
            labels: boundary_labels(ctx, from, *at_most as usize + 1),
            at_most: *at_most,
        },
    }
}

/// For every component, up to `cap` distinct zones (with one source component each) whose
/// components matching `from` reach it, in one flat table (`cap` slots per component). Labels
/// spread forward; a component is revisited only when it gains a label, at most `cap` times, so
/// this is O(cap² (V + E)).
struct BoundaryLabels {
    cap: usize,
    /// (zone position, source component position) per slot.
    slots: Vec<(usize, usize)>,
    count: Vec<usize>,
}

impl BoundaryLabels {
    fn of(&self, n: usize) -> &[(usize, usize)] {
        &self.slots[n * self.cap..n * self.cap + self.count[n]]
    }
}

fn boundary_labels(ctx: &Context<'_>, from: &Selector, cap: usize) -> BoundaryLabels {
    let index = ctx.index();
    let zone = &ctx.zones().zone;
    let n_comps = index.ids.len();
    let mut labels = BoundaryLabels {
        cap,
        slots: vec![(0, 0); n_comps * cap],
        count: vec![0; n_comps],
    };
    let mut queue = VecDeque::new();
    for n in from.select(ctx) {
        if let Some(z) = zone[n] {
            labels.slots[n * cap] = (z, n);
            labels.count[n] = 1;
            queue.push_back(n);
        }
    }
    while let Some(n) = queue.pop_front() {
        for (m, _) in index.out.of(n) {
            let mut changed = false;
            for i in 0..labels.count[n] {
                let label = labels.slots[n * cap + i];
                let known = labels.of(m).iter().any(|(z, _)| *z == label.0);
                if labels.count[m] < cap && !known {
                    labels.slots[m * cap + labels.count[m]] = label;
                    labels.count[m] += 1;
                    changed = true;
                }
            }
            if changed {
                queue.push_back(m);
            }
        }
    }
    labels
}

/// Positions of the components with a flow from (`To`), to (`From`) or either way to the
/// component at `n`; a component connected twice appears twice.
fn neighbours<'i>(
    index: &'i Index<'_>,
    n: usize,
    direction: Direction,
) -> impl Iterator<Item = usize> + 'i {
    let out = matches!(direction, Direction::To | Direction::Either);
    let inc = matches!(direction, Direction::From | Direction::Either);
    let outs = index.out.of(n).filter(move |_| out);
    let incs = index.inc.of(n).filter(move |_| inc);
    outs.chain(incs).map(|(m, _)| m)
}

fn check(ctx: &Context<'_>, p: &Prepared<'_>, subject: SubjectRef<'_>) -> Result<(), Evidence> {
    let index = ctx.index();
    let component = match subject {
        SubjectRef::Component(c, n) => Some((c, n)),
        SubjectRef::Flow(..) => None,
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
                SubjectRef::Component(_, n) => cond.holds_on_component(ctx, n),
                SubjectRef::Flow(_, n) => cond.holds_on_flow(ctx, n),
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
            let Some((_, n)) = component else {
                return Ok(());
            };
            let mut found: Vec<usize> = neighbours(index, n, *direction)
                .filter(|&m| matching.matches(ctx, m))
                .collect();
            found.sort_unstable();
            found.dedup();
            holds(found.len() >= *at_least as usize)
        }
        Prepared::EveryPath(reach) => {
            let Some((_, n)) = component else {
                return Ok(());
            };
            match reach.witness(n) {
                None => Ok(()),
                Some(e) => Err(e),
            }
        }
        Prepared::NoPath(violation) => match violation {
            None => Ok(()),
            Some(e) => Err(e.clone()),
        },
        Prepared::CycleBounded(by) => {
            let Some((_, n)) = component else {
                return Ok(());
            };
            let cycles = ctx.cycles();
            let Some(group) = cycles.group_of[n] else {
                return Ok(());
            };
            if by.iter().any(|cond| cond.holds_on_component(ctx, n)) {
                return Ok(());
            }
            Err(loop_through(index, cycles, group, n))
        }
        Prepared::CrossingProtected(properties) => {
            let SubjectRef::Flow(_, n) = subject else {
                return Ok(());
            };
            holds(!ctx.crossing()[n] || properties.iter().all(|p| p.holds_on_flow(ctx, n)))
        }
        Prepared::PresentAnywhere(found) => holds(*found),
        Prepared::PresentNeighbour(of) => {
            let Some((_, n)) = component else {
                return Ok(());
            };
            holds(neighbours(index, n, Direction::Either).any(|m| of.matches(ctx, m)))
        }
        Prepared::PresentDownstream(reaching) => {
            let Some((_, n)) = component else {
                return Ok(());
            };
            holds(reaching[n])
        }
        Prepared::PresentUpstream(reach) => {
            let Some((_, n)) = component else {
                return Ok(());
            };
            holds(reach.reached[n])
        }
        Prepared::ReachedFromBoundaries { labels, at_most } => {
            let Some((_, n)) = component else {
                return Ok(());
            };
            let found = labels.of(n);
            if found.len() > *at_most as usize {
                Err(Evidence {
                    components: found.iter().map(|&(_, source)| source).collect(),
                    ..Evidence::default()
                })
            } else {
                Ok(())
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

/// How many components the search for the shortest loop through a subject may visit. Loops are
/// usually short, so this finds the shortest one at a bounded cost per subject; in a large group
/// without a short loop through the subject, the loop goes through the group's root instead (two
/// searches shared by all subjects), so that a graph that is one big cycle group stays linear.
const LOOP_SEARCH_BUDGET: usize = 128;

/// A loop from `start` back to itself inside its cycle group, as evidence.
fn loop_through(index: &Index<'_>, cycles: &Cycles, group: usize, start: usize) -> Evidence {
    let members = &cycles.groups[group];
    let steps = shortest_loop(index, cycles.group_of, group, start).unwrap_or_else(|| {
        let trees = cycles.trees[group]
            .get_or_init(|| loop_trees(index, cycles.group_of, group, members[0]));
        loop_via_root(trees, start)
    });
    let mut path = Vec::with_capacity(steps.len() + 1);
    path.push(start);
    let mut flows = Vec::with_capacity(steps.len());
    for (node, flow) in steps {
        path.push(node);
        flows.push(flow);
    }
    Evidence {
        components: Vec::new(),
        flows,
        path,
    }
}

/// The steps (node, flow) of a shortest loop from `start` back to it within the group, if the
/// search finds one within its budget.
fn shortest_loop(
    index: &Index<'_>,
    group_of: &[Option<usize>],
    group: usize,
    start: usize,
) -> Option<Vec<(usize, usize)>> {
    let mut parent: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    let mut visits = 0;
    while let Some(n) = queue.pop_front() {
        visits += 1;
        if visits > LOOP_SEARCH_BUDGET {
            return None;
        }
        for (m, f) in index.out.of(n) {
            if group_of[m] != Some(group) {
                continue;
            }
            if m == start {
                let mut steps = vec![(start, f)];
                let mut cur = n;
                while cur != start {
                    let Some(&(p, pf)) = parent.get(&cur) else {
                        break;
                    };
                    steps.push((cur, pf));
                    cur = p;
                }
                steps.reverse();
                return Some(steps);
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(m) {
                e.insert((n, f));
                queue.push_back(m);
            }
        }
    }
    None
}

fn loop_trees(
    index: &Index<'_>,
    group_of: &[Option<usize>],
    group: usize,
    root: usize,
) -> LoopTrees {
    let search = |adjacent: &Adjacency| {
        let mut tree: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut queue = VecDeque::from([root]);
        while let Some(n) = queue.pop_front() {
            for (m, f) in adjacent.of(n) {
                if m != root && group_of[m] == Some(group) && !tree.contains_key(&m) {
                    tree.insert(m, (n, f));
                    queue.push_back(m);
                }
            }
        }
        tree
    };
    LoopTrees {
        root,
        down: search(index.out),
        up: search(index.inc),
    }
}

/// `start` → root (up the backward tree), then root → `start` (down the forward tree). When
/// `start` is the root, the loop is the root's shortest way back to itself through the trees.
fn loop_via_root(trees: &LoopTrees, start: usize) -> Vec<(usize, usize)> {
    let mut steps = Vec::new();
    let mut cur = start;
    if start == trees.root {
        // Leave the root by any tree edge down, then come back up.
        let Some((&first, &(_, f))) = trees.down.iter().filter(|(_, (p, _))| *p == start).min()
        else {
            return steps;
        };
        steps.push((first, f));
        cur = first;
    }
    while cur != trees.root {
        let Some(&(next, f)) = trees.up.get(&cur) else {
            return steps;
        };
        steps.push((next, f));
        cur = next;
    }
    let mut down = Vec::new();
    let mut back = start;
    while back != trees.root {
        let Some(&(p, f)) = trees.down.get(&back) else {
            break;
        };
        down.push((back, f));
        back = p;
    }
    down.reverse();
    steps.extend(down);
    steps
}

/// Buffers reused across the rules and findings of one evaluation (one per thread): marks (by
/// position) of the components and flows already listed in the finding being built, and the
/// buffers of finished searches.
struct Scratch {
    stamp: u32,
    component_mark: Vec<u32>,
    flow_mark: Vec<u32>,
    searches: Vec<Reach>,
}

impl Scratch {
    fn new(index: &Index<'_>) -> Self {
        Scratch {
            stamp: 0,
            component_mark: vec![0; index.ids.len()],
            flow_mark: vec![0; index.flows.len()],
            searches: Vec::new(),
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

fn finding(
    ctx: &Context<'_>,
    rule: &Rule,
    subject: SubjectRef<'_>,
    e: Evidence,
    scratch: &mut Scratch,
) -> Finding {
    let index = ctx.index();
    let source = e.path.first().map(|&n| index.comps[n].label.as_str());
    let evidence_components = if e.path.is_empty() {
        &e.components
    } else {
        &e.path
    };
    let stamp = scratch.next();
    let (id, mut components, mut flows, values) = match subject {
        SubjectRef::Component(c, n) => {
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
        SubjectRef::Flow(f, n) => {
            let (a, b) = index.flow_ends[n];
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
                    from: Some(index.comps[a].label.as_str()),
                    to: Some(index.comps[b].label.as_str()),
                },
            )
        }
    };
    push_unique(
        &mut components,
        &mut scratch.component_mark,
        stamp,
        evidence_components,
        &index.ids,
    );
    push_unique(
        &mut flows,
        &mut scratch.flow_mark,
        stamp,
        &e.flows,
        &index.flows,
    );
    let path = e.path.iter().map(|&n| index.ids[n].clone()).collect();
    Finding {
        id,
        rule: rule.id.clone(),
        best_practices: rule.best_practices.clone(),
        pillar: rule.pillar,
        risk: rule.risk,
        components,
        flows,
        path,
        message: rule.message.render(&values),
        remediation: rule.fix.render(&values),
        title: rule.shared.title.clone(),
        why: rule.shared.why.clone(),
        url: rule.shared.url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_engine_search_finds_the_same_witnesses_as_the_model() {
        // One pool for all searches: later searches reuse the buffers of earlier ones.
        let mut pool = Vec::new();
        for seed in 0..5 {
            let arch = Architecture::from_data(crate::samples::generated(1_500, seed))
                .expect("generated architectures are valid");
            let ctx = Context::new(&arch);
            let index = ctx.index();
            let is =
                |kind: &str| -> Vec<bool> { index.comps.iter().map(|c| c.kind == kind).collect() };
            for (source, guard) in [("user", "guardrail"), ("agent", "tool"), ("user", "agent")] {
                let (sources, blocked) = (is(source), is(guard));
                let source_list: Vec<usize> = (0..sources.len()).filter(|&n| sources[n]).collect();
                let reach = Reach::new(&ctx, &source_list, &blocked, &mut pool);
                let source_ids: BTreeSet<&ComponentId> =
                    source_list.iter().map(|&n| index.ids[n]).collect();
                let model = arch.reach_avoiding(&source_ids, &|c| c.kind == guard);
                let mut reached = 0;
                for (n, id) in index.ids.iter().enumerate() {
                    let ours = reach.witness(n).map(|e| {
                        let path: Vec<ComponentId> =
                            e.path.iter().map(|&m| index.ids[m].clone()).collect();
                        let flows: Vec<FlowId> =
                            e.flows.iter().map(|&f| index.flows[f].clone()).collect();
                        (path, flows)
                    });
                    let theirs = model.witness(id).map(|w| (w.components, w.flows));
                    assert_eq!(ours, theirs, "witness to {id} from {source}s, seed {seed}");
                    reached += usize::from(reach.reached[n]);
                }
                assert!(reached > 10, "the search from {source}s goes somewhere");
                pool.push(reach);
            }
        }
    }

    #[test]
    fn rules_shared_out_between_threads_give_the_same_findings_in_the_same_order() {
        let pack = Pack::builtin();
        for seed in 0..3 {
            let arch = Architecture::from_data(crate::samples::generated(2_000, seed))
                .expect("generated architectures are valid");
            let ctx = Context::new(&arch);
            let one = evaluate_on(&ctx, pack, 1);
            assert!(one.len() > 1_000, "the sample has findings");
            for threads in [2, 3, 8] {
                assert_eq!(evaluate_on(&ctx, pack, threads), one, "{threads} threads");
            }
        }
    }

    /// Every property condition of a rule, with whether it is about flows.
    fn conditions(rule: &Rule) -> Vec<(&PropertyCondition, bool)> {
        fn selector<'r>(s: &'r Selector, out: &mut Vec<(&'r PropertyCondition, bool)>) {
            out.extend(s.properties.iter().map(|p| (p, false)));
        }
        fn predicate<'r>(
            p: &'r Predicate,
            flows: bool,
            out: &mut Vec<(&'r PropertyCondition, bool)>,
        ) {
            match p {
                Predicate::All(ps) | Predicate::Any(ps) => {
                    ps.iter().for_each(|q| predicate(q, flows, out))
                }
                Predicate::Not(q) => predicate(q, flows, out),
                Predicate::Property(c) => out.push((c, flows)),
                Predicate::Neighbours { matching, .. } => selector(matching, out),
                Predicate::EveryPath { from, through } => {
                    selector(from, out);
                    selector(through, out);
                }
                Predicate::NoPath { from, to, avoiding } => {
                    selector(from, out);
                    to.iter().chain(avoiding).for_each(|s| selector(s, out));
                }
                Predicate::CycleBounded { by } => out.extend(by.iter().map(|c| (c, false))),
                Predicate::CrossingProtected { properties } => {
                    out.extend(properties.iter().map(|c| (c, true)))
                }
                Predicate::Present { of, .. } => selector(of, out),
                Predicate::ReachedFromBoundaries { from, .. } => selector(from, out),
            }
        }
        let mut out = Vec::new();
        let flows = match &rule.subject {
            Subject::Components(s) => {
                selector(s, &mut out);
                false
            }
            Subject::Flows(f) => {
                f.from
                    .iter()
                    .chain(&f.to)
                    .for_each(|s| selector(s, &mut out));
                out.extend(f.properties.iter().map(|c| (c, true)));
                true
            }
        };
        predicate(&rule.requires, flows, &mut out);
        out
    }

    #[test]
    fn property_conditions_read_from_the_columns_agree_with_the_property_maps() {
        use crate::engine::table::value_holds;
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
        let index = ctx.index();
        let mut checked = [0usize; 2];
        for rule in Pack::builtin().rules() {
            for (cond, on_flows) in conditions(rule) {
                if on_flows {
                    for (n, f) in index.flow_refs.iter().enumerate() {
                        let value = f.properties.get(&cond.property);
                        let expected = value_holds(&cond.op, value.or(cond.flow_default.as_ref()));
                        assert_eq!(cond.holds_on_flow(&ctx, n), expected, "{cond:?} on {f:?}");
                        checked[usize::from(expected)] += 1;
                    }
                } else {
                    for (n, c) in index.comps.iter().enumerate() {
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

    #[test]
    fn crossings_computed_at_once_agree_with_the_model_for_every_flow() {
        for seed in 0..5 {
            let arch = Architecture::from_data(crate::samples::generated(1_500, seed))
                .expect("generated architectures are valid");
            let ctx = Context::new(&arch);
            let index = ctx.index();
            let crossing = ctx.crossing();
            assert!(crossing.iter().any(|c| *c), "the sample has crossings");
            for (n, id) in index.flows.iter().enumerate() {
                assert_eq!(
                    crossing[n],
                    arch.enters_higher_trust(id),
                    "flow {id}, seed {seed}"
                );
            }
        }
    }
}
