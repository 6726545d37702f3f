//! Follows the log into the outbox and sends what is due. Side effects happen only here, never
//! in a request handler: a message exists because an event does.

use std::sync::Arc;
use std::time::Duration;

use super::compose::Composer;
use super::mailer::{MailError, Mailer};
use super::outbox::{Delivery, Outbox};
use crate::clock::Clock;
use crate::cluster::deliveries::{Claim, Deliveries};
use crate::event_store::{Direction, EventStore, ReadFrom, StoreError};

const PAGE: usize = 256;
/// How often due retries are looked for when nothing new is written.
const TICK: Duration = Duration::from_secs(1);
/// Longest a send may take when several instances share the outbox: half the claim's time.
const SEND_WITHIN_CLAIM: Duration =
    Duration::from_millis((crate::cluster::deliveries::CLAIM_SECONDS * 500.0) as u64);

pub struct Dispatcher {
    pub store: EventStore,
    pub outbox: Arc<Outbox>,
    pub mailer: Mailer,
    pub composer: Composer,
    pub clock: Arc<dyn Clock>,
    /// With several instances: the claims that let exactly one of them send each message.
    pub deliveries: Option<Deliveries>,
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
        let due = self.outbox.due(self.clock.now())?;
        if let Some(deliveries) = &self.deliveries
            && !deliveries.sends()
        {
            self.learn_sent(deliveries, due)?;
            return Ok(0);
        }
        for mut entry in due {
            let id = entry.message.message_id.clone();
            if let Some(deliveries) = &self.deliveries {
                match deliveries.claim(&id) {
                    Ok(Claim::Mine) => {}
                    Ok(Claim::SentElsewhere(at)) => {
                        entry.delivery = Delivery::Sent;
                        entry.sent = Some(at);
                        entry.last_error = None;
                        self.outbox.update(&entry)?;
                        continue;
                    }
                    // Another instance is on it; next time it reads as sent or free again.
                    Ok(Claim::Busy) => continue,
                    Err(error) => {
                        tracing::warn!(message_id = %id, %error, "no claim on the message; not sent now");
                        continue;
                    }
                }
            }
            let sending = self.mailer.send(&entry.message);
            let outcome = match &self.deliveries {
                // A send must end while the claim holds, or another instance may send too.
                Some(_) => tokio::time::timeout(SEND_WITHIN_CLAIM, sending)
                    .await
                    .unwrap_or(Err(MailError::TooSlow(SEND_WITHIN_CLAIM))),
                None => sending.await,
            };
            match outcome {
                Ok(()) => {
                    entry.delivery = Delivery::Sent;
                    entry.sent = Some(self.clock.now());
                    entry.last_error = None;
                    sent += 1;
                    if let Some(deliveries) = &self.deliveries
                        && let Err(error) = deliveries.sent(&id)
                    {
                        // Within the claim's time nobody else sends it; after that it may go
                        // out twice (the documented at-least-once window).
                        tracing::warn!(message_id = %id, %error, "a sent message could not be marked");
                    }
                }
                Err(error) => {
                    tracing::warn!(message_id = %id, %error, "sending failed");
                    entry.failed_attempt(error.to_string(), self.clock.now());
                    if let Some(deliveries) = &self.deliveries {
                        let _ = deliveries.release(&id);
                    }
                }
            }
            self.outbox.update(&entry)?;
        }
        Ok(sent)
    }

    /// On an instance that does not send: marks as sent what the sending instance has sent.
    fn learn_sent(
        &self,
        deliveries: &Deliveries,
        due: Vec<super::outbox::OutboxEntry>,
    ) -> Result<(), StoreError> {
        if due.is_empty() {
            return Ok(());
        }
        let ids = due.iter().map(|e| e.message.message_id.clone()).collect();
        let sent: std::collections::HashMap<String, _> = match deliveries.sent_among(ids) {
            Ok(sent) => sent.into_iter().collect(),
            Err(error) => {
                tracing::warn!(%error, "what was sent could not be read; trying again");
                return Ok(());
            }
        };
        for mut entry in due {
            if let Some(at) = sent.get(&entry.message.message_id) {
                entry.delivery = Delivery::Sent;
                entry.sent = Some(*at);
                entry.last_error = None;
                self.outbox.update(&entry)?;
            }
        }
        Ok(())
    }

    /// Whether this instance sends (alone, or holding the lease among several).
    fn sends(&self) -> bool {
        self.deliveries.as_ref().is_none_or(Deliveries::sends)
    }

    /// Runs for the life of the process: catch up, send, wait for new events or the next tick.
    ///
    /// An instance that does not send learns what was sent once a tick, not after every event:
    /// each look reads every message still pending here and asks the database about them all,
    /// and while the sending instance works through a rush, that is thousands of messages for
    /// every submission.
    pub async fn run(self) {
        let mut committed = self.store.committed_receiver();
        let mut learned: Option<std::time::Instant> = None;
        loop {
            committed.borrow_and_update();
            let result = match self.catch_up() {
                Ok(_) if self.sends() => self.send_due().await.map(|_| ()),
                Ok(_) if learned.is_none_or(|at| at.elapsed() >= TICK) => {
                    learned = Some(std::time::Instant::now());
                    self.send_due().await.map(|_| ())
                }
                Ok(_) => Ok(()),
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
