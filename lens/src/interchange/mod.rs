//! Threat models in and out: OWASP Threat Dragon v2 JSON ([`threat_dragon`]) and the Open Threat
//! Model ([`otm`]).
//!
//! Import reads a model into an architecture with positions and an [`ImportReport`] (the same
//! report `lens import` prints for templates): per element, what it became and why — the kind
//! chosen by a word of its name ([`mapping`], `lens/mapping/threat-models.toml`), or the generic
//! kind of its shape, listed "to confirm". Threats recorded in the other tool become the `notes`
//! of the component or flow they were on; Lensboard's own findings are not notes, since the rules
//! find them again. Export writes components, flows and boundaries with the review's findings as
//! threats, their statuses from the review's decisions.
//!
//! Readers are lenient where the tools' own files are (Threat Dragon's demo models break its
//! schema in places, INTERCHANGE.md §3.2) and strict about the rest: a file that is not the format
//! at all, an element of the wrong type, an id nothing has, a label longer than the model allows —
//! each is an error naming the path inside the file. Text from the file is data: it is copied into
//! labels and notes, never interpreted.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as J;

use crate::engine::{evaluate, Pack};
use crate::iac::{ImportReport, MappingError, Note, Outcome, PropertySet, ResourceReport};
use crate::model::{
    BoundaryId, Component, ComponentId, FlowId, Properties, Trust, Value, MAX_LABEL_CHARS,
};
use crate::review::{Review, ReviewedFinding, Triage};
use crate::{Architecture, ErrorCode, ModelError};

pub mod mapping;
pub mod otm;
pub mod threat_dragon;

pub use mapping::ThreatModelMapping;

/// The threat-model formats, recognised by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// OWASP Threat Dragon JSON (a top-level `summary` and `detail`).
    ThreatDragon,
    /// Open Threat Model, JSON or YAML (a top-level `otmVersion`).
    Otm,
}

/// Which threat-model format `text` is in, by its top-level keys; `None` for anything else.
pub fn detect(text: &str) -> Option<Format> {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(rename = "otmVersion")]
        otm_version: Option<serde::de::IgnoredAny>,
        summary: Option<serde::de::IgnoredAny>,
        detail: Option<serde::de::IgnoredAny>,
    }
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        let head: Head = serde_json::from_str(trimmed).ok()?;
        if head.otm_version.is_some() {
            Some(Format::Otm)
        } else if head.summary.is_some() && head.detail.is_some() {
            Some(Format::ThreatDragon)
        } else {
            None
        }
    } else {
        text.lines()
            .any(|line| line.starts_with("otmVersion:"))
            .then_some(Format::Otm)
    }
}

/// Why a threat model could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    /// The text is not JSON (or YAML).
    #[error("{0}")]
    Syntax(String),
    /// The document is not a model of the format (`format`: "a Threat Dragon v2 model").
    #[error("not {format}: {reason}")]
    Foreign {
        format: &'static str,
        reason: String,
    },
    /// A part of the model has the wrong shape or names something that is not there.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// The architecture built does not pass the model's checks (a defect of the importer).
    #[error("the imported architecture is not valid: {0}")]
    Model(#[from] ModelError),
}

impl InterchangeError {
    /// The code of this kind of error (see [`crate::error`]).
    pub fn code(&self) -> ErrorCode {
        ErrorCode::InvalidArchitecture
    }

    /// The path inside the model the error is about, if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            InterchangeError::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// A JSON value with its path in the document, for reading with errors that say where.
/// `null` reads as absent: both tools write `null` for fields left empty.
#[derive(Clone)]
pub(crate) struct At<'a> {
    pub value: &'a J,
    pub path: String,
}

impl<'a> At<'a> {
    pub fn root(value: &'a J) -> At<'a> {
        At {
            value,
            path: String::new(),
        }
    }

    fn join(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    pub fn invalid(&self, message: impl Into<String>) -> InterchangeError {
        InterchangeError::Invalid {
            path: if self.path.is_empty() {
                "(the document)".to_owned()
            } else {
                self.path.clone()
            },
            message: message.into(),
        }
    }

    fn expected(&self, what: &str) -> InterchangeError {
        self.invalid(format!("expected {what}, found {}", kind_of(self.value)))
    }

    /// The field `key` of this object, `None` when missing or `null` (or when this is not an
    /// object: [`At::object`] is the check for that).
    pub fn field(&self, key: &str) -> Option<At<'a>> {
        match self.value.get(key) {
            None | Some(J::Null) => None,
            Some(value) => Some(At {
                value,
                path: self.join(key),
            }),
        }
    }

    /// This value as an object.
    pub fn object(&self) -> Result<&'a serde_json::Map<String, J>, InterchangeError> {
        self.value
            .as_object()
            .ok_or_else(|| self.expected("an object"))
    }

