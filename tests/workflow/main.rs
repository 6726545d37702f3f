//! The domain through `execute` against the real event store.

mod fresh_facts;
mod fresh_workflows;
mod off_worker;
mod processes;
mod properties;
