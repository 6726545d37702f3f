//! What even a draft set-up must keep to: the length of its texts and the number of stages,
//! criteria and partner requirements. Every applicant's and juror's page shows them.

use super::email_address::EmailAddress;
use super::setup::{CompetitionSetup, SetupProblem};
use super::text::{MAX_TEXT_CHARS, TextError, check_line, check_text};

/// Stages of one competition: Spitzencluster has two, no programme more than a few.
pub const MAX_STAGES: usize = 10;
/// Criteria of one stage; the scoring form has one score and one comment for each.
pub const MAX_CRITERIA: usize = 30;
/// Partner requirements ("mindestens ein Unternehmen") of one competition.
pub const MAX_REQUIREMENTS: usize = 20;
/// Words for the scores of the scale: one for each score from 0 to 10.
pub const MAX_ANCHORS: usize = 11;

/// What a set-up may have only so many of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Stages,
    Requirements,
    /// Words for the scores of the scale.
    Anchors,
    BudgetYears,
    Criteria {
        stage: usize,
    },
    /// Points of the formal check.
    ChecklistItems,
}

/// A text of the set-up whose length or line is checked; stages and criteria counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupText {
    Name,
    Programme,
    Description,
    ContactName,
    ContactAddress,
    ContactPhone,
    ContactEmail,
    AnchorDe {
        score: u8,
    },
    AnchorEn {
        score: u8,
    },
    Requirement,
    StageTitle {
        stage: usize,
    },
    CriterionName {
        stage: usize,
        criterion: usize,
    },
    CriterionDescription {
        stage: usize,
        criterion: usize,
    },
    /// A point of the formal check, counted from 1.
    ChecklistItem {
        number: usize,
    },
}

impl CompetitionSetup {
    /// Every text too long or broken over lines, and every count over its maximum.
    pub fn over_limits(&self) -> Vec<SetupProblem> {
        let mut problems = Vec::new();
        let mut count = |given: usize, max: usize, what: Counted| {
            if given > max {
                problems.push(SetupProblem::TooMany { what, max, given });
            }
        };
        count(self.stages.len(), MAX_STAGES, Counted::Stages);
        count(
            self.formal_checklist.len(),
            super::formal_check::MAX_CHECKLIST_ITEMS,
            Counted::ChecklistItems,
        );
        count(
            self.rules.required_kinds.len(),
            MAX_REQUIREMENTS,
            Counted::Requirements,
        );
        count(self.review.anchors.len(), MAX_ANCHORS, Counted::Anchors);
        count(
            self.budget_per_year.len(),
            super::budget::MAX_BUDGET_YEARS,
            Counted::BudgetYears,
        );
        for (i, stage) in self.stages.iter().enumerate() {
            count(
                stage.criteria.len(),
                MAX_CRITERIA,
                Counted::Criteria { stage: i + 1 },
            );
        }
        for (i, stage) in self.stages.iter().enumerate() {
            let form = super::stage_form::problems(
                &stage.sections,
                &stage.documents,
                stage.criteria.len(),
            );
            problems.extend(form.into_iter().filter(|p| p.is_limit()).map(|problem| {
                SetupProblem::Form {
                    stage: i + 1,
                    problem,
                }
            }));
        }
        let max = super::redress::MAX_REDRESS_DAYS;
        if !(1..=max).contains(&self.redress_days) {
            problems.push(SetupProblem::RedressWindowOutOfRange {
                max,
                given: self.redress_days,
            });
        }
        if !(1..=100).contains(&self.quorum_percent) {
            problems.push(SetupProblem::QuorumOutOfRange {
                given: self.quorum_percent,
            });
        }
        // A comment cannot be longer than a comment may be.
        if self.review.min_comment_chars as usize > MAX_TEXT_CHARS {
            problems.push(SetupProblem::CommentLengthOverTextLimit {
                max: MAX_TEXT_CHARS,
                given: self.review.min_comment_chars,
            });
        }
        let mut texts: Vec<(SetupText, &str, bool)> = vec![
            (SetupText::Name, &self.name, true),
            (SetupText::Programme, &self.programme, true),
            (SetupText::Description, &self.description, false),
            (SetupText::ContactName, &self.contact.name, true),
            (SetupText::ContactAddress, &self.contact.address, true),
            (SetupText::ContactPhone, &self.contact.phone, true),
            (
                SetupText::ContactEmail,
                self.contact.email.as_ref().map_or("", EmailAddress::as_str),
                true,
            ),
        ];
        for anchor in &self.review.anchors {
            let score = anchor.score;
            texts.push((SetupText::AnchorDe { score }, &anchor.de, true));
            texts.push((SetupText::AnchorEn { score }, &anchor.en, true));
        }
        for (i, item) in self.formal_checklist.iter().enumerate() {
            texts.push((SetupText::ChecklistItem { number: i + 1 }, item, true));
        }
        for requirement in &self.rules.required_kinds {
            texts.push((SetupText::Requirement, &requirement.label, true));
        }
        for (i, stage) in self.stages.iter().enumerate() {
            let n = i + 1;
            texts.push((SetupText::StageTitle { stage: n }, &stage.title, true));
            for (j, criterion) in stage.criteria.iter().enumerate() {
                let (stage, criterion_number) = (n, j + 1);
                texts.push((
                    SetupText::CriterionName {
                        stage,
                        criterion: criterion_number,
                    },
                    &criterion.name,
                    true,
                ));
                texts.push((
                    SetupText::CriterionDescription {
                        stage,
                        criterion: criterion_number,
                    },
                    &criterion.description,
                    false,
                ));
            }
        }
        for (text, value, one_line) in texts {
            let checked = if one_line {
                check_line(value)
            } else {
                check_text(value)
            };
            match checked {
                Ok(()) => {}
                Err(TextError::TooLong { max, given }) => {
                    problems.push(SetupProblem::TooLong { text, max, given })
                }
                Err(TextError::LineBreak) => problems.push(SetupProblem::LineBreak { text }),
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use crate::domain::presets::Preset;

    #[test]
    fn a_preset_keeps_to_every_limit() {
        let setup =
            Preset::Spitzencluster.setup(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        assert_eq!(setup.over_limits(), vec![]);
    }

    #[test]
    fn a_long_criterion_name_a_title_over_two_lines_and_too_many_stages_are_named() {
        let mut setup = Preset::InnoRegio.setup(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        setup.stages[0].criteria[1].name = "K".repeat(301);
        setup.stages[0].title = "Skizze\nzweite Zeile".into();
        while setup.stages.len() <= super::MAX_STAGES {
            setup.stages.push(setup.stages[0].clone());
        }
        let problems: Vec<String> = setup
            .over_limits()
            .iter()
            .map(|p| crate::texts::setup_problems::problem(p).en)
            .collect();
        assert!(
            problems.contains(&"At most 10 stages, not 11.".to_owned()),
            "{problems:?}"
        );
        assert!(
            problems.contains(
                &"Stage 1, criterion 2, name: at most 300 characters; 301 were entered.".to_owned()
            ),
            "{problems:?}"
        );
        assert!(
            problems.contains(
                &"Stage 1, title: please keep it on one line, without a line break.".to_owned()
            ),
            "{problems:?}"
        );
    }
}
