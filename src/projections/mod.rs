//! Read models: the pages' view of the log, kept in memory and fed by a catch-up subscription
//! to `$all`. They are rebuilt from the log at start, so they need no checkpoint on disk.

mod projector;
mod read_models;
mod views;

pub use projector::{catch_up, run_projector};
pub use read_models::ReadModels;
pub use views::{ApplicationView, ReviewView, TimelineEntry, Views};
