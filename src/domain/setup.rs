//! What a competition is made of: stages, criteria, eligibility rules and budget.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use serde::{Deserialize, Serialize};

use super::email_address::EmailAddress;
use super::field::TechnologyField;
use super::financing::FundingRates;
use super::land::Land;
use super::money::Cents;
use super::partner::PartnerKind;
use super::setup_limits::{Counted, SetupText};
use super::stage_form::{self, FormProblem, RequiredDocument, Section};

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
    /// The sections of the application's text in this stage. Set-ups recorded before stages
    /// had a form read with none: nothing is required.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The documents this stage requires, each filed into its slot.
    #[serde(default)]
    pub documents: Vec<RequiredDocument>,
}

impl Stage {
    /// The stage's application form, as submission checks it.
    pub fn form(&self) -> stage_form::StageForm {
        stage_form::StageForm {
            sections: self.sections.clone(),
            documents: self.documents.clone(),
        }
    }
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
    /// The share of its costs each kind of partner may request; competitions set up before
    /// plans have none, and their applications are not limited.
    #[serde(default)]
    pub funding_rates: FundingRates,
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
    /// The budget per budget year (Haushaltsjahr); awards never exceed a year's either
    /// (`budget.rs`). Empty: only the total counts, as for set-ups recorded before years.
    #[serde(default, with = "super::financing::year_map")]
    pub budget_per_year: super::budget::PerYear,
    /// Whether applicants learn their scores (the mean weighted score and the mean per
    /// criterion) with a stage's result.
    #[serde(default)]
    pub release_scores: bool,
    /// Who answers applicants' and jurors' questions; every message ends with it. Set-ups
    /// recorded before it existed read as empty.
    #[serde(default)]
    pub contact: ProgrammeContact,
    /// What a submitted review must give: comments of a least length, and the words for each
    /// score. Set-ups recorded before it existed read as they were run: no least length and no
    /// words, so that a competition in review keeps its rules (and a 1–10 scale gets no words
    /// of a 0–5 one).
    #[serde(default = "ReviewRules::as_recorded_before")]
    pub review: ReviewRules,
    /// How many days after a stage's release a consortium may ask for a review of the
    /// procedure (`redress.rs`). Set-ups recorded before it existed read as the default.
    #[serde(default = "default_redress_days")]
    pub redress_days: u32,
    /// The share of the jury's members, in percent, that must be present at a jury meeting for
    /// it to recommend (`meeting.rs`). Set-ups recorded before it existed read as two thirds.
    #[serde(default = "default_quorum_percent")]
    pub quorum_percent: u32,
    /// The points of the formal check, one line each, ticked per application
    /// (`formal_check.rs`). Set-ups recorded before it existed have none: the check is then
    /// closed without ticks.
    #[serde(default)]
    pub formal_checklist: Vec<String>,
}

fn default_quorum_percent() -> u32 {
    super::meeting::DEFAULT_QUORUM_PERCENT
}

fn default_redress_days() -> u32 {
    super::redress::DEFAULT_REDRESS_DAYS
}

/// How jurors justify their scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRules {
    /// The fewest characters a criterion's comment needs when the review is submitted, so that
    /// every score is justified; 0 asks for no comment. Drafts may be incomplete.
    pub min_comment_chars: u32,
    /// The words for each score of the scale ("0: nicht erfüllt" … "5: hervorragend"), shown
    /// beside each value on the scoring form; a score without one shows its number only.
    pub anchors: Vec<ScoreAnchor>,
}

impl Default for ReviewRules {
    fn default() -> Self {
        Self {
            min_comment_chars: super::presets::DEFAULT_MIN_COMMENT_CHARS,
            anchors: super::presets::eu_scale_anchors(),
        }
    }
}

impl ReviewRules {
    /// The rules of a set-up recorded before reviews had any: comments optional, no words.
    pub fn as_recorded_before() -> Self {
        Self {
            min_comment_chars: 0,
            anchors: Vec::new(),
        }
    }

    /// The words for `score` in German and English, if the set-up has any.
    pub fn anchor(&self, score: u8) -> Option<&ScoreAnchor> {
        self.anchors
            .iter()
            .find(|a| a.score == score && !(a.de.trim().is_empty() && a.en.trim().is_empty()))
    }
}

/// The words for one score, in German and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreAnchor {
    pub score: u8,
    pub de: String,
    pub en: String,
}

