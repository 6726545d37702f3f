//! Which events cause which messages, to whom, saying what.

use chrono::{DateTime, Utc};

use super::account_mail::{AccountMail, render_account_mail};
use super::address::EmailAddress;
use super::message::{OutgoingMessage, message_id};
use super::outbox::OutboxEntry;
use super::signoff::{Signoff, salutation, signoff};
use super::templates::{ApplicationMail, JurorMail, render, render_juror_mail};
use crate::app::{decode, load, stream_of};
use crate::domain::account::{Account, Language, account_id_for};
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, Status};
use crate::domain::competition::{Competition, Outcome};
use crate::domain::ids::ApplicationId;
use crate::domain::jury::Jury;
use crate::domain::ranking::{self, SubmittedReview};
use crate::domain::review::{Review, ReviewKey};
use crate::event_store::{Direction, EventStore, ReadFrom, RecordedEvent, StreamName};
use crate::number_display;
use crate::security::links::{LinkSigner, Purpose};
use crate::time_display::berlin;

pub struct Composer {
    store: EventStore,
    /// The domain part of Message-IDs.
    domain: String,
    links: MailLinks,
}

/// How links in messages are built: the public address and the signer.
#[derive(Clone)]
pub struct MailLinks {
    pub base_url: String,
    pub signer: LinkSigner,
}

impl MailLinks {
    fn signed(&self, path: &str, purpose: Purpose, account: &str, nonce: &str) -> String {
        self.signed_as(path, "konto", purpose, account, nonce)
    }

    /// `{base}{path}?{name}={subject}&n={nonce}&t={signature}`
    fn signed_as(
        &self,
        path: &str,
        name: &str,
        purpose: Purpose,
        subject: &str,
        nonce: &str,
    ) -> String {
        let signature = self.signer.sign(purpose, subject, nonce);
        format!(
            "{}{path}?{name}={subject}&n={nonce}&t={signature}",
            self.base_url
        )
    }
}

