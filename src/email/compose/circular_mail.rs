//! A circular's messages: one per recipient recorded with it, filled with their values.

use super::reads::Reads;
use super::{Composed, Composer};
use crate::domain::circular::CircularEvent;
use crate::domain::competition::Competition;
use crate::email::circular_letter::letter;
use crate::email::message::{OutgoingMessage, message_id};
use crate::event_store::RecordedEvent;

impl Composer {
    pub(super) fn circular(
        &self,
        event: &RecordedEvent,
        reads: &Reads,
        circular: CircularEvent,
    ) -> Result<Composed, String> {
        let CircularEvent::CircularSent {
            competition_id,
            subject,
            body,
            recipients,
            ..
        } = circular;
        let competition = reads.of::<Competition>(&competition_id)?;
        let mut composed = Vec::with_capacity(recipients.len());
        for recipient in &recipients {
            let signoff = self.signoff(recipient.language, &competition)?;
            // One recipient whose values cannot be filled must not cost the others their mail.
            let letter = match letter(&subject, &body, recipient, &signoff) {
                Ok(letter) => letter,
                Err(reason) => {
                    tracing::error!(position = event.position.0, %reason, "no circular for a recipient");
                    continue;
                }
            };
            composed.push((
                "circular",
                OutgoingMessage {
                    message_id: message_id(
                        event.event_id,
                        "circular",
                        &recipient.email,
                        &self.domain,
                    ),
                    to: recipient.email.clone(),
                    subject: letter.subject,
                    text: letter.text,
                    html: letter.html,
                },
            ));
        }
        Ok(composed)
    }
}
