//! E-mail through the outbox, delivered to a real SMTP server started by the tests.

mod mail_texts;
mod outbox;
mod reminders;
mod restart;
mod smtp;

/// Links as the service would sign them, under a fixed test secret.
pub fn test_links() -> wettbewerb::email::compose::MailLinks {
    let secret = wettbewerb::security::secret::Secret::from_configured(&"k".repeat(64)).unwrap();
    wettbewerb::email::compose::MailLinks {
        base_url: "http://wettbewerb.test".into(),
        signer: wettbewerb::security::links::LinkSigner::new(&secret),
    }
}
