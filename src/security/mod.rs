//! Secrets, password hashes and signed links.

pub mod links;
pub mod password;
pub mod sealed;
pub mod secret;
