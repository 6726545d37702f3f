//! A message ready to send. Its Message-ID is derived from the event that caused it and the
//! recipient, so a message sent again after a crash carries the same id and is recognisable.

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::email_address::EmailAddress;
use crate::event_store::EventId;

/// Namespace of wettbewerb's message ids (a fixed, random UUID).
const MESSAGE_NAMESPACE: Uuid = Uuid::from_u128(0x6d2f_1c9a_4b7e_4f0e_9a51_3c8d_7e20_b4a1);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMessage {
    /// `<uuid@domain>`, the same for the same event and recipient.
    pub message_id: String,
    pub to: EmailAddress,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The Message-ID for the message `kind` that `event` causes for `recipient`.
pub fn message_id(event: EventId, kind: &str, recipient: &EmailAddress, domain: &str) -> String {
    let name = format!("{event}/{kind}/{recipient}");
    format!(
        "<{}@{domain}>",
        Uuid::new_v5(&MESSAGE_NAMESPACE, name.as_bytes())
    )
}

impl OutgoingMessage {
    /// The MIME message: plain text and HTML as alternatives.
    pub fn to_mime(&self, from: &Mailbox) -> Result<lettre::Message, lettre::error::Error> {
        // Only an address an older version accepted can fail here: it has no valid recipient.
        let to =
            super::address::to_lettre(&self.to).map_err(|_| lettre::error::Error::MissingTo)?;
        lettre::Message::builder()
            .from(from.clone())
            .to(Mailbox::new(None, to))
            .subject(&self.subject)
            .message_id(Some(self.message_id.clone()))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(self.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(self.html.clone()),
                    ),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_event_and_recipient_give_the_same_message_id() {
        let event = EventId::new();
        let anna = EmailAddress::parse("anna@uni-jena.de").unwrap();
        let ben = EmailAddress::parse("ben@uni-jena.de").unwrap();
        let id = message_id(event, "receipt", &anna, "wettbewerb.example");
        assert_eq!(
            id,
            message_id(event, "receipt", &anna, "wettbewerb.example")
        );
        assert_ne!(id, message_id(event, "receipt", &ben, "wettbewerb.example"));
        assert_ne!(
            id,
            message_id(event, "reminder", &anna, "wettbewerb.example")
        );
        assert_ne!(
            id,
            message_id(EventId::new(), "receipt", &anna, "wettbewerb.example")
        );
        assert!(id.starts_with('<') && id.ends_with("@wettbewerb.example>"));
    }
}
