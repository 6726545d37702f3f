//! E-mail: addresses as lettre sends to them, messages with deterministic ids, and the mailer backends.

pub mod account_mail;
pub mod address;
pub mod circular_letter;
pub mod compose;
pub mod dispatcher;
pub mod mail_kinds;
pub mod mailer;
pub mod message;
pub mod outbox;
pub mod own_text;
pub mod placeholders;
pub mod setup;
pub mod signoff;

#[cfg(test)]
mod mail_texts_tests;
pub mod templates;
