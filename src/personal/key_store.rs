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

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::durable_file;
use crate::event_store::durability::DirectorySync;
use crate::security::sealed::{KEY_LEN, SealingKey};

const FILE_NAME: &str = "personal.keys";
const RECORD_LEN: usize = 16 + KEY_LEN + 4;

pub struct KeyStore {
    path: PathBuf,
    keys: RwLock<HashMap<Uuid, SealingKey>>,
    /// Held while a record is appended or the file rewritten.
    file: Mutex<File>,
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
            file: Mutex::new(file),
        })
    }

    pub fn key_of(&self, person: Uuid) -> Option<SealingKey> {
        self.keys
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&person)
            .cloned()
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
        let key = SealingKey::generate();
        file.write_all(&encode(person, &key))?;
        file.sync_data()?;
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
        *file = options.open(&self.path)?;
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
            file.write_all(&encode(*person, &key))?;
            self.keys
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert(*person, key);
            added += 1;
        }
        file.sync_data()?;
        Ok(added)
    }
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
