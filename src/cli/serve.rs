use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use crate::clock::SystemClock;
use crate::config::Settings;
use crate::email::compose::Composer;
use crate::email::dispatcher::Dispatcher;
use crate::email::mailer::{Mailer, SmtpSettings};
use crate::email::outbox::Outbox;
use crate::event_store::EventStore;
use crate::reminders::ReminderScheduler;
use crate::startup::Application;

pub async fn run(settings: Settings) -> anyhow::Result<ExitCode> {
    let app = Application::build(settings.clone()).await?;
    let dispatcher = dispatcher(&settings, app.store().clone())?;
    actix_web::rt::spawn(dispatcher.run());
    let scheduler = ReminderScheduler {
        store: app.store().clone(),
        clock: Arc::new(SystemClock),
    };
    actix_web::rt::spawn(scheduler.run());
    tracing::info!(
        data = %settings.data.display(),
        "wettbewerb listens on http://{}:{}",
        settings.listen.ip(),
        app.port()
    );
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

fn dispatcher(settings: &Settings, store: EventStore) -> anyhow::Result<Dispatcher> {
    let from: lettre::message::Mailbox = settings
        .mail_from
        .parse()
        .with_context(|| format!("mail_from {:?} is not a mailbox", settings.mail_from))?;
    let domain = from.email.domain().to_owned();
    let mailer = match &settings.smtp_host {
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
    };
    Ok(Dispatcher {
        outbox: Arc::new(Outbox::open(&settings.data.join("outbox"))?),
        composer: Composer::new(store.clone(), domain),
        store,
        mailer,
        clock: Arc::new(SystemClock),
    })
}
