//! E-mail through the outbox, delivered to a real SMTP server started by the tests.

mod outbox;
mod reminders;
mod restart;
mod smtp;
