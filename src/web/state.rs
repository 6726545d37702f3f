//! What every handler can reach: the log, the read models, the clock, links and documents.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::session::CurrentUser;
use crate::app::{self, Actor, ExecuteError, Executed, back_off};
use crate::clock::Clock;
use crate::command_log::logged;
use crate::documents::DocumentStore;
use crate::domain::account::account_id_for;
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, ApplicationCommand, ApplicationError};
use crate::domain::competition::{
    Competition, CompetitionCommand, CompetitionError, CompetitionEvent,
};
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::ApplicationId;
use crate::email::outbox::Outbox;
use crate::event_store::EventStore;
use crate::event_store::StreamName;
use crate::projections::ReadModels;
use crate::security::links::LinkSigner;

/// How often a command that depends on no form runs again after a concurrent write.
const MAX_RETRIES: u32 = 10;

pub struct AppState {
    pub store: EventStore,
    /// The facts the use cases folded recently (`app::FactCache`).
    pub facts: app::FactCache,
    pub models: Arc<ReadModels>,
    pub clock: Arc<dyn Clock>,
    pub links: LinkSigner,
    pub documents: DocumentStore,
    pub upload_limit: u64,
    pub login_attempts: AttemptLimiter,
    pub mail_requests: AttemptLimiter,
    pub registrations: AttemptLimiter,
    pub editor_invitations: AttemptLimiter,
    /// Downloads of a person's own data (Art. 15): each reads the whole log.
    pub data_downloads: AttemptLimiter,
    /// Whose forwarding headers name the client (`web/client.rs`).
    pub trusted_proxies: crate::config::TrustedProxies,
    pub proxy_header: crate::config::ProxyHeader,
    pub outbox: Arc<Outbox>,
    /// How far the process managers have handled the log (`processes/`).
    pub processes: crate::processes::Progress,
    /// Who runs the service: the Impressum, the privacy notice, the accessibility contact.
    pub operator: super::operator::Operator,
    /// Feedback on accessibility, limited like registrations.
    pub feedback: AttemptLimiter,
    /// Where the service is reached from outside, for links that leave with a message.
    pub public_base_url: String,
    /// Seals and opens personal data; holds the persons' keys (`personal`).
    pub personal: Arc<crate::personal::codec::PersonalCodec>,
    /// The data directory: an erasure removes copies of a person's data from it.
    pub data: std::path::PathBuf,
    /// Seals the second factors' secrets.
    pub second_factor_key: crate::security::totp::SecondFactorKey,
    /// Whether staff and jurors must have a second factor.
    pub second_factor: crate::config::SecondFactorPolicy,
}

/// Attempts per address and per client address: a burst, then one every few seconds. Keys are
/// bounded: an address is keyed by its account id, anything that is not an address by the one
/// key `invalid`, and stale keys are dropped once there are many. The "client" is whatever the
/// caller limits besides the address: the client address, or an application for invitations.
pub struct AttemptLimiter {
    per_account: DefaultKeyedRateLimiter<String>,
    per_client: DefaultKeyedRateLimiter<String>,
    /// All attempts together, where one limit for the whole service is wanted.
    overall: Option<DefaultDirectRateLimiter>,
    /// Checks since the last sweep of stale keys.
    since_sweep: std::sync::atomic::AtomicUsize,
    /// The same limits as counts per window, for the counters several instances share.
    limits: Limits,
    /// With several instances: the limiter's counters in the shared database, so that every
    /// instance counts every attempt. Where the database cannot be asked, the instance's own
    /// counters above decide.
    shared: Option<(crate::cluster::attempts::SharedAttempts, &'static str)>,
}

/// Attempts allowed per window, for the shared counters.
#[derive(Debug, Clone, Copy)]
struct Limits {
    account: (u32, u64),
    client: (u32, u64),
    overall: Option<(u32, u64)>,
}

const MAX_KEYS: usize = 10_000;
/// A sweep reads every key, so past `MAX_KEYS` it runs once per this many checks, not on each:
/// a flood of fresh keys must not make every request walk them all.
const SWEEP_EVERY: usize = 1_000;

/// A quota as attempts per window: its burst per the time the burst takes to replenish.
fn window_of(quota: Quota) -> (u32, u64) {
    let burst = quota.burst_size().get();
    let window = quota.replenish_interval().as_secs().max(1) * u64::from(burst);
    (burst, window)
}

fn per_hour(n: u32) -> Quota {
    Quota::per_hour(NonZeroU32::new(n).expect("not zero"))
}

/// How long until the next attempt is allowed; whole seconds, at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait(pub Duration);

impl Wait {
    pub fn seconds(self) -> u64 {
        self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0)
    }
}

