//! The catalog as Markdown: the generated reference part of `docs/CATALOG.md`.
//!
//! The test `lens/tests/review/docs.rs` renders it from [`Catalog::builtin`] and fails when the committed
//! file differs, so the document cannot drift from `lens/catalog/catalog.toml`; `make docs`
//! rewrites it. Everything here is derived from the catalog's data: categories, kinds in palette
//! order with their properties (type, allowed values, unit, minimum, default), the flow
//! properties and the boundary trust levels.

use super::{Catalog, KindSpec, PropertySpec, PropertyType, MAX_TEXT_CHARS};
use crate::model::Value;

impl Catalog {
    /// The catalog's reference in Markdown (categories, kinds, properties, flow properties,
    /// boundary trust levels), as committed below the introduction of `docs/CATALOG.md`.
    pub fn markdown_reference(&self) -> String {
        let mut out = String::new();
        self.categories_section(&mut out);
        self.kinds_section(&mut out);
        out.push_str("## Flow properties\n\n");
        out.push_str("Every flow may carry these properties.\n\n");
        properties_table(&mut out, &self.flow_properties);
        self.trusts_section(&mut out);
        self.presets_section(&mut out);
        out
    }

    fn presets_section(&self, out: &mut String) {
        out.push_str("## Service presets\n\n");
        out.push_str(&format!(
            "{} AWS services, in palette order (`lens/catalog/presets.toml`). *Guaranteed* is what \
             a component drawn from the preset is given; *to answer* is what the inspector asks.\n\n",
            self.presets.len()
        ));
        out.push_str(
            "| preset | service | kind | guaranteed | to answer |\n| --- | --- | --- | --- | --- |\n",
        );
        for p in &self.presets {
            let guaranteed: Vec<String> = p
                .defaults
                .iter()
                .map(|(k, v)| format!("{} = {}", code(k), default_value(v)))
                .collect();
            let asked: Vec<String> = p.to_answer.iter().map(|k| code(k)).collect();
            out.push_str(&row(&[
                code(&p.id),
                cell(&p.service),
                code(&p.kind),
                if guaranteed.is_empty() {
                    "—".to_owned()
                } else {
                    guaranteed.join(", ")
                },
                asked.join(", "),
            ]));
        }
        out.push('\n');
    }

    fn kinds_of<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a KindSpec> {
        self.kinds.iter().filter(move |k| k.category == category)
    }

    fn categories_section(&self, out: &mut String) {
        out.push_str("## Categories\n\n");
        out.push_str(&format!(
            "{} kinds in {} categories, in palette order.\n\n",
            self.kinds.len(),
            self.categories.len()
        ));
        out.push_str("| category | label | what it holds | kinds |\n| --- | --- | --- | --- |\n");
        for c in &self.categories {
            let kinds: Vec<String> = self.kinds_of(&c.id).map(|k| code(&k.id)).collect();
            out.push_str(&row(&[
                code(&c.id),
                cell(&c.label),
                cell(&c.help),
                kinds.join(", "),
            ]));
        }
        out.push('\n');
    }

    fn kinds_section(&self, out: &mut String) {
        out.push_str("## Component kinds\n\n");
        for c in &self.categories {
            out.push_str(&format!("### {} (`{}`)\n\n", cell(&c.label), c.id));
            for k in self.kinds_of(&c.id) {
                out.push_str(&format!("#### `{}` — {}\n\n", k.id, cell(&k.label)));
                out.push_str(&format!(
                    "{} Category `{}`, icon `{}`.\n\n",
                    cell(&k.help),
                    k.category,
                    k.icon
                ));
                if k.properties.is_empty() {
                    out.push_str("No properties.\n\n");
                } else {
                    properties_table(out, &k.properties);
                }
            }
        }
    }

    fn trusts_section(&self, out: &mut String) {
        out.push_str("## Boundary trust levels\n\n");
        out.push_str(
            "Least trusted first; `rank` orders them (a higher rank is more trusted).\n\n",
        );
        out.push_str("| trust | rank | label | help |\n| --- | --- | --- | --- |\n");
        for t in &self.boundary_trusts {
            let id = serde_json::to_value(t.trust)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            out.push_str(&row(&[
                code(&id),
                t.trust.rank().to_string(),
                cell(&t.label),
                cell(&t.help),
            ]));
        }
        out.push('\n');
    }
}

