//! The persons' keys: one AES-256 key per person, in `DATA/keys/personal.keys`, beside the log
//! and never inside it. Erasing a person deletes their key, and with it every sealed field of
//! theirs in the log, its snapshots and its exports without keys.
//!
//! The file is a sequence of fixed records (person id, key, CRC-32 of both). A new key is
//! appended and synced before any event sealed under it reaches the log, so the log never holds
//! a field whose key a crash lost. A record cut off by a crash (its key was never used) is
//! dropped on opening; a record whose CRC does not match is refused, as someone changed it.
//! Erasure rewrites the whole file without the erased records (temporary file, sync, rename),
//! so the key's bytes are gone from the file, not only marked.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::cluster::SharedDatabase;
use crate::durable_file;
use crate::event_store::durability::DirectorySync;
use crate::security::sealed::{KEY_LEN, SealingKey};

const FILE_NAME: &str = "personal.keys";
const RECORD_LEN: usize = 16 + KEY_LEN + 4;

pub struct KeyStore {
    path: PathBuf,
    keys: RwLock<HashMap<Uuid, SealingKey>>,
    /// Held while a record is appended or the file rewritten; with shared keys, while a key
    /// is created or erased.
    file: Mutex<Option<File>>,
    /// Several instances on PostgreSQL keep the keys there: a key another instance created is
    /// looked up when first needed, an erased one is gone for all.
    shared: Option<Arc<SharedDatabase>>,
    /// Persons erased (here or, as the log tells, elsewhere): not looked up again. Only an
    /// erasure puts a person here; a plain miss may be a key another instance makes now.
    absent: RwLock<HashSet<Uuid>>,
}

/// Keys as `wettbewerb export --with-keys` writes them: person id and key, hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedKeys {
    pub personal_keys: Vec<(Uuid, String)>,
    /// The key account ids are made with (`personal::pseudonyms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonym_key: Option<String>,
}

