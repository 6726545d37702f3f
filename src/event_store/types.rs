//! The vocabulary of the log: stream names, ids, positions, expected revisions and records.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::error::NameError;

/// Event type of the tombstone written by a hard delete.
pub const STREAM_DELETED_TYPE: &str = "$streamDeleted";
/// Event type of a metadata change in a `$$stream` metastream.
pub const METADATA_TYPE: &str = "$metadata";
/// Metadata key holding the schema version an event was written in.
pub const SCHEMA_VERSION_KEY: &str = "$schemaVersion";

/// A writable stream name: `{category}-{id}`, or `$${stream}` for a stream's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StreamName(String);

impl StreamName {
    pub fn parse(name: impl Into<String>) -> Result<Self, NameError> {
        let name = name.into();
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if name.len() > 512 {
            return Err(NameError::TooLong(name.len()));
        }
        if name.chars().any(char::is_control) {
            return Err(NameError::ControlCharacter(name));
        }
        if name.starts_with('$') && !name.starts_with("$$") {
            return Err(NameError::Reserved(name));
        }
        if let Some(inner) = name.strip_prefix("$$")
            && (inner.is_empty() || inner.starts_with('$'))
        {
            return Err(NameError::Reserved(name));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the first `-`; streams without one and metastreams have no category.
    pub fn category(&self) -> Option<&str> {
        if self.is_metastream() {
            return None;
        }
        self.0.split_once('-').map(|(category, _)| category)
    }

    /// The part after the first `-`: the aggregate's id.
    pub fn id(&self) -> Option<&str> {
        if self.is_metastream() {
            return None;
        }
        self.0.split_once('-').map(|(_, id)| id)
    }

    pub fn is_metastream(&self) -> bool {
        self.0.starts_with("$$")
    }

    /// `$${self}`: where this stream's metadata is written.
    pub fn metastream(&self) -> StreamName {
        StreamName(format!("$${}", self.0))
    }

    /// For a metastream `$$x`, the stream `x` it describes.
    pub fn described_stream(&self) -> Option<StreamName> {
        self.0.strip_prefix("$$").map(|s| StreamName(s.to_owned()))
    }
}

impl TryFrom<String> for StreamName {
    type Error = NameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<StreamName> for String {
    fn from(value: StreamName) -> Self {
        value.0
    }
}

impl fmt::Display for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An event's id, chosen by its writer; the key of idempotent appends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(Uuid);

impl EventId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }

    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl Default for EventId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An event's place in `$all`: 0, 1, 2, … without gaps, in commit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Position(pub u64);

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What the writer expects the stream to look like before its append.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExpectedRevision {
    Any,
    NoStream,
    StreamExists,
    Exact(u64),
}

impl ExpectedRevision {
    /// The expectation that re-creates an exported event at its original revision.
    pub fn before(revision: u64) -> Self {
        match revision {
            0 => Self::NoStream,
            r => Self::Exact(r - 1),
        }
    }
}

impl fmt::Display for ExpectedRevision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any => f.write_str("any revision"),
            Self::NoStream => f.write_str("no stream"),
            Self::StreamExists => f.write_str("an existing stream"),
            Self::Exact(r) => write!(f, "revision {r}"),
        }
    }
}

/// The state of a stream as an append sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActualRevision {
    NoStream,
    /// Soft-deleted after this revision, with nothing appended since.
    SoftDeleted(u64),
    Revision(u64),
}

impl fmt::Display for ActualRevision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoStream => f.write_str("the stream does not exist"),
            Self::SoftDeleted(r) => write!(f, "the stream was deleted at revision {r}"),
            Self::Revision(r) => write!(f, "the stream is at revision {r}"),
        }
    }
}

/// An event to append.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEvent {
    pub event_id: EventId,
    pub event_type: String,
    pub data: Value,
    pub metadata: Value,
}

impl NewEvent {
    pub fn new(event_type: impl Into<String>, data: Value) -> Self {
        Self {
            event_id: EventId::new(),
            event_type: event_type.into(),
            data,
            metadata: Value::Object(Default::default()),
        }
    }

    pub fn with_id(mut self, id: EventId) -> Self {
        self.event_id = id;
        self
    }

    pub fn with_metadata(mut self, metadata: Value) -> Self {
        self.metadata = metadata;
        self
    }
}

/// An event as the log holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedEvent {
    pub stream: StreamName,
    pub revision: u64,
    pub position: Position,
    pub event_id: EventId,
    pub event_type: String,
    pub data: Value,
    pub metadata: Value,
    pub created: DateTime<Utc>,
}

/// What a successful append reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendResult {
    /// The stream's last revision after the append: the next `Exact` to expect.
    pub next_expected: u64,
    /// The `$all` position of the batch's last event.
    pub position: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forwards,
    Backwards,
}

/// Where a stream read starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadFrom {
    Start,
    End,
    /// Inclusive: a revision for stream reads, a position for `$all` and index reads.
    At(u64),
}
