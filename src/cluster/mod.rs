//! Several instances on one PostgreSQL: what they share besides the log (secrets, personal
//! keys, documents, who sends which message, attempt counters) and the work one of them does
//! at a time. On the embedded sled store none of this is used.

pub mod attempts;
pub mod connection;
pub mod database;
pub mod open;
pub mod secrets;

pub use database::{SharedDatabase, SharedError};
pub mod deliveries;
pub mod erasures;
pub mod lease;
