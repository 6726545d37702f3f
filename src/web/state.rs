//! What every handler can reach: the log, the read models, the clock, links and documents.

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::session::CurrentUser;
use crate::app::{self, Actor, ExecuteError, Executed};
use crate::clock::Clock;
use crate::documents::DocumentStore;
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, ApplicationCommand, ApplicationError};
use crate::domain::ids::ApplicationId;
use crate::email::outbox::Outbox;
use crate::event_store::EventStore;
use crate::event_store::StreamName;
use crate::projections::ReadModels;
use crate::security::links::LinkSigner;

pub struct AppState {
    pub store: EventStore,
    pub models: Arc<ReadModels>,
    pub clock: Arc<dyn Clock>,
    pub links: LinkSigner,
    pub documents: DocumentStore,
    pub upload_limit: u64,
    pub login_attempts: LoginLimiter,
    pub outbox: Arc<Outbox>,
}

/// Login attempts per address and per client address: a burst, then one every few seconds.
pub struct LoginLimiter {
    per_account: DefaultKeyedRateLimiter<String>,
    per_client: DefaultKeyedRateLimiter<String>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        let five = NonZeroU32::new(5).expect("five is not zero");
        let thirty = NonZeroU32::new(30).expect("thirty is not zero");
        Self {
            per_account: RateLimiter::keyed(Quota::per_minute(five)),
            per_client: RateLimiter::keyed(Quota::per_minute(thirty)),
        }
    }
}

impl LoginLimiter {
    /// False once too many attempts were made for this address or from this client.
    pub fn allow(&self, email: &str, client: &str) -> bool {
        let account_ok = self
            .per_account
            .check_key(&email.trim().to_lowercase())
            .is_ok();
        let client_ok = self.per_client.check_key(&client.to_owned()).is_ok();
        account_ok && client_ok
    }
}

impl AppState {
    /// Runs a command and waits until the read models show its events, so the page after the
    /// redirect shows what was just written.
    pub async fn execute<A: Aggregate>(
        &self,
        stream: &StreamName,
        actor: &Actor,
        command: A::Command,
    ) -> Result<Executed<A>, ExecuteError<A::Error>> {
        let executed = app::execute(&self.store, stream, actor, command).await?;
        if let Some(position) = executed.position {
            self.models.caught_up_to(position).await;
        }
        Ok(executed)
    }

    /// Like `execute`, but only if the stream is still at the revision the form was made from.
    pub async fn execute_at<A: Aggregate>(
        &self,
        stream: &StreamName,
        seen: Option<u64>,
        actor: &Actor,
        command: A::Command,
    ) -> Result<Executed<A>, ExecuteError<A::Error>> {
        let executed = app::execute_at(&self.store, stream, seen, actor, command).await?;
        if let Some(position) = executed.position {
            self.models.caught_up_to(position).await;
        }
        Ok(executed)
    }

    /// A consortium member's command on an application.
    pub async fn on_application(
        &self,
        id: ApplicationId,
        user: &CurrentUser,
        command: ApplicationCommand,
    ) -> Result<Executed<Application>, ExecuteError<ApplicationError>> {
        self.execute::<Application>(
            &app::stream_of::<Application>(&id),
            &self.actor(user),
            command,
        )
        .await
    }

    pub fn actor(&self, user: &CurrentUser) -> Actor {
        Actor::new(user.id.to_string(), user.role.as_str())
    }
}
