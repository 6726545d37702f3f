//! Where the pure domain meets the event store, and the only place: every command of the web
//! handlers, the use cases (`src/usecases/`), the process managers, the demo and the CLI is
//! written through here.
//!
//! `execute`: load a stream, fold it, decide, append with the expected revision (`execute_at`
//! and `execute_as_confirmed` also check the revision a page showed). `execute_deciding`
//! (`app/decision.rs`): a decision of one aggregate on facts folded fresh from other streams,
//! whose append is refused if any of them moved, and then taken again
//! (`execute_deciding_off_worker` decides on the blocking pool, `preview_deciding` writes
//! nothing). All of them end in one append (`app/append.rs`): the events with who caused them,
//! written only if the stream, and every other stream the decision read, is still where it was
//! read.

mod append;
mod decision;

use append::append;
pub use decision::{
    FactCache, Facts, Held, MAX_ATTEMPTS, Seen, back_off, execute_deciding, execute_deciding_from,
    execute_deciding_off_worker, preview_deciding,
};
use serde_json::{Value, json};

use crate::domain::aggregate::Aggregate;
use crate::event_store::{
    Direction, EventStore, NewEvent, Position, ReadError, ReadFrom, RecordedEvent, StoreError,
    StreamName,
};

const PAGE: usize = 1024;

/// Who caused an event; recorded in its metadata so every decision is traceable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub role: String,
}

impl Actor {
    pub fn system() -> Self {
        Self {
            id: "system".into(),
            role: "system".into(),
        }
    }

    pub fn new(id: impl Into<String>, role: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            role: role.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExecuteError<E: std::error::Error + 'static> {
    /// The aggregate said no; nothing was written.
    #[error(transparent)]
    Refused(E),
    /// Someone else wrote to the stream since it was read; nothing was written.
    #[error("{stream} was changed by someone else; expected revision {expected:?}")]
    Conflict {
        stream: StreamName,
        expected: Option<u64>,
    },
    #[error("an event in {stream} at revision {revision} cannot be read: {reason}")]
    Unreadable {
        stream: StreamName,
        revision: u64,
        reason: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The state after a successful command.
#[derive(Debug, Clone)]
pub struct Executed<A: Aggregate> {
    pub state: A,
    pub events: Vec<A::Event>,
    /// The stream's last revision afterwards; `None` if nothing was ever written.
    pub revision: Option<u64>,
    pub position: Option<Position>,
}

pub fn stream_of<A: Aggregate>(id: &impl std::fmt::Display) -> StreamName {
    StreamName::parse(format!("{}-{id}", A::CATEGORY)).expect("category and id form a stream name")
}

/// Folds the aggregate's stream; also returns the revision it was read at.
pub fn load<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
) -> Result<(A, Option<u64>), ExecuteError<A::Error>> {
    load_onto(store, stream, A::default(), None)
}

/// Folds the events after `revision` onto `state`, the stream's state at that revision
/// (`None`: before its first event); returns the state and the revision it was read at.
pub fn load_onto<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    mut state: A,
    mut revision: Option<u64>,
) -> Result<(A, Option<u64>), ExecuteError<A::Error>> {
    let mut next = revision.map_or(0, |r| r + 1);
    loop {
        let page = match store.read_stream(stream, Direction::Forwards, ReadFrom::At(next), PAGE) {
            Ok(page) => page,
            Err(ReadError::StreamNotFound(_)) => break,
            Err(ReadError::StreamDeleted(_)) => break,
            Err(ReadError::Store(e)) => return Err(e.into()),
        };
        let Some(last) = page.last() else { break };
        next = last.revision + 1;
        for recorded in &page {
            state.apply(&decode::<A>(recorded)?);
            revision = Some(recorded.revision);
        }
        if page.len() < PAGE {
            break;
        }
    }
    Ok((state, revision))
}

/// Runs a command against the current state of the stream.
pub async fn execute<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    actor: &Actor,
    command: A::Command,
) -> Result<Executed<A>, ExecuteError<A::Error>> {
    let (state, revision) = load::<A>(store, stream)?;
    decide_and_append(store, stream, actor, command, state, revision).await
}

