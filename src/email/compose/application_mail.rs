//! Messages to a consortium about its application: receipt, withdrawal, rejection, results
//! (with released scores), moving up from the reserve list, and the notices of a stage whose
//! deadline moved or nears.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::reads::Reads;
use super::{Composed, Composer, stage_title, submission_deadline};
use crate::domain::application::{Application, Status};
use crate::domain::competition::{Competition, Outcome};
use crate::domain::consensus::{Consensus, ConsensusKey};
use crate::domain::ids::ApplicationId;
use crate::domain::jury::Jury;
use crate::domain::money::Cents;
use crate::domain::ranking;
use crate::domain::redress::{Redress, RedressOutcome};
use crate::domain::review::Review;
use crate::domain::review_standing::ReviewStanding;
use crate::email::message::{OutgoingMessage, message_id};
use crate::email::signoff::salutation;
use crate::email::templates::{ApplicationMail, render};
use crate::event_store::RecordedEvent;
use crate::number_display;
use crate::time_display::berlin;

/// Which consortia a notice about a stage's submission deadline concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Concerned {
    /// Those taking part in the stage (in a later stage only those invited into it): the
    /// deadline moved.
    TakingPart,
    /// Those whose application for the stage is not submitted: the deadline nears.
    NotSubmitted,
}

impl Composer {
    pub(super) fn about_application(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        kind: &'static str,
    ) -> Result<Composed, String> {
        // The application as it was when the event happened, not as it is now.
        let application = reads.application_at(event)?;
        let competition = self.competition_of(reads, &application)?;
        let mut mail = self.mail(reads, &application, &competition)?;
        mail.at = berlin(event.created, mail.language);
        if kind == "withdrawal" {
            mail.link = self.editor_link(&application);
        }
        if let Status::Submitted { stage } | Status::Withdrawn { stage } = application.status {
            mail.deadline = submission_deadline(&competition, stage, mail.language);
        }
        Ok(self
            .message(event, reads, kind, "", &application, &mail)?
            .into_iter()
            .collect())
    }

    /// One message per decision of the released stage: a result, or in the last stage a funding
    /// decision.
    pub(super) fn results(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        stage: usize,
    ) -> Result<Composed, String> {
        let competition = reads.at::<Competition>(event)?;
        let last = competition
            .setup
            .as_ref()
            .is_some_and(|s| stage + 1 == s.stages.len());
        // The jury is read once for every application's scores.
        let jury = match (&competition.setup, competition.id) {
            (Some(setup), Some(id)) if setup.release_scores => Some(reads.of::<Jury>(&id)),
            _ => None,
        };
        let mut composed = Vec::new();
        for (id, outcome) in competition.decisions_in(stage) {
            // One unreadable application must not cost every other applicant their result.
            let application = match reads.of::<Application>(&id) {
                Ok(application) => application,
                Err(reason) => {
                    tracing::error!(application = %id, %reason, "no result mail for this application");
                    continue;
                }
            };
            let mut mail = self.mail(reads, &application, &competition)?;
            mail.stage = stage_title(&competition, stage);
            if let Some(jury) = &jury
                && let Err(reason) = jury.as_ref().map_err(Clone::clone).and_then(|jury| {
                    released_scores(reads, &competition, jury, stage, id, &mut mail)
                })
            {
                // The result goes out without scores rather than not at all.
                tracing::error!(application = %id, %reason, "no scores in this result mail");
            }
            mail.summary = evaluation_summary(reads, &competition, stage, id, mail.language);
            match outcome {
                Outcome::Shortlisted => {
                    mail.positive = true;
                    // The stage the shortlisted write next, and by when.
                    mail.next_stage = stage_title(&competition, stage + 1);
                    mail.next_deadline = competition
                        .setup
                        .as_ref()
                        .and_then(|s| s.stages.get(stage + 1))
                        .map(|s| berlin(s.submission_deadline, mail.language))
                        .unwrap_or_default();
                }
                Outcome::Funded { amount } => {
                    mail.positive = true;
                    mail.amount = number_display::money(amount, mail.language);
                }
                Outcome::Reserve { rank } => mail.reserve = rank,
                Outcome::NotShortlisted | Outcome::NotFunded => {}
            }
            let kind = if last { "funding" } else { "result" };
            composed.extend(self.message(
                event,
                reads,
                kind,
                &id.to_string(),
                &application,
                &mail,
            )?);
        }
        Ok(composed)
    }