    pub fn array(&self) -> Result<Vec<At<'a>>, InterchangeError> {
        let items = self
            .value
            .as_array()
            .ok_or_else(|| self.expected("an array"))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, value)| At {
                value,
                path: format!("{}[{i}]", self.path),
            })
            .collect())
    }

    pub fn text(&self) -> Result<&'a str, InterchangeError> {
        self.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    pub fn number(&self) -> Result<f64, InterchangeError> {
        let n = self
            .value
            .as_f64()
            .ok_or_else(|| self.expected("a number"))?;
        if n.is_finite() {
            Ok(n)
        } else {
            Err(self.invalid("expected a finite number"))
        }
    }

    pub fn boolean(&self) -> Result<bool, InterchangeError> {
        self.value
            .as_bool()
            .ok_or_else(|| self.expected("true or false"))
    }

    /// The array at `key`; empty when missing.
    pub fn items(&self, key: &str) -> Result<Vec<At<'a>>, InterchangeError> {
        self.field(key).map_or(Ok(Vec::new()), |a| a.array())
    }

    /// The string at `key`; `None` when missing.
    pub fn text_at(&self, key: &str) -> Result<Option<&'a str>, InterchangeError> {
        self.field(key).map(|a| a.text()).transpose()
    }

    /// The boolean at `key`; `false` when missing.
    pub fn flag(&self, key: &str) -> Result<bool, InterchangeError> {
        Ok(self
            .field(key)
            .map(|a| a.boolean())
            .transpose()?
            .unwrap_or(false))
    }

    /// A label read at `key` (or the empty string), within the model's limit.
    pub fn label_at(&self, key: &str) -> Result<Option<&'a str>, InterchangeError> {
        let Some(at) = self.field(key) else {
            return Ok(None);
        };
        let text = at.text()?;
        check_label(&at, text)?;
        Ok(Some(text))
    }

    /// The texts of the fields `keys` of this element that the mapping reads words from
    /// (missing fields read as empty).
    pub fn texts(&self, keys: &[&'static str]) -> Result<Vec<mapping::Text<'a>>, InterchangeError> {
        keys.iter()
            .map(|&key| {
                let value = self.text_at(key)?.unwrap_or("");
                Ok(mapping::Text::new(key, self.join(key), value))
            })
            .collect()
    }

    /// `{ "x", "y" }` as a position.
    pub fn point(&self) -> Result<(f64, f64), InterchangeError> {
        self.object()?;
        let coordinate = |key: &str| {
            self.field(key)
                .ok_or_else(|| self.invalid(format!("`{key}` is missing")))?
                .number()
        };
        Ok((coordinate("x")?, coordinate("y")?))
    }

    /// `{ "width", "height" }`, neither negative.
    pub fn size(&self) -> Result<(f64, f64), InterchangeError> {
        self.object()?;
        let length = |key: &str| {
            let at = self
                .field(key)
                .ok_or_else(|| self.invalid(format!("`{key}` is missing")))?;
            let n = at.number()?;
            if n < 0.0 {
                return Err(at.invalid("a size must not be negative"));
            }
            Ok(n)
        };
        Ok((length("width")?, length("height")?))
    }
}

/// The name of the model: the text at `key` of `holder` (the project, the summary), or
/// `fallback` when there is none.
pub(crate) fn model_name<'a>(
    holder: Option<At<'a>>,
    key: &str,
    fallback: &'a str,
) -> Result<&'a str, InterchangeError> {
    let name = match holder {
        Some(holder) => {
            holder.object()?;
            holder.label_at(key)?.unwrap_or("")
        }
        None => "",
    };
    Ok(if name.trim().is_empty() {
        fallback
    } else {
        name
    })
}

