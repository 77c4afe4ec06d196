//! The best practices of the AWS Well-Architected Generative AI Lens (ids, titles, risk, links).
//!
//! The table is data: `lens/packs/genai/best-practices.tsv` (a copy of the lens summary in
//! `shared/lens/`), compiled into the binary and parsed once on first use. Rules and checklist
//! items name best practices by id; the pack loader checks those ids against this table.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const TABLE: &str = include_str!("../packs/genai/best-practices.tsv");

/// A pillar of the Well-Architected Framework, with the ids the CLI's JSON uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Pillar {
    OperationalExcellence,
    Security,
    Reliability,
    PerformanceEfficiency,
    CostOptimization,
    Sustainability,
}

impl Pillar {
    /// Every pillar, in the lens's order.
    pub const ALL: [Pillar; 6] = [
        Pillar::OperationalExcellence,
        Pillar::Security,
        Pillar::Reliability,
        Pillar::PerformanceEfficiency,
        Pillar::CostOptimization,
        Pillar::Sustainability,
    ];

    /// The snake_case id (`operational_excellence`, …).
    pub fn id(self) -> &'static str {
        match self {
            Pillar::OperationalExcellence => "operational_excellence",
            Pillar::Security => "security",
            Pillar::Reliability => "reliability",
            Pillar::PerformanceEfficiency => "performance_efficiency",
            Pillar::CostOptimization => "cost_optimization",
            Pillar::Sustainability => "sustainability",
        }
    }

    /// The name people read (`Operational excellence`, …).
    pub fn title(self) -> &'static str {
        match self {
            Pillar::OperationalExcellence => "Operational excellence",
            Pillar::Security => "Security",
            Pillar::Reliability => "Reliability",
            Pillar::PerformanceEfficiency => "Performance efficiency",
            Pillar::CostOptimization => "Cost optimization",
            Pillar::Sustainability => "Sustainability",
        }
    }
}

impl fmt::Display for Pillar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Pillar {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Pillar::ALL
            .into_iter()
            .find(|p| p.id() == s)
            .ok_or_else(|| UnknownName(s.to_owned()))
    }
}

/// The lens's "level of risk exposed if this best practice is not established". Ordered:
/// `Low < Medium < High`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    Low,
    Medium,
    High,
}

impl Risk {
    pub const ALL: [Risk; 3] = [Risk::High, Risk::Medium, Risk::Low];

    pub fn id(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Risk {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Risk::ALL
            .into_iter()
            .find(|r| r.id() == s)
            .ok_or_else(|| UnknownName(s.to_owned()))
    }
}

/// A pillar or risk name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a known name")]
pub struct UnknownName(pub String);

/// One best practice of the lens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BestPractice {
    /// `GENSEC02-BP01`.
    pub id: String,
    pub pillar: Pillar,
    /// `GENSEC02`.
    pub question_id: String,
    /// The question's short title (`Response validation`).
    pub question_title: String,
    pub title: String,
    /// The risk the lens assigns when this best practice is not established.
    pub risk_if_missing: Risk,
    /// The lens page.
    pub url: String,
}

/// Every best practice, in the lens's order (pillar, question, number).
pub fn all() -> &'static [BestPractice] {
    static PRACTICES: OnceLock<Vec<BestPractice>> = OnceLock::new();
    PRACTICES.get_or_init(|| {
        // The table is compiled in and checked by a test, so a bad row is a bug in this crate,
        // not bad user input.
        parse(TABLE).expect("the built-in best-practice table is valid")
    })
}

/// The best practice with this id (`GENSEC02-BP01`).
pub fn get(id: &str) -> Option<&'static BestPractice> {
    all().iter().find(|bp| bp.id == id)
}

/// A malformed row of a best-practice table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("best-practice table, line {line}: {problem}")]
pub struct TableError {
    pub line: usize,
    pub problem: String,
}

/// Parses the tab-separated table (header row first; columns pillar, question_id,
/// question_title, question_text, bp_id, bp_title, risk_if_missing, doc_url).
pub fn parse(text: &str) -> Result<Vec<BestPractice>, TableError> {
    let mut out = Vec::new();
    for (i, row) in text.lines().enumerate().skip(1) {
        if row.trim().is_empty() {
            continue;
        }
        let line = i + 1;
        let err = |problem: String| TableError { line, problem };
        let cols: Vec<&str> = row.split('\t').collect();
        let [pillar, question_id, question_title, _text, id, title, risk, url] = cols[..] else {
            return Err(err(format!("expected 8 columns, found {}", cols.len())));
        };
        out.push(BestPractice {
            id: id.to_owned(),
            pillar: pillar
                .parse()
                .map_err(|e: UnknownName| err(format!("pillar {e}")))?,
            question_id: question_id.to_owned(),
            question_title: question_title.to_owned(),
            title: title.to_owned(),
            risk_if_missing: risk
                .parse()
                .map_err(|e: UnknownName| err(format!("risk {e}")))?,
            url: url.to_owned(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_has_the_lens_fifty_one_best_practices() {
        let all = parse(TABLE).expect("the compiled-in table parses");
        assert_eq!(all.len(), 51);
        let count = |p: Pillar| all.iter().filter(|bp| bp.pillar == p).count();
        assert_eq!(count(Pillar::OperationalExcellence), 10);
        assert_eq!(count(Pillar::Security), 10);
        assert_eq!(count(Pillar::Reliability), 10);
        assert_eq!(count(Pillar::PerformanceEfficiency), 8);
        assert_eq!(count(Pillar::CostOptimization), 9);
        assert_eq!(count(Pillar::Sustainability), 4);
    }

    #[test]
    fn best_practices_are_found_by_id_with_their_risk_and_link() {
        let bp = get("GENSEC04-BP01").expect("secure prompt catalog is in the lens");
        assert_eq!(bp.pillar, Pillar::Security);
        assert_eq!(bp.risk_if_missing, Risk::Medium);
        assert!(bp.url.ends_with("gensec04-bp01.html"));
        assert!(get("GENSEC99-BP01").is_none());
    }

    #[test]
    fn risks_are_ordered_from_low_to_high() {
        assert!(Risk::Low < Risk::Medium && Risk::Medium < Risk::High);
        assert_eq!("medium".parse::<Risk>(), Ok(Risk::Medium));
    }

    #[test]
    fn a_row_with_an_unknown_pillar_names_its_line() {
        let e = parse("header\nsafety\tQ\tT\tX\tID\tTitle\thigh\turl\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.problem.contains("safety"), "{e}");
    }
}
