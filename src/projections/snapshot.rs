//! Snapshots of the projections, so that a start replays only what came after them: each
//! projection's state with its position, in a file of its own beside the log
//! (`<data>/snapshots/<name>.snapshot`), written like every file that must survive a crash
//! (`durable_file`: a temporary file, synced, renamed into place, the folder synced), so a
//! snapshot on disk is always the old one or the whole new one. The projector writes them
//! periodically (`run_snapshots`) and the service on shutdown. Whether one is trusted is decided
//! in one place, [`trusted`]; one that is not is dropped, and the projection starts from the
//! empty state and replays the whole log.
//!
//! Files rather than values in a sled tree: sled keeps values this large (megabytes) as blob
//! files of its own and reads every blob it still holds, old versions included, when it opens;
//! that alone took longer than the whole restart may.
//!
//! A start reads and decodes the snapshots while the log opens ([`Unchecked`]), and checks them
//! against the log once it is open.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::projection::{Held, Positioned, Projection};
use crate::event_store::{Direction, EventId, EventStore, Position, ReadFrom, StoreError};

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
    #[error("the log could not be read to check it: {0}")]
    LogUnreadable(String),
}

/// The one rule: a snapshot is trusted only if its envelope decodes, it was written by a binary
/// with this binary's schema fingerprint, the checksum of its state matches, the state decodes
/// ([`unseal`]), and the log holds at the snapshot's position the very event (by id) it was
/// taken after ([`Unchecked::against`]): not a log that lost its tail since, nor another data
/// directory's.
pub fn trusted<P: DeserializeOwned>(
    stored: &[u8],
    store: &EventStore,
) -> Result<Positioned<P>, Distrust> {
    unseal(stored)?.against(store)
}

/// A snapshot that decoded and was written by this build, not yet checked against the log.
#[derive(Debug)]
pub struct Unchecked<P> {
    envelope: Envelope,
    state: P,
}

/// The part of [`trusted`] that needs no log: envelope, schema, checksum, state.
pub fn unseal<P: DeserializeOwned>(stored: &[u8]) -> Result<Unchecked<P>, Distrust> {
    let (envelope, state): (Envelope, &[u8]) =
        postcard::take_from_bytes(stored).map_err(|e| Distrust::Unreadable(e.to_string()))?;
    if envelope.schema != SCHEMA {
        return Err(Distrust::OtherSchema(envelope.schema));
    }
    if crc32fast::hash(state) != envelope.checksum {
        return Err(Distrust::Checksum);
    }
    let state: P = postcard::from_bytes(state).map_err(|e| Distrust::State(e.to_string()))?;
    Ok(Unchecked { envelope, state })
}

impl<P> Unchecked<P> {
    /// The rest of [`trusted`]: the log holds the very event the snapshot was taken after.
    pub fn against(self, store: &EventStore) -> Result<Positioned<P>, Distrust> {
        let position = self.envelope.position;
        let at = store
            .read_all(Direction::Forwards, ReadFrom::At(position), 1)
            .map_err(|e| Distrust::LogUnreadable(e.to_string()))?;
        match at.first() {
            Some(event) if event.position.0 == position => {
                if event.event_id != self.envelope.event_id {
                    return Err(Distrust::OtherLog(position));
                }
            }
            _ => return Err(Distrust::AheadOfLog(position)),
        }
        Ok(Positioned {
            state: self.state,
            position: Some(Position(position)),
        })
    }
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

/// What a start found of one projection's snapshot before the log was open.
#[derive(Debug)]
pub enum Found<P> {
    Nothing,
    Decoded(Unchecked<P>),
    Refused(Distrust),
}

/// The snapshots' folder.
pub struct Snapshots {
    dir: PathBuf,
}

impl Snapshots {
    /// Opens (creates) the folder. A sled database of snapshots an older build kept beside it
    /// (`<data>/projections`) is removed: it is only ever a copy of what the log says.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        crate::durable_file::create_dir_all(dir)?;
        if let Some(older) = dir.parent().map(|data| data.join("projections"))
            && older.join("conf").is_file()
        {
            match std::fs::remove_dir_all(&older) {
                Ok(()) => {
                    tracing::info!(dir = %older.display(), "an older build's snapshots were removed")
                }
                Err(error) => {
                    tracing::warn!(dir = %older.display(), %error, "an older build's snapshots could not be removed")
                }
            }
        }
        Ok(Self {
            dir: dir.to_owned(),
        })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.snapshot"))
    }

