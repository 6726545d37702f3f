//! Messages to jurors: assignment notices, review reminders, a reopened review.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::reads::Reads;
use super::recipients::juror_address;
use super::{Composed, Composer, competition_name, review_deadline, stage_title};
use crate::app::decode;
use crate::domain::application::Application;
use crate::domain::competition::Competition;
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::{ApplicationId, JurorId};
use crate::domain::jury::{AssignedBy, Jury, JuryEvent};
use crate::domain::review::{Review, ReviewKey};
use crate::email::message::{OutgoingMessage, message_id};
use crate::email::signoff::salutation;
use crate::email::templates::{JurorMail, render_juror_mail};
use crate::event_store::{Direction, ReadFrom, RecordedEvent};
use crate::time_display::berlin;

impl Composer {
    /// One reminder per juror who has assigned reviews of the stage not yet submitted.
    pub(super) fn review_reminders(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        stage: usize,
        deadline: DateTime<Utc>,
    ) -> Result<Composed, String> {
        let competition = reads.at::<Competition>(event)?;
        let Some(competition_id) = competition.id else {
            return Ok(Vec::new());
        };
        let jury = reads.of::<Jury>(&competition_id)?;
        let mut composed = Vec::new();
        for (juror_id, juror) in &jury.jurors {
            let mut titles = Vec::new();
            for application in jury.assigned_to(stage, *juror_id) {
                let key = ReviewKey {
                    application,
                    stage,
                    juror: *juror_id,
                };
                if reads.of::<Review>(&key)?.awaits_juror() {
                    titles.push(reads.of::<Application>(&application)?.title.clone());
                }
            }
            if titles.is_empty() {
                continue;
            }
            let Some(to) = juror_address(*juror_id, juror, "reminder") else {
                continue;
            };
            let language = self.language_of(reads, &to);
            let mail = JurorMail {
                language,
                salutation: salutation(language, &juror.name),
                signoff: self.signoff(language, &competition)?,
                name: juror.name.clone(),
                competition: competition_name(&competition),
                stage: stage_title(&competition, stage),
                deadline: berlin(deadline, language),
                titles,
                reason: String::new(),
                link: format!("{}/jury", self.links.base_url),
            };
            composed.push(self.juror_message(event, "review-reminder", juror_id, to, &mail)?);
        }
        Ok(composed)
    }

    /// One notice per juror for a run of assignments written together (an automatic assignment
    /// writes hundreds): only the run's last event sends, listing every application of the run.
    pub(super) fn assignments(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        stage: usize,
        by: AssignedBy,
    ) -> Result<Composed, String> {
        // A hand assignment waits until staff announce it (`AssignmentsAnnounced`).
        if by == AssignedBy::Hand {
            return Ok(Vec::new());
        }
        // The automatic assignment of this run that `recorded` is, if it is one.
        let of_run =
            |recorded: &RecordedEvent| -> Result<Option<(JurorId, ApplicationId)>, String> {
                if recorded.created != event.created {
                    return Ok(None);
                }
                match decode::<Jury>(recorded).map_err(|e| e.to_string())? {
                    JuryEvent::JurorAssigned {
                        juror_id,
                        application_id,
                        by: AssignedBy::Run,
                        ..
                    } => Ok(Some((juror_id, application_id))),
                    _ => Ok(None),
                }
            };
        let next = self
            .store
            .read_stream(
                &event.stream,
                Direction::Forwards,
                ReadFrom::At(event.revision + 1),
                1,
            )
            .map_err(|e| e.to_string())?;
        if let Some(next) = next.first()
            && of_run(next)?.is_some()
        {
            return Ok(Vec::new());
        }
        let earlier = self
            .store
            .read_stream(
                &event.stream,
                Direction::Backwards,
                ReadFrom::At(event.revision),
                usize::MAX,
            )
            .map_err(|e| e.to_string())?;
        let mut run = Vec::new();
        for recorded in &earlier {
            let Some(assigned) = of_run(recorded)? else {
                break;
            };
            run.push(assigned);
        }
        let jury = reads.at::<Jury>(event)?;
        let Some(competition_id) = jury.competition_id else {
            return Ok(Vec::new());
        };
        let competition = reads.of::<Competition>(&competition_id)?;
        let mut by_juror: BTreeMap<JurorId, Vec<String>> = BTreeMap::new();
        let mut titles: HashMap<ApplicationId, String> = HashMap::new();
        for (juror, application) in run.into_iter().rev() {
            let title = match titles.get(&application) {
                Some(title) => title.clone(),
                None => {
                    let title = reads.of::<Application>(&application)?.title.clone();
                    titles.insert(application, title.clone());
                    title
                }
            };
            by_juror.entry(juror).or_default().push(title);
        }
        self.assignment_notices(event, reads, &jury, &competition, stage, by_juror)
    }

