//! Signed links in e-mails (verification, password reset, invitations).
//!
//! The log keeps only a random nonce per link; the link carries the nonce and an HMAC of it
//! under the service's secret. Someone who can read the log (an export, a backup) still
//! cannot build a working link, and the outbox can rebuild the link from the log.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use super::secret::Secret;

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Verification,
    PasswordReset,
    JurorInvitation,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Purpose::Verification => "verify",
            Purpose::PasswordReset => "reset",
            Purpose::JurorInvitation => "juror",
        }
    }
}

#[derive(Clone)]
pub struct LinkSigner {
    key: Vec<u8>,
}

impl LinkSigner {
    pub fn new(secret: &Secret) -> Self {
        // A key of its own, so a link signature is never also a valid cookie signature.
        let mut mac = HmacSha256::new_from_slice(secret.bytes()).expect("HMAC takes any key");
        mac.update(b"wettbewerb e-mail links");
        Self {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    fn mac(&self, purpose: Purpose, subject: &str, nonce: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(purpose.label().as_bytes());
        mac.update(b"\0");
        mac.update(subject.as_bytes());
        mac.update(b"\0");
        mac.update(nonce.as_bytes());
        mac
    }

    pub fn sign(&self, purpose: Purpose, subject: &str, nonce: &str) -> String {
        hex::encode(self.mac(purpose, subject, nonce).finalize().into_bytes())
    }

    /// Constant-time comparison of the link's signature.
    pub fn verify(&self, purpose: Purpose, subject: &str, nonce: &str, signature: &str) -> bool {
        let Ok(bytes) = hex::decode(signature) else {
            return false;
        };
        self.mac(purpose, subject, nonce)
            .verify_slice(&bytes)
            .is_ok()
    }
}

/// A fresh random nonce for a link.
pub fn nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(byte: u8) -> LinkSigner {
        LinkSigner::new(&Secret::from_configured(&(byte as char).to_string().repeat(64)).unwrap())
    }

    #[test]
    fn a_signature_holds_only_for_its_purpose_subject_nonce_and_secret() {
        let s = signer(b'a');
        let sig = s.sign(Purpose::Verification, "acc", "n");
        assert!(s.verify(Purpose::Verification, "acc", "n", &sig));
        assert!(!s.verify(Purpose::PasswordReset, "acc", "n", &sig));
        assert!(!s.verify(Purpose::Verification, "acc2", "n", &sig));
        assert!(!s.verify(Purpose::Verification, "acc", "m", &sig));
        assert!(!signer(b'b').verify(Purpose::Verification, "acc", "n", &sig));
        assert!(!s.verify(Purpose::Verification, "acc", "n", "zz"));
    }
}
