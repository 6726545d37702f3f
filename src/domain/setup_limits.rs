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

impl CompetitionSetup {
    /// Every text too long or broken over lines, and every count over its maximum.
    pub fn over_limits(&self) -> Vec<SetupProblem> {
        let mut problems = Vec::new();
        let mut count = |n: usize, max: usize, de: &str, en: &str| {
            if n > max {
                problems.push(SetupProblem::new(
                    format!("Höchstens {max} {de}, nicht {n}."),
                    format!("At most {max} {en}, not {n}."),
                ));
            }
        };
        count(self.stages.len(), MAX_STAGES, "Stufen", "stages");
        count(
            self.rules.required_kinds.len(),
            MAX_REQUIREMENTS,
            "Partnervorgaben",
            "partner requirements",
        );
        count(
            self.review.anchors.len(),
            MAX_ANCHORS,
            "Bezeichnungen der Punktwerte",
            "words for the scores",
        );
        for (i, stage) in self.stages.iter().enumerate() {
            count(
                stage.criteria.len(),
                MAX_CRITERIA,
                &format!("Kriterien in Stufe {}", i + 1),
                &format!("criteria in stage {}", i + 1),
            );
        }
        // A comment cannot be longer than a comment may be.
        if self.review.min_comment_chars as usize > MAX_TEXT_CHARS {
            problems.push(SetupProblem::new(
                format!(
                    "Mindestlänge der Begründung: höchstens {MAX_TEXT_CHARS} Zeichen, nicht {}.",
                    self.review.min_comment_chars
                ),
                format!(
                    "Least length of a comment: at most {MAX_TEXT_CHARS} characters, not {}.",
                    self.review.min_comment_chars
                ),
            ));
        }
        let mut texts: Vec<(String, String, &str, bool)> = vec![
            ("Name".into(), "Name".into(), &self.name, true),
            ("Programm".into(), "Programme".into(), &self.programme, true),
            (
                "Beschreibung".into(),
                "Description".into(),
                &self.description,
                false,
            ),
        ];
        for (de, en, text) in [
            ("Kontakt, Name", "Contact, name", self.contact.name.as_str()),
            (
                "Kontakt, Anschrift",
                "Contact, address",
                self.contact.address.as_str(),
            ),
            (
                "Kontakt, Telefon",
                "Contact, phone",
                self.contact.phone.as_str(),
            ),
            (
                "Kontakt, E-Mail",
                "Contact, e-mail",
                self.contact.email.as_ref().map_or("", EmailAddress::as_str),
            ),
        ] {
            texts.push((de.into(), en.into(), text, true));
        }
        for anchor in &self.review.anchors {
            let score = anchor.score;
            texts.push((
                format!("Punktwert {score}, deutsch"),
                format!("Score {score}, German"),
                &anchor.de,
                true,
            ));
            texts.push((
                format!("Punktwert {score}, englisch"),
                format!("Score {score}, English"),
                &anchor.en,
                true,
            ));
        }
        for requirement in &self.rules.required_kinds {
            texts.push((
                "Partnervorgabe".into(),
                "Partner requirement".into(),
                &requirement.label,
                true,
            ));
        }
        for (i, stage) in self.stages.iter().enumerate() {
            let n = i + 1;
            texts.push((
                format!("Stufe {n}, Titel"),
                format!("Stage {n}, title"),
                &stage.title,
                true,
            ));
            for (j, criterion) in stage.criteria.iter().enumerate() {
                let k = j + 1;
                texts.push((
                    format!("Stufe {n}, Kriterium {k}, Name"),
                    format!("Stage {n}, criterion {k}, name"),
                    &criterion.name,
                    true,
                ));
                texts.push((
                    format!("Stufe {n}, Kriterium {k}, Beschreibung"),
                    format!("Stage {n}, criterion {k}, description"),
                    &criterion.description,
                    false,
                ));
            }
        }
        for (de, en, text, one_line) in texts {
            let checked = if one_line {
                check_line(text)
            } else {
                check_text(text)
            };
            match checked {
                Ok(()) => {}
                Err(TextError::TooLong { max, given }) => problems.push(SetupProblem::new(
                    format!("{de}: höchstens {max} Zeichen; eingegeben sind {given}."),
                    format!("{en}: at most {max} characters; {given} were entered."),
                )),
                Err(TextError::LineBreak) => problems.push(SetupProblem::new(
                    format!("{de}: bitte in einer Zeile, ohne Zeilenumbruch."),
                    format!("{en}: please keep it on one line, without a line break."),
                )),
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
        let problems: Vec<String> = setup.over_limits().into_iter().map(|p| p.en).collect();
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
