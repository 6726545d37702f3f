//! A sled database for state beside the log (the outbox, later read-model checkpoints), with the
//! same real sync as the event store: a commit returns once it survives a crash.

use std::path::Path;
use std::sync::Mutex;

use crate::event_store::durability::DirectorySync;
use crate::event_store::{StoreError, open_error};

pub struct DurableDb {
    db: sled::Db,
    sync: Mutex<DirectorySync>,
}

impl DurableDb {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        crate::durable_file::create_dir_all(path)?;
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(16 * 1024 * 1024)
            .flush_every_ms(None)
            .open()
            .map_err(|source| open_error(path, source))?;
        Ok(Self {
            db,
            sync: Mutex::new(DirectorySync::new(path)),
        })
    }

    pub fn tree(&self) -> &sled::Db {
        &self.db
    }

    /// Applies the batch atomically and makes it durable.
    pub fn commit(&self, batch: sled::Batch) -> Result<(), StoreError> {
        let mut sync = self.sync.lock().unwrap_or_else(|p| p.into_inner());
        self.db.apply_batch(batch)?;
        self.db.flush()?;
        sync.sync()?;
        Ok(())
    }
}
