//! The JSON Schema of the architecture format, generated from the Rust types (schemars) and
//! sharpened with the catalog: the allowed kinds, each kind's properties with their types and
//! allowed values, the flow properties, and the limits. Committed as
//! `lens/schema/architecture.schema.json`; the test `lens/tests/json/schema.rs` fails when the
//! committed file is stale. The schema describes canonical files; the importer is the authority
//! (it also checks what a schema cannot say: unique ids, flow ends and boundary references that
//! resolve, boundary parents without cycles).

use schemars::JsonSchema;
use serde_json::{json, Map, Value as J};

use crate::catalog::{Catalog, PropertySpec, PropertyType};
use crate::model::{Boundary, Component, Flow};

use super::{FORMAT, VERSION};

/// A Lensboard architecture file (`docs/FORMAT.md`).
#[derive(JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "Lensboard architecture",
    extend("$id" = "https://lensboard.dev/schema/architecture.schema.json")
)]
#[allow(dead_code)] // Only its schema is used; the importer walks the JSON itself.
struct ArchitectureFile {
    /// Always `lensboard/architecture`.
    #[schemars(extend("const" = FORMAT))]
    format: String,
    /// The format version; this build reads and writes version 1.
    #[schemars(extend("const" = VERSION))]
    version: u32,
    /// The architecture's name.
    #[schemars(length(max = 4096))]
    name: String,
    /// Trust zones, sorted by id.
    boundaries: Vec<Boundary>,
    /// Components, sorted by id.
    components: Vec<Component>,
    /// Flows, sorted by id.
    flows: Vec<Flow>,
}

fn property_schema(p: &PropertySpec) -> J {
    let mut s = match &p.ty {
        PropertyType::Bool => json!({ "type": "boolean" }),
        PropertyType::Number => {
            let mut s = json!({ "type": if p.integer { "integer" } else { "number" } });
            if let Some(min) = p.min {
                s["minimum"] = super::export::number(min);
            }
            s
        }
        PropertyType::Text => {
            json!({ "type": "string", "maxLength": crate::catalog::MAX_TEXT_CHARS })
        }
        PropertyType::Enum(values) => json!({ "enum": values }),
    };
    let mut description = format!("{}: {}", p.label, p.help);
    if let Some(unit) = &p.unit {
        description.push_str(&format!(" (in {unit})"));
    }
    s["description"] = J::String(description);
    if let Some(d) = &p.default {
        s["default"] = serde_json::to_value(d).unwrap_or(J::Null);
    }
    s
}

fn properties_object(props: &[PropertySpec]) -> J {
    let properties: Map<String, J> = props
        .iter()
        .map(|p| (p.id.clone(), property_schema(p)))
        .collect();
    json!({ "type": "object", "properties": properties, "additionalProperties": false })
}

fn require(def: &mut J, field: &str) {
    if let Some(required) = def["required"].as_array_mut() {
        if !required.iter().any(|f| f == field) {
            required.push(J::String(field.to_owned()));
        }
    }
}

/// The JSON Schema of the architecture format, as a JSON value.
pub fn architecture_schema() -> J {
    let catalog = Catalog::builtin();
    let mut schema = schemars::schema_for!(ArchitectureFile).to_value();
    let defs = &mut schema["$defs"];
    let kinds: Vec<&str> = catalog.kinds().iter().map(|k| k.id.as_str()).collect();
    defs["Component"]["properties"]["kind"]["enum"] = json!(kinds);
    defs["Component"]["allOf"] = J::Array(
        catalog
            .kinds()
            .iter()
            .map(|k| {
                json!({
                    "if": { "properties": { "kind": { "const": k.id } } },
                    "then": { "properties": { "properties": properties_object(&k.properties) } }
                })
            })
            .collect(),
    );
    defs["Flow"]["properties"]["properties"] = properties_object(catalog.flow_properties());
    // `null` is written, never left out: the importer requires these fields (schemars makes an
    // `Option` optional).
    require(&mut defs["Boundary"], "parent");
    require(&mut defs["Component"], "boundary");
    schema
}

/// The JSON Schema as the text committed in `lens/schema/architecture.schema.json`.
pub fn architecture_schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&architecture_schema()).unwrap_or_default();
    text.push('\n');
    text
}
