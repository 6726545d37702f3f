//! E-mail: validated addresses, messages with deterministic ids, and the mailer backends.

pub mod address;
pub mod mailer;
pub mod message;
