//! Property operators (`equals`, `one_of`, `set`, comparisons): as written in a rule
//! ([`Operator`]), and compiled against the catalog's text numbering ([`Test`]) so that a
//! condition reads an encoded [`Cell`] of the architecture's property tables without comparing
//! strings.

use crate::model::content::{Cell, Texts};
use crate::model::Value;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Operator {
    Equals(Value),
    OneOf(Vec<Value>),
    Set(bool),
    GreaterThan(f64),
    AtLeast(f64),
    LessThan(f64),
    AtMost(f64),
}

/// A value a condition compares with, encoded like [`Cell`].
#[derive(Clone, Debug)]
pub(crate) enum Operand {
    /// `"unknown"`: equal to nothing (an unknown value counts as unset).
    Never,
    Bool(bool),
    Number(f64),
    Known(u32),
    /// A text the catalog does not list: equal only to the same text outside the catalog.
    Text(String),
}

impl Operand {
    fn new(v: &Value, texts: &Texts) -> Operand {
        match v {
            Value::Bool(b) => Operand::Bool(*b),
            Value::Number(x) => Operand::Number(*x),
            Value::Text(s) if s == "unknown" => Operand::Never,
            Value::Text(s) => match texts.get(s.as_str()) {
                Some(&code) => Operand::Known(code),
                None => Operand::Text(s.clone()),
            },
        }
    }

    fn matches(&self, cell: Cell, others: &[String]) -> bool {
        match (self, cell) {
            (Operand::Bool(a), Cell::Bool(b)) => *a == b,
            (Operand::Number(a), Cell::Number(b)) => *a == b,
            (Operand::Known(a), Cell::Known(b)) => *a == b,
            (Operand::Text(a), Cell::Other(i)) => others.get(i as usize) == Some(a),
            _ => false,
        }
    }
}

/// An [`Operator`] compiled against the catalog's text numbering.
#[derive(Clone, Debug)]
pub(crate) enum Test {
    Set(bool),
    Equals(Operand),
    OneOf(Vec<Operand>),
    GreaterThan(f64),
    AtLeast(f64),
    LessThan(f64),
    AtMost(f64),
}

impl Test {
    pub fn new(op: &Operator, texts: &Texts) -> Test {
        match op {
            Operator::Set(w) => Test::Set(*w),
            Operator::Equals(v) => Test::Equals(Operand::new(v, texts)),
            Operator::OneOf(vs) => Test::OneOf(vs.iter().map(|v| Operand::new(v, texts)).collect()),
            Operator::GreaterThan(n) => Test::GreaterThan(*n),
            Operator::AtLeast(n) => Test::AtLeast(*n),
            Operator::LessThan(n) => Test::LessThan(*n),
            Operator::AtMost(n) => Test::AtMost(*n),
        }
    }

    /// Whether a set value (not [`Cell::Missing`]) satisfies the test; `others` are the texts of
    /// the cell's column. The same answers as [`value_holds`] on the value the cell encodes.
    pub fn holds(&self, cell: Cell, others: &[String]) -> bool {
        let number = match cell {
            Cell::Number(x) => Some(x),
            _ => None,
        };
        match self {
            Test::Set(wanted) => (cell != Cell::Unknown) == *wanted,
            Test::Equals(o) => o.matches(cell, others),
            Test::OneOf(os) => os.iter().any(|o| o.matches(cell, others)),
            Test::GreaterThan(n) => number.is_some_and(|x| x > *n),
            Test::AtLeast(n) => number.is_some_and(|x| x >= *n),
            Test::LessThan(n) => number.is_some_and(|x| x < *n),
            Test::AtMost(n) => number.is_some_and(|x| x <= *n),
        }
    }
}

/// Whether the (effective) value satisfies the operator. Unset and `"unknown"` satisfy nothing
/// but `set = false`.
pub(crate) fn value_holds(op: &Operator, value: Option<&Value>) -> bool {
    let value = value.filter(|v| v.as_text() != Some("unknown"));
    let number = value.and_then(Value::as_number);
    match op {
        Operator::Set(wanted) => value.is_some() == *wanted,
        Operator::Equals(v) => value == Some(v),
        Operator::OneOf(vs) => value.is_some_and(|v| vs.contains(v)),
        Operator::GreaterThan(n) => number.is_some_and(|x| x > *n),
        Operator::AtLeast(n) => number.is_some_and(|x| x >= *n),
        Operator::LessThan(n) => number.is_some_and(|x| x < *n),
        Operator::AtMost(n) => number.is_some_and(|x| x <= *n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::content::Column;

    fn texts() -> Texts {
        [("high", 0), ("low", 1)]
            .into_iter()
            .map(|(t, c)| (t.to_owned(), c))
            .collect()
    }

    #[test]
    fn encoded_tests_agree_with_the_values_they_encode() {
        let texts = texts();
        let values = [
            Value::Bool(true),
            Value::Bool(false),
            Value::Number(3.0),
            Value::Number(-1.5),
            Value::Number(f64::NAN),
            Value::Text("high".into()),
            Value::Text("low".into()),
            Value::Text("unknown".into()),
            Value::Text("free text".into()),
            Value::Text("other text".into()),
        ];
        let mut ops = vec![
            Operator::Set(true),
            Operator::Set(false),
            Operator::GreaterThan(1.0),
            Operator::AtLeast(3.0),
            Operator::LessThan(3.0),
            Operator::AtMost(-1.5),
        ];
        ops.extend(values.iter().cloned().map(Operator::Equals));
        ops.push(Operator::OneOf(values[..4].to_vec()));
        ops.push(Operator::OneOf(values[5..].to_vec()));
        let column = Column::new(values.iter().map(Some), &texts);
        assert_eq!(column.others, ["free text", "other text"]);
        for op in &ops {
            let test = Test::new(op, &texts);
            for (v, cell) in values.iter().zip(&column.cells) {
                assert_eq!(
                    test.holds(*cell, &column.others),
                    value_holds(op, Some(v)),
                    "{op:?} on {v:?}"
                );
            }
        }
    }
}
