//! Programme staff: the overview of competitions and the outbox.

pub mod competition;
pub mod jury;
pub mod outbox;
pub mod overview;
pub mod ranking;