/// The programme office (usually the Projektträger) named at the foot of every message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeContact {
    pub name: String,
    /// One line, e.g. "Karlstraße 1, 10117 Berlin".
    pub address: String,
    pub phone: String,
    /// Read leniently: an older version recorded whatever was typed.
    #[serde(with = "crate::domain::email_address::optional_recorded", default)]
    pub email: Option<EmailAddress>,
}

/// One reason a set-up cannot run; `texts::setup_problems` says it in the person's language.
/// Stages are counted from 1, as people count them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupProblem {
    /// A deadline outside the years a competition can run in.
    DateOutOfRange(Deadline),
    NoName,
    NoStage,
    /// A budget of zero or less.
    NoBudget,
    NoLand,
    MaxRequestedOverBudget,
    /// A budget year outside the years a competition can run in.
    BudgetYearOutOfRange(i32),
    /// A budget year of zero or less.
    NoBudgetInYear(i32),
    /// The years' budgets add up to more than the total.
    BudgetYearsOverTotal,
    /// The technology fields are limited to none.
    NoTechnologyField,
    /// A partner requirement, by its label, that names no kind of organisation.
    RequirementWithoutKind(String),
    NoCriterion {
        stage: usize,
    },
    NoneAdvancing {
        stage: usize,
    },
    ReviewEndsBeforeSubmission {
        stage: usize,
    },
    /// The stage opens before the review of the stage before it ends.
    OpensBeforePreviousReview {
        stage: usize,
    },
    CriterionWithoutName {
        stage: usize,
    },
    ZeroWeight {
        stage: usize,
        criterion: String,
    },
    /// The scale's minimum is not below its maximum.
    ScaleInverted {
        stage: usize,
        criterion: String,
    },
    PassMarkOutsideScale {
        stage: usize,
        criterion: String,
    },
    OverallPassMarkAboveScales {
        stage: usize,
    },
    /// More of something than a set-up may have (`setup_limits.rs`).
    TooMany {
        what: Counted,
        max: usize,
        given: usize,
    },
    /// A redress window of no day or of more than `redress::MAX_REDRESS_DAYS`.
    RedressWindowOutOfRange {
        max: u32,
        given: u32,
    },
    /// A quorum of no member or of more than all of them (1 to 100 percent).
    QuorumOutOfRange {
        given: u32,
    },
    /// A least comment length longer than any comment may be.
    CommentLengthOverTextLimit {
        max: usize,
        given: u32,
    },
    TooLong {
        text: SetupText,
        max: usize,
        given: usize,
    },
    /// A line break in a one-line text.
    LineBreak {
        text: SetupText,
    },
    /// A problem of the stage's application form (`stage_form.rs`).
    Form {
        stage: usize,
        problem: FormProblem,
    },
}

/// One of a stage's deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    Submission { stage: usize },
    ReviewEnd { stage: usize },
}

/// The years (in Berlin) a deadline may fall in. A date outside is a slip of the keyboard, and
/// the range keeps every date derived from a deadline (the stage after it, the reminders before
/// it) far from the limits of date arithmetic.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// Why a deadline cannot be taken, if it cannot.
pub fn deadline_problem(deadline: Deadline, at: DateTime<Utc>) -> Option<SetupProblem> {
    let start = Berlin.with_ymd_and_hms(FIRST_YEAR, 1, 1, 0, 0, 0).single();
    let end = Berlin
        .with_ymd_and_hms(LAST_YEAR + 1, 1, 1, 0, 0, 0)
        .single();
    let in_range = matches!((start, end), (Some(start), Some(end)) if at >= start && at < end);
    (!in_range).then_some(SetupProblem::DateOutOfRange(deadline))
}

impl CompetitionSetup {
    /// Deadlines outside the years a competition can run in. Not even a draft takes them.
    pub fn date_problems(&self) -> Vec<SetupProblem> {
        let mut problems = Vec::new();
        for (i, stage) in self.stages.iter().enumerate() {
            let n = i + 1;
            for (deadline, at) in [
                (Deadline::Submission { stage: n }, stage.submission_deadline),
                (Deadline::ReviewEnd { stage: n }, stage.review_deadline),
            ] {
                problems.extend(deadline_problem(deadline, at));
            }
        }
        problems
    }

