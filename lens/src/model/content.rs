//! What the rules read of an architecture's content, kept between evaluations until it changes
//! ([`Architecture::content`]): the components grouped by kind, their property values in one dense
//! table per kind, the trust zones and which flows cross into a zone of higher trust.
//!
//! Property values are small encoded [`Cell`]s ([`KindTable`]: a row per component, a cell per
//! catalog property of the kind), so that a condition reads an array instead of looking a string
//! up in a component's property map. Kinds, properties and the catalog's texts are numbered by
//! the catalog's [`Vocabulary`]; rule conditions are compiled against the same numbering, so
//! evaluation never compares property names, kind names or catalog texts. Only texts outside the
//! catalog's enum values are kept as strings (in the table's `others`) and compared as such.
//! (Flows are few to check — only those crossing into a more trusted zone — and are read from
//! their maps.)

use std::collections::HashMap;
use std::sync::OnceLock;

use super::held::{DataClass, Held};
use super::topology::Zones;
use super::{Architecture, Component, FastHash, Properties, Value};
use crate::catalog::purpose::{self, FlowPurpose};
use crate::catalog::vocabulary::{Vocabulary, NO_SLOT};

/// The catalog's texts by number (`VocabularyIds::texts`).
pub(crate) type Texts = HashMap<String, u32, FastHash>;

/// A property value as conditions see it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Cell {
    /// Not set: the catalog default of the component's kind applies.
    Missing,
    /// Set to `"unknown"`: satisfies nothing but `set = false`.
    Unknown,
    Bool(bool),
    Number(f64),
    /// A text of the catalog (numbered in `VocabularyIds::texts`).
    Known(u32),
    /// Another text: its position in the column's `others`.
    Other(u32),
}

/// The values of one property for a run of components, by row.
pub(crate) struct Column {
    pub cells: Vec<Cell>,
    pub others: Vec<String>,
}

impl Column {
    pub fn new<'a>(
        values: impl ExactSizeIterator<Item = Option<&'a Value>>,
        texts: &Texts,
    ) -> Self {
        let mut others = Vec::new();
        let cells = values
            .map(|v| v.map_or(Cell::Missing, |v| encode(v, texts, &mut others)))
            .collect();
        Column { cells, others }
    }
}

/// The values of the catalog properties of one kind for its components: row by component (in id
/// order), one cell per property of the kind (`VocabularyIds::kind_slots`), filled in one pass
/// over each component's property map.
pub(crate) struct KindTable {
    pub width: usize,
    pub cells: Vec<Cell>,
    pub others: Vec<String>,
}

impl KindTable {
    /// `slots`: the position of each of the kind's properties in a row.
    pub fn new<'a>(
        rows: impl ExactSizeIterator<Item = &'a Properties>,
        slots: &HashMap<String, usize, FastHash>,
        texts: &Texts,
    ) -> Self {
        let width = slots.len();
        let mut cells = vec![Cell::Missing; rows.len() * width];
        let mut others = Vec::new();
        for (r, properties) in rows.enumerate() {
            for (name, value) in properties {
                if let Some(&slot) = slots.get(name.as_str()) {
                    cells[r * width + slot] = encode(value, texts, &mut others);
                }
            }
        }
        KindTable {
            width,
            cells,
            others,
        }
    }
}

fn encode(v: &Value, texts: &Texts, others: &mut Vec<String>) -> Cell {
    match v {
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(x) => Cell::Number(*x),
        Value::Text(s) if s == "unknown" => Cell::Unknown,
        Value::Text(s) => match texts.get(s.as_str()) {
            Some(&code) => Cell::Known(code),
            None => {
                others.push(s.clone());
                Cell::Other(others.len() as u32 - 1)
            }
        },
    }
}

/// What the flows' own properties say, by flow position, read in one walk over the flows' maps.
/// Kept by the architecture apart from the [`Content`] ([`Architecture::flow_reads`]): an edit
/// of a component's properties (the inspector's usual edit) changes none of it.
pub(crate) struct FlowReads {
    /// What each flow is for: its `purpose`, or the default for the kinds it joins.
    purposes: Vec<FlowPurpose>,
    /// The class of data each flow states it carries (`carries`), if it states one.
    carried: Vec<Option<DataClass>>,
}

impl FlowReads {
    pub(super) fn new(arch: &Architecture) -> FlowReads {
        let topology = arch.topology();
        let kind_of = &arch.content().kind_of;
        let defaults = purpose::defaults_by_number();
        let width = Vocabulary::builtin().ids.kinds.len() + 1;
        let kept = arch
            .flows()
            .enumerate()
            .filter(|(i, _)| topology.dropped.binary_search(i).is_err());
        let size = topology.flow_ends.len();
        let (mut purposes, mut carried) = (Vec::with_capacity(size), Vec::with_capacity(size));
        for ((_, f), &(a, b)) in kept.zip(&topology.flow_ends) {
            purposes.push(purpose::stated(f).unwrap_or_else(|| {
                let (from, to) = (kind_of[a] as usize, kind_of[b] as usize);
                defaults[from * width + to]
            }));
            let class = f.properties.get("carries").and_then(Value::as_text);
            carried.push(class.and_then(DataClass::from_id));
        }
        FlowReads { purposes, carried }
    }
}