fn wait(not_until: governor::NotUntil<governor::clock::QuantaInstant>) -> Wait {
    Wait(not_until.wait_time_from(DefaultClock::default().now()))
}

impl AttemptLimiter {
    pub fn new(per_account: Quota, per_client: Quota) -> Self {
        Self {
            per_account: RateLimiter::keyed(per_account),
            per_client: RateLimiter::keyed(per_client),
            overall: None,
            since_sweep: Default::default(),
            limits: Limits {
                account: window_of(per_account),
                client: window_of(per_client),
                overall: None,
            },
            shared: None,
        }
    }

    /// Counts in the database the instances share, under `name`.
    pub fn shared_as(
        mut self,
        attempts: Option<crate::cluster::attempts::SharedAttempts>,
        name: &'static str,
    ) -> Self {
        self.shared = attempts.map(|attempts| (attempts, name));
        self
    }

    /// One of the shared counters; `None` where the database could not be asked.
    fn shared_check(&self, key: &str, (limit, window): (u32, u64)) -> Option<Result<(), Wait>> {
        let (attempts, name) = self.shared.as_ref()?;
        match attempts.count(name, key, window) {
            Ok((count, wait)) if count > i64::from(limit) => Some(Err(Wait(wait))),
            Ok(_) => Some(Ok(())),
            Err(error) => {
                tracing::warn!(%error, "the shared attempt counters cannot be asked; counting here");
                None
            }
        }
    }

    /// Registrations: 10 attempts per hour per client and `overall` accepted registrations per
    /// hour for the whole service (see `check_overall`), so that no one fills the log (and the
    /// outbox) with accounts. No tighter limit per address: a second registration of an address
    /// sends nothing, and a stranger could otherwise keep a person from registering by trying
    /// their address first.
    pub fn registrations(overall: u32) -> Self {
        let overall = overall.max(1);
        let mut limiter = Self::new(per_hour(overall), per_hour(10));
        limiter.overall = Some(RateLimiter::direct(per_hour(overall)));
        limiter.limits.overall = Some((overall, 3600));
        limiter
    }

    /// Feedback on accessibility: 10 messages per hour per client and 100 per hour for the
    /// whole service, counted like registrations (only messages that would be written count
    /// for the whole service). The address is optional, so it is no key of its own: every
    /// message shares the service-wide quota there.
    pub fn feedback() -> Self {
        let mut limiter = Self::new(per_hour(100), per_hour(10));
        limiter.overall = Some(RateLimiter::direct(per_hour(100)));
        limiter.limits.overall = Some((100, 3600));
        limiter
    }

    /// Co-editor invitations: 3 per hour to one address and 10 per hour from one application
    /// (the "client"), so removing and inviting again cannot send mail without end.
    pub fn editor_invitations() -> Self {
        Self::new(per_hour(3), per_hour(10))
    }

    /// Logins: 5 per minute per address, 30 per minute per client.
    pub fn logins() -> Self {
        Self::new(
            Quota::per_minute(NonZeroU32::new(5).expect("not zero")),
            Quota::per_minute(NonZeroU32::new(30).expect("not zero")),
        )
    }

    /// Mail on request (reset and verification links): 3 per hour per address, 20 per hour per
    /// client, so nobody can flood an inbox.
    pub fn data_downloads() -> Self {
        Self::new(per_hour(3), per_hour(20))
    }

