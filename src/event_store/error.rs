//! Errors of the log. A refusal (`AppendError`, `ReadError`) means the log is healthy and said no;
//! `StoreError` means the log itself failed and the caller should answer 500.

use std::path::PathBuf;

use super::types::{ActualRevision, EventId, ExpectedRevision, StreamName};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NameError {
    #[error("a stream name must not be empty")]
    Empty,
    #[error("a stream name is limited to 512 bytes, this one has {0}")]
    TooLong(usize),
    #[error("the stream name {0:?} contains a control character")]
    ControlCharacter(String),
    #[error("the stream name {0:?} is reserved for the system")]
    Reserved(String),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the data directory {path} is in use by another wettbewerb process (a running `serve`?); stop it first"
    )]
    InUse { path: PathBuf },
    #[error("the event store at {path} could not be opened")]
    Open {
        path: PathBuf,
        #[source]
        source: sled::Error,
    },
    #[error(
        "the data directory {path} was written by a newer wettbewerb ({what} {found}, this binary knows up to {supported}); use a newer binary"
    )]
    NewerFormat {
        path: PathBuf,
        what: &'static str,
        found: u64,
        supported: u64,
    },
    #[error("the event store's storage failed")]
    Storage(#[from] sled::Error),
    #[error("the event store could not make its files durable")]
    Sync(#[from] std::io::Error),
    #[error("a stored record is unreadable at key {key}: {reason}")]
    Corrupt { key: String, reason: String },
    #[error("the event-schema migrations are invalid: {0}")]
    Migrations(String),
    #[error("the event store has shut down")]
    Closed,
    /// The log on PostgreSQL could not be reached or refused; the outcome of an append that
    /// fails so is unknown until the replica has pulled again.
    #[error("the PostgreSQL log: {0}")]
    Upstream(String),
}

#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    #[error("wrong expected version: expected {expected}, but {actual}")]
    WrongExpectedVersion {
        stream: StreamName,
        expected: ExpectedRevision,
        actual: ActualRevision,
    },
    /// A stream the decision read (not the one appended to) moved since it was read: the
    /// decision is out of date and should be taken again on fresh facts. Nothing was written.
    #[error("{stream}, read for this decision, has moved: expected {expected}, but {actual}")]
    ReadStreamMoved {
        stream: StreamName,
        expected: ExpectedRevision,
        actual: ActualRevision,
    },
    #[error("the stream {0} has been deleted for good and accepts no more events")]
    StreamDeleted(StreamName),
    #[error("the stream {0} does not exist")]
    StreamNotFound(StreamName),
    #[error("event id {event_id} is already used in stream {stream}")]
    DuplicateEventId {
        event_id: EventId,
        stream: StreamName,
    },
    #[error("invalid append: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("the stream {0} does not exist")]
    StreamNotFound(StreamName),
    #[error("the stream {0} has been deleted")]
    StreamDeleted(StreamName),
    #[error(transparent)]
    Store(#[from] StoreError),
}
