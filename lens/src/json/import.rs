//! Strict import: JSON text → [`Json`] trees → [`ArchitectureData`] (shape errors, with exact
//! paths) → [`Architecture::from_data_checked`] (catalog, limits and structure, same paths).
//!
//! The document is read as it is parsed: each boundary, component and flow becomes a small tree
//! that is turned into the model at once, so that a large file (a hundred thousand components
//! is tens of megabytes of JSON) is never held whole as a tree. Problems are reported in the
//! order of a reading of the whole document — syntax first, then the format and version, the
//! top-level fields, the name, then boundaries, components and flows in that order, each array
//! in its own order — whatever the order of the fields in the file.
//!
//! A large document (a megabyte and more) is first read on two threads, each turning half of the
//! elements into the model ([`read_in_parallel`]); a document with any problem is read again in
//! one pass, so what is reported, and in which order, does not depend on the file's size.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::catalog::Catalog;
use crate::model::{
    Architecture, ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId,
    Position, Properties, Size, Trust, Value,
};

use super::tree::{Json, JsonVisitor, Keys};
use super::{ImportError, FORMAT, REVIEW_FORMAT, VERSION};

pub(super) fn import_bytes(bytes: &[u8]) -> Result<Architecture, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Column in characters, like the JSON parser's columns for valid text.
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        ImportError::NotUtf8 {
            offset: e.valid_up_to(),
            line,
            column,
        }
    })?;
    import_text(text)
}

pub(super) fn import_text(text: &str) -> Result<Architecture, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() >= PARALLEL_FROM_BYTES {
        if let Some(data) = read_in_parallel(text) {
            return Architecture::from_data_checked(data).map_err(ImportError::Invalid);
        }
    }
    let data = read_in_one_pass(text)?;
    Architecture::from_data_checked(data).map_err(ImportError::Invalid)
}

/// The document read as it is parsed, reporting its first problem in document order.
fn read_in_one_pass(text: &str) -> Result<ArchitectureData, ImportError> {
    let mut parser = serde_json::Deserializer::from_str(text);
    let document = parser
        .deserialize_any(DocumentVisitor)
        .map_err(syntax_error)?;
    parser.end().map_err(syntax_error)?;
    read_document(document)
}

/// From how many bytes of JSON [`import_text`] first tries [`read_in_parallel`].
const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// A large document read on two threads: one pass finds where each boundary, component and flow
/// starts and ends (checking the syntax), then each thread turns half of them into the model.
/// `None` when anything in the document is not as it should be: then the one-pass reading runs
/// and reports the first problem in document order, as it always has. A document this accepts
/// reads into the same data as the one-pass reading, element for element.
fn read_in_parallel(text: &str) -> Option<ArchitectureData> {
    let mut parser = serde_json::Deserializer::from_str(text);
    let RawDocument { fields, arrays } = parser.deserialize_any(RawDocumentVisitor).ok()?;
    parser.end().ok()?;
    // Each array cut in two: the first halves are read here, the second ones by a helper.
    let whole = arrays
        .each_ref()
        .map(|array| array.as_deref().unwrap_or_default());
    let firsts = whole.map(|array| &array[..array.len() / 2]);
    let seconds = whole.map(|array| &array[array.len() / 2..]);
    let (first, second) = crate::parallel::join(
        || read_part(firsts, [0; 3]),
        || read_part(seconds, firsts.map(<[_]>::len)),
    );
    let ((mut b, mut c, mut f), (b2, c2, f2)) = (first?, second?);
    b.extend(b2);
    c.extend(c2);
    f.extend(f2);
    let [has_b, has_c, has_f] = arrays.map(|a| a.is_some());
    fn read<T>(present: bool, items: Vec<T>) -> Option<Items<T>> {
        present.then_some(Items::Read { items, error: None })
    }
    let top = TopLevel {
        fields,
        boundaries: read(has_b, b),
        components: read(has_c, c),
        flows: read(has_f, f),
    };
    read_document(Document::Object(Box::new(top))).ok()
}

