//! The custom lens of a pack: the Generative AI Lens's questions in the framework's pillars, one
//! choice per best practice, improvement plans from the pack's rules, risk rules from the lens's
//! risk levels.
//!
//! - **Ids.** Questions keep the lens's ids (`GENSEC01`); a best practice's id with every
//!   character the WA Tool refuses made an underscore is its choice's id (`GENSEC01-BP01` →
//!   `GENSEC01_BP01`), so the same practice has the same choice id in every export. Each
//!   question ends with `<question>_no`, "None of these".
//! - **Improvement plans.** The fixes of the rules that cite the practice, each after its rule's
//!   title. A fix is a template for one component or flow; here it speaks of "the component",
//!   "the flow", "the source", "the calling / called component". A practice no rule covers gets
//!   its checklist questions instead. The plan links the practice's lens page.
//! - **Risk rules**, from the lens's "risk if not established": every high and medium practice
//!   selected → `NO_RISK`; every high one → `MEDIUM_RISK`; otherwise `HIGH_RISK`, or
//!   `MEDIUM_RISK` for a question without high practices (low practices never raise a risk,
//!   since the WA Tool has no low risk). Conditions that would repeat one another are left out.

use super::{Choice, Lens, Pillar, Question, Resource, RiskLevel, RiskRule, SCHEMA_VERSION};
use super::{DEFAULT_CONDITION, NONE_SUFFIX};
use crate::engine::{ChecklistItem, Pack, Rule};
use crate::practices::{self, BestPractice, Risk};

/// The lens's name in the WA Tool.
pub const LENS_NAME: &str = "Generative AI Lens (Lensboard)";

/// The framework's id of a pillar: questions under it appear in the framework's pillar.
pub fn framework_pillar_id(pillar: practices::Pillar) -> &'static str {
    match pillar {
        practices::Pillar::OperationalExcellence => "operationalExcellence",
        practices::Pillar::Security => "security",
        practices::Pillar::Reliability => "reliability",
        practices::Pillar::PerformanceEfficiency => "performance",
        practices::Pillar::CostOptimization => "costOptimization",
        practices::Pillar::Sustainability => "sustainability",
    }
}

/// The framework's name of a pillar (`Operational Excellence`).
fn framework_pillar_name(pillar: practices::Pillar) -> &'static str {
    match pillar {
        practices::Pillar::OperationalExcellence => "Operational Excellence",
        practices::Pillar::Security => "Security",
        practices::Pillar::Reliability => "Reliability",
        practices::Pillar::PerformanceEfficiency => "Performance Efficiency",
        practices::Pillar::CostOptimization => "Cost Optimization",
        practices::Pillar::Sustainability => "Sustainability",
    }
}

