//! The architecture as a Mermaid flowchart: for Markdown reports and `lens export --to mermaid`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Architecture, Boundary, BoundaryId, Value};

/// The architecture as a Mermaid flowchart: components as nodes (labelled with their labels),
/// boundaries as nested subgraphs, flows as arrows (labelled with their `label` property).
///
/// Node ids are `c_ID` / `b_ID` when the id is plain (ASCII letters, digits, `_`), else `cN` /
/// `bN` by position, so that no id can break the syntax. Labels are quoted and `"`, `<`, `>`, `#`
/// are written as Mermaid entities: labels come from other people's files and must stay text.
/// Deterministic: everything in id order.
pub fn mermaid(architecture: &Architecture) -> String {
    let mut chart = Chart {
        out: String::from("flowchart LR\n"),
        component_ids: BTreeMap::new(),
        boundary_ids: BTreeMap::new(),
        members: BTreeMap::new(),
        children: BTreeMap::new(),
    };
    for (i, c) in architecture.components().enumerate() {
        chart
            .component_ids
            .insert(c.id.as_str(), node_id('c', c.id.as_str(), i));
        chart
            .members
            .entry(c.boundary.as_ref())
            .or_default()
            .push((c.id.as_str(), c.label.as_str()));
    }
    for (i, b) in architecture.boundaries().enumerate() {
        chart
            .boundary_ids
            .insert(b.id.as_str(), node_id('b', b.id.as_str(), i));
        chart.children.entry(b.parent.as_ref()).or_default().push(b);
    }
    chart.write_level(1, None);
    for f in architecture.flows() {
        let from = &chart.component_ids[f.from.as_str()];
        let to = &chart.component_ids[f.to.as_str()];
        match f.properties.get("label") {
            Some(Value::Text(label)) if !label.trim().is_empty() => {
                let _ = writeln!(chart.out, "  {from} -->|\"{}\"| {to}", escape(label));
            }
            _ => {
                let _ = writeln!(chart.out, "  {from} --> {to}");
            }
        }
    }
    chart.out
}

/// The Mermaid text being written, and the architecture arranged by boundary.
struct Chart<'a> {
    out: String,
    component_ids: BTreeMap<&'a str, String>,
    boundary_ids: BTreeMap<&'a str, String>,
    /// (id, label) of the components directly inside each boundary (None: the top level).
    members: BTreeMap<Option<&'a BoundaryId>, Vec<(&'a str, &'a str)>>,
    /// The boundaries directly inside each boundary (None: the top level).
    children: BTreeMap<Option<&'a BoundaryId>, Vec<&'a Boundary>>,
}

impl Chart<'_> {
    /// Writes the boundaries (as subgraphs, recursively) and components inside `parent`.
    fn write_level(&mut self, depth: usize, parent: Option<&BoundaryId>) {
        let indent = "  ".repeat(depth);
        let boundaries = self.children.get(&parent).cloned().unwrap_or_default();
        for b in boundaries {
            let trust = serde_json::to_value(b.trust)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let _ = writeln!(
                self.out,
                "{indent}subgraph {}[\"{} ({trust})\"]",
                self.boundary_ids[b.id.as_str()],
                escape(&b.label)
            );
            self.write_level(depth + 1, Some(&b.id));
            let _ = writeln!(self.out, "{indent}end");
        }
        for (id, label) in self.members.get(&parent).into_iter().flatten() {
            let _ = writeln!(
                self.out,
                "{indent}{}[\"{}\"]",
                self.component_ids[id],
                escape(label)
            );
        }
    }
}

fn node_id(prefix: char, id: &str, index: usize) -> String {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        format!("{prefix}_{id}")
    } else {
        format!("{prefix}{index}")
    }
}

/// A label as Mermaid text: quotes, angle brackets and `#` as entities, line breaks as spaces.
fn escape(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for ch in label.chars() {
        match ch {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArchitectureData, Boundary, Trust};

    #[test]
    fn boundaries_become_nested_subgraphs_and_flows_arrows() {
        let mut data = crate::samples::support_assistant();
        data.boundaries = vec![
            Boundary {
                id: "aws".into(),
                label: "AWS account".into(),
                trust: Trust::Private,
                parent: None,
                position: None,
                size: None,
            },
            Boundary {
                id: "vpc".into(),
                label: "VPC".into(),
                trust: Trust::Tenant,
                parent: Some("aws".into()),
                position: None,
                size: None,
            },
        ];
        for c in &mut data.components {
            match c.id.as_str() {
                "llm" => c.boundary = Some("aws".into()),
                "agent" => c.boundary = Some("vpc".into()),
                _ => {}
            }
        }
        data.flows[0]
            .properties
            .insert("label".into(), Value::Text("HTTPS".into()));
        let architecture = Architecture::from_data_checked(data).unwrap();
        assert_eq!(
            mermaid(&architecture),
            "flowchart LR
  subgraph b_aws[\"AWS account (private)\"]
    subgraph b_vpc[\"VPC (tenant)\"]
      c_agent[\"Support agent\"]
    end
    c_llm[\"Claude on Bedrock\"]
  end
  c_chat[\"Chat UI\"]
  c_user[\"Customer\"]
  c_vectors[\"Product docs index\"]
  c_user -->|\"HTTPS\"| c_chat
  c_chat --> c_agent
  c_agent --> c_llm
  c_agent --> c_vectors
"
        );
    }

    #[test]
    fn ids_and_labels_from_a_hostile_file_cannot_break_out_of_the_text() {
        let mut data = ArchitectureData::default();
        let mut c = crate::samples::support_assistant().components[0].clone();
        c.id = "x\"]; click x call alert(1); %%".into();
        c.label = "<img src=x onerror=alert(1)> \"quoted\" #1".into();
        data.components.push(c);
        let text = mermaid(&Architecture::from_data_checked(data).unwrap());
        assert_eq!(
            text,
            "flowchart LR\n  c0[\"#lt;img src=x onerror=alert(1)#gt; #quot;quoted#quot; #35;1\"]\n"
        );
    }
}
