//! Which events cause which messages, to whom, saying what: `events` decodes an event and
//! picks the mail it makes, `application_mail`, `juror_mail` and `account_mail` gather what
//! each message says, `recipients` who receives it, `reads` the streams it reads.

mod account_mail;
mod application_mail;
mod circular_mail;
mod correction_mail;
pub mod events;
mod feedback_mail;
mod juror_mail;
mod own_texts;
mod reads;
mod recipients;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::message::OutgoingMessage;
use super::outbox::OutboxEntry;
use super::signoff::{Signoff, competition_signoff};
use crate::app::FactCache;
use crate::domain::account::Language;
use crate::domain::competition::Competition;
use crate::domain::email_address::EmailAddress;
use crate::event_store::{EventStore, RecordedEvent};
use crate::projections::ReadModels;
use crate::security::links::{LinkSigner, Purpose};
use crate::time_display::berlin;
use reads::Reads;
use recipients::ApplicationIndex;

pub struct Composer {
    store: EventStore,
    /// The domain part of Message-IDs.
    domain: String,
    links: MailLinks,
    /// The applications of each competition, read from the log once and then only what is new.
    applications: Mutex<ApplicationIndex>,
    /// Where feedback on accessibility is sent (`accessibility_contact`); none: not sent.
    accessibility_contact: Option<EmailAddress>,
    /// The streams messages read as they are now (a competition, an account), kept folded
    /// between events: a receipt per submission reads the competition's new events only, not
    /// its whole stream.
    facts: FactCache,
    /// The read models, where an application stands at the revision a message is about more
    /// often than not: its state is taken from there instead of its stream folded again.
    models: Option<Arc<ReadModels>>,
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
            applications: Mutex::default(),
            accessibility_contact: None,
            facts: FactCache::default(),
            models: None,
        }
    }

    /// Keeps the folded streams in `facts`, the service's cache that an erasure clears.
    pub fn with_facts(mut self, facts: FactCache) -> Self {
        self.facts = facts;
        self
    }

    /// Takes an application's state from the read models where they stand at the revision a
    /// message is about.
    pub fn read_models(&mut self, models: Arc<ReadModels>) {
        self.models = Some(models);
    }

    /// Sends each feedback on accessibility to this address.
    pub fn with_accessibility_contact(mut self, contact: Option<EmailAddress>) -> Self {
        self.accessibility_contact = contact;
        self
    }

    /// The messages an event causes. An event that cannot be read (or decoded) is logged and
    /// skipped, so one bad event never holds up every later message.
    pub fn messages_for(&self, event: &RecordedEvent, now: DateTime<Utc>) -> Vec<OutboxEntry> {
        let reads = Reads::new(&self.store, &self.facts, self.models.as_deref());
        let composed = events::decoded(event).and_then(|decoded| match decoded {
            Some(decoded) => self.compose(event, decoded, &reads),
            None => Ok(Vec::new()),
        });
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

    /// The signature and the competition's programme contact.
    fn signoff(&self, language: Language, competition: &Competition) -> Result<Signoff, String> {
        competition_signoff(language, competition).map_err(|e| e.to_string())
    }
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

#[cfg(test)]
mod tests;
