//! Sealing: an authenticated cipher (AES-256-GCM) for data that must stay unreadable without
//! its key, such as a person's fields in the log (erasing the person deletes the key) or a
//! second factor's secret (sealed under a key derived from the service's secret).
//!
//! A sealed value is `nonce ‖ ciphertext ‖ tag`; the nonce is random for every seal. `aad`
//! binds the value to where it belongs (a purpose, a field), so a sealed value moved
//! elsewhere does not open.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use sha2::Sha256;

pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;

/// A 256-bit key. Its bytes never appear in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct SealingKey([u8; KEY_LEN]);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(…)")
    }
}

/// The value did not open: wrong key, another `aad`, or changed bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the sealed value does not open with this key")]
pub struct Unsealable;

impl SealingKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut key = [0u8; KEY_LEN];
        rand::rng().fill_bytes(&mut key);
        Self(key)
    }

    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    pub fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// A key for one `purpose`, derived from a long secret (HKDF-SHA256): every purpose gets
    /// its own key, and none reveals the secret.
    pub fn derive(secret: &[u8], purpose: &str) -> Self {
        let mut key = [0u8; KEY_LEN];
        hkdf::Hkdf::<Sha256>::new(Some(b"wettbewerb sealing"), secret)
            .expand(purpose.as_bytes(), &mut key)
            .expect("32 bytes is a valid HKDF-SHA256 length");
        Self(key)
    }

    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher()
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .expect("AES-GCM seals any message shorter than 64 GiB");
        let mut sealed = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, Unsealable> {
        if sealed.len() < NONCE_LEN {
            return Err(Unsealable);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        self.cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| Unsealable)
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new((&self.0).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_with_its_key_and_aad_only() {
        let key = SealingKey::generate();
        let sealed = key.seal(b"Erika Mustermann", b"name");
        assert!(!sealed.windows(6).any(|w| w == &b"Mustermann"[..6]));
        assert_eq!(key.open(&sealed, b"name").unwrap(), b"Erika Mustermann");
        assert_eq!(key.open(&sealed, b"email"), Err(Unsealable));
        assert_eq!(
            SealingKey::generate().open(&sealed, b"name"),
            Err(Unsealable)
        );
        let mut changed = sealed.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(key.open(&changed, b"name"), Err(Unsealable));
        assert_eq!(key.open(&sealed[..5], b"name"), Err(Unsealable));
    }

    #[test]
    fn two_seals_of_one_value_differ_and_derived_keys_depend_on_purpose() {
        let key = SealingKey::generate();
        assert_ne!(key.seal(b"x", b""), key.seal(b"x", b""));
        let secret = [7u8; 64];
        assert_eq!(
            SealingKey::derive(&secret, "totp"),
            SealingKey::derive(&secret, "totp")
        );
        assert_ne!(
            SealingKey::derive(&secret, "totp"),
            SealingKey::derive(&secret, "accounts")
        );
    }
}
