//! Finding messages with `{placeholder}`s: checked at load time and split once into literal and
//! placeholder parts, so that rendering a finding's message is one pass of copies.

/// A message with `{placeholder}`s, checked at load time and split once into literal and
/// placeholder parts, so that rendering is one pass of copies into a pre-sized string.
#[derive(Clone, Debug)]
pub(crate) struct Template {
    pub text: String,
    parts: Vec<Part>,
    /// Bytes of literal text.
    literal_len: usize,
}

#[derive(Clone, Copy, Debug)]
enum Part {
    /// A byte range of the text.
    Literal(usize, usize),
    Label,
    Id,
    Source,
    From,
    To,
    /// A name that is not a placeholder (rejected at load; renders as nothing).
    Nothing,
}

/// The values a template may name.
#[derive(Default)]
pub(crate) struct TemplateValues<'a> {
    pub label: &'a str,
    pub id: &'a str,
    pub source: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

pub(crate) const PLACEHOLDERS: [&str; 5] = ["label", "id", "source", "from", "to"];

impl Template {
    pub fn placeholders(text: &str) -> Result<Vec<&str>, String> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err("a `{` is not closed by `}`".into());
            };
            out.push(&after[..close]);
            rest = &after[close + 1..];
        }
        Ok(out)
    }

    pub fn new(text: String) -> Template {
        let mut parts = Vec::new();
        let mut literal_len = 0;
        let mut at = 0;
        while let Some(open) = text[at..].find('{').map(|o| at + o) {
            if open > at {
                parts.push(Part::Literal(at, open));
                literal_len += open - at;
            }
            let after = open + 1;
            let close = text[after..].find('}').map_or(text.len(), |c| after + c);
            parts.push(match &text[after..close] {
                "label" => Part::Label,
                "id" => Part::Id,
                "source" => Part::Source,
                "from" => Part::From,
                "to" => Part::To,
                _ => Part::Nothing,
            });
            at = (close + 1).min(text.len());
        }
        if at < text.len() {
            parts.push(Part::Literal(at, text.len()));
            literal_len += text.len() - at;
        }
        Template {
            text,
            parts,
            literal_len,
        }
    }

    pub fn render(&self, v: &TemplateValues<'_>) -> String {
        let value = |part: &Part| match part {
            Part::Literal(a, b) => &self.text[*a..*b],
            Part::Label => v.label,
            Part::Id => v.id,
            Part::Source => v.source.unwrap_or("another component"),
            Part::From => v.from.unwrap_or(v.label),
            Part::To => v.to.unwrap_or(v.label),
            Part::Nothing => "",
        };
        let values_len: usize = self
            .parts
            .iter()
            .filter(|p| !matches!(p, Part::Literal(..)))
            .map(|p| value(p).len())
            .sum();
        let mut out = String::with_capacity(self.literal_len + values_len);
        for part in &self.parts {
            out.push_str(value(part));
        }
        out
    }
}
