//! A report page as blocks of text (headings, paragraphs, tables, lists), written out as HTML or
//! Markdown by one renderer each: the executive and compliance reports say what they show once,
//! and every piece of user text goes through the format's escaping in one place.

use std::fmt::Write as _;

use super::escape_html;
use super::markdown::{escape_markdown, link_target};
use crate::practices::Risk;

/// A piece of text in a paragraph or a table cell. Text is user text: escaped when written.
pub(crate) enum Inline {
    Text(String),
    Strong(String),
    /// Secondary text (dates, ids, explanations).
    Muted(String),
    Code(String),
    /// A link to an http(s) URL that was validated where it came from (a lens page, a ticket).
    Link {
        text: String,
        href: String,
    },
    Risk(Risk),
    /// A line break in HTML; a dash in Markdown, whose table cells are one line.
    Break,
}

pub(crate) type Line = Vec<Inline>;

pub(crate) enum Block {
    Heading(String),
    Subheading(String),
    Paragraph(Line),
    /// A muted paragraph: how to read what is above it.
    Note(String),
    /// Column headings (their own text, not user text) and rows of cells; columns whose heading
    /// starts with `#` hold numbers (right-aligned), with `@` short values kept on one line
    /// (dates); the mark is not shown.
    Table {
        head: Vec<&'static str>,
        rows: Vec<Vec<Line>>,
    },
    List(Vec<Line>),
}

/// A whole report: its kind ("Executive summary"), the system's name, a line of facts under
/// the title, and the blocks.
pub(crate) struct Page {
    pub kind: &'static str,
    pub name: String,
    pub meta: String,
    pub blocks: Vec<Block>,
}

pub(crate) fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

impl Page {
    pub fn html(&self) -> String {
        let e = escape_html;
        let name = e(&self.name);
        let mut h = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
             <title>{name} — {kind}</title>\n<style>{style}</style>\n</head>\n<body>\n\
             <h1>{name}</h1>\n<p class=\"meta\">{kind} · {meta}</p>\n",
            kind = self.kind,
            style = super::html::STYLE,
            meta = e(&self.meta),
        );
        for block in &self.blocks {
            match block {
                Block::Heading(t) => {
                    let _ = writeln!(h, "<h2>{}</h2>", e(t));
                }
                Block::Subheading(t) => {
                    let _ = writeln!(h, "<h3>{}</h3>", e(t));
                }
                Block::Paragraph(line) => {
                    let _ = writeln!(h, "<p>{}</p>", html_line(line));
                }
                Block::Note(t) => {
                    let _ = writeln!(h, "<p class=\"muted\">{}</p>", e(t));
                }
                Block::Table { head, rows } => {
                    h.push_str("<table>\n<tr>");
                    for col in head {
                        let _ = write!(h, "<th>{}</th>", unmarked(col));
                    }
                    h.push_str("</tr>\n");
                    for row in rows {
                        h.push_str("<tr>");
                        for (col, cell) in head.iter().zip(row) {
                            let class = match col.as_bytes().first() {
                                Some(b'#') => " class=\"num\"",
                                Some(b'@') => " class=\"nowrap\"",
                                _ => "",
                            };
                            let _ = write!(h, "<td{class}>{}</td>", html_line(cell));
                        }
                        h.push_str("</tr>\n");
                    }
                    h.push_str("</table>\n");
                }
                Block::List(items) => {
                    h.push_str("<ul>\n");
                    for item in items {
                        let _ = writeln!(h, "<li>{}</li>", html_line(item));
                    }
                    h.push_str("</ul>\n");
                }
            }
        }
        h.push_str("</body>\n</html>\n");
        h
    }

    pub fn markdown(&self) -> String {
        let m = escape_markdown;
        let mut out = format!(
            "# {} — {}\n\n{}\n\n",
            m(&self.name),
            self.kind,
            m(&self.meta)
        );
        for block in &self.blocks {
            match block {
                Block::Heading(t) => {
                    let _ = write!(out, "## {}\n\n", m(t));
                }
                Block::Subheading(t) => {
                    let _ = write!(out, "### {}\n\n", m(t));
                }
                Block::Paragraph(line) => {
                    let _ = write!(out, "{}\n\n", markdown_line(line));
                }
                Block::Note(t) => {
                    let _ = write!(out, "_{}_\n\n", m(t));
                }
                Block::Table { head, rows } => {
                    let cols: Vec<&str> = head.iter().map(|c| unmarked(c)).collect();
                    let rules: Vec<&str> = head
                        .iter()
                        .map(|c| if c.starts_with('#') { "---:" } else { "---" })
                        .collect();
                    let _ = writeln!(out, "| {} |", cols.join(" | "));
                    let _ = writeln!(out, "| {} |", rules.join(" | "));
                    for row in rows {
                        let cells: Vec<String> = row.iter().map(|c| markdown_line(c)).collect();
                        let _ = writeln!(out, "| {} |", cells.join(" | "));
                    }
                    out.push('\n');
                }
                Block::List(items) => {
                    for item in items {
                        let _ = writeln!(out, "- {}", markdown_line(item));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// A column heading without its mark.
fn unmarked(col: &str) -> &str {
    col.trim_start_matches(['#', '@'])
}

fn html_line(line: &[Inline]) -> String {
    let e = escape_html;
    line.iter()
        .map(|piece| match piece {
            Inline::Text(t) => e(t),
            Inline::Strong(t) => format!("<strong>{}</strong>", e(t)),
            Inline::Muted(t) => format!("<span class=\"muted\">{}</span>", e(t)),
            Inline::Code(t) => format!("<code>{}</code>", e(t)),
            Inline::Link { text, href } => format!("<a href=\"{}\">{}</a>", e(href), e(text)),
            Inline::Risk(r) => format!("<span class=\"risk risk-{0}\">{0}</span>", r.id()),
            Inline::Break => "<br>".to_owned(),
        })
        .collect()
}

fn markdown_line(line: &[Inline]) -> String {
    let m = escape_markdown;
    line.iter()
        .map(|piece| match piece {
            Inline::Text(t) | Inline::Muted(t) => m(t),
            Inline::Strong(t) => format!("**{}**", m(t)),
            Inline::Code(t) => format!("`{}`", t.replace('`', "'").replace(['\n', '|'], " ")),
            Inline::Link { text, href } => format!("[{}]({})", m(text), link_target(href)),
            Inline::Risk(r) => r.id().to_owned(),
            Inline::Break => " — ".to_owned(),
        })
        .collect()
}