/// Elements of the arrays of boundaries, components and flows, in that order, as text.
type Part<'a, 'de> = [&'a [&'de RawValue]; 3];

/// The boundaries, components and flows of a [`Part`] read into the model, each array's first
/// element being at the index in `starts`; `None` at the first with a problem.
fn read_part(
    [boundaries, components, flows]: Part<'_, '_>,
    starts: [usize; 3],
) -> Option<(Vec<Boundary>, Vec<Component>, Vec<Flow>)> {
    Some((
        read_raw("boundaries", boundaries, starts[0], read_boundary)?,
        read_raw("components", components, starts[1], read_component)?,
        read_raw("flows", flows, starts[2], read_flow)?,
    ))
}

/// `raw` elements of the array `name` (the first at index `first`) read with `read`; `None` at the
/// first one with a problem.
fn read_raw<T>(
    name: &'static str,
    raw: &[&RawValue],
    first: usize,
    read: fn(At<'_>, Json) -> Result<T, ImportError>,
) -> Option<Vec<T>> {
    raw.iter()
        .enumerate()
        .map(|(i, element)| {
            let tree: Json = serde_json::from_str(element.get()).ok()?;
            read(At::Item(name, first + i), tree).ok()
        })
        .collect()
}

/// The top level of a document for [`read_in_parallel`]: its fields as trees, except the arrays of
/// boundaries, components and flows (in that order), kept as the text of their elements.
struct RawDocument<'de> {
    fields: Vec<(String, Json)>,
    arrays: [Option<Vec<&'de RawValue>>; 3],
}

const ARRAYS: [&str; 3] = ["boundaries", "components", "flows"];

struct RawDocumentVisitor;

impl<'de> Visitor<'de> for RawDocumentVisitor {
    type Value = RawDocument<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an architecture object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDocument<'de>, A::Error> {
        let mut fields: Vec<(String, Json)> = Vec::new();
        let mut keys = Keys::default();
        let mut arrays = [None, None, None];
        while let Some(key) = map.next_key::<String>()? {
            keys.first_time::<A::Error>(&key, fields.iter().map(|(k, _)| k))?;
            match ARRAYS.iter().position(|array| *array == key) {
                Some(n) => {
                    arrays[n] = Some(map.next_value()?);
                    fields.push((key, Json::Array));
                }
                None => {
                    let value = map.next_value()?;
                    fields.push((key, value));
                }
            }
        }
        Ok(RawDocument { fields, arrays })
    }
}

fn syntax_error(e: serde_json::Error) -> ImportError {
    let (line, column) = (e.line(), e.column());
    let message = e.to_string();
    // serde_json appends " at line L column C"; we report those separately.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    if message.starts_with("recursion limit exceeded") {
        ImportError::TooDeep { line, column }
    } else {
        ImportError::Syntax {
            line,
            column,
            message,
        }
    }
}

/// Where a value sits in the document, rendered as a JSON path (`components[3].properties.x`)
/// only when an error needs it: reading a valid file formats no paths.
#[derive(Clone, Copy)]
enum At<'a> {
    Root,
    Item(&'static str, usize),
    Field(&'a At<'a>, &'a str),
}

impl At<'_> {
    fn render(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Item(array, i) => format!("{array}[{i}]"),
            At::Field(parent, key) => child(&parent.render(), key),
        }
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn wrong(at: At<'_>, expected: &str, found: &Json) -> ImportError {
    ImportError::WrongType {
        path: at.render(),
        expected: expected.to_owned(),
        found: found.describe(),
    }
}

/// A JSON object being read: its fields (taken out one by one, so that strings move into the
/// model instead of being copied) and where it sits.
struct Object<'a> {
    at: At<'a>,
    fields: Vec<(String, Json)>,
}

