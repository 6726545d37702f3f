//! A review as its juror wrote it, comments included: read from its stream when a page (the
//! juror's form, the staff's reviews of an application, the reviews export) asks, since the
//! juries' projection keeps only where each review stands.

use crate::app::{ExecuteError, load, stream_of};
use crate::domain::review::{Review, ReviewError, ReviewKey};
use crate::event_store::EventStore;

/// A review read from its stream, and the stream's revision it was read at (what a form based on
/// it sends back, so that a save from an older page conflicts).
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenReview {
    pub state: Review,
    pub revision: u64,
}

/// The review of `key` as it is now; `None` for one not written.
pub fn written_review(
    store: &EventStore,
    key: ReviewKey,
) -> Result<Option<WrittenReview>, ExecuteError<ReviewError>> {
    let (state, revision) = load::<Review>(store, &stream_of::<Review>(&key))?;
    Ok(revision.map(|revision| WrittenReview { state, revision }))
}