/// A label from the file, within [`MAX_LABEL_CHARS`] (longer is an error, never cut: a name is
/// how people and findings refer to an element).
pub(crate) fn check_label(at: &At<'_>, text: &str) -> Result<(), InterchangeError> {
    let chars = text.chars().take(MAX_LABEL_CHARS + 1).count();
    if chars > MAX_LABEL_CHARS {
        return Err(at.invalid(format!(
            "the name is {} characters long; Lensboard labels have at most {MAX_LABEL_CHARS}",
            text.chars().count()
        )));
    }
    Ok(())
}

/// What a JSON value is, for error messages.
fn kind_of(value: &J) -> &'static str {
    match value {
        J::Null => "null",
        J::Bool(_) => "a boolean",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "an array",
        J::Object(_) => "an object",
    }
}

/// Parses JSON with an error that says what the text is not.
pub(crate) fn parse_json(text: &str, format: &'static str) -> Result<J, InterchangeError> {
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| InterchangeError::Syntax(format!("not {format}: not JSON ({e})")))
}

/// Ids for one name space (components, flows or boundaries), unique and valid: a wanted id that
/// is taken or not a valid id becomes a readable one made from `name`.
#[derive(Default)]
pub(crate) struct Ids {
    used: BTreeSet<String>,
}

impl Ids {
    /// `wanted` if it is free, a valid id and not a UUID (which says nothing to a reader; the
    /// report keeps it), else an id made from the words of `name` (or `fallback` when it has
    /// none), with `_2`, `_3`, … until it is free.
    pub fn take(&mut self, wanted: Option<&str>, name: &str, fallback: &str) -> String {
        if let Some(id) = wanted.filter(|id| is_valid_id(id) && !is_uuid(id)) {
            if self.used.insert(id.to_owned()) {
                return id.to_owned();
            }
        }
        let mut base: String = mapping::tokens(name).join("_");
        if base.is_empty() {
            base = fallback.to_owned();
        }
        base = base.chars().take(60).collect();
        let mut id = base.clone();
        let mut n = 2;
        while !self.used.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }
}

/// Whether `id` is a UUID (`8-4-4-4-12` hexadecimal digits).
fn is_uuid(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 5
        && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `id` passes the model's id rules (non-empty, at most 128 characters, no control
/// characters, no surrounding whitespace).
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= crate::model::MAX_ID_CHARS
        && !id.chars().any(char::is_control)
        && id.trim() == id
}

/// Notes built from the file's descriptions and threats, cut at the catalog's text limit (the
/// report says when).
#[derive(Default)]
pub(crate) struct NoteText {
    parts: Vec<String>,
}

impl NoteText {
    pub fn push(&mut self, part: impl Into<String>) {
        let part = part.into();
        if !part.trim().is_empty() {
            self.parts.push(part.trim_end().to_owned());
        }
    }

    /// The text, or `None` when empty; `true` when it was cut.
    pub fn finish(self) -> (Option<String>, bool) {
        if self.parts.is_empty() {
            return (None, false);
        }
        let text = self.parts.join("\n\n");
        let limit = crate::catalog::MAX_TEXT_CHARS;
        if text.chars().count() <= limit {
            return (Some(text), false);
        }
        let mut cut: String = text.chars().take(limit - 1).collect();
        cut.push('…');
        (Some(cut), true)
    }
}

/// One element's entry in the import report, built as it is read.
pub(crate) struct Entry {
    pub report: ResourceReport,
}

impl Entry {
    pub fn new(source_id: &str, element: &str) -> Entry {
        Entry {
            report: ResourceReport {
                logical_id: source_id.to_owned(),
                resource_type: element.to_owned(),
                outcome: Outcome::Drawn,
                components: Vec::new(),
                properties: Vec::new(),
                notes: Vec::new(),
            },
        }
    }

    pub fn not_drawn(mut self, reason: impl Into<String>) -> ResourceReport {
        self.report.outcome = Outcome::NoComponent {
            reason: reason.into(),
        };
        self.report
    }

    pub fn set(&mut self, element: &str, property: &str, value: Value, from: impl Into<String>) {
        self.report.properties.push(PropertySet {
            component: element.to_owned(),
            property: property.to_owned(),
            value,
            from: from.into(),
        });
    }

    pub fn note(&mut self, path: &str, message: impl Into<String>) {
        self.report.notes.push(Note {
            path: path.to_owned(),
            message: message.into(),
        });
    }