impl KeyStore {
    /// Opens (or creates) the key store in `dir`.
    pub fn open(dir: &Path) -> io::Result<Self> {
        durable_file::create_dir_all(dir)?;
        let path = dir.join(FILE_NAME);
        let mut bytes = Vec::new();
        match File::open(&path) {
            Ok(mut file) => {
                file.read_to_end(&mut bytes)?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let whole = bytes.len() - bytes.len() % RECORD_LEN;
        let mut keys = HashMap::new();
        for record in bytes[..whole].chunks_exact(RECORD_LEN) {
            let (person, key) = decode(record).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{} holds a changed record", path.display()),
                )
            })?;
            keys.insert(person, key);
        }
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, durable_file::FILE_MODE);
        let file = options.open(&path)?;
        if whole != bytes.len() {
            // What a crash cut off was never synced, so no event was sealed under it.
            file.set_len(whole as u64)?;
            file.sync_all()?;
        }
        DirectorySync::sync_dir(dir)?;
        Ok(Self {
            path,
            keys: RwLock::new(keys),
            file: Mutex::new(Some(file)),
            shared: None,
            absent: Default::default(),
        })
    }

    /// The keys in the shared database, all read now; `dir` still holds the pseudonym key's
    /// file name for exports.
    pub fn open_shared(dir: &Path, database: Arc<SharedDatabase>) -> io::Result<Self> {
        let rows = database
            .run(|client| client.query("SELECT person, key FROM wettbewerb_personal_keys", &[]))
            .map_err(io::Error::other)?;
        let mut keys = HashMap::with_capacity(rows.len());
        for row in rows {
            let person: Uuid = row.get(0);
            keys.insert(person, shared_key(row.get(1))?);
        }
        Ok(Self {
            path: dir.join(FILE_NAME),
            keys: RwLock::new(keys),
            file: Mutex::new(None),
            shared: Some(database),
            absent: Default::default(),
        })
    }

    pub fn key_of(&self, person: Uuid) -> Option<SealingKey> {
        let cached = self
            .keys
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&person)
            .cloned();
        match (&cached, &self.shared) {
            (None, Some(database)) => self.look_up(database, person),
            _ => cached,
        }
    }

    fn is_erased(&self, person: Uuid) -> bool {
        self.absent
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&person)
    }

    /// A key another instance created since this one read the table.
    fn look_up(&self, database: &SharedDatabase, person: Uuid) -> Option<SealingKey> {
        if self.is_erased(person) {
            return None;
        }
        let found = database.run(move |client| {
            client.query_opt(
                "SELECT key FROM wettbewerb_personal_keys WHERE person = $1",
                &[&person],
            )
        });
        match found {
            Ok(Some(row)) => {
                let key = shared_key(row.get(0)).ok()?;
                let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
                // An erasure that came while the row was read wins.
                if self.is_erased(person) {
                    return None;
                }
                keys.insert(person, key.clone());
                Some(key)
            }
            Ok(None) => None,
            // Unreachable for now: reads as erased this once, is asked again next time.
            Err(e) => {
                tracing::warn!(error = %e, "looking up a personal key failed");
                None
            }
        }
    }

    /// The database the keys are shared in, on PostgreSQL.
    pub fn shared_database(&self) -> Option<&Arc<SharedDatabase>> {
        self.shared.as_ref()
    }

    /// Whether this instance holds the key in memory now (without asking the shared table).
    pub fn holds_cached(&self, person: Uuid) -> bool {
        self.keys
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(&person)
    }

    /// Forgets keys another instance erased (it deleted them from the shared table).
    pub fn evict(&self, persons: &[Uuid]) {
        let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
        let mut absent = self.absent.write().unwrap_or_else(|p| p.into_inner());
        for person in persons {
            keys.remove(person);
            absent.insert(*person);
        }
    }

    /// The person's key, created and made durable first if they have none.
    pub fn key_for(&self, person: Uuid) -> io::Result<SealingKey> {
        if let Some(key) = self.key_of(person) {
            return Ok(key);
        }
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(key) = self.key_of(person) {
            return Ok(key);
        }
        let mut key = SealingKey::generate();
        match (&self.shared, file.as_mut()) {
            (Some(database), _) => {
                // Two instances may make a key for the same person at once: the first one
                // stored is everybody's.
                key = store_shared(database, person, key.bytes().to_vec())?;
                self.absent
                    .write()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&person);
            }
            (None, Some(file)) => {
                file.write_all(&encode(person, &key))?;
                file.sync_data()?;
            }
            (None, None) => return Err(io::Error::other("the key file is not open")),
        }
        self.keys
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(person, key.clone());
        Ok(key)
    }

    /// The folder the keys are in.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(&self.path)
    }

    pub fn holds(&self, person: Uuid) -> bool {
        self.key_of(person).is_some()
    }

    /// Deletes the persons' keys: from memory at once, from the disk by rewriting the file.
    /// Returns how many keys there were.
    pub fn erase(&self, persons: &[Uuid]) -> io::Result<usize> {
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(database) = &self.shared {
            // Marked erased first, so that no look-up brings a key back while it is deleted;
            // the key leaves memory only once the database no longer holds it.
            self.absent
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .extend(persons.iter().copied());
            let listed = persons.to_vec();
            let deleted = database
                .run(move |client| {
                    client.execute(
                        "DELETE FROM wettbewerb_personal_keys WHERE person = ANY($1)",
                        &[&listed],
                    )
                })
                .map_err(io::Error::other)?;
            let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
            let erased = persons
                .iter()
                .filter(|person| keys.remove(person).is_some())
                .count();
            return Ok(erased.max(deleted as usize));
        }
        let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
        let erased = persons
            .iter()
            .filter(|person| keys.remove(person).is_some())
            .count();
        if erased == 0 {
            return Ok(0);
        }
        let mut bytes = Vec::with_capacity(keys.len() * RECORD_LEN);
        for (person, key) in keys.iter() {
            bytes.extend_from_slice(&encode(*person, key));
        }
        durable_file::write(&self.path, &bytes)?;
        // The handle pointed at the replaced file; new keys go into the new one.
        let mut options = OpenOptions::new();
        options.append(true);
        *file = Some(options.open(&self.path)?);
        Ok(erased)
    }

    /// Every key, for a backup that must restore what the log holds.
    pub fn export(&self) -> ExportedKeys {
        let keys = self.keys.read().unwrap_or_else(|p| p.into_inner());
        let mut personal_keys: Vec<(Uuid, String)> = keys
            .iter()
            .map(|(person, key)| (*person, hex::encode(key.bytes())))
            .collect();
        personal_keys.sort();
        ExportedKeys {
            personal_keys,
            pseudonym_key: super::pseudonyms::exported(self.dir()),
        }
    }

    /// Adds exported keys the store does not hold yet; returns how many were added.
    pub fn import(&self, exported: &ExportedKeys) -> io::Result<usize> {
        let mut added = 0;
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        for (person, text) in &exported.personal_keys {
            let bytes: [u8; KEY_LEN] = hex::decode(text)
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidData, "an exported key is malformed")
                })?;
            if self.key_of(*person).is_some() {
                continue;
            }
            let key = SealingKey::from_bytes(bytes);
            match (&self.shared, file.as_mut()) {
                (Some(database), _) => {
                    store_shared(database, *person, bytes.to_vec())?;
                }
                (None, Some(file)) => file.write_all(&encode(*person, &key))?,
                (None, None) => return Err(io::Error::other("the key file is not open")),
            }
            self.keys
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert(*person, key);
            added += 1;
        }
        if let Some(file) = file.as_mut() {
            file.sync_data()?;
        }
        Ok(added)
    }
}

