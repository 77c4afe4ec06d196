//! The best practices of the AWS Well-Architected Generative AI Lens (ids, titles, risk, links).
//!
//! The table is data: `lens/packs/genai/best-practices.tsv` (a copy of the lens summary in
//! `shared/lens/`, with GENREL06's wording filled in from its lens page), compiled into the
//! binary and parsed once on first use. Rules and checklist items name best practices by id; the
//! pack loader checks those ids against this table. The table also gives the lens's 29 questions
//! ([`questions`]): the rows of one question share its id, title and wording.

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

/// A dimension of responsible AI as the Generative AI Lens names them: what a best practice (and
/// so a rule or a checklist question) does for the people a system affects, across the pillars.
/// Rules and checklist items list the dimensions they concern (`dimensions = [...]` in a pack);
/// findings carry their rule's, so a review can be read per dimension as well as per pillar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The system's effects on different groups of people and stakeholders.
    Fairness,
    /// Understanding and evaluating how the system came to an output.
    Explainability,
    /// Obtaining, using and protecting data and models appropriately.
    PrivacySecurity,
    /// Preventing harmful output and misuse.
    Safety,
    /// Mechanisms to monitor and steer what the system does.
    Controllability,
    /// Correct outputs, also on unexpected or adversarial input.
    VeracityRobustness,
    /// Responsible practice built into the AI supply chain, from providers to deployers.
    Governance,
    /// Letting stakeholders make informed choices about their use of the system.
    Transparency,
}

impl Dimension {
    /// Every dimension, in the lens's order.
    pub const ALL: [Dimension; 8] = [
        Dimension::Fairness,
        Dimension::Explainability,
        Dimension::PrivacySecurity,
        Dimension::Safety,
        Dimension::Controllability,
        Dimension::VeracityRobustness,
        Dimension::Governance,
        Dimension::Transparency,
    ];