    /// The consortium that moved up from the reserve list into funding, told at once.
    pub(super) fn moved_up(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        id: ApplicationId,
        place: u32,
        amount: Cents,
    ) -> Result<Composed, String> {
        let competition = reads.at::<Competition>(event)?;
        let application = reads.of::<Application>(&id)?;
        let mut mail = self.mail(reads, &application, &competition)?;
        mail.positive = true;
        mail.amount = number_display::money(amount, mail.language);
        mail.reserve = place;
        mail.at = berlin(event.created, mail.language);
        Ok(self
            .message(
                event,
                reads,
                "moved-up",
                &id.to_string(),
                &application,
                &mail,
            )?
            .into_iter()
            .collect())
    }

    /// A notice of `kind` about the stage's submission `deadline` to every consortium it
    /// concerns.
    pub(super) fn stage_notices(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        kind: &'static str,
        concerned: Concerned,
        stage: usize,
        deadline: DateTime<Utc>,
    ) -> Result<Composed, String> {
        let competition = reads.at::<Competition>(event)?;
        let Some(competition_id) = competition.id else {
            return Ok(Vec::new());
        };
        let concerned = |application: &Application| match concerned {
            Concerned::TakingPart => application.takes_part_in(stage),
            Concerned::NotSubmitted => matches!(
                application.status,
                Status::Draft { stage: s } | Status::Withdrawn { stage: s } if s == stage
            ),
        };
        let mut composed = Vec::new();
        for application in self.applications_of(competition_id, event, reads)? {
            if !concerned(&application) {
                continue;
            }
            let mut mail = self.mail(reads, &application, &competition)?;
            mail.stage = stage_title(&competition, stage);
            mail.deadline = berlin(deadline, mail.language);
            mail.link = self.editor_link(&application);
            let id = application.id.map(|id| id.to_string()).unwrap_or_default();
            composed.extend(self.message(event, reads, kind, &id, &application, &mail)?);
        }
        Ok(composed)
    }

    pub(super) fn competition_of(
        &self,
        reads: &Reads,
        application: &Application,
    ) -> Result<Arc<Competition>, String> {
        match application.competition_id {
            Some(id) => reads.of::<Competition>(&id),
            None => Ok(Arc::default()),
        }
    }

    /// What every message about the application says; its link goes to the status page.
    pub(super) fn mail(
        &self,
        reads: &Reads,
        application: &Application,
        competition: &Competition,
    ) -> Result<ApplicationMail, String> {
        let language = application
            .contact
            .as_ref()
            .map(|to| self.language_of(reads, to))
            .unwrap_or_default();
        // The mail goes to the owner's address: greet the owner by their account's name.
        let name = self.owner_name(reads, application);
        Ok(ApplicationMail {
            language,
            salutation: salutation(language, &name),
            link: application
                .id
                .map(|id| format!("{}/antraege/{id}/status", self.links.base_url))
                .unwrap_or_default(),
            next_stage: String::new(),
            next_deadline: String::new(),
            submitted: matches!(application.status, Status::Submitted { .. }),
            signoff: self.signoff(language, competition)?,
            title: application.title.clone(),
            competition: super::competition_name(competition),
            at: String::new(),
            partners: application
                .all_partners()
                .map(|p| {
                    let kind = crate::texts::explanations::partner_kind(p.kind).get(language);
                    format!("{} ({kind}, {})", p.name, p.land)
                })
                .collect(),
            documents: application
                .documents
                .iter()
                .map(|d| format!("{} ({} KB)", d.file_name, d.size.div_ceil(1024)))
                .collect(),
            reason: application.rejection_reason.clone().unwrap_or_default(),
            positive: false,
            reserve: 0,
            amount: String::new(),
            stage: String::new(),
            deadline: String::new(),
            score: String::new(),
            criterion_scores: Vec::new(),
            grounds: String::new(),
            outcome: String::new(),
            summary: Default::default(),
            parts: Vec::new(),
        })
    }

