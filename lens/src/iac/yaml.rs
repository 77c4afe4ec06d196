//! CloudFormation YAML read into the same JSON tree as a JSON template.
//!
//! The YAML is read event by event (`yaml-rust2`), which keeps what a tree API loses: the short
//! tags of CloudFormation (`!Ref X`, `!GetAtt X.Arn`, `!Sub "…"`, `!If [...]`) become their long
//! forms (`{"Ref": "X"}`, `{"Fn::GetAtt": ["X", "Arn"]}`, …), and an unknown short tag `!Foo`
//! becomes `{"Fn::Foo": …}`, which the importer reports as an unknown intrinsic. Anchors and
//! aliases are expanded by copying, within a budget of [`MAX_NODES`] values for the whole
//! document, so an alias bomb (each level doubling the last) is an error after a bounded amount
//! of work, not a hang. Nesting deeper than [`MAX_DEPTH`] is an error too.
//!
//! Plain scalars are resolved as YAML 1.2's core schema does (`null`, `~`, booleans, integers,
//! floats; everything else is a string); quoted scalars are strings.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value as J};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

use super::IacError;

/// The most values a document may expand to (counting every copy an alias makes).
pub const MAX_NODES: usize = 1_000_000;
/// The deepest nesting of sequences and mappings.
pub const MAX_DEPTH: usize = 128;

/// The CloudFormation intrinsic functions that have a short tag, by tag.
const SHORT_TAGS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("GetAtt", "Fn::GetAtt"),
    ("Sub", "Fn::Sub"),
    ("If", "Fn::If"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Base64", "Fn::Base64"),
    ("FindInMap", "Fn::FindInMap"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Cidr", "Fn::Cidr"),
    ("Equals", "Fn::Equals"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Not", "Fn::Not"),
    ("Transform", "Fn::Transform"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
];

enum Frame {
    Sequence {
        items: Vec<J>,
        anchor: usize,
        tag: Option<Tag>,
    },
    Mapping {
        map: Map<String, J>,
        key: Option<String>,
        anchor: usize,
        tag: Option<Tag>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: BTreeMap<usize, (J, usize)>,
    nodes: usize,
    root: Option<J>,
}

/// Reads the first document of a YAML text into a JSON tree.
pub fn parse(text: &str) -> Result<J, IacError> {
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: BTreeMap::new(),
        nodes: 0,
        root: None,
    };
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| IacError::Syntax(format!("not valid YAML: {e}")))?;
        let at = |message: String| {
            IacError::Syntax(format!(
                "{message} (line {}, column {})",
                mark.line(),
                mark.col() + 1
            ))
        };
        match event {
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart => {}
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar(text, style, tag.as_ref());
                builder.complete(value, anchor, 1).map_err(at)?;
            }
            Event::Alias(id) => {
                let Some((value, size)) = builder.anchors.get(&id).cloned() else {
                    return Err(at("an alias names no anchor".to_owned()));
                };
                builder.complete(value, 0, size).map_err(at)?;
            }
            Event::SequenceStart(anchor, tag) => {
                builder
                    .open(Frame::Sequence {
                        items: Vec::new(),
                        anchor,
                        tag,
                    })
                    .map_err(at)?;
            }
            Event::MappingStart(anchor, tag) => {
                builder
                    .open(Frame::Mapping {
                        map: Map::new(),
                        key: None,
                        anchor,
                        tag,
                    })
                    .map_err(at)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = builder.stack.pop() else {
                    return Err(at("unbalanced end of a collection".to_owned()));
                };
                let (value, anchor, tag) = match frame {
                    Frame::Sequence { items, anchor, tag } => (J::Array(items), anchor, tag),
                    Frame::Mapping {
                        map, anchor, tag, ..
                    } => (J::Object(map), anchor, tag),
                };
                let value = apply_tag(value, tag.as_ref());
                let size = if anchor == 0 { 0 } else { count(&value) };
                builder.complete(value, anchor, 0).map_err(at)?;
                // The nodes were counted as they were added; record the size for aliases.
                if anchor != 0 {
                    if let Some(entry) = builder.anchors.get_mut(&anchor) {
                        entry.1 = size;
                    }
                }
            }
        }
        if builder.root.is_some() && builder.stack.is_empty() {
            break;
        }
    }
    Ok(builder.root.unwrap_or(J::Null))
}

