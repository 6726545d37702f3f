//! Opens the log the settings name, with the keys that seal its personal data: the embedded
//! store in the data directory, or the log on PostgreSQL with this instance's replica there.

use std::path::Path;
use std::sync::Arc;

use crate::config::Settings;
use crate::documents::DocumentStore;
use crate::event_store::{EventStore, StoreOptions};
use crate::personal::codec::PersonalCodec;

use super::SharedDatabase;

pub struct OpenedLog {
    pub store: EventStore,
    pub codec: Arc<PersonalCodec>,
    /// What instances on PostgreSQL share besides the log; none on sled.
    pub shared: Option<Arc<SharedDatabase>>,
}

impl OpenedLog {
    /// Where uploaded documents are kept: beside the log, in the data directory or the shared
    /// database.
    pub fn documents(&self, data: &Path) -> std::io::Result<DocumentStore> {
        match &self.shared {
            Some(shared) => Ok(DocumentStore::shared(data, shared.clone())),
            None => DocumentStore::open(data),
        }
    }
}

/// Whether the settings put the log on PostgreSQL; anything else given as `store` is refused.
pub fn postgres_url(settings: &Settings) -> anyhow::Result<Option<&str>> {
    match settings.store.as_deref().map(str::trim) {
        None | Some("") | Some("sled") => Ok(None),
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Ok(Some(url))
        }
        Some(_) => anyhow::bail!(
            "`store` must be a postgres:// URL, or unset for the embedded store in the data directory"
        ),
    }
}

/// The shared database of a log on PostgreSQL (the same database as the log).
pub fn shared_database(settings: &Settings) -> anyhow::Result<Option<Arc<SharedDatabase>>> {
    match postgres_url(settings)? {
        Some(url) => Ok(Some(SharedDatabase::open(url)?)),
        None => Ok(None),
    }
}

/// The personal-data codec for the settings' log (on sled: sealing an older plaintext log
/// first).
pub fn codec(
    settings: &Settings,
    shared: Option<&Arc<SharedDatabase>>,
) -> anyhow::Result<Arc<PersonalCodec>> {
    match shared {
        Some(shared) => crate::personal::shared_codec(&settings.data, shared.clone()),
        None => {
            let codec = crate::personal::codec(&settings.data)?;
            crate::personal::migration::seal_if_needed(&settings.data, &codec)?;
            Ok(codec)
        }
    }
}

/// The store's options for the settings' log.
pub fn store_options(
    settings: &Settings,
    codec: Arc<PersonalCodec>,
) -> anyhow::Result<StoreOptions> {
    let options = StoreOptions::new(settings.event_store_dir())?.with_codec(codec);
    Ok(match postgres_url(settings)? {
        Some(url) => options.with_postgres(url),
        None => options,
    })
}

/// Everything a command of the command line needs to work on the log.
pub fn open_log(settings: &Settings) -> anyhow::Result<OpenedLog> {
    let shared = shared_database(settings)?;
    let codec = codec(settings, shared.as_ref())?;
    let store = EventStore::open(store_options(settings, codec.clone())?)?;
    Ok(OpenedLog {
        store,
        codec,
        shared,
    })
}