fn object(at: At<'_>, value: Json) -> Result<Object<'_>, ImportError> {
    match value {
        Json::Object(fields) => Ok(Object { at, fields }),
        other => Err(wrong(at, "an object", &other)),
    }
}

impl<'a> Object<'a> {
    fn get(&self, key: &str) -> Option<&Json> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Refuses any field not in `allowed` (strict import: a misspelt field is an error, not
    /// silently ignored).
    fn only(&self, allowed: &[&str]) -> Result<(), ImportError> {
        for (k, _) in &self.fields {
            if !allowed.contains(&k.as_str()) {
                return Err(ImportError::UnknownField {
                    path: self.at.render(),
                    field: k.clone(),
                    expected: allowed
                        .iter()
                        .map(|f| format!("\"{f}\""))
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        Ok(())
    }

    /// Takes a field's value out (each field is read once).
    fn take(&mut self, key: &str) -> Option<Json> {
        self.fields
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| std::mem::replace(v, Json::Null))
    }

    fn required(&mut self, key: &str) -> Result<Json, ImportError> {
        self.take(key).ok_or_else(|| ImportError::MissingField {
            path: self.at.render(),
            field: key.to_owned(),
        })
    }

    fn string(&mut self, key: &str) -> Result<String, ImportError> {
        match self.required(key)? {
            Json::String(s) => Ok(s),
            other => Err(wrong(At::Field(&self.at, key), "a string", &other)),
        }
    }

    /// A field that must be present, holding a string or `null`.
    fn nullable_string(&mut self, key: &str) -> Result<Option<String>, ImportError> {
        match self.required(key)? {
            Json::String(s) => Ok(Some(s)),
            Json::Null => Ok(None),
            other => Err(wrong(At::Field(&self.at, key), "a string or null", &other)),
        }
    }

    fn number(&mut self, key: &str) -> Result<f64, ImportError> {
        match self.required(key)? {
            Json::Number(n) => match n.as_f64() {
                Some(f) => Ok(f),
                None => Err(wrong(
                    At::Field(&self.at, key),
                    "a number",
                    &Json::Number(n),
                )),
            },
            other => Err(wrong(At::Field(&self.at, key), "a number", &other)),
        }
    }
}

const TOP_FIELDS: &[&str] = &[
    "format",
    "version",
    "name",
    "boundaries",
    "components",
    "flows",
];

/// The document as parsed: a tree for anything but an object; for an object, its fields as
/// trees, except the arrays of boundaries, components and flows, read as they were parsed.
enum Document {
    NotAnObject(Json),
    Object(Box<TopLevel>),
}

/// The fields of a document that is an object.
struct TopLevel {
    fields: Vec<(String, Json)>,
    boundaries: Option<Items<Boundary>>,
    components: Option<Items<Component>>,
    flows: Option<Items<Flow>>,
}

/// An array field read element by element, or the tree of a field that is not an array.
enum Items<T> {
    Read {
        items: Vec<T>,
        /// The first element that could not be read (the rest are parsed, not read).
        error: Option<ImportError>,
    },
    NotAnArray(Json),
}

impl<T> Items<T> {
    /// The elements of the document's field `key`, or the problem a reading of the whole
    /// document would have met first.
    fn of_field(field: Option<Self>, key: &str) -> Result<Vec<T>, ImportError> {
        match field {
            None => Err(ImportError::MissingField {
                path: At::Root.render(),
                field: key.to_owned(),
            }),
            Some(Items::NotAnArray(other)) => {
                Err(wrong(At::Field(&At::Root, key), "an array", &other))
            }
            Some(Items::Read { error: Some(e), .. }) => Err(e),
            Some(Items::Read { items, error: None }) => Ok(items),
        }
    }
}

struct DocumentVisitor;

/// Delegates the visits of anything but an object (or an array, for [`ItemsSeed`]) to the
/// tree's visitor.
macro_rules! as_tree {
    ($wrap:expr) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            JsonVisitor.visit_unit().map($wrap)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            JsonVisitor.visit_none().map($wrap)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            JsonVisitor.visit_bool(v).map($wrap)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            JsonVisitor.visit_i64(v).map($wrap)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            JsonVisitor.visit_u64(v).map($wrap)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            JsonVisitor.visit_f64(v).map($wrap)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            JsonVisitor.visit_str(v).map($wrap)
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            JsonVisitor.visit_string(v).map($wrap)
        }
    };
}

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    as_tree!(Document::NotAnObject);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Document, A::Error> {
        JsonVisitor.visit_seq(seq).map(Document::NotAnObject)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut fields: Vec<(String, Json)> = Vec::new();
        let mut keys = Keys::default();
        let (mut boundaries, mut components, mut flows) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            keys.first_time::<A::Error>(&key, fields.iter().map(|(k, _)| k))?;
            // The arrays leave an empty array among the fields, so that the checks of the
            // fields (unknown, missing) see them.
            match key.as_str() {
                "boundaries" => {
                    let seed = ItemsSeed::new("boundaries", read_boundary);
                    boundaries = Some(map.next_value_seed(seed)?);
                }
                "components" => {
                    let seed = ItemsSeed::new("components", read_component);
                    components = Some(map.next_value_seed(seed)?);
                }
                "flows" => flows = Some(map.next_value_seed(ItemsSeed::new("flows", read_flow))?),
                _ => {
                    let value = map.next_value()?;
                    fields.push((key, value));
                    continue;
                }
            }
            fields.push((key, Json::Array));
        }
        Ok(Document::Object(Box::new(TopLevel {
            fields,
            boundaries,
            components,
            flows,
        })))
    }
}

/// Reads the array field `name` element by element with `read`, as it is parsed.
struct ItemsSeed<T> {
    name: &'static str,
    read: fn(At<'_>, Json) -> Result<T, ImportError>,
}

impl<T> ItemsSeed<T> {
    fn new(name: &'static str, read: fn(At<'_>, Json) -> Result<T, ImportError>) -> Self {
        ItemsSeed { name, read }
    }
}

impl<'de, T> DeserializeSeed<'de> for ItemsSeed<T> {
    type Value = Items<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Items<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T> Visitor<'de> for ItemsSeed<T> {
    type Value = Items<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    as_tree!(Items::NotAnArray);

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Items<T>, A::Error> {
        JsonVisitor.visit_map(map).map(Items::NotAnArray)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let mut error = None;
        let mut i = 0;
        while let Some(value) = seq.next_element::<Json>()? {
            if error.is_none() {
                match (self.read)(At::Item(self.name, i), value) {
                    Ok(item) => items.push(item),
                    Err(e) => error = Some(e),
                }
            }
            i += 1;
        }
        Ok(Items::Read { items, error })
    }
}

fn read_document(document: Document) -> Result<ArchitectureData, ImportError> {
    let TopLevel {
        fields,
        boundaries,
        components,
        flows,
    } = match document {
        Document::NotAnObject(tree) => {
            return Err(ImportError::NotAnArchitecture {
                found: tree.describe(),
            })
        }
        Document::Object(top) => *top,
    };
    let mut doc = Object {
        at: At::Root,
        fields,
    };
    match doc.get("format") {
        Some(Json::String(f)) if f == FORMAT => {}
        Some(Json::String(f)) if f == REVIEW_FORMAT => return Err(ImportError::ReviewExport),
        Some(other) => {
            return Err(ImportError::NotAnArchitecture {
                found: format!("an object whose \"format\" is {}", other.describe()),
            })
        }
        None => {
            return Err(ImportError::NotAnArchitecture {
                found: "an object without a \"format\" field".into(),
            })
        }
    }
    match doc.required("version")? {
        Json::Number(n) if n.as_u64() == Some(u64::from(VERSION)) => {}
        Json::Number(n) if n.as_f64().is_some_and(|v| v > f64::from(VERSION)) => {
            return Err(ImportError::NewerVersion {
                version: n.to_string(),
            })
        }
        other => {
            return Err(wrong(
                At::Field(&At::Root, "version"),
                &format!("the format version {VERSION}"),
                &other,
            ))
        }
    }
    doc.only(TOP_FIELDS)?;
    let name = doc.string("name")?;
    let boundaries = Items::of_field(boundaries, "boundaries")?;
    let components = Items::of_field(components, "components")?;
    let flows = Items::of_field(flows, "flows")?;
    Ok(ArchitectureData {
        name,
        boundaries,
        components,
        flows,
    })
}

fn read_boundary(at: At<'_>, value: Json) -> Result<Boundary, ImportError> {
    let mut o = object(at, value)?;
    o.only(&["id", "label", "trust", "parent", "position", "size"])?;
    let id = BoundaryId(o.string("id")?);
    let label = o.string("label")?;
    let trust_value = o.required("trust")?;
    let trust = match &trust_value {
        Json::String(s) => trust_from(s),
        _ => None,
    }
    .ok_or_else(|| {
        let allowed = Catalog::builtin()
            .boundary_trusts()
            .iter()
            .map(|t| format!("\"{}\"", t.trust.id()))
            .collect::<Vec<_>>()
            .join(", ");
        wrong(
            At::Field(&o.at, "trust"),
            &format!("one of {allowed}"),
            &trust_value,
        )
    })?;
    let parent = o.nullable_string("parent")?.map(BoundaryId);
    let position = match o.take("position") {
        None | Some(Json::Null) => None,
        Some(p) => Some(read_position(At::Field(&o.at, "position"), p)?),
    };
    let size = match o.take("size") {
        None | Some(Json::Null) => None,
        Some(s) => Some(read_size(At::Field(&o.at, "size"), s)?),
    };
    Ok(Boundary {
        id,
        label,
        trust,
        parent,
        position,
        size,
    })
}

fn trust_from(s: &str) -> Option<Trust> {
    [
        Trust::Internet,
        Trust::ThirdParty,
        Trust::Dmz,
        Trust::Tenant,
        Trust::Private,
    ]
    .into_iter()
    .find(|t| t.id() == s)
}

fn read_component(at: At<'_>, value: Json) -> Result<Component, ImportError> {
    let mut o = object(at, value)?;
    o.only(&[
        "id",
        "kind",
        "preset",
        "label",
        "boundary",
        "properties",
        "position",
    ])?;
    let id = ComponentId(o.string("id")?);
    let kind = o.string("kind")?;
    let preset = match o.take("preset") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(s),
        Some(other) => return Err(wrong(At::Field(&o.at, "preset"), "a string", &other)),
    };
    let label = o.string("label")?;
    let boundary = o.nullable_string("boundary")?.map(BoundaryId);
    let properties = read_properties(&mut o, |prop| {
        Catalog::builtin()
            .kind(&kind)
            .and_then(|k| k.property(prop))
            .map(|p| p.ty.expected())
    })?;
    let position = match o.take("position") {
        None | Some(Json::Null) => None,
        Some(p) => Some(read_position(At::Field(&o.at, "position"), p)?),
    };
    Ok(Component {
        id,
        kind,
        preset,
        label,
        boundary,
        properties,
        position,
    })
}