    /// The snake_case id packs and the JSON outputs use (`privacy_security`, …).
    pub fn id(self) -> &'static str {
        match self {
            Dimension::Fairness => "fairness",
            Dimension::Explainability => "explainability",
            Dimension::PrivacySecurity => "privacy_security",
            Dimension::Safety => "safety",
            Dimension::Controllability => "controllability",
            Dimension::VeracityRobustness => "veracity_robustness",
            Dimension::Governance => "governance",
            Dimension::Transparency => "transparency",
        }
    }

    /// The name people read (`Privacy and security`, …).
    pub fn title(self) -> &'static str {
        match self {
            Dimension::Fairness => "Fairness",
            Dimension::Explainability => "Explainability",
            Dimension::PrivacySecurity => "Privacy and security",
            Dimension::Safety => "Safety",
            Dimension::Controllability => "Controllability",
            Dimension::VeracityRobustness => "Veracity and robustness",
            Dimension::Governance => "Governance",
            Dimension::Transparency => "Transparency",
        }
    }

    /// The ids of every dimension, quoted and joined for messages that list them.
    pub fn every_id() -> String {
        Dimension::ALL
            .iter()
            .map(|d| format!("\"{}\"", d.id()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A dimension with the name people read, for lists that show them all (the app's filter reads
/// them from the bindings rather than keeping its own copy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DimensionTitle {
    pub id: Dimension,
    pub title: &'static str,
}

impl Dimension {
    /// Every dimension with its title, in the lens's order.
    pub fn titles() -> Vec<DimensionTitle> {
        Dimension::ALL
            .iter()
            .map(|&id| DimensionTitle {
                id,
                title: id.title(),
            })
            .collect()
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Dimension {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dimension::ALL
            .into_iter()
            .find(|d| d.id() == s)
            .ok_or_else(|| UnknownName(s.to_owned()))
    }
}

/// A pillar, risk or dimension name that is not one of ours.
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

/// One question of the lens (`GENSEC01`), which groups its best practices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// `GENSEC01`.
    pub id: String,
    pub pillar: Pillar,
    /// The short title (`Endpoint security`).
    pub title: String,
    /// The question as the lens asks it ("How do you manage access to generative AI
    /// endpoints?"), where the table knows it.
    pub text: Option<String>,
    /// The lens page of the question.
    pub url: String,
}

/// Every best practice, in the lens's order (pillar, question, number).
pub fn all() -> &'static [BestPractice] {
    &table().0
}

/// Every question of the lens, in the lens's order.
pub fn questions() -> &'static [Question] {
    &table().1
}

fn table() -> &'static (Vec<BestPractice>, Vec<Question>) {
    static TABLE_ROWS: OnceLock<(Vec<BestPractice>, Vec<Question>)> = OnceLock::new();
    TABLE_ROWS.get_or_init(|| {
        // The table is compiled in and checked by a test, so a bad row is a bug in this crate,
        // not bad user input.
        parse_with_questions(TABLE).expect("the built-in best-practice table is valid")
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
    parse_with_questions(text).map(|(practices, _)| practices)
}

/// What the table writes in `question_text` where the lens's wording is not known.
const UNKNOWN_TEXT: &str = "NOT FOUND";

/// The best practices and the questions they belong to (a question's text and page are those of
/// its first row).
fn parse_with_questions(text: &str) -> Result<(Vec<BestPractice>, Vec<Question>), TableError> {
    let mut out: Vec<BestPractice> = Vec::new();
    let mut questions: Vec<Question> = Vec::new();
    for (i, row) in text.lines().enumerate().skip(1) {
        if row.trim().is_empty() {
            continue;
        }
        let line = i + 1;
        let err = |problem: String| TableError { line, problem };
        let cols: Vec<&str> = row.split('\t').collect();
        let [pillar, question_id, question_title, question_text, id, title, risk, url] = cols[..]
        else {
            return Err(err(format!("expected 8 columns, found {}", cols.len())));
        };
        let bp = BestPractice {
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
        };
        if questions.last().is_none_or(|q| q.id != bp.question_id) {
            questions.push(Question {
                id: bp.question_id.clone(),
                pillar: bp.pillar,
                title: bp.question_title.clone(),
                text: (question_text != UNKNOWN_TEXT && !question_text.trim().is_empty())
                    .then(|| question_text.to_owned()),
                url: question_page(&bp.url, &bp.question_id),
            });
        }
        out.push(bp);
    }
    Ok((out, questions))
}

/// The lens page of a question, beside its best practices' pages (`…/gensec01-bp01.html` →
/// `…/gensec01.html`).
fn question_page(practice_url: &str, question_id: &str) -> String {
    let dir = practice_url.rsplit_once('/').map_or("", |(dir, _)| dir);
    format!("{dir}/{}.html", question_id.to_lowercase())
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
    fn the_lens_has_twenty_nine_questions_with_their_pages() {
        let questions = questions();
        assert_eq!(questions.len(), 29, "the lens asks 29 questions");
        let q = questions
            .iter()
            .find(|q| q.id == "GENSEC01")
            .expect("GENSEC01 is a question of the lens");
        assert_eq!(q.pillar, Pillar::Security);
        assert_eq!(
            q.text.as_deref(),
            Some("How do you manage access to generative AI endpoints?")
        );
        assert_eq!(
            q.url,
            "https://docs.aws.amazon.com/wellarchitected/latest/generative-ai-lens/gensec01.html"
        );
        let practices_of = |id: &str| all().iter().filter(|bp| bp.question_id == id).count();
        assert!(
            questions.iter().all(|q| practices_of(&q.id) > 0),
            "every question has best practices, and each appears once: {questions:?}"
        );
    }

    #[test]
    fn a_question_whose_wording_is_unknown_has_no_text() {
        let (_, questions) = parse_with_questions(
            "header\nsustainability\tGENSUS09\tEfficient things\tNOT FOUND\tGENSUS09-BP01\tT\tmedium\thttps://x.test/lens/gensus09-bp01.html\n",
        )
        .expect("the row is valid");
        assert_eq!(questions[0].text, None);
        assert_eq!(questions[0].url, "https://x.test/lens/gensus09.html");
    }

    #[test]
    fn risks_are_ordered_from_low_to_high() {
        assert!(Risk::Low < Risk::Medium && Risk::Medium < Risk::High);
        assert_eq!("medium".parse::<Risk>(), Ok(Risk::Medium));
    }

    #[test]
    fn dimensions_read_back_from_their_ids_and_serialize_as_them() {
        for d in Dimension::ALL {
            assert_eq!(
                d.id().parse::<Dimension>(),
                Ok(d),
                "{d:?} parses from its id"
            );
            let json = serde_json::to_string(&d).expect("a dimension serializes");
            assert_eq!(
                json,
                format!("\"{}\"", d.id()),
                "JSON uses the same id as packs"
            );
        }
        assert!("privacy".parse::<Dimension>().is_err());
    }

    #[test]
    fn a_row_with_an_unknown_pillar_names_its_line() {
        let e = parse("header\nsafety\tQ\tT\tX\tID\tTitle\thigh\turl\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.problem.contains("safety"), "{e}");
    }
}