/// The architecture's content as the rules read it (see the module documentation). Tables,
/// columns, zones and crossings are built on first use.
pub(crate) struct Content {
    /// Per kind number (`VocabularyIds::kinds`, then one for kinds outside the catalog): the
    /// positions of the components of that kind, in id order.
    pub by_kind: Vec<Vec<usize>>,
    /// Per component position: its kind number, and its row in `by_kind` (and in the tables).
    pub kind_of: Vec<u32>,
    row_of: Vec<u32>,
    /// Per kind number: the values of the kind's catalog properties for its components.
    kind_tables: Vec<OnceLock<KindTable>>,
    /// Component property columns by (kind number × property count + property number) for the
    /// properties a component has although the catalog does not give them to its kind (only
    /// architectures built without the catalog checks have such).
    component_columns: Vec<OnceLock<Column>>,
    zones: OnceLock<Zones>,
    /// Per flow position: whether the flow enters a zone of higher trust.
    crossings: OnceLock<Vec<bool>>,
    /// Per flow position: whether it is a request; whether data travels on it.
    requests: OnceLock<Vec<bool>>,
    data_flows: OnceLock<Vec<bool>>,
    /// What data each component holds.
    held: OnceLock<Held>,
}

impl Content {
    pub(super) fn new(arch: &Architecture) -> Content {
        let ids = &Vocabulary::builtin().ids;
        let numbers: HashMap<&str, usize, FastHash> =
            ids.kinds.iter().map(|(k, &i)| (k.as_str(), i)).collect();
        let outside = ids.kinds.len();
        let mut by_kind: Vec<Vec<usize>> = vec![Vec::new(); outside + 1];
        let n = arch.components.len();
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
            crossings: OnceLock::new(),
            requests: OnceLock::new(),
            data_flows: OnceLock::new(),
            held: OnceLock::new(),
        }
    }

    /// The value of component property number `key` of the component at position `n`, with the
    /// texts of its table; `comps` are the architecture's components by position.
    pub fn component_value(&self, comps: &[&Component], key: usize, n: usize) -> (Cell, &[String]) {
        let ids = &Vocabulary::builtin().ids;
        let kind = self.kind_of[n] as usize;
        let row = self.row_of[n] as usize;
        let slot = ids
            .slot_of
            .get(kind * ids.component_properties.len() + key)
            .copied()
            .unwrap_or(NO_SLOT);
        if slot == NO_SLOT {
            let column = self.component_column(comps, kind, key);
            return (column.cells[row], &column.others);
        }
        let table = self.kind_tables[kind].get_or_init(|| {
            let rows = self.by_kind[kind].iter().map(|&m| &comps[m].properties);
            KindTable::new(rows, &ids.kind_slots[kind], &ids.texts)
        });
        (
            table.cells[row * table.width + slot as usize],
            &table.others,
        )
    }

    /// The values of component property `key` for the components of kind number `kind`, by row.
    fn component_column(&self, comps: &[&Component], kind: usize, key: usize) -> &Column {
        let ids = &Vocabulary::builtin().ids;
        let slot = kind * ids.component_properties.len() + key;
        self.component_columns[slot].get_or_init(|| {
            let name = ids.component_property_names[key].as_str();
            let values = self.by_kind[kind]
                .iter()
                .map(|&n| comps[n].properties.get(name));
            Column::new(values, &ids.texts)
        })
    }

    /// The trust zones by position.
    pub fn zones(&self, arch: &Architecture) -> &Zones {
        self.zones.get_or_init(|| Zones::new(arch))
    }

    /// Per flow position: what the flow is for — its `purpose`, or the default for the kinds it
    /// joins.
    pub fn purposes<'a>(&self, arch: &'a Architecture) -> &'a [FlowPurpose] {
        &arch.flow_reads().purposes
    }

    /// Per flow position: the class of data the flow states it carries (`carries`), if stated.
    pub fn carried<'a>(&self, arch: &'a Architecture) -> &'a [Option<DataClass>] {
        &arch.flow_reads().carried
    }

    /// Per flow position: whether the flow is a request (the paths input and answers travel).
    pub fn requests(&self, arch: &Architecture) -> &[bool] {
        self.requests.get_or_init(|| {
            let purposes = self.purposes(arch);
            purposes
                .iter()
                .map(|p| *p == FlowPurpose::Request)
                .collect()
        })
    }

    /// Per flow position: whether data travels on the flow (requests, responses, data syncs).
    pub fn data_flows(&self, arch: &Architecture) -> &[bool] {
        self.data_flows.get_or_init(|| {
            let purposes = self.purposes(arch);
            purposes.iter().map(|p| p.carries_data()).collect()
        })
    }

    /// What data each component holds (`super::held`).
    pub fn held(&self, arch: &Architecture) -> &Held {
        self.held.get_or_init(|| Held::new(arch, self))
    }

    /// Per flow position: whether the flow enters a zone of higher trust.
    pub fn crossings(&self, arch: &Architecture) -> &[bool] {
        self.crossings
            .get_or_init(|| self.zones(arch).crossings(arch.topology()))
    }
}
