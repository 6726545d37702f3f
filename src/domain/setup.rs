//! What a competition is made of: stages, criteria, eligibility rules and budget.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::field::TechnologyField;
use super::land::Land;
use super::money::Cents;
use super::partner::PartnerKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageKind {
    /// Skizze: a short concept from every applicant.
    Concept,
    /// Vollantrag: the full proposal of those invited.
    FullProposal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub name: String,
    pub description: String,
    /// Relative weight; the weighted score divides by the sum of weights.
    pub weight: u32,
    pub scale_min: u8,
    pub scale_max: u8,
    /// The lowest score on this criterion that passes; `None` if any score passes.
    pub pass_mark: Option<u8>,
}

/// A score in hundredths of a point, so that weighted means stay integers: 350 = 3.50.
pub type Hundredths = u32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub kind: StageKind,
    pub title: String,
    pub submission_deadline: DateTime<Utc>,
    pub review_deadline: DateTime<Utc>,
    pub criteria: Vec<Criterion>,
    /// The lowest weighted score that passes, in hundredths.
    pub overall_pass_mark: Option<Hundredths>,
    /// Shortlist size, or in the last stage the number of winners.
    pub advancing: u32,
}

/// At least one partner of one of these kinds, e.g. "a company" = company or SME.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindRequirement {
    pub label: String,
    pub kinds: Vec<PartnerKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EligibilityRules {
    pub lands: BTreeSet<Land>,
    pub min_partners: u32,
    pub min_smes: u32,
    pub required_kinds: Vec<KindRequirement>,
    pub max_requested: Option<Cents>,
    /// Private co-financing ÷ federal funding, in percent: 100 means at least 1:1.
    pub min_cofinancing_percent: Option<u32>,
    /// `None`: every field is open.
    pub technology_fields: Option<BTreeSet<TechnologyField>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetitionSetup {
    pub name: String,
    pub programme: String,
    pub description: String,
    pub stages: Vec<Stage>,
    pub rules: EligibilityRules,
    /// The round's budget; awards never exceed it.
    pub budget: Cents,
    /// Whether applicants learn their scores (the mean weighted score and the mean per
    /// criterion) with a stage's result.
    #[serde(default)]
    pub release_scores: bool,
}

impl CompetitionSetup {
    /// Every reason this set-up cannot run, in words a person understands.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push("The competition needs a name.".to_owned());
        }
        if self.stages.is_empty() {
            problems.push("The competition needs at least one stage.".to_owned());
        }
        if self.budget <= Cents::ZERO {
            problems.push("The budget must be more than zero.".to_owned());
        }
        if self.rules.lands.is_empty() {
            problems.push("At least one Land must be eligible.".to_owned());
        }
        if let Some(max) = self.rules.max_requested
            && max > self.budget
        {
            problems.push("The maximum per application exceeds the budget.".to_owned());
        }
        if self
            .rules
            .technology_fields
            .as_ref()
            .is_some_and(BTreeSet::is_empty)
        {
            problems.push("At least one technology field must be open.".to_owned());
        }
        let mut previous_review: Option<DateTime<Utc>> = None;
        for (i, stage) in self.stages.iter().enumerate() {
            let n = i + 1;
            if stage.criteria.is_empty() {
                problems.push(format!("Stage {n} needs at least one criterion."));
            }
            if stage.advancing == 0 {
                problems.push(format!(
                    "Stage {n} must let at least one application go on."
                ));
            }
            if stage.review_deadline <= stage.submission_deadline {
                problems.push(format!(
                    "Stage {n}: the review must end after the submission deadline."
                ));
            }
            if previous_review.is_some_and(|r| stage.submission_deadline <= r) {
                problems.push(format!(
                    "Stage {n} must open after the review of stage {i} ends."
                ));
            }
            previous_review = Some(stage.review_deadline);
            for criterion in &stage.criteria {
                problems.extend(criterion_problems(n, criterion));
            }
            if let (Some(mark), Some(max)) = (
                stage.overall_pass_mark,
                stage.criteria.iter().map(|c| c.scale_max).max(),
            ) && mark > u32::from(max) * 100
            {
                problems.push(format!(
                    "Stage {n}: the overall pass mark is above every scale."
                ));
            }
        }
        problems
    }
}

fn criterion_problems(stage: usize, criterion: &Criterion) -> Vec<String> {
    let mut problems = Vec::new();
    let name = &criterion.name;
    if name.trim().is_empty() {
        problems.push(format!("Stage {stage}: every criterion needs a name."));
    }
    if criterion.weight == 0 {
        problems.push(format!(
            "Stage {stage}, {name}: the weight must be more than zero."
        ));
    }
    if criterion.scale_min >= criterion.scale_max {
        problems.push(format!(
            "Stage {stage}, {name}: the scale's minimum must be below its maximum."
        ));
    }
    if let Some(mark) = criterion.pass_mark
        && (mark < criterion.scale_min || mark > criterion.scale_max)
    {
        problems.push(format!(
            "Stage {stage}, {name}: the pass mark lies outside the scale."
        ));
    }
    problems
}
