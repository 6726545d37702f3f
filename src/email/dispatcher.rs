//! Follows the log into the outbox and sends what is due. Side effects happen only here, never
//! in a request handler: a message exists because an event does.

use std::sync::Arc;
use std::time::Duration;

use super::compose::Composer;
use super::mailer::Mailer;
use super::outbox::{Delivery, Outbox};
use crate::clock::Clock;
use crate::event_store::{Direction, EventStore, ReadFrom, StoreError};

const PAGE: usize = 256;
/// How often due retries are looked for when nothing new is written.
const TICK: Duration = Duration::from_secs(1);

pub struct Dispatcher {
    pub store: EventStore,
    pub outbox: Arc<Outbox>,
    pub mailer: Mailer,
    pub composer: Composer,
    pub clock: Arc<dyn Clock>,
}

impl Dispatcher {
    /// Turns every durable event after the checkpoint into pending messages.
    pub fn catch_up(&self) -> Result<usize, StoreError> {
        let mut next = self.outbox.checkpoint()?;
        let mut added = 0;
        loop {
            let page = self
                .store
                .read_all(Direction::Forwards, ReadFrom::At(next), PAGE)?;
            let Some(last) = page.last() else {
                return Ok(added);
            };
            next = last.position.0 + 1;
            let now = self.clock.now();
            let entries: Vec<_> = page
                .iter()
                .flat_map(|e| self.composer.messages_for(e, now))
                .collect();
            added += entries.len();
            self.outbox.record(entries, next)?;
        }
    }

    /// Sends every message that is due; returns how many went out.
    pub async fn send_due(&self) -> Result<usize, StoreError> {
        let mut sent = 0;
        for mut entry in self.outbox.due(self.clock.now())? {
            match self.mailer.send(&entry.message).await {
                Ok(()) => {
                    entry.delivery = Delivery::Sent;
                    entry.sent = Some(self.clock.now());
                    entry.last_error = None;
                    sent += 1;
                }
                Err(error) => {
                    tracing::warn!(message_id = %entry.message.message_id, %error, "sending failed");
                    entry.failed_attempt(error.to_string(), self.clock.now());
                }
            }
            self.outbox.update(&entry)?;
        }
        Ok(sent)
    }

    /// Runs for the life of the process: catch up, send, wait for new events or the next tick.
    pub async fn run(self) {
        let mut committed = self.store.committed_receiver();
        loop {
            committed.borrow_and_update();
            let result = match self.catch_up() {
                Ok(_) => self.send_due().await.map(|_| ()),
                Err(e) => Err(e),
            };
            if let Err(error) = result {
                // Try again on the next tick; nothing is lost while the outbox waits.
                tracing::error!(%error, "the outbox could not catch up or send; retrying");
            }
            tokio::select! {
                changed = committed.changed() => if changed.is_err() { return },
                _ = tokio::time::sleep(TICK) => {}
            }
        }
    }
}
