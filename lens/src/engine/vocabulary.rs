//! What the rule compiler needs to know about the component catalog: which kinds and categories
//! exist, which properties each kind and every flow has, their types and defaults. Read once from
//! [`crate::catalog::Catalog::builtin`].

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::model::Value;

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
        Vocabulary {
            kinds: catalog
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
                .collect(),
            flow_properties: catalog.flow_properties().iter().map(convert).collect(),
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
