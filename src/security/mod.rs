//! Secrets, password hashes, signed links, second factors and API tokens.

pub mod api_token;
pub mod links;
pub mod password;
pub mod recovery_codes;
pub mod sealed;
pub mod secret;
pub mod totp;
