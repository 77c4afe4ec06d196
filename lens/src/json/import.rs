//! Strict import: JSON text → [`Json`] tree → [`ArchitectureData`] (shape errors, with exact
//! paths) → [`Architecture::from_data_checked`] (catalog, limits and structure, same paths).

use crate::catalog::Catalog;
use crate::model::{
    Architecture, ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId,
    Position, Properties, Size, Trust, Value,
};

use super::tree::Json;
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
    let tree: Json = serde_json::from_str(text).map_err(syntax_error)?;
    let data = read_document(&tree)?;
    Architecture::from_data_checked(data).map_err(ImportError::Invalid)
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

/// A JSON object being read: its fields, and the path that names it in errors.
struct Object<'a> {
    path: String,
    fields: &'a [(String, Json)],
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn wrong(path: &str, expected: &str, found: &Json) -> ImportError {
    ImportError::WrongType {
        path: path.to_owned(),
        expected: expected.to_owned(),
        found: found.describe(),
    }
}

fn object<'a>(path: String, value: &'a Json) -> Result<Object<'a>, ImportError> {
    match value {
        Json::Object(fields) => Ok(Object { path, fields }),
        other => Err(wrong(&path, "an object", other)),
    }
}

impl<'a> Object<'a> {
    fn get(&self, key: &str) -> Option<&'a Json> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Refuses any field not in `allowed` (strict import: a misspelt field is an error, not
    /// silently ignored).
    fn only(&self, allowed: &[&str]) -> Result<(), ImportError> {
        for (k, _) in self.fields {
            if !allowed.contains(&k.as_str()) {
                return Err(ImportError::UnknownField {
                    path: self.path.clone(),
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

    fn required(&self, key: &str) -> Result<&'a Json, ImportError> {
        self.get(key).ok_or_else(|| ImportError::MissingField {
            path: self.path.clone(),
            field: key.to_owned(),
        })
    }

    fn string(&self, key: &str) -> Result<String, ImportError> {
        match self.required(key)? {
            Json::String(s) => Ok(s.clone()),
            other => Err(wrong(&child(&self.path, key), "a string", other)),
        }
    }

    /// A field that must be present, holding a string or `null`.
    fn nullable_string(&self, key: &str) -> Result<Option<String>, ImportError> {
        match self.required(key)? {
            Json::String(s) => Ok(Some(s.clone())),
            Json::Null => Ok(None),
            other => Err(wrong(&child(&self.path, key), "a string or null", other)),
        }
    }

    fn array(&self, key: &str) -> Result<&'a [Json], ImportError> {
        match self.required(key)? {
            Json::Array(items) => Ok(items),
            other => Err(wrong(&child(&self.path, key), "an array", other)),
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

fn read_document(tree: &Json) -> Result<ArchitectureData, ImportError> {
    let Json::Object(fields) = tree else {
        return Err(ImportError::NotAnArchitecture {
            found: tree.describe(),
        });
    };
    let doc = Object {
        path: String::new(),
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
                "version",
                &format!("the format version {VERSION}"),
                other,
            ))
        }
    }
    doc.only(TOP_FIELDS)?;
    let name = doc.string("name")?;
    let boundaries = doc
        .array("boundaries")?
        .iter()
        .enumerate()
        .map(|(i, b)| read_boundary(format!("boundaries[{i}]"), b))
        .collect::<Result<_, _>>()?;
    let components = doc
        .array("components")?
        .iter()
        .enumerate()
        .map(|(i, c)| read_component(format!("components[{i}]"), c))
        .collect::<Result<_, _>>()?;
    let flows = doc
        .array("flows")?
        .iter()
        .enumerate()
        .map(|(i, f)| read_flow(format!("flows[{i}]"), f))
        .collect::<Result<_, _>>()?;
    Ok(ArchitectureData {
        name,
        boundaries,
        components,
        flows,
    })
}

fn read_boundary(path: String, value: &Json) -> Result<Boundary, ImportError> {
    let o = object(path, value)?;
    o.only(&["id", "label", "trust", "parent", "position", "size"])?;
    let id = BoundaryId(o.string("id")?);
    let label = o.string("label")?;
    let trust = match o.required("trust")? {
        Json::String(s) => trust_from(s),
        _ => None,
    }
    .ok_or_else(|| {
        let allowed = Catalog::builtin()
            .boundary_trusts()
            .iter()
            .map(|t| format!("\"{}\"", trust_id(t.trust)))
            .collect::<Vec<_>>()
            .join(", ");
        wrong(
            &child(&o.path, "trust"),
            &format!("one of {allowed}"),
            o.get("trust").unwrap_or(&Json::Null),
        )
    })?;
    let parent = o.nullable_string("parent")?.map(BoundaryId);
    let position = match o.get("position") {
        None | Some(Json::Null) => None,
        Some(p) => Some(read_position(child(&o.path, "position"), p)?),
    };
    let size = match o.get("size") {
        None | Some(Json::Null) => None,
        Some(s) => Some(read_size(child(&o.path, "size"), s)?),
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

fn trust_id(t: Trust) -> &'static str {
    match t {
        Trust::Internet => "internet",
        Trust::ThirdParty => "third_party",
        Trust::Dmz => "dmz",
        Trust::Tenant => "tenant",
        Trust::Private => "private",
    }
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
    .find(|t| trust_id(*t) == s)
}

fn read_component(path: String, value: &Json) -> Result<Component, ImportError> {
    let o = object(path, value)?;
    o.only(&["id", "kind", "label", "boundary", "properties", "position"])?;
    let id = ComponentId(o.string("id")?);
    let kind = o.string("kind")?;
    let label = o.string("label")?;
    let boundary = o.nullable_string("boundary")?.map(BoundaryId);
    let properties = read_properties(&o, |prop| {
        Catalog::builtin()
            .kind(&kind)
            .and_then(|k| k.property(prop))
            .map(|p| p.ty.expected())
    })?;
    let position = match o.get("position") {
        None | Some(Json::Null) => None,
        Some(p) => Some(read_position(child(&o.path, "position"), p)?),
    };
    Ok(Component {
        id,
        kind,
        label,
        boundary,
        properties,
        position,
    })
}

fn read_position(path: String, value: &Json) -> Result<Position, ImportError> {
    let o = object(path, value)?;
    o.only(&["x", "y"])?;
    let number = |key: &str| match o.required(key)? {
        Json::Number(n) => n
            .as_f64()
            .ok_or_else(|| wrong(&child(&o.path, key), "a number", &Json::Number(n.clone()))),
        other => Err(wrong(&child(&o.path, key), "a number", other)),
    };
    Ok(Position {
        x: number("x")?,
        y: number("y")?,
    })
}

fn read_size(path: String, value: &Json) -> Result<Size, ImportError> {
    let o = object(path, value)?;
    o.only(&["width", "height"])?;
    let number = |key: &str| match o.required(key)? {
        Json::Number(n) => n
            .as_f64()
            .ok_or_else(|| wrong(&child(&o.path, key), "a number", &Json::Number(n.clone()))),
        other => Err(wrong(&child(&o.path, key), "a number", other)),
    };
    Ok(Size {
        width: number("width")?,
        height: number("height")?,
    })
}

fn read_flow(path: String, value: &Json) -> Result<Flow, ImportError> {
    let o = object(path, value)?;
    o.only(&["id", "from", "to", "properties"])?;
    let id = FlowId(o.string("id")?);
    let from = ComponentId(o.string("from")?);
    let to = ComponentId(o.string("to")?);
    let properties = read_properties(&o, |prop| {
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
    o: &Object<'_>,
    expected: impl Fn(&str) -> Option<String>,
) -> Result<Properties, ImportError> {
    let props = object(child(&o.path, "properties"), o.required("properties")?)?;
    let mut out = Properties::new();
    for (key, value) in props.fields {
        let v = match value {
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => match n.as_f64() {
                Some(f) => Value::Number(f),
                None => return Err(wrong(&child(&props.path, key), "a number", value)),
            },
            Json::String(s) => Value::Text(s.clone()),
            other => {
                let what =
                    expected(key).unwrap_or_else(|| "true, false, a number or a string".into());
                let hint = if matches!(other, Json::Null) {
                    " (to leave a property unset, leave it out)"
                } else {
                    ""
                };
                return Err(wrong(
                    &child(&props.path, key),
                    &format!("{what}{hint}"),
                    other,
                ));
            }
        };
        out.insert(key.clone(), v);
    }
    Ok(out)
}
