//! Personal data in an append-only log (GDPR Art. 17): each person's fields are sealed under
//! a key of their own (`key_store`), so that erasing the person deletes their key and every
//! event stays where it is, its position, revision and checksum unchanged, while their data
//! reads as "gelöscht" wherever it was shown. Which fields are personal is the domain's rule
//! (`domain::personal_fields`).

pub mod codec;
pub mod envelope;
pub mod forget;
pub mod key_store;
pub mod migration;
pub mod pseudonyms;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use codec::PersonalCodec;
use key_store::KeyStore;

/// What an erased person's text reads as, in pages, exports and mail.
pub const ERASED_TEXT: &str = "gelöscht";

/// Present once every personal field in the log is sealed: written when a new data directory
/// is first opened, or once `migration::seal_if_needed` has sealed a log an older version wrote.
const SEALED_MARKER: &str = "sealed";

pub fn keys_dir(data: &Path) -> PathBuf {
    data.join("keys")
}

/// The key store of a data directory and the codec that seals with it.
pub fn codec(data: &Path) -> anyhow::Result<Arc<PersonalCodec>> {
    let dir = keys_dir(data);
    let keys = KeyStore::open(&dir).with_context(|| format!("opening {}", dir.display()))?;
    pseudonyms::install(&dir).with_context(|| format!("opening {}", dir.display()))?;
    Ok(Arc::new(PersonalCodec::new(Arc::new(keys))))
}

/// The codec of an instance on PostgreSQL: the keys are in the shared database, and the
/// pseudonym key is the one every instance holds (kept in the data directory too, so that an
/// export with keys finds it where it always is).
pub fn shared_codec(
    data: &Path,
    database: Arc<crate::cluster::SharedDatabase>,
) -> anyhow::Result<Arc<PersonalCodec>> {
    let dir = keys_dir(data);
    crate::durable_file::create_dir_all(&dir)?;
    let pseudonym = crate::cluster::secrets::shared_secret(&database, "pseudonym", 32)?;
    pseudonyms::take_shared(&dir, &pseudonym)
        .with_context(|| format!("opening {}", dir.display()))?;
    let keys = KeyStore::open_shared(&dir, database)?;
    // Logs on PostgreSQL are sealed from their first event.
    mark_sealed(data)?;
    Ok(Arc::new(PersonalCodec::new(Arc::new(keys))))
}

pub fn is_marked_sealed(data: &Path) -> bool {
    keys_dir(data).join(SEALED_MARKER).exists()
}

pub fn mark_sealed(data: &Path) -> anyhow::Result<()> {
    let dir = keys_dir(data);
    crate::durable_file::create_dir_all(&dir)?;
    crate::durable_file::write(&dir.join(SEALED_MARKER), b"1\n")
        .with_context(|| format!("marking {} as sealed", dir.display()))
}
