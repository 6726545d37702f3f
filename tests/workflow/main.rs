//! The domain through `execute` against the real event store.

mod fresh_facts;
mod off_worker;
mod processes;
mod properties;
