//! Secrets, password hashes, signed links and second factors.

pub mod links;
pub mod password;
pub mod recovery_codes;
pub mod sealed;
pub mod secret;
pub mod totp;
