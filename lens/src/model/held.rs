//! The data each component holds, carried along the flows from where it comes from.
//!
//! Data sources say how sensitive their data is (`classification`) and whether it is personal
//! (`contains_pii`); a flow may state the most sensitive class it carries (`carries`, when
//! someone set it). From there the data spreads (`topology::Spread`): forward along every flow
//! data travels on (requests, responses, data syncs — an ingestion copies documents into a
//! store, an agent writes what it retrieved into its memory; a query to a source or an index
//! leaves nothing in it) and back along requests (the
//! answer to whoever asked, up the call chain). Personal data stops at a component that redacts
//! it (`pii_redaction`). Each component then holds the most sensitive class that reaches it, and
//! personal data if any reaches it unredacted, with the way it came; rules select on that
//! (`holds` in a selector) and the inspector shows it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::content::Content;
use super::topology::{Spread, Topology};
use super::{Architecture, Component, ComponentId, FlowId, Value};
use crate::catalog::purpose::FlowPurpose;
use crate::catalog::vocabulary::Vocabulary;

/// A class of data, least sensitive first (the values of `classification` and `carries`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DataClass {
    Public,
    Internal,
    Confidential,
    Regulated,
}

impl DataClass {
    pub const ALL: [DataClass; 4] = [
        DataClass::Public,
        DataClass::Internal,
        DataClass::Confidential,
        DataClass::Regulated,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DataClass::Public => "public",
            DataClass::Internal => "internal",
            DataClass::Confidential => "confidential",
            DataClass::Regulated => "regulated",
        }
    }

    pub fn from_id(id: &str) -> Option<DataClass> {
        DataClass::ALL.into_iter().find(|c| c.id() == id)
    }
}

/// What one component holds, for people (the inspector) and tests: the most sensitive class of
/// data that reaches it and personal data, each with the source it comes from and the flows it
/// came by (empty for the source itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HeldData {
    pub component: ComponentId,
    pub classification: DataClass,
    pub source: ComponentId,
    pub flows: Vec<FlowId>,
    /// The personal data it holds, if any reaches it unredacted.
    pub personal: Option<PersonalData>,
}

/// Personal data a component holds: its source and the flows it came by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonalData {
    pub source: ComponentId,
    pub flows: Vec<FlowId>,
}

/// Kinds a request only asks something of: sources and indexes (their data comes by data syncs,
/// not with the questions asked), and the services that hand out keys, secrets, identities,
/// prompts and model versions. Data passed in a request does not stay in them.
const ANSWERS_QUERIES: [&str; 9] = [
    "data_source",
    "knowledge_base",
    "search_index",
    "vector_store",
    "identity_provider",
    "key_management",
    "secrets_manager",
    "prompt_catalog",
    "model_catalog",
];

/// Kinds a flow is drawn from to say what they supply (a key, a secret, a sign-in, a prompt, a
/// model version): answers do not go back to them.
const SUPPLIERS: [&str; 5] = [
    "identity_provider",
    "key_management",
    "secrets_manager",
    "prompt_catalog",
    "model_catalog",
];

/// The data held by every component, by position.
pub(crate) struct Held {
    /// Per component position: the most sensitive class that reaches it.
    pub class: Vec<Option<DataClass>>,
    /// Per component position: whether personal data reaches it unredacted.
    pub pii: Vec<bool>,
    /// The spread of the classes, most sensitive first, for the witnesses.
    by_class: Spread,
    personal: Spread,
}

impl Held {
    /// Spreads the data over `arch`, whose content (kinds, flow purposes) is `content`.
    pub fn new(arch: &Architecture, content: &Content) -> Held {
        let topology = arch.topology();
        let comps: Vec<&Component> = arch.components().collect();
        let mut sources: Vec<Vec<usize>> = vec![Vec::new(); DataClass::ALL.len()];
        let mut pii_sources = Vec::new();
        for (n, c) in comps.iter().enumerate() {
            if c.kind != "data_source" {
                continue;
            }
            let class = c
                .properties
                .get("classification")
                .and_then(Value::as_text)
                .and_then(DataClass::from_id)
                .unwrap_or(DataClass::Internal);
            sources[class as usize].push(n);
            if c.properties.get("contains_pii") == Some(&Value::Bool(true)) {
                pii_sources.push(n);
            }
        }
        // A flow that states what it carries: both its ends hold that.
        for (f, class) in content.carried(arch).iter().enumerate() {
            if let Some(class) = class {
                let (a, b) = topology.flow_ends[f];
                sources[*class as usize].extend([a, b]);
            }
        }
        // Requests carry data forward into the components that use or keep it (an agent, a
        // memory, a database), not into one that only answers them: a question to a knowledge
        // base, or a key fetched from KMS, leaves nothing there.
        let answers_only = kinds_among(content, &ANSWERS_QUERIES);
        let supplies = kinds_among(content, &SUPPLIERS);
        let (data_flows, requests) = (content.data_flows(arch), content.requests(arch));
        let forward: Vec<bool> = data_flows
            .iter()
            .zip(requests)
            .zip(&topology.flow_ends)
            .map(|((&data, &request), &(_, to))| data && !(request && answers_only[to]))
            .collect();
        // And answers go back to whoever asked, not to a key service or a catalog that a flow
        // is drawn from (it supplies a key or a prompt; it asks nothing).
        let backward: Vec<bool> = requests
            .iter()
            .zip(&topology.flow_ends)
            .map(|(&request, &(from, _))| request && !supplies[from])
            .collect();
        let redacts: Vec<bool> = comps
            .iter()
            .map(|c| c.properties.get("pii_redaction") == Some(&Value::Bool(true)))
            .collect();
        // The most sensitive class first: a component holds the first that reaches it.
        let ranked: Vec<&Vec<usize>> = sources.iter().rev().collect();
        let by_class = Spread::ranked(topology, &ranked, &[], &forward, &backward);
        let personal = Spread::new(topology, &pii_sources, &redacts, &forward, &backward);
        let class = (0..comps.len())
            .map(|n| {
                let rank = by_class.rank(n)?;
                Some(DataClass::ALL[DataClass::ALL.len() - 1 - rank])
            })
            .collect();
        let pii = (0..comps.len()).map(|n| personal.reached(n)).collect();
        Held {
            class,
            pii,
            by_class,
            personal,
        }
    }