/// Runs a command only if the stream is still at the revision the user saw (a form's hidden
/// field); otherwise a conflict, so that a page can answer 409 and keep the user's input.
pub async fn execute_at<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    seen: Option<u64>,
    actor: &Actor,
    command: A::Command,
) -> Result<Executed<A>, ExecuteError<A::Error>> {
    let (state, revision) = load::<A>(store, stream)?;
    if revision != seen {
        return Err(ExecuteError::Conflict {
            stream: stream.clone(),
            expected: seen,
        });
    }
    decide_and_append(store, stream, actor, command, state, revision).await
}

/// Like `execute_at`, for a step a person confirmed on a page showing the state at `seen`:
/// events appended since that leave what the page showed as it was (`unchanged`: a reminder
/// sent, say) do not count as a change, so the step goes on; any other event is a conflict.
pub async fn execute_as_confirmed<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    seen: Option<u64>,
    actor: &Actor,
    command: A::Command,
    unchanged: impl Fn(&A::Event) -> bool,
) -> Result<Executed<A>, ExecuteError<A::Error>> {
    let (state, revision) = load::<A>(store, stream)?;
    still_as_confirmed::<A>(store, stream, seen, revision, unchanged)?;
    decide_and_append(store, stream, actor, command, state, revision).await
}

/// Whether `stream`, now at `revision`, still shows what a page made at `seen` showed: every
/// event appended since leaves it as it was (`unchanged`); otherwise a conflict.
pub fn still_as_confirmed<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    seen: Option<u64>,
    revision: Option<u64>,
    unchanged: impl Fn(&A::Event) -> bool,
) -> Result<(), ExecuteError<A::Error>> {
    let conflict = || ExecuteError::Conflict {
        stream: stream.clone(),
        expected: seen,
    };
    if revision == seen {
        return Ok(());
    }
    let (Some(seen), Some(now)) = (seen, revision) else {
        return Err(conflict());
    };
    if now < seen {
        return Err(conflict());
    }
    let count = usize::try_from(now - seen).map_err(|_| conflict())?;
    let since = match store.read_stream(stream, Direction::Forwards, ReadFrom::At(seen + 1), count)
    {
        Ok(events) => events,
        Err(ReadError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(conflict()),
    };
    let only_unchanging = since.len() == count
        && since
            .iter()
            .all(|e| decode::<A>(e).is_ok_and(|event| unchanged(&event)));
    if only_unchanging {
        Ok(())
    } else {
        Err(conflict())
    }
}

async fn decide_and_append<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    actor: &Actor,
    command: A::Command,
    state: A,
    revision: Option<u64>,
) -> Result<Executed<A>, ExecuteError<A::Error>> {
    let events = state.handle(command).map_err(ExecuteError::Refused)?;
    append(store, stream, actor, events, state, revision).await
}

/// `{"type": T, "data": D}` from serde becomes the event type T with data D.
pub fn encode<A: Aggregate>(event: &A::Event, actor: &Actor) -> NewEvent {
    let mut value = serde_json::to_value(event).expect("domain events serialise");
    let event_type = value["type"].as_str().unwrap_or("Unknown").to_owned();
    let data = value.get_mut("data").map(Value::take).unwrap_or(json!({}));
    NewEvent::new(event_type, data).with_metadata(json!({
        "actor": actor.id,
        "role": actor.role,
    }))
}

pub fn decode<A: Aggregate>(recorded: &RecordedEvent) -> Result<A::Event, ExecuteError<A::Error>> {
    let value = json!({ "type": recorded.event_type, "data": recorded.data });
    serde_json::from_value(value).map_err(|e| ExecuteError::Unreadable {
        stream: recorded.stream.clone(),
        revision: recorded.revision,
        reason: e.to_string(),
    })
}