/// Stores the key unless the person has one; returns the one stored (the first is
/// everybody's).
fn store_shared(
    database: &SharedDatabase,
    person: Uuid,
    candidate: Vec<u8>,
) -> io::Result<SealingKey> {
    let stored = database
        .run(move |client| {
            client.execute(
                "INSERT INTO wettbewerb_personal_keys (person, key) VALUES ($1, $2) \
                 ON CONFLICT (person) DO NOTHING",
                &[&person, &candidate],
            )?;
            client.query_one(
                "SELECT key FROM wettbewerb_personal_keys WHERE person = $1",
                &[&person],
            )
        })
        .map_err(io::Error::other)?;
    shared_key(stored.get(0))
}

fn shared_key(bytes: Vec<u8>) -> io::Result<SealingKey> {
    let key: [u8; KEY_LEN] = bytes.try_into().map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "a shared personal key is malformed",
        )
    })?;
    Ok(SealingKey::from_bytes(key))
}

fn encode(person: Uuid, key: &SealingKey) -> [u8; RECORD_LEN] {
    let mut record = [0u8; RECORD_LEN];
    record[..16].copy_from_slice(person.as_bytes());
    record[16..16 + KEY_LEN].copy_from_slice(key.bytes());
    let crc = crc32fast::hash(&record[..16 + KEY_LEN]);
    record[16 + KEY_LEN..].copy_from_slice(&crc.to_le_bytes());
    record
}

fn decode(record: &[u8]) -> Option<(Uuid, SealingKey)> {
    let (body, crc) = record.split_at(16 + KEY_LEN);
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let person = Uuid::from_slice(&body[..16]).ok()?;
    let key: [u8; KEY_LEN] = body[16..].try_into().ok()?;
    Some((person, SealingKey::from_bytes(key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_survive_a_reopen_and_an_erased_key_is_gone_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let (anna, ben) = (Uuid::new_v4(), Uuid::new_v4());
        let store = KeyStore::open(dir.path()).unwrap();
        let anna_key = store.key_for(anna).unwrap();
        let ben_key = store.key_for(ben).unwrap();
        assert_eq!(store.key_for(anna).unwrap(), anna_key);
        drop(store);

        let store = KeyStore::open(dir.path()).unwrap();
        assert_eq!(store.key_of(anna), Some(anna_key.clone()));
        assert_eq!(store.erase(&[anna]).unwrap(), 1);
        assert_eq!(store.key_of(anna), None);
        let carol = Uuid::new_v4();
        store.key_for(carol).unwrap();
        drop(store);

        let bytes = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
        assert!(!bytes.windows(KEY_LEN).any(|w| w == anna_key.bytes()));
        let store = KeyStore::open(dir.path()).unwrap();
        assert_eq!(store.key_of(anna), None);
        assert_eq!(store.key_of(ben), Some(ben_key));
        assert!(store.holds(carol));
    }

    #[test]
    fn a_record_cut_off_by_a_crash_is_dropped_and_a_changed_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let anna = Uuid::new_v4();
        KeyStore::open(dir.path()).unwrap().key_for(anna).unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(&[7u8; 20]);
        std::fs::write(&path, &bytes).unwrap();
        let store = KeyStore::open(dir.path()).unwrap();
        assert!(store.holds(anna));
        assert_eq!(std::fs::metadata(&path).unwrap().len(), RECORD_LEN as u64);
        drop(store);

        bytes.truncate(RECORD_LEN);
        bytes[20] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(KeyStore::open(dir.path()).is_err());
    }

    #[test]
    fn exported_keys_import_into_another_store() {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let anna = Uuid::new_v4();
        let source = KeyStore::open(one.path()).unwrap();
        let key = source.key_for(anna).unwrap();
        let target = KeyStore::open(two.path()).unwrap();
        assert_eq!(target.import(&source.export()).unwrap(), 1);
        assert_eq!(target.import(&source.export()).unwrap(), 0);
        assert_eq!(target.key_of(anna), Some(key));
    }
}