impl Builder {
    fn open(&mut self, frame: Frame) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!("nested deeper than {MAX_DEPTH} levels"));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Adds a finished value (`size` new nodes) to the collection being built, or makes it the
    /// root.
    fn complete(&mut self, value: J, anchor: usize, size: usize) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(size);
        if self.nodes > MAX_NODES {
            return Err(format!(
                "the document expands to more than {MAX_NODES} values through its aliases"
            ));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), size.max(1)));
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Sequence { items, .. }) => items.push(value),
            Some(Frame::Mapping { map, key, .. }) => match key.take() {
                None => {
                    let text = match value {
                        J::String(s) => s,
                        J::Number(n) => n.to_string(),
                        J::Bool(b) => b.to_string(),
                        J::Null => String::new(),
                        _ => return Err("a mapping key must be a scalar".to_owned()),
                    };
                    *key = Some(text);
                }
                Some(k) => {
                    map.insert(k, value);
                }
            },
        }
        Ok(())
    }
}

/// The number of values in a tree (for alias budgets).
fn count(value: &J) -> usize {
    match value {
        J::Array(items) => 1 + items.iter().map(count).sum::<usize>(),
        J::Object(map) => 1 + map.values().map(count).sum::<usize>(),
        _ => 1,
    }
}

fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> J {
    let value = match (style, tag) {
        (_, Some(tag)) if tag.handle != "!" => {
            // `!!str` keeps the text; other standard tags resolve as plain scalars.
            if tag.suffix == "str" {
                J::String(text)
            } else {
                plain(text)
            }
        }
        (TScalarStyle::Plain, _) => plain(text),
        _ => J::String(text),
    };
    match tag {
        Some(tag) if tag.handle == "!" => {
            // A tagged scalar is text: `!Ref 10` names "10".
            let value = match value {
                J::String(s) => J::String(s),
                J::Null => J::String(String::new()),
                other => J::String(other.to_string()),
            };
            apply_tag(value, Some(tag))
        }
        _ => value,
    }
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn plain(text: String) -> J {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return J::Null,
        "true" | "True" | "TRUE" => return J::Bool(true),
        "false" | "False" | "FALSE" => return J::Bool(false),
        _ => {}
    }
    if let Ok(n) = text.parse::<i64>() {
        return J::Number(n.into());
    }
    let numeric = text
        .trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if numeric {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return J::Number(n);
        }
    }
    J::String(text)
}

/// A short tag's long form: `!Ref X` → `{"Ref": "X"}`, `!GetAtt X.Arn` → `{"Fn::GetAtt":
/// ["X", "Arn"]}`.
fn apply_tag(value: J, tag: Option<&Tag>) -> J {
    let Some(tag) = tag.filter(|t| t.handle == "!") else {
        return value;
    };
    let name = SHORT_TAGS
        .iter()
        .find(|(short, _)| *short == tag.suffix)
        .map_or_else(
            || format!("Fn::{}", tag.suffix),
            |(_, long)| (*long).to_owned(),
        );
    let value = match (name.as_str(), value) {
        ("Fn::GetAtt", J::String(s)) => match s.split_once('.') {
            Some((resource, attribute)) => J::Array(vec![
                J::String(resource.to_owned()),
                J::String(attribute.to_owned()),
            ]),
            None => J::String(s),
        },
        (_, value) => value,
    };
    let mut map = Map::new();
    map.insert(name, value);
    J::Object(map)
}
