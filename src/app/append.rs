//! The append of every command, whether its decision read only its own stream (`execute` and
//! its kin) or other streams too (`execute_deciding`), and what the store's refusal of it
//! means to the command.

use super::{Actor, ExecuteError, Executed, encode};
use crate::domain::aggregate::Aggregate;
use crate::event_store::{AppendError, EventStore, ExpectedRevision, StoreError, StreamName};

/// Appends the events decided on `state` at `revision` when the decision read no other stream.
pub(super) async fn append<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    actor: &Actor,
    events: Vec<A::Event>,
    state: A,
    revision: Option<u64>,
) -> Result<Executed<A>, ExecuteError<A::Error>> {
    append_guarded(store, stream, actor, events, state, revision, Vec::new())
        .await
        .map_err(|refused| ExecuteError::from_append(stream, revision, refused))
}

/// The append every command ends in: the events decided on `state` at `revision`, with who
/// caused them, written only if `stream` is still at `revision` and every stream in `read` (the
/// other streams the decision read, with their revisions; none for most commands) is still
/// where it was read; no events, nothing written. The store's refusal is returned as it is,
/// for the caller to say what it means (`ExecuteError::from_append`, or a decision taken again
/// in `execute_deciding`).
pub(super) async fn append_guarded<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    actor: &Actor,
    events: Vec<A::Event>,
    mut state: A,
    revision: Option<u64>,
    read: Vec<(StreamName, ExpectedRevision)>,
) -> Result<Executed<A>, AppendError> {
    if events.is_empty() {
        return Ok(Executed {
            state,
            events,
            revision,
            position: None,
        });
    }
    let new_events = events.iter().map(|e| encode::<A>(e, actor)).collect();
    let expected = revision.map_or(ExpectedRevision::NoStream, ExpectedRevision::Exact);
    let result = store
        .append_checked(stream, expected, new_events, read)
        .await?;
    for event in &events {
        state.apply(event);
    }
    Ok(Executed {
        state,
        events,
        revision: Some(result.next_expected),
        position: Some(result.position),
    })
}

impl<E: std::error::Error + 'static> ExecuteError<E> {
    /// What the store's refusal of an append to `stream`, decided at `revision`, means to the
    /// command: a stream that moved (its own, or one the decision read) is a conflict.
    pub(super) fn from_append(
        stream: &StreamName,
        revision: Option<u64>,
        refused: AppendError,
    ) -> Self {
        match refused {
            AppendError::WrongExpectedVersion { .. }
            | AppendError::ReadStreamMoved { .. }
            | AppendError::StreamDeleted(_) => ExecuteError::Conflict {
                stream: stream.clone(),
                expected: revision,
            },
            AppendError::Store(e) => e.into(),
            other => StoreError::Corrupt {
                key: stream.to_string(),
                reason: other.to_string(),
            }
            .into(),
        }
    }
}
