//! What one evaluation knows about the architecture: the components and flows by position, the
//! graph ([`Topology`]) and the content the rules read ([`Content`]), both kept by the
//! architecture between evaluations; and the two things a condition speaks of, the subject it is
//! checked on and the evidence of a failure.

pub(crate) use super::finding::Basis;
use super::format::Along;
use crate::model::content::{Cell, Content};
use crate::model::topology::{CycleGroups, Path, Topology, Zones};
use crate::model::{Architecture, Component, ComponentId, Flow, FlowId};

/// The facts shared by all rules of one evaluation.
pub(crate) struct Context<'a> {
    pub arch: &'a Architecture,
    pub topology: &'a Topology,
    pub content: &'a Content,
    /// Component ids and components by position (id order).
    pub ids: Vec<&'a ComponentId>,
    pub comps: Vec<&'a Component>,
    /// Flow ids and flows by position (the topology's numbering).
    pub flows: Vec<&'a FlowId>,
    pub flow_refs: Vec<&'a Flow>,
}

impl<'a> Context<'a> {
    pub fn new(arch: &'a Architecture) -> Self {
        let comps: Vec<&Component> = arch.components().collect();
        let topology = arch.topology();
        // The flows the topology numbers: all of them, unless one has an end that is not a
        // component.
        let flow_refs: Vec<&Flow> = arch
            .flows()
            .enumerate()
            .filter(|(i, _)| topology.dropped.binary_search(i).is_err())
            .map(|(_, f)| f)
            .collect();
        Context {
            arch,
            topology,
            content: arch.content(),
            ids: comps.iter().map(|c| &c.id).collect(),
            comps,
            flows: flow_refs.iter().map(|f| &f.id).collect(),
            flow_refs,
        }
    }

    /// The number of components.
    pub fn len(&self) -> usize {
        self.comps.len()
    }

    /// The value of component property number `key` of the component at position `n`, with the
    /// texts of its table.
    pub fn component_value(&self, key: usize, n: usize) -> (Cell, &[String]) {
        self.content.component_value(&self.comps, key, n)
    }

    /// The kind number of the component at position `n`.
    pub fn kind_of(&self, n: usize) -> usize {
        self.content.kind_of[n] as usize
    }

    pub fn zones(&self) -> &Zones {
        self.content.zones(self.arch)
    }

    /// Per flow position: whether the flow enters a zone of higher trust.
    pub fn crossings(&self) -> &[bool] {
        self.content.crossings(self.arch)
    }

    /// The flows a path condition going `along` follows, by flow position (empty: every flow).
    pub fn flows_along(&self, along: Along) -> &[bool] {
        match along {
            Along::Requests => self.content.requests(self.arch),
            Along::Data => self.content.data_flows(self.arch),
            Along::Flows => &[],
        }
    }

    pub fn cycles(&self) -> &CycleGroups {
        self.topology.cycles()
    }

    /// Per component position: whether it is in `positions`.
    pub fn mask(&self, positions: &[usize]) -> Vec<bool> {
        let mut mask = vec![false; self.len()];
        for &n in positions {
            mask[n] = true;
        }
        mask
    }
}

/// What a rule is checked on: a component or a flow, with its position.
#[derive(Clone, Copy)]
pub(crate) enum Subject<'a> {
    Component(&'a Component, usize),
    Flow(&'a Flow, usize),
}

impl Subject<'_> {
    /// The position of a component subject; `None` for a flow.
    pub fn component(&self) -> Option<usize> {
        match self {
            Subject::Component(_, n) => Some(*n),
            Subject::Flow(..) => None,
        }
    }
}

/// Why a subject fails a condition: what to highlight, as positions (turned into ids once, when
/// the finding is built), and what the failure rests on.
#[derive(Clone, Debug, Default)]
pub(crate) struct Evidence {
    pub components: Vec<usize>,
    pub flows: Vec<usize>,
    /// The witness path; when set, it is also the evidence's components.
    pub path: Vec<usize>,
    pub basis: Basis,
    /// The properties nobody set whose answers would settle the failure.
    pub questions: Vec<Question>,
}

/// A property nobody set, on a component or a flow (by position).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Question {
    pub on: Element,
    pub property: String,
}

/// A component or a flow, by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Element {
    Component(usize),
    Flow(usize),
}

impl Evidence {
    /// A witness path as evidence.
    pub fn path(path: Path) -> Evidence {
        Evidence {
            flows: path.flows,
            path: path.components,
            ..Evidence::default()
        }
    }

    /// A failure that rests on a property of `on` that someone set (`questions` empty) or that
    /// nobody set.
    pub fn property(basis: Basis, questions: Vec<Question>) -> Evidence {
        Evidence {
            basis,
            questions,
            ..Evidence::default()
        }
    }

    /// Whether it names anything to highlight beyond the subject.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty() && self.flows.is_empty() && self.path.is_empty()
    }
}

/// A condition without evidence to show beyond the subject itself.
pub(crate) fn holds(condition: bool) -> Result<(), Evidence> {
    if condition {
        Ok(())
    } else {
        Err(Evidence::default())
    }
}