    /// The consortium told that its request for review arrived, and the programme's contact
    /// that there is one to answer; or, on the answer, the consortium told the outcome.
    pub(super) fn redress(&self, event: &RecordedEvent, reads: &Reads) -> Result<Composed, String> {
        let redress = reads.at::<Redress>(event)?;
        let Some(key) = redress.key else {
            return Ok(Vec::new());
        };
        let application = reads.of::<Application>(&key.application)?;
        let competition = self.competition_of(reads, &application)?;
        let mut mail = self.mail(reads, &application, &competition)?;
        mail.at = berlin(event.created, mail.language);
        mail.stage = stage_title(&competition, key.stage);
        let discriminator = key.to_string();
        let mut composed: Composed = Vec::new();
        if let Some(answer) = &redress.answer {
            mail.outcome = crate::texts::redress::outcome(answer.outcome)
                .get(mail.language)
                .to_owned();
            mail.reason = answer.reason.clone();
            mail.positive = answer.outcome == RedressOutcome::Upheld;
            composed.extend(self.message(
                event,
                reads,
                "redress-answer",
                &discriminator,
                &application,
                &mail,
            )?);
            return Ok(composed);
        }
        let Some(filed) = &redress.request else {
            return Ok(composed);
        };
        mail.grounds = filed.grounds.clone();
        composed.extend(self.message(
            event,
            reads,
            "redress-receipt",
            &discriminator,
            &application,
            &mail,
        )?);
        // Staff read German; the link goes to the answer form.
        if let (Some(to), Some(k)) = (
            competition
                .setup
                .as_ref()
                .and_then(|s| s.contact.email.clone()),
            competition.id,
        ) {
            let language = crate::domain::account::Language::De;
            let notice = ApplicationMail {
                language,
                salutation: salutation(language, ""),
                link: format!(
                    "{}/verwaltung/wettbewerbe/{k}/widersprueche/{}/{}",
                    self.links.base_url,
                    key.application,
                    key.stage + 1
                ),
                at: berlin(event.created, language),
                signoff: self.signoff(language, &competition)?,
                ..mail.clone()
            };
            let (subject, text, html) =
                render("redress-notice", &notice).map_err(|e| e.to_string())?;
            composed.push((
                "redress-notice",
                OutgoingMessage {
                    message_id: message_id(
                        event.event_id,
                        &format!("redress-notice/{discriminator}"),
                        &to,
                        &self.domain,
                    ),
                    to,
                    subject,
                    text,
                    html,
                },
            ));
        }
        Ok(composed)
    }

    pub(super) fn editor_link(&self, application: &Application) -> String {
        application
            .id
            .map(|id| format!("{}/antraege/{id}", self.links.base_url))
            .unwrap_or_default()
    }

    /// The message to the application's contact; none if it has no contact.
    pub(super) fn message(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        kind: &'static str,
        discriminator: &str,
        application: &Application,
        mail: &ApplicationMail,
    ) -> Result<Option<(&'static str, OutgoingMessage)>, String> {
        let Some(to) = application.contact.clone() else {
            return Ok(None);
        };
        let (subject, text, html) = self.worded(reads, application.competition_id, kind, mail)?;
        let id = message_id(
            event.event_id,
            &format!("{kind}/{discriminator}"),
            &to,
            &self.domain,
        );
        Ok(Some((
            kind,
            OutgoingMessage {
                message_id: id,
                to,
                subject,
                text,
                html,
            },
        )))
    }
}

/// The consortium's evaluation summary of the released stage: its closed consensus report, or
/// the sentence that no written evaluation is available (also when the report cannot be read:
/// the result goes out regardless).
fn evaluation_summary(
    reads: &Reads,
    competition: &Competition,
    stage: usize,
    application: ApplicationId,
    language: crate::domain::account::Language,
) -> crate::texts::evaluation_summary::Rendered {
    let key = ConsensusKey { application, stage };
    let consensus = reads
        .of::<Consensus>(&key)
        .inspect_err(|reason| tracing::error!(%application, %reason, "no evaluation summary"))
        .ok();
    crate::domain::evaluation_summary::summary(competition, stage, consensus.as_deref())
        .map(|s| crate::texts::evaluation_summary::render(&s, language))
        .unwrap_or_default()
}

/// The application's mean scores in a stage, from the submitted reviews of its jurors.
fn released_scores(
    reads: &Reads,
    competition: &Competition,
    jury: &Jury,
    stage: usize,
    application: ApplicationId,
    mail: &mut ApplicationMail,
) -> Result<(), String> {
    let Some(criteria) = competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(stage))
        .map(|s| &s.criteria)
    else {
        return Ok(());
    };
    let reviews = ranking::submitted_reviews(jury, stage, [application], |key| {
        reads
            .of::<Review>(&key)
            .map(|review| Some(ReviewStanding::of(&review)))
    })?;
    // One entry: the ranking's means for this application alone.
    let entry = ranking::Entry {
        application,
        submitted_at: DateTime::<Utc>::MIN_UTC,
    };
    // A single review's "mean" would be that juror's own scores.
    if reviews.len() < 2 {
        return Ok(());
    }
    let ranking = ranking::rank(criteria, None, &[entry], &reviews);
    let Some(ranked) = ranking.applications.first() else {
        return Ok(());
    };
    let language = mail.language;
    mail.score = ranked
        .score
        .map(|p| number_display::points(p, language))
        .unwrap_or_default();
    mail.criterion_scores = criteria
        .iter()
        .zip(&ranked.criterion_means)
        .map(|(k, mean)| format!("{}: {}", k.name, number_display::points(*mean, language)))
        .collect();
    Ok(())
}
