//! A conflict a merge recorded, and how one is resolved.
//!
//! A conflict names what it is about — an element kind ([`Element`]), the element's id and
//! optionally one field of it (`label`, `properties.encrypted`, …; none for the whole element) —
//! why the two sides could not both be applied ([`ConflictReason`]), and the three values as JSON:
//! the common base's, ours (the value the merged review holds) and theirs. A missing value
//! (`None`) means the element, property or entry does not exist on that side, which is different
//! from a JSON `null` (a component outside every boundary has `"boundary": null`).
//!
//! [`resolve`] settles one conflict: keeping ours only drops the record (ours is what the review
//! holds); taking theirs writes theirs' value back at the conflict's place and checks the whole
//! architecture again, so a resolution that would break it is refused and changes nothing.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::error::ErrorCode;
use crate::model::{
    Architecture, ArchitectureData, Boundary, BoundaryId, Component, ComponentId, Flow, FlowId,
    ModelError,
};
use crate::review::{json, Answer, Decision, Milestone, Review};

/// What kind of thing a conflict is about.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    /// The architecture's name (the id is empty).
    Name,
    Component,
    Flow,
    Boundary,
    /// The decision on the finding whose id is the conflict's id.
    Decision,
    /// The answer to the checklist item whose id is the conflict's id.
    Answer,
    /// The milestone whose name is the conflict's id.
    Milestone,
    /// The whole architecture (the id is empty): only when the merged parts could not be put
    /// together into a valid architecture, and ours was kept whole.
    Architecture,
}

impl Element {
    pub const ALL: [Element; 8] = [
        Element::Name,
        Element::Component,
        Element::Flow,
        Element::Boundary,
        Element::Decision,
        Element::Answer,
        Element::Milestone,
        Element::Architecture,
    ];

    /// The id used in the review file and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Element::Name => "name",
            Element::Component => "component",
            Element::Flow => "flow",
            Element::Boundary => "boundary",
            Element::Decision => "decision",
            Element::Answer => "answer",
            Element::Milestone => "milestone",
            Element::Architecture => "architecture",
        }
    }

    pub fn from_id(id: &str) -> Option<Element> {
        Self::ALL.into_iter().find(|e| e.id() == id)
    }

    /// The collection the element sits in, as in the id-based paths of edit errors.
    fn collection(self) -> &'static str {
        match self {
            Element::Name => "name",
            Element::Component => "components",
            Element::Flow => "flows",
            Element::Boundary => "boundaries",
            Element::Decision => "decisions",
            Element::Answer => "answers",
            Element::Milestone => "milestones",
            Element::Architecture => "architecture",
        }
    }
}

/// Why both sides' changes could not be applied.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictReason {
    /// Both sides set the same thing to different values.
    BothChanged,
    /// One side deleted what the other side changed.
    DeletedAndChanged,
    /// Theirs deleted an element ours still uses (a flow's end, a component's or boundary's
    /// boundary); the element is kept.
    DeletedInUse,
    /// Theirs made something use an element ours deleted (a flow to a removed component, a
    /// component placed in a removed boundary); that change of theirs is not applied.
    RefersToDeleted,
    /// Each change is valid alone but not together (a boundary inside itself, properties the
    /// other side's kind does not have); ours is kept.
    Incompatible,
}

impl ConflictReason {
    pub const ALL: [ConflictReason; 5] = [
        ConflictReason::BothChanged,
        ConflictReason::DeletedAndChanged,
        ConflictReason::DeletedInUse,
        ConflictReason::RefersToDeleted,
        ConflictReason::Incompatible,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ConflictReason::BothChanged => "both_changed",
            ConflictReason::DeletedAndChanged => "deleted_and_changed",
            ConflictReason::DeletedInUse => "deleted_in_use",
            ConflictReason::RefersToDeleted => "refers_to_deleted",
            ConflictReason::Incompatible => "incompatible",
        }
    }

    pub fn from_id(id: &str) -> Option<ConflictReason> {
        Self::ALL.into_iter().find(|r| r.id() == id)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            ConflictReason::BothChanged => "changed on both sides",
            ConflictReason::DeletedAndChanged => "deleted on one side, changed on the other",
            ConflictReason::DeletedInUse => "deleted by theirs but still used by ours",
            ConflictReason::RefersToDeleted => "theirs uses what ours deleted",
            ConflictReason::Incompatible => "the two changes do not fit together",
        }
    }
}