    /// The way data of class `class` (or personal data, for `None`) came to the component at
    /// `n`, source first, if that is the class it holds (or it holds personal data).
    pub fn way(&self, n: usize, class: Option<DataClass>) -> Option<super::topology::Path> {
        match class {
            Some(c) if self.class.get(n) == Some(&Some(c)) => self.by_class.witness(n),
            Some(_) => None,
            None => self.personal.witness(n),
        }
    }

    /// What the component at `n` holds, in ids; `None` when no data reaches it.
    pub fn of(&self, n: usize, ids: &[&ComponentId], flow_ids: &[&FlowId]) -> Option<HeldData> {
        let class = self.class[n]?;
        let way = |spread: &Spread| -> Option<(ComponentId, Vec<FlowId>)> {
            let path = spread.witness(n)?;
            let source = ids[*path.components.first()?].clone();
            Some((
                source,
                path.flows.iter().map(|&f| flow_ids[f].clone()).collect(),
            ))
        };
        let (source, flows) = way(&self.by_class)?;
        let personal = self
            .pii
            .get(n)
            .copied()
            .unwrap_or(false)
            .then(|| way(&self.personal))
            .flatten()
            .map(|(source, flows)| PersonalData { source, flows });
        Some(HeldData {
            component: ids[n].clone(),
            classification: class,
            source,
            flows,
            personal,
        })
    }
}

/// Per component position: whether its kind is one of `kinds`.
fn kinds_among(content: &Content, kinds: &[&str]) -> Vec<bool> {
    let numbers = &Vocabulary::builtin().ids.kinds;
    let mut among = vec![false; content.by_kind.len()];
    for n in kinds.iter().filter_map(|k| numbers.get(*k)) {
        among[*n] = true;
    }
    content.kind_of.iter().map(|&k| among[k as usize]).collect()
}

/// The flows by position (the topology's numbering).
fn flows_by_position<'a>(arch: &'a Architecture, topology: &Topology) -> Vec<&'a super::Flow> {
    arch.flows()
        .enumerate()
        .filter(|(i, _)| topology.dropped.binary_search(i).is_err())
        .map(|(_, f)| f)
        .collect()
}

impl Architecture {
    /// What each flow is for, by flow id: its `purpose`, or the default for the kinds it joins.
    pub fn flow_purposes(&self) -> BTreeMap<FlowId, FlowPurpose> {
        let topology = self.topology();
        let purposes = self.content().purposes(self);
        flows_by_position(self, topology)
            .into_iter()
            .zip(purposes)
            .map(|(f, p)| (f.id.clone(), *p))
            .collect()
    }

    /// What every component that holds data holds, in id order: the most sensitive class of
    /// data that reaches it and personal data, with where each comes from and the flows it came
    /// by (see the module documentation).
    pub fn data_held(&self) -> Vec<HeldData> {
        let held = self.content().held(self);
        let ids: Vec<&ComponentId> = self.components.keys().collect();
        let flows = flows_by_position(self, self.topology());
        let flow_ids: Vec<&FlowId> = flows.iter().map(|f| &f.id).collect();
        (0..ids.len())
            .filter_map(|n| held.of(n, &ids, &flow_ids))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_that_keep_no_request_data_are_catalog_kinds() {
        let kinds = &Vocabulary::builtin().ids.kinds;
        for kind in ANSWERS_QUERIES.iter().chain(&SUPPLIERS) {
            assert!(kinds.contains_key(*kind), "{kind} is not a catalog kind");
        }
    }
}
