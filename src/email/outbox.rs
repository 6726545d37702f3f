//! The outbox: messages derived from the log, each with its delivery state, and the position in
//! `$all` up to which the log has been turned into messages.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::message::OutgoingMessage;
use crate::event_store::StoreError;
use crate::personal::codec::{PersonalCodec, person_of_address};
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
    /// Its recipient's data was erased before it left: it never will.
    Erased,
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
    /// Seals each message under its recipient's key, as the log seals personal fields.
    codec: Option<Arc<PersonalCodec>>,
}

/// The fields of a message sealed under its recipient's key.
const MESSAGE_FIELDS: &[&str] = &["@to", "subject", "text", "html"];

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

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt {
        key: "outbox entry".into(),
        reason: e.to_string(),
    }
}

impl Outbox {
    /// The outbox with its messages as written: only for tests and a log without personal keys.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, None)
    }

    /// The outbox, sealing each message under its recipient's key.
    pub fn open_sealed(path: &Path, codec: Arc<PersonalCodec>) -> Result<Self, StoreError> {
        Self::open_with(path, Some(codec))
    }

    fn open_with(path: &Path, codec: Option<Arc<PersonalCodec>>) -> Result<Self, StoreError> {
        let outbox = Self {
            db: DurableDb::open(path)?,
            codec,
        };
        if !outbox.db.tree().contains_key(PENDING_INDEXED)? {
            let mut batch = sled::Batch::default();
            for entry in outbox.entries()? {
                outbox.put(&mut batch, &entry)?;
            }
            batch.insert(PENDING_INDEXED, &[][..]);
            outbox.db.commit(batch)?;
        }
        Ok(outbox)
    }

    /// Writes the entry and keeps the pending index in step, in the same batch.
    fn put(&self, batch: &mut sled::Batch, entry: &OutboxEntry) -> Result<(), StoreError> {
        let id = &entry.message.message_id;
        batch.insert(entry_key(id), self.encode(entry)?);
        if entry.delivery == Delivery::Pending {
            batch.insert(pending_key(id), &[][..]);
        } else {
            batch.remove(pending_key(id));
        }
        Ok(())
    }

    fn encode(&self, entry: &OutboxEntry) -> Result<Vec<u8>, StoreError> {
        let mut value = serde_json::to_value(entry).map_err(corrupt)?;
        if let Some(codec) = &self.codec
            && let Some(person) = person_of_address(entry.message.to.as_str())
            && let Some(message) = value.get_mut("message")
        {
            codec.seal_fields(message, MESSAGE_FIELDS, person, &entry.message.message_id)?;
        }
        serde_json::to_vec(&value).map_err(corrupt)
    }

    fn decode(&self, bytes: &[u8]) -> Result<OutboxEntry, StoreError> {
        let Some(codec) = &self.codec else {
            return serde_json::from_slice(bytes).map_err(corrupt);
        };
        let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(corrupt)?;
        if let Some(message) = value.get_mut("message") {
            let id = message
                .get("message_id")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned();
            codec.open_fields(message, MESSAGE_FIELDS, &id);
        }
        serde_json::from_value(value).map_err(corrupt)
    }

    /// Marks every pending message whose recipient is erased as never to be sent; returns how
    /// many. Called after an erasure, before the next delivery round.
    pub fn drop_erased(&self) -> Result<usize, StoreError> {
        let mut batch = sled::Batch::default();
        let mut dropped = 0;
        for item in self.db.tree().scan_prefix([PENDING]) {
            let (key, _) = item?;
            let Some(bytes) = self.db.tree().get([&[ENTRY][..], &key[1..]].concat())? else {
                continue;
            };
            let mut entry = self.decode(&bytes)?;
            if entry.message.to.is_erased() {
                entry.delivery = Delivery::Erased;
                self.put(&mut batch, &entry)?;
                dropped += 1;
            }
        }
        self.db.commit(batch)?;
        Ok(dropped)
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
            self.put(&mut batch, &entry)?;
        }
        batch.insert(CHECKPOINT, &next_position.to_be_bytes()[..]);
        self.db.commit(batch)
    }

    pub fn update(&self, entry: &OutboxEntry) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        self.put(&mut batch, entry)?;
        self.db.commit(batch)
    }

    pub fn entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut entries = Vec::new();
        for item in self.db.tree().scan_prefix([ENTRY]) {
            let (_, value) = item?;
            entries.push(self.decode(&value)?);
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
            let entry = self.decode(&bytes)?;
            if entry.delivery == Delivery::Pending
                && entry.next_attempt <= now
                && !entry.message.to.is_erased()
            {
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
        let mut entry = self.decode(&bytes)?;
        if entry.delivery != Delivery::Failed || entry.message.to.is_erased() {
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
