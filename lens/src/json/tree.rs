//! A JSON tree that keeps the order of object keys and refuses duplicate keys (serde_json's own
//! `Value` silently keeps the last one, which would let a file say two things at once).
//! serde_json's recursion limit (128 levels) applies while parsing, so hostile nesting gives an
//! error, never a stack overflow.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

#[derive(Debug)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    /// An array where the document has no array: only its being one is kept, for the message.
    Array,
    Object(Vec<(String, Json)>),
}

impl Json {
    /// How an error message names this value's type.
    pub(crate) fn describe(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => format!("the number {n}"),
            Json::String(s) => {
                let short: String = s.chars().take(60).collect();
                let more = if short.len() < s.len() { "…" } else { "" };
                format!("the string \"{short}{more}\"")
            }
            Json::Array => "an array".into(),
            Json::Object(_) => "an object".into(),
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

pub(super) struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(v)
            .map(Json::Number)
            .ok_or_else(|| E::custom("numbers must be finite"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        // Parsed to the end (a syntax error in it is still one), kept as the fact of an array.
        while seq.next_element::<Json>()?.is_some() {}
        Ok(Json::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out: Vec<(String, Json)> = Vec::new();
        let mut keys = Keys::default();
        while let Some(key) = map.next_key::<String>()? {
            keys.first_time::<A::Error>(&key, out.iter().map(|(k, _)| k))?;
            let value = map.next_value()?;
            out.push((key, value));
        }
        Ok(Json::Object(out))
    }
}

/// The keys of one object so far, to refuse one written twice.
#[derive(Default)]
pub(super) struct Keys(Option<std::collections::HashSet<String>>);

impl Keys {
    /// An error if `key` is among the object's keys so far (`earlier`).
    pub(super) fn first_time<'k, E: de::Error>(
        &mut self,
        key: &str,
        mut earlier: impl ExactSizeIterator<Item = &'k String>,
    ) -> Result<(), E> {
        // Objects in an architecture are small: a linear scan beats hashing until they grow.
        let dup = if earlier.len() < 16 {
            earlier.any(|k| k == key)
        } else {
            let seen = self.0.get_or_insert_with(|| earlier.cloned().collect());
            !seen.insert(key.to_owned())
        };
        if dup {
            return Err(de::Error::custom(format_args!(
                "the key \"{key}\" appears twice in one object"
            )));
        }
        Ok(())
    }
}
