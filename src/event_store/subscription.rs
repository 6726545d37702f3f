//! Catch-up subscriptions: history after a checkpoint, then live events, in order.
//!
//! A subscription only reads below the writer's committed count, which moves after a group commit
//! is durable. Positions below it never change, so paging by "next position" has no gap and no
//! duplicate however many writers append meanwhile.

use std::collections::VecDeque;

use tokio::sync::watch;

use super::error::StoreError;
use super::keys;
use super::store::EventStore;
use super::types::{Direction, ReadFrom, RecordedEvent, StreamName};

const PAGE: usize = 512;

pub enum Target {
    All,
    Stream(StreamName),
    Category(String),
}

pub struct Subscription {
    store: EventStore,
    target: Target,
    /// The next position (or, for a stream, revision) to deliver.
    next: u64,
    buffer: VecDeque<RecordedEvent>,
    committed: watch::Receiver<u64>,
}

impl Subscription {
    pub(crate) fn new(store: EventStore, target: Target, next: u64) -> Self {
        let committed = store.committed_receiver();
        Self {
            store,
            target,
            next,
            buffer: VecDeque::new(),
            committed,
        }
    }

    /// The next event; waits for one to be written when caught up.
    pub async fn next(&mut self) -> Result<RecordedEvent, StoreError> {
        loop {
            if let Some(event) = self.buffer.pop_front() {
                return Ok(event);
            }
            self.committed.borrow_and_update();
            let page = self.page()?;
            if let Some(last) = page.last() {
                self.next = match self.target {
                    Target::Stream(_) => last.revision + 1,
                    _ => last.position.0 + 1,
                };
                self.buffer.extend(page);
                continue;
            }
            if self.committed.changed().await.is_err() {
                return Err(StoreError::Closed);
            }
        }
    }

    /// Every event already written after the checkpoint, without waiting; for replays.
    pub fn try_next(&mut self) -> Result<Option<RecordedEvent>, StoreError> {
        if self.buffer.is_empty() {
            let page = self.page()?;
            if let Some(last) = page.last() {
                self.next = match self.target {
                    Target::Stream(_) => last.revision + 1,
                    _ => last.position.0 + 1,
                };
            }
            self.buffer.extend(page);
        }
        Ok(self.buffer.pop_front())
    }

    fn page(&self) -> Result<Vec<RecordedEvent>, StoreError> {
        let from = ReadFrom::At(self.next);
        match &self.target {
            Target::All => self.store.read_all(Direction::Forwards, from, PAGE),
            Target::Category(category) => {
                self.store
                    .read_category(category, Direction::Forwards, from, PAGE)
            }
            Target::Stream(stream) => self.stream_page(stream),
        }
    }

    /// A stream subscription follows every event written, whatever its metadata hides.
    fn stream_page(&self, stream: &StreamName) -> Result<Vec<RecordedEvent>, StoreError> {
        let committed = self.store.committed_count();
        let prefix = keys::stream_prefix(stream.as_str());
        let mut events = Vec::new();
        let end = keys::prefix_end(&prefix);
        for entry in self
            .store
            .db()
            .range(keys::indexed(&prefix, self.next)..end)
        {
            let (_, value) = entry?;
            let Some(position) = keys::number(&value) else {
                break;
            };
            if position >= committed || events.len() >= PAGE {
                break;
            }
            events.push(self.store.event_at(position)?);
        }
        Ok(events)
    }
}
