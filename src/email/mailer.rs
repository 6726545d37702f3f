//! Where messages go: an SMTP server, `.eml` files under the data directory when no server is
//! configured, or memory for tests.
//!
//! A message counts as sent once its file is durable: lettre's file transport does not sync,
//! so a power loss could leave an empty file for a message the outbox had marked sent. The
//! files are written through `durable_file` instead, each named after its Message-ID, so a
//! message sent again after a crash replaces its own file rather than adding a second one.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::message::OutgoingMessage;
use crate::durable_file;

/// How the connection to the SMTP server is protected.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain text, e.g. to a relay on the same host.
    None,
    /// Upgrade with STARTTLS; the connection fails if the server does not offer it.
    Starttls,
    /// TLS from the first byte (SMTPS).
    Tls,
}

impl SmtpSecurity {
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::None => 25,
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub credentials: Option<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the message could not be built: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("the SMTP server refused or could not be reached: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("the message could not be written to a file: {0}")]
    File(#[from] std::io::Error),
    #[error("the mail server took longer than {0:?}")]
    TooSlow(std::time::Duration),
}

/// Messages kept in memory; tests read them.
#[derive(Debug, Clone, Default)]
pub struct MemoryMailbox(Arc<Mutex<Vec<OutgoingMessage>>>);

impl MemoryMailbox {
    pub fn messages(&self) -> Vec<OutgoingMessage> {
        self.0.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

#[derive(Clone)]
enum Backend {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(PathBuf),
    Memory(MemoryMailbox),
}

#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    backend: Backend,
}

impl Mailer {
    /// SMTP with the security chosen; STARTTLS and TLS verify the server's certificate.
    pub fn smtp(from: Mailbox, settings: &SmtpSettings) -> Result<Self, MailError> {
        type Smtp = AsyncSmtpTransport<Tokio1Executor>;
        let builder = match settings.security {
            SmtpSecurity::None => Smtp::builder_dangerous(&settings.host),
            SmtpSecurity::Starttls => Smtp::starttls_relay(&settings.host)?,
            SmtpSecurity::Tls => Smtp::relay(&settings.host)?,
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(std::time::Duration::from_secs(10)));
        if let Some((user, password)) = &settings.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self {
            from,
            backend: Backend::Smtp(builder.build()),
        })
    }

    /// Writes each message as `<id>.eml` into `dir`, which is created if missing.
    pub fn files(from: Mailbox, dir: PathBuf) -> std::io::Result<Self> {
        durable_file::create_dir_all(&dir)?;
        Ok(Self {
            from,
            backend: Backend::File(dir),
        })
    }

    pub fn memory(from: Mailbox) -> (Self, MemoryMailbox) {
        let mailbox = MemoryMailbox::default();
        (
            Self {
                from,
                backend: Backend::Memory(mailbox.clone()),
            },
            mailbox,
        )
    }

    pub async fn send(&self, message: &OutgoingMessage) -> Result<(), MailError> {
        match &self.backend {
            Backend::Smtp(smtp) => {
                smtp.send(message.to_mime(&self.from)?).await?;
            }
            Backend::File(dir) => {
                let formatted = message.to_mime(&self.from)?.formatted();
                let path = eml_path(dir, &message.message_id);
                tokio::task::spawn_blocking(move || durable_file::write(&path, &formatted))
                    .await
                    .map_err(std::io::Error::other)??;
            }
            Backend::Memory(mailbox) => {
                // Build it anyway, so a message that SMTP would refuse fails here too.
                message.to_mime(&self.from)?;
                if let Ok(mut messages) = mailbox.0.lock() {
                    messages.push(message.clone());
                }
            }
        }
        Ok(())
    }
}

/// The same Message-ID always gives the same file name, made of safe characters only.
fn eml_path(dir: &Path, message_id: &str) -> PathBuf {
    let name = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, message_id.as_bytes());
    dir.join(format!("{name}.eml"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::email_address::EmailAddress;

    fn message() -> OutgoingMessage {
        OutgoingMessage {
            message_id: "<0194a1b2-0000-7000-8000-000000000001@wettbewerb.example>".into(),
            to: EmailAddress::parse("koordination@optonet.de").unwrap(),
            subject: "Eingangsbestätigung: Photonik Jena".into(),
            text: "Ihr Antrag ist eingegangen.".into(),
            html: "<p>Ihr Antrag ist eingegangen.</p>".into(),
        }
    }

    fn from() -> Mailbox {
        "wettbewerb <noreply@wettbewerb.example>".parse().unwrap()
    }

    #[tokio::test]
    async fn without_smtp_messages_are_written_as_eml_files_with_their_message_id() {
        let dir = tempfile::TempDir::new().unwrap();
        let mailer = Mailer::files(from(), dir.path().join("mail")).unwrap();
        mailer.send(&message()).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path().join("mail"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].extension().unwrap(), "eml");
        let eml = std::fs::read_to_string(&files[0]).unwrap();
        assert!(
            eml.contains("Message-ID: <0194a1b2-0000-7000-8000-000000000001@wettbewerb.example>"),
            "{eml}"
        );
        assert!(eml.contains("To: koordination@optonet.de"), "{eml}");
        assert!(eml.contains("multipart/alternative"), "{eml}");
    }

    #[tokio::test]
    async fn a_message_sent_again_replaces_its_own_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let mailer = Mailer::files(from(), dir.path().join("mail")).unwrap();
        mailer.send(&message()).await.unwrap();
        mailer.send(&message()).await.unwrap();
        assert_eq!(
            std::fs::read_dir(dir.path().join("mail")).unwrap().count(),
            1
        );
    }

    #[tokio::test]
    async fn a_message_that_cannot_be_written_is_an_error() {
        let dir = tempfile::TempDir::new().unwrap();
        let mail = dir.path().join("mail");
        let mailer = Mailer::files(from(), mail.clone()).unwrap();
        // Where the folder was is now a file (a read-only folder would not stop root).
        std::fs::remove_dir(&mail).unwrap();
        std::fs::write(&mail, b"").unwrap();
        assert!(matches!(
            mailer.send(&message()).await,
            Err(MailError::File(_))
        ));
    }

    #[tokio::test]
    async fn the_memory_mailbox_keeps_what_was_sent() {
        let (mailer, mailbox) = Mailer::memory(from());
        mailer.send(&message()).await.unwrap();
        assert_eq!(mailbox.messages(), vec![message()]);
    }
}