fn properties_table(out: &mut String, props: &[PropertySpec]) {
    out.push_str("| property | label | type | allowed values | default | help |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    for p in props {
        out.push_str(&row(&[
            code(&p.id),
            cell(&p.label),
            type_name(&p.ty).to_owned(),
            allowed(p),
            p.default
                .as_ref()
                .map_or_else(|| "unset (unknown)".to_owned(), default_value),
            cell(&p.help),
        ]));
    }
    out.push('\n');
}

fn type_name(ty: &PropertyType) -> &'static str {
    match ty {
        PropertyType::Bool => "bool",
        PropertyType::Number => "number",
        PropertyType::Text => "text",
        PropertyType::Enum(_) => "enum",
    }
}

/// What values a property takes: an enum's values with their labels, a number's constraints and
/// unit, a text's length limit.
fn allowed(p: &PropertySpec) -> String {
    match &p.ty {
        PropertyType::Bool => "`true`, `false`".to_owned(),
        PropertyType::Text => format!("up to {} characters", thousands(MAX_TEXT_CHARS)),
        PropertyType::Enum(values) => values
            .iter()
            .map(|v| format!("`{v}` ({})", cell(p.value_label(v))))
            .collect::<Vec<_>>()
            .join(", "),
        PropertyType::Number => {
            let mut parts = vec![if p.integer {
                "a whole number".to_owned()
            } else {
                "a number".to_owned()
            }];
            if let Some(min) = p.min {
                parts.push(format!("≥ {}", number(min)));
            }
            if let Some(unit) = &p.unit {
                parts.push(format!("in {}", cell(unit)));
            }
            parts.join(", ")
        }
    }
}

fn default_value(v: &Value) -> String {
    match v {
        Value::Bool(b) => code(&b.to_string()),
        Value::Number(n) => code(&number(*n)),
        Value::Text(s) => code(s),
    }
}

/// A number as the architecture JSON writes it: whole numbers without a fraction.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// `4096` as `4,096`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// Text for a table cell: a `|` would end the cell and a line break the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_property_of_the_catalog_appears_in_the_reference() {
        let catalog = Catalog::builtin();
        let md = catalog.markdown_reference();
        for k in catalog.kinds() {
            assert!(md.contains(&format!("#### `{}` — ", k.id)), "{}", k.id);
            for p in &k.properties {
                assert!(
                    md.contains(&format!("| `{}` | ", p.id)),
                    "{}.{}",
                    k.id,
                    p.id
                );
            }
        }
        for p in catalog.flow_properties() {
            assert!(md.contains(&format!("| `{}` | ", p.id)), "flow {}", p.id);
        }
        for t in ["internet", "third_party", "dmz", "tenant", "private"] {
            assert!(md.contains(&format!("| `{t}` | ")), "{t}");
        }
    }

    #[test]
    fn a_property_row_gives_type_values_unit_minimum_and_default() {
        let md = Catalog::builtin().markdown_reference();
        assert!(md.contains(
            "| `role` | Role | enum | `single` (Single agent), `supervisor` (Supervisor), `worker` (Worker) | `single` |"
        ), "{md}");
        assert!(
            md.contains("| number | a whole number, ≥ 1, in iterations | unset (unknown) |"),
            "max_iterations"
        );
        assert!(md.contains("| `network_access` | "));
        assert!(md.contains("| text | up to 4,096 characters | unset (unknown) |"));
    }

    #[test]
    fn a_pipe_or_line_break_in_catalog_text_stays_inside_its_cell() {
        let text = super::super::one_kind_catalog(
            r#"{ id = "a", label = "A|B", help = "one\ntwo" }"#,
            r#"help = "x | y""#,
        );
        let md = Catalog::from_toml(&text).unwrap().markdown_reference();
        assert!(md.contains("| `a` | A\\|B | one two | `k` |"), "{md}");
        assert!(md.contains("x \\| y Category `a`"), "{md}");
        assert!(md.contains("No properties."));
    }
}
