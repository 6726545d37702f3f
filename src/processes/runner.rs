//! Follows `$all` from the durable checkpoint and hands every event to each process; the
//! checkpoint moves past an event only once its follow-ups are in the log.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::watch;
use tracing::Instrument;

use super::checkpoint::Checkpoint;
use super::next_stage;
use crate::command_log;
use crate::event_store::{Direction, EventStore, Position, ReadFrom, StoreError};

const PAGE: usize = 256;
/// After a failure (the store could not be read or written) the runner tries again this late.
const RETRY: Duration = Duration::from_secs(1);
/// How many events the durable checkpoint may lag behind when none of them led to commands:
/// the most a restart reads again for nothing.
const PERSIST_EVERY: u64 = 4096;

pub struct Runner {
    pub store: EventStore,
    pub checkpoint: Arc<Checkpoint>,
    /// The position last written to the durable checkpoint.
    persisted: AtomicU64,
    progress: watch::Sender<u64>,
}

/// How far the processes have handled the log; requests wait on it.
#[derive(Clone)]
pub struct Progress(watch::Receiver<u64>);

impl Progress {
    /// Waits until the processes have handled the event at `position`, so that the page after a
    /// POST shows the workflow's follow-ups as well as the POST's own write.
    pub async fn handled(&self, position: Position) {
        let mut receiver = self.0.clone();
        // The runner lives as long as the service; if it is gone there is nothing to wait for.
        let _ = receiver.wait_for(|next| *next > position.0).await;
    }
}

impl Runner {
    pub fn new(store: EventStore, checkpoint: Checkpoint) -> Result<(Self, Progress), StoreError> {
        let next = checkpoint.next()?;
        let (progress, receiver) = watch::channel(next);
        let runner = Self {
            store,
            checkpoint: Arc::new(checkpoint),
            persisted: AtomicU64::new(next),
            progress,
        };
        Ok((runner, Progress(receiver)))
    }

    /// Handles every durable event after the checkpoint; returns how many were read.
    pub async fn catch_up(&self) -> Result<usize, StoreError> {
        let mut next = *self.progress.borrow();
        let mut read = 0;
        loop {
            let page = self
                .store
                .read_all(Direction::Forwards, ReadFrom::At(next), PAGE)?;
            if page.is_empty() {
                return Ok(read);
            }
            for event in &page {
                let acted = next_stage::on_event(&self.store, event)
                    .instrument(command_log::process("next-stage"))
                    .await?;
                next = event.position.0 + 1;
                // Per event, not per page: a request waits for its own event only. The synced
                // write is needed only past an event that led to commands; past the others a
                // checkpoint kept in memory is enough, as reading them again after a crash
                // does nothing (it is written every `PERSIST_EVERY` events all the same).
                if acted || next >= self.persisted.load(Ordering::Relaxed) + PERSIST_EVERY {
                    self.checkpoint.advance(next)?;
                    self.persisted.store(next, Ordering::Relaxed);
                }
                self.progress.send_replace(next);
            }
            read += page.len();
        }
    }

    /// Runs for the life of the service: catch up, then wait for new events.
    pub async fn run(self) {
        let mut committed = self.store.committed_receiver();
        loop {
            committed.borrow_and_update();
            if let Err(error) = self.catch_up().await {
                // Nothing is lost: the checkpoint stays before the event that failed.
                tracing::error!(%error, "the processes could not catch up; retrying");
                tokio::time::sleep(RETRY).await;
                continue;
            }
            if committed.changed().await.is_err() {
                return;
            }
        }
    }
}