fn read_position(at: At<'_>, value: Json) -> Result<Position, ImportError> {
    let mut o = object(at, value)?;
    o.only(&["x", "y"])?;
    Ok(Position {
        x: o.number("x")?,
        y: o.number("y")?,
    })
}

fn read_size(at: At<'_>, value: Json) -> Result<Size, ImportError> {
    let mut o = object(at, value)?;
    o.only(&["width", "height"])?;
    Ok(Size {
        width: o.number("width")?,
        height: o.number("height")?,
    })
}

fn read_flow(at: At<'_>, value: Json) -> Result<Flow, ImportError> {
    let mut o = object(at, value)?;
    o.only(&["id", "from", "to", "properties"])?;
    let id = FlowId(o.string("id")?);
    let from = ComponentId(o.string("from")?);
    let to = ComponentId(o.string("to")?);
    let properties = read_properties(&mut o, |prop| {
        Catalog::builtin()
            .flow_property(prop)
            .map(|p| p.ty.expected())
    })?;
    Ok(Flow {
        id,
        from,
        to,
        properties,
    })
}

/// Reads the `properties` object of `o`. Values must be booleans, numbers or strings; whether
/// each is the right one for its property is the catalog's check, done afterwards. `expected`
/// names what the catalog expects, for a clearer message when the value is not even a scalar.
fn read_properties(
    o: &mut Object<'_>,
    expected: impl Fn(&str) -> Option<String>,
) -> Result<Properties, ImportError> {
    let value = o.required("properties")?;
    let props = object(At::Field(&o.at, "properties"), value)?;
    let mut out = Properties::new();
    for (key, value) in props.fields {
        let v = match value {
            Json::Bool(b) => Value::Bool(b),
            Json::Number(n) => match n.as_f64() {
                Some(f) => Value::Number(f),
                None => {
                    return Err(wrong(
                        At::Field(&props.at, &key),
                        "a number",
                        &Json::Number(n),
                    ))
                }
            },
            Json::String(s) => Value::Text(s),
            other => {
                let what =
                    expected(&key).unwrap_or_else(|| "true, false, a number or a string".into());
                let hint = if matches!(other, Json::Null) {
                    " (to leave a property unset, leave it out)"
                } else {
                    ""
                };
                return Err(wrong(
                    At::Field(&props.at, &key),
                    &format!("{what}{hint}"),
                    &other,
                ));
            }
        };
        out.insert(key, v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document large enough to be read on two threads, written from a generated architecture.
    fn large() -> String {
        let text = super::super::export_data(&crate::samples::generated(5_000, 3));
        assert!(text.len() >= PARALLEL_FROM_BYTES, "{} bytes", text.len());
        text
    }

    /// `text` with `insert` written before the last occurrence of `before`.
    fn insert_before_last(text: &str, before: &str, insert: &str) -> String {
        let at = text.rfind(before).expect("the pattern is in the document");
        format!("{}{insert}{}", &text[..at], &text[at..])
    }

    #[test]
    fn a_large_document_reads_into_the_same_data_on_two_threads_as_in_one_pass() {
        let text = large();
        let one_pass = read_in_one_pass(&text).expect("an exported document reads");
        assert_eq!(read_in_parallel(&text), Some(one_pass.clone()));
        // The fields in another order: flows first, the name last.
        let tree: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).expect("JSON");
        let reordered: serde_json::Map<String, serde_json::Value> =
            tree.into_iter().rev().collect();
        let reordered = serde_json::to_string(&reordered).expect("JSON");
        assert!(reordered.find("\"flows\"") < reordered.find("\"components\""));
        assert_eq!(read_in_parallel(&reordered), Some(one_pass));
    }

    #[test]
    fn a_large_document_with_a_problem_is_left_to_the_one_pass_reading() {
        let text = large();
        let deep = format!("\"deep\": {}0{}, ", "[".repeat(200), "]".repeat(200));
        let problems = [
            (
                "a key written twice in the last component",
                insert_before_last(&text, "\"kind\": ", "\"kind\": \"agent\", "),
            ),
            (
                "an unknown field in the last component",
                insert_before_last(&text, "\"kind\": ", "\"colour\": \"red\", "),
            ),
            (
                "a flow end that is not a string",
                insert_before_last(&text, "\"from\": ", "\"from\": 1, \"was\": "),
            ),
            (
                "a number out of range",
                insert_before_last(&text, "\"from\": ", "\"weight\": 1e400, "),
            ),
            (
                "nesting deeper than the parser's limit",
                insert_before_last(&text, "\"kind\": ", &deep),
            ),
            (
                "a key written twice at the top",
                text.replacen('{', "{\"name\": \"twice\", ", 1),
            ),
            ("another format", text.replacen(FORMAT, "something/else", 1)),
            (
                "components that are not an array",
                text.replacen("\"components\": [", "\"components\": {\"a\": [", 1)
                    .replacen("\"flows\": [", "}, \"flows\": [", 1),
            ),
            ("text cut short", text[..text.len() - 3].to_owned()),
            ("text after the document", format!("{text} {{}}")),
        ];
        for (what, bad) in problems {
            assert!(
                read_in_one_pass(&bad).is_err(),
                "{what}: refused in one pass"
            );
            assert_eq!(read_in_parallel(&bad), None, "{what}");
            // The import reports what the one-pass reading finds first.
            assert_eq!(
                import_text(&bad).err().map(|e| e.to_string()),
                read_in_one_pass(&bad).err().map(|e| e.to_string()),
                "{what}"
            );
        }
    }
}
