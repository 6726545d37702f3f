//! A circular (Rundschreiben): one message staff write to a group of people of a competition,
//! with placeholders filled per person. Who receives it is decided when it is sent and recorded
//! with it, each recipient with the values of the placeholders, so the list and the messages
//! never change afterwards, whatever happens to the applications and the jury later.
//!
//! Its id is chosen when the compose form is shown and comes back with the form; the one event
//! is appended to a stream that must not exist yet, so the same form sent twice (a double
//! click) sends once.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::Language;
use super::aggregate::Aggregate;
use super::application::Status;
use super::email_address::EmailAddress;
use super::ids::{CircularId, CompetitionId};
use crate::email::placeholders::{self, Part, PlaceholderProblem};

/// The most people one circular may reach: far above a competition's consortia and jurors, and
/// a bound on the work one send makes for the outbox.
pub const MAX_RECIPIENTS: usize = 5_000;

/// The placeholders a circular offers, in the order the compose page explains them.
pub const PLACEHOLDERS: &[&str] = &[
    "anrede",
    "name",
    "titel",
    "wettbewerb",
    "stufe",
    "frist",
    "link",
];

/// Which consortia of a stage: by the state of their application in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsortiumState {
    All,
    Draft,
    Submitted,
    Withdrawn,
    FormallyRejected,
}

impl ConsortiumState {
    pub const EVERY: [ConsortiumState; 5] = [
        ConsortiumState::All,
        ConsortiumState::Draft,
        ConsortiumState::Submitted,
        ConsortiumState::Withdrawn,
        ConsortiumState::FormallyRejected,
    ];

    /// Whether an application with `status` belongs to the group in `stage`.
    pub fn admits(self, status: Status, stage: usize) -> bool {
        if status.stage() != Some(stage) {
            return false;
        }
        match self {
            ConsortiumState::All => true,
            ConsortiumState::Draft => matches!(status, Status::Draft { .. }),
            ConsortiumState::Submitted => matches!(status, Status::Submitted { .. }),
            ConsortiumState::Withdrawn => matches!(status, Status::Withdrawn { .. }),
            ConsortiumState::FormallyRejected => {
                matches!(status, Status::FormallyRejected { .. })
            }
        }
    }
}

/// Whom a circular is for. Stages count from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// The consortia whose application is in the stage in that state.
    Consortia {
        stage: usize,
        state: ConsortiumState,
    },
    /// The jurors who still owe a review in the stage.
    JurorsWithOpenReviews { stage: usize },
    /// Every juror appointed to the competition.
    Jurors,
}

/// One person a circular reached, with the values its placeholders took for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub email: EmailAddress,
    /// The language of their messages, and of the signoff.
    pub language: Language,
    pub name: String,
    pub values: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum CircularEvent {
    CircularSent {
        circular_id: CircularId,
        competition_id: CompetitionId,
        audience: Audience,
        subject: String,
        body: String,
        recipients: Vec<Recipient>,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum CircularCommand {
    /// By programme staff: the recipients as the service found them for the audience now.
    Send {
        id: CircularId,
        competition_id: CompetitionId,
        audience: Audience,
        subject: String,
        body: String,
        recipients: Vec<Recipient>,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CircularError {
    #[error("the circular was sent already")]
    AlreadySent,
    #[error("the subject is refused: {0}")]
    Subject(PlaceholderProblem),
    #[error("the text is refused: {0}")]
    Body(PlaceholderProblem),
    #[error("nobody is in the chosen group")]
    NoRecipients,
    #[error("a circular may reach at most {max} people, not {given}")]
    TooManyRecipients { max: usize, given: usize },
}

/// A sent circular as it was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub id: CircularId,
    pub competition_id: CompetitionId,
    pub audience: Audience,
    pub subject: String,
    pub body: String,
    pub recipients: Vec<Recipient>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Circular {
    pub sent: Option<Sent>,
}

/// Checks the subject and the text against the placeholders a circular offers: the one rule
/// the compose page's preview and the send both follow.
pub fn check_texts(subject: &str, body: &str) -> Result<(), CircularError> {
    check_subject(subject)?;
    check_body(body)
}

pub fn check_subject(subject: &str) -> Result<(), CircularError> {
    placeholders::check(subject, Part::Subject, PLACEHOLDERS).map_err(CircularError::Subject)
}

pub fn check_body(body: &str) -> Result<(), CircularError> {
    placeholders::check(body, Part::Body, PLACEHOLDERS).map_err(CircularError::Body)
}

/// The recipients with every address once (the first entry of an address counts), refused when
/// there are none or too many.
pub fn distinct_recipients(recipients: Vec<Recipient>) -> Result<Vec<Recipient>, CircularError> {
    let mut seen = BTreeSet::new();
    let recipients: Vec<Recipient> = recipients
        .into_iter()
        .filter(|r| seen.insert(r.email.clone()))
        .collect();
    if recipients.is_empty() {
        return Err(CircularError::NoRecipients);
    }
    if recipients.len() > MAX_RECIPIENTS {
        return Err(CircularError::TooManyRecipients {
            max: MAX_RECIPIENTS,
            given: recipients.len(),
        });
    }
    Ok(recipients)
}

impl Aggregate for Circular {
    type Command = CircularCommand;
    type Event = CircularEvent;
    type Error = CircularError;
    const CATEGORY: &'static str = "circular";

    fn apply(&mut self, event: &CircularEvent) {
        let CircularEvent::CircularSent {
            circular_id,
            competition_id,
            audience,
            subject,
            body,
            recipients,
            at,
        } = event;
        self.sent = Some(Sent {
            id: *circular_id,
            competition_id: *competition_id,
            audience: *audience,
            subject: subject.clone(),
            body: body.clone(),
            recipients: recipients.clone(),
            at: *at,
        });
    }

    fn handle(&self, command: CircularCommand) -> Result<Vec<CircularEvent>, CircularError> {
        let CircularCommand::Send {
            id,
            competition_id,
            audience,
            subject,
            body,
            recipients,
            now,
        } = command;
        if self.sent.is_some() {
            return Err(CircularError::AlreadySent);
        }
        check_texts(&subject, &body)?;
        let recipients = distinct_recipients(recipients)?;
        Ok(vec![CircularEvent::CircularSent {
            circular_id: id,
            competition_id,
            audience,
            subject,
            body,
            recipients,
            at: now,
        }])
    }
}

#[cfg(test)]
#[path = "circular_tests.rs"]
mod tests;
