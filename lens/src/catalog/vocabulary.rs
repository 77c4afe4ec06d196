//! The catalog by numbers: which kinds and categories exist, which properties each kind and every
//! flow has, their types and defaults — what the rule compiler checks rules against — and dense
//! numbers for kinds, properties and the catalog's texts, which the rules are compiled to and the
//! architecture's property tables ([`crate::model::content`]) are encoded with. Read once from
//! [`crate::catalog::Catalog::builtin`].

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use crate::model::content::Texts;
use crate::model::{FastHash, Value};

/// The type of a property value, as far as conditions care.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ValueType {
    Bool,
    Number,
    Text,
    /// One of these strings.
    Enum(Vec<String>),
}

#[derive(Clone, Debug)]
pub(crate) struct PropertyInfo {
    pub ty: ValueType,
    pub default: Option<Value>,
}

#[derive(Clone, Debug)]
pub(crate) struct KindInfo {
    pub category: String,
    pub properties: BTreeMap<String, PropertyInfo>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Vocabulary {
    pub kinds: BTreeMap<String, KindInfo>,
    pub flow_properties: BTreeMap<String, PropertyInfo>,
    /// Dense numbers for the names above, so that evaluation indexes arrays instead of looking
    /// strings up (see `crate::model::content`).
    pub ids: VocabularyIds,
}

/// Kinds, component properties and flow properties numbered in name order, and the texts the
/// catalog knows (every enum value) numbered too. A component of a kind outside the catalog has
/// the kind number `kinds.len()`.
#[derive(Clone, Debug, Default)]
pub(crate) struct VocabularyIds {
    pub kinds: HashMap<String, usize>,
    pub component_properties: HashMap<String, usize, FastHash>,
    pub component_property_names: Vec<String>,
    pub flow_properties: HashMap<String, usize, FastHash>,
    pub texts: Texts,
    /// Per kind number: the position of each of the kind's properties in a row of its table
    /// (`crate::model::content::KindTable`), by name.
    pub kind_slots: Vec<HashMap<String, usize, FastHash>>,
    /// Per (kind number × number of component properties + property number): the property's
    /// position in a row of the kind's table, `NO_SLOT` where the kind has no such property.
    pub slot_of: Vec<u32>,
}

/// In `VocabularyIds::slot_of`: the kind has no such property.
pub(crate) const NO_SLOT: u32 = u32::MAX;

impl VocabularyIds {
    fn new(kinds: &BTreeMap<String, KindInfo>, flows: &BTreeMap<String, PropertyInfo>) -> Self {
        let component_property_names: Vec<String> = kinds
            .values()
            .flat_map(|k| k.properties.keys().cloned())
            .collect::<std::collections::BTreeSet<String>>()
            .into_iter()
            .collect();
        let flow_property_names: Vec<String> = flows.keys().cloned().collect();
        let numbered = |names: &[String]| -> HashMap<String, usize, FastHash> {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i))
                .collect()
        };
        let mut texts = Texts::default();
        let all_properties = kinds
            .values()
            .flat_map(|k| k.properties.values())
            .chain(flows.values());
        for info in all_properties {
            if let ValueType::Enum(values) = &info.ty {
                for v in values {
                    let next = texts.len() as u32;
                    texts.entry(v.clone()).or_insert(next);
                }
            }
        }
        let component_properties = numbered(&component_property_names);
        let mut slot_of = vec![NO_SLOT; kinds.len() * component_property_names.len()];
        let kind_slots = kinds
            .values()
            .enumerate()
            .map(|(k, info)| {
                info.properties
                    .keys()
                    .enumerate()
                    .map(|(slot, name)| {
                        let p = component_properties[name];
                        slot_of[k * component_property_names.len() + p] = slot as u32;
                        (name.clone(), slot)
                    })
                    .collect()
            })
            .collect();
        VocabularyIds {
            kinds: kinds
                .keys()
                .enumerate()
                .map(|(i, k)| (k.clone(), i))
                .collect(),
            component_properties,
            component_property_names,
            flow_properties: numbered(&flow_property_names),
            texts,
            kind_slots,
            slot_of,
        }
    }
}

impl Vocabulary {
    pub fn builtin() -> &'static Vocabulary {
        static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
        VOCABULARY.get_or_init(Vocabulary::from_catalog)
    }

    fn from_catalog() -> Vocabulary {
        let catalog = crate::catalog::Catalog::builtin();
        let convert = |p: &crate::catalog::PropertySpec| {
            (
                p.id.clone(),
                PropertyInfo {
                    ty: match &p.ty {
                        crate::catalog::PropertyType::Bool => ValueType::Bool,
                        crate::catalog::PropertyType::Number => ValueType::Number,
                        crate::catalog::PropertyType::Text => ValueType::Text,
                        crate::catalog::PropertyType::Enum(values) => {
                            ValueType::Enum(values.clone())
                        }
                    },
                    default: p.default.clone(),
                },
            )
        };
        let kinds: BTreeMap<String, KindInfo> = catalog
            .kinds()
            .iter()
            .map(|k| {
                (
                    k.id.clone(),
                    KindInfo {
                        category: k.category.clone(),
                        properties: k.properties.iter().map(convert).collect(),
                    },
                )
            })
            .collect();
        let flow_properties: BTreeMap<String, PropertyInfo> =
            catalog.flow_properties().iter().map(convert).collect();
        Vocabulary {
            ids: VocabularyIds::new(&kinds, &flow_properties),
            kinds,
            flow_properties,
        }
    }

    pub fn kinds_in_category(&self, category: &str) -> Vec<&str> {
        self.kinds
            .iter()
            .filter(|(_, k)| k.category == category)
            .map(|(id, _)| id.as_str())
            .collect()
    }
}
