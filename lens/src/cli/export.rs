//! `lens export FILE --to json|review-json|mermaid|review [--output OUT]`: writes a review or
//! architecture JSON in another form. `json` is the architecture alone (the plain interchange
//! form, also for reviews with decisions); `review-json` is the full review form
//! (`"format": "lensboard/review"`: architecture, findings with status, decisions, answers and
//! milestones, see [`crate::review::json`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::json::export_architecture;
use crate::model::{Architecture, Boundary, BoundaryId, Value};
use crate::review::load_any;
use crate::store::{self, WriteFailure};

/// The arguments of `lens export` (its help text is on [`super::Command::Export`]).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The review file or architecture JSON to read.
    pub file: PathBuf,
    /// The form to write.
    #[arg(long, value_enum)]
    pub to: Target,
    /// Where to write. Without it, JSON and Mermaid go to standard output.
    #[arg(long, short, required_if_eq("to", "review"))]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// Deterministic architecture JSON (the architecture alone).
    Json,
    /// The full review as JSON: architecture, findings with status, decisions, answers, milestones.
    ReviewJson,
    /// A Mermaid flowchart (boundaries as subgraphs), for Markdown documents.
    Mermaid,
    /// A review file (SQLite).
    Review,
}

pub fn run(args: Args) -> ExitCode {
    let review = match load_any(&args.file) {
        Ok((review, _)) => review,
        Err(e) => return super::fail(&e),
    };
    let text = match args.to {
        Target::Json => export_architecture(&review.architecture),
        Target::ReviewJson => {
            crate::review::json::export_review(&review, crate::engine::Pack::builtin())
        }
        Target::Mermaid => mermaid(&review.architecture),
        Target::Review => {
            let Some(output) = &args.output else {
                eprintln!("lens: --to review needs --output FILE");
                return ExitCode::from(super::EXIT_UNREADABLE);
            };
            return match store::save(&review, output) {
                Ok(_saved) => ExitCode::SUCCESS,
                Err(e) => super::fail(&e),
            };
        }
    };
    let Some(output) = &args.output else {
        let mut stdout = std::io::stdout().lock();
        return match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lens: could not write to standard output: {e}");
                ExitCode::from(super::EXIT_UNREADABLE)
            }
        };
    };
    match store::write_atomically(output, |temp| {
        std::fs::write(temp, text.as_bytes()).map_err(WriteFailure::Io)
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(&e),
    }
}

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