    pub fn mail_requests() -> Self {
        Self::new(per_hour(3), per_hour(20))
    }

    /// False once too many attempts were made for this address or from this client.
    pub fn allow(&self, email: &str, client: &str) -> bool {
        self.check(email, client).is_ok()
    }

    /// Refused with the time to wait once too many attempts were made from this client, for
    /// this address, or in all. The client is checked first, so a refused client adds no keys.
    pub fn check(&self, email: &str, client: &str) -> Result<(), Wait> {
        let checks = self
            .since_sweep
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if checks.is_multiple_of(SWEEP_EVERY) {
            if self.per_client.len() > MAX_KEYS {
                self.per_client.retain_recent();
            }
            if self.per_account.len() > MAX_KEYS {
                self.per_account.retain_recent();
            }
        }
        let key = EmailAddress::parse(email)
            .map(|e| account_id_for(&e).to_string())
            .unwrap_or_else(|_| "invalid".to_owned());
        match self.shared_check(&format!("client {client}"), self.limits.client) {
            Some(outcome) => outcome?,
            None => self
                .per_client
                .check_key(&client.to_owned())
                .map_err(wait)?,
        }
        match self.shared_check(&format!("account {key}"), self.limits.account) {
            Some(outcome) => outcome,
            None => self.per_account.check_key(&key).map_err(wait),
        }
    }

    /// The limit for the whole service, asked only for an attempt that would be written: one
    /// counted for every refused attempt would let a handful of clients close the door to
    /// everybody.
    pub fn check_overall(&self) -> Result<(), Wait> {
        if let Some(limit) = self.limits.overall
            && let Some(outcome) = self.shared_check("overall", limit)
        {
            return outcome;
        }
        match &self.overall {
            Some(overall) => overall.check().map_err(wait),
            None => Ok(()),
        }
    }
}