    /// Records how `element`'s kind was chosen; `true` when it is to confirm.
    pub fn kind(&mut self, element: &str, choice: &mapping::Choice<String>, at: &str) -> bool {
        match choice {
            mapping::Choice::Matched {
                value,
                word,
                field,
                path,
            } => {
                self.set(
                    element,
                    "kind",
                    Value::Text(value.clone()),
                    format!("{path}: the word \"{word}\" in its {field}"),
                );
                if field == "description" {
                    self.note(
                        path,
                        "to confirm: the kind comes from the description, not the name",
                    );
                    return true;
                }
                false
            }
            mapping::Choice::Generic(kind) => {
                self.set(
                    element,
                    "kind",
                    Value::Text(kind.clone()),
                    format!("{at}: no rule matched (the generic kind)"),
                );
                self.note(
                    at,
                    format!(
                        "to confirm: no rule of the mapping matched its words, so it is a \
                         generic \"{kind}\"; change the kind if it is something more specific"
                    ),
                );
                true
            }
        }
    }
}

impl Entry {
    /// The trust level of boundary `element`: the rule that matched its words, else `rating` (an
    /// OTM `trustRating` with its path, read through `of_rating`), else the choice's generic
    /// level. Records where it came from; the flag is `true` when it is to confirm.
    pub fn trust(
        &mut self,
        element: &str,
        choice: &mapping::Choice<Trust>,
        rating: Option<(f64, String)>,
        of_rating: impl Fn(f64) -> Trust,
        at: &str,
    ) -> (Trust, bool) {
        let (trust, from, to_confirm) = match (choice, rating) {
            (
                mapping::Choice::Matched {
                    value,
                    word,
                    field,
                    path,
                },
                _,
            ) => (
                *value,
                format!("{path}: the word \"{word}\" in its {field}"),
                false,
            ),
            (mapping::Choice::Generic(_), Some((n, path))) => {
                (of_rating(n), format!("{path}: {n}"), false)
            }
            (mapping::Choice::Generic(value), None) => {
                (*value, format!("{at}: no rule matched"), true)
            }
        };
        self.set(element, "trust", Value::Text(trust.id().to_owned()), from);
        if to_confirm {
            self.note(
                at,
                format!(
                    "to confirm: no trust rule matched its words, so it is \"{}\"",
                    trust.id()
                ),
            );
        }
        (trust, to_confirm)
    }
}

/// The report's closing note listing the elements whose kind or trust is to confirm.
pub(crate) fn to_confirm_note(report: &mut ImportReport, to_confirm: &[String]) {
    if !to_confirm.is_empty() {
        report.notes.push(format!(
            "{} element(s) to confirm (kind or trust level guessed): {}",
            to_confirm.len(),
            to_confirm.join(", ")
        ));
    }
}

/// A rectangle on the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    pub fn contains_point(&self, (x, y): (f64, f64)) -> bool {
        x >= self.x && x <= self.x + self.width && y >= self.y && y <= self.y + self.height
    }

    pub fn contains(&self, other: &Rect) -> bool {
        self.contains_point((other.x, other.y))
            && self.contains_point((other.x + other.width, other.y + other.height))
    }

    pub fn area(&self) -> f64 {
        self.width * self.height
    }
}

/// For each rectangle of `inner`, the index of the smallest rectangle of `boxes` that holds it
/// (by `holds`), skipping `skip(inner, box)` pairs. Ties in area go to the earlier box.
pub(crate) fn innermost<T>(
    boxes: &[Rect],
    item: &T,
    holds: impl Fn(&Rect, &T) -> bool,
    skip: impl Fn(usize) -> bool,
) -> Option<usize> {
    boxes
        .iter()
        .enumerate()
        .filter(|(i, b)| !skip(*i) && holds(b, item))
        .min_by(|(i, a), (j, b)| a.area().total_cmp(&b.area()).then(i.cmp(j)))
        .map(|(i, _)| i)
}

