//! API tokens: 256 random bits, shown to their owner once and kept only as a SHA-256 hash.
//!
//! A plain hash rather than argon2 (as for passwords): a token is not a word a person chose but
//! random bits no dictionary holds, so a fast hash loses nothing, and every API call checks one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Every token begins with this, so that a secret scanner (and a person) can tell one.
pub const PREFIX: &str = "wb_";

/// How many characters of a token its owner sees in the list of tokens.
const HINT_CHARS: usize = 8;

/// The longest header value worth hashing: a token is 46 characters.
const MAX_CHARS: usize = 100;

/// A new token, as it is shown once, with what the log keeps of it.
pub struct NewToken {
    pub token: String,
    pub hash: String,
    pub hint: String,
}

pub fn generate() -> NewToken {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    NewToken {
        hash: hash(&token),
        hint: token.chars().take(HINT_CHARS).collect(),
        token,
    }
}

/// The hex of the token's SHA-256: what the log and the read models hold.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The token of an `Authorization: Bearer …` header value, if it looks like one of ours.
pub fn from_authorization(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && token.starts_with(PREFIX) && token.len() <= MAX_CHARS)
        .then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_token_is_random_and_its_hash_is_the_hash_of_what_is_shown() {
        let one = generate();
        let other = generate();
        assert_ne!(one.token, other.token);
        assert_eq!(one.hash, hash(&one.token));
        assert_eq!(one.token.len(), 46);
        assert!(one.token.starts_with(&one.hint));
        assert_eq!(one.hint.len(), HINT_CHARS);
    }

    #[test]
    fn only_a_bearer_header_with_one_of_our_tokens_is_read() {
        assert_eq!(from_authorization("Bearer wb_abc"), Some("wb_abc"));
        assert_eq!(from_authorization("bearer  wb_abc "), Some("wb_abc"));
        assert_eq!(from_authorization("Basic wb_abc"), None);
        assert_eq!(from_authorization("Bearer abc"), None);
        assert_eq!(
            from_authorization(&format!("Bearer wb_{}", "a".repeat(200))),
            None
        );
    }
}