impl AppState {
    /// What the use cases (`usecases/`) run on.
    pub fn usecases(&self) -> crate::usecases::Context<'_> {
        crate::usecases::Context {
            store: &self.store,
            facts: &self.facts,
        }
    }

    /// A use case's outcome on `stream`, logged like every command, once the read models show
    /// its events: the page after the redirect shows what was just written.
    pub async fn settled<A: Aggregate>(
        &self,
        stream: &StreamName,
        executed: Result<Executed<A>, ExecuteError<A::Error>>,
    ) -> Result<Executed<A>, ExecuteError<A::Error>> {
        let executed = logged(stream, executed);
        if let Ok(Executed {
            position: Some(position),
            ..
        }) = &executed
        {
            self.models.caught_up_to(*position).await;
        }
        executed
    }

    /// Runs a command and waits until the read models show its events, so the page after the
    /// redirect shows what was just written.
    pub async fn execute<A: Aggregate>(
        &self,
        stream: &StreamName,
        actor: &Actor,
        command: A::Command,
    ) -> Result<Executed<A>, ExecuteError<A::Error>> {
        let executed = logged(
            stream,
            app::execute(&self.store, stream, actor, command).await,
        )?;
        if let Some(position) = executed.position {
            self.models.caught_up_to(position).await;
        }
        Ok(executed)
    }

    /// Like `execute`, for a command that depends on no form: after a concurrent write it runs
    /// again on the new state instead of failing (a few times at most).
    pub async fn execute_retrying<A: Aggregate>(
        &self,
        stream: &StreamName,
        actor: &Actor,
        command: A::Command,
    ) -> Result<Executed<A>, ExecuteError<A::Error>>
    where
        A::Command: Clone,
    {
        let mut attempts = 0;
        loop {
            match self.execute::<A>(stream, actor, command.clone()).await {
                Err(ExecuteError::Conflict { .. }) if attempts < MAX_RETRIES => {
                    attempts += 1;
                    back_off(attempts).await;
                }
                other => return other,
            }
        }
    }

    /// Like `execute`, but only if the stream is still at the revision the form was made from.
    pub async fn execute_at<A: Aggregate>(
        &self,
        stream: &StreamName,
        seen: Option<u64>,
        actor: &Actor,
        command: A::Command,
    ) -> Result<Executed<A>, ExecuteError<A::Error>> {
        let executed = logged(
            stream,
            app::execute_at(&self.store, stream, seen, actor, command).await,
        )?;
        if let Some(position) = executed.position {
            self.models.caught_up_to(position).await;
        }
        Ok(executed)
    }

    /// A step on a competition that staff confirmed on a page made at revision `seen`: it acts
    /// on that state; reminders sent meanwhile do not change it (see
    /// [`CompetitionEvent::leaves_outcomes_as_they_were`]).
    pub async fn execute_confirmed(
        &self,
        stream: &StreamName,
        seen: Option<u64>,
        actor: &Actor,
        command: CompetitionCommand,
    ) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
        let executed = logged(
            stream,
            app::execute_as_confirmed::<Competition>(
                &self.store,
                stream,
                seen,
                actor,
                command,
                CompetitionEvent::leaves_outcomes_as_they_were,
            )
            .await,
        )?;
        if let Some(position) = executed.position {
            self.models.caught_up_to(position).await;
        }
        Ok(executed)
    }

    /// A consortium member's command on an application that depends on no form revision
    /// (upload, submit, withdraw, invite): retried after a concurrent write.
    pub async fn on_application(
        &self,
        id: ApplicationId,
        user: &CurrentUser,
        command: ApplicationCommand,
    ) -> Result<Executed<Application>, ExecuteError<ApplicationError>> {
        self.execute_retrying::<Application>(
            &app::stream_of::<Application>(&id),
            &self.actor(user),
            command,
        )
        .await
    }

    /// The client's address for the per-client limits, behind a trusted proxy too.
    pub fn client(&self, req: &actix_web::HttpRequest) -> String {
        super::client::client_address(req, &self.trusted_proxies, self.proxy_header)
    }

    /// After an erasure: what the running service holds of the erased persons goes too. The
    /// read models are built again from the log (where they now read as erased), the streams
    /// kept folded are forgotten, and their pending mail is never sent. Blocking: replays the log.
    pub fn forget_erased(&self) -> Result<(), crate::event_store::StoreError> {
        self.models.rebuild(&self.store)?;
        self.facts.clear();
        self.outbox.drop_erased()?;
        Ok(())
    }

    pub fn actor(&self, user: &CurrentUser) -> Actor {
        Actor::new(user.id.to_string(), user.role.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Language;

    #[test]
    fn the_wait_is_said_in_seconds_or_whole_minutes_rounded_up() {
        struct Said(Wait);
        impl Said {
            fn phrase(&self, language: Language) -> String {
                crate::texts::common::wait(self.0).into_lang(language)
            }
            fn seconds(&self) -> u64 {
                self.0.seconds()
            }
        }
        let wait = |ms: u64| Said(Wait(std::time::Duration::from_millis(ms)));
        assert_eq!(wait(11_200).phrase(Language::De), "in 12 Sekunden");
        assert_eq!(wait(60_000).phrase(Language::En), "in a minute");
        assert_eq!(wait(359_000).phrase(Language::De), "in 6 Minuten");
        assert_eq!(wait(0).seconds(), 0);
        assert_eq!(wait(0).phrase(Language::En), "in a second");
        assert_eq!(wait(61_000).phrase(Language::En), "in 2 minutes");
    }

    #[test]
    fn garbage_addresses_share_one_key_and_a_refused_client_adds_none() {
        let limiter = AttemptLimiter::logins();
        for i in 0..1000 {
            limiter.allow(
                &format!("kein-{i}-{}", "x".repeat(200)),
                &format!("10.0.{}.{}", i / 250, i % 250),
            );
        }
        assert_eq!(
            limiter.per_account.len(),
            1,
            "every invalid address is one key"
        );
        let one_client = AttemptLimiter::logins();
        for i in 0..100 {
            one_client.allow(&format!("person{i}@example.org"), "10.0.0.1");
        }
        assert_eq!(
            one_client.per_account.len(),
            30,
            "after 30 attempts the client is refused first"
        );
    }
}
