//! The workflows that cross aggregates, one file each: they read the facts a decision needs
//! fresh from the log, build the command from them and append it guarded by what they read
//! (`app::execute_deciding`). Web handlers, the demo, the CLI and the tests call these, so each
//! workflow is done one way: a handler only extracts the input, calls the use case and renders
//! the outcome.

pub mod application_submission;
pub mod award_decision;
pub mod circular_sending;
pub mod consensus_report;
pub mod discussion_posting;
pub mod jury_assignment;
pub mod jury_meeting;
pub mod personal_data_erasure;
pub mod redress_request;
pub mod retention_report;
pub mod review_scoring;

use std::sync::Arc;

use crate::app::{ExecuteError, FactCache, Facts, Held, stream_of};
use crate::domain::application::Application;
use crate::domain::ids::ApplicationId;
use crate::event_store::EventStore;

/// What every use case runs on: the log, and the facts recently folded from it.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub store: &'a EventStore,
    pub facts: &'a FactCache,
}

/// One of a competition's applications, for a decision on all of them (the jury's automatic
/// assignment, finalising), with the copy of it the caller holds if any (a read model's): the
/// decision takes the copy as long as the application's stream is still at its revision, and
/// reads the stream otherwise (`Facts::load_held`). Thousands of applications are not read
/// from the log for every preview.
#[derive(Debug, Clone)]
pub struct KnownApplication {
    pub id: ApplicationId,
    pub held: Option<Held<Application>>,
}

impl KnownApplication {
    /// Read from its stream: the caller holds no copy.
    pub fn unheld(id: ApplicationId) -> Self {
        Self { id, held: None }
    }

    /// The caller's copy, `state` at `revision`.
    pub fn held(id: ApplicationId, revision: u64, state: &Application) -> Self {
        Self {
            id,
            held: Some(Held {
                revision,
                state: Arc::new(state.clone()),
            }),
        }
    }
}

/// Each application as the decision takes it, its read guarding the decision's append.
fn load_applications<E: std::error::Error + 'static>(
    facts: &mut Facts<'_>,
    applications: &[KnownApplication],
) -> Result<Vec<(ApplicationId, Arc<Application>)>, ExecuteError<E>> {
    applications
        .iter()
        .map(|known| {
            let stream = stream_of::<Application>(&known.id);
            Ok((known.id, facts.load_held(&stream, known.held.as_ref())?))
        })
        .collect()
}
