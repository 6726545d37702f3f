//! Password hashing with argon2id (the crate's defaults follow OWASP's recommendation).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a chosen password is not accepted, in both languages.
pub fn weakness(password: &str) -> Option<(&'static str, &'static str)> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Some((
            "Das Passwort muss mindestens 10 Zeichen lang sein.",
            "The password must have at least 10 characters.",
        ));
    }
    None
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashes any password with default parameters")
        .to_string()
}

pub fn verify(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// Spends the time of a verification, so a login for an unknown address takes as long as one
/// for a known address.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("a password nobody has"));
    let _ = verify(password, dummy);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("korrekt pferd batterie");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("korrekt pferd batterie", &h));
        assert!(!verify("korrekt pferd batteri", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(weakness("kurz").is_some());
        assert!(weakness("lang genug!").is_none());
    }
}
