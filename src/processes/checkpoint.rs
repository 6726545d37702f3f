//! The position in `$all` up to which the processes have handled the log, kept in sled beside
//! the log and synced like it: a commit returns once it survives a crash.

use std::path::Path;

use crate::event_store::StoreError;
use crate::storage::DurableDb;

const NEXT: &[u8] = b"next";

pub struct Checkpoint {
    db: DurableDb,
}

impl Checkpoint {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Ok(Self {
            db: DurableDb::open(path)?,
        })
    }

    /// The next `$all` position to handle.
    pub fn next(&self) -> Result<u64, StoreError> {
        Ok(self
            .db
            .tree()
            .get(NEXT)?
            .and_then(|v| crate::event_store::keys::number(&v))
            .unwrap_or(0))
    }

    /// Records that every event before `next` is handled. Written only after the follow-ups are
    /// in the log: a crash before it means they run again, and find themselves done.
    pub fn advance(&self, next: u64) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        batch.insert(NEXT, &next.to_be_bytes()[..]);
        self.db.commit(batch)
    }
}
