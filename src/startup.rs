//! Builds the whole service around one data directory: the log, the read models, the outbox
//! worker, the process managers, the reminder scheduler and the web application. The route table lives in `web`.

use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity};
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, DefaultHeaders, ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web::Data};

use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::documents::DocumentStore;
use crate::email;
use crate::event_store::EventStore;
use crate::projections::snapshot::Snapshots;
use crate::projections::{ReadModels, run_projector, run_snapshots};
use crate::reminders::ReminderScheduler;
use crate::security::links::LinkSigner;
use crate::security::secret::Secret;
use crate::web;
use crate::web::state::{AppState, AttemptLimiter};

/// What a test or a demo may replace.
#[derive(Clone)]
pub struct Services {
    pub clock: Arc<dyn Clock>,
    /// How often the retention scheduler looks for data whose period has passed.
    pub retention_every: std::time::Duration,
}

impl Default for Services {
    fn default() -> Self {
        Self {
            clock: Arc::new(SystemClock),
            retention_every: std::time::Duration::from_secs(3600),
        }
    }
}

pub struct Application {
    port: u16,
    server: Server,
    store: EventStore,
    models: Arc<ReadModels>,
    snapshots: Arc<Snapshots>,
    background: Background,
}

/// How often the read models' snapshots are written while the log moves (and on shutdown).
const SNAPSHOT_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// The projector, the outbox, the process managers and the reminder scheduler run on a runtime of their own. The
/// outbox's catch-up over a large log is synchronous work; on the server's runtime it held up
/// the projector, and with it every POST waiting for the read models to show its write.
struct Background {
    runtime: Option<tokio::runtime::Runtime>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for Background {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        // Dropping a runtime may not block inside another runtime; this does not wait.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Application {
    /// Opens the store under the data directory and binds the listen address (port 0 picks one).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with(settings, Services::default()).await
    }