/// The id of a best practice's choice: `GENSEC01-BP01` → `GENSEC01_BP01`.
pub fn choice_id(best_practice: &str) -> String {
    best_practice
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The lens of `pack`: every question of the Generative AI Lens, improvement plans from the
/// pack's rules and checklist. Not yet checked against the limits (a custom pack's long fix can
/// break one): [`super::to_json`] checks.
pub fn from_pack(pack: &Pack) -> Lens {
    let pillars = practices::Pillar::ALL
        .into_iter()
        .map(|pillar| Pillar {
            id: framework_pillar_id(pillar).to_owned(),
            name: framework_pillar_name(pillar).to_owned(),
            questions: practices::questions()
                .iter()
                .filter(|q| q.pillar == pillar)
                .map(|q| question(q, pack))
                .collect(),
        })
        .collect();
    Lens {
        schema_version: SCHEMA_VERSION.to_owned(),
        name: LENS_NAME.to_owned(),
        description: format!(
            "The {} questions and {} best practices of the AWS Well-Architected Generative AI \
             Lens, in the framework's pillars. Improvement plans come from Lensboard's rules \
             ({} rules, {} checklist questions); a question's risk follows the lens's risk \
             level of the best practices not selected.",
            practices::questions().len(),
            practices::all().len(),
            pack.rules().len(),
            pack.checklist().len(),
        ),
        pillars,
    }
}

fn question(q: &practices::Question, pack: &Pack) -> Question {
    let bps: Vec<&BestPractice> = practices::all()
        .iter()
        .filter(|bp| bp.question_id == q.id)
        .collect();
    let checklist: Vec<&ChecklistItem> = pack
        .checklist()
        .iter()
        .filter(|item| bps.iter().any(|bp| bp.id == item.best_practice))
        .collect();
    let mut description = format!("{}.", q.title);
    if !checklist.is_empty() {
        description.push_str(" Ask in the review:");
        for item in &checklist {
            description.push(' ');
            description.push_str(&item.question);
        }
    }
    let mut choices: Vec<Choice> = bps.iter().map(|bp| choice(bp, pack)).collect();
    choices.push(Choice {
        id: format!("{}{NONE_SUFFIX}", q.id),
        title: "None of these".to_owned(),
        helpful_resource: Some(Resource {
            display_text: Some(
                "Choose this if the workload follows none of these best practices.".to_owned(),
            ),
            url: None,
        }),
        improvement_plan: None,
        additional_resources: Vec::new(),
    });
    Question {
        id: q.id.clone(),
        title: q.text.clone().unwrap_or_else(|| q.title.clone()),
        description,
        helpful_resource: Some(Resource {
            display_text: Some(format!(
                "{} {}, in the AWS Well-Architected Generative AI Lens.",
                q.id, q.title
            )),
            url: Some(q.url.clone()),
        }),
        choices,
        risk_rules: risk_rules(&bps),
    }
}

fn choice(bp: &BestPractice, pack: &Pack) -> Choice {
    let rules: Vec<&Rule> = pack
        .rules()
        .iter()
        .filter(|r| r.best_practices.contains(&bp.id))
        .collect();
    let mut plan: Vec<String> = Vec::new();
    for rule in &rules {
        let entry = format!("{}: {}", rule.title, rule.fix_in_general());
        if !plan.contains(&entry) {
            plan.push(entry);
        }
    }
    if plan.is_empty() {
        plan.extend(
            pack.checklist()
                .iter()
                .filter(|item| item.best_practice == bp.id)
                .map(|item| format!("Make sure the answer is yes: {}", item.question)),
        );
    }
    if plan.is_empty() {
        plan.push("Establish this best practice as its lens page describes.".to_owned());
    }
    Choice {
        id: choice_id(&bp.id),
        title: bp.title.clone(),
        helpful_resource: Some(Resource {
            display_text: Some(format!(
                "{} {}, in the AWS Well-Architected Generative AI Lens (risk if not established: {}).",
                bp.id, bp.title, bp.risk_if_missing
            )),
            url: Some(bp.url.clone()),
        }),
        improvement_plan: Some(Resource {
            display_text: Some(plan.join("\n")),
            url: Some(bp.url.clone()),
        }),
        additional_resources: Vec::new(),
    }
}

/// The risk rules of a question from its practices' risk levels (see the module docs).
fn risk_rules(bps: &[&BestPractice]) -> Vec<RiskRule> {
    let all_of = |levels: &[Risk]| -> Option<String> {
        let ids: Vec<String> = bps
            .iter()
            .filter(|bp| levels.contains(&bp.risk_if_missing))
            .map(|bp| choice_id(&bp.id))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" && "))
    };
    let high_and_medium = all_of(&[Risk::High, Risk::Medium]);
    let high = all_of(&[Risk::High]);
    let mut rules = Vec::new();
    if let Some(condition) = &high_and_medium {
        rules.push(RiskRule {
            condition: condition.clone(),
            risk: RiskLevel::NoRisk,
        });
    }
    if let Some(condition) = high.filter(|h| Some(h) != high_and_medium.as_ref()) {
        rules.push(RiskRule {
            condition,
            risk: RiskLevel::MediumRisk,
        });
    }
    let has = |risk: Risk| bps.iter().any(|bp| bp.risk_if_missing == risk);
    let default = if has(Risk::High) {
        RiskLevel::HighRisk
    } else if has(Risk::Medium) {
        RiskLevel::MediumRisk
    } else {
        RiskLevel::NoRisk
    };
    rules.push(RiskRule {
        condition: DEFAULT_CONDITION.to_owned(),
        risk: default,
    });
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bp(id: &str, risk: Risk) -> BestPractice {
        BestPractice {
            id: id.to_owned(),
            pillar: practices::Pillar::Reliability,
            question_id: "Q01".to_owned(),
            question_title: "Q".to_owned(),
            title: "T".to_owned(),
            risk_if_missing: risk,
            url: "https://x.test/q01-bp01.html".to_owned(),
        }
    }

    fn rules_of(risks: &[Risk]) -> Vec<(String, RiskLevel)> {
        let bps: Vec<BestPractice> = risks
            .iter()
            .enumerate()
            .map(|(i, r)| bp(&format!("Q01-BP0{}", i + 1), *r))
            .collect();
        let refs: Vec<&BestPractice> = bps.iter().collect();
        risk_rules(&refs)
            .into_iter()
            .map(|r| (r.condition, r.risk))
            .collect()
    }

    #[test]
    fn a_question_with_high_and_medium_practices_is_medium_risk_when_only_the_high_ones_are_met() {
        assert_eq!(
            rules_of(&[Risk::High, Risk::Medium, Risk::Low]),
            vec![
                ("Q01_BP01 && Q01_BP02".to_owned(), RiskLevel::NoRisk),
                ("Q01_BP01".to_owned(), RiskLevel::MediumRisk),
                ("default".to_owned(), RiskLevel::HighRisk),
            ]
        );
    }

    #[test]
    fn a_question_without_high_practices_is_at_most_medium_risk() {
        assert_eq!(
            rules_of(&[Risk::Medium, Risk::Medium]),
            vec![
                ("Q01_BP01 && Q01_BP02".to_owned(), RiskLevel::NoRisk),
                ("default".to_owned(), RiskLevel::MediumRisk),
            ]
        );
    }

    #[test]
    fn a_question_of_high_practices_only_has_no_medium_rule() {
        assert_eq!(
            rules_of(&[Risk::High, Risk::High]),
            vec![
                ("Q01_BP01 && Q01_BP02".to_owned(), RiskLevel::NoRisk),
                ("default".to_owned(), RiskLevel::HighRisk),
            ]
        );
    }

    #[test]
    fn a_question_of_low_practices_only_never_raises_a_risk() {
        assert_eq!(
            rules_of(&[Risk::Low]),
            vec![("default".to_owned(), RiskLevel::NoRisk)]
        );
    }

    #[test]
    fn choice_ids_replace_hyphens_with_underscores() {
        assert_eq!(choice_id("GENSEC01-BP01"), "GENSEC01_BP01");
    }
}
