//! Feedback on the service's accessibility (Rückmeldung zur Barrierefreiheit), as BITV 2.0
//! requires a channel for it: anyone may write, with or without a name and an address. Each
//! message is a stream of its own with one event; staff read them in the list of feedback and
//! the configured accessibility contact gets each by mail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::Language;
use super::aggregate::Aggregate;
use super::email_address::EmailAddress;
use super::ids::FeedbackId;
use super::text::{TextError, check_line};

/// The longest message: enough for a detailed description of a barrier, short enough for a
/// mail and a list of them.
pub const MAX_MESSAGE_CHARS: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum FeedbackEvent {
    AccessibilityFeedbackReceived {
        feedback_id: FeedbackId,
        /// Empty when the writer gave none.
        name: String,
        /// Where an answer can go, if the writer gave one.
        email: Option<EmailAddress>,
        message: String,
        /// The language of the page it was written on.
        language: Language,
        at: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum FeedbackCommand {
    Give {
        id: FeedbackId,
        name: String,
        email: Option<EmailAddress>,
        message: String,
        language: Language,
        now: DateTime<Utc>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackError {
    #[error("this feedback was received already")]
    AlreadyReceived,
    #[error("the message is empty")]
    EmptyMessage,
    #[error("the message has {given} characters, at most {max} are taken")]
    MessageTooLong { max: usize, given: usize },
    #[error("the name is refused: {0}")]
    Name(TextError),
}

/// One message of feedback as it was received.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub id: FeedbackId,
    pub name: String,
    pub email: Option<EmailAddress>,
    pub message: String,
    pub language: Language,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccessibilityFeedback {
    pub received: Option<Received>,
}

/// The message's rule, for the form (every reason at once) and the command alike.
pub fn check_message(message: &str) -> Result<(), FeedbackError> {
    if message.trim().is_empty() {
        return Err(FeedbackError::EmptyMessage);
    }
    let given = message.chars().count();
    if given > MAX_MESSAGE_CHARS {
        return Err(FeedbackError::MessageTooLong {
            max: MAX_MESSAGE_CHARS,
            given,
        });
    }
    Ok(())
}

pub fn check_name(name: &str) -> Result<(), FeedbackError> {
    check_line(name).map_err(FeedbackError::Name)
}

impl Aggregate for AccessibilityFeedback {
    type Command = FeedbackCommand;
    type Event = FeedbackEvent;
    type Error = FeedbackError;
    const CATEGORY: &'static str = "feedback";

    fn apply(&mut self, event: &FeedbackEvent) {
        let FeedbackEvent::AccessibilityFeedbackReceived {
            feedback_id,
            name,
            email,
            message,
            language,
            at,
        } = event;
        self.received = Some(Received {
            id: *feedback_id,
            name: name.clone(),
            email: email.clone(),
            message: message.clone(),
            language: *language,
            at: *at,
        });
    }

    fn handle(&self, command: FeedbackCommand) -> Result<Vec<FeedbackEvent>, FeedbackError> {
        let FeedbackCommand::Give {
            id,
            name,
            email,
            message,
            language,
            now,
        } = command;
        if self.received.is_some() {
            return Err(FeedbackError::AlreadyReceived);
        }
        let name = name.trim().to_owned();
        check_name(&name)?;
        check_message(&message)?;
        Ok(vec![FeedbackEvent::AccessibilityFeedbackReceived {
            feedback_id: id,
            name,
            email,
            message: message.trim_end().to_owned(),
            language,
            at: now,
        }])
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::aggregate::testing::given;

    fn give(name: &str, message: &str) -> FeedbackCommand {
        FeedbackCommand::Give {
            id: FeedbackId::from_uuid(uuid::Uuid::from_u128(7)),
            name: name.into(),
            email: EmailAddress::parse("leser@example.org").ok(),
            message: message.into(),
            language: Language::De,
            now: Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap(),
        }
    }

    #[test]
    fn feedback_is_received_once_with_the_name_trimmed() {
        let events = given::<AccessibilityFeedback>(vec![])
            .when(give("  Petra Leser ", "Der Kontrast ist zu schwach.\n"))
            .unwrap();
        let [
            FeedbackEvent::AccessibilityFeedbackReceived {
                name,
                message,
                email,
                ..
            },
        ] = events.as_slice()
        else {
            panic!("{events:?}");
        };
        assert_eq!(name, "Petra Leser");
        assert_eq!(message, "Der Kontrast ist zu schwach.");
        assert_eq!(
            email.as_ref().map(|e| e.as_str()),
            Some("leser@example.org")
        );
        assert_eq!(
            given::<AccessibilityFeedback>(events).when(give("", "Noch einmal")),
            Err(FeedbackError::AlreadyReceived)
        );
    }

    #[test]
    fn an_empty_or_over_long_message_and_a_name_with_a_line_break_are_refused() {
        let empty = given::<AccessibilityFeedback>(vec![]).when(give("", " \n "));
        assert_eq!(empty, Err(FeedbackError::EmptyMessage));
        let long = "x".repeat(MAX_MESSAGE_CHARS + 1);
        assert_eq!(
            given::<AccessibilityFeedback>(vec![]).when(give("", &long)),
            Err(FeedbackError::MessageTooLong {
                max: MAX_MESSAGE_CHARS,
                given: MAX_MESSAGE_CHARS + 1
            })
        );
        let longest = "ä".repeat(MAX_MESSAGE_CHARS);
        assert!(
            given::<AccessibilityFeedback>(vec![])
                .when(give("", &longest))
                .is_ok()
        );
        assert_eq!(
            given::<AccessibilityFeedback>(vec![]).when(give("Petra\nLeser", "Hallo")),
            Err(FeedbackError::Name(TextError::LineBreak))
        );
    }
}
