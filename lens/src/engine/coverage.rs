//! How much of the lens a pack covers: each best practice is checked automatically by a rule,
//! answered in the checklist, or not covered at all.

use serde::{Deserialize, Serialize};

use super::Pack;
use crate::practices::{self, Pillar};

/// How a best practice is covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// At least one rule checks it on the drawing.
    Automated,
    /// No rule, but a checklist item asks about it.
    Checklist,
    Uncovered,
}

/// The coverage of one best practice, with the rules and checklist items that cover it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PracticeCoverage {
    pub best_practice: String,
    pub pillar: Pillar,
    pub coverage: Coverage,
    pub rules: Vec<String>,
    pub checklist: Vec<String>,
}

/// Counts of best practices per coverage, for one pillar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PillarCoverage {
    pub pillar: Pillar,
    pub automated: u32,
    pub checklist: u32,
    pub uncovered: u32,
}

impl Pack {
    /// Every best practice of the lens, in the lens's order, with how this pack covers it.
    pub fn coverage(&self) -> Vec<PracticeCoverage> {
        practices::all()
            .iter()
            .map(|bp| {
                let rules: Vec<String> = self
                    .rules()
                    .iter()
                    // A rule covers the practice it is about (its first); the others it lists are
                    // context, not coverage.
                    .filter(|r| r.best_practices.first() == Some(&bp.id))
                    .map(|r| r.id.clone())
                    .collect();
                let checklist: Vec<String> = self
                    .checklist()
                    .iter()
                    .filter(|c| c.best_practice == bp.id)
                    .map(|c| c.id.clone())
                    .collect();
                let coverage = if !rules.is_empty() {
                    Coverage::Automated
                } else if !checklist.is_empty() {
                    Coverage::Checklist
                } else {
                    Coverage::Uncovered
                };
                PracticeCoverage {
                    best_practice: bp.id.clone(),
                    pillar: bp.pillar,
                    coverage,
                    rules,
                    checklist,
                }
            })
            .collect()
    }

    /// Per pillar (in the lens's order), how many best practices are automated, on the
    /// checklist, or uncovered.
    pub fn pillar_coverage(&self) -> Vec<PillarCoverage> {
        let all = self.coverage();
        Pillar::ALL
            .iter()
            .map(|&pillar| {
                let count = |c: Coverage| {
                    all.iter()
                        .filter(|p| p.pillar == pillar && p.coverage == c)
                        .count() as u32
                };
                PillarCoverage {
                    pillar,
                    automated: count(Coverage::Automated),
                    checklist: count(Coverage::Checklist),
                    uncovered: count(Coverage::Uncovered),
                }
            })
            .collect()
    }
}