type Composed = Vec<(&'static str, OutgoingMessage)>;

impl Composer {
    pub fn new(store: EventStore, domain: impl Into<String>, links: MailLinks) -> Self {
        Self {
            store,
            domain: domain.into(),
            links,
        }
    }

    /// The messages an event causes. An event that cannot be read is logged and skipped, so one
    /// bad event never holds up every later message.
    pub fn messages_for(&self, event: &RecordedEvent, now: DateTime<Utc>) -> Vec<OutboxEntry> {
        let composed = match (event.stream.category(), event.event_type.as_str()) {
            (Some("application"), "ApplicationSubmitted") => {
                self.about_application(event, "receipt")
            }
            (Some("application"), "ApplicationWithdrawn") => {
                self.about_application(event, "withdrawal")
            }
            (Some("application"), "ApplicationFormallyRejected") => {
                self.about_application(event, "rejection")
            }
            (Some("competition"), "ResultsReleased") => self.results(event),
            (Some("competition"), "MovedUpFromReserve") => self.moved_up(event),
            (Some("competition"), "SubmissionDeadlineExtended") => self.extension(event),
            (Some("competition"), "DraftRemindersDue") => self.draft_reminders(event),
            (Some("jury"), "JurorAssigned") => self.assignments(event),
            (Some("jury"), "AssignmentsAnnounced") => self.announced(event),
            (Some("competition"), "DeadlinesShortened") => self.shortened(event),
            (Some("competition"), "ReviewRemindersDue") => self.review_reminders(event),
            (Some("account"), "AccountRegistered" | "VerificationRequested") => {
                self.account_link(event, "verification")
            }
            (Some("account"), "PasswordResetRequested") => {
                self.account_link(event, "password-reset")
            }
            (Some("application"), "EditorInvited") => self.invitation(event),
            (Some("jury"), "JurorInvited") => self.juror_invitation(event),
            (Some("review"), "ReviewReopened") => self.reopened_review(event),
            _ => Ok(Vec::new()),
        };
        match composed {
            Ok(messages) => messages
                .into_iter()
                .map(|(kind, message)| OutboxEntry::new(message, kind, event.position.0, now))
                .collect(),
            Err(reason) => {
                tracing::error!(position = event.position.0, %reason, "no message for this event");
                Vec::new()
            }
        }
    }

    fn about_application(
        &self,
        event: &RecordedEvent,
        kind: &'static str,
    ) -> Result<Composed, String> {
        // The application as it was when the event happened, not as it is now.
        let application = self.fold::<Application>(&event.stream, Some(event.revision))?;
        let competition = self.competition_of(&application)?;
        let mut mail = self.mail(&application, &competition)?;
        mail.at = berlin(event.created, lang(mail.en));
        if kind == "withdrawal" {
            mail.link = self.editor_link(&application);
        }
        if let Status::Submitted { stage } | Status::Withdrawn { stage } = application.status {
            mail.deadline = submission_deadline(&competition, stage, lang(mail.en));
        }
        Ok(self
            .message(event, kind, "", &application, &mail)?
            .into_iter()
            .collect())
    }

    /// One message per decision of the released stage: a result, or in the last stage a funding
    /// decision.
    fn results(&self, event: &RecordedEvent) -> Result<Composed, String> {
        let competition = self.fold::<Competition>(&event.stream, Some(event.revision))?;
        let stage = event.data["stage"].as_u64().unwrap_or_default() as usize;
        let last = competition
            .setup
            .as_ref()
            .is_some_and(|s| stage + 1 == s.stages.len());
        let mut composed = Vec::new();
        for (id, outcome) in competition.decisions_in(stage) {
            // One unreadable application must not cost every other applicant their result.
            let application = match self.application(id) {
                Ok(application) => application,
                Err(reason) => {
                    tracing::error!(application = %id, %reason, "no result mail for this application");
                    continue;
                }
            };
            let mut mail = self.mail(&application, &competition)?;
            mail.stage = stage_title(&competition, stage);
            if competition.setup.as_ref().is_some_and(|s| s.release_scores)
                && let Err(reason) = self.released_scores(&competition, stage, id, &mut mail)
            {
                // The result goes out without scores rather than not at all.
                tracing::error!(application = %id, %reason, "no scores in this result mail");
            }
            match outcome {
                Outcome::Shortlisted => {
                    mail.positive = true;
                    // The stage the shortlisted write next, and by when.
                    mail.next_stage = stage_title(&competition, stage + 1);
                    mail.next_deadline = competition
                        .setup
                        .as_ref()
                        .and_then(|s| s.stages.get(stage + 1))
                        .map(|s| berlin(s.submission_deadline, lang(mail.en)))
                        .unwrap_or_default();
                }
                Outcome::Funded { amount } => {
                    mail.positive = true;
                    mail.amount = number_display::money(amount, lang(mail.en));
                }
                Outcome::Reserve { rank } => mail.reserve = rank,
                Outcome::NotShortlisted | Outcome::NotFunded => {}
            }
            let kind = if last { "funding" } else { "result" };
            composed.extend(self.message(event, kind, &id.to_string(), &application, &mail)?);
        }
        Ok(composed)
    }

    /// The consortium that moved up from the reserve list into funding, told at once.
    fn moved_up(&self, event: &RecordedEvent) -> Result<Composed, String> {
        let competition = self.fold::<Competition>(&event.stream, Some(event.revision))?;
        let id: ApplicationId = serde_json::from_value(event.data["application_id"].clone())
            .map_err(|e| e.to_string())?;
        let amount: crate::domain::money::Cents =
            serde_json::from_value(event.data["amount"].clone()).map_err(|e| e.to_string())?;
        let application = self.application(id)?;
        let mut mail = self.mail(&application, &competition)?;
        mail.positive = true;
        mail.amount = number_display::money(amount, lang(mail.en));
        mail.reserve = event.data["place"].as_u64().unwrap_or_default() as u32;
        mail.at = berlin(event.created, lang(mail.en));
        Ok(self
            .message(event, "moved-up", &id.to_string(), &application, &mail)?
            .into_iter()
            .collect())
    }

    /// Every consortium whose application takes part in the stage whose deadline moved (in a
    /// later stage only those invited into it).
    fn extension(&self, event: &RecordedEvent) -> Result<Composed, String> {
        let competition = self.fold::<Competition>(&event.stream, Some(event.revision))?;
        let stage = event.data["stage"].as_u64().unwrap_or_default() as usize;
        let deadline = self.time(&event.data["to"])?;
        let mut composed = Vec::new();
        for application in self.applications_of(&competition, event)? {
            if !application.takes_part_in(stage) {
                continue;
            }
            let mut mail = self.mail(&application, &competition)?;
            mail.stage = stage_title(&competition, stage);
            mail.deadline = berlin(deadline, lang(mail.en));
            mail.link = self.editor_link(&application);
            let id = application.id.map(|id| id.to_string()).unwrap_or_default();
            composed.extend(self.message(event, "extension", &id, &application, &mail)?);
        }
        Ok(composed)
    }

    /// The consortia of the stage, when staff moved its submission deadline earlier.
    fn shortened(&self, event: &RecordedEvent) -> Result<Composed, String> {
        if event.data["submission"].is_null() {
            // Only the review ends sooner: nothing changes for the consortia.
            return Ok(Vec::new());
        }
        let competition = self.fold::<Competition>(&event.stream, Some(event.revision))?;
        let stage = event.data["stage"].as_u64().unwrap_or_default() as usize;
        let deadline = self.time(&event.data["submission"]["to"])?;
        let mut composed = Vec::new();
        for application in self.applications_of(&competition, event)? {
            if !application.takes_part_in(stage) {
                continue;
            }
            let mut mail = self.mail(&application, &competition)?;
            mail.stage = stage_title(&competition, stage);
            mail.deadline = berlin(deadline, lang(mail.en));
            mail.link = self.editor_link(&application);
            let id = application.id.map(|id| id.to_string()).unwrap_or_default();
            composed.extend(self.message(event, "shortening", &id, &application, &mail)?);
        }
        Ok(composed)
    }

    /// Consortia whose application for the stage is not submitted.
    fn draft_reminders(&self, event: &RecordedEvent) -> Result<Composed, String> {
        let competition = self.fold::<Competition>(&event.stream, Some(event.revision))?;
        let stage = event.data["stage"].as_u64().unwrap_or_default() as usize;
        let deadline = self.time(&event.data["deadline"])?;
        let mut composed = Vec::new();
        for application in self.applications_of(&competition, event)? {
            if !matches!(application.status, Status::Draft { stage: s } | Status::Withdrawn { stage: s } if s == stage)
            {
                continue;
            }
            let mut mail = self.mail(&application, &competition)?;
            mail.stage = stage_title(&competition, stage);
            mail.deadline = berlin(deadline, lang(mail.en));
            mail.link = self.editor_link(&application);
            let id = application.id.map(|id| id.to_string()).unwrap_or_default();
            composed.extend(self.message(event, "draft-reminder", &id, &application, &mail)?);
        }
        Ok(composed)
    }

    /// One reminder per juror who has assigned reviews of the stage not yet submitted.
    fn review_reminders(&self, event: &RecordedEvent) -> Result<Composed, String> {
        let competition = self.fold::<Competition>(&event.stream, Some(event.revision))?;
        let Some(competition_id) = competition.id else {
            return Ok(Vec::new());
        };
        let stage = event.data["stage"].as_u64().unwrap_or_default() as usize;
        let jury = self.fold::<Jury>(&stream_of::<Jury>(&competition_id), None)?;
        let mut composed = Vec::new();
        for (juror_id, juror) in &jury.jurors {
            let mut titles = Vec::new();
            for application in jury.assigned_to(stage, *juror_id) {
                let key = ReviewKey {
                    application,
                    stage,
                    juror: *juror_id,
                };
                let review = self.fold::<Review>(&stream_of::<Review>(&key), None)?;
                if review.awaits_juror() {
                    titles.push(self.application(application)?.title);
                }
            }
            if titles.is_empty() {
                continue;
            }
            let Ok(to) = EmailAddress::from_stored(&juror.email) else {
                tracing::warn!(juror = %juror_id, "a juror without a valid address gets no reminder");
                continue;
            };
            let en = self.prefers_english(&to);
            let mail = JurorMail {
                en,
                salutation: salutation(en, &juror.name),
                signoff: self.signoff(en, &competition)?,
                name: juror.name.clone(),
                competition: competition_name(&competition),
                stage: stage_title(&competition, stage),
                deadline: berlin(self.time(&event.data["deadline"])?, lang(en)),
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
    fn assignments(&self, event: &RecordedEvent) -> Result<Composed, String> {
        // A hand assignment waits until staff announce it (`AssignmentsAnnounced`).
        let by_hand = |e: &RecordedEvent| e.data["by_hand"].as_bool().unwrap_or(false);
        if by_hand(event) {
            return Ok(Vec::new());
        }
        let same_run = |e: &RecordedEvent| {
            e.event_type == "JurorAssigned" && e.created == event.created && !by_hand(e)
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
        if next.first().is_some_and(same_run) {
            return Ok(Vec::new());
        }
        let run: Vec<RecordedEvent> = self
            .store
            .read_stream(
                &event.stream,
                Direction::Backwards,
                ReadFrom::At(event.revision),
                usize::MAX,
            )
            .map_err(|e| e.to_string())?
            .into_iter()
            .take_while(same_run)
            .collect();
        let jury = self.fold::<Jury>(&event.stream, Some(event.revision))?;
        let Some(competition_id) = jury.competition_id else {
            return Ok(Vec::new());
        };
        let competition =
            self.fold::<Competition>(&stream_of::<Competition>(&competition_id), None)?;
        let stage = event.data["stage"].as_u64().unwrap_or_default() as usize;
        let mut by_juror: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for assigned in run.iter().rev() {
            let juror = assigned.data["juror_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let application = assigned.data["application_id"]
                .as_str()
                .and_then(ApplicationId::parse);
            if let Some(application) = application {
                by_juror
                    .entry(juror)
                    .or_default()
                    .push(self.application(application)?.title);
            }
        }
        self.assignment_notices(event, &jury, &competition, stage, by_juror)
    }

    /// The hand assignments staff announced to one juror, in one notice.
    fn announced(&self, event: &RecordedEvent) -> Result<Composed, String> {
        let jury = self.fold::<Jury>(&event.stream, Some(event.revision))?;
        let Some(competition_id) = jury.competition_id else {
            return Ok(Vec::new());
        };
        let competition =
            self.fold::<Competition>(&stream_of::<Competition>(&competition_id), None)?;
        let stage = event.data["stage"].as_u64().unwrap_or_default() as usize;
        let juror = event.data["juror_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut titles = Vec::new();
        for application in event.data["applications"].as_array().into_iter().flatten() {
            if let Some(id) = application.as_str().and_then(ApplicationId::parse) {
                titles.push(self.application(id)?.title);
            }
        }
        let by_juror = std::collections::BTreeMap::from([(juror, titles)]);
        self.assignment_notices(event, &jury, &competition, stage, by_juror)
    }

    /// One assignment notice per juror, listing the titles of their new applications.
    fn assignment_notices(
        &self,
        event: &RecordedEvent,
        jury: &Jury,
        competition: &Competition,
        stage: usize,
        by_juror: std::collections::BTreeMap<String, Vec<String>>,
    ) -> Result<Composed, String> {
        let mut composed = Vec::new();
        for (juror_id, titles) in by_juror {
            if titles.is_empty() {
                continue;
            }
            let Some(juror) =
                crate::domain::ids::JurorId::parse(&juror_id).and_then(|id| jury.jurors.get(&id))
            else {
                continue;
            };
            let Ok(to) = EmailAddress::from_stored(&juror.email) else {
                continue;
            };
            let en = self.prefers_english(&to);
            let mail = JurorMail {
                en,
                salutation: salutation(en, &juror.name),
                signoff: self.signoff(en, competition)?,
                name: juror.name.clone(),
                competition: competition_name(competition),
                stage: stage_title(competition, stage),
                deadline: review_deadline(competition, stage, lang(en)),
                titles,
                reason: String::new(),
                link: format!("{}/jury", self.links.base_url),
            };
            composed.push(self.juror_message(event, "assignment", &juror_id, to, &mail)?);
        }
        Ok(composed)
    }

    /// The juror whose submitted review staff reopened: the reason, and where to revise.
    fn reopened_review(&self, event: &RecordedEvent) -> Result<Composed, String> {
        let decoded = decode::<Review>(event).map_err(|e| e.to_string())?;
        let crate::domain::review::ReviewEvent::ReviewReopened { key, reason, .. } = decoded else {
            return Ok(Vec::new());
        };
        let application = self.application(key.application)?;
        let competition = self.competition_of(&application)?;
        let Some(competition_id) = competition.id else {
            return Ok(Vec::new());
        };
        let jury = self.fold::<Jury>(&stream_of::<Jury>(&competition_id), None)?;
        let Some(juror) = jury.jurors.get(&key.juror) else {
            return Ok(Vec::new());
        };
        let Ok(to) = EmailAddress::from_stored(&juror.email) else {
            tracing::warn!(juror = %key.juror, "a juror without a valid address gets no notice");
            return Ok(Vec::new());
        };
        let en = self.prefers_english(&to);
        let mail = JurorMail {
            en,
            salutation: salutation(en, &juror.name),
            signoff: self.signoff(en, &competition)?,
            name: juror.name.clone(),
            competition: competition_name(&competition),
            stage: stage_title(&competition, key.stage),
            deadline: review_deadline(&competition, key.stage, lang(en)),
            titles: vec![application.title],
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

    /// A verification or reset link to the account's owner. A registration without a nonce
    /// (an account created verified) sends nothing.
    fn account_link(&self, event: &RecordedEvent, kind: &'static str) -> Result<Composed, String> {
        let nonce = event.data["nonce"]
            .as_str()
            .or_else(|| event.data["verification_nonce"].as_str());
        let Some(nonce) = nonce else {
            return Ok(Vec::new());
        };
        let account = self.fold::<Account>(&event.stream, Some(event.revision))?;
        let (Some(id), Some(to)) = (account.id, account.email.clone()) else {
            return Ok(Vec::new());
        };
        let (path, purpose) = if kind == "verification" {
            ("/konto/bestaetigen", Purpose::Verification)
        } else {
            ("/passwort-neu", Purpose::PasswordReset)
        };
        let en = account.language == Language::En;
        let mail = AccountMail {
            en,
            salutation: salutation(en, &account.name),
            signoff: signoff(en, "", &Default::default()).map_err(|e| e.to_string())?,
            name: account.name.clone(),
            link: self.links.signed(path, purpose, &id.to_string(), nonce),
            title: String::new(),
            competition: String::new(),
        };
        self.account_message(event, kind, to, &mail)
    }

    /// The invitation to co-edit an application, in the invited person's language if they
    /// have an account.
    fn invitation(&self, event: &RecordedEvent) -> Result<Composed, String> {
        let to: EmailAddress =
            serde_json::from_value(event.data["email"].clone()).map_err(|e| e.to_string())?;
        let application = self.fold::<Application>(&event.stream, Some(event.revision))?;
        let competition = self.competition_of(&application)?;
        let inviter = application
            .owner
            .map(|owner| self.fold::<Account>(&stream_of::<Account>(&owner), None))
            .transpose()?
            .map(|a| a.name)
            .unwrap_or_default();
        let en = self.prefers_english(&to);
        let mail = AccountMail {
            en,
            // The invited person's name if they have an account already.
            salutation: salutation(en, &self.account_name(&to)),
            signoff: self.signoff(en, &competition)?,
            name: inviter,
            link: format!("{}/anmelden?weiter=/antraege", self.links.base_url),
            title: application.title.clone(),
            competition: competition
                .setup
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
        };
        self.account_message(event, "editor-invitation", to, &mail)
    }

    /// The link with which an appointed juror joins: sets a password, states expertise and
    /// known conflicts.
    fn juror_invitation(&self, event: &RecordedEvent) -> Result<Composed, String> {
        let jury = self.fold::<Jury>(&event.stream, Some(event.revision))?;
        let (Some(competition_id), Some(juror_id), Some(nonce)) = (
            jury.competition_id,
            event.data["juror_id"]
                .as_str()
                .and_then(crate::domain::ids::JurorId::parse),
            event.data["nonce"].as_str(),
        ) else {
            return Ok(Vec::new());
        };
        let Some(juror) = jury.jurors.get(&juror_id) else {
            return Ok(Vec::new());
        };
        let to = EmailAddress::from_stored(&juror.email).map_err(|e| e.to_string())?;
        let competition =
            self.fold::<Competition>(&stream_of::<Competition>(&competition_id), None)?;
        let subject = format!("{competition_id}.{juror_id}");
        let en = self.prefers_english(&to);
        let mail = AccountMail {
            en,
            salutation: salutation(en, &juror.name),
            signoff: self.signoff(en, &competition)?,
            name: juror.name.clone(),
            link: self.links.signed_as(
                "/jury/einladung",
                "einladung",
                Purpose::JurorInvitation,
                &subject,
                nonce,
            ),
            title: String::new(),
            competition: competition
                .setup
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
        };
        self.account_message(event, "juror-invitation", to, &mail)
    }

    fn account_message(
        &self,
        event: &RecordedEvent,
        kind: &'static str,
        to: EmailAddress,
        mail: &AccountMail,
    ) -> Result<Composed, String> {
        let (subject, text, html) = render_account_mail(kind, mail).map_err(|e| e.to_string())?;
        let id = message_id(event.event_id, kind, &to, &self.domain);
        Ok(vec![(
            kind,
            OutgoingMessage {
                message_id: id,
                to,
                subject,
                text,
                html,
            },
        )])
    }

    /// Whether the person with this address chose English; German for everyone else.
    fn prefers_english(&self, email: &EmailAddress) -> bool {
        let stream = stream_of::<Account>(&account_id_for(email));
        self.fold::<Account>(&stream, None)
            .is_ok_and(|a| a.language == Language::En)
    }

    /// The applications to the competition created before `event`, as they are now.
    fn applications_of(
        &self,
        competition: &Competition,
        event: &RecordedEvent,
    ) -> Result<Vec<Application>, String> {
        let created = self
            .store
            .read_event_type(
                "ApplicationCreated",
                Direction::Forwards,
                ReadFrom::Start,
                usize::MAX,
            )
            .map_err(|e| e.to_string())?;
        let wanted = competition.id.map(|id| id.to_string());
        created
            .iter()
            .filter(|c| c.position < event.position)
            .filter(|c| c.data["competition_id"].as_str().map(String::from) == wanted)
            .map(|c| self.fold::<Application>(&c.stream, None))
            .collect()
    }

    fn time(&self, value: &serde_json::Value) -> Result<DateTime<Utc>, String> {
        serde_json::from_value(value.clone()).map_err(|e| e.to_string())
    }

    fn fold<A: Aggregate>(&self, stream: &StreamName, up_to: Option<u64>) -> Result<A, String> {
        let Some(revision) = up_to else {
            return load::<A>(&self.store, stream)
                .map(|(state, _)| state)
                .map_err(|e| e.to_string());
        };
        let history = self
            .store
            .read_stream(
                stream,
                Direction::Forwards,
                ReadFrom::Start,
                revision as usize + 1,
            )
            .map_err(|e| e.to_string())?;
        let mut state = A::default();
        for recorded in &history {
            state.apply(&decode::<A>(recorded).map_err(|e| e.to_string())?);
        }
        Ok(state)
    }

    fn application(&self, id: ApplicationId) -> Result<Application, String> {
        self.fold::<Application>(&stream_of::<Application>(&id), None)
    }

    fn competition_of(&self, application: &Application) -> Result<Competition, String> {
        match application.competition_id {
            Some(id) => self.fold::<Competition>(&stream_of::<Competition>(&id), None),
            None => Ok(Competition::default()),
        }
    }

    /// What every message about the application says; its link goes to the status page.
    fn mail(
        &self,
        application: &Application,
        competition: &Competition,
    ) -> Result<ApplicationMail, String> {
        let en = application
            .contact
            .as_ref()
            .is_some_and(|to| self.prefers_english(to));
        // The mail goes to the owner's address: greet the owner by their account's name.
        let name = match application.owner {
            Some(owner) => self
                .fold::<Account>(&stream_of::<Account>(&owner), None)
                .map(|a| a.name)
                .unwrap_or_default(),
            None => String::new(),
        };
        Ok(ApplicationMail {
            en,
            salutation: salutation(en, &name),
            link: application
                .id
                .map(|id| format!("{}/antraege/{id}/status", self.links.base_url))
                .unwrap_or_default(),
            next_stage: String::new(),
            next_deadline: String::new(),
            submitted: matches!(application.status, Status::Submitted { .. }),
            signoff: self.signoff(en, competition)?,
            title: application.title.clone(),
            competition: competition
                .setup
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            at: String::new(),
            partners: application
                .all_partners()
                .map(|p| {
                    let kind = if en {
                        p.kind.name_en()
                    } else {
                        p.kind.name_de()
                    };
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
        })
    }

    fn editor_link(&self, application: &Application) -> String {
        application
            .id
            .map(|id| format!("{}/antraege/{id}", self.links.base_url))
            .unwrap_or_default()
    }

    /// The signature and the competition's programme contact.
    fn signoff(&self, en: bool, competition: &Competition) -> Result<Signoff, String> {
        let contact = competition
            .setup
            .as_ref()
            .map(|s| s.contact.clone())
            .unwrap_or_default();
        signoff(en, &competition_name(competition), &contact).map_err(|e| e.to_string())
    }

    /// The name of the account with this address; empty if there is none.
    fn account_name(&self, email: &EmailAddress) -> String {
        let stream = stream_of::<Account>(&account_id_for(email));
        self.fold::<Account>(&stream, None)
            .map(|a| a.name)
            .unwrap_or_default()
    }

    /// The application's mean scores in a stage, from the submitted reviews of its jurors.
    fn released_scores(
        &self,
        competition: &Competition,
        stage: usize,
        application: ApplicationId,
        mail: &mut ApplicationMail,
    ) -> Result<(), String> {
        let (Some(id), Some(setup)) = (competition.id, competition.setup.as_ref()) else {
            return Ok(());
        };
        let Some(criteria) = setup.stages.get(stage).map(|s| &s.criteria) else {
            return Ok(());
        };
        let jury = self.fold::<Jury>(&stream_of::<Jury>(&id), None)?;
        let mut reviews = Vec::new();
        for juror in jury.jurors_of(stage, application) {
            let key = ReviewKey {
                application,
                stage,
                juror,
            };
            let review = self.fold::<Review>(&stream_of::<Review>(&key), None)?;
            if review.submitted_at.is_none() {
                continue;
            }
            let scores: Option<Vec<u8>> = review.scores.criteria.iter().map(|c| c.score).collect();
            if let Some(scores) = scores {
                reviews.push(SubmittedReview {
                    application,
                    juror,
                    scores,
                });
            }
        }
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
        let language = lang(mail.en);
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

    /// The message to the application's contact; none if it has no contact.
    fn message(
        &self,
        event: &RecordedEvent,
        kind: &'static str,
        discriminator: &str,
        application: &Application,
        mail: &ApplicationMail,
    ) -> Result<Option<(&'static str, OutgoingMessage)>, String> {
        let Some(to) = application.contact.clone() else {
            return Ok(None);
        };
        let (subject, text, html) = render(kind, mail).map_err(|e| e.to_string())?;
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

/// The language of a message that is written in English or not.
fn lang(en: bool) -> Language {
    if en { Language::En } else { Language::De }
}

fn competition_name(competition: &Competition) -> String {
    competition
        .setup
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

/// A stage's submission deadline as people read it: the current stage's with every extension.
fn submission_deadline(competition: &Competition, stage: usize, language: Language) -> String {
    let extended = competition.deadline.filter(|_| competition.stage == stage);
    competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(stage))
        .map(|s| berlin(extended.unwrap_or(s.submission_deadline), language))
        .unwrap_or_default()
}

fn review_deadline(competition: &Competition, stage: usize, language: Language) -> String {
    competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(stage))
        .map(|s| berlin(s.review_deadline, language))
        .unwrap_or_default()
}

fn stage_title(competition: &Competition, stage: usize) -> String {
    competition
        .setup
        .as_ref()
        .and_then(|s| s.stages.get(stage))
        .map(|s| s.title.clone())
        .unwrap_or_default()
}