    /// Every reason this set-up cannot run.
    pub fn problems(&self) -> Vec<SetupProblem> {
        use SetupProblem as P;
        let mut problems = self.date_problems();
        // What a draft must keep to, publication too.
        problems.extend(self.over_limits());
        let mut problem = |problem: SetupProblem| problems.push(problem);
        if self.name.trim().is_empty() {
            problem(P::NoName);
        }
        if self.stages.is_empty() {
            problem(P::NoStage);
        }
        if self.budget <= Cents::ZERO {
            problem(P::NoBudget);
        }
        if self.rules.lands.is_empty() {
            problem(P::NoLand);
        }
        if let Some(max) = self.rules.max_requested
            && max > self.budget
        {
            problem(P::MaxRequestedOverBudget);
        }
        for (year, amount) in &self.budget_per_year {
            if !super::budget::YEARS.contains(year) {
                problem(P::BudgetYearOutOfRange(*year));
            } else if *amount <= Cents::ZERO {
                problem(P::NoBudgetInYear(*year));
            }
        }
        if self.budget_per_year.values().copied().sum::<Cents>() > self.budget {
            problem(P::BudgetYearsOverTotal);
        }
        if self
            .rules
            .technology_fields
            .as_ref()
            .is_some_and(BTreeSet::is_empty)
        {
            problem(P::NoTechnologyField);
        }
        for requirement in &self.rules.required_kinds {
            if requirement.kinds.is_empty() {
                problem(P::RequirementWithoutKind(requirement.label.clone()));
            }
        }
        let mut previous_review: Option<DateTime<Utc>> = None;
        for (i, stage) in self.stages.iter().enumerate() {
            let n = i + 1;
            if stage.criteria.is_empty() {
                problem(P::NoCriterion { stage: n });
            }
            if stage.advancing == 0 {
                problem(P::NoneAdvancing { stage: n });
            }
            if stage.review_deadline <= stage.submission_deadline {
                problem(P::ReviewEndsBeforeSubmission { stage: n });
            }
            if previous_review.is_some_and(|r| stage.submission_deadline <= r) {
                problem(P::OpensBeforePreviousReview { stage: n });
            }
            previous_review = Some(stage.review_deadline);
            // The limits among them are counted with the draft's above.
            for form in
                stage_form::problems(&stage.sections, &stage.documents, stage.criteria.len())
                    .into_iter()
                    .filter(|p| !p.is_limit())
            {
                problem(P::Form {
                    stage: n,
                    problem: form,
                });
            }
            for criterion in &stage.criteria {
                for p in criterion_problems(n, criterion) {
                    problem(p);
                }
            }
            if let (Some(mark), Some(max)) = (
                stage.overall_pass_mark,
                stage.criteria.iter().map(|c| c.scale_max).max(),
            ) && mark > u32::from(max) * 100
            {
                problem(P::OverallPassMarkAboveScales { stage: n });
            }
        }
        problems
    }
}

/// The problems of one criterion.
fn criterion_problems(stage: usize, criterion: &Criterion) -> Vec<SetupProblem> {
    use SetupProblem as P;
    let mut problems = Vec::new();
    let name = || criterion.name.clone();
    if criterion.name.trim().is_empty() {
        problems.push(P::CriterionWithoutName { stage });
    }
    if criterion.weight == 0 {
        problems.push(P::ZeroWeight {
            stage,
            criterion: name(),
        });
    }
    if criterion.scale_min >= criterion.scale_max {
        problems.push(P::ScaleInverted {
            stage,
            criterion: name(),
        });
    }
    if let Some(mark) = criterion.pass_mark
        && (mark < criterion.scale_min || mark > criterion.scale_max)
    {
        problems.push(P::PassMarkOutsideScale {
            stage,
            criterion: name(),
        });
    }
    problems
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::presets::Preset;

    #[test]
    fn a_set_up_recorded_before_review_rules_keeps_running_without_them() {
        // Given a set-up as it was recorded before it had review rules
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let mut recorded = serde_json::to_value(Preset::InnoRegio.setup(now)).unwrap();
        recorded.as_object_mut().unwrap().remove("review");
        // When it is read again
        let read: CompetitionSetup = serde_json::from_value(recorded).unwrap();
        // Then its reviews need no comment and show no words, as when it was run
        assert_eq!(read.review, ReviewRules::as_recorded_before());
        // While a new set-up asks for comments and has the scale's words
        let new = Preset::InnoRegio.setup(now).review;
        assert!(
            new.min_comment_chars > 0 && !new.anchors.is_empty(),
            "{new:?}"
        );
    }
}