    pub async fn build_with(settings: Settings, services: Services) -> anyhow::Result<Self> {
        let started = std::time::Instant::now();
        // A setting that is wrong stops the start before anything is opened.
        let operator = web::operator::Operator::from_settings(&settings)?;
        let opening = settings.clone();
        let (shared, codec) = tokio::task::spawn_blocking(move || {
            let shared = crate::cluster::open::shared_database(&opening)?;
            let codec = crate::cluster::open::codec(&opening, shared.as_ref())?;
            Ok::<_, anyhow::Error>((shared, codec))
        })
        .await??;
        let options = crate::cluster::open::store_options(&settings, codec.clone())?;
        let snapshots = Arc::new(Snapshots::open(&settings.data.join("snapshots"))?);
        // The read models' snapshots are read and decoded while the log opens; they are checked
        // against the log once it is open. Pages are complete from the first request on: the
        // read models start from their snapshots and replay what came after them first.
        let reading = snapshots.clone();
        let (store, found) = tokio::task::spawn_blocking(move || {
            std::thread::scope(|scope| {
                let found = scope.spawn(|| ReadModels::read_snapshots(&reading));
                let store = EventStore::open(options);
                tracing::info!(ms = started.elapsed().as_millis(), "the log is open");
                let found = found
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                Ok::<_, crate::event_store::StoreError>((store?, found))
            })
        })
        .await??;
        tracing::info!(ms = started.elapsed().as_millis(), "snapshots read");
        snapshots.remove_leftovers();
        let secret = match (&settings.session_secret, &shared) {
            (Some(text), _) => Secret::from_configured(text)?,
            // Every instance signs and checks cookies and links with the same secret.
            (None, Some(shared)) => Secret::from_bytes(crate::cluster::secrets::shared_secret(
                shared,
                "service",
                crate::security::secret::SECRET_LEN,
            )?)?,
            (None, None) => Secret::load_or_create(&settings.data)?,
        };
        // An erasure recorded in the log whose keys are still here (a crash right after the
        // event, or a backup restored with its later events) is carried out now, before any
        // page reads the person's data; snapshots may hold it, so the models replay the log.
        let erasures_from = store.committed_count();
        let mut erased_now =
            crate::usecases::personal_data_erasure::apply_recorded(&store, &codec)?;
        if shared.is_some() && crate::cluster::erasures::catch_up_at_start(&store, &settings.data)?
        {
            // Keys erased by another instance are gone from the database, so none was
            // deleted here; the snapshots are what must not be trusted.
            erased_now = erased_now.max(1);
        }
        if erased_now > 0 {
            crate::personal::forget::forget(&settings.data, &[], false)?;
            tracing::info!(
                keys = erased_now,
                "recorded erasures applied to the key store"
            );
        }
        let models = Arc::new(ReadModels::default());
        let replay = (store.clone(), models.clone(), snapshots.clone());
        let (restored, replayed) = tokio::task::spawn_blocking(move || {
            let restored = if erased_now > 0 {
                0
            } else {
                replay.1.restore_found(&replay.2, found, &replay.0)?
            };
            let replayed = crate::projections::catch_up(&replay.0, &replay.1)?;
            Ok::<_, crate::event_store::StoreError>((restored, replayed))
        })
        .await??;
        tracing::info!(
            ms = started.elapsed().as_millis(),
            snapshots = restored,
            events = replayed,
            "read models are ready"
        );
        // Snapshots that are current need no new ones until the log moves.
        let written = (replayed == 0).then(|| models.applied()).flatten();

        let links = LinkSigner::new(&secret);
        // Shared by the use cases and the outbox's messages, and cleared for both by an erasure.
        let facts = crate::app::FactCache::default();
        // Retries wait for the mail server in real time, whatever clock the domain runs on.
        let mut dispatcher = email::setup::dispatcher(
            &settings,
            store.clone(),
            Arc::new(SystemClock),
            links.clone(),
            codec.clone(),
            operator.accessibility_contact.clone(),
            facts.clone(),
        )?;
        dispatcher.composer.read_models(models.clone());
        if let (Some(shared), Some(url)) = (&shared, crate::cluster::open::postgres_url(&settings)?)
        {
            let lease = crate::cluster::lease::Lease::compete(url, &shared.log_id()?, "outbox")?;
            dispatcher.deliveries = Some(crate::cluster::deliveries::Deliveries::new(
                shared.clone(),
                lease,
            ));
        }
        let scheduler = ReminderScheduler {
            store: store.clone(),
            clock: services.clock.clone(),
        };
        let outbox = dispatcher.outbox.clone();
        let checkpoint = crate::processes::Checkpoint::open(&settings.data.join("processes"))?;
        let (processes, progress) = crate::processes::Runner::new(store.clone(), checkpoint)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("wettbewerb-background")
            .enable_all()
            .build()?;
        let tasks = vec![
            runtime.spawn(run_projector(store.clone(), models.clone())),
            runtime.spawn(run_snapshots(
                store.clone(),
                models.clone(),
                snapshots.clone(),
                SNAPSHOT_EVERY,
                written,
            )),
            runtime.spawn(dispatcher.run()),
            runtime.spawn(processes.run()),
            runtime.spawn(scheduler.run()),
        ];
        let mut background = Background {
            runtime: Some(runtime),
            tasks,
        };

        let attempts = shared
            .clone()
            .map(crate::cluster::attempts::SharedAttempts::new);
        let state = Data::new(AppState {
            store: store.clone(),
            facts,
            models: models.clone(),
            clock: services.clock.clone(),
            links,
            documents: match &shared {
                Some(shared) => DocumentStore::shared(&settings.data, shared.clone()),
                None => DocumentStore::open(&settings.data)?,
            },
            upload_limit: settings.upload_limit,
            login_attempts: AttemptLimiter::logins().shared_as(attempts.clone(), "logins"),
            mail_requests: AttemptLimiter::mail_requests()
                .shared_as(attempts.clone(), "mail_requests"),
            registrations: AttemptLimiter::registrations(settings.registrations_per_hour)
                .shared_as(attempts.clone(), "registrations"),
            editor_invitations: AttemptLimiter::editor_invitations()
                .shared_as(attempts.clone(), "editor_invitations"),
            data_downloads: AttemptLimiter::data_downloads()
                .shared_as(attempts.clone(), "data_downloads"),
            trusted_proxies: settings.trusted_proxies.clone(),
            proxy_header: settings.proxy_header,
            outbox,
            processes: progress,
            operator,
            feedback: AttemptLimiter::feedback().shared_as(attempts.clone(), "feedback"),
            public_base_url: settings.public_base_url.trim_end_matches('/').to_owned(),
            personal: codec,
            data: settings.data.clone(),
            second_factor_key: crate::security::totp::SecondFactorKey::new(&secret),
            second_factor: settings.second_factor,
        });
        let retention_lease = match (crate::cluster::open::postgres_url(&settings)?, &shared) {
            (Some(url), Some(shared)) => {
                crate::cluster::lease::Lease::compete(url, &shared.log_id()?, "retention")?
            }
            _ => crate::cluster::lease::Lease::sole(),
        };
        if let Some(runtime) = &background.runtime {
            background.tasks.push(runtime.spawn(crate::retention::run(
                state.clone(),
                services.retention_every,
                retention_lease,
            )));
            if shared.is_some() {
                background
                    .tasks
                    .push(runtime.spawn(crate::cluster::erasures::follow(
                        state.clone(),
                        erasures_from,
                    )));
            }
        }
        let store_data = Data::new(store.clone());
        let key = Key::derive_from(secret.bytes());
        let secure = settings.public_base_url.starts_with("https://");
        let listener = TcpListener::bind(settings.listen)?;
        let port = listener.local_addr()?.port();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(store_data.clone())
                .wrap(from_fn(web::read_your_writes::middleware))
                .wrap(ErrorHandlers::new().default_handler(web::error::error_page))
                .wrap(
                    SessionMiddleware::builder(CookieSessionStore::default(), key.clone())
                        .cookie_name("wettbewerb".into())
                        .cookie_secure(secure)
                        .cookie_http_only(true)
                        .cookie_same_site(SameSite::Lax)
                        .cookie_content_security(CookieContentSecurity::Private)
                        .session_lifecycle(BrowserSession::default())
                        .build(),
                )
                .wrap(security_headers())
                // gzip, brotli or zstd as the browser asks; PDFs opt out (see documents.rs).
                .wrap(Compress::default())
                // Inside the request log, which names the id this sets on the response.
                .wrap(from_fn(web::request_id::middleware))
                .wrap(web::request_log::logger())
                .configure(web::routes)
        })
        .listen(listener)?
        .run();
        Ok(Self {
            port,
            server,
            store,
            models,
            snapshots,
            background,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn store(&self) -> &EventStore {
        &self.store
    }

    pub fn read_models(&self) -> &Arc<ReadModels> {
        &self.models
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        drop(self.background);
        // The next start replays only what came after these.
        let (store, models, snapshots) = (self.store, self.models, self.snapshots);
        match tokio::task::spawn_blocking(move || models.save(&snapshots, &store)).await {
            Ok(Ok(())) => tracing::info!("read models' snapshots written"),
            Ok(Err(error)) => {
                tracing::error!(%error, "the read models' snapshots were not written")
            }
            Err(error) => tracing::error!(%error, "writing the read models' snapshots failed"),
        }
        result
    }
}

fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        .add((
            "Content-Security-Policy",
            "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
}
