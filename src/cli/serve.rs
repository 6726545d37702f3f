use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use super::{MailArgs, ServeArgs};
use crate::clock::SystemClock;
use crate::config::Settings;
use crate::email::compose::Composer;
use crate::email::dispatcher::Dispatcher;
use crate::email::mailer::{Mailer, SmtpSettings};
use crate::email::outbox::Outbox;
use crate::event_store::EventStore;
use crate::reminders::ReminderScheduler;
use crate::startup::Application;

pub async fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings {
        data_dir: args.data.data,
        listen: args.listen,
    };
    let app = Application::build(settings.clone()).await?;
    let dispatcher = dispatcher(&args.mail, &settings, app.store().clone())?;
    actix_web::rt::spawn(dispatcher.run());
    let scheduler = ReminderScheduler {
        store: app.store().clone(),
        clock: Arc::new(SystemClock),
    };
    actix_web::rt::spawn(scheduler.run());
    tracing::info!(
        data = %settings.data_dir.display(),
        "wettbewerb listens on http://{}:{}",
        settings.listen.ip(),
        app.port()
    );
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

fn dispatcher(
    mail: &MailArgs,
    settings: &Settings,
    store: EventStore,
) -> anyhow::Result<Dispatcher> {
    let from: lettre::message::Mailbox = mail
        .mail_from
        .parse()
        .with_context(|| format!("WETTBEWERB_MAIL_FROM {:?} is not a mailbox", mail.mail_from))?;
    let domain = from.email.domain().to_owned();
    let mailer = match &mail.smtp_host {
        Some(host) => {
            let security = mail.smtp_security;
            let port = mail.smtp_port.unwrap_or(security.default_port());
            tracing::info!(%host, port, ?security, "mail goes to SMTP");
            let credentials = mail.smtp_user.clone().zip(mail.smtp_password.clone());
            let settings = SmtpSettings {
                host: host.clone(),
                port,
                security,
                credentials,
            };
            Mailer::smtp(from, &settings)?
        }
        None => {
            let dir = settings.data_dir.join("mail");
            tracing::info!(dir = %dir.display(), "no SMTP host configured; mail is written to files");
            Mailer::files(from, dir)?
        }
    };
    Ok(Dispatcher {
        outbox: Arc::new(Outbox::open(&settings.data_dir.join("outbox"))?),
        composer: Composer::new(store.clone(), domain),
        store,
        mailer,
        clock: Arc::new(SystemClock),
    })
}
