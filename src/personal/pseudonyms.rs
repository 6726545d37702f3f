//! Account ids that do not reveal the address: an account's stream is `account-{id}` with the
//! id an HMAC-SHA256 of the canonical address under the data directory's pseudonym key
//! (`DATA/keys/pseudonym.key`, made once, exported only with `--with-keys`). The same address
//! still gives the same id, so registering an address twice is still a conflict on one stream;
//! but a log or an export without keys names no address, not even by a hash anyone could
//! compute. Accounts an older version filed under the unkeyed UUIDv5 are found through the
//! accounts projection's earlier ids, as accounts filed under an older spelling are.
//!
//! One process serves one data directory; the key is installed for the process when the
//! directory is opened (`personal::codec`). A process that opens several (the tests) keeps the
//! first key and gives it to every directory that has none yet.

use std::path::Path;
use std::sync::RwLock;

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use uuid::Uuid;

const FILE_NAME: &str = "pseudonym.key";
const KEY_LEN: usize = 32;

static KEY: RwLock<Option<[u8; KEY_LEN]>> = RwLock::new(None);

/// Namespace of the unkeyed account ids of older versions (and of a process that opened no
/// data directory: unit tests).
const LEGACY_NAMESPACE: Uuid = Uuid::from_u128(0x0b7c_52e1_93d4_4a8f_8e16_5f2a_c1d7_e390);

/// Installs the directory's key for this process, creating it if the directory has none.
pub fn install(keys_dir: &Path) -> std::io::Result<()> {
    let path = keys_dir.join(FILE_NAME);
    let stored: Option<[u8; KEY_LEN]> = match std::fs::read(&path) {
        Ok(bytes) => bytes.try_into().ok(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let mut key = KEY.write().unwrap_or_else(|p| p.into_inner());
    match (stored, *key) {
        (Some(stored), None) => *key = Some(stored),
        (Some(stored), Some(current)) if stored != current => {
            tracing::warn!(
                "this process already serves another data directory's accounts; its pseudonym key stays in use"
            );
        }
        (Some(_), Some(_)) => {}
        (None, current) => {
            let new = current.unwrap_or_else(|| {
                let mut bytes = [0u8; KEY_LEN];
                rand::rng().fill_bytes(&mut bytes);
                bytes
            });
            crate::durable_file::write(&path, &new)?;
            *key = Some(new);
        }
    }
    Ok(())
}

/// Takes the key the instances share as this directory's and this process's.
pub fn take_shared(keys_dir: &Path, shared: &[u8]) -> std::io::Result<()> {
    let shared: [u8; KEY_LEN] = shared.try_into().map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the shared pseudonym key is malformed",
        )
    })?;
    let path = keys_dir.join(FILE_NAME);
    match std::fs::read(&path) {
        Ok(local) if local == shared => {}
        // Another log's key (an embedded log, or a replica of another database): the
        // directory's account ids belong to it, and it is not overwritten.
        Ok(_) => {
            return Err(std::io::Error::other(
                "the data directory belongs to another log (its pseudonym key differs from the database's); give this instance an empty directory",
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            crate::durable_file::write(&path, &shared)?;
        }
        Err(e) => return Err(e),
    }
    *KEY.write().unwrap_or_else(|p| p.into_inner()) = Some(shared);
    Ok(())
}

/// The key, hex, for an export with keys.
pub fn exported(keys_dir: &Path) -> Option<String> {
    std::fs::read(keys_dir.join(FILE_NAME))
        .ok()
        .map(hex::encode)
}

/// Takes an exported key as the directory's: only into a log without accounts yet, which is
/// what a restore from a backup is. Returns whether the key changed.
pub fn restore(keys_dir: &Path, text: &str) -> std::io::Result<bool> {
    let bytes: [u8; KEY_LEN] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the pseudonym key is malformed",
            )
        })?;
    let mut key = KEY.write().unwrap_or_else(|p| p.into_inner());
    if *key == Some(bytes) {
        return Ok(false);
    }
    crate::durable_file::write(&keys_dir.join(FILE_NAME), &bytes)?;
    *key = Some(bytes);
    Ok(true)
}

/// The account id of a canonical, lower-cased address.
pub fn account_uuid(address: &str) -> Uuid {
    let key = *KEY.read().unwrap_or_else(|p| p.into_inner());
    match key {
        Some(key) => {
            let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes any key");
            mac.update(b"account:");
            mac.update(address.as_bytes());
            let digest = mac.finalize().into_bytes();
            let mut bytes = [0u8; 16];
            bytes.copy_from_slice(&digest[..16]);
            uuid::Builder::from_custom_bytes(bytes).into_uuid()
        }
        None => legacy_account_uuid(address),
    }
}

/// The id an older version gave the address's account.
pub fn legacy_account_uuid(address: &str) -> Uuid {
    Uuid::new_v5(&LEGACY_NAMESPACE, address.as_bytes())
}