    /// The hand assignments staff announced to one juror, in one notice.
    pub(super) fn announced(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        stage: usize,
        juror: JurorId,
        applications: &[ApplicationId],
    ) -> Result<Composed, String> {
        let jury = reads.at::<Jury>(event)?;
        let Some(competition_id) = jury.competition_id else {
            return Ok(Vec::new());
        };
        let competition = reads.of::<Competition>(&competition_id)?;
        let titles = applications
            .iter()
            .map(|id| reads.of::<Application>(id).map(|a| a.title.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let by_juror = BTreeMap::from([(juror, titles)]);
        self.assignment_notices(event, reads, &jury, &competition, stage, by_juror)
    }

    /// One assignment notice per juror, listing the titles of their new applications.
    fn assignment_notices(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        jury: &Jury,
        competition: &Competition,
        stage: usize,
        by_juror: BTreeMap<JurorId, Vec<String>>,
    ) -> Result<Composed, String> {
        let mut composed = Vec::new();
        for (juror_id, titles) in by_juror {
            if titles.is_empty() {
                continue;
            }
            let Some(juror) = jury.jurors.get(&juror_id) else {
                continue;
            };
            let to = juror.email.clone();
            if !to.is_address() {
                continue;
            }
            let language = self.language_of(reads, &to);
            let mail = JurorMail {
                language,
                salutation: salutation(language, &juror.name),
                signoff: self.signoff(language, competition)?,
                name: juror.name.clone(),
                competition: competition_name(competition),
                stage: stage_title(competition, stage),
                deadline: review_deadline(competition, stage, language),
                titles,
                reason: String::new(),
                link: format!("{}/jury", self.links.base_url),
            };
            composed.push(self.juror_message(event, "assignment", &juror_id, to, &mail)?);
        }
        Ok(composed)
    }

    /// The juror whose submitted review staff reopened: the reason, and where to revise.
    pub(super) fn reopened_review(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        key: ReviewKey,
        reason: String,
    ) -> Result<Composed, String> {
        let application = reads.of::<Application>(&key.application)?;
        let competition = self.competition_of(reads, &application)?;
        let Some(competition_id) = competition.id else {
            return Ok(Vec::new());
        };
        let jury = reads.of::<Jury>(&competition_id)?;
        let Some(juror) = jury.jurors.get(&key.juror) else {
            return Ok(Vec::new());
        };
        let Some(to) = juror_address(key.juror, juror, "notice") else {
            return Ok(Vec::new());
        };
        let language = self.language_of(reads, &to);
        let mail = JurorMail {
            language,
            salutation: salutation(language, &juror.name),
            signoff: self.signoff(language, &competition)?,
            name: juror.name.clone(),
            competition: competition_name(&competition),
            stage: stage_title(&competition, key.stage),
            deadline: review_deadline(&competition, key.stage, language),
            titles: vec![application.title.clone()],
            reason,
            link: format!(
                "{}/jury/{competition_id}/antraege/{}#bewertung",
                self.links.base_url, key.application
            ),
        };
        Ok(vec![self.juror_message(
            event,
            "review-reopened",
            &key.juror,
            to,
            &mail,
        )?])
    }

    /// A juror message of `kind`, rendered, with the Message-ID of this event, kind and juror.
    fn juror_message(
        &self,
        event: &RecordedEvent,
        kind: &'static str,
        juror: &impl std::fmt::Display,
        to: EmailAddress,
        mail: &JurorMail,
    ) -> Result<(&'static str, OutgoingMessage), String> {
        let (subject, text, html) = render_juror_mail(kind, mail).map_err(|e| e.to_string())?;
        let message_id = message_id(
            event.event_id,
            &format!("{kind}/{juror}"),
            &to,
            &self.domain,
        );
        Ok((
            kind,
            OutgoingMessage {
                message_id,
                to,
                subject,
                text,
                html,
            },
        ))
    }
}