    /// Reads and decodes the projection's snapshot, without the log (see [`unseal`]).
    pub fn read<P: Projection>(&self) -> Found<P> {
        let started = std::time::Instant::now();
        // A snapshot is only a copy of what the log says: one that cannot be read (a file
        // another user owns after a restore, say) costs a replay, never the start.
        let stored = match std::fs::read(self.path(P::NAME)) {
            Ok(stored) => stored,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Found::Nothing;
            }
            Err(error) => {
                return Found::Refused(Distrust::Unreadable(format!(
                    "the file cannot be read: {error}"
                )));
            }
        };
        match unseal::<P>(&stored) {
            Ok(unchecked) => {
                tracing::info!(
                    projection = P::NAME,
                    bytes = stored.len(),
                    ms = started.elapsed().as_millis(),
                    "snapshot decoded"
                );
                Found::Decoded(unchecked)
            }
            Err(reason) => Found::Refused(reason),
        }
    }

    /// Starts the projection from what [`Snapshots::read`] found, if the log confirms it; drops
    /// a snapshot that is not trusted. Returns whether it was restored.
    pub fn restore<P: Projection>(
        &self,
        held: &Held<P>,
        found: Found<P>,
        store: &EventStore,
    ) -> Result<bool, StoreError> {
        let checked = match found {
            Found::Nothing => return Ok(false),
            Found::Decoded(unchecked) => unchecked.against(store),
            Found::Refused(reason) => Err(reason),
        };
        match checked {
            Ok(restored) => {
                held.restore(restored);
                Ok(true)
            }
            // The log could not be read to check it against: the snapshot may well be good, and
            // the catch-up that follows meets the same log.
            Err(reason @ Distrust::LogUnreadable(_)) => {
                tracing::warn!(projection = P::NAME, %reason, "a snapshot was not used; the projection replays the log");
                Ok(false)
            }
            Err(reason) => {
                tracing::warn!(projection = P::NAME, %reason, "a snapshot was discarded; the projection replays the log");
                if let Err(error) = self.remove(P::NAME) {
                    tracing::warn!(projection = P::NAME, %error, "the discarded snapshot could not be removed");
                }
                Ok(false)
            }
        }
    }

    /// Writes the projection's snapshot (nothing for one that has seen nothing). It replaces the
    /// one before only once it is wholly on disk.
    pub fn save<P: Projection>(
        &self,
        held: &Held<P>,
        store: &EventStore,
    ) -> Result<(), StoreError> {
        let encoded = {
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
            encode(&positioned, event.event_id).map_err(|e| StoreError::Corrupt {
                key: P::NAME.to_owned(),
                reason: format!("the projection does not encode: {e}"),
            })?
        };
        match encoded {
            Some(encoded) => Ok(crate::durable_file::write(&self.path(P::NAME), &encoded)?),
            None => Ok(()),
        }
    }

    /// Removes what writes cut off by a crash or a stop left behind: their temporary files
    /// (`durable_file`), which nothing reads. Called once the log is open, so that the log's
    /// lock keeps a second process, whose write may be under way, from starting at all.
    pub fn remove_leftovers(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let cut_off =
                name.starts_with('.') && name.ends_with(".tmp") && name.contains(".snapshot.");
            if cut_off && let Err(error) = std::fs::remove_file(entry.path()) {
                tracing::warn!(file = %name, %error, "a cut-off snapshot could not be removed");
            }
        }
    }

    fn remove(&self, name: &str) -> Result<(), StoreError> {
        match std::fs::remove_file(self.path(name)) {
            Ok(()) => Ok(crate::event_store::durability::DirectorySync::sync_dir(
                &self.dir,
            )?),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    /// Stores a value as it is, for tests of what a start does with a damaged one.
    #[doc(hidden)]
    pub fn put_raw(&self, name: &str, value: &[u8]) -> Result<(), StoreError> {
        Ok(crate::durable_file::write(&self.path(name), value)?)
    }

    #[doc(hidden)]
    pub fn get_raw(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match std::fs::read(self.path(name)) {
            Ok(value) => Ok(Some(value)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error.into()),
        }
    }
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
