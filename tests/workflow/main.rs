//! The domain through `execute` against the real event store.

mod properties;
