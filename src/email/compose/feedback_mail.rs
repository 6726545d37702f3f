//! Feedback on accessibility to the configured accessibility contact: who wrote (if they said),
//! where an answer can go, the message, and the staff's list of all feedback.

use askama::Template;

use super::{Composed, Composer};
use crate::domain::accessibility_feedback::FeedbackEvent;
use crate::domain::account::Language;
use crate::email::message::{OutgoingMessage, message_id};
use crate::event_store::RecordedEvent;
use crate::time_display::berlin;

/// The outbox's kind of these messages, and their template folder.
pub const KIND: &str = "accessibility-feedback";

/// What the message says, in the language the feedback was written in.
pub struct FeedbackMail {
    pub language: Language,
    pub at: String,
    pub name: String,
    pub email: String,
    pub message: String,
    /// The staff's list of feedback.
    pub link: String,
}

#[derive(Template)]
#[template(path = "email/accessibility-feedback/subject.txt")]
struct Subject<'a> {
    m: &'a FeedbackMail,
}
#[derive(Template)]
#[template(path = "email/accessibility-feedback/body.txt")]
struct Text<'a> {
    m: &'a FeedbackMail,
}
#[derive(Template)]
#[template(path = "email/accessibility-feedback/body.html")]
struct Html<'a> {
    m: &'a FeedbackMail,
}

impl Composer {
    /// The message to the accessibility contact; none where no contact is configured.
    pub(super) fn feedback(
        &self,
        event: &RecordedEvent,
        feedback: FeedbackEvent,
    ) -> Result<Composed, String> {
        let Some(to) = self.accessibility_contact.clone() else {
            return Ok(Vec::new());
        };
        let FeedbackEvent::AccessibilityFeedbackReceived {
            name,
            email,
            message,
            language,
            at,
            ..
        } = feedback;
        let m = FeedbackMail {
            language,
            at: berlin(at, language),
            name,
            email: email.map(|e| e.to_string()).unwrap_or_default(),
            message,
            link: format!("{}/verwaltung/rueckmeldungen", self.links.base_url),
        };
        let render = || -> Result<_, askama::Error> {
            Ok((
                Subject { m: &m }.render()?,
                Text { m: &m }.render()?,
                Html { m: &m }.render()?,
            ))
        };
        let (subject, text, html) = render().map_err(|e| e.to_string())?;
        Ok(vec![(
            KIND,
            OutgoingMessage {
                message_id: message_id(event.event_id, KIND, &to, &self.domain),
                to,
                subject: subject.trim().to_owned(),
                text,
                html,
            },
        )])
    }
}
