//! Snapshots of the projections, so that a start replays only what came after them: each
//! projection's state with its position, in a sled database beside the log
//! (`<data>/projections`), written with the same real sync as the log. The projector writes them
//! periodically (`run_snapshots`) and the service on shutdown. Whether one is trusted is decided
//! in one place, [`trusted`]; one that is not is dropped, and the projection starts from the
//! empty state and replays the whole log.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::projection::{Held, Positioned, Projection};
use crate::event_store::{Direction, EventId, EventStore, Position, ReadFrom, StoreError};
use crate::storage::DurableDb;

/// A fingerprint of the sources that give a snapshot its shape (`build.rs`): a snapshot written
/// by a binary built from other sources is never read.
pub const SCHEMA: &str = env!("PROJECTIONS_SNAPSHOT_SCHEMA");

/// What is stored under a projection's name: this header, then the encoded state. The state is
/// encoded apart, so that its checksum is checked before it is decoded.
#[derive(Debug, Serialize, serde::Deserialize)]
struct Envelope {
    schema: String,
    /// The position of the last event folded in, and that event's id: the log a snapshot is
    /// trusted against must hold that very event there.
    position: u64,
    event_id: EventId,
    /// CRC-32 of the state's bytes.
    checksum: u32,
}

/// The stored value: the header, then the state's bytes as they are.
fn seal(envelope: &Envelope, state: &[u8]) -> Result<Vec<u8>, postcard::Error> {
    let mut value = postcard::to_stdvec(envelope)?;
    value.extend_from_slice(state);
    Ok(value)
}

/// Why a stored snapshot was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Distrust {
    #[error("it does not decode as a snapshot: {0}")]
    Unreadable(String),
    #[error("it was written by another build (schema {0})")]
    OtherSchema(String),
    #[error("its checksum does not match")]
    Checksum,
    #[error("its state does not decode: {0}")]
    State(String),
    #[error("the log holds no event at its position {0}")]
    AheadOfLog(u64),
    #[error("the log holds another event at its position {0}")]
    OtherLog(u64),
}

/// The one rule: a snapshot is trusted only if its envelope decodes, it was written by a binary
/// with this binary's schema fingerprint, the checksum of its state matches, the state decodes,
/// and the log holds at the snapshot's position the very event (by id) it was taken after: not
/// a log that lost its tail since, nor another data directory's.
pub fn trusted<P: DeserializeOwned>(
    stored: &[u8],
    store: &EventStore,
) -> Result<Positioned<P>, Distrust> {
    let (envelope, state): (Envelope, &[u8]) =
        postcard::take_from_bytes(stored).map_err(|e| Distrust::Unreadable(e.to_string()))?;
    if envelope.schema != SCHEMA {
        return Err(Distrust::OtherSchema(envelope.schema));
    }
    if crc32fast::hash(state) != envelope.checksum {
        return Err(Distrust::Checksum);
    }
    let state: P = postcard::from_bytes(state).map_err(|e| Distrust::State(e.to_string()))?;
    let at = store
        .read_all(Direction::Forwards, ReadFrom::At(envelope.position), 1)
        .map_err(|e| Distrust::Unreadable(e.to_string()))?;
    match at.first() {
        Some(event) if event.position.0 == envelope.position => {
            if event.event_id != envelope.event_id {
                return Err(Distrust::OtherLog(envelope.position));
            }
        }
        _ => return Err(Distrust::AheadOfLog(envelope.position)),
    }
    Ok(Positioned {
        state,
        position: Some(Position(envelope.position)),
    })
}

/// Encodes a projection's state for [`trusted`]; `None` for a projection that has seen nothing.
pub fn encode<P: Serialize>(
    positioned: &Positioned<P>,
    event_id: EventId,
) -> Result<Option<Vec<u8>>, postcard::Error> {
    let Some(position) = positioned.position else {
        return Ok(None);
    };
    let state = postcard::to_stdvec(&positioned.state)?;
    let envelope = Envelope {
        schema: SCHEMA.to_owned(),
        position: position.0,
        event_id,
        checksum: crc32fast::hash(&state),
    };
    seal(&envelope, &state).map(Some)
}

/// The snapshots' database.
pub struct Snapshots {
    db: DurableDb,
}

impl Snapshots {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Ok(Self {
            db: DurableDb::open(path)?,
        })
    }

    /// Starts the projection from its snapshot if that is trusted; drops one that is not.
    /// Returns whether it was restored.
    pub fn restore<P>(&self, held: &Held<P>, store: &EventStore) -> Result<bool, StoreError>
    where
        P: Projection + DeserializeOwned,
    {
        let started = std::time::Instant::now();
        let Some(stored) = self.db.tree().get(P::NAME)? else {
            return Ok(false);
        };
        match trusted::<P>(&stored, store) {
            Ok(restored) => {
                held.restore(restored);
                tracing::info!(
                    projection = P::NAME,
                    bytes = stored.len(),
                    ms = started.elapsed().as_millis(),
                    "snapshot loaded"
                );
                Ok(true)
            }
            Err(reason) => {
                tracing::warn!(projection = P::NAME, %reason, "a snapshot was discarded; the projection replays the log");
                let mut batch = sled::Batch::default();
                batch.remove(P::NAME);
                self.db.commit(batch)?;
                Ok(false)
            }
        }
    }

    /// Adds the projection's snapshot to the batch (nothing for one that has seen nothing).
    pub fn add<P>(
        &self,
        batch: &mut sled::Batch,
        held: &Held<P>,
        store: &EventStore,
    ) -> Result<(), StoreError>
    where
        P: Projection + Serialize,
    {
        let positioned = held.positioned();
        let Some(position) = positioned.position else {
            return Ok(());
        };
        let Some(event) = store
            .read_all(Direction::Forwards, ReadFrom::At(position.0), 1)?
            .into_iter()
            .next()
        else {
            return Ok(());
        };
        let encoded = encode(&positioned, event.event_id).map_err(|e| StoreError::Corrupt {
            key: P::NAME.to_owned(),
            reason: format!("the projection does not encode: {e}"),
        })?;
        if let Some(encoded) = encoded {
            batch.insert(P::NAME, encoded);
        }
        Ok(())
    }

    pub fn commit(&self, batch: sled::Batch) -> Result<(), StoreError> {
        self.db.commit(batch)
    }

    /// Stores a value as it is, for tests of what a start does with a damaged one.
    #[doc(hidden)]
    pub fn put_raw(&self, name: &str, value: &[u8]) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        batch.insert(name, value);
        self.db.commit(batch)
    }

    #[doc(hidden)]
    pub fn get_raw(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.db.tree().get(name)?.map(|v| v.to_vec()))
    }
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
