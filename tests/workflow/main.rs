//! The domain through `execute` against the real event store.

mod off_worker;
mod processes;
mod properties;
