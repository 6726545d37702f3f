//! The outbox worker as the settings describe it: SMTP when a host is configured, otherwise
//! `.eml` files under the data directory.

use std::sync::Arc;

use anyhow::Context;

use super::compose::{Composer, MailLinks};
use super::dispatcher::Dispatcher;
use super::mailer::{Mailer, SmtpSettings};
use super::outbox::Outbox;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::email_address::EmailAddress;
use crate::event_store::EventStore;
use crate::security::links::LinkSigner;

pub fn mailer(settings: &Settings) -> anyhow::Result<Mailer> {
    let from: lettre::message::Mailbox = settings
        .mail_from
        .parse()
        .with_context(|| format!("mail_from {:?} is not a mailbox", settings.mail_from))?;
    Ok(match &settings.smtp_host {
        Some(host) => {
            let security = settings.smtp_security;
            let port = settings.smtp_port.unwrap_or(security.default_port());
            tracing::info!(%host, port, ?security, "mail goes to SMTP");
            let credentials = settings
                .smtp_user
                .clone()
                .zip(settings.smtp_password.clone());
            let smtp = SmtpSettings {
                host: host.clone(),
                port,
                security,
                credentials,
            };
            Mailer::smtp(from, &smtp)?
        }
        None => {
            let dir = settings.data.join("mail");
            tracing::info!(dir = %dir.display(), "no SMTP host configured; mail is written to files");
            Mailer::files(from, dir)?
        }
    })
}

pub fn dispatcher(
    settings: &Settings,
    store: EventStore,
    clock: Arc<dyn Clock>,
    signer: LinkSigner,
    codec: Arc<crate::personal::codec::PersonalCodec>,
    accessibility_contact: Option<EmailAddress>,
    facts: crate::app::FactCache,
) -> anyhow::Result<Dispatcher> {
    let mailer = mailer(settings)?;
    let domain = settings
        .mail_from
        .parse::<lettre::message::Mailbox>()
        .map(|m| m.email.domain().to_owned())
        .unwrap_or_else(|_| "wettbewerb.localhost".into());
    let links = MailLinks {
        base_url: settings.public_base_url.trim_end_matches('/').to_owned(),
        signer,
    };
    Ok(Dispatcher {
        outbox: Arc::new(Outbox::open_sealed(&settings.data.join("outbox"), codec)?),
        composer: Composer::new(store.clone(), domain, links)
            .with_accessibility_contact(accessibility_contact)
            .with_facts(facts),
        store,
        mailer,
        clock,
        deliveries: None,
    })
}