/// One conflict recorded by a merge (see the module documentation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub element: Element,
    /// The element's id (the finding id of a decision, the item of an answer, the name of a
    /// milestone); empty for the name and the whole architecture.
    pub id: String,
    /// The field of the element (`kind`, `label`, `boundary`, `position`, `properties.NAME`,
    /// `from`, `to`, `trust`, `parent`, `size`), or `None` for the whole element.
    pub field: Option<String>,
    pub reason: ConflictReason,
    /// The value in the common base; `None` when it did not exist there. In JSON a missing
    /// value is a missing key, so that it differs from a `null` value.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "present")]
    pub base: Option<Json>,
    /// Our value, the one the merged review holds; `None` when it does not exist.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "present")]
    pub ours: Option<Json>,
    /// Their value; `None` when it does not exist on their side.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "present")]
    pub theirs: Option<Json>,
}

/// A value that is there, `null` included (serde reads `null` into `None` otherwise).
mod present {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::Value;

    pub fn serialize<S: Serializer>(value: &Option<Value>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
        Value::deserialize(d).map(Some)
    }
}

impl Conflict {
    /// Where the conflict is, as an id-based path: `components["llm"].properties.encrypted`,
    /// `decisions["genai/…@llm"]`, `name`.
    pub fn path(&self) -> String {
        let mut path = match self.element {
            Element::Name | Element::Architecture => self.element.collection().to_owned(),
            element => format!("{}[{:?}]", element.collection(), self.id),
        };
        if let Some(field) = &self.field {
            path.push('.');
            path.push_str(field);
        }
        path
    }

    /// The same conflict seen from the other side (ours and theirs exchanged).
    pub fn swapped(&self) -> Conflict {
        Conflict {
            ours: self.theirs.clone(),
            theirs: self.ours.clone(),
            ..self.clone()
        }
    }

    /// One line for people: `components["llm"].label: changed on both sides (base "A", ours
    /// "B", theirs "C")`.
    pub fn describe(&self) -> String {
        let show = |v: &Option<Json>| match v {
            Some(v) => v.to_string(),
            None => "(none)".to_owned(),
        };
        format!(
            "{}: {} (base {}, ours {}, theirs {})",
            self.path(),
            self.reason.label(),
            show(&self.base),
            show(&self.ours),
            show(&self.theirs)
        )
    }
}

/// Which side of a conflict to keep.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Ours,
    Theirs,
}

/// Why a conflict could not be resolved. Nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum ConflictError {
    #[error("there is no conflict number {index}; the review has {count}")]
    NoSuchConflict { index: usize, count: usize },
    #[error("{path}: their value cannot be used: {problem}")]
    BadValue { path: String, problem: String },
    #[error("{path}: their value does not fit the architecture as it is now: {source}")]
    Inapplicable { path: String, source: ModelError },
}

impl ConflictError {
    /// The code of this kind of error (see [`crate::error`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            ConflictError::NoSuchConflict { .. } | ConflictError::BadValue { .. } => {
                ErrorCode::InvalidEdit
            }
            ConflictError::Inapplicable { source, .. } => source.code(),
        }
    }
}

/// Settles conflict number `index` of `review.conflicts` (see the module documentation) and
/// returns it. On an error nothing changed.
pub fn resolve(review: &mut Review, index: usize, side: Side) -> Result<Conflict, ConflictError> {
    let count = review.conflicts.len();
    let conflict = review
        .conflicts
        .get(index)
        .ok_or(ConflictError::NoSuchConflict { index, count })?
        .clone();
    if side == Side::Theirs {
        apply_theirs(review, &conflict)?;
    }
    Ok(review.conflicts.remove(index))
}

fn apply_theirs(review: &mut Review, conflict: &Conflict) -> Result<(), ConflictError> {
    let path = conflict.path();
    let bad = |problem: String| ConflictError::BadValue {
        path: path.clone(),
        problem,
    };
    let theirs = conflict.theirs.clone();
    match conflict.element {
        Element::Decision => {
            match theirs {
                Some(value) => {
                    let decision: Decision =
                        serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
                    decision.validate().map_err(|e| bad(e.to_string()))?;
                    review.decisions.insert(conflict.id.clone(), decision);
                }
                None => {
                    review.decisions.remove(&conflict.id);
                }
            }
            Ok(())
        }
        Element::Answer => {
            match theirs {
                Some(value) => {
                    let answer: Answer =
                        serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
                    review.answers.insert(conflict.id.clone(), answer);
                }
                None => {
                    review.answers.remove(&conflict.id);
                }
            }
            Ok(())
        }
        Element::Milestone => {
            let milestone = theirs
                .map(|value| milestone_from_json(&value).map_err(bad))
                .transpose()?;
            review.remove_milestone(&conflict.id);
            if let Some(milestone) = milestone {
                review.milestones.push(milestone);
                review
                    .milestones
                    .sort_by(|a, b| (a.created_at, &a.name).cmp(&(b.created_at, &b.name)));
            }
            Ok(())
        }
        Element::Name
        | Element::Architecture
        | Element::Component
        | Element::Flow
        | Element::Boundary => {
            let data =
                architecture_with(review.architecture.to_data(), conflict, theirs).map_err(bad)?;
            review.architecture = Architecture::from_data_checked(data)
                .map_err(|source| ConflictError::Inapplicable { path, source })?;
            Ok(())
        }
    }
}

