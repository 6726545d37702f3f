//! The outbox: messages derived from the log, each with its delivery state, and the position in
//! `$all` up to which the log has been turned into messages.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::message::OutgoingMessage;
use crate::event_store::StoreError;
use crate::storage::DurableDb;

const ENTRY: u8 = b'm';
/// One key per pending message, so that finding what is due reads the pending messages only,
/// not every message ever sent.
const PENDING: u8 = b'p';
/// Present once the pending index is complete; an outbox written before the index existed gets
/// it built when it is opened.
const PENDING_INDEXED: &[u8] = b"pending-indexed";
const CHECKPOINT: &[u8] = b"checkpoint";

/// After this many failed attempts a message is marked failed; staff can retry it.
pub const MAX_ATTEMPTS: u32 = 8;
/// The first retry waits this long; each further one twice as long, at most an hour.
pub const FIRST_RETRY_SECONDS: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    Pending,
    Sent,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub message: OutgoingMessage,
    /// Which message it is: `receipt`, `withdrawal`, …
    pub kind: String,
    /// The `$all` position of the event that caused it.
    pub position: u64,
    pub delivery: Delivery,
    pub attempts: u32,
    pub next_attempt: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created: DateTime<Utc>,
    pub sent: Option<DateTime<Utc>>,
}

impl OutboxEntry {
    pub fn new(message: OutgoingMessage, kind: &str, position: u64, now: DateTime<Utc>) -> Self {
        Self {
            message,
            kind: kind.to_owned(),
            position,
            delivery: Delivery::Pending,
            attempts: 0,
            next_attempt: now,
            last_error: None,
            created: now,
            sent: None,
        }
    }

    /// Records a failed attempt: back off exponentially, give up after `MAX_ATTEMPTS`.
    pub fn failed_attempt(&mut self, error: String, now: DateTime<Utc>) {
        self.attempts += 1;
        self.last_error = Some(error);
        if self.attempts >= MAX_ATTEMPTS {
            self.delivery = Delivery::Failed;
        } else {
            let wait = (FIRST_RETRY_SECONDS << (self.attempts - 1).min(10)).min(3600);
            self.next_attempt = now + Duration::seconds(wait);
        }
    }
}

pub struct Outbox {
    db: DurableDb,
}

fn entry_key(message_id: &str) -> Vec<u8> {
    let mut key = vec![ENTRY];
    key.extend_from_slice(message_id.as_bytes());
    key
}

fn pending_key(message_id: &str) -> Vec<u8> {
    let mut key = vec![PENDING];
    key.extend_from_slice(message_id.as_bytes());
    key
}

/// Writes the entry and keeps the pending index in step, in the same batch.
fn put(batch: &mut sled::Batch, entry: &OutboxEntry) -> Result<(), StoreError> {
    let id = &entry.message.message_id;
    batch.insert(entry_key(id), serde_json::to_vec(entry).map_err(corrupt)?);
    if entry.delivery == Delivery::Pending {
        batch.insert(pending_key(id), &[][..]);
    } else {
        batch.remove(pending_key(id));
    }
    Ok(())
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt {
        key: "outbox entry".into(),
        reason: e.to_string(),
    }
}

impl Outbox {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let outbox = Self {
            db: DurableDb::open(path)?,
        };
        if !outbox.db.tree().contains_key(PENDING_INDEXED)? {
            let mut batch = sled::Batch::default();
            for entry in outbox.entries()? {
                put(&mut batch, &entry)?;
            }
            batch.insert(PENDING_INDEXED, &[][..]);
            outbox.db.commit(batch)?;
        }
        Ok(outbox)
    }

    /// The next `$all` position to turn into messages.
    pub fn checkpoint(&self) -> Result<u64, StoreError> {
        Ok(self
            .db
            .tree()
            .get(CHECKPOINT)?
            .and_then(|v| crate::event_store::keys::number(&v))
            .unwrap_or(0))
    }

    /// Stores the messages of the events before `next_position` in one durable step. A message
    /// already there (the log is read again after a crash) keeps its state.
    pub fn record(&self, entries: Vec<OutboxEntry>, next_position: u64) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for entry in entries {
            let key = entry_key(&entry.message.message_id);
            if self.db.tree().contains_key(&key)? {
                continue;
            }
            put(&mut batch, &entry)?;
        }
        batch.insert(CHECKPOINT, &next_position.to_be_bytes()[..]);
        self.db.commit(batch)
    }

    pub fn update(&self, entry: &OutboxEntry) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        put(&mut batch, entry)?;
        self.db.commit(batch)
    }

    pub fn entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut entries = Vec::new();
        for item in self.db.tree().scan_prefix([ENTRY]) {
            let (_, value) = item?;
            entries.push(serde_json::from_slice(&value).map_err(corrupt)?);
        }
        entries.sort_by_key(|e: &OutboxEntry| (e.position, e.message.message_id.clone()));
        Ok(entries)
    }

    /// Pending messages whose next attempt is due, oldest event first.
    pub fn due(&self, now: DateTime<Utc>) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut due = Vec::new();
        for item in self.db.tree().scan_prefix([PENDING]) {
            let (key, _) = item?;
            let Some(bytes) = self.db.tree().get([&[ENTRY][..], &key[1..]].concat())? else {
                continue;
            };
            let entry: OutboxEntry = serde_json::from_slice(&bytes).map_err(corrupt)?;
            if entry.delivery == Delivery::Pending && entry.next_attempt <= now {
                due.push(entry);
            }
        }
        due.sort_by_key(|e| (e.position, e.message.message_id.clone()));
        Ok(due)
    }

    /// Staff's retry of a failed message: pending again, attempts from zero.
    pub fn retry(&self, message_id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let Some(bytes) = self.db.tree().get(entry_key(message_id))? else {
            return Ok(false);
        };
        let mut entry: OutboxEntry = serde_json::from_slice(&bytes).map_err(corrupt)?;
        if entry.delivery != Delivery::Failed {
            return Ok(false);
        }
        entry.delivery = Delivery::Pending;
        entry.attempts = 0;
        entry.next_attempt = now;
        self.update(&entry)?;
        Ok(true)
    }
}

#[cfg(test)]
#[path = "outbox_tests.rs"]
mod tests;