/// Whether the segments `a`–`b` and `c`–`d` cross.
pub(crate) fn segments_cross(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> bool {
    let orient = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
        (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
    };
    let (d1, d2) = (orient(c, d, a), orient(c, d, b));
    let (d3, d4) = (orient(a, b, c), orient(a, b, d));
    ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
}

/// Whether two polylines cross.
pub(crate) fn polylines_cross(a: &[(f64, f64)], b: &[(f64, f64)]) -> bool {
    a.windows(2)
        .any(|s| b.windows(2).any(|t| segments_cross(s[0], s[1], t[0], t[1])))
}

/// A stable UUID-shaped id for `key` (RFC 9562 version 8, "custom"): the same key gives the same
/// id on every export, so re-exporting a review updates the same cells in the other tool.
pub(crate) fn stable_uuid(key: &str) -> String {
    let hash = |seed: u64| {
        key.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let hi = hash(0xcbf2_9ce4_8422_2325);
    let lo = hash(0x8422_2325_cbf2_9ce4 ^ hi);
    let hi = (hi & !0xf000) | 0x8000;
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// Where each component and boundary is drawn in an export.
pub(crate) struct Layout {
    pub components: BTreeMap<ComponentId, Rect>,
    pub boundaries: BTreeMap<BoundaryId, Rect>,
}

/// Room around and between the elements of an automatic layout, and a boundary's caption.
const PAD: f64 = 40.0;
const CAPTION: f64 = 30.0;
/// Where an automatic layout starts a new row.
const ROW_WIDTH: f64 = 1200.0;

/// The layout of an export: the drawing's own positions when every component and boundary has
/// one and they agree with membership (each component's centre inside its boundary and in no
/// smaller one; each boundary inside its parent) — the other tool has no membership but
/// geometry, so positions that disagree would move components between zones. Otherwise every
/// element is laid out again, boundaries around their members, in rows.
pub(crate) fn layout<'a>(
    arch: &'a Architecture,
    node_size: impl Fn(&Component) -> (f64, f64),
) -> Layout {
    if let Some(kept) = stored_layout(arch, &node_size) {
        return kept;
    }
    // Depth of each boundary, found without recursion (the model has no cycles).
    let count = arch.boundaries().count();
    let mut depth: BTreeMap<&'a BoundaryId, usize> = BTreeMap::new();
    for b in arch.boundaries() {
        let mut d = 0;
        let mut parent = b.parent.as_ref();
        while let Some(p) = parent.filter(|_| d <= count) {
            d += 1;
            parent = arch.boundary(p).and_then(|pb| pb.parent.as_ref());
        }
        depth.insert(&b.id, d);
    }
    let mut order: Vec<&'a BoundaryId> = depth.keys().copied().collect();
    order.sort_by_key(|id| std::cmp::Reverse(depth[id]));
    // Sizes, deepest boundaries first, and each element's offset inside its container.
    let mut sizes: BTreeMap<&'a BoundaryId, (f64, f64)> = BTreeMap::new();
    let mut offsets: BTreeMap<Element<'a>, (f64, f64)> = BTreeMap::new();
    let pack = |container: Option<&BoundaryId>,
                sizes: &BTreeMap<&'a BoundaryId, (f64, f64)>,
                offsets: &mut BTreeMap<Element<'a>, (f64, f64)>|
     -> (f64, f64) {
        let top = if container.is_some() {
            PAD + CAPTION
        } else {
            PAD
        };
        let (mut x, mut y, mut row_height, mut width) = (PAD, top, 0.0_f64, 0.0_f64);
        let boundaries = arch
            .boundaries()
            .filter(|b| b.parent.as_ref() == container)
            .map(|b| {
                (
                    Element::Boundary(&b.id),
                    sizes.get(&b.id).copied().unwrap_or((200.0, 120.0)),
                )
            });
        let components = arch
            .components()
            .filter(|c| c.boundary.as_ref() == container)
            .map(|c| (Element::Component(&c.id), node_size(c)));
        for (element, (w, h)) in boundaries.chain(components) {
            if x > PAD && x + w > ROW_WIDTH {
                x = PAD;
                y += row_height + PAD;
                row_height = 0.0;
            }
            offsets.insert(element, (x, y));
            x += w + PAD;
            width = width.max(x);
            row_height = row_height.max(h);
        }
        if width == 0.0 {
            return (200.0, 120.0);
        }
        (width, y + row_height + PAD)
    };
    for id in &order {
        let size = pack(Some(id), &sizes, &mut offsets);
        sizes.insert(id, size);
    }
    pack(None, &sizes, &mut offsets);
    // Absolute places, outermost boundaries first.
    let mut layout = Layout {
        components: BTreeMap::new(),
        boundaries: BTreeMap::new(),
    };
    let origin = |container: Option<&BoundaryId>, layout: &Layout| {
        container
            .and_then(|id| layout.boundaries.get(id))
            .map_or((0.0, 0.0), |r| (r.x, r.y))
    };
    for id in order.iter().rev() {
        let Some(b) = arch.boundary(id) else { continue };
        let (ox, oy) = origin(b.parent.as_ref(), &layout);
        let (dx, dy) = offsets
            .get(&Element::Boundary(id))
            .copied()
            .unwrap_or((PAD, PAD));
        let (width, height) = sizes[id];
        layout.boundaries.insert(
            (*id).clone(),
            Rect {
                x: ox + dx,
                y: oy + dy,
                width,
                height,
            },
        );
    }
    for c in arch.components() {
        let (ox, oy) = origin(c.boundary.as_ref(), &layout);
        let (dx, dy) = offsets
            .get(&Element::Component(&c.id))
            .copied()
            .unwrap_or((PAD, PAD));
        let (width, height) = node_size(c);
        layout.components.insert(
            c.id.clone(),
            Rect {
                x: ox + dx,
                y: oy + dy,
                width,
                height,
            },
        );
    }
    layout
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Element<'a> {
    Boundary(&'a BoundaryId),
    Component(&'a ComponentId),
}

/// The drawing's own positions, if complete and in agreement with membership.
fn stored_layout(
    arch: &Architecture,
    node_size: &impl Fn(&Component) -> (f64, f64),
) -> Option<Layout> {
    let mut layout = Layout {
        components: BTreeMap::new(),
        boundaries: BTreeMap::new(),
    };
    for b in arch.boundaries() {
        let (p, s) = (b.position?, b.size?);
        layout.boundaries.insert(
            b.id.clone(),
            Rect {
                x: p.x,
                y: p.y,
                width: s.width,
                height: s.height,
            },
        );
    }
    for c in arch.components() {
        let p = c.position?;
        let (width, height) = node_size(c);
        layout.components.insert(
            c.id.clone(),
            Rect {
                x: p.x,
                y: p.y,
                width,
                height,
            },
        );
    }
    let ids: Vec<&BoundaryId> = layout.boundaries.keys().collect();
    let rects: Vec<Rect> = layout.boundaries.values().copied().collect();
    let found = |i: Option<usize>| i.map(|i| ids[i]);
    for c in arch.components() {
        let center = layout.components[&c.id].center();
        let inside = innermost(&rects, &center, |r, p| r.contains_point(*p), |_| false);
        if found(inside) != c.boundary.as_ref() {
            return None;
        }
    }
    for (i, b) in arch.boundaries().enumerate() {
        let outer = innermost(
            &rects,
            &rects[i],
            |r, inner| r.contains(inner),
            |j| {
                j == i
                    || rects[j].area() < rects[i].area()
                    || (rects[j].area() == rects[i].area() && j > i)
            },
        );
        if found(outer) != b.parent.as_ref() {
            return None;
        }
    }
    Some(layout)
}

/// The review's findings with their statuses, by subject: a component's or a flow's.
pub(crate) struct Findings {
    pub components: BTreeMap<ComponentId, Vec<ReviewedFinding>>,
    pub flows: BTreeMap<FlowId, Vec<ReviewedFinding>>,
}

/// Evaluates `pack` on the review and joins the findings with its decisions.
pub(crate) fn findings(review: &Review, pack: &Pack) -> Findings {
    let mut out = Findings {
        components: BTreeMap::new(),
        flows: BTreeMap::new(),
    };
    let found = evaluate(&review.architecture, pack);
    for reviewed in Triage::new(found, &review.decisions).findings {
        if let Some(flow) = reviewed.finding.subject_flow().cloned() {
            out.flows.entry(flow).or_default().push(reviewed);
        } else if let Some(component) = reviewed.finding.components.first().cloned() {
            out.components.entry(component).or_default().push(reviewed);
        }
    }
    out
}

/// The last line of a description written by an export: `Lensboard: {json}` with what the other
/// tool cannot hold (the id, the kind, the properties), read back on import.
pub(crate) const TRAILER: &str = "Lensboard: ";
/// The last line of a threat that is a Lensboard finding (the rules find it again on import).
pub(crate) const FINDING_LINE: &str = "Lensboard finding: ";

/// What a trailer line says.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Trailer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<Trust>,
    #[serde(default, skip_serializing_if = "Properties::is_empty")]
    pub properties: Properties,
}

/// `description` without its trailer line, and the trailer if there was one. A trailer that does
/// not parse is left in the text (`Err` says why).
pub(crate) fn split_trailer(description: &str) -> (&str, Result<Option<Trailer>, String>) {
    let trimmed = description.trim_end();
    let (head, last) = match trimmed.rfind('\n') {
        Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
        None => ("", trimmed),
    };
    let Some(json) = last.strip_prefix(TRAILER) else {
        return (description, Ok(None));
    };
    match serde_json::from_str::<Trailer>(json) {
        Ok(trailer) => (head.trim_end(), Ok(Some(trailer))),
        Err(e) => (
            description,
            Err(format!("the Lensboard line could not be read ({e})")),
        ),
    }
}

/// `text` followed by a trailer line for `trailer`.
pub(crate) fn with_trailer(text: &str, trailer: &Trailer) -> String {
    let json = serde_json::to_string(trailer).unwrap_or_default();
    if text.trim().is_empty() {
        format!("{TRAILER}{json}")
    } else {
        format!("{}\n\n{TRAILER}{json}", text.trim_end())
    }
}

/// The properties of `trailer` the catalog allows on `kind` (`None`: on flows); the others are
/// reported through `refused`.
pub(crate) fn allowed_properties(
    kind: Option<&str>,
    trailer: &Trailer,
    mut refused: impl FnMut(String),
) -> Properties {
    let catalog = crate::catalog::Catalog::builtin();
    let mut out = Properties::new();
    for (prop, value) in &trailer.properties {
        let checked = match kind {
            Some(kind) => catalog.check_value(kind, prop, value),
            None => catalog.check_flow_value(prop, value),
        };
        match checked {
            Ok(()) => {
                out.insert(prop.clone(), value.clone());
            }
            Err(e) => refused(format!("property {prop} not set: {e}")),
        }
    }
    out
}

/// The notes of a component or flow, to write into the other tool's description.
pub(crate) fn notes_of(properties: &Properties) -> &str {
    properties
        .get("notes")
        .and_then(Value::as_text)
        .unwrap_or("")
}

/// The properties a trailer carries: all but the notes (written as the description itself).
pub(crate) fn trailer_properties(properties: &Properties) -> Properties {
    properties
        .iter()
        .filter(|(k, _)| k.as_str() != "notes")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_their_top_level_keys() {
        assert_eq!(
            detect(r#"{"version":"2.3.0","summary":{},"detail":{}}"#),
            Some(Format::ThreatDragon)
        );
        assert_eq!(
            detect(r#"{"otmVersion":"0.2.0","project":{}}"#),
            Some(Format::Otm)
        );
        assert_eq!(
            detect("# model\notmVersion: 0.1.0\nproject: {}\n"),
            Some(Format::Otm)
        );
        assert_eq!(detect(r#"{"Resources":{}}"#), None);
        assert_eq!(detect("Resources:\n  A: {}\n"), None);
    }

    #[test]
    fn stable_uuids_are_uuid_shaped_and_differ_by_key() {
        let a = stable_uuid("llm");
        assert_eq!(a, stable_uuid("llm"));
        assert_ne!(a, stable_uuid("llm2"));
        let parts: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12], "{a}");
        assert!(a.as_bytes()[14] == b'8', "version 8: {a}");
    }

    #[test]
    fn crossing_segments_are_found_and_touching_ones_are_not() {
        assert!(segments_cross(
            (0.0, 0.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (2.0, 0.0)
        ));
        assert!(!segments_cross(
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 0.0),
            (3.0, 1.0)
        ));
    }

    #[test]
    fn taken_or_invalid_ids_are_made_from_the_name() {
        let mut ids = Ids::default();
        assert_eq!(ids.take(Some("llm"), "LLM", "process"), "llm");
        assert_eq!(
            ids.take(Some("llm"), "Claude on Bedrock", "process"),
            "claude_on_bedrock"
        );
        assert_eq!(
            ids.take(None, "Claude on Bedrock", "process"),
            "claude_on_bedrock_2"
        );
        assert_eq!(ids.take(Some(" x"), "", "process"), "process");
        let uuid = "f0ba7722-39b6-4c81-8290-a30a248bb8d9";
        assert_eq!(ids.take(Some(uuid), "Internet", "zone"), "internet");
    }
}