/// `data` with `value` written at the conflict's place (`None` removes the element; removing a
/// component removes its flows and removing a boundary moves what it held to its parent, as the
/// editor does).
fn architecture_with(
    mut data: ArchitectureData,
    conflict: &Conflict,
    value: Option<Json>,
) -> Result<ArchitectureData, String> {
    match conflict.element {
        Element::Architecture => {
            let value = value.ok_or("the whole architecture cannot be removed")?;
            return serde_json::from_value(value).map_err(|e| e.to_string());
        }
        Element::Name => {
            let value = value.ok_or("the name cannot be removed")?;
            data.name = serde_json::from_value(value).map_err(|e| e.to_string())?;
            return Ok(data);
        }
        _ => {}
    }
    let id = conflict.id.as_str();
    match conflict.element {
        Element::Component => {
            let current = data.components.iter().find(|c| c.id.as_str() == id);
            let new: Option<Component> = element_with(current, conflict, value)?;
            data.components.retain(|c| c.id.as_str() != id);
            match new {
                Some(c) => data.components.push(c),
                None => {
                    let removed = ComponentId::from(id);
                    data.flows.retain(|f| f.from != removed && f.to != removed);
                }
            }
        }
        Element::Flow => {
            let current = data.flows.iter().find(|f| f.id.as_str() == id);
            let new: Option<Flow> = element_with(current, conflict, value)?;
            data.flows.retain(|f| f.id != FlowId::from(id));
            data.flows.extend(new);
        }
        Element::Boundary => {
            let current = data.boundaries.iter().find(|b| b.id.as_str() == id);
            let new: Option<Boundary> = element_with(current, conflict, value)?;
            let removed = BoundaryId::from(id);
            let parent = current.and_then(|b| b.parent.clone());
            data.boundaries.retain(|b| b.id != removed);
            match new {
                Some(b) => data.boundaries.push(b),
                None => {
                    for c in &mut data.components {
                        if c.boundary.as_ref() == Some(&removed) {
                            c.boundary.clone_from(&parent);
                        }
                    }
                    for b in &mut data.boundaries {
                        if b.parent.as_ref() == Some(&removed) {
                            b.parent.clone_from(&parent);
                        }
                    }
                }
            }
        }
        _ => {}
    }
    Ok(data)
}

/// The element `current` with `value` written at the conflict's field, or `value` itself as the
/// element when the conflict is about the whole element.
fn element_with<T: Serialize + serde::de::DeserializeOwned>(
    current: Option<&T>,
    conflict: &Conflict,
    value: Option<Json>,
) -> Result<Option<T>, String> {
    let Some(field) = &conflict.field else {
        return value
            .map(|v| serde_json::from_value(v).map_err(|e| e.to_string()))
            .transpose();
    };
    let current = current.ok_or("the element no longer exists")?;
    let mut object = serde_json::to_value(current).map_err(|e| e.to_string())?;
    let Json::Object(map) = &mut object else {
        return Err("the element is not an object".into());
    };
    if let Some(property) = field.strip_prefix("properties.") {
        let properties = map
            .entry("properties")
            .or_insert_with(|| Json::Object(serde_json::Map::new()));
        let Json::Object(properties) = properties else {
            return Err("the properties are not an object".into());
        };
        match value {
            Some(v) => properties.insert(property.to_owned(), v),
            None => properties.remove(property),
        };
    } else {
        match value {
            Some(v) => map.insert(field.clone(), v),
            None => map.remove(field),
        };
    }
    serde_json::from_value(object)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// A milestone as a conflict holds it: `{ "name", "created_at", "review" }` (the review JSON of
/// its snapshot), as in the review JSON's `milestones`.
pub(crate) fn milestone_json(milestone: &Milestone) -> Json {
    let snapshot = json::snapshot_json(&milestone.snapshot, crate::engine::Pack::builtin());
    serde_json::json!({
        "name": milestone.name,
        "created_at": milestone.created_at,
        "review": serde_json::from_str::<Json>(&snapshot).unwrap_or(Json::Null),
    })
}

fn milestone_from_json(value: &Json) -> Result<Milestone, String> {
    let name = value
        .get("name")
        .and_then(Json::as_str)
        .ok_or("a milestone needs a name")?;
    let created_at = value
        .get("created_at")
        .and_then(Json::as_i64)
        .ok_or("a milestone needs its creation time")?;
    let review = value.get("review").ok_or("a milestone needs its review")?;
    let snapshot = json::parse_snapshot(&review.to_string()).map_err(|e| e.to_string())?;
    Ok(Milestone {
        name: name.to_owned(),
        created_at,
        snapshot,
    })
}
