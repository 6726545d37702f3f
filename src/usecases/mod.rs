//! The workflows that cross aggregates, one file each: they read the facts a decision needs
//! fresh from the log, build the command from them and append it guarded by what they read
//! (`app::execute_deciding`). Web handlers, the demo, the CLI and the tests call these, so each
//! workflow is done one way: a handler only extracts the input, calls the use case and renders
//! the outcome.

pub mod application_submission;
pub mod award_decision;
pub mod jury_assignment;
pub mod review_scoring;

use crate::app::FactCache;
use crate::event_store::EventStore;

/// What every use case runs on: the log, and the facts recently folded from it.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub store: &'a EventStore,
    pub facts: &'a FactCache,
}
