//! The formal check of a stage between its close and the jury's review: staff tick every point
//! of every application; about one in twelve (at least one) is asked for a correction of its
//! first section, which the consortium hands in two days later before staff close the check.

use chrono::{DateTime, Duration, Utc};

use crate::app::Actor;
use crate::domain::application::{Application, ApplicationCommand};
use crate::domain::competition::{Phase, Progress};
use crate::domain::formal_check::Correctable;

use super::{Consortium, Demo};

const LETTER: &str = "Im Abschnitt fehlen Angaben, die der Aufruf verlangt: Bitte nennen Sie die Partner, die das Vorhaben tragen, und ihre Beiträge, und ergänzen Sie die Zahlen der letzten drei Jahre.";

const ADDED: &str = "\n\nErgänzt auf Nachforderung: Die Partner tragen das Vorhaben mit eigenem Personal; die Zahlen der letzten drei Jahre liegen der Vorhabenbeschreibung bei.";

impl Demo<'_> {
    /// The check of every application in `entries`, from `closed` (the stage's close) on;
    /// returns when the last check is closed.
    pub(super) async fn formal_check(
        &self,
        entries: &[Consortium],
        stage: usize,
        closed: DateTime<Utc>,
    ) -> anyhow::Result<DateTime<Utc>> {
        let checklist = self.setup.formal_checklist.len();
        let competition = Progress {
            stage,
            phase: Phase::StageClosed,
        };
        let form = self.setup.stages[stage].form();
        let asked = (entries.len() / 12).max(1);
        let mut last = closed;
        for (n, consortium) in entries.iter().enumerate() {
            let id = consortium.id.to_string();
            let at = closed + Duration::hours(2) + Duration::minutes(10 * n as i64);
            let section = form.sections.first().map(|s| s.key.clone());
            if let (Some(key), Some(owner)) =
                (section.filter(|_| n < asked), consortium.state.owner)
            {
                let request = ApplicationCommand::RequestCorrections {
                    items: vec![Correctable::Section(key.clone())],
                    text: LETTER.to_owned(),
                    due: at + Duration::days(5),
                    form: form.clone(),
                    competition,
                    now: at,
                };
                self.run::<Application>(&id, &self.staff, request).await?;
                let applicant = Actor::new(owner.to_string(), "applicant");
                let answer = consortium
                    .state
                    .answers
                    .get(&key)
                    .cloned()
                    .unwrap_or_default();
                let corrected = ApplicationCommand::AnswerSections {
                    answers: [(key, format!("{answer}{ADDED}"))].into(),
                    form: form.clone(),
                    now: at + Duration::days(2),
                };
                self.run::<Application>(&id, &applicant, corrected).await?;
                let handed = ApplicationCommand::SubmitCorrections {
                    rules: self.setup.rules.clone(),
                    form: form.clone(),
                    now: at + Duration::days(2) + Duration::minutes(5),
                };
                self.run::<Application>(&id, &applicant, handed).await?;
            }
            let done = at + Duration::days(3);
            let tick = ApplicationCommand::TickChecklist {
                ticks: (0..checklist).map(|i| (i, true)).collect(),
                checklist,
                competition,
                now: done,
            };
            self.run::<Application>(&id, &self.staff, tick).await?;
            let complete = ApplicationCommand::CompleteFormalCheck {
                checklist,
                competition,
                now: done,
            };
            self.run::<Application>(&id, &self.staff, complete).await?;
            last = done;
        }
        Ok(last)
    }
}
